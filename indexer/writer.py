"""The only writer of the index: incremental updates, full rebuilds with an atomic swap, one lock.

An incremental run compares each article's content hash with the one stored in the index,
so unchanged articles cost a read and a hash, never an NER pass. Work is committed every
few thousand articles: a run killed at any moment leaves the last commit readable, and the
next run picks up from there.

After each commit the manifest records every file's size and checksums (search.store). Each
run first checks the files against that record (sizes and checksums: a few hundred MB a
second) and repairs what it finds (indexer.repair): damaged articles are re-read from their
files, a damaged index is rebuilt from its roots. `repair=True` also reads the whole index.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import IndexWriter

from newsarchive.indexer.article import Article, RawArticle, SourceError, printable_name
from newsarchive.indexer.merging import segments_to_merge
from newsarchive.indexer.stamps import SourceStamps
from newsarchive.search import frequent
from newsarchive.search.entities import RESOLUTION_FILE, ArticleEntities, resolution_info
from newsarchive.search.schema import FACET_FIELDS, SCHEMA_VERSION, join_values, with_derived_fields
from newsarchive.search.store import (
    file_record,
    live_generation,
    make_live,
    new_generation,
    read_manifest,
    reading,
    record_checksums,
    write_manifest,
)
from newsarchive.search.whoosh_fixes import codec

log = logging.getLogger(__name__)

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


class RootsOverlap(Exception):
    """A folder to index lies inside another one given or held: its files would be two
    articles each, under two ids (an id is the path relative to its folder)."""


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
    repaired: str | None = None  # what a repair of a damaged index did
    merges_due: bool = False  # a tier is due a merge larger than the run (indexer.optimize)
    # folders (or files) the index holds articles of that are not there any more, and how
    # many articles each still has: kept (a drive may be unplugged), and said
    absent_roots: dict[str, int] = field(default_factory=dict)

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
        if self.repaired:
            parts.append(f"repaired: {self.repaired}")
        return ", ".join(parts)

    @property
    def exit_code(self) -> int:
        """0 when every article was read; 1 when a file or record failed (the rest is in)."""
        return 1 if self.failed else 0


MERGE_HOLDER = "merge"  # the lock file's word for `optimize` switching in a merged segment


@contextmanager
def write_lock(index_dir: Path, *, holder: str = "index", wait: bool = False
               ) -> Iterator[None]:
    """Hold the index's write lock; the OS drops it if the process dies.

    An `index` run holds it throughout and fails at once if another run holds it; it waits
    for `optimize`, which holds it only for the seconds of switching in a merged segment.
    `wait=True` (optimize) waits for any holder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            if not wait and MERGE_HOLDER not in handle.read().split():
                raise IndexLocked(
                    f"another newsarchive run is writing to {index_dir}; "
                    "wait for it to finish and run this again"
                ) from None
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {holder}\n")
        handle.flush()
        yield


