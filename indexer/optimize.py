"""Merging an index's due segments outside the `index` run, while the index answers and an
`index` run may write.

A small daily run must not pay for rewriting a tier of the archive: on a 100,000-article
archive, a run of 1,000 that merged ten segments of 10,000 took 164 s against 7 s of entity
recognition (issue 18). So a commit merges only as many documents as its run wrote
(indexer.merging) and the CLI's `index` starts `newsarchive optimize` in the background when
a larger merge is due. The merge works as Lucene's concurrent merges do: segments never
change once written, so the chosen ones are copied into a new segment in a staging folder
without the index's write lock; only the switch takes it. Articles deleted from the chosen
segments meanwhile are deleted from the merged one too, its file moves into the generation
and a new table of contents lists it instead of them. Readers keep the segments they opened
(memory-mapped) until they reopen. A merge the index moved away from (a reindex swapped in
another generation, a repair rewrote a chosen segment) is dropped.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.writing import SegmentWriter

from newsarchive.indexer.merging import segments_to_merge
from newsarchive.indexer.writer import (
    MERGE_HOLDER,
    POOL_MB,
    MergingWriter,
    merge_into,
    write_lock,
)
from newsarchive.search import frequent
from newsarchive.search.store import live_generation, reading, record_checksums
from newsarchive.search.whoosh_fixes import codec

MERGE_LOCK_FILE = "merge.lock"
QUEUE_LOCK_FILE = "merge-queue.lock"  # held by an optimize waiting for merge.lock
STAGING = ".merging"  # in the generation: Whoosh's clean-up skips names with a dot
LOG_FILE = "optimize.log"


class MergeRunning(Exception):
    """Another `optimize` is merging this index."""


class MergeQueued(MergeRunning):
    """Another `optimize` is merging this index and one more is waiting its turn."""


@dataclass
class MergeReport:
    """What one `optimize` did."""

    merges: int = 0
    documents: int = 0  # documents rewritten
    segments_before: int = 0
    segments_after: int = 0
    dropped: list[str] = field(default_factory=list)  # why a merge was dropped

    def summary(self) -> str:
        if not self.merges and not self.dropped:
            return f"no merge due ({self.segments_after} segments)"
        parts = [f"{self.merges} merge{'s' if self.merges != 1 else ''} of "
                 f"{self.documents} articles", f"segments {self.segments_before} -> "
                 f"{self.segments_after}"]
        parts += [f"dropped: {why}" for why in self.dropped]
        return ", ".join(parts)


@dataclass
class _Source:
    """A chosen segment as the merge copied it: which documents were live then."""

    segment_id: str
    deleted: frozenset[int]
    doc_count_all: int
    first: int  # the merged segment's number of its first copied document


@dataclass
class _Staged:
    segment: Any  # Whoosh's merged segment, its files in the staging folder
    sources: list[_Source]


class _StagingIndex:
    """What Whoosh's SegmentWriter reads of an index, with the staging folder as storage:
    the merged segment's files are written there, out of reach of the clean-up a concurrent
    commit runs over the generation."""

    def __init__(self, storage: FileStorage, indexname: str, toc: TOC) -> None:
        self.storage, self.indexname, self._toc = storage, indexname, toc

    def _read_toc(self) -> TOC:
        return self._toc


@contextmanager
def merge_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """One `optimize` at a time per index.

    With ``wait``, an `optimize` started while another merges waits its turn instead of
    failing, as the running one may already have looked for due merges before the run that
    started this one committed. One waiter is enough (it sees every merge due by then): a
    later one gives way (MergeQueued). The queue lock is held only until the merge lock is taken.
    """
    index_dir = Path(index_dir)
    with open(index_dir / MERGE_LOCK_FILE, "a+") as handle:
        if wait:
            with open(index_dir / QUEUE_LOCK_FILE, "a+") as queue:
                _lock(queue, f"another newsarchive optimize is waiting to merge {index_dir}",
                      MergeQueued)
                fcntl.flock(handle, fcntl.LOCK_EX)
        else:
            _lock(handle, f"another newsarchive optimize is merging {index_dir}")
        yield


def _lock(handle: IO[str], busy: str, error: type[MergeRunning] = MergeRunning) -> None:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise error(busy) from None


def optimize(index_dir: Path, wait: bool = False) -> MergeReport:
    """Merge the live generation's due segments (indexer.merging's tiers, whatever their
    size), one merge after another until none is due; ``wait``: see merge_lock."""
    index_dir = Path(index_dir)
    report = MergeReport()
    with merge_lock(index_dir, wait):
        gen_dir = live_generation(index_dir)
        while gen_dir is not None:
            ix = whoosh_index.open_dir(str(gen_dir))
            toc = ix._read_toc()
            report.segments_before = report.segments_before or len(toc.segments)
            report.segments_after = len(toc.segments)
            chosen = segments_to_merge(toc.segments)  # their deletions as of this toc
            if not chosen:
                break
            with reading(index_dir, gen_dir):
                staged = _write_merged(ix, toc, chosen, gen_dir / STAGING)
            dropped = _switch(index_dir, gen_dir, staged)
            if dropped:
                report.dropped.append(dropped)
                break
            report.merges += 1
            report.documents += staged.segment.doc_count_all()
        if report.merges and gen_dir is not None:
            _warm_resolution_cache(gen_dir)  # once, after the last merge
    return report


def _write_merged(ix: Any, toc: TOC, chosen: list[Any], folder: Path) -> _Staged:
    """Copy the chosen segments' live documents into one new segment in `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
    staging = FileStorage(str(folder)).create()
    writer = SegmentWriter(_StagingIndex(staging, ix.indexname, toc), _lk=False,
                           codec=codec(), limitmb=POOL_MB)
    sources = []
    try:
        for segment in chosen:
            sources.append(_Source(segment.segment_id(), frozenset(segment.deleted_docs()),
                                   segment.doc_count_all(), writer.docnum))
            merge_into(MergingWriter(writer), [segment], storage=ix.storage)
        merged = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    writer._finish()
    return _Staged(merged, sources)


