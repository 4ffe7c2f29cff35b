"""The Atom feed and the OpenSearch description as a feed reader or a browser reads them
(issue 17): OpenSearch 1.1 response elements and URL templates with page and count, paged
feed links (RFC 5005), category schemes that are IRIs (RFC 4287). tests/test_web.py has the
feed's entries and the export; tests/test_base_url.py the absolute URLs' base."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, quote_plus, unquote, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from newsarchive.web import create_app

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
NS = {"a": ATOM, "os": OPENSEARCH}
PAGING = ("first", "previous", "next", "last")


def get_feed(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/atom+xml"
    return ElementTree.fromstring(response.data)


def local(url: str) -> str:
    """An absolute URL of the app as the test client takes it: path and query."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def opensearch_number(feed: ElementTree.Element, name: str) -> int:
    return int(feed.findtext(f"os:{name}", namespaces=NS))


def links(feed: ElementTree.Element) -> dict[str, str]:
    return {link.get("rel"): link.get("href") for link in feed.findall("a:link", NS)}


def entry_ids(feed: ElementTree.Element) -> list[str]:
    """The article ids of the entries (their id is the article page's URL)."""
    return [unquote(urlsplit(entry.findtext("a:id", namespaces=NS)).path)
            .removeprefix("/article/") for entry in feed.findall("a:entry", NS)]


def api(client, query: str) -> dict:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.data[:500]
    return response.get_json()


# -- the feed: OpenSearch response elements, paging, categories -------------------------------

@pytest.mark.parametrize(("paging", "page", "size"), [
    ("", 1, 20),  # the feed's own default: the newest 20
    ("&size=5", 1, 5),
    ("&page=2&size=5", 2, 5),
    ("&page=3&size=7&sort=relevance", 3, 7),
])
def test_feed_tells_total_start_index_and_items_per_page(client, paging: str, page: int,
                                                         size: int):
    feed = get_feed(client, f"/feed.atom?q=trade{paging}")
    total = api(client, "q=trade")["total"]
    assert total > 21  # several pages at every size here
    assert opensearch_number(feed, "totalResults") == total
    assert opensearch_number(feed, "startIndex") == (page - 1) * size + 1
    assert opensearch_number(feed, "itemsPerPage") == size
    assert len(feed.findall("a:entry", NS)) == min(size, total - (page - 1) * size)
    query = feed.find("os:Query", NS)
    assert query.get("role") == "request"
    assert query.get("searchTerms") == "trade"
    assert (query.get("startPage"), query.get("count")) == (str(page), str(size))


def test_feed_entries_are_the_api_page_of_the_same_search(client):
    feed = get_feed(client, "/feed.atom?q=trade&page=2&size=5")
    hits = api(client, "q=trade&sort=newest&page=2&size=5")["hits"]
    assert entry_ids(feed) == [hit["id"] for hit in hits]


def test_a_search_for_everything_has_no_search_terms_but_the_archive_total(client):
    feed = get_feed(client, "/feed.atom")
    assert opensearch_number(feed, "totalResults") == api(client, "")["total"] > 300
    assert feed.find("os:Query", NS).get("searchTerms") is None


def test_page_one_of_several_links_next_and_last_and_the_last_page_links_no_next(client):
    total = api(client, "q=trade")["total"]
    size = 10
    pages = -(-total // size)
    assert pages >= 3
    first = get_feed(client, f"/feed.atom?q=trade&size={size}")
    found = links(first)
    assert {"first", "next", "last"} <= set(found) and "previous" not in found
    for rel in PAGING:
        if rel in found:
            assert urlsplit(found[rel]).scheme == "http" and urlsplit(found[rel]).netloc
            assert urlsplit(found[rel]).path == "/feed.atom"
    # following next: page 2, which links back to page 1 and on to page 3
    second = get_feed(client, local(found["next"]))
    assert opensearch_number(second, "startIndex") == size + 1
    assert parse_qs(urlsplit(links(second)["previous"]).query) == {"q": ["trade"],
                                                                   "size": [str(size)]}
    assert parse_qs(urlsplit(links(second)["next"]).query)["page"] == ["3"]
    # following last: the last page, with no next
    last = get_feed(client, local(found["last"]))
    assert opensearch_number(last, "startIndex") == (pages - 1) * size + 1
    assert len(last.findall("a:entry", NS)) == total - (pages - 1) * size
    assert "next" not in links(last) and {"first", "previous", "last"} <= set(links(last))
    assert links(last)["last"] == found["last"]
    # the links carry the search and its filters, and nothing else changes
    filtered = links(get_feed(client, "/feed.atom?q=trade&size=2&country=Japan&sort=oldest"))
    assert parse_qs(urlsplit(filtered["next"]).query) == {
        "q": ["trade"], "country": ["Japan"], "sort": ["oldest"], "size": ["2"], "page": ["2"]}


def test_a_result_on_one_page_has_no_paging_links(client):
    total = api(client, "q=trade&country=Japan")["total"]
    feed = get_feed(client, f"/feed.atom?q=trade&country=Japan&size={total}")
    assert not set(PAGING) & set(links(feed))
    assert links(feed)["self"] and links(feed)["alternate"]


def test_category_schemes_are_absolute_uris_that_with_the_term_search_for_it(client):
    feed = get_feed(client, "/feed.atom?q=trade&size=50")
    categories = feed.findall("a:entry/a:category", NS)
    assert categories
    facets = set()
    for category in categories:
        scheme = urlsplit(category.get("scheme"))
        assert scheme.scheme == "http" and scheme.netloc == "localhost", category.get("scheme")
        facet = scheme.query.removesuffix("=")
        assert facet in ("person", "country", "org")
        facets.add(facet)
    assert facets == {"person", "country", "org"}
    # scheme + the URL-encoded term is the search page filtered by that value
    category = categories[0]
    url = category.get("scheme") + quote_plus(category.get("term"))
    facet = urlsplit(category.get("scheme")).query.removesuffix("=")
    assert parse_qs(urlsplit(url).query) == {facet: [category.get("term")]}
    assert client.get(local(url)).status_code == 200
    assert api(client, urlsplit(url).query)["total"] > 0


def test_the_feed_points_to_the_opensearch_description(client):
    search = [link for link in get_feed(client, "/feed.atom").findall("a:link", NS)
              if link.get("rel") == "search"]
    assert [link.get("type") for link in search] == ["application/opensearchdescription+xml"]
    assert client.get(local(search[0].get("href"))).status_code == 200


def test_schemes_and_paging_links_use_the_base_url(seed_index):
    base = "https://news.example.org/archive"
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True,
                         "BASE_URL": base}).test_client()
    feed = get_feed(client, "/feed.atom?q=trade&size=5")
    schemes = {category.get("scheme") for category in feed.findall("a:entry/a:category", NS)}
    assert schemes and schemes <= {f"{base}/?person=", f"{base}/?country=", f"{base}/?org="}
    assert links(feed)["next"] == f"{base}/feed.atom?q=trade&size=5&page=2"


