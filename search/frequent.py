"""The decoded postings of each large segment's most frequent terms, in a file beside it.

Why: a word in a third of a million articles has 300,000 postings in 2,500 Whoosh blocks,
and decoding them (zlib and pickle per block, search.postings) is most of the time of the
first query that uses it; each serve worker would decode and keep its own copy. A segment
never changes once written, so the writer (indexer, at the end of a run) stores the doc
numbers and frequencies of its most frequent terms next to it, `<segment id>.frequent`, and
readers memory-map that file: no decoding, and one copy in the page cache for every worker.
The name matches Whoosh's pattern for a segment's files, so Whoosh deletes the file with
its segment when a merge retires it.

Only segments of at least MIN_SEGMENT_DOCS documents get one (a small segment's postings
decode fast), and only terms in at least MIN_TERM_SHARE of its documents, most frequent
first (not stop words or pairs of them), up to POSTINGS_PER_DOC postings per document (8
bytes each: about 5% of the index on disk). A file that is missing, of another version, or
whose header does not fit its segment or its own size is not used: those postings are
decoded as before (the `postings.blocks` path), with the same answer. Its checksums are
recorded as a segment's are; damaged, the next `newsarchive index` writes it again.

Format: MAGIC, the header's length (8 bytes, little-endian), the header (JSON: segment id,
its document count, and per term [field, term as hex, first posting, postings]), padding to
8 bytes, then every term's doc numbers (uint32, within the segment), then every term's
frequencies (float32), in the header's order.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader

from newsarchive.search import postings
from newsarchive.search.schema import PAIR_FIELDS, PAIR_SEPARATOR, is_stop_term

MAGIC = b"NAFREQ1\n"
SUFFIX = ".frequent"
MIN_SEGMENT_DOCS = 20_000
MIN_TERM_SHARE = 0.02
POSTINGS_PER_DOC = 24
FIELDS = ("body", "title", *PAIR_FIELDS.values())


@dataclass(frozen=True, slots=True)
class SegmentPostings:
    """One segment's stored postings: term -> (doc numbers in the segment, frequencies)."""

    ids: np.ndarray  # uint32, read-only views of the map
    weights: np.ndarray  # float32
    terms: dict[tuple[str, bytes], tuple[int, int]]  # (field, term) -> (first, count)

    def get(self, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        span = self.terms.get((field, btext))
        if span is None:
            return None
        first, count = span
        return self.ids[first:first + count], self.weights[first:first + count]


def file_name(segment_id: str) -> str:
    return segment_id + SUFFIX


def _segment_id(reader: IndexReader) -> str | None:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else None


def read(path: Path, segment_id: str, doc_count: int) -> SegmentPostings | None:
    """The file's postings, or None when it is missing or does not fit its segment."""
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, or empty (mmap refuses an empty file)
        return None
    try:
        if mapped[:len(MAGIC)] != MAGIC:
            return None
        start = len(MAGIC) + 8
        length = int.from_bytes(mapped[len(MAGIC):start], "little")
        header = json.loads(mapped[start:start + length])
        data = -(-(start + length) // 8) * 8
        total = int(header["total"])
        if (header.get("segment") != segment_id or header.get("doc_count") != doc_count
                or len(mapped) != data + 8 * total):
            return None
        terms = {(field, bytes.fromhex(term)): (int(first), int(count))
                 for field, term, first, count in header["terms"]}
    except (ValueError, KeyError, TypeError):
        return None
    ids = np.frombuffer(mapped, dtype="<u4", count=total, offset=data)
    weights = np.frombuffer(mapped, dtype="<f4", count=total, offset=data + 4 * total)
    return SegmentPostings(ids, weights, terms)


def open_all(directory: Path, searcher: Any) -> list[SegmentPostings | None]:
    """Per leaf reader of the searcher (search.postings.leaf_readers order), its postings
    file if it has a usable one."""
    found: list[SegmentPostings | None] = []
    for reader, _offset in postings.leaf_readers(searcher):
        segment_id = _segment_id(reader)
        found.append(None if segment_id is None else read(
            Path(directory) / file_name(segment_id), segment_id, reader.doc_count_all()))
    return found


def _only_stop_words(btext: bytes) -> bool:
    """A stop word (searched only inside phrases), or a pair of them ("of the")."""
    return all(is_stop_term(word) for word in btext.decode("utf-8").split(PAIR_SEPARATOR))


def _chosen_terms(reader: IndexReader) -> Iterator[tuple[str, bytes]]:
    """The segment's terms worth storing, most frequent first, within the budget."""
    doc_count = reader.doc_count_all()
    least = max(2, int(MIN_TERM_SHARE * doc_count))
    frequent: list[tuple[int, str, bytes]] = []
    names = set(reader.indexed_field_names())
    for field in FIELDS:
        if field not in names:
            continue
        for btext, info in reader.iter_field(field):
            if info.doc_frequency() >= least and not _only_stop_words(btext):
                frequent.append((info.doc_frequency(), field, btext))
    frequent.sort(key=lambda item: item[0], reverse=True)
    budget = POSTINGS_PER_DOC * doc_count
    for count, field, btext in frequent:
        if count > budget:
            break
        budget -= count
        yield field, btext


def write_segment(reader: IndexReader, path: Path) -> int:
    """Write one segment's file (atomically: a temporary file renamed); returns its terms."""
    segment_id = _segment_id(reader)
    rows: list[list[Any]] = []
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    total = 0
    for field, btext in _chosen_terms(reader):
        ids, weights = postings.segment_postings(reader, field, btext)
        rows.append([field, btext.hex(), total, len(ids)])
        id_parts.append(ids.astype("<u4"))
        weight_parts.append(weights.astype("<f4"))
        total += len(ids)
    header = json.dumps({"segment": segment_id, "doc_count": reader.doc_count_all(),
                         "total": total, "terms": rows}).encode()
    start = len(MAGIC) + 8 + len(header)
    padding = b"\0" * (-start % 8)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(MAGIC + len(header).to_bytes(8, "little") + header + padding)
        for part in (*id_parts, *weight_parts):
            handle.write(part.tobytes())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return len(rows)


def write_missing(gen_dir: Path, min_docs: int | None = None) -> int:
    """Write the file of every segment of at least `min_docs` (MIN_SEGMENT_DOCS) documents
    of the generation that lacks a usable one (the writer calls this after a commit);
    returns how many were written."""
    gen_dir = Path(gen_dir)
    least = MIN_SEGMENT_DOCS if min_docs is None else min_docs
    written = 0
    with whoosh_index.open_dir(str(gen_dir)).searcher() as searcher:
        for reader, _offset in postings.leaf_readers(searcher):
            segment_id = _segment_id(reader)
            if segment_id is None or reader.doc_count_all() < least:
                continue
            path = gen_dir / file_name(segment_id)
            if read(path, segment_id, reader.doc_count_all()) is None:
                with postings.READ_LOCK:
                    write_segment(reader, path)
                written += 1
    return written
