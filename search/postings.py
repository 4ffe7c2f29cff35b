"""Whoosh postings and columns read straight into numpy arrays.

Iterating a posting list through Whoosh's matcher API costs a Python call per document,
which dominates a broad query at 100k+ articles. Whoosh's W3 codec stores postings in
blocks of up to 128 (pickled id deltas + weights); reading whole blocks and decoding them
with numpy is one Python step per block. A term's blocks are split from one read of its
postings, and for ids and weights only the start of each block is decompressed and
unpickled: the positions after them are most of a block and are decoded only for phrases.
Columns (doc lengths, dates) are fixed-width big-endian arrays on disk and are read with
one `numpy.frombuffer` per segment. Anything that is not in the expected shape falls back
to Whoosh's own (slower) API, so a different codec or an old segment still gives correct
answers.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from itertools import chain
from threading import RLock
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermInfo
from whoosh.formats import Positions
from whoosh.matching.mcore import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
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
# How often each way of reading postings ran, by name: the fast paths ("postings.blocks",
# "positions.blocks"; "postings.inline" / "positions.inline" for a word of one article) and
# their fallbacks to Whoosh's API ("postings.whoosh", "postings.block_shape",
# "positions.whoosh"). A fallback gives the same answer, only slower, so a Whoosh upgrade
# that changes the format shows here (and fails a test), not only as latency.
# search.matching counts its own paths here too.
PATHS: Counter[str] = Counter()


def count_path(name: str) -> None:
    PATHS[name] += 1


def leaf_readers(searcher: Searcher) -> list[tuple[IndexReader, int]]:
    """(segment reader, first doc number) pairs; one pair for a single-segment index."""
    return list(searcher.reader().leaf_readers())


def _running_sums(flat: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sums of consecutive runs of flat (run lengths in counts, none empty)."""
    totals = np.cumsum(flat)
    first = np.cumsum(counts) - counts  # each run's first slot
    return totals - np.repeat(totals[first] - flat[first], counts)


_BLOCK_LENGTH = struct.Struct("!i")
_INFO_BYTES = 64  # a block's info tuple pickles to about 30 bytes
# protocol-2 pickles of bytes values (positions) start with this global: in a block's data
# tuple (ids, weights, values) its first occurrence is where the values start
_VALUES_MARK = b"c_codecs\nencode\n"
_PREFIX_BYTES_PER_POSTING = 11  # pickled id delta + weight, the usual case
_PREFIX_CHUNK = 128  # decompressed bytes beyond that estimate


def _extent(matcher: W3LeafMatcher) -> tuple[int, int]:
    length = matcher._length
    return matcher._startoffset, int(length[0] if isinstance(length, tuple) else length)


def _raw_blocks(matcher: W3LeafMatcher) -> list[tuple[int, int, int, bytes]] | None:
    """(postings, last id, compression, data) of each block, from one read of the postings.

    Whoosh's matcher seeks and reads each block header from the file (a few µs each); here
    the term's whole extent is read once and split. None if it does not have the shape
    Whoosh's W3 writer gives it (the caller then uses the matcher).
    """
    start, length = _extent(matcher)
    raw = matcher._postfile.get(start, length)
    view = memoryview(raw)
    blocks = []
    pos = 4  # after the header tag
    try:
        while True:
            size = _BLOCK_LENGTH.unpack_from(raw, pos)[0]
            pos += 4
            last = size < 0
            size = -size if last else size
            info = pickle.loads(view[pos:pos + _INFO_BYTES])  # bytes after STOP are ignored
            info_size = len(pickle.dumps(info, 2))  # what Whoosh wrote, byte for byte
            blocks.append((int(info[0]), int(info[1]), int(info[3] or 0),
                           raw[pos + info_size:pos + size]))
            pos += size
            if last:
                break
    except (struct.error, pickle.UnpicklingError, EOFError, IndexError, TypeError, ValueError):
        return None
    return blocks if pos == len(raw) else None


def _blocks_of(matcher: W3LeafMatcher) -> Iterator[tuple[int, int, int, bytes]]:
    """(postings, last id, compression, data) of each block (see _raw_blocks), read by
    Whoosh's matcher if the postings do not split as expected."""
    blocks = _raw_blocks(matcher)
    if blocks is not None:
        yield from blocks
        return
    while matcher.is_active():
        yield (matcher._blocklength, matcher._maxid, matcher._compression or 0,
               matcher._postfile.get(matcher._dataoffset,
                                     matcher._nextoffset - matcher._dataoffset))
        matcher._next_block()


def _block_data(data: bytes, compression: int) -> tuple[Any, Any, Any]:
    """A block's whole (ids, weights, values) tuple."""
    return pickle.loads(zlib.decompress(data) if compression else data)


