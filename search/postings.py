"""Whoosh postings and columns read straight into numpy arrays.

Iterating a posting list through Whoosh's matcher API costs a Python call per document,
which dominates a broad query at 100k+ articles. Whoosh's W3 codec stores postings in
blocks of up to 128 (pickled id deltas + weights); reading whole blocks and decoding them
with numpy is one Python step per block. Columns (doc lengths, dates) are fixed-width
big-endian arrays on disk and are read with one `numpy.frombuffer` per segment. Anything
that is not in the expected shape falls back to Whoosh's own (slower) API, so a different
codec or an old segment still gives correct answers.
"""

from __future__ import annotations

import pickle
import struct
from bisect import bisect_right
from collections.abc import Callable
from itertools import chain
from threading import RLock
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.reading import IndexReader, TermNotFound
from whoosh.searching import Searcher
from whoosh.system import emptybytes
from whoosh.util.numeric import byte_to_length

# byte -> approximate field length, as Whoosh encodes document lengths in one byte
_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
EMPTY_IDS = np.zeros(0, dtype=np.int64)
# Whoosh's posting matchers move a file position shared by every matcher of a segment
# (seek, then read the block header): two threads decoding postings at once, e.g. a
# request and a reader's background warm-up, could read each other's blocks. Decoding
# is pure Python, so holding the GIL anyway; the lock costs little.
READ_LOCK = RLock()
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


def leaf_readers(searcher: Searcher) -> list[tuple[IndexReader, int]]:
    """(segment reader, first doc number) pairs; one pair for a single-segment index."""
    return list(searcher.reader().leaf_readers())


def _running_sums(flat: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sums of consecutive runs of flat (run lengths in counts, none empty)."""
    totals = np.cumsum(flat)
    first = np.cumsum(counts) - counts  # each run's first slot
    return totals - np.repeat(totals[first] - flat[first], counts)


def _block_arrays(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """All (doc id, weight) postings of a W3 matcher (not byte ids).

    Each block's pickled data holds id deltas restarting at 0 and the weights; they are
    gathered in Python lists and turned into arrays once, not per block.
    """
    deltas: list[int] = []
    weights: list[float] = []
    counts: list[int] = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        deltas.extend(raw_ids)
        counts.append(count)
        if raw_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(raw_weights, float):
            weights.extend([raw_weights] * count)
        else:
            weights.extend(raw_weights)
        matcher._next_block()
    if not deltas:
        return EMPTY_IDS, EMPTY_WEIGHTS
    ids = _running_sums(np.array(deltas, dtype=np.int64), np.array(counts, dtype=np.int64))
    return ids, np.array(weights, dtype=np.float32)


def _matcher_arrays(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """The generic (slow) path: any Whoosh matcher, one posting at a time."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def term_postings(searcher: Searcher, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Doc numbers (sorted, searcher-wide) and term frequencies of one term, deleted docs kept."""
    with READ_LOCK:
        return _term_postings(searcher, field, btext)


def _term_postings(searcher: Searcher, field: str, btext: bytes
                   ) -> tuple[np.ndarray, np.ndarray]:
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for reader, offset in leaf_readers(searcher):
        try:  # one term lookup, not two (`in` and then postings)
            matcher = reader.postings(field, btext)
        except TermNotFound:
            continue
        if type(matcher) is W3LeafMatcher and not matcher._byteids:
            ids, weights = _block_arrays(matcher)
        else:
            ids, weights = _matcher_arrays(matcher)
        id_parts.append(ids + offset)
        weight_parts.append(weights)
    if not id_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    if len(id_parts) == 1:
        return id_parts[0], weight_parts[0]
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def column_array(searcher: Searcher, field: str) -> np.ndarray:
    """One int64 per document from the sortable column of `field`, searcher-wide.

    Documents without a value get 0 (for dates: "no date"; Whoosh's own default for a
    missing DATETIME is the largest unsigned 64-bit number).
    """
    parts: list[np.ndarray] = []
    for reader, _offset in leaf_readers(searcher):
        doc_count = reader.doc_count_all()
        if not reader.has_column(field):
            parts.append(np.zeros(doc_count, dtype=np.int64))
            continue
        column = reader.column_reader(field, translate=False)
        parts.append(_read_fixed_numeric(column, doc_count))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _read_fixed_numeric(column: Any, doc_count: int) -> np.ndarray:
    """Decode a NumericColumn reader in one go (int64, out-of-range = 0); else iterate it."""
    typecode = getattr(column, "_typecode", None)
    dbfile = getattr(column, "_dbfile", None)
    if typecode is None or dbfile is None or getattr(column, "_reverse", False):
        values = [v if isinstance(v, int) and 0 <= v < 2**63 else 0 for v in column]
        return np.asarray(values, dtype=np.int64)
    size = struct.calcsize(typecode)
    count = min(column._count, doc_count)
    raw = dbfile.get(column._basepos, count * size) if count else emptybytes
    values = np.frombuffer(raw, dtype=np.dtype(">" + typecode)).astype(np.uint64)
    values = np.where(values >= np.uint64(2**63), np.uint64(0), values).astype(np.int64)
    if count < doc_count:
        default = column._default if 0 <= (column._default or 0) < 2**63 else 0
        values = np.concatenate([values, np.full(doc_count - count, default, dtype=np.int64)])
    return values


def field_lengths(searcher: Searcher, field: str) -> np.ndarray:
    """Each document's (approximate, as Whoosh stores it) token count in `field`."""
    parts: list[np.ndarray] = []
    name = f"_{field}_len"
    for reader, _offset in leaf_readers(searcher):
        doc_count = reader.doc_count_all()
        perdoc = getattr(reader, "_perdoc", None)
        column = None
        if perdoc is not None and perdoc.has_column(name):
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN

            column = perdoc._cached_reader(name, LENGTHS_COLUMN)
        if column is None:
            parts.append(np.array([reader.doc_field_length(n, field) or 0
                                   for n in range(doc_count)], dtype=np.float32))
            continue
        count = min(column._count, doc_count)
        raw = column._dbfile.get(column._basepos, count) if count else emptybytes
        codes = np.frombuffer(raw, dtype=np.uint8)
        if count < doc_count:
            codes = np.concatenate([codes, np.zeros(doc_count - count, dtype=np.uint8)])
        parts.append(_LENGTH_TABLE[codes])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def live_mask(searcher: Searcher) -> np.ndarray:
    """True for every document that is not deleted."""
    parts: list[np.ndarray] = []
    for reader, _offset in leaf_readers(searcher):
        mask = np.ones(reader.doc_count_all(), dtype=bool)
        if reader.has_deletions():
            deleted = getattr(reader, "deleted_docs_set", None)  # a property in 2.7.5
            if callable(deleted):
                deleted = deleted()
            if deleted is None:
                deleted = {n for n in range(reader.doc_count_all()) if reader.is_deleted(n)}
            mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
        parts.append(mask)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


POSITION_BITS = 32  # a position key is doc << POSITION_BITS | position


def _position_keys(docs: np.ndarray, values: list[bytes]) -> np.ndarray:
    """Sorted position keys of some docs, from their Positions values.

    A Positions value is a 4-byte count and a pickled list of position deltas (protocol 2,
    its STOP sometimes left off); all the lists are unpickled in one call (MARK, each list
    without its STOP, LIST, STOP), the per-doc running sums done with numpy.
    """
    if not values:
        return EMPTY_IDS
    body = b"".join([value[4:-1] if value[-1:] == b"." else value[4:] for value in values])
    deltas = pickle.loads(b"(" + body + b"l.")
    counts = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=int(counts.sum()))
    nonempty = counts > 0
    counts = counts[nonempty]
    positions = _running_sums(flat, counts)
    return (np.repeat(docs[nonempty], counts) << POSITION_BITS) | positions


