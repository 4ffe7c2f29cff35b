"""The language facet and filter, on a real index of articles in English, French and German
built by `newsarchive index` (languages detected by the indexer, no mocks): the facet counts
each article's language once, `lang=` / `--language` / `language:` keep exactly the articles
in that language, the page lists the languages with links that add and remove the filter,
and a value that is no language code is refused as a bad date is."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.web import create_app

ARTICLES = {
    "en-paris-talks.txt": (
        "Leaders meet in Paris for climate talks\n\nPARIS - President Emmanuel Macron welcomed "
        "European leaders to Paris on Monday for talks on climate policy and energy prices. The "
        "leaders agreed to cut emissions faster and to share the cost of new power lines "
        "across the continent, officials said.\n"),
    "en-berlin-budget.txt": (
        "German parliament passes budget\n\nBERLIN - Chancellor Olaf Scholz won approval for "
        "the federal budget on Friday after weeks of debate over energy subsidies and defence "
        "spending in Germany. The finance ministry said the deficit would shrink next year.\n"),
    "en-tokyo-rates.txt": (
        "Japan keeps rates steady\n\nTOKYO - The Bank of Japan kept interest rates unchanged "
        "on Tuesday and said the economy was recovering slowly. Investors had expected no "
        "change, and the yen moved little after the announcement.\n"),
    "fr-paris-climat.txt": (
        "Les dirigeants se réunissent à Paris pour le climat\n\nPARIS - Le président Emmanuel "
        "Macron a accueilli lundi à Paris les dirigeants européens pour des discussions sur la "
        "politique climatique et les prix de l'énergie. Les dirigeants ont convenu de réduire "
        "plus vite les émissions et de partager le coût des nouvelles lignes électriques, ont "
        "indiqué des responsables.\n"),
    "fr-lyon-greve.txt": (
        "Grève des transports à Lyon\n\nLYON - Les syndicats ont appelé à une grève des "
        "transports publics mardi à Lyon pour protester contre la réforme des retraites. La "
        "plupart des bus et des tramways ne circuleront pas, selon la direction de "
        "l'entreprise, qui conseille aux usagers de prévoir d'autres moyens de déplacement.\n"),
    "de-berlin-haushalt.txt": (
        "Bundestag beschließt den Haushalt\n\nBERLIN - Bundeskanzler Olaf Scholz hat am "
        "Freitag nach wochenlangen Debatten über Energiesubventionen und "
        "Verteidigungsausgaben die Zustimmung zum Bundeshaushalt erhalten. Das "
        "Finanzministerium erklärte, das Defizit werde im kommenden Jahr sinken.\n"),
    # too short for the language to be detected: indexed, in no language's count
    "short-note.txt": "Note\n\nParis, Monday.\n",
}
ENGLISH = {"en-paris-talks.txt", "en-berlin-budget.txt", "en-tokyo-rates.txt"}
FRENCH = {"fr-paris-climat.txt", "fr-lyon-greve.txt"}
GERMAN = {"de-berlin-haushalt.txt"}


@pytest.fixture(scope="module")
def languages_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages")
    (root / "archive").mkdir()
    for name, text in ARTICLES.items():
        (root / "archive" / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root / "archive"), "--index",
                                      str(root / "index"), "-q"])
    assert result.exit_code == 0, result.output
    return root / "index"


@pytest.fixture()
def web(languages_index: Path):
    return create_app({"INDEX_DIR": str(languages_index), "TESTING": True}).test_client()


def api_ids(web, query: str) -> set[str]:
    response = web.get(f"/api/search?size=100&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    assert data["total"] == len(data["hits"])
    return {hit["id"] for hit in data["hits"]}


def page_ids(web, query: str) -> set[str]:
    response = web.get(f"/?size=100&{query}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    return {urlsplit(a["href"]).path.removeprefix("/article/")
            for a in soup.select(".hits .hit h2 a")}


def cli_json(runner: CliRunner, index: Path, *args: str) -> dict:
    result = runner.invoke(cli, ["search", *args, "--limit", "100", "--json",
                                 "--index", str(index)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_facet_counts_the_articles_of_each_language(web, languages_index, runner):
    stored = {name: web.get(f"/api/articles/{name}").get_json()["language"]
              for name in ARTICLES}
    assert {name for name, code in stored.items() if code == "en"} == ENGLISH
    assert {name for name, code in stored.items() if code == "fr"} == FRENCH
    assert {name for name, code in stored.items() if code == "de"} == GERMAN
    assert stored["short-note.txt"] is None  # not counted below
    expected = Counter(code for code in stored.values() if code)
    data = web.get("/api/search").get_json()
    assert data["total"] == len(ARTICLES)
    assert data["facets"]["languages"] == [["en", 3], ["fr", 2], ["de", 1]]
    assert dict(data["facets"]["languages"]) == expected
    assert cli_json(runner, languages_index)["facets"]["languages"] == data["facets"][
        "languages"]
    # over a result set, not the archive: the articles naming France
    france = web.get("/api/search?country=France").get_json()
    assert dict(france["facets"]["languages"]) == {"en": 1, "fr": 2}


def test_lang_keeps_exactly_the_articles_in_that_language(web):
    assert api_ids(web, "lang=fr") == FRENCH
    assert api_ids(web, "lang=FR") == FRENCH  # codes are stored lowercase
    assert api_ids(web, "lang=de") == GERMAN
    assert api_ids(web, "lang=fr&lang=de") == FRENCH | GERMAN  # one language each: any
    assert page_ids(web, "lang=fr") == FRENCH
    assert web.get("/api/search?lang=fr").get_json()["facets"]["languages"] == [["fr", 2]]
    # the query form finds the same
    assert api_ids(web, "q=language:fr") == FRENCH
    assert api_ids(web, "q=language:FR") == FRENCH
    assert api_ids(web, "q=-language:en") == FRENCH | GERMAN | {"short-note.txt"}


def test_the_language_option_of_search_and_export(languages_index, runner, tmp_path):
    data = cli_json(runner, languages_index, "--language", "fr")
    assert {hit["id"] for hit in data["hits"]} == FRENCH and data["total"] == 2
    data = cli_json(runner, languages_index, "--language", "fr", "--language", "de")
    assert {hit["id"] for hit in data["hits"]} == FRENCH | GERMAN
    out = tmp_path / "fr.jsonl"
    result = runner.invoke(cli, ["export", "--language", "fr", "-o", str(out),
                                 "--index", str(languages_index)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {row["id"] for row in rows} == FRENCH
    plain = runner.invoke(cli, ["search", "--language", "fr", "--index", str(languages_index)])
    assert plain.exit_code == 0 and plain.output.startswith("2 article(s)")
    assert "languages: fr (2)" in plain.output
    assert "--language" in runner.invoke(cli, ["search", "--help"]).output


def test_the_sidebar_lists_languages_with_links_that_add_and_remove_the_filter(web):
    soup = BeautifulSoup(web.get("/?q=paris").data, "html.parser")
    section = soup.select_one('.facets section[data-facet="languages"]')
    assert section is not None and section.h2.get_text(strip=True) == "Languages"
    items = [(a.get_text(strip=True), li.select_one(".count").get_text(strip=True))
             for li in section.select("li") for a in li.select("a.facet-value")]
    assert items == [("English (en)", "1"), ("French (fr)", "1")]
    french = section.find("a", string="French (fr)")
    assert dict(parse_qsl(urlsplit(french["href"]).query)) == {"q": "paris", "lang": "fr"}

    filtered = BeautifulSoup(web.get(french["href"]).data, "html.parser")
    assert page_ids(web, urlsplit(french["href"]).query) == {"fr-paris-climat.txt"}
    chips = [re.sub(r"\s+", " ", chip.get_text()).strip()
             for chip in filtered.select(".chips .chip")]
    assert chips == ["Language: French (fr) ×"]
    active = filtered.select_one('section[data-facet="languages"] a.facet-value.active')
    assert active.get_text(strip=True) == "French (fr)"
    assert dict(parse_qsl(urlsplit(active["href"]).query)) == {"q": "paris"}
    chip = filtered.select_one(".chips .chip.language")
    assert dict(parse_qsl(urlsplit(chip["href"]).query)) == {"q": "paris"}


def test_lang_with_a_query_and_another_facet_narrows(web, languages_index, runner):
    both = {"en-paris-talks.txt", "fr-paris-climat.txt"}
    assert api_ids(web, "q=macron&country=France") == both
    assert api_ids(web, "q=macron&country=France&lang=fr") == {"fr-paris-climat.txt"}
    assert api_ids(web, "q=macron&country=France&lang=en") == {"en-paris-talks.txt"}
    assert api_ids(web, "q=macron&country=France&lang=de") == set()
    assert api_ids(web, "country=France&lang=fr") == FRENCH
    assert api_ids(web, "person=Olaf Scholz&lang=en") == {"en-berlin-budget.txt"}
    assert api_ids(web, "q=macron country:France language:fr") == {"fr-paris-climat.txt"}
    assert page_ids(web, "q=macron&country=France&lang=fr") == {"fr-paris-climat.txt"}
    data = cli_json(runner, languages_index, "macron", "--country", "France",
                    "--language", "en")
    assert {hit["id"] for hit in data["hits"]} == {"en-paris-talks.txt"}


def test_an_unknown_language_finds_nothing(web, languages_index, runner):
    data = web.get("/api/search?lang=xx").get_json()
    assert data["total"] == 0 and data["hits"] == [] and data["facets"]["languages"] == []
    page = web.get("/?lang=xx")
    assert page.status_code == 200 and b"No articles match" in page.data
    assert "Language: xx" in BeautifulSoup(page.data, "html.parser").select_one(
        ".chips .chip").get_text()
    result = runner.invoke(cli, ["search", "--language", "xx", "--index", str(languages_index)])
    assert result.exit_code == 0 and result.output.startswith("0 article(s)")


@pytest.mark.parametrize("value", ["fr!", "f", "français", "fr fr", " fr"])
def test_a_malformed_language_is_refused_as_a_bad_date_is(web, languages_index, runner,
                                                          value):
    response = web.get("/api/search", query_string={"lang": value})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("lang must be a language code")
    assert web.get("/", query_string={"lang": value}).status_code == 400
    result = runner.invoke(cli, ["search", "--language", value,
                                 "--index", str(languages_index)])
    assert result.exit_code == 2 and "--language must be a language code" in result.output


def test_an_empty_language_is_no_filter_as_an_empty_person_is(web, languages_index, runner):
    assert api_ids(web, "lang=") == api_ids(web, "person=") == set(ARTICLES)
    assert api_ids(web, "lang=&lang=fr") == FRENCH
    assert page_ids(web, "lang=") == set(ARTICLES)
    data = cli_json(runner, languages_index, "--language", "")
    assert data["total"] == len(ARTICLES)


def test_titles_feeds_and_file_names_say_the_language(web):
    page = web.get("/?q=&lang=fr").get_data(as_text=True)
    assert "<title>Language: French (fr)" in page
    feed = web.get("/feed.atom?lang=fr").get_data(as_text=True)
    assert "Language: French (fr)" in feed.split("<entry>")[0]
    with web.get("/export.csv?q=macron&lang=fr") as export:
        assert "newsarchive-macron-lang-fr.csv" in export.headers["Content-Disposition"]


def test_the_api_document_describes_lang(web):
    parameters = web.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"][
        "parameters"]
    lang = next(p for p in parameters if p["name"] == "lang")
    pattern = lang["schema"]["items"]["pattern"]
    assert re.search(pattern, "fr") and re.search(pattern, "pt-br")
    assert re.search(pattern, "")  # no filter
    assert not re.search(pattern, "fr!") and not re.search(pattern, " fr")
    assert "Empty: 400" not in lang["description"]
