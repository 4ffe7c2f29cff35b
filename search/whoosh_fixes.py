"""A small speed fix for Whoosh (whoosh-reloaded 2.7.5), applied once on import.

`W3PerDocReader._cached_reader` caches column readers, but not the answer "this segment
has no such column": every posting of a field without stored lengths (ids, facets,
dates, the spelling field) then costs a filesystem `stat` while a segment is written or
merged. That was over a third of indexing time. The fix remembers missing columns too;
segments are immutable, so the answer never changes for a reader.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


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