def _switch(index_dir: Path, gen_dir: Path, staged: _Staged) -> str | None:
    """Under the write lock: the merged segment replaces its sources in a new table of
    contents. Returns why the merge was dropped, or None."""
    folder = gen_dir / STAGING
    try:
        with write_lock(index_dir, holder=MERGE_HOLDER, wait=True):
            if live_generation(index_dir) != gen_dir:
                return "the index was rebuilt meanwhile"
            ix = whoosh_index.open_dir(str(gen_dir))
            toc = ix._read_toc()
            current = {segment.segment_id(): segment for segment in toc.segments}
            if any(source.segment_id not in current for source in staged.sources):
                return "a merged segment was rewritten meanwhile"
            merged = staged.segment
            for source in staged.sources:
                _delete_since(merged, source, current[source.segment_id].deleted_docs())
            for path in folder.iterdir():
                if path.is_file():
                    os.replace(path, gen_dir / path.name)
            sources = {source.segment_id for source in staged.sources}
            segments = [s for s in toc.segments if s.segment_id() not in sources] + [merged]
            generation = toc.generation + 1
            TOC(toc.schema, segments, generation).write(ix.storage, ix.indexname)
            clean_files(ix.storage, ix.indexname, generation, segments)
            frequent.write_missing(gen_dir)
            record_checksums(gen_dir)
            return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _delete_since(merged: Any, source: _Source, deleted_now: Any) -> None:
    """Delete from the merged segment the source's documents deleted after it was copied
    (an `index` run replaced or removed them meanwhile)."""
    newly = sorted(set(deleted_now or ()) - source.deleted)
    if not newly:
        return
    live = np.ones(source.doc_count_all, dtype=bool)
    live[list(source.deleted)] = False
    merged_number = source.first + np.cumsum(live) - 1  # copies keep their order
    for docnum in newly:
        merged.delete_document(int(merged_number[docnum]))


def _warm_resolution_cache(gen_dir: Path) -> None:
    """Count the merged segment's evidence for the archive's values now, so the next
    `index` run reads it from the cache (indexer.resolve.cache) rather than the segment."""
    from newsarchive.indexer.resolve import CACHE_DIR, resolve_index

    resolve_index(whoosh_index.open_dir(str(gen_dir)), cache_dir=gen_dir / CACHE_DIR)


def start_in_background(index_dir: Path) -> None:
    """Start `newsarchive optimize --wait` for the index as a process of its own, which
    outlives this one; its output goes to optimize.log in the index folder."""
    index_dir = Path(index_dir)
    with open(index_dir / LOG_FILE, "ab") as log:
        subprocess.Popen(
            [sys.executable, "-m", "newsarchive", "optimize", "--wait", "--index",
             str(index_dir)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