def _data_prefix(data: bytes, compression: int, count: int) -> tuple[bytes, int]:
    """The start of a block's pickled (ids, weights, values) tuple, up to its values.

    The values (each document's positions) are most of a block and most of its decoding
    time; ids and weights come first, so only the start of the data is decompressed.
    Returns (prefix, -1) when the block has no bytes values (then prefix is all of it).
    """
    if not compression:
        return data, data.find(_VALUES_MARK)
    inflater = zlib.decompressobj()
    # about what ids (2 bytes each) and weights (9 bytes each) take; inflating costs about
    # 5 µs a kilobyte, so asking for much more than that is the larger cost
    out = inflater.decompress(data, _PREFIX_BYTES_PER_POSTING * count + _PREFIX_CHUNK)
    cut = out.find(_VALUES_MARK)
    while cut < 0 and inflater.unconsumed_tail:
        out += inflater.decompress(inflater.unconsumed_tail, _PREFIX_CHUNK * 8)
        cut = out.find(_VALUES_MARK)
    if cut < 0:
        out += inflater.flush()
    return out, cut


_WEIGHT = np.dtype([("op", "u1"), ("value", ">f8")])  # pickle opcode BINFLOAT and its double
_BINFLOAT = 0x47
_ONE = b"G" + struct.pack(">d", 1.0)


def _split_prefix(prefix: bytes, cut: int, count: int) -> tuple[bytes, bytes] | None:
    """(pickle opcodes of the ids, BINFLOAT records of the weights) of one block, or None
    if the block is not in the usual shape.

    The usual shape (protocol 2): PROTO, MARK, one int opcode per id, TUPLE, BINPUT 0, then
    the weights: NONE (all 1), one BINFLOAT (all equal) or MARK, a BINFLOAT each, TUPLE,
    BINPUT 1; then the values (cut: where they start), or, for formats without values,
    NONE, TUPLE3, BINPUT, STOP. Checking the weights' exact length also confirms where
    the ids end.
    """
    if count < 2 or not prefix.startswith(b"\x80\x02("):
        return None
    end = prefix.find(b"tq\x00", 3)
    if end < 0:
        return None
    if cut >= 0:
        tail = prefix[end + 3:cut - 1 if prefix[cut - 1:cut] == b"(" else cut]
    else:  # no values: the tuple ends with None for them
        rest = prefix[-5:]
        if not (rest.startswith(b"N\x87q") and rest.endswith(b".")):
            return None
        tail = prefix[end + 3:-5]
    if tail == b"N":
        records = _ONE * count
    elif len(tail) == 9 and tail[0] == _BINFLOAT:
        records = tail * count
    elif len(tail) == 4 + 9 * count and tail[:1] == b"(" and tail[-3:] == b"tq\x01":
        records = tail[1:-3]
    else:
        return None
    return prefix[3:end], records


def _ids_and_weights(data: bytes, compression: int, count: int) -> tuple[Any, Any]:
    """A block's id deltas and weights (its values left undecoded where possible)."""
    prefix, cut = _data_prefix(data, compression, count)
    if cut >= 0:
        if count > 1 and prefix[cut - 1:cut] == b"(":  # the MARK of the values tuple
            cut -= 1
        try:
            ids, weights, _values = pickle.loads(prefix[:cut] + b"N\x87.")  # NONE TUPLE3 STOP
            if len(ids) == count:
                return ids, weights
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError):
            pass
        ids, weights, _values = _block_data(data, compression)
        return ids, weights
    ids, weights, _values = pickle.loads(prefix)
    return ids, weights


def _weight_records(raw_weights: Any, count: int) -> bytes:
    """Weights as Whoosh's block tuple holds them -> BINFLOAT records (see _split_prefix)."""
    if raw_weights is None:
        return _ONE * count
    if isinstance(raw_weights, float):
        return (b"G" + struct.pack(">d", raw_weights)) * count
    return b"".join(b"G" + struct.pack(">d", w) for w in raw_weights)


_INT_OPS = {0x4B: (2, False), 0x4D: (3, False), 0x4A: (5, True)}  # BININT1, BININT2, BININT


