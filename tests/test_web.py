"""The web front end through Flask's test client: search page, facets, article page, API."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, parse_qsl, urlparse

import pytest
from bs4 import BeautifulSoup

from newsarchive.cli import cli
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
    titles = [a.get_text(strip=True) for a in soup.select(".hit h2 a")]
    assert any("Kremlin" in title for title in titles)
    # the query's word is marked in the titles that hold it, as in the snippets
    assert "Border" in [mark.get_text() for mark in soup.select(".hit h2 a mark")]
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


def test_a_filter_value_no_article_has_links_to_the_values_it_may_mean(client):
    # a hand-edited URL (?country=Finlnd) said only "No articles match"
    soup = page(client, "/?q=border&country=Finlnd")
    hint = soup.select_one("p.unknown-filter")
    assert hint is not None
    assert "No article names the country Finlnd" in " ".join(hint.get_text().split())
    link = hint.select_one("a")
    assert link.get_text() == "Finland"
    assert parse_qs(urlparse(link["href"]).query) == {"q": ["border"], "country": ["Finland"]}
    found = page(client, link["href"])
    assert int(found.select_one(".summary strong").text.replace(",", "")) >= 1
    # a value near nothing is named, and the sentence ends as a statement
    lone = page(client, "/?q=border&country=Qqqqzz").select_one("p.unknown-filter")
    assert " ".join(lone.get_text().split()) == "No article names the country Qqqqzz."
    assert client.get("/api/search?country=Finlnd").get_json()["unknown_filters"] == [
        {"facet": "country", "value": "Finlnd", "near": [["Finland", 2]]}]
    # a publication typed written out, whose articles name it by its web address's word
    assert client.get("/api/search?source=New York Times").get_json()["unknown_filters"] == [
        {"facet": "source", "value": "New York Times", "near": [["NYTimes", 1]]}]
    # a source no article is from (the API said [], "every filter value is known")
    hint = page(client, "/?q=oil&source=Reutres").select_one("p.unknown-filter")
    assert " ".join(hint.get_text().split()).startswith(
        "No article is from Reutres. Did you mean Reuters (")
    assert parse_qs(urlparse(hint.select_one("a")["href"]).query) == {
        "q": ["oil"], "source": ["Reuters"]}


def test_api_search_has_the_cli_shape(client):
    data = client.get("/api/search?q=border&country=Finland").get_json()
    assert set(data) >= {"total", "page", "hits", "facets", "suggestion"}
    assert all("Finland" in hit["countries"] for hit in data["hits"])
    assert SEED_ARTICLE_ID in [hit["id"] for hit in data["hits"]]


def test_api_facet_values_say_how_many_match_and_take_top(client):
    every = client.get("/api/facets/persons").get_json()
    assert every["total"] > 50 and len(every["values"]) == 50  # the default top
    bakers = client.get("/api/facets/persons?prefix=bak&top=1").get_json()
    assert bakers["total"] >= 2 and bakers["values"] == [["James Baker", 7]]
    assert bakers["values"][0] == every["values"][[v for v, _ in every["values"]]
                                                  .index("James Baker")]
    uk = client.get("/api/facets/countries?prefix=UK").get_json()  # a code typed whole
    assert [value for value, _ in uk["values"]][:1] == ["United Kingdom"]
    for bad in ("0", "1001", "ten", ""):
        response = client.get(f"/api/facets/persons?top={bad}")
        assert response.status_code == 400 and "top must be" in response.get_json()["error"]


def test_article_page_and_api(client):
    soup = page(client, f"/article/{SEED_ARTICLE_ID}")
    assert "Kremlin" in soup.h1.text
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".article-entities a")}
    assert "Dmitry Peskov" in links
    data = client.get(f"/api/articles/{SEED_ARTICLE_ID}").get_json()
    assert data["id"] == SEED_ARTICLE_ID and "Peskov" in data["body"]
    assert {"text": "Brussels", "facet": "country", "value": "Belgium"} in data["marks"]


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


@pytest.mark.parametrize("url, back, box", [
    ("/?q=NOT&country=Japan&sort=newest", {"country": "Japan", "sort": "newest"}, "NOT"),
    ("/?q=trade&country=Japan&sort=newest&from=1987-06-01&to=1987-03-01",
     {"q": "trade", "country": "Japan", "sort": "newest"}, "trade"),
    ("/?q=oil&page=abc&country=Japan", {"q": "oil", "country": "Japan"}, "oil"),
])
def test_an_error_page_leads_back_to_the_search_without_what_was_wrong(client, url, back, box):
    """Back to search linked to the same 400 (q=NOT again), and the filters and sort the
    user had were gone from it and from the search box."""
    response = client.get(url)
    assert response.status_code == 400
    soup = BeautifulSoup(response.data, "html.parser")
    (link,) = [a["href"] for a in soup.select("a") if a.get_text() == "Back to search"]
    assert dict(parse_qsl(urlparse(link).query)) == back
    assert client.get(link).status_code == 200
    assert soup.select_one("form.searchbox input[name=q]")["value"] == box
    hidden = {i["name"]: i["value"] for i in soup.select("form.searchbox input[type=hidden]")}
    assert hidden == {name: value for name, value in back.items() if name != "q"}


def test_the_json_date_is_as_precise_as_the_source_states_it(client):
    """The README's three forms: a day, a wire story's time without a zone, a time with one."""
    def date_of(article_id: str) -> str:
        return client.get(f"/api/articles/{article_id}").get_json()["date"]

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_of("web/detroitnews--40651467.html"))
    assert re.fullmatch(r"1987-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}",
                        date_of("reuters/reuters21578-sample.jsonl%2318299"))
    assert re.fullmatch(r"2019-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", date_of(
        "web/chron--esper-says-us-providing-vietnam-with-coast-guard-14848382-php.html"))


def test_paging_goes_to_page_10000_and_no_further(client):
    assert client.get("/api/search?q=oil&page=10000").status_code == 200
    response = client.get("/api/search?q=oil&page=10001")
    assert response.status_code == 400
    assert response.get_json()["error"] == "page must be between 1 and 10000, not 10001"


def test_a_page_past_the_end_leads_back_to_the_last_page(client):
    """"← Previous" on page 99 of three led to page 98, another empty page."""
    soup = page(client, "/?q=oil&page=99")
    assert "these results end on page 3" in soup.get_text()
    assert parse_qs(urlparse(soup.select_one("a[rel=prev]")["href"]).query) == {
        "q": ["oil"], "page": ["3"]}


def test_an_article_link_with_parameters_the_search_refuses_leads_back_without_them(client):
    """page=0 gave "← Back to results: page 0"; from=bad "Back to results: bad to …" and a
    hidden from=bad in the search box, so the next search was an error page."""
    url = f"/article/{SEED_ARTICLE_ID}"
    back = page(client, f"{url}?page=0").select_one("p.back a")
    assert (back["href"], back.get_text(strip=True)) == ("/", "← All articles")
    soup = page(client, f"{url}?q=oil&from=bad&country=Finland")
    assert parse_qs(urlparse(soup.select_one("p.back a")["href"]).query) == {
        "q": ["oil"], "country": ["Finland"]}
    assert not soup.select("input[type=hidden][name=from]")


def test_a_facet_with_more_values_than_the_sidebar_lists_says_how_many(client, runner,
                                                                       seed_index):
    """The sidebar listed 40 organizations of 170 (`Show 32 more`) and did not say that
    there were more; nor did the JSON or the command line."""
    every = client.get("/api/facets/orgs?q=trade&top=1000").get_json()
    orgs = len(every["values"])
    assert orgs > 40
    assert client.get("/api/search?q=trade").get_json()["facet_totals"]["orgs"] == orgs
    rest = [p.get_text() for p in page(client, "/?q=trade").select(
        "[data-facet=orgs] p.facet-rest")]
    assert rest == [f"40 of {orgs} shown: find the others with the box above."]
    shown = runner.invoke(cli, ["search", "trade", "--index", str(seed_index)]).output
    assert f", and {orgs - 10} more" in shown.split("orgs: ", 1)[1].split("\n", 1)[0]


@pytest.mark.parametrize(("url", "chip", "chosen"), [
    ("/?q=trade+country:Japan", "Country: Japan", "Japan"),
    ("/?q=trade&country=UK", "Country: UK (United Kingdom)", "United Kingdom"),
    ("/?q=trade&person=Jim+Baker", "Person: Jim Baker (James Baker)", "James Baker"),
])
def test_a_filter_typed_in_the_query_or_by_another_name_is_chosen_in_the_sidebar(
        client, url, chip, chosen):
    """country:Japan in the query left Japan an ordinary sidebar value: a click added
    &country=Japan, a second chip, and removing one left the filter on. ?country=UK showed
    the chip "UK" and offered "United Kingdom" again."""
    soup = page(client, url)
    assert [a.get_text(" ", strip=True) for a in soup.select(".chips a")] == [f"{chip} ×"]
    (active,) = soup.select("a.facet-value.active")
    assert active.get_text(strip=True) == chosen
    assert active["href"] == "/?q=trade"  # choosing it again takes the filter off
    assert not soup.select(f'a.facet-value[href*="={chosen.replace(" ", "+")}"]')
    tags = soup.select(f'a.tag[title$=" {chosen}"]')  # a hit's tag does not add it again
    assert tags and all(f'={chosen.replace(" ", "+")}' not in a["href"] for a in tags)


def test_the_date_form_shows_a_date_typed_in_the_query_and_replaces_it(client):
    """oil date:1987-03 left the From and To boxes empty; a day entered there was added to
    the typed month, and From 1987-04-01 found nothing."""
    form = page(client, "/?q=oil+date:1987-03").select_one("form.date-filter")
    fields = [(box["name"], box.get("value")) for box in form.select("input")]
    assert fields == [("q", "oil"), ("from", "1987-03-01"), ("to", "1987-03-31")]
    april = client.get("/api/search", query_string={"q": "oil", "from": "1987-04-01",
                                                     "to": "1987-03-31"})
    assert april.status_code == 400  # the boxes as sent, From changed: the search says why
    kept = client.get("/api/search?q=oil&from=1987-03-01&to=1987-03-31").get_json()["total"]
    assert kept == client.get("/api/search?q=oil+date:1987-03").get_json()["total"] > 0


def test_hostile_query_is_escaped(client):
    payload = '<script>alert(1)</script>'
    response = client.get("/", query_string={"q": payload})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.data
    assert b"&lt;script&gt;" in response.data


def test_no_index_yet_says_what_to_do(tmp_path):
    from newsarchive.web import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "empty")}).test_client()
    response = client.get("/")
    assert response.status_code == 503  # as the README says of a missing index; still a page
    assert b"No archive indexed yet" in response.data and b"newsarchive index" in response.data
    assert client.get("/api/search?q=x").status_code == 503


# -- the richer search page -------------------------------------------------------------------

def summary_total(soup: BeautifulSoup) -> int:
    return int(soup.select_one(".summary strong").text.replace(",", ""))


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_excluding_a_value_leaves_its_articles_out_and_shows_a_removable_chip(client):
    soup = page(client, "/?q=trade")
    before = summary_total(soup)
    japan = facet_list(soup, "countries")["Japan"]
    link = soup.select_one('section.facet[data-facet="countries"] '
                           'a.exclude[title="Exclude Japan"]')
    assert query_of(link["href"]) == {"q": ["trade"], "not_country": ["Japan"]}
    narrowed = page(client, link["href"])
    assert summary_total(narrowed) == before - japan
    assert "Japan" not in facet_list(narrowed, "countries")
    chip = narrowed.select_one(".chips .chip.exclude")
    assert "Japan" in chip.get_text() and query_of(chip["href"]) == {"q": ["trade"]}


def test_two_filters_combine_and_each_chip_removes_only_itself(client):
    soup = page(client, "/?q=trade&country=Japan&country=United+States")
    chips = {c.select_one(".chip-label").next_sibling.strip(): c["href"]
             for c in soup.select(".chips .chip")}
    assert set(chips) == {"Japan", "United States"}
    assert query_of(chips["Japan"]) == {"q": ["trade"], "country": ["United States"]}
    for hit in client.get("/api/search?q=trade&country=Japan&country=United+States&size=100"
                          ).get_json()["hits"]:
        assert {"Japan", "United States"} <= set(hit["countries"])


def test_long_facet_lists_have_show_more_and_a_filter_box_that_works_without_js(client):
    soup = page(client, "/?q=trade")
    section = soup.select_one('section.facet[data-facet="persons"]')
    assert section.select_one("details.more summary").get_text().startswith("Show ")
    form = section.select_one("form.facet-filter")
    assert form.select_one('input[name="filter_person"]') is not None
    assert ("q", "trade") in [(i["name"], i["value"]) for i in form.select('input[type="hidden"]')]
    filtered = page(client, "/?q=trade&filter_person=baker")
    assert list(facet_list(filtered, "persons")) == ["James Baker"]
    # any part of a name, not only a word's start
    assert list(facet_list(page(client, "/?q=trade&filter_person=aker"), "persons")) == [
        "James Baker"]
    # the filter box is view state only: links from the filtered page drop it
    link = filtered.select_one('section.facet[data-facet="persons"] a.facet-value')
    assert query_of(link["href"]) == {"q": ["trade"], "person": ["James Baker"]}


def test_sort_links_and_numbered_pages_keep_the_search(client):
    soup = page(client, "/?q=trade&size=5&page=2")
    assert soup.select_one('.pager strong[aria-current="page"]').text == "2"
    assert query_of(soup.select_one('.pager a[rel="next"]')["href"]) == {
        "q": ["trade"], "size": ["5"], "page": ["3"]}
    assert soup.select_one('.hits')["start"] == "6"
    newest = next(a for a in soup.select(".sort a") if a.text == "newest")
    assert query_of(newest["href"]) == {"q": ["trade"], "size": ["5"], "sort": ["newest"]}
    dates = [t["datetime"] for t in page(client, newest["href"]).select(".hit time")]
    assert dates == sorted(dates, reverse=True)
    # a gap of one page is that page: page 5 of three showed "1 … 3", hiding only page 2
    from newsarchive.web.pages import pager

    assert pager(5, 3) == [1, 2, 3] and pager(5, 10) == [1, 2, 3, 4, 5, 6, 7, None, 10]


def test_the_date_histogram_bars_filter_by_their_dates(client):
    soup = page(client, "/")
    bars = soup.select("figure.histogram a.bar")
    assert bars, "the search page draws the date chart"
    busiest = max(bars, key=lambda bar: int(bar["aria-label"].split(": ")[1].split()[0]))
    count = int(busiest["aria-label"].split(": ")[1].split()[0])
    query = query_of(busiest["href"])
    assert query == {"from": [busiest["data-from"]], "to": [busiest["data-to"]]}
    narrowed = page(client, busiest["href"])
    assert summary_total(narrowed) == count
    chip = narrowed.select_one(".chips .chip.date")
    assert busiest["data-from"] in chip.get_text() and chip["href"] == "/"


def test_date_form_and_chip(client):
    soup = page(client, "/?q=trade&from=1987-03-01&to=1987-03-31")
    assert soup.select_one('.date-filter input[name="from"]')["value"] == "1987-03-01"
    for time in soup.select(".hit time"):
        assert "1987-03-01" <= time["datetime"][:10] <= "1987-03-31"


def test_no_hits_says_what_to_try(client):
    soup = page(client, "/?q=zzzyqx&country=Japan")
    empty = soup.select_one(".results .empty").get_text(" ", strip=True)
    assert "No articles match" in empty and "zzzyqx" in empty
    assert "Remove a filter" in empty


def test_did_you_mean_links_to_the_corrected_search(client):
    suggestion = client.get("/api/search?q=tradde").get_json()["suggestion"]
    assert suggestion == "trade"
    link = page(client, "/?q=tradde&sort=newest").select_one(".suggestion a")
    assert link.text == "trade"
    assert query_of(link["href"]) == {"q": ["trade"], "sort": ["newest"]}


def test_an_empty_result_of_several_words_says_what_each_finds_alone(client):
    """"japan chips sanctions" found nothing, and the page only said to use fewer words: it
    now says how many articles each word finds alone, with the filters kept, and links them."""
    data = client.get("/api/search?q=japan+chips+sanctions&country=Japan").get_json()
    assert data["total"] == 0
    alone = {count["word"]: count["total"] for count in data["words"]}
    assert list(alone) == ["japan", "chips", "sanctions"]
    for word, total in alone.items():
        assert total == client.get(f"/api/search?q={word}&country=Japan").get_json()["total"]
    assert min(alone.values()) > 0
    links = page(client, "/?q=japan+chips+sanctions&country=Japan").select(".empty li a")
    chips = next(link for link in links if link.text == "chips")
    assert query_of(chips["href"]) == {"q": ["chips"], "country": ["Japan"]}
    assert f"chips</a> ({alone['chips']})" in str(chips.parent)
    words = client.get("/api/search?q=japan,+chips;+sanctions").get_json()["words"]
    assert [count["word"] for count in words] == ["japan", "chips", "sanctions"]
    # a result, a single word, or words that need not all appear: nothing to say
    for query in ("japan sanctions", "zzzyqx", "japan OR zzzyqx", "japan -japan"):
        assert client.get(f"/api/search?q={query}").get_json()["words"] is None, query


def test_hit_entity_chips_add_a_filter(client):
    soup = page(client, "/?q=border")
    tag = soup.select_one(".hit .entities a.tag.country")
    query = query_of(tag["href"])
    assert query["q"] == ["border"] and query["country"] == [tag.get_text(strip=True)]


def test_pages_have_no_inline_script_handlers_or_styles(client):
    for url in ("/?q=trade", f"/article/{SEED_ARTICLE_ID}", "/article/missing", "/?page=-1"):
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        for script in soup.find_all("script"):
            assert script.get("src") and not script.string, url
        for tag in soup.find_all(True):
            assert "style" not in tag.attrs, (url, tag.name)
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (url, tag.name)


# -- the article page ---------------------------------------------------------------------------

def test_article_body_links_entities_to_the_filtered_search(client):
    soup = page(client, f"/article/{SEED_ARTICLE_ID}")
    links = {(a.get_text(), urlparse(a["href"]).query) for a in soup.select(".body a.ent")}
    assert ("Dmitry Peskov", "person=Dmitry+Peskov") in links
    assert ("Finland", "country=Finland") in links
    # a surname alone ("... said Siewiera") links to the person's full normalized name
    assert ("Siewiera", "person=Jacek+Siewiera") in links
    # the mention behind a value that the article never names itself: Belgium via Brussels
    brussels = soup.find("a", string="Brussels")
    assert brussels["href"] == "/?country=Belgium"
    assert brussels["title"] == "Country: Belgium, via Brussels"
    assert soup.select_one(".related li a")


def test_entity_marking_escapes_the_text(app):
    from newsarchive.web.entities import linked_paragraphs

    article = {"body": '<img src=x onerror=alert(2)> Peskov & "Kremlin"\nsecond',
               "persons": ["Dmitry Peskov"], "countries": [], "orgs": ["Kremlin"],
               "marks": [{"text": "Peskov", "facet": "person", "value": "Dmitry Peskov"},
                         {"text": "Kremlin", "facet": "org", "value": "Kremlin"}]}
    with app.test_request_context():
        first, second = linked_paragraphs(article)
    assert str(first).startswith("&lt;img src=x onerror=alert(2)&gt; ")
    assert '<a class="ent person" href="/?person=Dmitry+Peskov"' in str(first)
    assert "&amp; &#34;<a class=\"ent org\"" in str(first)
    assert str(second) == "second"


def test_only_the_mentions_behind_a_value_are_linked(app):
    from newsarchive.web.entities import linked_paragraphs

    article = {"body": "Talks between the U.S. and the UK. US officials said.",
               "persons": [], "countries": ["United States", "United Kingdom"], "orgs": [],
               "marks": [{"text": "U.S.", "facet": "country", "value": "United States"},
                         {"text": "UK", "facet": "country", "value": "United Kingdom"}]}
    with app.test_request_context():
        (text,) = linked_paragraphs(article)
    assert '<a class="ent country" href="/?country=United+States"' in str(text)
    assert 'title="Country: United Kingdom, via UK">UK</a>' in str(text)
    assert str(text).count("United+States") == 1  # "US" was not a mention: not linked


def test_only_http_urls_are_linked_as_the_original(app):
    from newsarchive.web.urls import http_url

    assert http_url("https://example.org/a") == "https://example.org/a"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", ""):
        assert http_url(hostile) is None


# -- feeds, export, discovery -------------------------------------------------------------------

def test_atom_feed_of_a_search_lists_its_newest_hits(client):
    from xml.etree import ElementTree

    response = client.get("/feed.atom?q=trade&country=Japan")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(response.data)
    entries = feed.findall("a:entry", ns)
    total = client.get("/api/search?q=trade&country=Japan").get_json()["total"]
    assert len(entries) == min(total, 20) > 0
    updated = [e.findtext("a:updated", namespaces=ns) for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(u[-6:] in ("+00:00",) or u.endswith("Z") for u in updated)
    link = entries[0].find("a:link[@rel='alternate']", ns).get("href")
    assert "/article/" in link
    assert client.get(urlparse(link).path).status_code == 200
    # characters XML cannot carry are dropped, markup is escaped: still a well-formed feed
    odd = client.get("/feed.atom", query_string={"q": "trade \x0b\x01 <b>&"})
    assert ElementTree.fromstring(odd.data).findtext("a:title", namespaces=ns).endswith("<b>&")


def test_export_streams_the_whole_result_set(client):
    import csv
    import io
    import json

    total = client.get("/api/search?q=trade").get_json()["total"]
    assert total > 10  # more than one page
    lines = client.get("/export.jsonl?q=trade").data.decode().splitlines()
    assert len(lines) == total
    assert {"id", "title"} <= set(json.loads(lines[0]))
    response = client.get("/export.csv?q=trade")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    assert len(rows) == total and rows[0]["id"]


def test_opensearch_and_health(client):
    from xml.etree import ElementTree

    description = ElementTree.fromstring(client.get("/opensearch.xml").data)
    templates = [u.get("template") for u in description
                 if u.tag.endswith("Url")]
    assert "http://localhost/?q={searchTerms}&page={startPage?}&size={count?}" in templates
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["articles"] > 300


def test_openapi_describes_exactly_the_served_json_routes(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    rules = {rule.rule.replace("<article_id:article_id>", "{id}").replace("<facet>", "{facet}")
             for rule in app.url_map.iter_rules()}
    assert set(spec["paths"]) <= rules
    assert {rule for rule in rules if rule.startswith("/api/")} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {"q", "person", "country", "org", "not_person", "not_country", "not_org",
                     "from", "to", "source", "lang", "sort", "page", "size"}


def test_hard_wrapped_wire_copy_is_reflowed_into_paragraphs():
    from newsarchive.web.entities import paragraphs

    wire = ("U.S. Commerce Secretary Malcolm\nBaldrige said the dispute will not develop\n"
            "into a trade war.\nPresident Reagan last week imposed penalties over\n"
            "Japan's failure to adhere to an agreement.\nREUTER")
    assert paragraphs(wire) == [
        "U.S. Commerce Secretary Malcolm Baldrige said the dispute will not develop into a "
        "trade war.",
        "President Reagan last week imposed penalties over Japan's failure to adhere to an "
        "agreement.",
        "REUTER"]
    web_text = "A long first paragraph " * 10 + "\n" + "Second paragraph " * 8 + "\n\n"
    assert len(paragraphs(web_text)) == 2


def test_an_undated_article_is_not_the_feeds_newest_entry(client):
    """Atom requires each entry's <updated>; an article without a date gets the epoch, so a
    feed reader does not show a story of unknown age as today's news."""
    from xml.etree import ElementTree

    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(client.get("/feed.atom?q=Finland").data)
    entries = {e.findtext("a:title", namespaces=ns): e.findtext("a:updated", namespaces=ns)
               for e in feed.findall("a:entry", ns)}
    undated = entries["NATO \u2018Troops\u2019 at Russia Border \u2018Excessive\u2019: Kremlin"]
    assert undated == "1970-01-01T00:00:00+00:00"
    assert feed.findtext("a:updated", namespaces=ns) > undated


