"""Every article id an archive can hold has a working link: ids from file names and JSON `id`
fields with `../`, `/`, `%`, `?`, `#`, line breaks, spaces and other letters, followed as a
browser follows a link (dot segments resolved), on the search page, the article page, the
Atom feed and the API."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.web import create_app
from newsarchive.web.article_ids import id_path

RECORD_IDS = ["../up", "x/../y", "x/./y", "..", "a//b", "trail/", "/lead", "100%", "%2F",
              "what?", "hash#tag", "line\nbreak", "with space", "café 東京", "back\\slash"]
FILE_NAMES = ["dir with space/100% ?#x.txt", "Zürich 東京.txt", "line\nbreak.txt"]
PAGE = "http://localhost/"  # where the test client's pages are


@pytest.fixture(scope="module")
def odd_ids(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """An index of articles with odd ids, and those ids."""
    archive = tmp_path_factory.mktemp("odd-ids") / "archive"
    archive.mkdir()
    body = "The government of Finland said on Monday that talks in Helsinki went well. " * 3
    with (archive / "recs.jsonl").open("w", encoding="utf-8") as out:
        for number, record_id in enumerate(RECORD_IDS):
            out.write(json.dumps({"id": record_id, "title": f"Story {number}", "body": body})
                      + "\n")
    for name in FILE_NAMES:
        (archive / name).parent.mkdir(parents=True, exist_ok=True)
        (archive / name).write_text(f"A story\n\n{body}", encoding="utf-8")
    index = archive.parent / "index"
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(index), "-q"])
    assert result.exit_code == 0, result.output
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    ids = {hit["id"] for hit in client.get("/api/search?size=100").get_json()["hits"]}
    assert len(ids) == len(RECORD_IDS) + len(FILE_NAMES)
    assert "recs.jsonl#x/../y" in ids and "line\\nbreak.txt" in ids  # a file name escaped
    return index, ids


@pytest.fixture()
def odd_client(odd_ids):
    return create_app({"INDEX_DIR": str(odd_ids[0]), "TESTING": True}).test_client()


def follow(client, href: str, base: str = PAGE):
    """A link as a browser follows it: resolved against the page (`x/../y` is `y`)."""
    parts = urlsplit(urljoin(base, href))
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def shown_id(response) -> str:
    assert response.status_code == 200, response.request.path
    return BeautifulSoup(response.data, "html.parser").select_one("p.id code").get_text()


def test_every_hit_link_opens_its_article(odd_client, odd_ids) -> None:
    page = odd_client.get("/?q=finland&size=100")
    links = BeautifulSoup(page.data, "html.parser").select(".hit h2 a")
    assert {shown_id(follow(odd_client, a["href"])) for a in links} == odd_ids[1]


def test_article_pages_link_to_themselves_to_their_json_and_to_related(odd_client,
                                                                       odd_ids) -> None:
    for article_id in odd_ids[1]:
        url = urljoin(PAGE, "/article/" + id_path(article_id))
        soup = BeautifulSoup(odd_client.get(url).data, "html.parser")
        assert soup.select_one("p.id code").get_text() == article_id
        assert shown_id(follow(odd_client, soup.select_one('link[rel="canonical"]')["href"],
                               url)) == article_id
        data = follow(odd_client, soup.select_one("p.id a")["href"], url).get_json()
        assert data["id"] == article_id
        for related in soup.select(".related a"):
            assert shown_id(follow(odd_client, related["href"], url)) in odd_ids[1]


def test_feed_entries_link_to_their_articles(odd_client, odd_ids) -> None:
    feed = ElementTree.fromstring(odd_client.get("/feed.atom?size=100").data)
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")
             if "/article/" in link.get("href", "")]
    assert {shown_id(follow(odd_client, href)) for href in hrefs} == odd_ids[1]


def test_the_api_answers_each_id_at_its_path(odd_client, odd_ids) -> None:
    for article_id in odd_ids[1]:
        response = follow(odd_client, "/api/articles/" + id_path(article_id))
        assert response.status_code == 200 and response.get_json()["id"] == article_id


@pytest.mark.parametrize("path", [
    "recs.jsonl%23nothing", "recs.jsonl%23x%2F..%2Fz", "%0A", "recs.jsonl%23line%0D%0Abreak",
    "%2F", "%2F%2Fx", "%ff%fe", "%ed%a0%80", "x" * 3000, "%00", "a/b/c/"])
def test_an_id_no_article_has_is_a_clean_404(odd_client, path: str) -> None:
    page = odd_client.get("/article/" + path)
    assert page.status_code == 404 and b"Not found" in page.data
    api = odd_client.get("/api/articles/" + path)
    assert api.status_code == 404 and api.get_json()["status"] == 404
