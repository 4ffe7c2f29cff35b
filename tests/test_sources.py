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
