"""Integrity (issue 14): recorded checksums, `newsarchive check`, clear errors on a damaged
index, `/healthz`, and `newsarchive index --repair`.

The fault-injection test damages a copy of the real seed index more than a hundred times
(seeded random byte flips, truncations and deletions, spread over every file and every part
of the segment file), restoring the file after each, and asserts that `check` names the
changed file every time and that every read (CLI search, stats, export; the web API, the
health check and the export) gives the undamaged answer or a clear error: never a
traceback, "Aborted!", a 500 or a different answer.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.search.store import CHECKSUMS, CURRENT, live_generation, read_manifest
from newsarchive.web import create_app
from tests.conftest import SEEDS

FAULTS = 120  # with the read path checked after each
SILENT_FLIPS = 12  # flips that keep the file's size and modification time (disk bit rot)
QUERY = "border"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def answers(index_dir: Path) -> dict[str, object]:
    """What the reads answer: the CLI's exit status and output, the web's status and body."""
    found: dict[str, object] = {}
    for name, args in {"search": ["search", QUERY, "--json"], "stats": ["stats", "--json"],
                       "export": ["export", QUERY]}.items():
        result = invoke(*args, "--index", str(index_dir))
        found[name] = (result.exit_code, result.output, result.exception)
    return found


def web_answers(client) -> dict[str, object]:
    found = {}
    for url in (f"/api/search?q={QUERY}", "/healthz", f"/export.jsonl?q={QUERY}"):
        response = client.get(url)
        found[url] = (response.status_code, response.get_data(as_text=True))
    return found


def assert_right_or_clear(name: str, got: tuple, expected: tuple, fault: str) -> None:
    """The undamaged answer, or an error naming `newsarchive check`."""
    if got == expected:
        return
    if len(got) == 3:  # a command
        code, output, exception = got
        assert exception is None or isinstance(exception, SystemExit), (fault, name, output)
        assert code in (1, 2), (fault, name, code, output[-500:])
        assert "newsarchive check" in output, (fault, name, output[-500:])
    else:  # a web request
        status, body = got
        assert status == 503, (fault, name, status, body[:500])
        assert "newsarchive check" in body, (fault, name, body[:500])
    for text in ("Traceback", "Aborted!"):
        assert text not in str(got), (fault, name)


@pytest.fixture(scope="module")
def copy(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("integrity") / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    return index_dir


def targets(gen_dir: Path) -> list[tuple[str, int, int]]:
    """(file, first byte, length) of every file and every part of each segment file."""
    files = read_manifest(gen_dir)[CHECKSUMS]["files"]
    found = [(name, offset, length) for name, versions in sorted(files.items())
             for _label, offset, length, _crc in versions[-1]["parts"]]
    return [*found, ("manifest.json", 0, (gen_dir / "manifest.json").stat().st_size)]


def restore(path: Path, data: bytes, info: os.stat_result) -> None:
    """Put the file back in place (same inode when it is still there, as an open reader's
    memory map needs) with its old modification time."""
    with open(path, "r+b" if path.exists() else "wb") as handle:
        handle.write(data)
        handle.truncate(len(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_every_fault_is_detected_and_every_read_is_right_or_a_clear_error(copy: Path):
    gen_dir = live_generation(copy)
    expected = answers(copy)
    assert expected["search"][0] == 0 and json.loads(expected["search"][1])["total"] > 0
    assert invoke("check", "--index", str(copy)).exit_code == 0
    server = create_app({"INDEX_DIR": str(copy), "TESTING": True}).test_client()
    expected_web = web_answers(server)
    assert expected_web["/healthz"][0] == 200

    rng = random.Random(14)
    spots = targets(gen_dir)
    detected = injected = 0
    for number in range(FAULTS + SILENT_FLIPS):
        name, offset, length = spots[number % len(spots)]
        path = gen_dir / name
        data, info = path.read_bytes(), path.stat()
        silent = number >= FAULTS
        kind = "flip" if silent else rng.choices(["flip", "truncate", "delete"], [6, 2, 2])[0]
        where = offset + rng.randrange(length)
        if kind == "flip":
            with open(path, "r+b") as handle:
                handle.seek(where)
                handle.write(bytes([data[where] ^ rng.randrange(1, 256)]))
            if silent:
                os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        elif kind == "truncate":
            os.truncate(path, where)
        else:
            path.unlink()
        fault = f"{kind} {name} at {where}"
        injected += 1
        try:
            check = invoke("check", "--index", str(copy))
            assert check.exception is None or isinstance(check.exception, SystemExit), fault
            if check.exit_code == 1 and name in check.output:
                detected += 1
            assert check.exit_code == 1 and name in check.output, (fault, check.output)
            assert "newsarchive index --repair" in check.output, (fault, check.output)
            if silent:
                continue  # found by `check` and `index`, not by each read (see README)
            for key, got in answers(copy).items():
                assert_right_or_clear(key, got, expected[key], fault)
            clients = {"running": server}
            if number % 5 == 0:
                clients["fresh"] = create_app({"INDEX_DIR": str(copy),
                                               "TESTING": True}).test_client()
            for label, client in clients.items():
                for url, got in web_answers(client).items():
                    assert_right_or_clear(f"{label} {url}", got, expected_web[url], fault)
        finally:
            restore(path, data, info)
    assert detected == injected
    # and the restored copy is whole again, for readers old and new
    assert invoke("check", "--index", str(copy)).exit_code == 0
    assert answers(copy) == expected
    assert web_answers(server) == expected_web


def test_a_missing_table_of_contents_or_link_is_damage_not_a_missing_index(copy: Path):
    gen_dir = live_generation(copy)
    toc = next(gen_dir.glob("_MAIN_*.toc"))
    data, info = toc.read_bytes(), toc.stat()
    toc.unlink()
    try:
        for args in (["search", QUERY], ["stats"], ["check"], ["check", "--quick"]):
            result = invoke(*args, "--index", str(copy))
            assert result.exit_code == 1, result.output
            assert "damaged" in result.output and "no index at" not in result.output
            assert toc.name in result.output
    finally:
        restore(toc, data, info)
    link = copy / CURRENT
    target = os.readlink(link)
    link.unlink()
    try:
        result = invoke("check", "--index", str(copy))
        assert result.exit_code == 1 and f"`{CURRENT}`" in result.output, result.output
    finally:
        os.symlink(target, link)
    assert invoke("check", "--index", str(copy)).exit_code == 0
    assert invoke("check", "--quick", "--index", str(copy)).exit_code == 0


def test_a_current_link_that_points_at_itself_is_damage_not_a_traceback(copy: Path):
    """`current -> current` printed a traceback (RuntimeError: Symlink loop) on every
    command and answered every page with a 500."""
    link = copy / CURRENT
    target = os.readlink(link)
    link.unlink()
    os.symlink(CURRENT, link)
    try:
        for args in (["search", QUERY], ["stats"], ["check"]):
            result = invoke(*args, "--index", str(copy))
            assert result.exit_code == 1, result.output
            assert "damaged" in result.output and "Traceback" not in result.output
        client = create_app({"INDEX_DIR": str(copy), "TESTING": True}).test_client()
        assert client.get("/healthz").status_code == 503
        assert client.get("/?q=border").status_code == 503
    finally:
        link.unlink()
        os.symlink(target, link)
    assert invoke("check", "--index", str(copy)).exit_code == 0


def test_healthz_answers_503_with_the_reason_when_a_served_file_is_truncated(copy: Path):
    gen_dir = live_generation(copy)
    segment = next(gen_dir.glob("*.seg"))
    data, info = segment.read_bytes(), segment.stat()
    client = create_app({"INDEX_DIR": str(copy), "TESTING": True}).test_client()
    assert client.get("/api/search?q=border").status_code == 200  # the segment is mapped
    os.truncate(segment, len(data) // 2)
    try:
        health = client.get("/healthz")
        assert health.status_code == 503
        body = health.get_json()
        assert body["status"] == "damaged" and segment.name in body["detail"]
        assert "newsarchive check" in body["detail"]
        api = client.get("/api/search?q=border")
        assert api.status_code == 503 and "newsarchive check" in api.get_json()["error"]
        page = client.get("/?q=border")
        assert page.status_code == 503 and b"newsarchive check" in page.data
    finally:
        restore(segment, data, info)
    assert client.get("/healthz").status_code == 200


def ranked(index_dir: Path, query: str) -> dict:
    result = invoke("search", query, "--json", "--limit", "100", "--index", str(index_dir))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    return {"total": data["total"], "facets": data["facets"],
            "hits": {hit["id"]: hit for hit in data["hits"]}}


def damage(index_dir: Path, part_suffix: str, at: float = 0.5) -> str:
    """Flip one byte in the middle of a segment part; returns the segment file's name."""
    gen_dir = live_generation(index_dir)
    files = read_manifest(gen_dir)[CHECKSUMS]["files"]
    for name, versions in files.items():
        for label, offset, length, _crc in versions[-1]["parts"]:
            if label.endswith(part_suffix):
                with open(gen_dir / name, "r+b") as handle:
                    handle.seek(offset + int(length * at))
                    byte = handle.read(1)
                    handle.seek(offset + int(length * at))
                    handle.write(bytes([byte[0] ^ 0x5A]))
                return name
    raise AssertionError(f"no part {part_suffix}")