def test_a_family_name_taken_as_one_person_names_the_others_who_bear_it(tmp_path):
    """`/?q=dollar&person=Baker` on the dev archive showed the chip "Baker (James Baker)" and
    no word of Howard Baker (24 articles): a journalist lost his stories unseen."""
    from newsarchive.web import create_app
    from tests.test_search import small_archive

    stories = {f"treasury{i}.txt": f"Dollar talks {i}\n\nWASHINGTON - Treasury Secretary "
                                   f"James Baker said on Monday the dollar was stable.\n"
               for i in range(4)}
    stories.update({f"lone{i}.txt": f"Dollar view {i}\n\nWASHINGTON - Baker said on Tuesday "
                                    f"that the dollar had fallen far enough.\n"
                    for i in range(2)})
    stories["senate.txt"] = ("Senate vote\n\nWASHINGTON - Senator Howard Baker said on "
                             "Friday the dollar bill would pass.\n")
    small_archive(tmp_path, stories)
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    soup = BeautifulSoup(client.get("/?q=dollar&person=Baker").data, "html.parser")
    assert [a.get_text(" ", strip=True) for a in soup.select(".chips a")] == [
        "Person: Baker (James Baker) ×"]
    note = soup.select_one("p.other-holders")
    assert "is taken as James Baker" in note.get_text(" ", strip=True)
    links = {a.get_text(strip=True): parse_qs(urlparse(a["href"]).query)
             for a in note.select("a")}
    assert links["Howard Baker"] == {"q": ["dollar"], "person": ["Howard Baker"]}
    assert links["Every person named Baker"] == {"q": ["dollar person:Baker"]}


