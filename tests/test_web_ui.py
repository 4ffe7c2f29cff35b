"""Issue 15 through Flask's test client: the markup behind keyboard and screen-reader use, the
reader's context (back link, titles, feed titles, export file names), compression and the
fingerprinted static files; and the date chart's bars, sized for a phone."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import numpy as np
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from newsarchive.cli import cli
from newsarchive.search.histogram import build_histogram
from newsarchive.web.histogram_svg import MAX_SLOTS, slots_of
from tests.conftest import SEED_ARTICLE_ID

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def soup_of(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return BeautifulSoup(response.data, "html.parser")


# -- markup ----------------------------------------------------------------------------------

def test_results_come_before_the_facets_and_the_skip_link_reaches_them(client):
    soup = soup_of(client, "/?q=trade&country=Japan")
    skip = soup.select(".skips a")
    assert [a["href"] for a in skip] == ["#results", "#filters"]
    order = [tag for tag in soup.find_all(True) if tag.get("id") in ("results", "filters")]
    assert [tag["id"] for tag in order] == ["results", "filters"]
    assert soup.select_one("#results .hits .hit")
    # the chips right after the search box: nothing to focus between them but the Filters
    # control, which only a narrow screen shows
    between = soup.select_one("main").find_all(["a", "button", "input"])
    assert "to-filters" in between[0]["class"] and "filters-toggle" in between[1]["class"]
    assert "chip" in between[2]["class"]
    assert soup.h1 and "trade" in soup.h1.get_text()


def test_only_the_empty_home_page_takes_the_focus(client):
    assert soup_of(client, "/").select_one('input[name="q"]').has_attr("autofocus")
    for url in ("/?q=trade", "/?country=Japan", f"/article/{SEED_ARTICLE_ID}",
                "/article/missing", "/?filter_person=zhao", "/?sort=relevance"):
        response = client.get(url)
        box = BeautifulSoup(response.data, "html.parser").select_one('input[name="q"]')
        assert not box.has_attr("autofocus"), url


def test_a_word_clause_chip_says_the_one_value_it_finds(client):
    """country:US read "Country: US (any)" although it finds the United States alone."""
    def chips(url: str) -> list[str]:
        return [re.sub(r"\s+", " ", chip.get_text()).strip()
                for chip in soup_of(client, url).select(".chips .chip")]

    assert chips("/?q=country:US") == ["Country: US (United States) ×"]
    assert chips("/?q=person:Peskov") == ["Person: Peskov (Dmitry Peskov) ×"]
    assert chips("/?q=country:finland") == ["Country: Finland ×"]
    assert chips("/?q=person:Baker") == ["Person: Baker (any) ×"]  # James and Howard


def test_facet_and_chip_names_say_what_they_do(client):
    soup = soup_of(client, "/?q=trade&country=Japan")
    exclude = soup.select_one('section[data-facet="persons"] a.exclude')
    assert exclude.get_text(" ", strip=True).startswith("− Exclude ")
    assert exclude.select_one('[aria-hidden="true"]').get_text() == "−"
    chips = soup.select_one("ul.chips")
    assert chips["aria-label"] == "Active filters" and chips.select("li > a.chip")
    assert "Remove filter Country: Japan" in chips.select_one("a.chip")["aria-label"]
    # no hidden submit buttons: the box submits on Enter
    assert not soup.select("form.facet-filter button")


def test_the_chart_links_only_bars_with_articles_and_names_itself(client):
    soup = soup_of(client, "/")
    svg = soup.select_one("figure.histogram svg")
    assert svg.get("role") == "group" and svg["aria-label"].startswith("Articles per ")
    links = svg.select("a.bar")
    assert links and all(" 0 articles" not in a["aria-label"] for a in links)
    assert not svg.select("g.bar a, g.gap a")
    caption = soup.select_one("figure.histogram figcaption").get_text(" ", strip=True)
    assert caption.startswith("Articles per year, 1987 to 2019")


def test_the_chart_says_how_many_results_it_leaves_out_undated(client):
    """/?q=border said 4 articles while its bars added up to 3, without a word."""
    soup = soup_of(client, "/?q=border")
    bars = soup.select("figure.histogram a.bar")
    counted = sum(int(re.search(r"(\d+) articles?$", bar["aria-label"]).group(1))
                  for bar in bars)
    total = int(soup.select_one(".summary strong").text.replace(",", ""))
    assert total - counted == 1
    caption = soup.select_one("figure.histogram figcaption").get_text(" ", strip=True)
    assert caption.endswith("1 undated article of these results is not in the chart.")
    caption = soup_of(client, "/?q=trade").select_one("figure.histogram figcaption")
    assert "undated" not in caption.get_text()


def test_article_entity_marks_are_no_tab_stops_but_the_side_panel_links_each_value(client):
    soup = soup_of(client, f"/article/{SEED_ARTICLE_ID}")
    marks = soup.select(".body a.ent")
    assert marks and all(mark["tabindex"] == "-1" for mark in marks)
    side = {a.get_text(strip=True) for a in soup.select(".article-entities a")}
    values = {parse_qs(urlparse(mark["href"]).query).popitem()[1][0] for mark in marks}
    assert values <= side


# -- context -----------------------------------------------------------------------------------

def test_hits_carry_the_search_and_the_article_links_back_to_it(client):
    search = "/?q=trade&country=Japan&sort=newest&page=2"
    soup = soup_of(client, search)
    link = soup.select_one(".hit h2 a")["href"]
    assert parse_qs(urlparse(link).query) == {"q": ["trade"], "country": ["Japan"],
                                              "sort": ["newest"], "page": ["2"]}
    article = soup_of(client, link)
    back = article.select_one(".article .back a")
    assert back["href"] == search
    assert "“trade” · Country: Japan · newest first · page 2" in back.get_text()
    # the search box keeps the query and the filters, but not the page
    assert article.select_one('input[name="q"]')["value"] == "trade"
    kept = [(i["name"], i["value"]) for i in article.select('.searchbox input[type="hidden"]')]
    assert kept == [("country", "Japan"), ("sort", "newest")]
    assert article.select_one('link[rel="canonical"]')["href"] == urlparse(link).path
    plain = soup_of(client, f"/article/{SEED_ARTICLE_ID}").select_one(".article .back a")
    assert plain["href"] == "/"


def test_page_titles_say_the_query_and_the_filters(client):
    def title(url: str, status: int = 200) -> str:
        return soup_of(client, url, status).title.get_text()

    assert title("/") == "newsarchive"
    assert title("/?q=trade") == "“trade” – newsarchive"
    assert title("/?q=trade&country=Japan&not_person=James+Baker&from=1987-01-01&page=2") == (
        "“trade” · Country: Japan · not Person: James Baker · 1987-01-01 to … · page 2"
        " – newsarchive")
    assert title("/article/missing", 404) == "404 Not found – newsarchive"
    # a quoted phrase keeps its own quotes (it read “"Dmitry Peskov"”)
    assert title('/?q="Dmitry+Peskov"') == '"Dmitry Peskov" – newsarchive'


def test_feed_titles_and_export_file_names_say_the_search(client):
    from xml.etree import ElementTree

    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(client.get("/feed.atom?q=trade&country=Japan").data)
    assert feed.findtext("a:title", namespaces=ns) == "newsarchive: trade · Country: Japan"
    assert ElementTree.fromstring(client.get("/feed.atom").data).findtext(
        "a:title", namespaces=ns) == "newsarchive: newest articles"
    link = soup_of(client, "/?q=trade&country=Japan").select_one('link[rel="alternate"]')
    assert link["title"] == "newsarchive: “trade” · Country: Japan"

    def name(url: str) -> str:
        with client.get(url) as response:
            return response.headers["Content-Disposition"]

    assert name("/export.csv?q=trade&country=Japan") == (
        'attachment; filename="newsarchive-trade-country-japan.csv"')
    assert name("/export.jsonl?q=trade&not_person=James+Baker&from=1987-01-01") == (
        'attachment; filename="newsarchive-trade-not-person-james-baker-from-1987-01-01.jsonl"')
    assert name("/export.csv") == 'attachment; filename="newsarchive-all.csv"'
    assert name("/export.csv?q=Россия") == (
        "attachment; filename=\"newsarchive.csv\"; "
        "filename*=UTF-8''newsarchive-%D1%80%D0%BE%D1%81%D1%81%D0%B8%D1%8F.csv")
    assert re.fullmatch(r'attachment; filename="newsarchive-[a-z0-9-]{1,80}\.csv"',
                        name("/export.csv?q=trade+" + "a" * 200))


# -- weight ----------------------------------------------------------------------------------

def test_pages_json_and_exports_are_compressed_when_the_client_accepts_it(client):
    for url in ("/?q=trade", "/api/search?q=trade", "/feed.atom?q=trade"):
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert len(packed.data) < len(plain.data) / 2, url
        if url.startswith("/api/"):
            assert json.loads(gzip.decompress(packed.data)) == plain.get_json()
    for url in ("/export.csv?q=trade", "/export.jsonl?q=trade"):
        with client.get(url) as plain:
            expected = plain.data
        with client.get(url, headers={"Accept-Encoding": "gzip"}, buffered=False) as packed:
            assert packed.is_streamed and "Content-Length" not in packed.headers, url
            assert packed.headers["Content-Encoding"] == "gzip", url
            assert gzip.decompress(b"".join(packed.response)) == expected
    with client.get("/export.jsonl?q=trade", headers=BROWSER, buffered=False) as packed:
        assert packed.headers["Content-Encoding"] in ("zstd", "br")
        assert packed.is_streamed


def test_static_files_have_fingerprinted_urls_cached_for_a_year(client):
    soup = soup_of(client, "/?q=trade")
    urls = [soup.select_one('link[rel="stylesheet"]')["href"], soup.select_one("script")["src"],
            soup.select_one('link[rel="icon"]')["href"]]
    for url in urls:
        assert re.fullmatch(r"/static/[a-z.]+\?v=[0-9a-f]{12}", url), url
        response = client.get(url, headers=BROWSER)
        assert response.status_code == 200
        cache = response.headers["Cache-Control"]
        assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache
    stale = client.get(urls[0].split("?")[0] + "?v=000000000000")
    assert "immutable" not in stale.headers["Cache-Control"]
    assert client.get(urls[0].split("?")[0]).headers["Cache-Control"] == "no-cache"
    assert client.get(urls[0], headers=BROWSER).headers["Content-Encoding"]


# -- the date chart ------------------------------------------------------------------------------

def _histogram(days: list[date]):
    return build_histogram(np.array([day.toordinal() - 1 for day in days]))


def test_the_chart_never_has_more_bars_than_a_phone_can_tap():
    start = date(1987, 3, 1)
    cases = {
        "day": [start + timedelta(days=n) for n in range(0, 92)],
        "month": [date(1987 + n // 12, n % 12 + 1, 1) for n in range(48)],
        "year": [date(1900 + n, 6, 1) for n in range(0, 120, 3)],
    }
    for interval, days in cases.items():
        histogram = _histogram(days)
        assert histogram.interval == interval
        grouping, slots = slots_of(histogram)
        assert len(slots) <= MAX_SLOTS, (interval, grouping, len(slots))
        assert sum(slot.count for slot in slots) == len(days)
        # the groups cover the days without overlap, in order
        for before, after in zip(slots, slots[1:], strict=False):
            assert before.end + timedelta(days=1) == after.start
    assert slots_of(_histogram(cases["day"]))[0] == "week"
    assert slots_of(_histogram(cases["month"]))[0] == "half-year"


def test_a_long_empty_stretch_becomes_one_break():
    grouping, slots = slots_of(_histogram([date(1987, 3, 1)] * 5 + [date(2019, 11, 19)]))
    assert grouping == "year"
    assert [(slot.label, slot.count, slot.gap) for slot in slots] == [
        ("1987", 5, False), ("1988 – 2018", 0, True), ("2019", 1, False)]
    # a short one stays: two empty months between two with articles
    grouping, slots = slots_of(_histogram([date(1987, 2, 1), date(1987, 5, 1),
                                           date(1987, 5, 20)]))
    assert [slot.count for slot in slots] == [1, 0, 0, 2] and not any(s.gap for s in slots)


def test_chart_bar_links_filter_by_their_whole_group(app):
    from newsarchive.web.histogram_svg import chart

    histogram = _histogram([date(1987, 3, 1) + timedelta(days=n) for n in range(0, 92, 2)])
    with app.test_request_context():
        drawn = chart(histogram, MultiDict([("q", "trade")]))
    assert drawn.interval == "week" and len(drawn.bars) <= MAX_SLOTS
    week = drawn.links[1]
    assert parse_qs(urlparse(week.url).query) == {"q": ["trade"], "from": [week.start],
                                                  "to": [week.end]}
    assert (date.fromisoformat(week.end) - date.fromisoformat(week.start)).days == 6
    assert all(bar.fill_width <= bar.width for bar in drawn.bars)


# -- how an article's text was found ---------------------------------------------------------

def test_an_article_whose_text_a_fallback_found_says_so(client, runner, tmp_path) -> None:
    """A page whose markup defeated the extractors is still indexed, and its page tells the
    reader its text came from a fallback; an article the extractors found says nothing."""
    from newsarchive.web import create_app

    story = ("<p>The harbour authority said on Tuesday that the new breakwater would be finished"
             " by the end of next year, at a cost of twelve million euros.</p>") * 3
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "broken.html").write_text(
        "<html><head><title>Harbour</title></head><body><script>var slot = 'x';\n"
        f"{story}<script>go();</script></body></html>", encoding="utf-8")
    index_dir = tmp_path / "index"
    result = runner.invoke(cli, ["index", str(folder), "--index", str(index_dir), "-q"])
    assert result.exit_code == 0, result.output
    broken = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    page = soup_of(broken, "/article/broken.html")
    assert "new breakwater" in page.select_one(".body").get_text()
    assert "defeated the text extractors" in page.select_one(".fallback").get_text()
    assert soup_of(client, f"/article/{SEED_ARTICLE_ID}").select_one(".fallback") is None
