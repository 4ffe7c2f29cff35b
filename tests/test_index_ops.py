"""Index operations (issue 5, part 2) through the real CLI: incremental runs decided by content
hashes, one writer at a time, rebuild + atomic swap followed by open readers, aliases
re-applied without NER."""

from __future__ import annotations

import json
from pathlib import Path

from newsarchive.cli import cli
from newsarchive.indexer.writer import write_lock
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.schema import SCHEMA_VERSION
from newsarchive.search.store import live_generation, read_manifest, write_manifest
from newsarchive.web import create_app

REPO = Path(__file__).resolve().parent.parent
SEED_RECORDS = REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl"


def small_archive(root: Path, count: int = 4) -> Path:
    """A few Reuters records as JSON Lines plus one text article."""
    root.mkdir(parents=True)
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()[:count]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "note.txt").write_text("Border talks\n\nFinland and Russia discussed the border "
                                   "crossing at Vaalimaa on Tuesday.\n", encoding="utf-8")
    return root


def index(runner, root: Path, index_dir: Path, *extra: str, command: str = "index"):
    result = runner.invoke(cli, [command, str(root), "--index", str(index_dir), "-q", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_incremental_runs_index_only_what_changed(runner, tmp_path):
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    assert "5 indexed, 0 unchanged, 0 removed" in index(runner, root, index_dir)
    files = sorted(p.name for p in live_generation(index_dir).iterdir())
    assert "0 indexed, 5 unchanged, 0 removed" in index(runner, root, index_dir)
    # a run that changed nothing commits nothing: readers keep theirs, the archive's
    # resolution is not recomputed, and no half-made segment is left behind
    assert sorted(p.name for p in live_generation(index_dir).iterdir()) == files

    lines = (root / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["body"] += "\nA late correction mentions zeppelins."
    lines[0] = json.dumps(record)
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "note.txt").unlink()
    assert "1 indexed, 3 unchanged, 1 removed" in index(runner, root, index_dir)

    reader = open_archive(index_dir).current()
    assert reader.search(SearchRequest(query="zeppelins")).total == 1
    assert reader.search(SearchRequest(query="vaalimaa")).total == 0
    assert reader.stats()["articles"] == 4


def test_a_second_writer_gets_a_clear_message_and_writes_nothing(runner, tmp_path):
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    with write_lock(index_dir):
        result = runner.invoke(cli, ["index", str(root), "--index", str(index_dir), "-q"])
    assert result.exit_code == 2
    assert "another newsarchive run is writing" in result.output
    assert not (index_dir / "current").exists()
    assert "5 indexed" in index(runner, root, index_dir)  # the lock is gone with its holder


def test_reindex_swaps_in_a_new_generation_that_open_handles_follow(runner, tmp_path):
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    index(runner, root, index_dir)
    handle = open_archive(index_dir)
    before = handle.current()
    (root / "extra.txt").write_text("Zeppelin news\n\nA zeppelin landed.\n", encoding="utf-8")
    assert "6 indexed" in index(runner, root, index_dir, command="reindex")
    after = handle.current()
    assert after is not before
    assert after.generation.directory != before.generation.directory
    assert after.search(SearchRequest(query="zeppelin")).total == 1
    # a request still holding the old reader keeps getting answers from the old generation
    assert before.search(SearchRequest(query="zeppelin")).total == 0
    assert before.search(SearchRequest(query="border")).total >= 1


def test_changed_aliases_are_applied_without_a_new_ner_pass(runner, tmp_path):
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    index(runner, root, index_dir)
    countries = dict(open_archive(index_dir).current().facet_values("country", top=None))
    assert "Finland" in countries
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("[countries]\nSuomi = Finland\n", encoding="utf-8")
    output = index(runner, root, index_dir, "--aliases", str(aliases))
    assert "0 indexed, 5 unchanged" in output and "aliases: 1 value renamed or hidden" in output
    renamed = dict(open_archive(index_dir).current().facet_values("country", top=None))
    assert "Finland" not in renamed and renamed["Suomi"] == countries["Finland"]
    # same aliases again: nothing to redo
    assert "aliases:" not in index(runner, root, index_dir, "--aliases", str(aliases))


def test_an_index_of_an_older_schema_is_rebuilt_when_the_run_names_all_its_folders(
        runner, tmp_path):
    """`make run` on a machine with an index written by an older newsarchive just works;
    a run that would drop folders of that index is told how to rebuild it instead."""
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    index(runner, root, index_dir)
    other = small_archive(tmp_path / "other", count=2)
    live = live_generation(index_dir)
    write_manifest(live, {**read_manifest(live), "schema_version": SCHEMA_VERSION - 1})

    # readers do not open it (its pickled schema may name modules this version lacks)
    searched = runner.invoke(cli, ["search", "border", "--index", str(index_dir)])
    assert searched.exit_code == 2 and "written by another newsarchive" in searched.output
    page = create_app({"INDEX_DIR": str(index_dir)}).test_client().get("/api/search?q=x")
    assert page.status_code == 503 and "newsarchive index" in page.get_json()["error"]

    refused = runner.invoke(cli, ["index", str(other), "--index", str(index_dir), "-q"])
    assert refused.exit_code == 2
    assert f"schema version {SCHEMA_VERSION - 1}" in refused.output
    assert "newsarchive reindex" in refused.output and str(root.resolve()) in refused.output

    output = index(runner, root, index_dir)
    assert "5 indexed, 0 unchanged" in output
    assert f"rebuilt from schema version {SCHEMA_VERSION - 1} to {SCHEMA_VERSION}" in output
    assert read_manifest(live_generation(index_dir))["schema_version"] == SCHEMA_VERSION
    assert open_archive(index_dir).current().search(SearchRequest(query="border")).total >= 1


def test_stats_reports_the_generation_and_dates(runner, seed_index):
    result = runner.invoke(cli, ["stats", "--json", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["generation"].startswith("gen-")
    assert info["dates"]["first"] == "1987-02-26"


def test_progress_lines_off_a_terminal_show_rate_and_eta(runner, tmp_path, monkeypatch):
    import newsarchive.indexer.progress as progress

    monkeypatch.setattr(progress, "LOG_EVERY_SECONDS", 0.0)
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    result = runner.invoke(cli, ["index", str(root), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("indexing:")]
    assert lines and "/5 articles" in lines[-1] and "/s" in lines[-1] and "ETA" in lines[0]


def test_a_run_without_aliases_keeps_the_last_aliases_file_until_told_not_to(runner, tmp_path):
    """A daily `newsarchive index archive/` without --aliases undid a journalist's curation,
    saying only "aliases: 1 value renamed or hidden"."""
    root, index_dir = small_archive(tmp_path / "archive"), tmp_path / "index"
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("[countries]\nSuomi = Finland\n", encoding="utf-8")
    index(runner, root, index_dir, "--aliases", str(aliases))
    aliases.unlink()  # the index kept its own copy

    def countries() -> dict[str, int]:
        return dict(open_archive(index_dir).current().facet_values("country", top=None))

    output = index(runner, root, index_dir)
    assert "the rules of the last --aliases file, kept in" in output
    assert "Suomi" in countries() and "Finland" not in countries()
    assert "Suomi" in countries() and "kept in" in index(runner, root, index_dir,
                                                          command="reindex")
    output = index(runner, root, index_dir, "--no-aliases")
    assert "aliases: 0 values renamed or hidden" in output and "kept in" not in output
    assert "Finland" in countries() and "Suomi" not in countries()
    assert "kept in" not in index(runner, root, index_dir)  # forgotten
    aliases.write_text("[countries]\nSuomi = Finland\n", encoding="utf-8")
    both = runner.invoke(cli, ["index", str(root), "--index", str(index_dir), "--no-aliases",
                               "--aliases", str(aliases)])
    assert both.exit_code == 2 and "opposite" in both.output
