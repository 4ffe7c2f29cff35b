"""Bad input: each broken file or record gives one clear SourceError, every good article survives.

The corpus is generated in tmp_path: binary, empty, truncated gzip, a 50 MB page, 10,000-deep
markup and JSON, malformed JSON lines, records without text, next to real good articles.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.cli import cli
from newsarchive.indexer.article import Article, RawArticle, SourceError
from newsarchive.indexer.clean import clean
from newsarchive.indexer.sources import Skipped, iter_sources

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "sources" / "newsweek-kremlin-nato-troops-finland.txt"
REUTERS = FIXTURES / "sources" / "reuters-sample.jsonl.gz"
PAGE = next((FIXTURES / "extraction" / "html").glob("57d46c9d*.html.gz"))
STORY = "The council approved the new harbour plan after a long debate on costs. " * 8


def warc_bytes(pages: list[tuple[str, bytes]]) -> tuple[bytes, list[int]]:
    """A gzip-compressed WARC with one HTML response record per page, and each record's end."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    ends = []
    for url, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        ends.append(buffer.tell())
    return buffer.getvalue(), ends


def reuters_lines() -> list[str]:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    # good articles
    shutil.copy(SEED, root / "good-seed.txt")
    (root / "good-page.html").write_bytes(gzip.decompress(PAGE.read_bytes()))
    # bad files
    (root / "binary.html").write_bytes(bytes(range(256)) * 64)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.json").write_text("  \n\n")
    (root / "truncated.html.gz").write_bytes(gzip.compress(PAGE.read_bytes() * 3)[:5000])
    (root / "truncated.jsonl.gz").write_bytes(
        gzip.compress("\n".join(reuters_lines()).encode())[:1500])
    (root / "huge.html").write_bytes(b"<html><body><p>" + b"word " * (10 * 1024 * 1024) + b"</p>")
    (root / "deep.html").write_text("<html><head><title>Deep</title></head><body>"
                                    + "<div>" * 10000 + f"<p>{STORY}</p>" + "</div>" * 10000)
    (root / "deep.json").write_text('{"title": "x", "body": ' + "[" * 10000 + "]" * 10000 + "}")
    (root / "notext.html").write_text("<html><head><title>Menu</title></head><body>"
                                      "<nav><a href='/'>Home</a></nav></body></html>")
    (root / "notext.json").write_text(json.dumps({"title": "Headline only", "body": "   "}))
    lines = reuters_lines()
    mixed = [lines[0], '{"title": "broken", "body": "unterminated', lines[1], "", "[1, 2]",
             json.dumps({"id": "empty-1", "title": "No body"}), lines[2]]
    (root / "mixed.jsonl").write_text("\n".join(mixed) + "\n")
    page = gzip.decompress(PAGE.read_bytes())
    warc, ends = warc_bytes([("https://example.com/1", page), ("https://example.com/2", page)])
    (root / "cut.warc.gz").write_bytes(warc[:-3000])  # the second record's payload is cut
    (root / "cut-early.warc.gz").write_bytes(warc[:ends[0] + 60])  # cut in its WARC headers
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return root


def run(root: Path) -> tuple[list[Article], list[SourceError], list[Skipped]]:
    """What the indexer does: read, clean, collect; nothing may raise but SourceError."""
    articles, errors, skipped = [], [], []
    for item in iter_sources(root):
        if isinstance(item, Skipped):
            skipped.append(item)
        elif isinstance(item, SourceError):
            errors.append(item)
        else:
            assert isinstance(item, RawArticle)
            try:
                articles.append(clean(item))
            except SourceError as error:
                errors.append(error)
    return articles, errors, skipped


