"""The only writer of the index: incremental updates, full rebuilds with an atomic swap, one lock.

An incremental run compares each article's content hash with the one stored in the index,
so unchanged articles cost a read and a hash, never an NER pass. Work is committed every
few thousand articles: a run killed at any moment leaves the last commit readable, and the
next run picks up from there.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from indexer.article import Article, SourceError
from search.entities import ArticleEntities, resolution_info
from search.schema import FACET_FIELDS, SCHEMA_VERSION, join_values, with_pairs
from search.store import (
    live_generation,
    make_live,
    new_generation,
    read_manifest,
    write_manifest,
)
from search.whoosh_fixes import codec

COMMIT_EVERY = 5000
# Whoosh's in-memory posting buffer (by its own estimate). Above it, every posting of the
# segment goes through pickle to a temporary file and back: 5,000 Reuters articles hold
# about 1.2 million postings, about 230 MB by that estimate.
POOL_MB = 256
LOCK_FILE = "write.lock"


class IndexLocked(Exception):
    """Another newsarchive run is writing to this index."""


class IndexIncompatible(Exception):
    """The index on disk was written with another schema version."""


@dataclass
class IndexReport:
    """What one run did, for the summary line and the exit status."""

    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Any] = field(default_factory=list)  # indexer.sources.Skipped
    failed: list[SourceError] = field(default_factory=list)
    renormalized: int = 0
    aliased: int | None = None  # values the aliases file renames or hides, when it changed
    upgraded_from: int | None = None  # the older schema version of an index rebuilt on the way

    def summary(self) -> str:
        parts = [f"{self.indexed} indexed", f"{self.unchanged} unchanged",
                 f"{self.removed} removed", f"{len(self.skipped)} skipped",
                 f"{len(self.failed)} failed"]
        if self.renormalized:
            parts.append(f"{self.renormalized} re-normalized")
        if self.aliased is not None:
            plural = "" if self.aliased == 1 else "s"
            parts.append(f"aliases: {self.aliased} value{plural} renamed or hidden")
        if self.upgraded_from is not None:
            parts.append(f"rebuilt from schema version {self.upgraded_from} to "
                         f"{SCHEMA_VERSION}")
        return ", ".join(parts)

    @property
    def exit_code(self) -> int:
        """0 when every article was read; 1 when a file or record failed (the rest is in)."""
        return 1 if self.failed else 0


@contextmanager
def write_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's write lock for a whole run; the OS drops it if the process dies."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(
                f"another newsarchive run is writing to {index_dir}; "
                "wait for it to finish and run this again"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


def to_document(article: Article, root: str) -> dict[str, Any]:
    """The fields the schema stores for one article (None values are left out)."""
    doc: dict[str, Any] = {
        "id": article.id, "path": article.path, "root": root,
        "title": article.title, "body": article.body,
        "date": parse_date(article.date), "date_text": article.date,
        "author": article.author, "source": article.source, "url": article.url,
        "language": article.language,
        **facet_fields(article.entities),
        "mentions": json.dumps([list(m.stored()) for m in article.mentions], ensure_ascii=False),
        "content_hash": article.content_hash,
    }
    return {key: value for key, value in doc.items() if value is not None}


def facet_fields(entities: ArticleEntities) -> dict[str, Any]:
    """The facet fields of a document: its candidate values, and the record behind them."""
    return {**{f: join_values(entities.names(f, weak=True)) for f in FACET_FIELDS},
            "entities": entities.to_json().encode("utf-8")}


def parse_date(text: str | None) -> datetime | None:
    """ISO 8601 text -> naive UTC datetime for the index's date field (None if unreadable)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


@dataclass
class Existing:
    """What the index holds now: id -> (content hash, root, path)."""

    docs: dict[str, tuple[str, str, str]]

    @classmethod
    def read(cls, ix: whoosh_index.Index) -> Existing:
        if ix.doc_count_all() == 0:
            return cls({})
        with ix.searcher() as searcher:
            reader = searcher.reader()
            columns = {name: reader.column_reader(name)
                       for name in ("id", "content_hash", "root", "path")}
            docs = {
                columns["id"][n]: (columns["content_hash"][n], columns["root"][n],
                                   columns["path"][n])
                for n in reader.all_doc_ids()
            }
        return cls(docs)


