"""Issue 18: a reader reads the compound segment files from their memory maps, without a
private copy of the index, so serve workers share the page cache.

Whoosh's `CompoundStorage.open_file` wraps each part of a mapped segment in a `BytesIO`
(a copy); `newsarchive.search.whoosh_fixes` replaces it. The memory figures are in
bench/reader_memory.py; here only the structure: every file of a segment reader is a view
of the segment's map.
"""

from __future__ import annotations

import io
import mmap
import pickle
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.structfile import StructFile

from newsarchive.search import whoosh_fixes
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.postings import leaf_readers


def segment_files(searcher) -> list[tuple[object, StructFile]]:
    """(segment, file) for every file the segment readers hold open: the term index, the
    postings and each column opened so far (stored fields, lengths, ...)."""
    found = []
    for leaf, _offset in leaf_readers(searcher):
        segment = leaf.segment()
        terms, perdoc = leaf._terms, leaf._perdoc
        files = [terms._dbfile, terms._postfile]
        files += [colfile for colfile, _start, _length in perdoc._colfiles.values()]
        found += [(segment, f) for f in files]
    return found


def assert_mapped(files: list[tuple[object, StructFile]]) -> None:
    assert files
    for segment, f in files:
        assert segment.is_compound(), segment  # the index is written in compound segments
        assert not isinstance(f.file, io.BytesIO), f"{f} is a private copy"
        assert isinstance(f._buf, memoryview) and isinstance(f._buf.obj, mmap.mmap), f


def test_a_reader_reads_the_segments_from_their_maps_without_a_copy(seed_index: Path):
    reader = open_archive(seed_index).current()
    result = reader.search(SearchRequest(query="border", page_size=10))
    assert result.total > 0 and result.hits
    files = segment_files(reader.searcher)
    # the postings, the term index and at least the stored fields and a length column
    assert len(files) >= 4 * len(leaf_readers(reader.searcher))
    assert_mapped(files)


def test_whoosh_unpatched_copies_each_part_and_the_answers_are_the_same(seed_index: Path):
    """The check above fails with Whoosh's own open_file; both read the same results."""
    from whoosh.qparser import QueryParser

    def results(searcher) -> list[tuple[int, float, dict]]:
        query = QueryParser("body", searcher.schema).parse("border OR oil OR nato")
        return [(hit.docnum, hit.score, hit.fields())
                for hit in searcher.search(query, limit=None)]

    gen_dir = seed_index / "current"
    with whoosh_index.open_dir(str(gen_dir)).searcher() as mapped:
        expected = results(mapped)
        assert expected
        assert_mapped(segment_files(mapped))
    whoosh_fixes.map_compound_files(False)
    try:
        with whoosh_index.open_dir(str(gen_dir)).searcher() as copied:
            assert results(copied) == expected
            with pytest.raises(AssertionError, match="private copy"):
                assert_mapped(segment_files(copied))
    finally:
        whoosh_fixes.map_compound_files(True)


def test_the_view_reader_reads_like_bytesio():
    data = pickle.dumps({"a": [1, 2, 3]}, protocol=-1) + b"line one\nline two\ntail"
    for view in (memoryview(data), memoryview(b"x" + data + b"y")[1:-1]):
        ours, theirs = whoosh_fixes._ViewReader(view), io.BytesIO(data)
        assert pickle.load(ours) == pickle.load(theirs)
        assert ours.tell() == theirs.tell()
        for step in (lambda f: f.read(3), lambda f: f.readline(), lambda f: f.readline(4),
                     lambda f: f.seek(-4, 2), lambda f: f.read(), lambda f: f.read(),
                     lambda f: f.seek(2), lambda f: f.seek(5, 1), lambda f: f.read(None),
                     lambda f: f.seek(len(data) + 5), lambda f: f.read(2), lambda f: f.tell(),
                     lambda f: f.seek(0), lambda f: list(f)):
            assert step(ours) == step(theirs)
        buffer, expected = bytearray(4), bytearray(4)
        ours.seek(1)
        theirs.seek(1)
        assert ours.readinto(buffer) == theirs.readinto(expected) and buffer == expected
        with pytest.raises(ValueError):
            ours.seek(-1)
