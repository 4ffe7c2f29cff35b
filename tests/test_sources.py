"""Readers: every supported file type, gzip variants, ids, walk order, skipped files, encodings."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.indexer.article import RawArticle, SourceError
from newsarchive.indexer.clean import clean
from newsarchive.indexer.sources import SUPPORTED_SUFFIXES, Skipped, iter_sources

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "sources" / "newsweek-kremlin-nato-troops-finland.txt"
REUTERS = FIXTURES / "sources" / "reuters-sample.jsonl.gz"
PAGES = FIXTURES / "extraction"
TRUTH = json.loads((PAGES / "ground-truth.json").read_text(encoding="utf-8"))
PAGE_ID = "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca"  # a Reuters story


def page_bytes(page_id: str = PAGE_ID) -> bytes:
    return gzip.decompress((PAGES / "html" / f"{page_id}.html.gz").read_bytes())


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool) -> None:
    """A WARC with one HTML response per page, plus a request and an image response to skip."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, body in pages:
            get = StatusAndHeaders("GET / HTTP/1.0", [("Host", "example.com")],
                                   is_http_request=True)
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=get))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            "https://example.com/a.png", "response", payload=io.BytesIO(b"\x89PNG\x00\x00"),
            http_headers=image))


def reuters_records() -> list[dict]:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def reuters_ids() -> list[int]:
    """The NEWIDs of the Reuters sample: record ids come from the records themselves."""
    return [record["id"] for record in reuters_records()]


