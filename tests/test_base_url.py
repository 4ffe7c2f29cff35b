"""A canonical base URL (issue 14): every absolute URL (OpenSearch, Atom ids and links,
OpenAPI servers, the slash-merging redirect) starts with BASE_URL / `serve --base-url` /
$NEWSARCHIVE_BASE_URL, and a request's Host header never reaches a page or a header."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from urllib.parse import quote

import pytest

from newsarchive.web import create_app
from tests.conftest import SEED_ARTICLE_ID
from tests.servers import serving

EVIL = "evil.example"
HOSTILE_HEADERS = {"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "gopher",
                   "X-Forwarded-Prefix": "/evil.example", "Forwarded": f"host={EVIL}"}
BASE = "https://news.example.org"
# every kind of route: pages, API, feed, export, OpenSearch, a redirect, a 404
PATHS = ["/", "/?q=border", f"/article/{quote(SEED_ARTICLE_ID)}", "/api/search?q=border",
         f"/api/articles/{quote(SEED_ARTICLE_ID)}", "/api/facets/countries?q=border",
         "/api/openapi.json", "/feed.atom?q=border", "/opensearch.xml", "/export.csv?q=border",
         "/export.jsonl?q=border", "/healthz", "/static/style.css", "/no/such/page",
         "/article/no-such-article", "/api/search?page=-1"]
SLASHES = "//api//search"  # merged by a 308 redirect whose Location is absolute


def responses(client):
    """(label, response) for every route, the redirect path and a HEAD, with hostile Host."""
    for path in PATHS:
        yield path, client.get(path, headers=HOSTILE_HEADERS)
    yield SLASHES, client.get("/", headers=HOSTILE_HEADERS,
                              environ_overrides={"PATH_INFO": SLASHES,
                                                 "QUERY_STRING": "q=border"})
    yield "HEAD /", client.head("/", headers=HOSTILE_HEADERS)


def assert_no_evil(client) -> dict[str, object]:
    seen = {}
    for label, response in responses(client):
        assert response.status_code < 500, label
        body = response.get_data()
        assert EVIL.encode() not in body, f"{label}: the Host header reached the body"
        assert "gopher" not in body.decode("utf-8", "replace"), label
        for name, value in response.headers.items():
            assert EVIL not in value and "gopher" not in value, f"{label}: {name}: {value}"
        seen[label] = response
    return seen


def test_a_hostile_host_reaches_no_page_or_header_and_urls_use_the_base(seed_index: Path):
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                         "BASE_URL": BASE + "/"}).test_client()
    seen = assert_no_evil(client)
    assert seen[SLASHES].status_code == 308
    assert seen[SLASHES].headers["Location"] == f"{BASE}/api/search?q=border"
    opensearch = seen["/opensearch.xml"].get_data(as_text=True)
    assert f'template="{BASE}/?q={{searchTerms}}&amp;page=' in opensearch
    assert f'template="{BASE}/api/search?q={{searchTerms}}&amp;page=' in opensearch
    assert seen["/api/openapi.json"].get_json()["servers"] == [{"url": BASE}]
    feed = seen["/feed.atom?q=border"].get_data(as_text=True)
    assert f"<id>{BASE}/feed.atom?q=border</id>" in feed
    assert f'<link rel="alternate" type="text/html" href="{BASE}/?q=border"/>' in feed
    assert f"<id>{BASE}/article/" in feed
    assert seen["/no/such/page"].status_code == 404


def test_without_a_base_url_the_test_client_uses_localhost(seed_index: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NEWSARCHIVE_BASE_URL", raising=False)
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()
    seen = assert_no_evil(client)
    assert seen[SLASHES].headers["Location"] == "http://localhost/api/search?q=border"
    assert seen["/api/openapi.json"].get_json()["servers"] == [{"url": "http://localhost"}]
    named = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                        "SERVER_NAME": "archive.internal:8080"}).test_client()
    spec = named.get("/api/openapi.json", headers=HOSTILE_HEADERS).get_json()
    assert spec["servers"] == [{"url": "http://archive.internal:8080"}]


def test_the_environment_variable_sets_it(seed_index: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSARCHIVE_BASE_URL", "http://LOCALHOST:9000/")
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()
    spec = client.get("/api/openapi.json", headers=HOSTILE_HEADERS).get_json()
    assert spec["servers"] == [{"url": "http://localhost:9000"}]


def test_a_base_url_with_a_path_prefixes_every_link(seed_index: Path):
    """Behind a proxy at https://example.org/news/, with or without the prefix stripped."""
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                         "BASE_URL": "https://example.org/news"}).test_client()
    for path in ("/?q=border", "/news/?q=border"):
        page = client.get(path, headers=HOSTILE_HEADERS)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert 'href="/news/static/style.css' in text and EVIL not in text
    spec = client.get("/news/api/openapi.json").get_json()
    assert spec["servers"] == [{"url": "https://example.org/news"}]