def test_every_good_article_survives_and_each_failure_is_reported(corpus: Path) -> None:
    articles, errors, skipped = run(corpus)
    ids = {a.id for a in articles}
    reuters = [f"mixed.jsonl#{json.loads(line)['id']}" for line in reuters_lines()[:3]]
    truncated_jsonl_kept = {i for i in ids if i.startswith("truncated.jsonl.gz#")}
    warc_ok = {i for i in ids if i.startswith(("cut.warc.gz#", "cut-early.warc.gz#"))}
    assert len(warc_ok) == 2  # the first record of each
    good = {"good-seed.txt", "good-page.html", "deep.html", *reuters, *warc_ok}
    assert good <= ids
    assert ids - good == truncated_jsonl_kept
    assert [s.path for s in skipped] == ["image.png"]
    reasons = {(e.path, e.record): e.reason for e in errors}
    assert reasons[("binary.html", None)] == "binary file, not text"
    assert reasons[("empty.txt", None)] == "empty file"
    assert reasons[("blank.json", None)] == "empty file"
    assert reasons[("truncated.html.gz", None)].startswith("not valid gzip (truncated?)")
    assert reasons[("truncated.jsonl.gz", None)].startswith("not valid gzip (truncated?)")
    assert reasons[("huge.html", None)].startswith("too large")
    assert "nesting too deep" in reasons[("deep.json", None)]
    assert reasons[("notext.html", None)] == "no article text"
    assert reasons[("notext.json", None)] == "no article text"
    assert reasons[("mixed.jsonl", "2")].startswith("line 2: invalid JSON: ")
    assert reasons[("mixed.jsonl", "5")] == "line 5: not a JSON object"
    assert reasons[("mixed.jsonl", "empty-1")] == "no article text"
    (cut,) = [e for e in errors if e.path == "cut.warc.gz"]
    assert cut.reason == ("truncated WARC: the record is incomplete (the page of "
                          "https://example.com/2)") and cut.record
    assert reasons[("cut-early.warc.gz", None)] == "truncated WARC: cut off after record 1"
    assert len(errors) == len(reasons) == 14  # one error per bad input, no duplicates


def test_error_messages_name_the_file_and_record(corpus: Path) -> None:
    _, errors, _ = run(corpus)
    messages = {str(e) for e in errors}
    assert "binary.html: binary file, not text" in messages
    assert any(m.startswith("mixed.jsonl#2: line 2: invalid JSON: ") for m in messages)
    assert all("\n" not in m for m in messages)


def test_deep_markup_keeps_its_text(corpus: Path) -> None:
    articles, _, _ = run(corpus)
    deep = next(a for a in articles if a.id == "deep.html")
    assert deep.title == "Deep"
    assert "harbour plan" in deep.body