def term_position_keys(searcher: Searcher, field: str, btext: bytes, candidates: np.ndarray,
                       check: Callable[[], None] | None = None) -> np.ndarray | None:
    """Sorted keys (doc << POSITION_BITS | position) of one term in the candidate docs.

    Candidates are sorted searcher-wide doc numbers. Blocks whose id range holds no
    candidate are skipped without being decoded (the block header has its last id); the
    others' ids and values are gathered and matched against the candidates at once.
    `check` is called every 64 decoded blocks (the query budget). Returns None when the
    postings are not in the W3 block format with positions (the caller then falls back
    to Whoosh's matcher).
    """
    with READ_LOCK:
        return _term_position_keys(searcher, field, btext, candidates, check)


def _term_position_keys(searcher: Searcher, field: str, btext: bytes, candidates: np.ndarray,
                        check: Callable[[], None] | None) -> np.ndarray | None:
    parts: list[np.ndarray] = []
    for reader, offset in leaf_readers(searcher):
        local = candidates[(candidates >= offset) & (candidates < offset + reader.doc_count_all())]
        if not len(local) or (field, btext) not in reader:
            continue
        matcher = reader.postings(field, btext)
        if type(matcher) is not W3LeafMatcher or matcher._byteids:
            return None
        if not isinstance(matcher.format, Positions):
            return None
        wanted = (local - offset).tolist()
        deltas: list[int] = []
        values: list[bytes] = []
        counts: list[int] = []
        index = 0
        while matcher.is_active() and index < len(wanted):
            maxid = matcher._maxid
            if maxid >= wanted[index]:  # some candidate may be in this block
                if check is not None and len(counts) % 64 == 0:
                    check()
                if matcher._data is None:
                    matcher._read_data()
                deltas.extend(matcher._data[0])
                values.extend(matcher._data[2])  # Positions: variable size, kept as is
                counts.append(matcher._blocklength)
                index = bisect_right(wanted, maxid, index)
            matcher._next_block()
        if not counts:
            continue
        ids = _running_sums(np.array(deltas, dtype=np.int64), np.array(counts, dtype=np.int64))
        slots = np.searchsorted(ids, local - offset)
        slots = np.minimum(slots, len(ids) - 1)
        hits = ids[slots] == local - offset
        parts.append(_position_keys(local[hits], [values[i] for i in slots[hits].tolist()]))
    if not parts:
        return EMPTY_IDS
    return parts[0] if len(parts) == 1 else np.concatenate(parts)