def test_the_sidebar_counts_the_publications_and_one_click_keeps_one(client):
    """The seeds hold stories of Reuters and of a dozen other publications: the sidebar's
    Sources lists them with their articles (as the API's facets.sources), a click keeps
    that publication's articles only, and the chosen one's link takes the filter off."""
    api = client.get("/api/search?q=").get_json()
    sources = api["facets"]["sources"]
    assert sources[0] == ["Reuters", 300] and len(sources) == 10, sources  # the API's 10
    listed = page(client, "/").select('section[data-facet="sources"] li')
    shown = [(li.select_one("a.facet-value").get_text(), li.select_one(".count").get_text())
             for li in listed]
    assert len(shown) == api["facet_totals"]["sources"] > 10  # the page's 40: all of them
    assert shown[:10] == [(value, f"{count:,}") for value, count in sources], shown
    bbc = next(li.select_one("a.facet-value")["href"] for li in listed
               if li.select_one("a.facet-value").get_text() == "BBC News")
    assert parse_qs(urlparse(bbc).query) == {"source": ["BBC News"]}
    chosen = page(client, bbc)
    assert chosen.select_one(".summary strong").get_text() == "1"
    active = chosen.select('section[data-facet="sources"] li a.facet-value')
    assert [a.get_text() for a in active] == ["BBC News"] and "active" in active[0]["class"]
    assert parse_qs(urlparse(active[0]["href"]).query) == {}
