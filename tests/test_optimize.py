"""Merges outside the `index` run (indexer/optimize.py): a small run merges no more than it
wrote, `optimize` merges the rest while the index answers and `index` may write, and the
merged archive answers as one built in one go."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from newsarchive.cli import cli
from newsarchive.indexer import optimize as optimize_module
from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.optimize import (
    LOG_FILE,
    QUEUE_LOCK_FILE,
    STAGING,
    merge_lock,
    optimize,
)
from newsarchive.indexer.writer import update_index
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.store import live_generation
from tests.conftest import REPO

SEED_LINES = (REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl").read_text(
    encoding="utf-8").splitlines()
QUERIES = ("", "trade", "oil prices", 'country:"United States"', "oil -prices")


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def segment_count(index_dir: Path) -> int:
    return len(whoosh_index.open_dir(str(live_generation(index_dir)))._segments())


def daily_runs(root: Path, index_dir: Path, extractor: EntityExtractor, runs: int,
               per_run: int = 1) -> list[bool]:
    """`runs` index runs each adding a file of per_run seed stories; whether a merge was due
    after each."""
    root.mkdir(exist_ok=True)
    due = []
    for run in range(runs):
        start = len(list(root.iterdir())) * per_run
        (root / f"day-{run:02d}.jsonl").write_text(
            "\n".join(SEED_LINES[start:start + per_run]) + "\n", encoding="utf-8")
        report = update_index(index_dir, [root], lambda: extractor)
        assert report.indexed == per_run
        due.append(report.merges_due)
    return due


def same_answers(grown: Path, one_go: Path) -> None:
    for query in QUERIES:
        request = SearchRequest(query=query, page_size=100)
        a = open_archive(grown).current().search(request)
        b = open_archive(one_go).current().search(request)
        assert a.total == b.total and a.facets == b.facets, query
        assert sorted(hit.id for hit in a.hits) == sorted(hit.id for hit in b.hits), query


def test_a_small_run_leaves_a_larger_merge_to_optimize(tmp_path, extractor) -> None:
    """Ten runs of one article fill the first tier; none of them merges ten articles, the
    tenth says a merge is due, and optimize merges them into one segment."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    due = daily_runs(root, grown, extractor, 10)
    assert due == [False] * 9 + [True]
    assert segment_count(grown) == 10
    report = optimize(grown)
    assert (report.merges, report.documents, report.segments_after) == (1, 10, 1)
    assert segment_count(grown) == 1
    assert report.summary() == "1 merge of 10 articles, segments 10 -> 1"
    assert optimize(grown).summary() == "no merge due (1 segments)"
    assert not (live_generation(grown) / STAGING).exists()
    one_go = tmp_path / "one-go"
    update_index(one_go, [root], lambda: extractor)
    same_answers(grown, one_go)
    # the archive's decisions and files are whole: the next run has nothing to repair
    assert update_index(grown, [root], lambda: extractor).repaired is None


def test_articles_changed_while_merging_stay_changed(tmp_path, extractor, monkeypatch) -> None:
    """An `index` run between the copy and the switch removes a file and changes a story:
    the merged segment drops the old copies too, and the archive answers as one built in one
    go from the files as they are now."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 10, per_run=2)
    (root / "day-03.jsonl").unlink()
    changed = root / "day-07.jsonl"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        '"body": "', '"body": "Zanzibar cloves. ', 1), encoding="utf-8")
    copy = optimize_module._write_merged

    def copy_then_index(*args, **kwargs):
        staged = copy(*args, **kwargs)
        report = update_index(grown, [root], lambda: extractor)  # while merging
        assert (report.removed, report.indexed) == (2, 1)
        return staged

    monkeypatch.setattr(optimize_module, "_write_merged", copy_then_index)
    report = optimize(grown)
    assert report.merges == 1 and not report.dropped
    searched = open_archive(grown).current().search(SearchRequest(query="zanzibar"))
    assert searched.total == 1
    assert open_archive(grown).current().search(SearchRequest(query="")).total == 18
    one_go = tmp_path / "one-go"
    update_index(one_go, [root], lambda: extractor)
    same_answers(grown, one_go)


def test_a_merge_the_index_moved_away_from_is_dropped(tmp_path, extractor,
                                                       monkeypatch) -> None:
    """A reindex during the merge swaps in another generation: the merge is dropped, its
    staged files removed, and the new generation answers."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 10)
    old_generation = live_generation(grown)
    copy = optimize_module._write_merged

    def copy_then_reindex(*args, **kwargs):
        staged = copy(*args, **kwargs)
        update_index(grown, [root], lambda: extractor, rebuild=True)
        return staged

    monkeypatch.setattr(optimize_module, "_write_merged", copy_then_reindex)
    report = optimize(grown)
    assert report.merges == 0 and report.dropped == ["the index was rebuilt meanwhile"]
    assert live_generation(grown) != old_generation
    assert not (old_generation / STAGING).exists()
    assert open_archive(grown).current().search(SearchRequest(query="")).total == 10