@pytest.mark.parametrize(("bad", "why"), [
    ("ftp://example.org", "not an http"), ("example.org", "not an http"),
    ("http//example.org", "not an http"), ("http:/example.org", "not an http"),
    ("http://", "no host"), ("http://a:b", "port"), ("http://example.org:0", "port"),
    ("http://example.org:99999", "port"), ("http://user@example.org", "user name"),
    ("http://example.org/?q=1", "query"), ("https://example.org/path?q=1", "query"),
    ("https://example.org/news#top", "fragment"), ("http://news example.org", "space"),
    ("https://example.org/my news", "space"), ("http://example.org\\news", "backslash"),
    ("http://-example-/", "not a host name"), ("http://[example]/", "IPv6"),
    ("https://example.org/%zz", "two hex digits"), ("https://example.org/a/../b", "'..'"),
    ("https://example.org//news", "empty")])
def test_a_bad_base_url_is_refused_in_one_line_saying_why(seed_index: Path, bad: str,
                                                          why: str, runner):
    with pytest.raises(ValueError, match="base URL"):
        create_app({"INDEX_DIR": str(seed_index), "BASE_URL": bad})
    from newsarchive.cli import cli

    result = runner.invoke(cli, ["serve", "--index", str(seed_index), "--base-url", bad])
    assert result.exit_code == 2
    error = result.output.splitlines()[-1]
    assert error.startswith(f"Error: Invalid value for --base-url: {bad!r}: ")
    assert why in error and error.endswith("give it as http(s)://host[:port][/path]")
    from_environment = runner.invoke(cli, ["serve", "--index", str(seed_index)],
                                     env={"NEWSARCHIVE_BASE_URL": bad})
    assert "Invalid value for NEWSARCHIVE_BASE_URL (--base-url)" in from_environment.output


@pytest.mark.parametrize(("given", "canonical"), [
    ("https://news.example.org/", "https://news.example.org"),
    ("HTTP://News.Example.ORG:8080/Archive/", "http://news.example.org:8080/Archive"),
    (" http://127.0.0.1:8000 ", "http://127.0.0.1:8000"), ("http://[::1]:8080", "http://[::1]:8080"),
    ("http://news_box/a/b", "http://news_box/a/b"),
    ("https://bücher.example/café", "https://xn--bcher-kva.example/caf%C3%A9")])
def test_http_urls_with_a_path_prefix_are_taken_in_one_form(given: str, canonical: str):
    from newsarchive.web.base_url import canonical_base_url

    assert canonical_base_url(given) == canonical


def test_a_path_prefix_with_other_letters_is_written_encoded_and_served(seed_index: Path):
    """It was written into links as it was decoded (`/caf\ufffd/static/...`)."""
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                         "BASE_URL": "https://example.org/café"}).test_client()
    for path in ("/?q=border", "/café/?q=border"):  # the proxy strips the prefix, or does not
        page = client.get(path)
        assert page.status_code == 200
        assert 'href="/caf%C3%A9/static/style.css' in page.get_data(as_text=True)
    spec = client.get("/caf%C3%A9/api/openapi.json").get_json()
    assert spec["servers"] == [{"url": "https://example.org/caf%C3%A9"}]


def test_serving_on_a_port_in_use_is_one_error_line_before_anything_starts(
        seed_index: Path, runner):
    """gunicorn printed "serving ..." and then five seconds of its own retries."""
    from newsarchive.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "--index", str(seed_index), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot serve at http://127.0.0.1:{port}: Address already "
                             "in use (another program listens there: give another --port)\n")


def _raw_get(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("option", [["--base-url", BASE], []], ids=["base-url", "default"])
def test_the_real_server_uses_the_option_and_never_the_host(seed_index: Path, tmp_path: Path,
                                                            option: list[str]):
    env = {key: value for key, value in os.environ.items() if key != "NEWSARCHIVE_BASE_URL"}
    with serving(seed_index, tmp_path / "server.log", "--workers", "1", *option,
                 env=env) as served:
        expected = BASE if option else served.base
        spec = _raw_get(served.port, b"GET /api/openapi.json HTTP/1.1\r\nHost: evil.example"
                                     b"\r\nConnection: close\r\n\r\n")
        redirect = _raw_get(served.port, b"GET http://evil.example//api//search?q=border "
                                         b"HTTP/1.1\r\nHost: evil.example\r\nConnection: "
                                         b"close\r\n\r\n")
    assert EVIL.encode() not in spec and EVIL.encode() not in redirect
    head, _, body = spec.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert json.loads(body)["servers"] == [{"url": expected}]
    assert redirect.startswith(b"HTTP/1.1 308")
    assert f"\r\nLocation: {expected}/api/search?q=border\r\n".encode() in redirect
