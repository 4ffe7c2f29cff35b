"""Logging as the README documents it: problems and the server's access log through Python's
logging, as text or JSON lines, to standard streams or a file."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from newsarchive.cli import cli
from tests.conftest import SEED_ARTICLE_ID
from tests.servers import serving


def broken_archive(root: Path) -> Path:
    root.mkdir()
    (root / "broken.json").write_text('{"title": "cut off', encoding="utf-8")
    return root


def test_a_file_that_cannot_be_read_is_logged_as_text_by_default(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["index", "--quiet", "--index", str(tmp_path / "index"),
                                      str(broken_archive(tmp_path / "archive"))])
    assert result.exit_code == 1
    assert "error: " in result.stderr and "broken.json" in result.stderr


def test_json_logging_writes_one_object_per_problem(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--log-format", "json", "index", "--quiet", "--index",
                                      str(tmp_path / "index"),
                                      str(broken_archive(tmp_path / "archive"))])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [record["level"] for record in records] == ["error"]
    assert "broken.json" in records[0]["message"] and records[0]["logger"].startswith(
        "newsarchive.")


def test_the_log_file_takes_the_problems(tmp_path: Path) -> None:
    log = tmp_path / "newsarchive.log"
    result = CliRunner(env={"NEWSARCHIVE_LOG_FILE": str(log)}).invoke(
        cli, ["index", "--quiet", "--index", str(tmp_path / "index"),
              str(broken_archive(tmp_path / "archive"))])
    assert result.exit_code == 1 and "broken.json" not in result.stderr
    assert "error: " in log.read_text() and "broken.json" in log.read_text()


def test_the_level_hides_what_is_below_it_from_the_option_or_the_environment(
        tmp_path: Path) -> None:
    """`error` hides the `warning:` of a date that cannot be read, `critical` the `error:`
    of a broken file too; NEWSARCHIVE_LOG_LEVEL and NEWSARCHIVE_LOG_FORMAT act as the
    options do."""
    archive = broken_archive(tmp_path / "archive")
    (archive / "dated.json").write_text('{"title": "Port", "date": "2020-02-30", "body": '
                                        '"The port reopened on Tuesday."}', encoding="utf-8")

    runs = iter(range(10))

    def logged(*options: str, env: dict[str, str] | None = None) -> str:
        """The stderr of a run into a new index (an unchanged file is not read again)."""
        index = tmp_path / f"index{next(runs)}"
        result = CliRunner(env=env).invoke(cli, [*options, "index", "--quiet", "--index",
                                                 str(index), str(archive)])
        assert result.exit_code == 1, result.output
        return result.stderr

    everything = logged()
    assert "warning: " in everything and "error: " in everything
    for level, env in (("error", None), (None, {"NEWSARCHIVE_LOG_LEVEL": "error"})):
        shown = logged(*(("--log-level", level) if level else ()), env=env)
        assert "warning: " not in shown and "error: " in shown and "broken.json" in shown
    assert "broken.json" not in logged("--log-level", "critical")
    as_json = logged(env={"NEWSARCHIVE_LOG_FORMAT": "json"})
    assert [json.loads(line)["level"] for line in as_json.splitlines()
            if line.startswith("{")] == ["error", "warning"]


def test_an_unknown_level_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["--log-level", "loud", "stats"])
    assert result.exit_code == 2 and "--log-level" in result.output


def test_the_server_writes_its_access_log_as_json_lines(seed_index: Path, tmp_path: Path) -> None:
    log = tmp_path / "access.jsonl"
    program = (sys.executable, "-m", "newsarchive", "--log-format", "json", "--log-file", str(log))
    with serving(seed_index, tmp_path / "serve.out", program=program) as served:
        for path in ("/?q=trade", "/api/search?q=oil", f"/article/{SEED_ARTICLE_ID}",
                     "/no-such-page"):
            try:
                urllib.request.urlopen(served.base + path).read()
            except urllib.error.HTTPError as error:
                assert error.code == 404
    requests = [json.loads(line) for line in log.read_text().splitlines()
                if '"gunicorn.access"' in line]
    seen = {(record["request"].split()[1], record["status"]) for record in requests}
    assert ("/?q=trade", 200) in seen and ("/api/search?q=oil", 200) in seen
    assert ("/no-such-page", 404) in seen
    assert all(record["bytes"] > 0 and record["duration_ms"] >= 0 for record in requests
               if record["status"] == 200)
    # every line has the four keys; an access line's message is its combined-format line
    assert all({"time", "level", "logger", "message"} <= set(record) for record in requests)
    assert all(record["request"] in record["message"] for record in requests)


def test_by_default_the_access_log_is_gunicorn_s_combined_format(seed_index: Path,
                                                               tmp_path: Path) -> None:
    with serving(seed_index, tmp_path / "serve.out") as served:
        urllib.request.urlopen(served.base + "/api/search?q=oil").read()
    lines = (tmp_path / "serve.out").read_text().splitlines()
    assert any('"GET /api/search?q=oil HTTP/1.1" 200 ' in line and line.startswith("127.0.0.1")
               for line in lines), lines[-5:]