def test_the_index_command_merges_in_the_background(runner, tmp_path, extractor) -> None:
    """The run that makes a merge due says so and starts `newsarchive optimize`, a process
    of its own, which merges while the index answers and logs what it did."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 9)
    (root / "day-09.jsonl").write_text(SEED_LINES[9] + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["index", str(root), "--index", str(grown), "-q"])
    assert result.exit_code == 0, result.output
    assert "merging segments in the background (`newsarchive optimize`)" in result.output
    log = grown / LOG_FILE
    deadline = time.monotonic() + 120
    while "optimize" not in (log.read_text() if log.exists() else ""):
        assert open_archive(grown).current().search(SearchRequest(query="")).total == 10
        assert time.monotonic() < deadline, "the background merge did not finish"
        time.sleep(0.2)
    assert "1 merge of 10 articles" in log.read_text(), log.read_text()
    assert segment_count(grown) == 1
    result = runner.invoke(cli, ["optimize", "--index", str(grown)])
    assert result.exit_code == 0 and "no merge due (1 segments)" in result.output


def test_an_optimize_started_during_a_merge_waits_its_turn(runner, tmp_path, extractor) -> None:
    """The merge an index run makes due while `optimize` is merging is not lost: `optimize
    --wait` (what `index` starts) waits for the running one and then merges it; a third one
    started meanwhile leaves it to the waiting one, and one run by hand says another is
    merging."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 10)
    with merge_lock(grown):  # a running optimize (that has already looked for due merges)
        waiter = subprocess.Popen(
            [sys.executable, "-m", "newsarchive", "optimize", "--wait", "--index", str(grown)],
            stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not queue_taken(grown):
            assert waiter.poll() is None, waiter.communicate()
            assert time.monotonic() < deadline, "the waiting optimize never queued"
            time.sleep(0.05)
        third = runner.invoke(cli, ["optimize", "--wait", "--index", str(grown)])
        assert third.exit_code == 0, third.output
        assert "waiting to merge" in third.output and "it merges what is due" in third.output
        by_hand = runner.invoke(cli, ["optimize", "--index", str(grown)])
        assert by_hand.exit_code == 2 and "is merging" in by_hand.output, by_hand.output
        assert waiter.poll() is None and segment_count(grown) == 10
    _, errors = waiter.communicate(timeout=120)
    assert waiter.returncode == 0 and "1 merge of 10 articles" in errors, errors
    assert segment_count(grown) == 1


def queue_taken(index_dir: Path) -> bool:
    """Whether an optimize holds the queue lock (waits for the merge lock)."""
    with open(index_dir / QUEUE_LOCK_FILE, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_optimize_without_an_index_is_a_usage_error(runner, tmp_path) -> None:
    result = runner.invoke(cli, ["optimize", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no index" in result.output.lower(), result.output


def test_an_index_run_waits_for_a_merge_switching_in(tmp_path, extractor) -> None:
    """`optimize` holds the write lock only to switch in a merged segment: an `index` run
    that starts then waits for it instead of failing (another `index` run makes it fail)."""
    import threading

    from newsarchive.indexer.writer import MERGE_HOLDER, IndexLocked, write_lock

    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 1)
    (root / "day-01.jsonl").write_text(SEED_LINES[1] + "\n", encoding="utf-8")
    held, released = threading.Event(), []

    def switch() -> None:
        with write_lock(grown, holder=MERGE_HOLDER, wait=True):
            held.set()
            time.sleep(1.0)
            released.append(time.monotonic())

    thread = threading.Thread(target=switch)
    thread.start()
    held.wait()
    report = update_index(grown, [root], lambda: extractor)
    finished = time.monotonic()
    thread.join()
    assert report.indexed == 1 and released and finished >= released[0]
    with write_lock(grown), pytest.raises(IndexLocked):
        update_index(grown, [root], lambda: extractor)


def test_a_merge_cut_off_leaves_nothing_to_repair(tmp_path, extractor, monkeypatch) -> None:
    """A merge that dies before its switch (kill -9) leaves only its staging folder: `check`
    finds the index intact, and the next optimize starts over."""
    root, grown = tmp_path / "files", tmp_path / "grown"
    daily_runs(root, grown, extractor, 10)

    copy = optimize_module._write_merged

    def copy_then_die(*args, **kwargs):
        copy(*args, **kwargs)
        raise SystemExit(137)

    monkeypatch.setattr(optimize_module, "_write_merged", copy_then_die)
    monkeypatch.setattr(optimize_module.shutil, "rmtree", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit):
        optimize(grown)
    monkeypatch.undo()
    assert (live_generation(grown) / STAGING).is_dir()
    from newsarchive.indexer.repair import check_index

    assert check_index(grown, deep=True).ok
    assert optimize(grown).merges == 1 and segment_count(grown) == 1
    assert not (live_generation(grown) / STAGING).exists()