def to_document(article: Article, root: str) -> dict[str, Any]:
    """The fields the schema stores for one article (None values are left out)."""
    doc: dict[str, Any] = {
        "id": article.id, "path": article.path, "root": root,
        "title": article.title, "body": article.body,
        "date": parse_date(article.date), "date_text": article.date,
        "author": article.author, "source": article.source, "url": article.url,
        "language": article.language, "extracted_by": article.extracted_by or None,
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
    """ISO 8601 text -> the index's date field: the day and time the article states, its
    zone left off (None if unreadable). A story of 2021-01-01T23:30:00-05:00 is of January 1,
    as it is shown; in UTC it was of January 2, and --from/--to, date: and the chart found it
    on a day it does not show (schema 10)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.replace(tzinfo=None)


@dataclass
class Existing:
    """What the index holds now: id -> (content hash, root, path)."""

    docs: dict[str, tuple[str, str, str]]

    @classmethod
    def read(cls, ix: whoosh_index.Index) -> Existing:
        """Each segment's columns read in order (twice as fast as a look-up per document:
        0.2 s at 100,000 articles), its deleted documents left out."""
        docs: dict[str, tuple[str, str, str]] = {}
        if ix.doc_count_all() == 0:
            return cls(docs)
        with ix.searcher() as searcher:
            for leaf, _offset in searcher.reader().leaf_readers():
                ids, hashes, roots, paths = (list(leaf.column_reader(name)) for name in
                                             ("id", "content_hash", "root", "path"))
                deleted = leaf.is_deleted if leaf.has_deletions() else None
                for number, article_id in enumerate(ids):
                    if deleted is None or not deleted(number):
                        docs[article_id] = (hashes[number], roots[number], paths[number])
        return cls(docs)


class Writer:
    """An IndexWriter that commits every COMMIT_EVERY documents and reopens itself, and
    records the files' checksums after each commit.

    `merge_away`: ids of damaged segments that the first commit rewrites without their
    deleted (damaged) documents, so no damaged byte stays in the index."""

    def __init__(self, ix: whoosh_index.Index, merge_away: set[str] | None = None) -> None:
        self.ix = ix
        self.pending = 0
        self.written = 0  # documents this run added: what its merges may rewrite
        self.merge_away = set(merge_away or ())
        self.writer: IndexWriter = self._new_writer()

    def _new_writer(self) -> IndexWriter:
        return self.ix.writer(codec=codec(), limitmb=POOL_MB)

    def add(self, doc: dict[str, Any], replace: bool = True) -> None:
        """Write doc; `replace=False` skips the look-up for an older copy (a new id)."""
        doc = with_derived_fields(doc)  # pairs and name forms, also for rewritten documents
        if replace:
            self.writer.update_document(**doc)
        else:
            self.writer.add_document(**doc)
        self.written += 1
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
        if self.pending or self.merge_away:
            self.writer.commit(mergetype=self._merge)
            self.merge_away = set()
            record_checksums(Path(self.ix.storage.folder))
        else:
            self.cancel()
        self.pending = 0

    def _merge(self, writer: IndexWriter, segments: list[Any]) -> list[Any]:
        """The segments in merge_away rewritten, then the merge policy (MERGE_POLICY) within
        the documents this run wrote."""
        merging = MergingWriter(writer)
        damaged = [s for s in segments if s.segment_id() in self.merge_away]
        merge_into(merging, damaged)
        return MERGE_POLICY(merging, [s for s in segments if s not in damaged], self.written)

    def cancel(self) -> None:
        """Drop what was not committed, with the files Whoosh opened for a new segment."""
        prefix = self.writer.newsegment.segment_id()
        self.writer.cancel()
        storage = self.ix.storage
        for name in list(storage.list()):
            if name.startswith(prefix + ".") or name.startswith(prefix + "_"):
                storage.delete_file(name)


def merge_into(writer: Any, segments: list[Any], storage: Any = None) -> None:
    """Copy the live documents of segments (in `storage`, by default the writer's) into the
    segment the writer writes."""
    from whoosh.reading import SegmentReader

    for segment in segments:
        reader = SegmentReader(storage or writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()


def merge_tiered(writer: Any, segments: list[Any], budget: int | None = None) -> list[Any]:
    """indexer.merging's tiered policy as a Whoosh merge type: the chosen segments (at most
    `budget` documents) are merged into the commit's new segment; returns the segments kept
    as they are."""
    chosen = segments_to_merge(segments, budget)
    merge_into(writer, chosen)
    return [segment for segment in segments if segment not in chosen]


# How a commit merges segments: (writer, segments, budget) -> segments kept. Whoosh's
# MERGE_SMALL left each daily run's segment unmerged (bench/growth.py measures both).
MERGE_POLICY: Callable[[Any, list[Any], int], list[Any]] = merge_tiered


class MergingWriter:
    """A writer for Whoosh's merge policy whose add_reader copies a segment's postings with
    their values as bytes: a presence-only posting (the pair fields) reads back its value as
    "" where the writer's pool wants b"", so merging segments failed (Whoosh's 6th small
    commit merges the smaller ones)."""

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)

    def add_reader(self, reader: Any) -> None:
        postings = reader.iter_postings

        def iter_postings() -> Iterator[tuple[Any, ...]]:
            for fieldname, btext, docnum, weight, value in postings():
                yield (fieldname, btext, docnum, weight,
                       value.encode("latin-1") if isinstance(value, str) else value)

        reader.iter_postings = iter_postings
        self._writer.add_reader(reader)


Progress = Callable[[Iterable[Article]], Iterable[Article]]


def _lazy_annotate(articles: Iterator[Article], make_extractor: Callable[[], Any]
                   ) -> Iterator[Article]:
    """Run NER only if there is at least one article to annotate (spaCy loads in seconds)."""
    first = next(articles, None)
    if first is None:
        return iter(())
    return make_extractor().annotate(chain([first], articles))


def report_failure(error: SourceError) -> None:
    """Name the file (or record) and the reason in the log; the run goes on."""
    log.error("%s", error)


def renormalize(ix: whoosh_index.Index, writer: Writer) -> int:
    """Recompute every stored article's candidate values from its stored mentions.

    For an index written by an older normalizer (``NORMALIZE_VERSION``); no NER runs. Only
    articles whose values change are rewritten. Runs inside the writer's periodic commits, so a
    killed run leaves a readable index and the next run (the manifest still has the old
    version) finishes the job.
    """
    from newsarchive.indexer.normalize import article_entities
    from newsarchive.indexer.normalize.history import article_day

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
            fields = facet_fields(article_entities(mentions, article_day(stored.get("date"))))
            if column is not None and column[docnum] == fields["entities"]:
                continue
            stored.update(fields)
            writer.add({k: v for k, v in stored.items() if v is not None})
            changed += 1
    return changed


def save_resolution(ix: whoosh_index.Index, gen_dir: Path, aliases: Any) -> int | None:
    """Decide the archive's values anew (``indexer.resolve``) and save the table the readers
    apply, unless the saved one was made from this very index state, aliases and rules. What
    each segment gave the resolution is kept in the generation (``indexer.resolve.cache``), so
    a small run reads only its new segment.

    Returns how many values the aliases file renames or hides when it changed, else None."""
    from newsarchive.indexer.resolve import (
        ALIASES_REASON,
        CACHE_DIR,
        RESOLVE_VERSION,
        resolve_index,
    )

    made_from = {"toc": ix.latest_generation(), "resolve_version": RESOLVE_VERSION,
                 "aliases_version": getattr(aliases, "version", "")}
    saved = resolution_info(gen_dir)
    if all(saved.get(key) == value for key, value in made_from.items()):
        return None
    resolution = resolve_index(ix, aliases, cache_dir=gen_dir / CACHE_DIR)  # per generation
    # saved beside the live table first: the manifest then accepts both, so a reader that
    # opens in between never takes the new table for damage
    staging = gen_dir / ".staging"
    staging.mkdir(exist_ok=True)
    resolution.save(staging, made_from)
    staged = staging / RESOLUTION_FILE
    record_checksums(gen_dir, also={RESOLUTION_FILE: file_record(staged)})
    os.replace(staged, gen_dir / RESOLUTION_FILE)
    staging.rmdir()
    record_checksums(gen_dir)
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


@dataclass(frozen=True)
class Change:
    """One article the index does not hold as it is: new, changed, found under another root,
    or damaged in the index (read again). What the scan hands on to the apply step."""

    raw: RawArticle
    root_key: str  # the resolved root it was found under, stored as the article's root
    content_hash: str


def clean_change(change: Change) -> Article:
    """The cleaned article of one change (raises SourceError naming its file). Runs where the
    cleaning runs: in this process, or on a Dask worker (indexer.dask_workers)."""
    from newsarchive.indexer.clean import clean  # the HTML tool chain: only when needed

    article = clean(change.raw)
    article.content_hash = change.content_hash
    article.path = change.raw.path
    return article


def _held_file(root_key: str, path: str) -> Path:
    """The file a path relative to a root names (a root may be one file)."""
    root = Path(root_key)
    return root / path if root.is_dir() else root


def _still_there(root_key: str, path: str) -> bool:
    """Whether the file the index read an article from still exists (a folder renamed or
    moved away is not: its articles move with their ids to the folder indexed now)."""
    return _held_file(root_key, path).exists()


@dataclass
class Scan:
    """The sources against what the index holds: a lazy walk that yields the changes.

    It reads files and writes nothing. Its state is kept here, explicitly: the ids seen, the
    files that failed (their articles are kept, not removed), the skipped files, the count of
    unchanged articles, and the root of each change handed on but not yet written (`pending`).
    Each unchanged or failed article advances progress (`advance`); the apply step advances
    it for each article written. `removed()` is only valid once `changes()` is exhausted.
    With `stamps` (indexer.stamps), a file unchanged since a run read it is not read again:
    its articles in the index count as seen and unchanged.
    """

    roots: list[Path]
    existing: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # Existing.docs
    root_keys: list[str] = field(default_factory=list)  # default: each root, resolved
    on_failure: Callable[[SourceError], None] = report_failure
    on_skip: Callable[[Any], None] = lambda skipped: None  # indexer.sources.Skipped
    advance: Callable[..., None] = lambda n=1: None
    stamps: SourceStamps | None = None
    seen: set[str] = field(default_factory=set, init=False)
    articles: Counter[tuple[str, str]] = field(default_factory=Counter, init=False)  # per file
    failed_files: set[tuple[str, str]] = field(default_factory=set, init=False)
    unread_folders: set[tuple[str, str]] = field(default_factory=set, init=False)  # "." root
    skipped: list[Any] = field(default_factory=list, init=False)
    failed: list[SourceError] = field(default_factory=list, init=False)
    unchanged: int = field(default=0, init=False)
    pending: dict[str, str] = field(default_factory=dict, init=False)  # article id -> root key
    complete: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.roots = [Path(root) for root in self.roots]
        if not self.root_keys:
            self.root_keys = [str(root.resolve()) for root in self.roots]

    def changes(self) -> Iterator[Change]:
        """Walk every root once, in order: each article whose input differs from the index's."""
        from newsarchive.indexer.sources import (
            Skipped,
            SourceWarning,
            UnchangedFile,
            UnreadableFolder,
            iter_sources,
        )

        by_file = self._ids_by_file() if self.stamps is not None else {}
        for root, root_key in zip(self.roots, self.root_keys, strict=True):
            for item in iter_sources(root, self._unchanged_check(root_key, by_file)):
                if isinstance(item, UnchangedFile):
                    ids = by_file.get((root_key, item.path), [])
                    self.seen.update(ids)
                    self.articles[(root_key, item.path)] = len(ids)
                    self.unchanged += len(ids)
                    self.advance(len(ids))
                    continue
                if isinstance(item, SourceWarning):  # the file is read all the same
                    log.warning("%s: %s", printable_name(str(self._shown(root_key, item.path))),
                                item.reason)
                    continue
                if isinstance(item, Skipped):
                    item = Skipped(str(self._shown(root_key, item.path)), item.reason)
                    self.skipped.append(item)
                    self.on_skip(item)
                    continue
                if isinstance(item, UnreadableFolder):
                    self.unread_folders.add((root_key, item.path))
                if isinstance(item, SourceError):
                    self.fail(root_key, item)
                    continue
                if item.id in self.seen:  # another root of this run has this relative path
                    self.fail(root_key, self._same_id(root, item), item.path)
                    continue
                old = self.existing.get(item.id)
                if old is not None and old[1] != root_key and _still_there(old[1], old[2]):
                    self.fail(root_key, self._held_id(root, item, old[1], old[2]), item.path)
                    continue
                self.seen.add(item.id)
                self.articles[(root_key, item.path)] += 1
                digest = item.content_hash()
                if old is not None and old[0] == digest and old[1] == root_key:
                    self.unchanged += 1
                    self.advance()
                    continue
                self.pending[item.id] = root_key
                yield Change(item, root_key, digest)
        self.complete = True

    def _same_id(self, root: Path, item: RawArticle) -> SourceError:
        """The error for an article whose id an earlier root of this run gave already."""
        here = root / item.path if root.is_dir() else root
        first = next((str(other / item.path) for other in self.roots
                      if other.is_dir() and other != root and (other / item.path).exists()),
                     "another folder given")
        return SourceError(str(here), f"not indexed: its article id {item.id!r} is that of "
                           f"{first} (an id is the path relative to the folder given to "
                           "index; index their common parent folder instead)",
                           record=item.record_id)

    @staticmethod
    def _held_id(root: Path, item: RawArticle, held_root: str, held_path: str
                 ) -> SourceError:
        """The error for an article whose id the index holds for a file of another folder,
        still there (two runs on two folders each holding "x.txt": the second replaced the
        first's article)."""
        here = root / item.path if root.is_dir() else root
        return SourceError(str(here), f"not indexed: its article id {item.id!r} is that of "
                           f"{_held_file(held_root, held_path)}, which this index holds (an "
                           "id is the path relative to the folder given to index; `newsarchive "
                           "reindex` their common parent folder instead)",
                           record=item.record_id)

    def _ids_by_file(self) -> dict[tuple[str, str], list[str]]:
        by_file: dict[tuple[str, str], list[str]] = {}
        for article_id, (_, root_key, path) in self.existing.items():
            by_file.setdefault((root_key, path), []).append(article_id)
        return by_file

    def _unchanged_check(self, root_key: str, by_file: dict[tuple[str, str], list[str]]
                         ) -> Callable[[Path, str], bool] | None:
        """The walk's test for a file to skip: its stamp, and every article of it held
        (none due to be read again, as a repair marks them with an empty hash)."""
        stamps = self.stamps
        if stamps is None:
            return None

        def unchanged(path: Path, rel: str) -> bool:
            ids = by_file.get((root_key, rel), [])
            held = -1 if any(not self.existing[i][0] for i in ids) else len(ids)
            return stamps.unchanged((root_key, rel), path, held)
        return unchanged

    def save_stamps(self, gen_dir: Path) -> None:
        """Record the stamps of the files read whole (after the run's commit)."""
        if self.stamps is not None and self.complete:
            self.stamps.save(gen_dir, self.articles, self.failed_files, self.root_keys)

    def fail(self, root_key: str, error: SourceError, path: str | None = None) -> None:
        """Report a file (or record) that failed; the walk goes on, its articles are kept.
        `path`: the file's path relative to its root, when the error names it otherwise;
        without it, the error's relative path is reported as given (folder/sub/x.json: with
        several folders given, "x.json" could be any of theirs)."""
        if path is None:
            path = error.path
            error = self._as_given(root_key, error)
        self.failed.append(error)
        self.failed_files.add((root_key, path))
        self.on_failure(error)
        self.advance()

    def _as_given(self, root_key: str, error: SourceError) -> SourceError:
        """The error with its file's path as the root was given."""
        return type(error)(str(self._shown(root_key, error.path)), error.reason, error.record)

    def _shown(self, root_key: str, path: str) -> Path:
        """A path relative to a root as the user wrote the root ("." and a file root: the
        root itself)."""
        root = self.roots[self.root_keys.index(root_key)]
        return root if path == "." else _held_file(str(root), path)

    def drop(self, change: Change, error: SourceError) -> None:
        """A change that could not be cleaned: reported, and not written."""
        self.pending.pop(change.raw.id, None)
        self.fail(change.root_key, error)

    def cleaned(self, changes: Iterable[Change]) -> Iterator[Article]:
        """Each change's article cleaned in this process; a failure is reported (`drop`)."""
        for change in changes:
            try:
                article = clean_change(change)
            except SourceError as error:
                self.drop(change, error)
                continue
            yield article

    def say_warnings(self, article: Article, root_key: str) -> None:
        """Log what cleaning noted of an article, naming its file as the root was given
        (here, whichever process or Dask worker cleaned it)."""
        record = article.id.partition("#")[2]
        where = printable_name(str(self._shown(root_key, article.path))
                               + (f"#{record}" if record else ""))
        for warning in article.warnings:
            log.warning("%s: %s", where, warning)

    def take(self, article_id: str) -> str:
        """The root key of a change being written (once per change)."""
        return self.pending.pop(article_id)

    def absent_roots(self) -> dict[str, int]:
        """The other folders the index holds articles of that are gone, with the number of
        those articles not moved to a folder of this run (a folder renamed: the files still
        in it move with their ids; those deleted meanwhile stay under the old name)."""
        left: Counter[str] = Counter(
            root_key for article_id, (_, root_key, _) in self.existing.items()
            if root_key not in self.root_keys and article_id not in self.seen)
        return {root: count for root, count in sorted(left.items())
                if not Path(root).exists()}

    def removed(self) -> Iterator[str]:
        """Ids the index holds under these roots whose article is gone (not failed)."""
        if not self.complete:
            raise RuntimeError("the scan must be complete before removing articles")
        for article_id, (_, root_key, path) in self.existing.items():
            if (root_key in self.root_keys and article_id not in self.seen
                    and (root_key, path) not in self.failed_files
                    and not self._in_unread_folder(root_key, path)):
                yield article_id

    def _in_unread_folder(self, root_key: str, path: str) -> bool:
        return bool(self.unread_folders) and any(
            (root_key, folder.as_posix()) in self.unread_folders
            for folder in PurePosixPath(path).parents)