def items(root: Path) -> list[RawArticle | SourceError | Skipped]:
    return list(iter_sources(root))


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A small archive with every supported type (real articles), nested and gzip-compressed."""
    root = tmp_path / "archive"
    (root / "web" / "deep").mkdir(parents=True)
    (root / "text").mkdir()
    (root / "dumps").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(SEED, root / "text" / SEED.name)
    (root / "text" / "seed-copy.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (root / "web" / "story.html").write_bytes(page_bytes())
    (root / "web" / "deep" / "story.htm.gz").write_bytes(gzip.compress(page_bytes()))
    shutil.copy(REUTERS, root / "dumps" / "reuters.jsonl.gz")
    records = reuters_records()
    (root / "dumps" / "one.json").write_text(json.dumps(
        {"headline": "One article", "articleBody": "A single article in a JSON file.",
         "datePublished": "2023-11-29T10:00:00Z", "link": "https://example.com/one"}))
    no_ids = [{"title": r["title"], "text": r["body"]} for r in records[:2]]
    (root / "dumps" / "list.json.gz").write_bytes(gzip.compress(json.dumps(no_ids).encode()))
    write_warc(root / "crawl.warc.gz", [("https://example.com/story", page_bytes())], gz=True)
    (root / "notes.md").write_text("# not an article\n")
    (root / ".hidden" / "secret.txt").write_text("never read\n")
    (root / ".dotfile.txt").write_text("never read\n")
    return root


def test_walk_finds_every_type_in_sorted_order(archive: Path) -> None:
    found = items(archive)
    ids = [item.id for item in found if isinstance(item, RawArticle)]
    assert ids == [
        f"crawl.warc.gz#{ids[0].split('#')[1]}",
        "dumps/list.json.gz#1", "dumps/list.json.gz#2",
        "dumps/one.json",
        *(f"dumps/reuters.jsonl.gz#{newid}" for newid in reuters_ids()),
        "text/newsweek-kremlin-nato-troops-finland.txt", "text/seed-copy.txt.gz",
        "web/deep/story.htm.gz", "web/story.html",
    ]
    assert [s.path for s in found if isinstance(s, Skipped)] == ["notes.md"]
    assert not [e for e in found if isinstance(e, SourceError)]
    assert not any("hidden" in i.path or "dotfile" in i.path for i in found)


def test_kinds_paths_and_record_ids(archive: Path) -> None:
    by_id = {i.id: i for i in items(archive) if isinstance(i, RawArticle)}
    assert by_id["web/story.html"].kind == "html"
    assert by_id["web/deep/story.htm.gz"].data == page_bytes()
    assert by_id["text/seed-copy.txt.gz"].kind == "text"
    reuters = by_id["dumps/reuters.jsonl.gz#2"]
    assert (reuters.kind, reuters.path, reuters.record_id) == ("record", "dumps/reuters.jsonl.gz",
                                                               "2")
    assert reuters.fields["title"] == "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"
    assert by_id["dumps/list.json.gz#2"].record_id == "2"  # position: the records have no id
    assert by_id["dumps/one.json"].fields["headline"] == "One article"


def test_warc_html_responses_are_articles_with_their_url(tmp_path: Path) -> None:
    for gz in (False, True):
        path = tmp_path / ("c.warc.gz" if gz else "c.warc")
        write_warc(path, [("https://example.com/a", page_bytes()),
                          ("https://example.com/b", b"<html><body><p>Short.</p></body></html>")],
                   gz=gz)
        found = items(path)
        assert [type(i) for i in found] == [RawArticle, RawArticle]
        assert [i.url for i in found] == ["https://example.com/a", "https://example.com/b"]
        assert all(i.id.startswith(f"{path.name}#") and i.record_id for i in found)
        assert found[0].charset == "utf-8"
        article = clean(found[0])
        assert article.url == "https://example.com/a"
        assert "stocks" in article.title


def test_single_file_root_uses_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "nested" / SEED.name
    target.parent.mkdir()
    shutil.copy(SEED, target)
    (only,) = items(target)
    assert (only.id, only.path, only.kind) == (SEED.name, SEED.name, "text")
    records = items(REUTERS)
    assert [r.id for r in records][:2] == ["reuters-sample.jsonl.gz#1", "reuters-sample.jsonl.gz#2"]


def test_unknown_types_are_skipped_and_suffixes_listed(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "README").write_text("hello")
    skipped = items(tmp_path)
    assert {s.path for s in skipped} == {"photo.jpg", "README"}
    assert all(isinstance(s, Skipped) and s.reason for s in skipped)
    assert {".html", ".htm", ".txt", ".json", ".jsonl", ".warc"} <= set(SUPPORTED_SUFFIXES)
    assert ".warc.gz" in SUPPORTED_SUFFIXES and ".jsonl.gz" in SUPPORTED_SUFFIXES


def test_server_side_and_xhtml_pages_are_pages(tmp_path: Path) -> None:
    (tmp_path / "story.shtml").write_bytes(page_bytes())
    (tmp_path / "story.xhtml").write_bytes(page_bytes())
    assert [(item.path, item.kind) for item in items(tmp_path)] == [
        ("story.shtml", "html"), ("story.xhtml", "html")]


def test_json_wrapper_and_own_ids(tmp_path: Path) -> None:
    dump = {"articles": [{"id": "a-1", "title": "First", "body": "Text one."},
                         {"id": 7, "title": "Second", "content": "Text two."}]}
    (tmp_path / "dump.json").write_text(json.dumps(dump))
    assert [i.id for i in items(tmp_path)] == ["dump.json#a-1", "dump.json#7"]


def test_legacy_encodings_bom_and_declared_charset(tmp_path: Path) -> None:
    text = ("Caf\u00e9 na\u00efve \u2013 Z\u00fcrich \u20ac5\n\n"
            "Story about a caf\u00e9 in Z\u00fcrich.")
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (tmp_path / "utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    page = ("<html><head><meta charset='windows-1251'><title>\u041d\u043e\u0432\u043e\u0441\u0442"
            "\u0438</title></head><body><article><p>" + "\u041c\u043e\u0441\u043a\u0432\u0430 "
            "\u0441\u0435\u0433\u043e\u0434\u043d\u044f. " * 30 + "</p></article></body></html>")
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    for raw in items(tmp_path):
        assert isinstance(raw, RawArticle), raw
        article = clean(raw)
        if raw.path == "ru.html":
            assert "\u041c\u043e\u0441\u043a\u0432\u0430" in article.body
            assert article.title == "\u041d\u043e\u0432\u043e\u0441\u0442\u0438"
        else:
            assert article.title == "Caf\u00e9 na\u00efve \u2013 Z\u00fcrich \u20ac5", raw.path
            assert "\ufffd" not in article.body


def mhtml(html: str, url: str) -> bytes:
    """A page as Chrome's "Webpage, Single File" saves it: MIME multipart/related, the HTML
    part in quoted-printable, then an image part in base64."""
    import quopri

    body = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    return (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\n"
            "Subject: A saved page\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n'
            '\tboundary="----MultipartBoundary--abc----"\r\n\r\n'
            "------MultipartBoundary--abc----\r\nContent-Type: text/html\r\n"
            "Content-ID: <frame-1@mhtml.blink>\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            f"Content-Location: {url}\r\n\r\n{body}\r\n"
            "------MultipartBoundary--abc----\r\nContent-Type: image/png\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "Content-Location: https://example.com/a.png\r\n\r\niVBORw0KGgo=\r\n"
            "------MultipartBoundary--abc------\r\n").encode("ascii")


def test_a_page_saved_as_one_mhtml_file_is_its_html_with_its_address(tmp_path: Path) -> None:
    """Chrome and Edge save "Webpage, Single File" as .mhtml: the story is its HTML part (the
    quoted-printable undone, "café" whole), the page's address its URL."""
    html = ("<html><head><title>Port strike ends</title></head><body><article><h1>Port "
            "strike ends</h1><p>The dockers at the caf\u00e9 voted to return to work on "
            "Monday after a three-week strike that had stopped most exports.</p></article>"
            "</body></html>")
    url = "https://news.example.com/2023/05/02/port-strike-ends"
    (tmp_path / "strike.mhtml").write_bytes(mhtml(html, url))
    (tmp_path / "empty.mht").write_bytes(b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n"
                                         b"no page here\r\n")
    found = {item.path: item for item in iter_sources(tmp_path)}
    page = found["strike.mhtml"]
    assert isinstance(page, RawArticle) and page.kind == "html" and page.url == url
    assert "caf\u00e9 voted" in page.data.decode("utf-8")
    article = clean(page)
    assert article.title == "Port strike ends" and "dockers at the caf\u00e9" in article.body
    error = found["empty.mht"]
    assert isinstance(error, SourceError) and "no HTML part" in error.reason