class Writer:
    """An IndexWriter that commits every COMMIT_EVERY documents and reopens itself."""

    def __init__(self, ix: whoosh_index.Index) -> None:
        self.ix = ix
        self.pending = 0
        self.writer: IndexWriter = self._new_writer()

    def _new_writer(self) -> IndexWriter:
        return self.ix.writer(codec=codec(), limitmb=POOL_MB)

    def add(self, doc: dict[str, Any], replace: bool = True) -> None:
        """Write doc; `replace=False` skips the look-up for an older copy (a new id)."""
        doc = with_pairs(doc)  # the phrase pair fields, also for rewritten stored documents
        if replace:
            self.writer.update_document(**doc)
        else:
            self.writer.add_document(**doc)
        self._count()

    def delete(self, article_id: str) -> None:
        self.writer.delete_by_term("id", article_id)
        self._count()

    def _count(self) -> None:
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self.commit()
            self.writer = self._new_writer()

    def commit(self) -> None:
        """Commit what was added or deleted; a run that changed nothing leaves the index (and
        its table of contents) as it was, so readers and the archive's resolution need no
        update."""
        if self.pending:
            self.writer.commit()
        else:
            self.cancel()
        self.pending = 0

    def cancel(self) -> None:
        """Drop what was not committed, with the files Whoosh opened for a new segment."""
        prefix = self.writer.newsegment.segment_id()
        self.writer.cancel()
        storage = self.ix.storage
        for name in list(storage.list()):
            if name.startswith(prefix + ".") or name.startswith(prefix + "_"):
                storage.delete_file(name)


Progress = Callable[[Iterable[Article]], Iterable[Article]]


def _lazy_annotate(articles: Iterator[Article], make_extractor: Callable[[], Any]
                   ) -> Iterator[Article]:
    """Run NER only if there is at least one article to annotate (spaCy loads in seconds)."""
    first = next(articles, None)
    if first is None:
        return iter(())
    return make_extractor().annotate(chain([first], articles))


def report_failure(error: SourceError) -> None:
    print(f"error: {error}", file=sys.stderr)


def renormalize(ix: whoosh_index.Index, writer: Writer) -> int:
    """Recompute every stored article's candidate values from its stored mentions.

    For an index written by an older normalizer (``NORMALIZE_VERSION``); no NER runs. Only
    articles whose values change are rewritten. Runs inside the writer's periodic commits, so a
    killed run leaves a readable index and the next run (the manifest still has the old
    version) finishes the job.
    """
    from indexer.normalize import article_entities

    changed = 0
    with ix.searcher() as searcher:
        reader = searcher.reader()
        column = reader.column_reader("entities") if reader.has_column("entities") else None
        for docnum in list(reader.all_doc_ids()):
            stored = dict(searcher.stored_fields(docnum))
            try:
                mentions = json.loads(stored.get("mentions") or "[]")
            except ValueError:
                continue
            fields = facet_fields(article_entities(mentions))
            if column is not None and column[docnum] == fields["entities"]:
                continue
            stored.update(fields)
            writer.add({k: v for k, v in stored.items() if v is not None})
            changed += 1
    return changed


def save_resolution(ix: whoosh_index.Index, gen_dir: Path, aliases: Any) -> int | None:
    """Decide the archive's values anew (``indexer.resolve``) and save the table the readers
    apply, unless the saved one was made from this very index state, aliases and rules.

    Returns how many values the aliases file renames or hides when it changed, else None."""
    from indexer.resolve import ALIASES_REASON, RESOLVE_VERSION, resolve_index

    made_from = {"toc": ix.latest_generation(), "resolve_version": RESOLVE_VERSION,
                 "aliases_version": getattr(aliases, "version", "")}
    saved = resolution_info(gen_dir)
    if all(saved.get(key) == value for key, value in made_from.items()):
        return None
    resolution = resolve_index(ix, aliases)
    resolution.save(gen_dir, made_from)
    if saved and saved.get("aliases_version") != made_from["aliases_version"]:
        return sum(reason == ALIASES_REASON for reasons in resolution.reasons.values()
                   for reason in reasons.values())
    return None


def _older_schema(index_dir: Path, live: Path, root_keys: list[str]) -> int | None:
    """The schema version of a live index this run may rebuild in place, if older.

    An index written by an older newsarchive is rebuilt when the run is given every root it
    holds (so nothing is lost); otherwise, or when it is newer, the user is told what to do.
    """
    manifest = read_manifest(live)
    version = manifest.get("schema_version")
    if version == SCHEMA_VERSION:
        return None
    if (isinstance(version, int) and version < SCHEMA_VERSION
            and set(manifest.get("roots", [])) <= set(root_keys)):
        return version
    raise IndexIncompatible(
        f"the index at {index_dir} has schema version {version}, this newsarchive writes "
        f"{SCHEMA_VERSION}: rebuild it with `newsarchive reindex PATH...` naming every folder "
        f"it holds ({', '.join(manifest.get('roots', [])) or 'none recorded'})"
    )