def test_a_date_that_cannot_be_read_is_reported_and_the_article_kept(tmp_path: Path) -> None:
    """31 February and 31/12/2020 were dropped without a word (the run said 0 failed)."""
    root = tmp_path / "archive"
    root.mkdir()
    records = [{"title": "Harbour", "body": "The council met.", "date": "2020-02-30"},
               {"title": "Vote", "body": "The council voted.", "date": "31/12/2020"},
               {"title": "Plan", "body": "The council planned.", "date": "2020-03-04"},
               # a zone offset no clock has lost the article ("offset must be a timedelta")
               {"title": "Zone", "body": "The council adjourned.",
                "date": "2020-01-01T10:00:00+99:00"}]
    (root / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert f"warning: {root / 'news.jsonl'}#1: the date '2020-02-30' cannot be read as a " \
           "date; the article is indexed without one" in result.output
    assert f"warning: {root / 'news.jsonl'}#2: the date '31/12/2020'" in result.output
    assert f"warning: {root / 'news.jsonl'}#4: the date '2020-01-01T10:00:00+99:00'" in \
        result.output
    assert "news.jsonl#3" not in result.output and "4 indexed" in result.output
    extracted = CliRunner().invoke(cli, ["extract", str(root / "news.jsonl")])
    assert f"warning: {root / 'news.jsonl'}#1: the date '2020-02-30'" in extracted.output


def test_an_article_too_long_for_the_entity_model_is_indexed_with_the_rest(
        tmp_path: Path) -> None:
    """A text of over 1,000,000 characters made spaCy raise, and the traceback stopped the
    run: no article of it was kept, and every later run stopped the same way."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "long.txt").write_text("Long report\n\nOSLO - " + "a" * 1_000_001 + "\n")
    (root / "good.txt").write_text("Norway budget\n\nOSLO - The Norwegian government said "
                                   "on Monday that the budget would pass.\n")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "2 indexed" in result.output and "0 failed" in result.output, result.output


def test_an_index_kept_inside_the_archive_is_skipped_not_read(tmp_path: Path) -> None:
    """`index arch --index arch/idx` read the index's own files as articles: every run failed
    ("idx/gen-000001/manifest.json: no article text")."""
    root = tmp_path / "arch"
    root.mkdir()
    (root / "good.txt").write_text("Norway budget\n\nOSLO - The budget would pass, the "
                                   "government said on Monday.\n")
    for _run in range(2):  # the first run and the next
        result = CliRunner().invoke(cli, ["index", str(root), "--index", str(root / "idx")])
        assert result.exit_code == 0, result.output
        assert f"skipped: {root / 'idx'}: a newsarchive index, not articles" in result.output
        assert "0 failed" in result.output and "error" not in result.output, result.output


def test_unreadable_root_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (item,) = list(iter_sources(tmp_path / "missing"))
    assert isinstance(item, SourceError)
    assert item.reason == "no such file or directory"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(["html", "text"]))
def test_clean_raises_only_source_errors_on_any_bytes(data: bytes, kind: str) -> None:
    raw = RawArticle(id="f", path="f", kind=kind, data=data)
    try:
        article = clean(raw)
    except SourceError as error:
        assert error.reason and error.path == "f"
    else:
        assert article.body.strip()


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@settings(max_examples=80, deadline=None)
@given(record=st.dictionaries(st.sampled_from(["title", "body", "text", "date", "author", "url",
                                               "source", "id", "content", "byline"]),
                              _JSON, max_size=6))
def test_clean_raises_only_source_errors_on_any_record(record: dict) -> None:
    raw = RawArticle(id="r#1", path="r", kind="record", fields=record, record_id="1")
    try:
        article = clean(raw)
    except SourceError as error:
        assert error.record == "1"
    else:
        assert isinstance(article.title, str) and article.body.strip()
        assert article.date is None or article.date[:4].isdigit()


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.binary(max_size=200), max_size=8))
def test_jsonl_reader_never_raises(tmp_path_factory: pytest.TempPathFactory,
                                   lines: list[bytes]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "f.jsonl"
    path.write_bytes(b"\n".join(lines))
    for item in iter_sources(path):
        assert isinstance(item, RawArticle | SourceError)


def _story(root: Path, name: str, place: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(f"A story from {place}\n\n{place}, March 3 - {STORY}\n")


def test_two_folders_with_the_same_file_name_index_the_first_and_name_the_second(
        tmp_path: Path) -> None:
    _story(tmp_path / "a", "same.txt", "Berlin")
    _story(tmp_path / "b", "same.txt", "Paris")
    _story(tmp_path / "b", "other.txt", "Madrid")
    index = ["--index", str(tmp_path / "ix")]
    for _ in range(2):  # and again on the next run (its stamp is not kept)
        result = CliRunner().invoke(cli, ["index", str(tmp_path / "a"), str(tmp_path / "b"),
                                          *index])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert (f"{tmp_path / 'b' / 'same.txt'}: not indexed: its article id 'same.txt' is "
                f"that of {tmp_path / 'a' / 'same.txt'}") in result.output
        assert "1 failed" in result.output
    found = CliRunner().invoke(cli, ["search", "--json", "story", *index])
    hits = {hit["id"]: hit["title"] for hit in json.loads(found.output)["hits"]}
    assert hits == {"same.txt": "A story from Berlin", "other.txt": "A story from Madrid"}


def test_a_folder_given_twice_is_read_once(tmp_path: Path) -> None:
    _story(tmp_path / "a", "one.txt", "Berlin")
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "a"), str(tmp_path / "a" / "."),
                                      "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "1 indexed, 0 unchanged, 0 removed, 0 skipped, 0 failed" in result.output


def test_a_folder_inside_another_is_refused_before_anything_is_indexed_twice(
        tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    _story(archive / "2024", "one.txt", "Berlin")
    index = ["--index", str(tmp_path / "ix")]
    both = CliRunner().invoke(cli, ["index", str(archive), str(archive / "2024"), *index])
    assert both.exit_code == 2
    assert f"Error: {archive / '2024'} is inside {archive}, also given" in both.output
    assert CliRunner().invoke(cli, ["index", str(archive), *index]).exit_code == 0
    inner = CliRunner().invoke(cli, ["index", str(archive / "2024"), *index])
    assert inner.exit_code == 2
    assert (f"Error: {archive / '2024'} is inside {archive}, which this index holds: run "
            f"`newsarchive index {archive}`") in inner.output
    found = CliRunner().invoke(cli, ["search", "--json", "story", *index])
    assert [hit["id"] for hit in json.loads(found.output)["hits"]] == ["2024/one.txt"]
    rebuilt = CliRunner().invoke(cli, ["reindex", str(archive / "2024"), *index])
    assert rebuilt.exit_code == 0, rebuilt.output  # reindex starts afresh: any folder
    outer = CliRunner().invoke(cli, ["index", str(archive), *index])
    assert outer.exit_code == 2
    assert f"Error: {archive} holds {archive / '2024'}, which this index holds" in outer.output


def _ids(tmp_path: Path) -> dict[str, str]:
    found = CliRunner().invoke(cli, ["search", "--json", "story", "--index", str(tmp_path / "ix")])
    return {hit["id"]: hit["title"] for hit in json.loads(found.output)["hits"]}


def test_two_runs_on_two_folders_with_the_same_file_name_keep_the_first(tmp_path: Path) -> None:
    """`index a` then `index b`, each holding x.txt: the second run replaced a's story with
    b's, said "1 indexed" and exited 0 (and `index a` swapped them back)."""
    _story(tmp_path / "a", "x.txt", "Berlin")
    _story(tmp_path / "b", "x.txt", "Paris")
    index = ["--index", str(tmp_path / "ix")]
    assert CliRunner().invoke(cli, ["index", str(tmp_path / "a"), *index]).exit_code == 0
    second = CliRunner().invoke(cli, ["index", str(tmp_path / "b"), *index])
    assert second.exit_code == 1, second.output
    assert (f"error: {tmp_path / 'b' / 'x.txt'}: not indexed: its article id 'x.txt' is that "
            f"of {tmp_path / 'a' / 'x.txt'}, which this index holds") in second.output
    assert _ids(tmp_path) == {"x.txt": "A story from Berlin"}


def test_a_renamed_folder_moves_its_articles_and_says_what_its_old_name_still_holds(
        tmp_path: Path) -> None:
    _story(tmp_path / "old", "kept.txt", "Berlin")
    _story(tmp_path / "old", "deleted.txt", "Paris")
    index = ["--index", str(tmp_path / "ix")]
    assert CliRunner().invoke(cli, ["index", str(tmp_path / "old"), *index]).exit_code == 0
    (tmp_path / "old").rename(tmp_path / "new")
    (tmp_path / "new" / "deleted.txt").unlink()
    moved = CliRunner().invoke(cli, ["index", str(tmp_path / "new"), *index])
    assert moved.exit_code == 0, moved.output
    assert (f"warning: {tmp_path / 'old'} is not there; the index still holds 1 article read "
            "from it") in moved.output
    assert _ids(tmp_path) == {"kept.txt": "A story from Berlin",
                              "deleted.txt": "A story from Paris"}


def test_a_folder_that_cannot_be_read_is_an_error_and_its_articles_are_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder without read permission was skipped without a word, and the articles indexed
    from it were removed ("2 removed", exit 0). (As root, permissions do not stop a read: the
    refusal is the one os.scandir raises for such a folder.)"""
    from newsarchive.indexer import sources

    archive = tmp_path / "archive"
    _story(archive, "top.txt", "Madrid")
    _story(archive / "closed", "inner.txt", "Berlin")
    index = ["--index", str(tmp_path / "ix")]
    assert CliRunner().invoke(cli, ["index", str(archive), *index]).exit_code == 0
    scandir = sources.os.scandir

    def refusing(path):
        if Path(path) == archive / "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(sources.os, "scandir", refusing)
    again = CliRunner().invoke(cli, ["index", str(archive), *index])
    assert again.exit_code == 1, again.output
    assert (f"error: {archive / 'closed'}: cannot read this folder (Permission denied): the "
            "articles indexed from it are kept") in again.output
    assert "0 removed" in again.output
    assert set(_ids(tmp_path)) == {"top.txt", "closed/inner.txt"}


def test_links_to_folders_and_broken_links_are_named_as_skipped(tmp_path: Path) -> None:
    """They were left out without a word ("0 skipped")."""
    archive = tmp_path / "archive"
    _story(archive, "top.txt", "Madrid")
    _story(tmp_path / "elsewhere", "far.txt", "Berlin")
    (archive / "linked").symlink_to(tmp_path / "elsewhere")
    (archive / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (archive / "loop.html").symlink_to(archive / "loop.html")
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert f"skipped: {archive / 'linked'}: a link to a folder: not followed" in result.output
    assert f"skipped: {archive / 'dangling.txt'}: a link to nothing" in result.output
    assert f"skipped: {archive / 'loop.html'}: a link to nothing" in result.output
    assert "1 indexed, 0 unchanged, 0 removed, 3 skipped, 0 failed" in result.output


def test_a_crawls_redirects_and_error_pages_are_no_articles_and_a_broken_warc_always_fails(
        tmp_path: Path) -> None:
    """A 301 (no body) failed as "empty record" naming only a record id, a 404 page was
    indexed as the article "Page not found"; a text file named .warc, and a WARC cut inside
    its first record's headers, were "skipped" once and then never mentioned again."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, status, body in (
            ("https://example.org/old", "301 Moved Permanently", b""),
            ("https://example.org/story", "200 OK",
             f"<html><head><title>A story</title></head><body><p>{STORY}</p></body></html>"
             .encode()),
            ("https://example.org/gone", "404 Not Found",
             b"<html><head><title>Page not found</title></head><body><p>" + STORY.encode()
             + b"</p></body></html>")):
        headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "crawl.warc.gz").write_bytes(buffer.getvalue())
    (archive / "fake.warc").write_text("this is not a warc\n")
    plain = io.BytesIO()
    WARCWriter(plain, gzip=False).write_record(WARCWriter(plain).create_warcinfo_record(
        "crawl.warc", {"software": "test"}))
    (archive / "cut.warc").write_bytes(plain.getvalue()[:120])
    index = ["--index", str(tmp_path / "ix")]
    for _ in range(2):  # and again on the next run: a failed file is read again
        result = CliRunner().invoke(cli, ["index", str(archive), *index])
        assert result.exit_code == 1, result.output
        assert f"error: {archive / 'fake.warc'}: not a WARC file" in result.output
        assert (f"error: {archive / 'cut.warc'}: truncated WARC: record 1 is cut off inside "
                "its headers") in result.output
        assert "2 failed" in result.output
    found = CliRunner().invoke(cli, ["search", "--json", "", *index])
    assert [hit["url"] for hit in json.loads(found.output)["hits"]] == [
        "https://example.org/story"]