def test_a_page_saved_with_its_images_inline_is_read_without_them(tmp_path: Path) -> None:
    """SingleFile saves a page's images inside it as data: URIs, often past the 10 MB a page
    may have: the images are left out, the story kept; a page too large without them still
    fails, saying so."""
    image = "data:image/jpeg;base64," + "QUJD" * (3 * 1024 * 1024)  # 12 MB of base64
    story = ("<p>The council approved the new budget on Tuesday after a long debate about "
             "school funding and road repairs.</p>")
    page = (f"<html><head><title>Budget approved</title></head><body><article><h1>Budget "
            f"approved</h1><img src=\"{image}\" alt=\"The council\">{story}<img "
            "src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"></article></body></html>")
    (tmp_path / "budget.html").write_text(page, encoding="ascii")
    (tmp_path / "huge.html").write_text("<html><body>" + "<p>words words</p>" * 800_000
                                        + "</body></html>", encoding="ascii")
    found = {item.path: item for item in iter_sources(tmp_path)}
    saved = found["budget.html"]
    assert isinstance(saved, RawArticle) and len(saved.data) < 10_000
    assert b"data:image/gif;base64,R0lGODlhAQABAAAAACw=" in saved.data  # a short one stays
    assert "school funding" in clean(saved).body
    too_large = found["huge.html"]
    assert isinstance(too_large, SourceError)
    assert too_large.reason == "too large: over 10 MB without its inline images"


def test_json_dumps_as_tools_write_them(tmp_path: Path) -> None:
    """A wrapped list with stray values (each reported, the articles kept), an empty one (no
    articles, no error), a search API's answer, one wrapped article, JSON Lines saved as
    .json and an Elasticsearch export."""
    story = {"title": "Good one", "body": "The council approved the budget on Tuesday."}
    files = {
        "mixed.json": {"articles": [story, "stray", None]},
        "empty.json": {"articles": []},
        "nyt.json": {"response": {"docs": [{"_id": "n1", **story}]}},
        "one.json": {"article": story},
        "es.json": {"hits": {"hits": [{"_id": "e7", "_source": story}]}},
    }
    for name, document in files.items():
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "lines.json").write_text(
        json.dumps({"id": "l1", **story}) + "\n" + json.dumps({"id": "l2", **story}) + "\n",
        encoding="utf-8")
    found = items(tmp_path)
    read = {item.id for item in found if isinstance(item, RawArticle)}
    assert read == {"mixed.json#1", "nyt.json#n1", "one.json", "es.json#e7", "lines.json#l1",
                    "lines.json#l2"}
    errors = {(item.path, item.reason) for item in found if isinstance(item, SourceError)}
    assert errors == {("mixed.json", "record 2: not a JSON object (str)"),
                      ("mixed.json", "record 3: not a JSON object (NoneType)")}
    one = next(item for item in found if isinstance(item, RawArticle) and item.id == "one.json")
    assert one.fields == story


