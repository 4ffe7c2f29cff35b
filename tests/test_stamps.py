"""Source stamps (indexer/stamps.py): a run reads only the files that changed since the run
that read them, and still finds every new, changed, removed and broken article."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from newsarchive.indexer import sources
from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.stamps import FILE_NAME
from newsarchive.indexer.writer import update_index
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.store import live_generation
from tests.conftest import REPO

SEED_LINES = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(
    encoding="utf-8").splitlines()
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


@pytest.fixture()
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relative paths of the files the walk reads."""
    seen: list[str] = []
    read_file = sources.read_file

    def counted(path: Path, rel: str):
        seen.append(rel)
        return read_file(path, rel)

    monkeypatch.setattr(sources, "read_file", counted)
    return seen


def write(path: Path, lines: list[str], mtime: float = AN_HOUR_AGO) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def archive(tmp_path: Path) -> Path:
    root = tmp_path / "files"
    root.mkdir()
    for day in range(4):
        write(root / f"day-{day}.jsonl", SEED_LINES[day * 3:day * 3 + 3])
    return root


def total(index_dir: Path, query: str = "") -> int:
    return open_archive(index_dir).current().search(SearchRequest(query=query)).total


def test_a_run_reads_only_new_and_changed_files(tmp_path, extractor, reads) -> None:
    root, index_dir = archive(tmp_path), tmp_path / "index"
    write(root / "notes.md", ["not an article"])
    assert update_index(index_dir, [root], lambda: extractor).indexed == 12
    reads.clear()
    report = update_index(index_dir, [root], lambda: extractor)
    assert (report.indexed, report.unchanged, reads) == (0, 12, ["notes.md"])
    assert [skipped.path for skipped in report.skipped] == [str(root / "notes.md")]
    (root / "notes.md").unlink()
    reads.clear()
    write(root / "day-4.jsonl", SEED_LINES[12:14])  # new
    write(root / "day-1.jsonl", SEED_LINES[3:5])  # one story gone
    report = update_index(index_dir, [root], lambda: extractor)
    assert sorted(reads) == ["day-1.jsonl", "day-4.jsonl"]
    assert (report.indexed, report.unchanged, report.removed) == (2, 9 + 2, 1)
    (root / "day-2.jsonl").unlink()
    os.utime(root / "day-3.jsonl", (time.time() - 60, time.time() - 60))  # touched only
    reads.clear()
    report = update_index(index_dir, [root], lambda: extractor)
    assert reads == ["day-3.jsonl"]
    assert (report.indexed, report.unchanged, report.removed) == (0, 10, 3)
    assert total(index_dir) == 10


def test_a_file_written_just_before_the_run_is_read_again(tmp_path, extractor, reads) -> None:
    """Its stamp could hide a write in the same tick of a coarse clock: not recorded."""
    root, index_dir = archive(tmp_path), tmp_path / "index"
    write(root / "day-0.jsonl", SEED_LINES[:3], mtime=time.time())
    update_index(index_dir, [root], lambda: extractor)
    reads.clear()
    assert update_index(index_dir, [root], lambda: extractor).unchanged == 12
    assert reads == ["day-0.jsonl"]


def test_a_file_with_a_broken_record_is_read_until_it_is_whole(tmp_path, extractor,
                                                               reads) -> None:
    root, index_dir = archive(tmp_path), tmp_path / "index"
    write(root / "day-0.jsonl", [*SEED_LINES[:2], "{not json"])
    assert len(update_index(index_dir, [root], lambda: extractor).failed) == 1
    reads.clear()
    assert len(update_index(index_dir, [root], lambda: extractor).failed) == 1
    assert reads == ["day-0.jsonl"]
    write(root / "day-0.jsonl", SEED_LINES[:3])
    assert update_index(index_dir, [root], lambda: extractor).indexed == 1
    reads.clear()
    update_index(index_dir, [root], lambda: extractor)
    assert reads == []


def test_without_usable_stamps_every_file_is_read(tmp_path, extractor, reads) -> None:
    root, index_dir = archive(tmp_path), tmp_path / "index"
    update_index(index_dir, [root], lambda: extractor)
    stamps = live_generation(index_dir) / FILE_NAME
    data = bytearray(stamps.read_bytes())
    data[-1] ^= 0xFF
    stamps.write_bytes(bytes(data))
    reads.clear()
    report = update_index(index_dir, [root], lambda: extractor)
    assert (report.indexed, report.unchanged, len(reads)) == (0, 12, 4)
    reads.clear()
    update_index(index_dir, [root], lambda: extractor)
    assert reads == []  # recorded again


def test_an_article_lost_from_the_index_is_read_from_its_unchanged_file(
        tmp_path, extractor, reads) -> None:
    """The index holds fewer of a file's articles than when it was stamped (here: deleted
    behind the indexer's back): the file is read and the article comes back."""
    from whoosh import index as whoosh_index

    root, index_dir = archive(tmp_path), tmp_path / "index"
    update_index(index_dir, [root], lambda: extractor)
    writer = whoosh_index.open_dir(str(live_generation(index_dir))).writer()
    writer.delete_by_term("id", f"day-2.jsonl#{json.loads(SEED_LINES[6])['id']}")
    writer.commit(merge=False)
    assert total(index_dir) == 11
    reads.clear()
    report = update_index(index_dir, [root], lambda: extractor)
    assert reads == ["day-2.jsonl"] and report.indexed == 1 and total(index_dir) == 12