def update_index(
    index_dir: Path,
    roots: list[Path],
    make_extractor: Callable[[], Any],
    *,
    rebuild: bool = False,
    progress: Progress = lambda items: items,
    on_failure: Callable[[SourceError], None] = report_failure,
    manifest_extra: dict[str, Any] | None = None,
    aliases: Any = None,
    tracker: Any = None,
) -> IndexReport:
    """Bring the index in line with the files under roots.

    Incremental by default (new and changed articles are indexed, vanished ones removed);
    with rebuild=True everything is indexed into a fresh generation that replaces the live
    one atomically at the end.

    At the end the archive's values are decided anew from every stored article
    (``indexer.resolve``: seconds, no NER) with `aliases` (indexer.aliases.Aliases) applied
    last. An index written by an older normalizer has its articles' values recomputed from
    their stored mentions first (no NER), counted as `renormalized`.
    `tracker` (indexer.progress.Progress) is advanced once per article the run gets through.
    """
    from indexer.sources import Skipped, iter_sources

    index_dir = Path(index_dir)
    report = IndexReport()
    root_keys = [str(Path(root).resolve()) for root in roots]
    with write_lock(index_dir):
        live = live_generation(index_dir)
        if live is not None and not rebuild:
            report.upgraded_from = _older_schema(index_dir, live, root_keys)
            rebuild = report.upgraded_from is not None
        gen_dir = new_generation(index_dir) if rebuild or live is None else live
        if live is None and not rebuild:
            make_live(index_dir, gen_dir)
        ix = whoosh_index.open_dir(str(gen_dir))
        existing = Existing.read(ix).docs
        from indexer.normalize import NORMALIZE_VERSION

        stale_values = bool(existing) and read_manifest(gen_dir).get(
            "normalize_version") != NORMALIZE_VERSION
        seen: set[str] = set()
        failed_files: set[tuple[str, str]] = set()
        advance = tracker.advance if tracker is not None else (lambda n=1: None)

        def to_annotate() -> Iterator[Article]:
            clean = None
            for root, root_key in zip(roots, root_keys, strict=True):
                for item in iter_sources(Path(root)):
                    if isinstance(item, Skipped):
                        report.skipped.append(item)
                        continue
                    if isinstance(item, SourceError):
                        report.failed.append(item)
                        failed_files.add((root_key, item.path))
                        on_failure(item)
                        advance()
                        continue
                    seen.add(item.id)
                    digest = item.content_hash()
                    old = existing.get(item.id)
                    if old is not None and old[0] == digest and old[1] == root_key:
                        report.unchanged += 1
                        advance()
                        continue
                    if clean is None:  # cleaning pulls in the HTML tool chain: only when needed
                        from indexer.clean import clean
                    try:
                        article = clean(item)
                    except SourceError as error:
                        report.failed.append(error)
                        failed_files.add((root_key, item.path))
                        on_failure(error)
                        advance()
                        continue
                    article.content_hash = digest
                    article.path = item.path
                    roots_of[article.id] = root_key
                    yield article

        roots_of: dict[str, str] = {}
        writer = Writer(ix)
        try:
            if stale_values:
                report.renormalized = renormalize(ix, writer)
            for article in progress(_lazy_annotate(to_annotate(), make_extractor)):
                writer.add(to_document(article, roots_of.pop(article.id)),
                           replace=article.id in existing)
                report.indexed += 1
                advance()
            for article_id, (_, root_key, path) in existing.items():
                if (root_key in root_keys and article_id not in seen
                        and (root_key, path) not in failed_files):
                    writer.delete(article_id)
                    report.removed += 1
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        report.aliased = save_resolution(ix, gen_dir, aliases)
        manifest = read_manifest(gen_dir)
        manifest.update(manifest_extra or {})
        manifest.update({
            "normalize_version": NORMALIZE_VERSION,
            "schema_version": SCHEMA_VERSION,
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
            "roots": sorted(set(manifest.get("roots", [])) | set(root_keys)),
        })
        write_manifest(gen_dir, manifest)
        if rebuild:
            make_live(index_dir, gen_dir)
    return report