# -- the OpenSearch description ----------------------------------------------------------------

def description_urls(client) -> dict[str, ElementTree.Element]:
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{{{OPENSEARCH}}}OpenSearchDescription"
    return {url.get("type"): url for url in root.findall("os:Url", NS)}


def fill(template: str, **values: str) -> str:
    """A template with its parameters replaced, as a client does (OpenSearch 1.1: an optional
    parameter the client has no value for becomes empty)."""
    def value(match: re.Match) -> str:
        name, optional = match.group(1), match.group(2)
        assert name in values or optional, f"required {name} left unfilled"
        return quote(values.get(name, ""), safe="")
    return re.sub(r"\{(\w+)(\??)\}", value, template)


def test_opensearch_templates_carry_page_and_count(client):
    urls = description_urls(client)
    assert set(urls) == {"text/html", "application/atom+xml", "application/json"}
    for kind, url in urls.items():
        template = url.get("template")
        assert "{searchTerms}" in template, kind
        assert re.search(r"[?&]page=\{startPage\??\}", template), kind
        assert re.search(r"[?&]size=\{count\??\}", template), kind
        assert (url.get("pageOffset"), url.get("indexOffset")) == ("1", "1"), kind
        parts = urlsplit(template)
        assert parts.scheme == "http" and parts.netloc == "localhost", kind
    # the page and the feed take an empty page= or size= (a client leaving them unfilled)
    assert "{startPage?}" in urls["text/html"].get("template")
    assert "{count?}" in urls["application/atom+xml"].get("template")


def test_filling_the_templates_gives_that_page_of_results(client):
    urls = description_urls(client)
    wanted = {"searchTerms": "trade", "startPage": "2", "count": "5"}
    api_page = api(client, "q=trade&page=2&size=5")
    # JSON: the API's page
    filled = client.get(local(fill(urls["application/json"].get("template"), **wanted)))
    assert filled.get_json()["page"] == 2
    assert [hit["id"] for hit in filled.get_json()["hits"]] == [
        hit["id"] for hit in api_page["hits"]]
    # Atom: the same page of the feed's newest-first order
    feed = get_feed(client, local(fill(urls["application/atom+xml"].get("template"), **wanted)))
    assert opensearch_number(feed, "startIndex") == 6
    assert opensearch_number(feed, "itemsPerPage") == 5
    assert entry_ids(feed) == [hit["id"] for hit in
                               api(client, "q=trade&sort=newest&page=2&size=5")["hits"]]
    # HTML: the results page numbered 6 to 10, page 2 marked current
    response = client.get(local(fill(urls["text/html"].get("template"), **wanted)))
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("ol.hits")["start"] == "6"
    assert [h.get_text(strip=True) for h in soup.select("li.hit h2 a")] == [
        hit["title"] for hit in api_page["hits"]]
    assert soup.select_one('[aria-current="page"]').get_text(strip=True) == "2"


def test_optional_page_and_count_left_empty_give_the_first_page(client):
    urls = description_urls(client)
    feed = get_feed(client, local(fill(urls["application/atom+xml"].get("template"),
                                       searchTerms="trade")))
    assert opensearch_number(feed, "startIndex") == 1
    assert opensearch_number(feed, "itemsPerPage") == 20
    page = client.get(local(fill(urls["text/html"].get("template"), searchTerms="trade")))
    assert page.status_code == 200
    assert BeautifulSoup(page.data, "html.parser").select_one("ol.hits")["start"] == "1"


def test_the_page_s_feed_is_the_newest_matches_whatever_the_page_s_order(client):
    """A saved-search alert made from a page sorted oldest first must still bring new
    stories: the page's Atom links leave its order out, and the feed is newest first."""
    html = BeautifulSoup(client.get("/?q=trade&country=Japan&sort=oldest").data, "html.parser")
    hrefs = [html.select_one("link[rel=alternate][type='application/atom+xml']")["href"],
             next(a["href"] for a in html.select(".exports a") if a.text == "Atom feed")]
    for href in hrefs:
        assert parse_qs(urlsplit(href).query) == {"q": ["trade"], "country": ["Japan"]}
        dates = [entry.findtext("a:updated", namespaces=NS)
                 for entry in get_feed(client, local(href)).findall("a:entry", NS)]
        assert len(dates) > 2 and dates == sorted(dates, reverse=True), dates
