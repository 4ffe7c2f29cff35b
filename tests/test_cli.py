"""The command line: the slice from files to a searchable, faceted index, and its contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from newsarchive.cli import cli
from tests.conftest import REPO, SEED_ARTICLE_ID, SEEDS

HIT_KEYS = {"id", "title", "title_html", "date", "url", "source", "snippet", "persons",
            "countries", "orgs", "same_as"}
EXTRACT_KEYS = {"id", "path", "url", "title", "date", "author", "source", "language", "body",
                "persons", "countries", "orgs", "extracted_by"}


def search_json(runner, index: Path, *args: str) -> dict:
    result = runner.invoke(cli, ["search", *args, "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_search_border_finds_the_seed_with_its_entities(runner, seed_index):
    data = search_json(runner, seed_index, "border")
    assert set(data) >= {"total", "page", "hits", "facets", "suggestion"}
    assert data["page"] == 1 and data["total"] >= 1
    seed = next(hit for hit in data["hits"] if hit["id"] == SEED_ARTICLE_ID)
    assert set(seed) == HIT_KEYS
    assert "Dmitry Peskov" in seed["persons"]
    assert {"Finland", "Russia"} <= set(seed["countries"])
    assert "NATO" in seed["orgs"]
    assert "<mark>" in seed["snippet"]


def test_facets_carry_counts_over_the_whole_result(runner, seed_index):
    data = search_json(runner, seed_index, "border", "--limit", "1")
    assert len(data["hits"]) == 1
    for key in ("persons", "countries", "orgs"):
        assert data["facets"][key], key
        for value, count in data["facets"][key]:
            assert isinstance(value, str) and isinstance(count, int) and count >= 1
    countries = dict(data["facets"]["countries"])
    assert countries["Finland"] >= 1
    # a facet's count is exactly the number of hits when filtering by it
    filtered = search_json(runner, seed_index, "border", "--country", "Finland")
    assert filtered["total"] == countries["Finland"]
    # the publications too, exactly, and in the text output as a line of their own
    sources = dict(search_json(runner, seed_index, "")["facets"]["sources"])
    assert sources["Reuters"] == search_json(runner, seed_index, "", "--source",
                                             "Reuters")["total"]
    text = runner.invoke(cli, ["search", "", "--index", str(seed_index)]).output
    assert any(line.startswith("sources: Reuters (300)") for line in text.splitlines()), text


def test_filters_and_across_facets(runner, seed_index):
    everything = search_json(runner, seed_index, "")
    narrowed = search_json(runner, seed_index, "", "--country", "Finland", "--org", "NATO")
    assert 1 <= narrowed["total"] < everything["total"]
    for hit in narrowed["hits"]:
        assert "Finland" in hit["countries"] and "NATO" in hit["orgs"]


def test_ids_follow_the_contract(runner, seed_index):
    data = search_json(runner, seed_index, "", "--limit", "100")
    ids = [hit["id"] for hit in data["hits"]]
    assert data["total"] > 300
    reuters = [i for i in ids if i.startswith("reuters/reuters21578-sample.jsonl#")]
    assert reuters, ids[:5]
    first_line = json.loads((SEEDS / "reuters/reuters21578-sample.jsonl").open().readline())
    everything = search_json(runner, seed_index, f'"{first_line["title"].lower()}"')
    assert f"reuters/reuters21578-sample.jsonl#{first_line['id']}" in [
        hit["id"] for hit in everything["hits"]]


def test_extract_json_lines(runner):
    result = runner.invoke(cli, ["extract", str(SEEDS / "text"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    article = lines[0]
    assert set(article) == EXTRACT_KEYS
    assert article["id"] == "newsweek-kremlin-nato-troops-finland.txt"
    assert article["title"].startswith("NATO")
    assert "Jacek Siewiera" in article["persons"]
    assert "Getty Images" not in article["body"]


def test_stats_counts_the_archive(runner, seed_index):
    result = runner.invoke(cli, ["stats", "--index", str(seed_index), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["articles"] > 300
    assert info["distinct"]["countries"] > 10


def test_entities_lists_values_with_counts(runner, seed_index):
    result = runner.invoke(cli, ["entities", "--index", str(seed_index), "--facet", "countries",
                                 "--top", "5", "--json"])
    assert result.exit_code == 0, result.output
    values = json.loads(result.output)
    assert len(values) == 5
    counts = [count for _, count in values]
    assert counts == sorted(counts, reverse=True)


def test_entities_prefix_finds_a_surname_and_says_when_nothing_has_it(runner, seed_index):
    """The README's `--prefix Pesk` printed nothing at all (only values' starts counted)."""
    found = runner.invoke(cli, ["entities", "--index", str(seed_index), "--prefix", "Pesk"])
    assert found.exit_code == 0 and found.output.split() == ["1", "Dmitry", "Peskov"]
    none = runner.invoke(cli, ["entities", "--index", str(seed_index), "--prefix", "zzz"])
    assert none.exit_code == 0
    assert none.output == "no value in persons with a word starting with 'zzz'\n"


def test_search_prints_no_control_characters_from_articles(runner, tmp_path):
    """A story holding "\\x1b]0;pwned\\x07" retitled the terminal window of whoever searched
    for it, and rang its bell."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "ctrl.txt").write_text("Ctrlword report \x07\n\nThe ctrlword story "
                                      "\x1b]0;pwned\x07 ends here.\n", encoding="utf-8")
    index = runner.invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix"), "-q"])
    assert index.exit_code == 0, index.output
    result = runner.invoke(cli, ["search", "ctrlword", "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0 and "1 article(s)" in result.output, result.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output), result.output
    assert "Ctrlword report" in result.output


def test_missing_index_is_a_clear_message(runner, tmp_path):
    result = runner.invoke(cli, ["search", "anything", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no index at" in result.output and "newsarchive index" in result.output
    assert "Traceback" not in result.output


def test_every_command_has_help_and_is_documented(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name
        assert command.help, f"{name} has no docstring"
        assert re.search(rf"newsarchive {name}\b", readme), f"README does not document {name}"


def test_a_model_that_is_not_installed_is_a_clear_message(runner, tmp_path):
    for args in (["index", str(SEEDS / "text"), "--index", str(tmp_path / "index"), "--quiet"],
                 ["extract", str(SEEDS / "text")]):
        result = runner.invoke(cli, [*args, "--model", "no_such_model_xx"])
        assert result.exit_code == 2, result.output
        assert "'no_such_model_xx' is not installed" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_query_beginning_with_a_minus_is_the_query_not_an_option(runner, seed_index, tmp_path):
    negated = search_json(runner, seed_index, "-finland", "--limit", "1")
    assert negated["total"] == search_json(runner, seed_index, "NOT finland")["total"] > 0
    out = tmp_path / "out.csv"
    result = runner.invoke(cli, ["export", "-finland", "--index", str(seed_index), "-o", str(out),
                                 "--format", "csv", "--no-body"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") > negated["total"]  # a row per article


def test_index_names_the_files_it_skipped(runner, tmp_path):
    """The summary said "1 skipped" and no more; which file it was is on a line of its own."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "story.txt").write_text("Harbour plan\n\nThe council approved the harbour plan.\n")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert f"skipped: {root / 'photo.png'}: not an article file type (.png)" in result.output
    assert "1 indexed" in result.output and "1 skipped" in result.output
    quiet = runner.invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix"), "-q"])
    assert "skipped: " not in quiet.output
    for n in range(24):  # a folder of images: the first 20 by name, the rest counted
        (root / f"image{n:02d}.jpg").write_bytes(b"\xff\xd8")
    many = runner.invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix")])
    assert many.output.count("not an article file type") == 20
    assert "skipped: 5 more" in many.output and "25 skipped" in many.output


def test_a_filter_value_no_article_has_is_offered_the_values_it_may_mean(runner, seed_index):
    # --person Bakr found nothing and said nothing: the seeds' Bakers are James and Howard
    result = runner.invoke(cli, ["search", "--person", "Bakr", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    baker = search_json(runner, seed_index, 'person:"James Baker"')["total"]
    assert result.output.splitlines()[:2] == [
        "0 article(s)", f"no article has --person 'Bakr'; did you mean: James Baker "
                        f"({baker}), Howard Baker (1)"]
    # a value holding the typed word: no one is only "Baker"
    bakers = search_json(runner, seed_index, "", "--person", "Baker")["unknown_filters"]
    assert bakers == [{"facet": "person", "value": "Baker",
                       "near": [["James Baker", baker], ["Howard Baker", 1]]}]
    typo = search_json(runner, seed_index, "", "--country", "Finlnd")
    assert typo["unknown_filters"] == [{"facet": "country", "value": "Finlnd",
                                        "near": [["Finland", 2]]}]
    # the counts are the search's with the value in place: none with "zebra"
    zebra = search_json(runner, seed_index, "zebra", "--person", "Bakr")
    assert zebra["unknown_filters"] == [{"facet": "person", "value": "Bakr", "near": []}]
    # two unknown values: each is counted mended with the other left out (with it in place,
    # every count was 0 and neither was offered anything)
    both = search_json(runner, seed_index, "trade", "--person", "Bakr", "--country", "Japn")
    alone = {hint["facet"]: hint["near"][0] for hint in both["unknown_filters"]}
    assert alone == {"person": ["James Baker", search_json(
        runner, seed_index, "trade", "--person", "James Baker")["total"]],
        "country": ["Japan", search_json(runner, seed_index, "trade", "--country",
                                         "Japan")["total"]]}
    # a publication no article is from (it printed only "0 article(s)")
    source = runner.invoke(cli, ["search", "", "--source", "Reutres", "--index",
                                 str(seed_index)])
    reuters = search_json(runner, seed_index, "", "--source", "Reuters")["total"]
    assert source.output.splitlines()[1] == (
        f"no article has --source 'Reutres'; did you mean: Reuters ({reuters})")
    # a value the archive has finds nothing for other reasons: no hint
    known = search_json(runner, seed_index, "zebra", "--person", "James Baker")
    assert known["total"] == 0 and known["unknown_filters"] == []
    assert search_json(runner, seed_index, "oil")["unknown_filters"] is None


def test_a_page_past_the_end_says_where_the_results_end(runner, seed_index):
    """`search oil --page 5` printed "23 article(s)" and nothing else."""
    total = search_json(runner, seed_index, "oil")["total"]
    last = -(-total // 10)
    result = runner.invoke(cli, ["search", "oil", "--page", str(last + 2), "--index",
                                 str(seed_index)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        f"There is no page {last + 2}: these results end on page {last}.")


def test_search_that_finds_nothing_says_what_each_word_finds_alone(runner, seed_index):
    result = runner.invoke(cli, ["search", "japan chips sanctions", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()[:2]
    assert first == "0 article(s)"
    alone = {word: search_json(runner, seed_index, word)["total"]
             for word in ("japan", "chips", "sanctions")}
    assert second == "each word alone: " + ", ".join(f"{w} {n}" for w, n in alone.items())


def test_a_file_or_stream_that_cannot_be_written_is_an_error_not_a_traceback(
        runner, seed_index, tmp_path):
    """export -o into a folder that does not exist, to a full disk, and a log file that
    cannot be opened each ended in a traceback."""
    index = ["--index", str(seed_index)]
    missing = tmp_path / "nowhere" / "x.csv"
    result = runner.invoke(cli, ["export", "oil", *index, "-o", str(missing)])
    assert result.exit_code == 1
    assert f"Error: cannot write {missing}: No such file or directory" in result.output
    log = tmp_path / "nowhere" / "log.txt"
    result = runner.invoke(cli, ["--log-file", str(log), "search", "oil", *index])
    assert result.exit_code == 1
    assert f"Error: cannot write the log file {log}: No such file or directory" in result.output
    if Path("/dev/full").exists():  # Linux: every write fails with "No space left on device"
        result = runner.invoke(cli, ["export", "", *index, "-o", "/dev/full"])
        assert result.exit_code == 1
        assert "Error: cannot write /dev/full: No space left on device" in result.output
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "newsarchive", "search", "oil", *index],
                                  stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
                                  cwd=REPO)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "Error: cannot write the output: No space left on device" in done.stderr


def test_on_a_terminal_a_broken_file_s_line_stands_above_the_progress_bar(tmp_path):
    """On a terminal the run draws a progress bar; a broken file's `error:` line was glued
    to the end of the bar's ("| 0/3 [00:00<?, ?article/s]error: ..."). It now starts a line
    of its own, and the bar is drawn again below it."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a-story.txt").write_text("Port reopens\n\nThe port of Oslo reopened on "
                                         "Tuesday after the storm, officials said.\n")
    (archive / "b-broken.html").write_bytes(b"\x00\x01\x02")
    (archive / "c-empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # 120 wide
    run = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "index", str(archive), "--index",
         str(tmp_path / "index")], stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal,
        cwd=REPO)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the run ended: its side of the terminal is closed
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert run.wait(timeout=120) == 1
    text = output.decode()
    assert "article/s" in text  # a bar was drawn
    starts = [match.start() for match in re.finditer("error: ", text)]
    assert len(starts) == 2, text
    assert all(at == 0 or text[at - 1] in "\r\n" for at in starts), text


def test_the_index_and_the_aliases_file_may_come_from_the_environment(tmp_path):
    """$NEWSARCHIVE_INDEX stands for --index in every command, and $NEWSARCHIVE_ALIASES for
    --aliases: the aliases file it names hides the value it lists."""
    from click.testing import CliRunner

    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(2):
        (archive / f"imf{i}.txt").write_text(
            f"Loan {i}\n\nWASHINGTON - The International Monetary Fund approved a loan "
            f"for Egypt on Friday, officials said.\n")
    aliases = tmp_path / "aliases.txt"
    aliases.write_text("[orgs]\n- International Monetary Fund\n", encoding="utf-8")
    env = {"NEWSARCHIVE_INDEX": str(tmp_path / "env-index")}
    runner = CliRunner(env=env)
    assert runner.invoke(cli, ["index", str(archive), "-q"]).exit_code == 0
    assert (tmp_path / "env-index" / "current").exists()
    found = json.loads(runner.invoke(cli, ["search", "loan", "--json"]).stdout)
    assert found["total"] == 2
    assert runner.invoke(cli, ["entities", "--facet", "orgs"]).stdout.split()[-3:] == [
        "International", "Monetary", "Fund"]
    hidden = CliRunner(env={**env, "NEWSARCHIVE_ALIASES": str(aliases)})
    assert hidden.invoke(cli, ["index", str(archive), "-q"]).exit_code == 0
    assert "International Monetary Fund" not in hidden.invoke(
        cli, ["entities", "--facet", "orgs"]).stdout


def test_a_run_with_nothing_changed_does_not_load_spacy(tmp_path):
    """The README: a run with nothing changed does no entity recognition, and spaCy is not
    even loaded."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "port.txt").write_text("Port reopens\n\nThe port of Oslo reopened on Tuesday "
                                      "after the storm, officials said.\n")
    program = ("import sys\nfrom newsarchive.cli import cli\n"
               "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
               "print('spacy' in sys.modules)\n")
    args = [sys.executable, "-c", program, "index", str(archive), "--index",
            str(tmp_path / "index"), "-q"]
    first = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=300)
    again = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=300)
    assert first.stdout.split() == ["True"], first.stderr
    assert again.stdout.split() == ["False"], again.stderr
    assert "0 indexed, 1 unchanged" in again.stderr