def test_the_size_limits_the_readme_gives_are_those_the_reader_applies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """10 MB a page (without its inline images; 200 MB with them) or text file, 200 MB a
    JSON document, 20 MB a JSON line (the limits are lowered here so the files stay small;
    the messages are those a user reads)."""
    from newsarchive.indexer import sources

    assert (sources.MAX_ARTICLE_BYTES, sources.MAX_JSON_BYTES, sources.MAX_LINE_BYTES,
            sources.MAX_SAVED_PAGE_BYTES) == (10 * 1024 * 1024, 200 * 1024 * 1024,
                                              20 * 1024 * 1024, 200 * 1024 * 1024)
    monkeypatch.setattr(sources, "MAX_ARTICLE_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(sources, "MAX_JSON_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 1024)
    monkeypatch.setattr(sources, "MAX_SAVED_PAGE_BYTES", 3 * 1024 * 1024)
    (tmp_path / "big.txt").write_text("Title\n\n" + STORY * 30000)
    (tmp_path / "long.html").write_text(f"<p>{STORY * 4500}</p>")  # 2.5 MB of text
    (tmp_path / "huge.html").write_text(f"<p>{STORY * 7200}</p>")  # 4 MB
    (tmp_path / "big.json").write_text(json.dumps({"title": "T", "body": STORY * 30000}))
    good = json.dumps({"title": "Harbour", "body": STORY[:200]})
    (tmp_path / "news.jsonl").write_text(good + "\n" + json.dumps({"body": STORY * 30}) + "\n"
                                         + good.replace("Harbour", "Port") + "\n")
    reasons = {(item.path, item.record): item.reason for item in iter_sources(tmp_path)
               if isinstance(item, SourceError)}
    assert reasons == {("big.json", None): "too large: over 2 MB",
                       ("big.txt", None): "too large: over 2 MB",
                       ("long.html", None): "too large: over 2 MB without its inline images",
                       ("huge.html", None): "too large: over 3 MB",
                       ("news.jsonl", "2"): "line 2: line too long"}
    assert [item.fields["title"] for item in iter_sources(tmp_path / "news.jsonl")
            if isinstance(item, RawArticle)] == ["Harbour", "Port"]
    # a file of one line too long is one error, not that and "empty file" too
    (tmp_path / "only.jsonl").write_text(json.dumps({"body": STORY * 30}) + "\n")
    assert [item.reason for item in iter_sources(tmp_path / "only.jsonl")] == [
        "line 1: line too long"]


def test_a_record_id_with_a_line_break_keeps_each_problem_on_one_line(tmp_path):
    """A JSON record's id may hold a line break: its error and warning lines showed it as
    two lines ("error: r.jsonl#x" and "y: no article text"). It is written escaped."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "r.jsonl").write_text(
        json.dumps({"id": "x\ny", "title": "T"}) + "\n"
        + json.dumps({"id": "a\rb", "title": "Port", "body": "The port reopened on Tuesday.",
                      "date": "2020-02-30"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix"),
                                      "-q"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith("error: ") and line.endswith("r.jsonl#x\\ny: no article text")
               for line in lines), lines
    assert any(line.startswith("warning: ") and "r.jsonl#a\\rb: the date" in line
               for line in lines), lines
    assert all(line.startswith(("error: ", "warning: ", "index ")) for line in lines), lines
