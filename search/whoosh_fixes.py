"""Small fixes for Whoosh (whoosh-reloaded 2.7.5), applied once on import: two for speed,
one for a reader's memory.

`W3PerDocReader._cached_reader` caches column readers, but not the answer "this segment
has no such column": every posting of a field without stored lengths (ids, facets,
dates, the spelling field) then costs a filesystem `stat` while a segment is written or
merged. That was over a third of indexing time. The fix remembers missing columns too;
segments are immutable, so the answer never changes for a reader.

Whoosh can keep a short posting list inside the term's entry instead of writing it as a
compressed block of its own ("inlining"), but its writer calls `set_inline`, a method its
term info names `set_inlined`, so the codec's `inlinelimit` could never be used. Most terms
of an archive are in one article only (ids, hashes, rare names, most word pairs), and a
block apiece was about half the time of writing a segment. `codec()` is the writer's codec
with inlining on; Whoosh's reader has always read inlined postings.

A reader of a compound segment (every segment of the index is one `.seg` file) maps the
file, but `CompoundStorage.open_file` hands each part to `BufferFile`, which wraps the
part's memoryview in a `BytesIO`: a private copy of the postings, term index, stored fields
and every column opened, about the size of the index per reader, in every serve worker
(issue 18). `MappedFile` reads the memoryview of the map itself: a read or `get` copies only
the bytes asked for, so workers share the page cache. `map_compound_files(False)` puts
Whoosh's copying back (for the bench's baseline). A mapped file that is truncated under a
reader makes the next read of a lost page a SIGBUS: the store checks the files' sizes before
each request and before Whoosh maps a file (segment files are never rewritten in place).
"""

from __future__ import annotations

from typing import Any

from whoosh.codec import whoosh3
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import StorageError
from whoosh.filedb.structfile import BufferFile

_MISSING = object()
# Posting lists shorter than this are kept in the term's entry (a term in one article).
INLINE_LIMIT = 2


def codec() -> whoosh3.W3Codec:
    """The codec every writer of the index uses: Whoosh's own, with inlining that works."""
    return whoosh3.W3Codec(inlinelimit=INLINE_LIMIT)


def _cached_reader(self, fieldname, column):  # type: ignore[no-untyped-def]
    readers = self._readers
    found = readers.get(fieldname, _MISSING)
    if found is not _MISSING:
        return found
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    readers[fieldname] = reader
    return reader


if not getattr(whoosh3.W3PerDocReader, "_newsarchive_fixed", False):
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    whoosh3.W3PerDocReader._newsarchive_fixed = True
if not hasattr(whoosh3.W3TermInfo, "set_inline"):
    whoosh3.W3TermInfo.set_inline = whoosh3.W3TermInfo.set_inlined


class _ViewReader:
    """A read-only, seekable file over a memoryview: each read copies the bytes it returns,
    nothing else (what `io.BytesIO(view)` does with the whole view when it is made)."""

    __slots__ = ("_view", "_pos", "_size", "closed")

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0
        self._size = len(view)
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        pos = self._pos
        end = self._size if size is None or size < 0 else min(pos + size, self._size)
        if end <= pos:
            return b""
        self._pos = end
        return self._view[pos:end].tobytes()

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(memoryview(buffer).cast("B")))
        memoryview(buffer).cast("B")[:len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._size if size is None or size < 0 else min(self._pos + size, self._size)
        start = end = self._pos
        while end < limit:
            chunk = self._view[end:min(end + 4096, limit)].tobytes()
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return self._view[start:end].tobytes()

    def __iter__(self) -> Any:
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: self._size}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True


class MappedFile(BufferFile):
    """Whoosh's `BufferFile` (the same reading methods) without its `BytesIO` copy: reads
    go to the memoryview, a slice of the compound segment's memory map."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        self._buf = buf
        self._name = name
        self.file = _ViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedFile:
        return MappedFile(self._buf[position:position + length], name=name or self._name)


# Whoosh's own, kept on the class so that a second import does not take the patch for it
if not hasattr(CompoundStorage, "_newsarchive_copying_open_file"):
    CompoundStorage._newsarchive_copying_open_file = CompoundStorage.open_file
_copying_open_file = CompoundStorage._newsarchive_copying_open_file


def _mapped_open_file(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
    if self.is_closed:
        raise StorageError("Storage was closed")
    if not self._source:  # not mapped (no mmap, or not enough address space)
        return _copying_open_file(self, name, *args, **kwargs)
    offset, length = self.range(name)
    return MappedFile(memoryview(self._source)[offset:offset + length], name=name)


def map_compound_files(enabled: bool = True) -> None:
    """Read compound segments from their memory maps (the default), or, with False, through
    Whoosh's private copy of each part (to measure the difference)."""
    CompoundStorage.open_file = _mapped_open_file if enabled else _copying_open_file


map_compound_files()
