"""Stored postings (search.frequent, issue 18): the decoded postings of a segment's most
frequent terms, written by the indexer beside the segment and memory-mapped by readers,
give exactly the answers of decoding; a damaged file is named by `check` and made again by
the next `index`; a file that does not fit its segment is not used; Whoosh deletes it with
its segment."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh import index as whoosh_index

from newsarchive.cli import cli
from newsarchive.search import frequent, postings
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.schema import SCHEMA, with_derived_fields
from newsarchive.search.store import CHECKSUMS, live_generation, read_manifest
from tests.conftest import SEEDS

QUERIES = ["said", "russia", '"prime minister"', "said NOT russia", "minister country:Finland",
           "oil OR gas", ""]


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def answers(index_dir: Path, use_stored: bool = True) -> dict[str, object]:
    """Per query: total, facets, the first 50 hits in order and every match's score."""
    reader = open_archive(index_dir).current()
    if not use_stored:
        reader.matcher.frequent = None
    found = {}
    for query in QUERIES:
        request = SearchRequest(query=query, page_size=50)
        result = reader.search(request)
        scores = reader.matches(request).scores
        found[query] = (result.total, result.facets, [hit.id for hit in result.hits],
                        [round(float(score), 5) for score in scores])
    return found


@pytest.fixture()
def stored(seed_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seed index after an `index` run that wrote every segment's file (the
    seed segments are below the size that gets one by default)."""
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    monkeypatch.setattr(frequent, "MIN_SEGMENT_DOCS", 1)
    result = invoke("index", str(SEEDS), "--index", str(index_dir), "-q")
    assert result.exit_code == 0, result.output
    return index_dir


def files_of(index_dir: Path) -> list[Path]:
    return sorted(live_generation(index_dir).glob("*" + frequent.SUFFIX))


def test_stored_postings_answer_as_decoding_does_and_are_used(stored: Path):
    gen_dir = live_generation(stored)
    written = files_of(stored)
    segments = sorted(gen_dir.glob("*.seg"))
    assert [p.stem for p in written] == [p.stem for p in segments]
    recorded = read_manifest(gen_dir)[CHECKSUMS]["files"]
    assert all(p.name in recorded for p in written)
    before = postings.PATHS["postings.frequent"]
    with_files = answers(stored)
    assert postings.PATHS["postings.frequent"] > before  # the stored postings were read
    assert with_files == answers(stored, use_stored=False)
    assert with_files["said"][0] > 0 and with_files['"prime minister"'][0] > 0


def test_a_damaged_file_is_named_and_made_again_by_the_next_run(stored: Path):
    expected = answers(stored)
    path = files_of(stored)[0]
    data = bytearray(path.read_bytes())
    data[-10] ^= 0x5A  # a frequency of the last term
    path.write_bytes(bytes(data))
    check = invoke("check", "--index", str(stored))
    assert check.exit_code == 1 and path.name in check.output, check.output
    assert "makes the files computed from the index again" in check.output, check.output
    done = invoke("index", str(SEEDS), "--index", str(stored), "-q")
    assert done.exit_code == 0, done.output
    assert "repaired: the index's damaged derived files were made again" in done.output
    assert invoke("check", "--index", str(stored)).exit_code == 0
    assert path.exists() and answers(stored) == expected


def test_a_file_that_does_not_fit_its_segment_is_not_used(stored: Path):
    path = files_of(stored)[0]
    with whoosh_index.open_dir(str(path.parent)).searcher() as searcher:
        leaf = next(reader for reader, _offset in postings.leaf_readers(searcher)
                    if reader.segment().segment_id() == path.stem)
        count = leaf.doc_count_all()
    segment_id = path.stem
    assert frequent.read(path, segment_id, count) is not None
    assert frequent.read(path, segment_id, count + 1) is None  # another segment's count
    assert frequent.read(path, "MAIN_other", count) is None
    copy = path.with_name("copy" + frequent.SUFFIX)
    copy.write_bytes(path.read_bytes()[:-4])  # truncated
    assert frequent.read(copy, segment_id, count) is None
    copy.write_bytes(b"")
    assert frequent.read(copy, segment_id, count) is None


def test_whoosh_deletes_the_file_with_its_segment(tmp_path: Path):
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    for part in range(2):
        writer = ix.writer()
        for number in range(30):
            body = f"oil prices rose, the minister said {number}"
            writer.add_document(**with_derived_fields({"id": f"{part}-{number}", "title": "Oil",
                                              "body": body}))
        writer.commit(merge=False)
    assert frequent.write_missing(tmp_path, min_docs=1) == 2
    assert frequent.write_missing(tmp_path, min_docs=1) == 0  # usable files are kept
    whoosh_index.open_dir(str(tmp_path)).writer().commit(optimize=True)
    names = os.listdir(tmp_path)
    assert not [name for name in names if name.endswith(frequent.SUFFIX)], names
    assert frequent.write_missing(tmp_path, min_docs=1) == 1
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        (stored_file,) = frequent.open_all(tmp_path, searcher)
        ids, weights = stored_file.get("body", b"oil")
        assert ids.tolist() == list(range(60)) and set(weights.tolist()) == {1.0}
