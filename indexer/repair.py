"""`newsarchive check` and what `newsarchive index --repair` does about what it finds.

The check, after Lucene's CheckIndex and SQLite's integrity_check: every file of the live
generation against the manifest's record (sizes and the CRC-32 of each part, see
search.store), then a read of the index through Whoosh and the search code: every stored
article (zlib verifies each one's compressed record), every column, every posting list and
the facet tables. Checksums say which file and which part of it changed; the read says which
articles cannot be read.

What a repair does depends on where the damage is:

- only segments' stored fields: the damaged articles are re-read from their files and
  rewritten, and the damaged segments merged away (their other articles are copied as they
  are, no entity recognition);
- only the archive's decisions (entities.json): they are decided again from the index;
- anything else (postings, term index, columns, the table of contents, the manifest): the
  index is rebuilt from its roots, which the manifest (or every article's `root`) records.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from newsarchive.search.entities import RESOLUTION_FILE
from newsarchive.search.frequent import SUFFIX as FREQUENT_SUFFIX
from newsarchive.search.store import (
    MANIFEST,
    Generation,
    Problem,
    index_problems,
    live_toc,
    read_manifest,
    reading,
)

# articles named one by one in a report; more are counted
SHOW_ARTICLES = 20


def is_derived(name: str | None) -> bool:
    """A file computed from the index's own contents (the archive's resolution, a segment's
    stored postings): damaged, it is made again, with no source read."""
    return name is not None and (name == RESOLUTION_FILE or name.endswith(FREQUENT_SUFFIX))


@dataclass
class CheckReport:
    """What `newsarchive check` found in one index."""

    index_dir: Path
    gen_dir: Path | None = None
    problems: list[Problem] = field(default_factory=list)  # files that fail their record
    # damaged articles: id -> (root, path)
    articles: dict[str, tuple[str, str]] = field(default_factory=dict)
    unknown_articles: int = 0  # damaged documents whose id cannot be read either
    unreadable: list[str] = field(default_factory=list)  # what the read failed on besides
    segments: set[str] = field(default_factory=set)  # segment ids holding damaged articles
    roots: list[str] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    size: int = 0
    deep: bool = False
    unrecorded: bool = False  # the live commit's files have no recorded checksums

    @property
    def missing(self) -> bool:
        return self.gen_dir is None and not self.problems

    @property
    def ok(self) -> bool:
        return not (self.problems or self.articles or self.unknown_articles
                    or self.unreadable or self.missing)

    @property
    def kind(self) -> str:
        """"ok", "articles" (re-read some articles), "derived" (make the files computed from
        the index again: the archive's values, the stored postings) or "rebuild" (from the
        roots)."""
        if self.ok:
            return "ok"
        if self.unreadable or self.unknown_articles or self.gen_dir is None:
            return "rebuild"
        others = [p for p in self.problems if not p.stored_only and not is_derived(p.file)]
        if others:
            return "rebuild"
        if self.articles or self.segments:
            return "articles"
        return "derived"

    def fix(self) -> str:
        roots = " ".join(_quote(root) for root in self.roots) or "PATHS"
        option = f" --index {_quote(str(self.index_dir))}"
        what = {
            "articles": ("re-reads the damaged article from its file" if len(self.articles)
                         == 1 else f"re-reads the {len(self.articles)} damaged articles "
                         "from their files"),
            "derived": "makes the files computed from the index again (no entity "
                       "recognition)",
            "rebuild": f"rebuilds the index from its folders (or `newsarchive reindex "
                       f"{roots}{option}`)",
        }[self.kind]
        return f"newsarchive index --repair {roots}{option}  ({what})"

    def lines(self) -> list[str]:
        """The report, one finding a line."""
        if self.missing:
            return [f"no index at {self.index_dir}"]
        where = f"{self.gen_dir.name}/" if self.gen_dir else ""
        if self.ok:
            checked = "sizes, checksums" + (
                ", every stored article, column, posting list and the facet tables"
                if self.deep else "")
            if self.unrecorded:
                checked = checked.replace("sizes, checksums", "what is recorded")
                return [f"ok: {self.index_dir} ({where.rstrip('/')}): {self.documents} "
                        f"articles; checked {checked}; the latest commit's checksums are "
                        "not recorded (an index written before they were, or a run that "
                        "was stopped): the next `newsarchive index` records them"]
            return [f"ok: {self.index_dir} ({where.rstrip('/')}): {self.documents} articles, "
                    f"{self.files} files, {self.size / 1e6:.1f} MB; checked {checked}"]
        found = [f"damaged: {where}{problem}" for problem in self.problems]
        found += [f"damaged: {what}" for what in self.unreadable]
        ids = sorted(self.articles)
        if ids or self.unknown_articles:
            count = len(ids) + self.unknown_articles
            shown = ", ".join(ids[:SHOW_ARTICLES]) + (
                f" and {len(ids) - SHOW_ARTICLES} more" if len(ids) > SHOW_ARTICLES else "")
            found.append(f"damaged: {count} article{'s' if count != 1 else ''} cannot be read"
                         + (f": {shown}" if shown else ""))
        found.append(f"fix: {self.fix()}")
        return found


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def check_index(index_dir: Path, deep: bool = True) -> CheckReport:
    """Check the live index: its files against the manifest's record (every checksum, read
    afresh), then, with `deep` (or where only stored fields are damaged), a read of it."""
    index_dir = Path(index_dir)
    gen_dir, problems = index_problems(index_dir, full=True, fresh=True)
    report = CheckReport(index_dir, gen_dir, problems, deep=deep)
    if gen_dir is None:
        report.roots = _recorded_roots(index_dir, None)
        return report
    manifest = read_manifest(gen_dir) if not any(p.file == MANIFEST for p in problems) else {}
    report.roots = list(manifest.get("roots") or [])
    record = manifest.get("checksums") or {}
    recorded = record.get("files") or {}
    report.unrecorded = not manifest or record.get("toc") != live_toc(gen_dir)
    report.files = len(recorded) + 1
    report.size = sum(v[-1].get("size", 0) for v in recorded.values() if v)
    condemned = [p for p in problems if not p.stored_only and not is_derived(p.file)]
    if condemned:
        # the checksums already say: rebuild. Reading a file known to be damaged tells no more
        if not report.roots:
            report.roots = _recorded_roots(index_dir, gen_dir)
        return report
    stored = {p.file.removesuffix(".seg") for p in problems if p.stored_only and p.file}
    report.segments |= stored
    with contextlib.suppress(Exception):  # the read below says what
        report.documents = whoosh_index.open_dir(str(gen_dir)).doc_count()
    _read_index(report, gen_dir, deep=deep, stored_segments=stored)
    if not report.roots:
        report.roots = _recorded_roots(index_dir, gen_dir)
    return report


def _recorded_roots(index_dir: Path, gen_dir: Path | None) -> list[str]:
    """The roots of the index when its manifest cannot say: every article's `root` column,
    else the manifest of another generation."""
    if gen_dir is not None:
        try:
            with reading(index_dir, None):
                ix = whoosh_index.open_dir(str(gen_dir))
                with ix.searcher() as searcher:
                    column = searcher.reader().column_reader("root")
                    return sorted({column[n] for n in searcher.reader().all_doc_ids()})
        except Exception:  # noqa: BLE001 - damaged beyond that: fall through
            pass
    for other in sorted(Path(index_dir).glob("gen-*"), reverse=True):
        roots = read_manifest(other).get("roots")
        if roots:
            return list(roots)
    return []


def _read_index(report: CheckReport, gen_dir: Path, deep: bool,
                stored_segments: set[str]) -> None:
    """Read the index through Whoosh and the search code; what fails goes in the report.
    Without `deep`, only the stored fields of `stored_segments` are read."""
    from newsarchive.search.engine import ArchiveReader
    from newsarchive.search.entities import ArticleEntities
    from newsarchive.search.postings import leaf_readers
    from newsarchive.search.schema import SCHEMA

    try:
        ix = whoosh_index.open_dir(str(gen_dir))
        searcher = ix.searcher()
    except Exception as error:  # noqa: BLE001 - the table of contents or a segment directory
        report.unreadable.append(f"Whoosh cannot open the index ({_why(error)})")
        return
    with searcher:
        for leaf, _offset in leaf_readers(searcher):
            if leaf.segment() is None:  # Whoosh's empty reader: an index of no articles
                continue
            segment = leaf.segment().segment_id()
            if not deep and segment not in stored_segments:
                continue
            _read_stored(report, leaf, segment)
            if not deep:
                continue
            for name in SCHEMA.names():
                if not leaf.has_column(name):
                    continue
                try:
                    values = list(leaf.column_reader(name, translate=False))
                    if name == "entities":
                        for docnum in leaf.all_doc_ids():
                            ArticleEntities.from_json(values[docnum])
                except Exception as error:  # noqa: BLE001
                    report.unreadable.append(f"column {name} of segment {segment} "
                                             f"({_why(error)})")
            try:
                for fieldname, btext in leaf.all_terms():
                    for _item in leaf.postings(fieldname, btext).all_items():
                        pass
            except Exception as error:  # noqa: BLE001
                report.unreadable.append(f"postings of segment {segment} ({_why(error)})")
        if deep and not report.unreadable:
            try:  # the facet tables, dates and deletions, as a reader builds them
                generation = Generation(gen_dir, ix.latest_generation())
                ArchiveReader(ix, generation).close()
            except Exception as error:  # noqa: BLE001
                report.unreadable.append(f"the facet tables ({_why(error)})")


def _read_stored(report: CheckReport, leaf: Any, segment: str) -> None:
    """Every live article's stored fields; one that cannot be read, or whose stored id and
    hash are not its columns', is damaged."""
    try:
        columns = {name: leaf.column_reader(name) for name in ("id", "root", "path",
                                                                "content_hash")}
    except Exception as error:  # noqa: BLE001
        report.unreadable.append(f"columns of segment {segment} ({_why(error)})")
        return
    for docnum in leaf.all_doc_ids():
        try:
            article_id = columns["id"][docnum]
            where = (columns["root"][docnum], columns["path"][docnum])
        except Exception:  # noqa: BLE001
            article_id, where = None, ("", "")
        try:
            stored = leaf.stored_fields(docnum)
            intact = (stored.get("id") == article_id and stored.get("content_hash")
                      == columns["content_hash"][docnum])
        except Exception:  # noqa: BLE001
            intact = False
        if intact:
            continue
        report.segments.add(segment)
        if article_id:
            report.articles[article_id] = where
        else:
            report.unknown_articles += 1


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:160]}"