def test_half_a_character_pair_in_json_is_replaced_not_fatal(tmp_path: Path) -> None:
    """A tweet cut by JavaScript's slice() ends in half an emoji ("\\ud83d"): no index or
    export can write it. It becomes U+FFFD; the record, and every other one, is indexed and
    exported."""
    from click.testing import CliRunner

    from newsarchive.cli import cli

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "tweets.jsonl").write_text(
        '{"id": "t1", "title": "Harbour protest", "author": "Ann \\ud83d", "body": "Fishermen '
        'in the harbour town protested on Monday against new quotas \\ud83d"}\n'
        '{"id": "t2", "title": "Quota vote", "body": "The ministry will vote on the quotas '
        'next week, officials said."}\n', encoding="ascii")
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(cli, ["export", "", "--index", str(index_dir)])
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in exported.output.splitlines()]
    assert sorted(row["id"] for row in rows) == ["tweets.jsonl#t1", "tweets.jsonl#t2"]
    first = next(row for row in rows if row["id"] == "tweets.jsonl#t1")
    assert first["body"].endswith("quotas \ufffd") and first["author"] == "Ann \ufffd"


def test_file_names_that_are_not_utf8_or_hold_line_breaks_are_read(tmp_path: Path) -> None:
    """A Latin-1 name from an old zip ("caf\\xe9.txt" as bytes) crashed the index writer; a
    line break in a name split its error line in two."""
    import os

    root = tmp_path / "archive"
    root.mkdir()
    text = b"Cafe story\n\nThe cafe owners said on Monday that prices would rise next month.\n"
    try:
        (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(text)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system stores only UTF-8 names")
    (root / "broken\nerror: fake.json").write_text("{", encoding="utf-8")
    found = items(root)
    assert {item.path for item in found} == {"caf\\xe9.txt", "broken\\nerror: fake.json"}
    error = next(item for item in found if isinstance(item, SourceError))
    assert "\n" not in str(error)


def test_the_folder_a_browser_saves_a_pages_parts_in_is_skipped(tmp_path: Path) -> None:
    """"Web page, complete" writes story.html and story_files/ (its ad frames and tracking
    pages, which were indexed as articles or failed on every run)."""
    (tmp_path / "story.html").write_bytes(page_bytes())
    parts = tmp_path / "story_files"
    parts.mkdir()
    (parts / "ad_frame.html").write_text("<html><body>Ad</body></html>", encoding="utf-8")
    (tmp_path / "notes_files").mkdir()  # no page beside it: an ordinary folder
    (tmp_path / "notes_files" / "memo.txt").write_text("Memo\n\nThe board met on Monday.\n",
                                                       encoding="utf-8")
    found = items(tmp_path)
    assert {item.path for item in found if isinstance(item, RawArticle)} == {
        "story.html", "notes_files/memo.txt"}
    skipped = [item for item in found if isinstance(item, Skipped)]
    assert [(item.path, item.reason) for item in skipped] == [
        ("story_files", "the images and frames of the saved page story.html, not articles")]


LEXIS = """                               1 of 2 DOCUMENTS

                              The Guardian (London)

                           March 3, 2021 Wednesday
                              Final Edition

Government unveils green recovery plan

BYLINE: Fiona Harvey

SECTION: ENVIRONMENT; Pg. 12

LENGTH: 612 words

DATELINE: LONDON

The government unveiled a green recovery plan on Wednesday, promising billions for offshore
wind and home insulation.

NOTE: figures are in pounds.

LOAD-DATE: March 4, 2021

LANGUAGE: ENGLISH

                               2 of 2 DOCUMENTS

                              Financial Times

                           March 5, 2021 Friday

Oil prices climb after OPEC decision

BYLINE: David Sheppard

LENGTH: 455 words

Oil prices rose sharply on Friday after OPEC agreed to keep output cuts in place.

LOAD-DATE: March 6, 2021
"""

FACTIVA = """HD Tanker seized in Strait of Hormuz
BY By Ahmed Rashid
WC 420 words
PD 14 July 2019
SN Reuters News
LA English
LP A tanker was seized in the Strait of Hormuz on Sunday, maritime security sources said.
TD
The vessel's owner said it had lost contact with the ship.
AN Document LBA0000020190714ef7e000ab

HD Gold hits six-year high
PD 15 July 2019
SN Reuters News
LP Gold prices hit a six-year high on Monday as investors sought safe havens.
AN Document LBA0000020190715ef7f000cd
"""


def test_news_database_exports_are_their_articles_with_their_fields(tmp_path: Path) -> None:
    """LexisNexis and Factiva export several articles to one .txt; a plain-text reader made
    one article titled "1 of 3 DOCUMENTS". A story opened by "Title:" lines has them read."""
    (tmp_path / "lexis.txt").write_text(LEXIS, encoding="utf-8")
    (tmp_path / "factiva.txt").write_text(FACTIVA, encoding="utf-8")
    (tmp_path / "header.txt").write_text(
        "Title: Port strike enters third week\nDate: 2022-08-15\nBy: Maria Gomez\n"
        "Source: Harbour Herald\nURL: https://harbourherald.example.com/port-strike\n\n"
        "Dock workers extended their strike into a third week on Monday.\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Wildfire forces evacuation\n\nHD footage showed the "
                                        "fire.\nAN official said so.\n", encoding="utf-8")
    found = {item.id: item for item in items(tmp_path)}
    articles = {key: clean(item) for key, item in found.items()}
    assert set(articles) == {"lexis.txt#1", "lexis.txt#2", "factiva.txt#LBA0000020190714ef7e000ab",
                             "factiva.txt#LBA0000020190715ef7f000cd", "header.txt", "plain.txt"}
    first = articles["lexis.txt#1"]
    assert (first.title, first.source, first.date, first.author, first.language) == (
        "Government unveils green recovery plan", "The Guardian (London)", "2021-03-03",
        "Fiona Harvey", "en")
    assert first.body.startswith("LONDON - The government unveiled")  # its dateline
    assert "NOTE: figures are in pounds." in first.body and "LOAD-DATE" not in first.body
    assert articles["lexis.txt#2"].title == "Oil prices climb after OPEC decision"
    tanker = articles["factiva.txt#LBA0000020190714ef7e000ab"]
    assert (tanker.title, tanker.author, tanker.date, tanker.source) == (
        "Tanker seized in Strait of Hormuz", "Ahmed Rashid", "2019-07-14", "Reuters News")
    assert tanker.body == ("A tanker was seized in the Strait of Hormuz on Sunday, maritime "
                           "security sources said.\n\nThe vessel's owner said it had lost "
                           "contact with the ship.")
    header = articles["header.txt"]
    assert (header.title, header.date, header.author, header.source, header.url) == (
        "Port strike enters third week", "2022-08-15", "Maria Gomez", "Harbour Herald",
        "https://harbourherald.example.com/port-strike")
    assert articles["plain.txt"].title == "Wildfire forces evacuation"


def test_a_nexis_uni_export_is_read_too() -> None:
    from newsarchive.indexer.exports import export_records

    document = ("Rebels cut road to Aleppo\n\nThe New York Times\nMarch 3, 2015 Tuesday\n"
                "Late Edition - Final\n\nCopyright 2015 The New York Times Company\n\n"
                "Section: Section A; Pg. 4\nLength: 850 words\nByline: By ANNE BARNARD\n"
                "Dateline: BEIRUT, Lebanon\n\nBody\n\n\nRebels cut the last road into the "
                "city on Monday.\n\nLoad-Date: March 3, 2015\n\nEnd of Document\n")
    records = export_records(document + "\n" + document.replace("Aleppo", "Homs"))
    assert records is not None and [r["title"] for r in records] == [
        "Rebels cut road to Aleppo", "Rebels cut road to Homs"]
    assert {key: records[0][key] for key in ("source", "date", "author", "dateline", "body")} \
        == {"source": "The New York Times", "date": "March 3, 2015", "author": "By ANNE BARNARD",
            "dateline": "BEIRUT, Lebanon", "body": "Rebels cut the last road into the city on "
                                                   "Monday."}


def test_a_warc_s_html_resource_records_and_untyped_pages_are_articles(tmp_path: Path) -> None:
    """warcit and some crawlers archive a page as a "resource" record (no HTTP headers); a
    server may send a page with no Content-Type. Both were dropped without a word; an
    untyped image stays out."""
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        writer.write_record(writer.create_warc_record(
            "https://example.com/resource", "resource", payload=io.BytesIO(page_bytes()),
            warc_content_type="text/html"))
        untyped = StatusAndHeaders("200 OK", [("Server", "x")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(
            "https://example.com/untyped", "response", payload=io.BytesIO(page_bytes()),
            http_headers=untyped))
        writer.write_record(writer.create_warc_record(
            "https://example.com/logo", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
            http_headers=StatusAndHeaders("200 OK", [("Server", "x")], protocol="HTTP/1.0")))
        declared = b'\xef\xbb\xbf<?xml version="1.0"?>\n<meta charset="utf-8">' + page_bytes()
        writer.write_record(writer.create_warc_record(
            "https://example.com/declared", "response", payload=io.BytesIO(declared),
            http_headers=StatusAndHeaders("200 OK", [("Server", "x")], protocol="HTTP/1.0")))
    found = items(path)
    assert [item.url for item in found if isinstance(item, RawArticle)] == [
        "https://example.com/resource", "https://example.com/untyped",
        "https://example.com/declared"]
    assert not [item for item in found if isinstance(item, SourceError)]


def test_what_a_news_database_export_holds_beside_its_fields_stays_text(tmp_path: Path) -> None:
    """A helper's samples of real exports: a tabloid's capitalized first words ("AN
    investigation", "IN a statement") are no Factiva codes; Dow Jones exports open each
    document with SE; a Times of India story opens "MUMBAI:", which is no LexisNexis field;
    the New York Times layout puts its copyright above the publication and its headline in a
    HEADLINE field; a Nexis Uni story quoting an e-mail's "Subject:" line goes on after it."""
    from newsarchive.indexer.exports import export_records

    factiva = ("SE\nU.S. News\nHD\nCouncil probe into care home deaths\nBY\nBy James Tozer\n"
               "PD\n5 March 2021\nSN\nDaily Mail\nLP\nAN investigation has been launched.\n\n"
               "Families said they had raised concerns.\nTD\nIN a statement, the council "
               "said inspectors had visited.\nAN\nDocument DAIM000020210305eh350002k\n"
               "SE\nPolitics\nHD\nMiliband backs windfall tax\nPD\n6 March 2021\nSN\nDaily "
               "Mail\nTD\nED Miliband called for a windfall tax.\nAN\nDocument DAIM0000202103"
               "06eh360003m\n")
    first, second = export_records(factiva) or []
    assert (first["title"], first["id"], second["title"], second["id"]) == (
        "Council probe into care home deaths", "DAIM000020210305eh350002k",
        "Miliband backs windfall tax", "DAIM000020210306eh360003m")
    assert first["body"] == ("AN investigation has been launched.\n\nFamilies said they had "
                             "raised concerns.\n\nIN a statement, the council said inspectors "
                             "had visited.")
    assert second["body"] == "ED Miliband called for a windfall tax."
    lexis = ("1 of 2 DOCUMENTS\n\nCopyright 2021 The New York Times Company\nAll Rights "
             "Reserved\n\nThe New York Times\n\nMarch 4, 2021 Thursday\nLate Edition - "
             "Final\n\nSECTION: Section A; Pg. 8\n\nHEADLINE: Kerry Presses China on Coal\n\n"
             "BYLINE: By Lisa Friedman\n\nLENGTH: 900 words\n\nUPDATE: Kerry spoke on "
             "Wednesday.\n\nMUMBAI: not a field either.\n\nLOAD-DATE: March 4, 2021\n\n"
             "2 of 2 DOCUMENTS\n\nThe Times of India (TOI)\n\nMarch 9, 2021 Tuesday\n\nHC "
             "pulls up civic body over potholes\n\nBYLINE: Rosy Sequeira\n\nLENGTH: 300 "
             "words\n\nMUMBAI: The Bombay high court on Monday pulled up the city.\n\n"
             "LOAD-DATE: March 10, 2021\n")
    nyt, toi = export_records(lexis) or []
    assert (nyt["title"], nyt["source"], nyt["date"]) == (
        "Kerry Presses China on Coal", "The New York Times", "March 4, 2021")
    assert nyt["body"] == "UPDATE: Kerry spoke on Wednesday.\n\nMUMBAI: not a field either."
    assert toi["body"] == "MUMBAI: The Bombay high court on Monday pulled up the city."
    nexis = ("Council leader's email reveals plan\n\nThe Yorkshire Post\nMarch 8, 2021 Monday\n"
             "\nLength: 500 words\nByline: Chris Burn\n\nBody\n\nAn email shows the plan.\n\n"
             "Subject: Library closures\n\nCampaigners said they would seek a review.\n\n"
             "Load-Date: March 8, 2021\n\nEnd of Document\n")
    story, = export_records(nexis) or []
    assert story["body"].endswith("Campaigners said they would seek a review.")
    short = ("1 of 1 DOCUMENT\n\nThe Times\n\nMarch 4, 2021 Thursday\n\nBank holds rates\n\n"
             "The Bank of England held rates.\n\nLOAD-DATE: March 5, 2021\n\nCopyright 2021 "
             "Times Newspapers Ltd\n")  # no BYLINE or LENGTH: the headline is the third line
    assert export_records(short) == [{"title": "Bank holds rates", "source": "The Times",
                                      "date": "March 4, 2021",
                                      "body": "The Bank of England held rates."}]
    for plain in ("Leaked files\n\nIn the first, marked\n1 of 3 DOCUMENTS\non its cover.\n",
                  "A typo\n\nOn the last page:\nEnd of Document\nThe council changed it.\n"):
        assert export_records(plain) is None


def test_json_values_one_after_another_and_api_answers(tmp_path: Path) -> None:
    """A scraper killed mid-write leaves JSON Lines in a .json with its last object cut off,
    and jq prints objects one after another: the whole objects are read and the rest is one
    error. The Guardian's, WordPress' and Event Registry's answers are read as articles."""
    story = {"title": "Fed holds rates", "body": "The Federal Reserve held rates on Wednesday."}
    (tmp_path / "killed.json").write_text(
        json.dumps({"id": "r1", **story}) + "\n" + json.dumps({"id": "r2", **story}, indent=2)
        + '\n{"id": "r3", "title": "Oil fa', encoding="utf-8")
    (tmp_path / "guardian.json").write_text(json.dumps({"response": {"results": [{
        "id": "business/fed", "webTitle": "Fed holds rates", "webUrl": "https://www.theguardian"
        ".com/business/fed", "webPublicationDate": "2021-03-17T18:04:11Z",
        "fields": {"byline": "Dominic Rushe", "body": "<p>The Federal Reserve held rates "
                   "near zero on Wednesday.</p>"}}, {  # show-fields=bodyText: plain text
        "id": "world/oslo", "webTitle": "Oslo harbour", "webUrl": "https://www.theguardian.com"
        "/world/oslo", "fields": {"bodyText": "The Oslo harbour reopened on Tuesday."}}]}}),
        encoding="utf-8")
    (tmp_path / "wordpress.json").write_text(json.dumps([{
        "id": 4121, "date": "2021-03-17T14:04:11", "link": "https://blog.example.com/fed",
        "title": {"rendered": "Fed holds rates &#8211; again"},
        "content": {"rendered": "<p>The Federal Reserve held rates &amp; said so.</p>"}}]),
        encoding="utf-8")
    (tmp_path / "eventregistry.json").write_text(json.dumps(
        {"articles": {"results": [{"uri": "1", **story}], "totalResults": 1}}), encoding="utf-8")
    found = items(tmp_path)
    read = {item.id: clean(item) for item in found if isinstance(item, RawArticle)}
    assert set(read) == {"killed.json#r1", "killed.json#r2", "guardian.json#business/fed",
                         "guardian.json#world/oslo", "wordpress.json#4121",
                         "eventregistry.json#1"}
    assert read["guardian.json#world/oslo"].body == "The Oslo harbour reopened on Tuesday."
    errors = [item for item in found if isinstance(item, SourceError)]
    assert [(error.path, error.reason.split(":")[0]) for error in errors] == [
        ("killed.json", "record 3 and after")]
    guardian = read["guardian.json#business/fed"]
    assert (guardian.title, guardian.author, guardian.body) == (
        "Fed holds rates", "Dominic Rushe", "The Federal Reserve held rates near zero on "
                                            "Wednesday.")
    wordpress = read["wordpress.json#4121"]
    assert (wordpress.title, wordpress.body) == ("Fed holds rates \u2013 again",
                                                 "The Federal Reserve held rates & said so.")


def test_an_export_in_utf16_is_read_and_a_plain_story_is_decoded_once(tmp_path: Path) -> None:
    """Only a text whose bytes hold a format's mark is decoded to look for documents; UTF-16
    (whose bytes cannot show them) is always looked at."""
    from newsarchive.indexer.exports import may_be_export

    (tmp_path / "lexis.txt").write_text(LEXIS, encoding="utf-16")
    assert [item.id for item in items(tmp_path)] == ["lexis.txt#1", "lexis.txt#2"]
    assert not may_be_export(SEED.read_bytes())
    assert may_be_export(LEXIS.encode()) and may_be_export(FACTIVA.encode())