def _small_deltas(piece: bytes, count: int) -> tuple[int, bytes] | None:
    """(first delta, the others' BININT1 opcodes) when a block's ids after the first are
    all below 256, the usual case for common words; else None."""
    op = _INT_OPS.get(piece[0]) if piece else None
    if op is None:
        return None
    size, signed = op
    rest = piece[size:]
    if len(rest) != 2 * (count - 1) or rest[0::2] != b"K" * (count - 1):
        return None
    return int.from_bytes(piece[1:size], "little", signed=signed), rest


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, ... of each (start, length) run, concatenated."""
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - ends + lengths,
                                                                     lengths)


def _block_arrays(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """All (doc id, weight) postings of a W3 matcher (not byte ids); see _decoded_blocks."""
    decoded = _decoded_blocks(matcher)
    if decoded is None:  # an unexpected shape: Whoosh decodes (its matcher seeks before
        # every read, so it is still at its first block)
        count_path("postings.block_shape")
        return _matcher_arrays(matcher)
    return decoded


def _decoded_blocks(matcher: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """All (doc id, weight) postings of a W3 matcher (not byte ids), or None if they are
    not in the expected shape; only the matcher's file, start and length are used.

    Each block's pickled data holds id deltas restarting at 0 and the weights. Only the
    start of each block is decompressed (see _data_prefix). Ids of blocks whose deltas
    are one byte each (common words) are read with numpy; the other blocks' ids opcodes
    are unpickled in one call; the weights are read with numpy. A block of another shape
    is unpickled on its own (same answer, slower).
    """
    blocks = _raw_blocks(matcher)
    if blocks is None:
        return None
    small: list[bool] = []  # per block: its deltas are in firsts + bytes_rests
    firsts: list[int] = []
    bytes_rests: list[bytes] = []
    pieces: list[bytes] = []  # ids opcodes of the other blocks of the usual shape, in order
    slots: list[int] = []  # where each other block's deltas come from: -1 = `pieces`
    parsed: list[Any] = []  # deltas of blocks decoded on their own
    records: list[bytes] = []  # every block's weights as BINFLOAT records
    counts: list[int] = []
    for count, _maxid, compression, data in blocks:
        prefix, cut = _data_prefix(data, compression, count)
        split = _split_prefix(prefix, cut, count)
        counts.append(count)
        if split is not None:
            records.append(split[1])
            one_byte = _small_deltas(split[0], count)
            small.append(one_byte is not None)
            if one_byte is not None:
                firsts.append(one_byte[0])
                bytes_rests.append(one_byte[1])
            else:
                pieces.append(split[0])
                slots.append(-1)
        else:
            raw_ids, raw_weights = _ids_and_weights(data, compression, count)
            small.append(False)
            slots.append(len(parsed))
            parsed.append(raw_ids)
            records.append(_weight_records(raw_weights, count))
    if not counts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    others: list[int] = pickle.loads(b"\x80\x02(" + b"".join(pieces) + b"l.") if pieces else []
    if parsed:  # put the separately decoded blocks' deltas in their places
        merged: list[int] = []
        taken = 0
        other_counts = [c for c, one_byte in zip(counts, small, strict=True) if not one_byte]
        for slot, count in zip(slots, other_counts, strict=True):
            if slot < 0:
                merged.extend(others[taken:taken + count])
                taken += count
            else:
                merged.extend(parsed[slot])
        others = merged
    totals = np.array(counts, dtype=np.int64)
    is_small = np.array(small, dtype=bool)
    starts = np.cumsum(totals) - totals
    deltas = np.empty(int(totals.sum()), dtype=np.int64)
    rest = np.frombuffer(b"".join(bytes_rests), dtype=np.uint8)[1::2]
    weights = np.frombuffer(b"".join(records), _WEIGHT)
    if (len(others) != int(totals[~is_small].sum()) or len(rest) != int(
            (totals[is_small] - 1).sum()) or len(weights) != len(deltas)
            or not (weights["op"] == _BINFLOAT).all()):
        return None
    deltas[_spans(starts[~is_small], totals[~is_small])] = others
    deltas[starts[is_small]] = firsts
    deltas[_spans(starts[is_small] + 1, totals[is_small] - 1)] = rest
    ids = _running_sums(deltas, totals)
    return ids, weights["value"].astype(np.float32)


def _matcher_arrays(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    """The generic (slow) path: any Whoosh matcher, one posting at a time."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def _postings_matcher(reader: IndexReader, field: str, btext: bytes) -> Any:
    """A segment's matcher for a term, without Whoosh's deleted-documents filter.

    A segment with deletions wraps its matchers in a FilterMatcher, which costs a Python
    call per posting and hides the block format; callers drop deleted documents with the
    reader's live mask instead (candidates for positions are live documents already).
    """
    matcher = reader.postings(field, btext)
    if type(matcher) is FilterMatcher and matcher._exclude:
        matcher = matcher.child
        matcher.reset()  # the filter may have moved it past deleted documents
    return matcher