# Turns a scan's changes into annotated articles, in order (cleaning, NER, mentions, facets):
# this process and its worker processes (annotate_locally), or a Dask cluster
# (indexer.dask_workers.DaskAnnotator). A change that fails is reported with `scan.drop`.
Annotator = Callable[[Scan, Iterator[Change]], Iterator[Article]]


def annotate_locally(make_extractor: Callable[[], Any]) -> Annotator:
    """Clean here; NER here or in the extractor's worker processes (indexer.ner_workers)."""
    def annotate(scan: Scan, changes: Iterator[Change]) -> Iterator[Article]:
        return _lazy_annotate(scan.cleaned(changes), make_extractor)
    return annotate


@dataclass
class Target:
    """Where a run writes, decided under the lock: the generation, whether it is a fresh one
    replacing the live one at the end, the roots to read (the run's, and those a repair
    needs) and what a repair re-reads."""

    gen_dir: Path
    rebuild: bool
    roots: list[Path]
    root_keys: list[str]
    damaged: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (root, path)
    merge_away: set[str] = field(default_factory=set)  # damaged segments to rewrite


def distinct_roots(roots: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The roots and their resolved keys, a folder given twice once (the first time)."""
    kept: dict[str, Path] = {}
    for root in roots:
        kept.setdefault(str(Path(root).resolve()), Path(root))
    return list(kept.values()), list(kept)


def refuse_overlap(roots: list[Path], root_keys: list[str], held: Iterable[str]) -> None:
    """Raise RootsOverlap when a root lies inside another root of the run, or inside or
    around a root the index holds (a later run of a subfolder would index its files again)."""
    given = [Path(key) for key in root_keys]
    for root, key in zip(roots, given, strict=True):
        for other, other_key in zip(roots, given, strict=True):
            if key != other_key and key.is_relative_to(other_key):
                raise RootsOverlap(
                    f"{root} is inside {other}, also given: its files would be indexed twice, "
                    f"under two ids; give only {other}")
    for key_text in held:
        held_key = Path(key_text)
        for root, key in zip(roots, given, strict=True):
            if key != held_key and key.is_relative_to(held_key):
                raise RootsOverlap(
                    f"{root} is inside {held_key}, which this index holds: run `newsarchive "
                    f"index {held_key}` (its unchanged files are not read again)")
            if key != held_key and held_key.is_relative_to(key):
                raise RootsOverlap(
                    f"{root} holds {held_key}, which this index holds with ids relative to "
                    f"it: its files would be indexed twice; `newsarchive reindex` with every "
                    f"folder to keep rebuilds the index with ids relative to {root}")


def _choose_target(index_dir: Path, roots: list[Path], *, rebuild: bool, repair: bool,
                   report: IndexReport) -> Target:
    """Check (and plan the repair of) the index, upgrade an older schema by a rebuild, and
    choose the generation to write into (a new one for a rebuild or a first run)."""
    from newsarchive.indexer.repair import check_index

    roots, root_keys = distinct_roots(roots)
    live = live_generation(index_dir)
    held = [] if rebuild or live is None else read_manifest(live).get("roots", [])
    refuse_overlap(roots, root_keys, held)
    damaged: dict[str, tuple[str, str]] = {}
    merge_away: set[str] = set()
    if not rebuild:
        found = check_index(index_dir, deep=repair)
        kind = "ok" if found.missing else found.kind
        needed = {"rebuild": found.roots,
                  "articles": sorted({root for root, _ in found.articles.values()})
                  }.get(kind, [])
        absent = [root for root in needed if not Path(root).is_dir()]
        if absent:
            raise IndexIncompatible(
                f"the index at {index_dir} is damaged ({'; '.join(found.lines()[:-1])}) "
                f"and its articles must be read again from {', '.join(absent)}, which "
                "is not there: run `newsarchive reindex PATH...` with the folders to keep")
        for root in needed:
            if root not in root_keys:
                roots.append(Path(root))
                root_keys.append(root)
        if kind == "rebuild":
            rebuild = True
            report.repaired = (f"the damaged index was rebuilt from "
                               f"{len(root_keys)} folder{'s' if len(root_keys) > 1 else ''}")
        elif kind == "articles":
            damaged, merge_away = dict(found.articles), set(found.segments)
        elif kind == "derived":  # made again by _finish
            for problem in found.problems:
                (found.gen_dir / str(problem.file)).unlink(missing_ok=True)
            report.repaired = "the index's damaged derived files were made again"
    if live is not None and not rebuild:
        report.upgraded_from = _older_schema(index_dir, live, root_keys)
        rebuild = report.upgraded_from is not None
    gen_dir = new_generation(index_dir) if rebuild or live is None else live
    if live is None and not rebuild:
        make_live(index_dir, gen_dir)
    return Target(gen_dir, rebuild, roots, root_keys, damaged, merge_away)


def apply_changes(ix: whoosh_index.Index, target: Target, scan: Scan, annotator: Annotator, *,
                  progress: Progress, renormalize_first: bool, report: IndexReport) -> int:
    """Write the scan's changes (annotated by `annotator`) and its removals, after the repair's
    deletes and a re-normalization if due; commit. Returns how many damaged articles were
    read again. Uncommitted work is dropped on any error (the last commit stays readable)."""
    writer = Writer(ix, target.merge_away)
    reread = 0
    try:
        for article_id in target.damaged:  # never copied when their segment is rewritten
            writer.delete(article_id)
        if renormalize_first:
            report.renormalized = renormalize(ix, writer)
        for article in progress(annotator(scan, scan.changes())):
            root_key = scan.take(article.id)
            scan.say_warnings(article, root_key)
            writer.add(to_document(article, root_key), replace=article.id in scan.existing)
            report.indexed += 1
            reread += article.id in target.damaged
            scan.advance()
        for article_id in scan.removed():
            writer.delete(article_id)
            report.removed += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return reread


def _finish(ix: whoosh_index.Index, index_dir: Path, target: Target, *, aliases: Any,
            manifest_extra: dict[str, Any] | None, report: IndexReport) -> None:
    """The archive's decisions, the manifest and its checksums; then the swap of a rebuild."""
    from newsarchive.indexer.normalize import NORMALIZE_VERSION

    report.aliased = save_resolution(ix, target.gen_dir, aliases)
    manifest = read_manifest(target.gen_dir)
    manifest.update(manifest_extra or {})
    manifest.update({
        "normalize_version": NORMALIZE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        "roots": sorted(set(manifest.get("roots", [])) | set(target.root_keys)),
    })
    write_manifest(target.gen_dir, manifest)
    frequent.write_missing(target.gen_dir)  # large new segments' decoded postings
    record_checksums(target.gen_dir)
    if target.rebuild:
        make_live(index_dir, target.gen_dir)


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
    repair: bool = False,
    annotator: Annotator | None = None,
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

    Before writing, the index's files are checked against their recorded checksums; damage
    is repaired (indexer.repair): damaged articles are re-read and rewritten, or the index is
    rebuilt from its roots (which are added to `roots`). `repair=True` also reads the whole
    index to find damage the checksums cannot (an index written before they were recorded).

    The run is a scan (`Scan`: the sources against the index, lazily) and an apply step
    (`apply_changes`): `annotator` cleans and annotates the changes, by default in this
    process and the extractor's worker processes (`annotate_locally(make_extractor)`);
    indexer.dask_workers.DaskAnnotator sends them to a Dask cluster. Either way this
    process is the one writer.
    """
    from newsarchive.indexer.normalize import NORMALIZE_VERSION

    index_dir = Path(index_dir)
    report = IndexReport()
    with write_lock(index_dir):
        target = _choose_target(index_dir, list(roots), rebuild=rebuild, repair=repair,
                                report=report)
        with reading(index_dir, target.gen_dir):  # damage the checksums could not see
            ix = whoosh_index.open_dir(str(target.gen_dir))
            existing = Existing.read(ix).docs
        for article_id, (root_key, path) in target.damaged.items():
            if article_id in existing:  # looks changed: read again from its file
                existing[article_id] = ("", root_key, path)
        stale_values = bool(existing) and read_manifest(target.gen_dir).get(
            "normalize_version") != NORMALIZE_VERSION
        scan = Scan(target.roots, existing, root_keys=target.root_keys, on_failure=on_failure,
                    advance=tracker.advance if tracker is not None else (lambda n=1: None),
                    stamps=SourceStamps.read(target.gen_dir))
        reread = apply_changes(ix, target, scan, annotator or annotate_locally(make_extractor),
                               progress=progress, renormalize_first=stale_values,
                               report=report)
        scan.save_stamps(target.gen_dir)
        report.skipped, report.failed, report.unchanged = scan.skipped, scan.failed, scan.unchanged
        report.absent_roots = scan.absent_roots()
        if target.merge_away:
            lost = len(target.damaged) - reread
            report.repaired = (("1 damaged article re-read from its file" if reread == 1
                                else f"{reread} damaged articles re-read from their files")
                               + (f", {lost} could not be (removed)" if lost else ""))
        _finish(ix, index_dir, target, aliases=aliases, manifest_extra=manifest_extra,
                report=report)
        report.merges_due = bool(due_merge(target.gen_dir))
    return report


def due_merge(gen_dir: Path) -> list[Any]:
    """The generation's segments the tiered policy would merge now, whatever their size
    (what `optimize` merges)."""
    return segments_to_merge(whoosh_index.open_dir(str(gen_dir))._segments())
