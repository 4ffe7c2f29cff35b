"""Two small speed fixes for Whoosh (whoosh-reloaded 2.7.5), applied once on import.

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
"""

from __future__ import annotations

from whoosh.codec import whoosh3

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