def _inline(matcher: Any, positions: bool = False) -> bool:
    """Whether the matcher is a posting kept inline in the term index (Whoosh's W3 codec does
    so for a term of one document), with its encoded positions if `positions`."""
    return type(matcher) is ListMatcher and len(matcher._ids) == 1 and (
        not positions or (matcher._values is not None
                          and isinstance(matcher._format, Positions)))


def term_postings(searcher: Searcher, field: str, btext: bytes,
                  stored: list[Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Doc numbers (sorted, searcher-wide) and term frequencies of one term, deleted docs kept.

    stored: per leaf reader, its segment's file of decoded postings (search.frequent) or
    None; a term found there is not decoded."""
    with READ_LOCK:
        return _term_postings(searcher, field, btext, stored)


def _term_postings(searcher: Searcher, field: str, btext: bytes, stored: list[Any] | None
                   ) -> tuple[np.ndarray, np.ndarray]:
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for number, (reader, offset) in enumerate(leaf_readers(searcher)):
        found = stored[number].get(field, btext) if stored and stored[number] else None
        if found is not None:
            count_path("postings.frequent")
            ids, weights = found[0].astype(np.int64), np.array(found[1], dtype=np.float32)
        else:
            try:
                ids, weights = segment_postings(reader, field, btext)
            except TermNotFound:
                continue
        id_parts.append(ids + offset if offset else ids)
        weight_parts.append(weights)
    if not id_parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    if len(id_parts) == 1:
        return id_parts[0], weight_parts[0]
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def segment_postings(reader: IndexReader, field: str, btext: bytes
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Doc numbers (within the segment) and frequencies of a term of one segment reader,
    deleted docs kept; raises TermNotFound. The caller holds READ_LOCK."""
    matcher = _postings_matcher(reader, field, btext)  # one term lookup, not `in` then this
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        count_path("postings.blocks")
        return _block_arrays(matcher)
    count_path("postings.inline" if _inline(matcher) else "postings.whoosh")
    return _matcher_arrays(matcher)


@dataclass(frozen=True, slots=True)
class _Extent:
    """Where a term's postings are: what _decoded_blocks reads of a matcher."""

    _postfile: Any
    _startoffset: int
    _length: int


def field_postings(reader: IndexReader, field: str, only: Container[bytes] | None = None
                   ) -> Iterator[tuple[bytes, np.ndarray]]:
    """Every term of a field of one segment reader (or those in `only`) with its doc numbers
    (deleted docs kept), from the segment's own term list: the term info it lists is used as
    it is, not looked up again per term (a facet field holds tens of thousands of values).
    The caller holds READ_LOCK."""
    terms = getattr(reader, "_terms", None)
    postfile = getattr(terms, "_postfile", None)
    for btext, info in reader.iter_field(field):
        if only is not None and btext not in only:
            continue
        if isinstance(info, W3TermInfo) and postfile is not None:
            if info.is_inlined():
                count_path("postings.inline")
                yield btext, np.asarray(info.inlined_postings()[0], dtype=np.int64)
                continue
            decoded = _decoded_blocks(_Extent(postfile, *info.extent()))
            if decoded is not None:  # as a W3LeafMatcher would read it, without its set-up
                count_path("postings.blocks")
                yield btext, decoded[0]
                continue
        yield btext, segment_postings(reader, field, btext)[0]


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
    return reader_live_mask(searcher.reader())


def reader_live_mask(whole: IndexReader) -> np.ndarray:
    """True for every document of a (possibly multi-segment) reader that is not deleted."""
    parts: list[np.ndarray] = []
    for reader, _offset in whole.leaf_readers():
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
        matcher = _postings_matcher(reader, field, btext)
        if _inline(matcher, positions=True):  # a word of one article: in the term index
            count_path("positions.inline")
            doc = matcher._ids[0]
            if doc in (local - offset):
                parts.append(_position_keys(np.array([doc + offset], dtype=np.int64),
                                            [matcher._values[0]]))
            continue
        if (type(matcher) is not W3LeafMatcher or matcher._byteids
                or not isinstance(matcher.format, Positions)):
            count_path("positions.whoosh")
            return None
        count_path("positions.blocks")
        wanted = (local - offset).tolist()
        deltas: list[int] = []
        values: list[bytes] = []
        counts: list[int] = []
        index = 0
        for count, maxid, compression, data in _blocks_of(matcher):
            if index >= len(wanted):
                break
            if maxid >= wanted[index]:  # some candidate may be in this block
                if check is not None and len(counts) % 64 == 0:
                    check()
                block_ids, _weights, block_values = _block_data(data, compression)
                deltas.extend(block_ids)
                values.extend(block_values)  # Positions: variable size, kept as is
                counts.append(count)
                index = bisect_right(wanted, maxid, index)
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
