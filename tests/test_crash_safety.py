"""Crash safety (issue 7.2): `kill -9` an `index` or `reindex` run at several points; the index
still opens and serves the state before the run, and the next run ends with the exact
expected article count. Real processes, the real spaCy model, a real index on disk.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsarchive.web import create_app

REPO = Path(__file__).resolve().parent.parent
SEED_RECORDS = REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl"
BEFORE, ADDED = 40, 200  # articles indexed before the crashes, articles the crashed runs add
# The real CLI in a real process, with progress lines every 0.2 s instead of every 10 s, so the
# test can kill a run while it is writing articles, however fast the machine is.
CLI_WITH_FREQUENT_PROGRESS = (
    "import newsarchive.indexer.progress as p; p.LOG_EVERY_SECONDS = 0.2; "
    "from newsarchive.cli import cli; cli(prog_name='newsarchive')"
)


def write_records(path: Path, prefix: str, count: int, marker: str) -> None:
    """count Reuters stories with fresh ids, each carrying a marker word to count them by."""
    records = [json.loads(line) for line in SEED_RECORDS.read_text().splitlines()]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = dict(records[n % len(records)], id=f"{prefix}{n}")
            record["body"] = f"{record.get('body', '')}\n{marker}"
            out.write(json.dumps(record) + "\n")


def newsarchive(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", CLI_WITH_FREQUENT_PROGRESS, *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsarchive", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=600)


def kill_when(process: subprocess.Popen[str], seconds: float | None = None,
              output_contains: str | None = None) -> str:
    """SIGKILL the process (and its group) after some seconds or once it prints a text."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + (seconds if seconds is not None else 300)
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.05)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if output_contains and output_contains in line:
            break
    assert process.poll() is None, "the run finished before it could be killed:\n" + "".join(seen)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return "".join(seen)


def stats(index_dir: Path) -> dict:
    done = run("stats", "--index", str(index_dir), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def served_total(index_dir: Path, query: str) -> int:
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    return response.get_json()["total"]


@pytest.fixture()
def archive(tmp_path: Path) -> tuple[Path, Path]:
    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    write_records(root / "before.jsonl", "a", BEFORE, "crashbefore")
    done = run("index", str(root), "--index", str(index_dir), "-q")
    assert done.returncode == 0, done.stderr
    write_records(root / "added.jsonl", "b", ADDED, "crashadded")
    return root, index_dir


def assert_previous_state(index_dir: Path, generation: str) -> None:
    info = stats(index_dir)
    assert info["articles"] == BEFORE
    assert info["generation"] == generation
    assert served_total(index_dir, "crashbefore") == BEFORE
    assert served_total(index_dir, "crashadded") == 0


def test_killed_runs_leave_the_previous_state_and_the_next_run_completes(
        archive: tuple[Path, Path]) -> None:
    root, index_dir = archive
    generation = stats(index_dir)["generation"]
    # 1. during start-up (imports, lock, reading the index)
    kill_when(newsarchive("index", str(root), "--index", str(index_dir)), seconds=1.0)
    assert_previous_state(index_dir, generation)
    # 2. in the middle of entity recognition and writing, once progress shows articles
    kill_when(newsarchive("index", str(root), "--index", str(index_dir)),
              output_contains="indexing:")
    assert_previous_state(index_dir, generation)
    # 3. a rebuild killed half-way: the live generation is untouched
    kill_when(newsarchive("reindex", str(root), "--index", str(index_dir)),
              output_contains="indexing:")
    assert_previous_state(index_dir, generation)
    # 4. the next run takes the lock of the dead ones and ends with the exact count
    done = run("index", str(root), "--index", str(index_dir), "-q")
    assert done.returncode == 0, done.stderr
    assert f"{ADDED} indexed, {BEFORE} unchanged, 0 removed" in done.stderr
    assert stats(index_dir)["articles"] == BEFORE + ADDED
    assert served_total(index_dir, "crashadded") == ADDED
    assert served_total(index_dir, "crashbefore") == BEFORE
    # 5. and a rebuild after all that still gives exactly the same archive
    done = run("reindex", str(root), "--index", str(index_dir), "-q")
    assert done.returncode == 0, done.stderr
    assert stats(index_dir)["articles"] == BEFORE + ADDED