@pytest.mark.parametrize("part, repaired", [
    ("._stored.col", "1 damaged article re-read from its file"),
    (".pst", "the damaged index was rebuilt"),
])
def test_index_repairs_the_exact_articles_and_results(seed_index: Path, tmp_path: Path,
                                                       part: str, repaired: str):
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    queries = ["border", "oil", "", '"trade deficit"', "country:Canada"]
    before = {q: ranked(index_dir, q) for q in queries}
    articles = json.loads(invoke("stats", "--json", "--index", str(index_dir)).output)["articles"]
    name = damage(index_dir, part)
    check = invoke("check", "--index", str(index_dir))
    assert check.exit_code == 1 and name in check.output, check.output
    if part == "._stored.col":
        assert "1 article cannot be read" in check.output, check.output
    done = invoke("index", str(SEEDS), "--index", str(index_dir), "-q",
                  *(["--repair"] if part == ".pst" else []))
    assert done.exit_code == 0, done.output
    assert f"repaired: {repaired}" in done.output, done.output
    assert invoke("check", "--index", str(index_dir)).exit_code == 0
    stats = json.loads(invoke("stats", "--json", "--index", str(index_dir)).output)
    assert stats["articles"] == articles
    assert {q: ranked(index_dir, q) for q in queries} == before
    again = invoke("index", str(SEEDS), "--index", str(index_dir), "-q")
    assert "0 indexed" in again.output and "repaired" not in again.output, again.output


def test_an_index_of_no_articles_is_checked_ok_not_damaged(tmp_path: Path):
    """An empty folder's index has no segment: `check` read Whoosh's empty reader as one and
    called it damaged, and the repair it advised changed nothing."""
    (tmp_path / "empty").mkdir()
    index_dir = tmp_path / "ix"
    assert invoke("index", str(tmp_path / "empty"), "--index", str(index_dir)).exit_code == 0
    check = invoke("check", "--index", str(index_dir))
    assert check.exit_code == 0, check.output
    assert "0 articles" in check.output and "damaged" not in check.output
