"""The web front end through Flask's test client: search page, facets, article page, API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup

from tests.conftest import SEED_ARTICLE_ID


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "html.parser")


def facet_list(soup: BeautifulSoup, key: str) -> dict[str, int]:
    section = soup.select_one(f'section.facet[data-facet="{key}"]')
    return {li.select_one(".facet-value").get_text(strip=True): int(li.select_one(".count").text)
            for li in section.select("li")}


def test_search_page_shows_the_hit_and_three_facets_with_counts(client):
    soup = page(client, "/?q=border")
    titles = [a.get_text(strip=True) for a in soup.select(".hit h3 a")]
    assert any("Kremlin" in title for title in titles)
    assert soup.select_one('input[name="q"]')["value"] == "border"
    for key in ("persons", "countries", "orgs"):
        assert facet_list(soup, key), key
    assert facet_list(soup, "countries")["Finland"] >= 1


def test_following_a_facet_link_narrows_and_keeps_the_filter_in_the_url(client):
    soup = page(client, "/?q=border")
    total_before = int(soup.select_one(".summary strong").text.replace(",", ""))
    link = next(a for a in soup.select('section.facet[data-facet="countries"] a.facet-value')
                if a.get_text(strip=True) == "Finland")
    url = link["href"]
    assert parse_qs(urlparse(url).query) == {"q": ["border"], "country": ["Finland"]}
    narrowed = page(client, url)
    total_after = int(narrowed.select_one(".summary strong").text.replace(",", ""))
    assert 1 <= total_after <= total_before
    chip = narrowed.select_one(".chips .chip")
    assert "Finland" in chip.get_text()
    # the chip removes the filter again
    assert parse_qs(urlparse(chip["href"]).query) == {"q": ["border"]}


def test_api_search_has_the_cli_shape(client):
    data = client.get("/api/search?q=border&country=Finland").get_json()
    assert set(data) >= {"total", "page", "hits", "facets", "suggestion"}
    assert all("Finland" in hit["countries"] for hit in data["hits"])
    assert SEED_ARTICLE_ID in [hit["id"] for hit in data["hits"]]


def test_article_page_and_api(client):
    soup = page(client, f"/article/{SEED_ARTICLE_ID}")
    assert "Kremlin" in soup.h1.text
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".article-entities a")}
    assert "Dmitry Peskov" in links
    data = client.get(f"/api/articles/{SEED_ARTICLE_ID}").get_json()
    assert data["id"] == SEED_ARTICLE_ID and "Peskov" in data["body"]


def test_unknown_article_is_a_404_page(client):
    response = client.get("/article/no/such/article.html")
    assert response.status_code == 404
    assert b"no such" in response.data.lower()
    assert client.get("/api/articles/nope").status_code == 404


def test_bad_parameters_are_400_with_a_message(client):
    for url in ("/?page=-1", "/?from=notadate", "/api/search?size=100000", "/?sort=random"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert b"Traceback" not in response.data


def test_hostile_query_is_escaped(client):
    payload = '<script>alert(1)</script>'
    response = client.get("/", query_string={"q": payload})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.data
    assert b"&lt;script&gt;" in response.data


def test_no_index_yet_says_what_to_do(tmp_path):
    from web import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "empty")}).test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert b"newsarchive index" in response.data
    assert client.get("/api/search?q=x").status_code == 503
