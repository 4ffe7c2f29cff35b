"""The query language's contract (search/syntax.py), run on a real index: every documented
form finds what its equivalent finds, the README shows exactly that table and its command-line
examples run, random queries built from the grammar agree with their flags, and facet words
(person:Baker) match, show a chip and are highlighted."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from newsarchive.cli import cli
from newsarchive.search.engine import ArchiveReader, SearchRequest, open_archive
from newsarchive.search.query import parse_query
from newsarchive.search.syntax import SYNTAX, QueryForm, markdown_table
from newsarchive.web import create_app
from newsarchive.web.params import search_request

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def seeds(seed_index: Path) -> ArchiveReader:
    return open_archive(seed_index).current()


def found(reader: ArchiveReader, request: SearchRequest) -> set[str]:
    """The ids of every article the request matches (all pages)."""
    docs = reader.matches(request).docs.tolist()
    return {reader.searcher.stored_fields(doc)["id"] for doc in docs}


def from_params(reader: ArchiveReader, params: str) -> set[str]:
    """What URL parameters (the command line's flags) find."""
    return found(reader, search_request(MultiDict(parse_qsl(params.strip(),
                                                            keep_blank_values=True))))


def equivalent(reader: ArchiveReader, same_as: str) -> set[str]:
    """An equivalent of search/syntax.py: parameters, or two joined by &, | or -."""
    for operator, combine in ((" & ", set.__and__), (" | ", set.__or__), (" - ", set.__sub__)):
        if operator in same_as:
            first, second = same_as.split(operator)
            return combine(from_params(reader, first), from_params(reader, second))
    return from_params(reader, same_as)


def whoosh_own(reader: ArchiveReader, query: str) -> set[str]:
    """What Whoosh's own matcher finds for the parsed query (live documents)."""
    docs = reader.searcher.docs_for_query(parse_query(query))
    return {reader.searcher.stored_fields(d)["id"] for d in docs if reader.live[d]}


@pytest.mark.parametrize("form", SYNTAX, ids=[form.form for form in SYNTAX])
def test_every_documented_form_finds_what_its_equivalent_finds(seeds, form: QueryForm):
    ours = found(seeds, SearchRequest(query=form.example))
    assert ours, f"the example {form.example!r} finds nothing on seeds/"
    if form.same_as is not None:
        assert ours == equivalent(seeds, form.same_as), form.example
    else:
        assert ours == whoosh_own(seeds, form.example), form.example


def test_the_readme_syntax_table_is_the_contract():
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_the_api_describes_every_form(client):
    q = next(p for p in client.get("/api/openapi.json").get_json()["paths"]["/api/search"]
             ["get"]["parameters"] if p["name"] == "q")
    for form in SYNTAX:
        assert form.form in q["description"]


@pytest.mark.parametrize("form", SYNTAX, ids=[form.form for form in SYNTAX])
def test_every_documented_form_runs_as_the_command_lines_query(seeds, seed_index, runner, form):
    """Each example as `newsarchive search QUERY` finds what the search finds: `-finland` and
    `-date:[...]` are the query's NOT, not options."""
    result = runner.invoke(cli, ["search", form.example, "--index", str(seed_index), "--json"])
    assert result.exit_code == 0, (form.example, result.output)
    expected = found(seeds, SearchRequest(query=form.example))
    assert json.loads(result.output)["total"] == len(expected)


def test_the_readme_command_line_examples_run(seed_index, runner, tmp_path, monkeypatch):
    """Each `newsarchive search` / `export` line of the README runs on seeds/ and finds
    something (the output file of an export goes to a temporary folder)."""
    monkeypatch.chdir(tmp_path)
    text = README.read_text(encoding="utf-8")
    block = text[text.index("### Search from the command line"):]
    block = block[block.index("```sh"):block.index("```", block.index("```sh") + 5)]
    lines = [line.split("  #")[0] for line in block.splitlines()
             if line.startswith(("newsarchive search", "newsarchive export"))]
    assert len(lines) >= 5
    for line in lines:
        args = shlex.split(line)[1:] + ["--index", str(seed_index)]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (line, result.output)
        if "-o" in args:  # an export to a file: a header and at least one article
            written = (tmp_path / args[args.index("-o") + 1]).read_text(encoding="utf-8")
            assert len(written.splitlines()) > 1, line
        else:
            assert not result.output.startswith("0 article"), (line, result.output)


# -- random queries from the grammar against their flags ---------------------------------------
WORDS = ("trade", "oil", "border", "bank", "dollar", "said", "japan", "rates")
VALUES = (("person", "James Baker"), ("country", "Japan"), ("country", "United States"),
          ("org", "NATO"), ("country", "Finland"))
FIRST, LAST = date(1987, 2, 20), date(1987, 11, 30)


@st.composite
def query_and_flags(draw) -> tuple[str, str]:
    """A query from words, facet clauses and a date range, and the same search as flags."""
    words = draw(st.lists(st.sampled_from(WORDS), max_size=2, unique=True))
    parts, params = list(words), [f"q={' '.join(words)}"]
    for facet, value in draw(st.lists(st.sampled_from(VALUES), max_size=2, unique=True)):
        negated = draw(st.booleans())
        parts.append(f'{"-" if negated else ""}{facet}:"{value}"')
        params.append(f"{'not_' if negated else ''}{facet}={value}")
    if draw(st.booleans()):
        start = draw(st.one_of(st.none(), st.integers(0, (LAST - FIRST).days)))
        length = draw(st.one_of(st.none(), st.integers(0, 120)))
        begin = FIRST + timedelta(days=start) if start is not None else None
        end = (begin or FIRST) + timedelta(days=length) if length is not None else None
        parts.append(f"date:[{begin or ''} TO {end or ''}]")
        params += [f"from={begin}"] if begin else []
        params += [f"to={end}"] if end else []
    order = draw(st.permutations(parts))
    return " ".join(order), "&".join(params)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=query_and_flags())
def test_random_queries_find_what_their_flags_find(seeds, case):
    query, params = case
    assert found(seeds, SearchRequest(query=query)) == from_params(seeds, params), (query, params)


# -- facet words: person:Baker -----------------------------------------------------------------
BAKERS = {
    "baker-dollar.txt": "Dollar falls\n\nWASHINGTON - Treasury Secretary James Baker said on "
                        "Monday the dollar had fallen far enough. Baker spoke to reporters at "
                        "the White House.\n",
    "baker-tokyo.txt": "Talks in Tokyo\n\nTOKYO - James Baker met Japanese finance officials in "
                       "Tokyo on Tuesday to discuss exchange rates.\n",
    "howard-baker.txt": "Veto expected\n\nWASHINGTON - White House chief of staff Howard Baker "
                        "told reporters on Tuesday that President Ronald Reagan would veto the "
                        "trade bill.\n",
    "volcker.txt": "Rates steady\n\nNEW YORK - Federal Reserve chairman Paul Volcker said on "
                   "Wednesday that interest rates would stay steady, bakers and bankers said.\n",
}


@pytest.fixture(scope="module")
def bakers(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bakers")
    for name, text in BAKERS.items():
        (root / "archive").mkdir(exist_ok=True)
        (root / "archive" / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root / "archive"), "--index",
                                      str(root / "index"), "-q"])
    assert result.exit_code == 0, result.output
    return root / "index"


def test_a_facet_word_finds_every_value_holding_it(bakers):
    reader = open_archive(bakers).current()
    every = {"baker-dollar.txt", "baker-tokyo.txt", "howard-baker.txt"}
    assert found(reader, SearchRequest(query="person:Baker")) == every  # not "bakers"
    assert found(reader, SearchRequest(query="person:baker")) == every
    james = found(reader, SearchRequest(query='person:"James Baker"'))
    assert james == {"baker-dollar.txt", "baker-tokyo.txt"}
    assert james == found(reader, SearchRequest(filters={"person": ["James Baker"]}))
    assert found(reader, SearchRequest(query="person:Baker -person:Howard")) == james
    hits = reader.search(SearchRequest(query="person:Baker")).hits
    assert all("<mark>Baker</mark>" in hit.snippet for hit in hits)
    assert "bakers" not in " ".join(hit.snippet for hit in hits)


def test_a_facet_clause_in_the_query_shows_a_chip_that_removes_it(bakers):
    client = create_app({"INDEX_DIR": str(bakers), "TESTING": True}).test_client()
    soup = BeautifulSoup(client.get("/?q=rates+person:Baker").data, "html.parser")
    chips = soup.select(".chips .chip")
    assert [re.sub(r"\s+", " ", c.get_text()).strip() for c in chips] == [
        "Person: Baker (any) ×"]
    assert dict(parse_qsl(chips[0]["href"].split("?", 1)[1])) == {"q": "rates"}
    soup = BeautifulSoup(client.get('/?q=-person:"Howard Baker"').data, "html.parser")
    chip = soup.select_one(".chips .chip.exclude")
    assert "Howard Baker" in chip.get_text() and "?" not in chip["href"]
    # "Clear all" takes the typed clauses out too, keeping the words (it linked to the same page)
    soup = BeautifulSoup(client.get('/?q=rates+person:Baker+-person:"Howard+Baker"'
                                    "&country=Japan").data, "html.parser")
    clear = soup.select_one(".chips a.clear")
    assert dict(parse_qsl(clear["href"].split("?", 1)[1])) == {"q": "rates"}



def test_a_clause_inside_brackets_or_beside_or_is_no_chip(bakers):
    """-(country:Iran OR country:Iraq) showed "Country: iran (any)": the opposite of what the
    query does; its × left "oil -( OR country:iraq)", and "Clear all" of an OR query a bare
    "OR" (a 400)."""
    client = create_app({"INDEX_DIR": str(bakers), "TESTING": True}).test_client()
    for query in ("rates -(person:Baker OR person:Volcker)", "person:Baker OR person:Volcker",
                  "rates OR person:Baker", "rates person:Baker OR trade"):
        page = client.get("/", query_string={"q": query, "country": "Japan", "source": "Reuters"})
        assert page.status_code == 200, query
        soup = BeautifulSoup(page.data, "html.parser")
        chips = [re.sub(r"\s+", " ", c.get_text()).strip() for c in soup.select(".chips .chip")]
        assert chips == ["Country: Japan ×", "Source: Reuters ×"], query
        clear = soup.select_one(".chips a.clear")
        assert dict(parse_qsl(clear["href"].split("?", 1)[1])) == {"q": query}, query
    # OR binds closer than the words around it: here person:Baker filters the whole query
    soup = BeautifulSoup(client.get("/?q=person:Baker+rates+OR+trade").data, "html.parser")
    chip = soup.select_one(".chips .chip")
    assert "Baker" in chip.get_text()
    assert dict(parse_qsl(chip["href"].split("?", 1)[1])) == {"q": "rates OR trade"}



def test_a_date_clause_in_the_query_shows_a_chip_that_removes_it(seed_index):
    """date:[1987-03-01 TO 1987-03-31] filtered the results but showed no chip, as --from and
    --to do."""
    client = create_app({"INDEX_DIR": str(seed_index), "TESTING": True}).test_client()

    def chips(url: str) -> list[tuple[str, dict[str, str]]]:
        soup = BeautifulSoup(client.get(url).data, "html.parser")
        return [(re.sub(r"\s+", " ", chip.get_text()).strip(),
                 dict(parse_qsl(chip["href"].partition("?")[2]))) for chip in soup.select(
                     ".chips a")]

    assert chips("/?q=oil+date:[1987-03-01+TO+1987-03-31]") == [
        ("Date: 1987-03-01 – 1987-03-31 ×", {"q": "oil"})]
    assert chips("/?q=oil+-date:1987-03+date:>1987-01&country=Japan") == [
        ("Country: Japan ×", {"q": "oil -date:1987-03 date:>1987-01"}),
        ("Not date: 1987-03-01 – 1987-03-31 ×", {"q": "oil date:>1987-01", "country": "Japan"}),
        ("Date: 1987-02-01 – … ×", {"q": "oil -date:1987-03", "country": "Japan"}),
        ("Clear all", {"q": "oil"})]
    assert chips('/?q="up+to+date:+now"') == []  # a phrase, not a clause


# -- the search parameters (search/contract.py) ------------------------------------------------
def test_every_search_parameter_is_an_option_a_url_parameter_and_documented(client, runner):
    from newsarchive.search.contract import PARAMETERS

    help_text = runner.invoke(cli, ["search", "--help"]).output
    api = {p["name"] for p in client.get("/api/openapi.json").get_json()["paths"]
           ["/api/search"]["get"]["parameters"]}
    readme = README.read_text(encoding="utf-8")
    for parameter in PARAMETERS:
        assert parameter.name in api
        assert f"`{parameter.name}`" in readme, parameter.name
        if parameter.flag:
            assert parameter.flag in help_text, parameter.flag


@pytest.mark.parametrize(("flags", "params", "message"), [
    (["--from", "2023-13-45"], "from=2023-13-45", "must be a date like 2023-11-30"),
    (["--from", "2023-02-01", "--to", "2023-01-01"], "from=2023-02-01&to=2023-01-01",
     "must not be after"),
    (["--page", "0"], "page=0", ""),  # click refuses it before the contract
])
def test_the_command_line_and_the_url_refuse_the_same_mistakes(seed_index, runner, client,
                                                                flags, params, message):
    result = runner.invoke(cli, ["search", "border", "--index", str(seed_index), *flags])
    assert result.exit_code == 2 and message in result.output
    response = client.get(f"/api/search?q=border&{params}")
    assert response.status_code == 400 and message in response.get_json()["error"]


@pytest.mark.parametrize("clause, message", [
    ("date:{1987-03-01 TO 1987-03-31}", "is not a date clause"),
    ("date:>", "is not a date clause"),
    ("date:march", "is not a date"),
    ("date:[87 TO 88]", "is not a date"),
    ("date:[1987-03-31 TO 1987-03-01]", "ends before it starts"),
    ("language:fr!", "language: must be a language code like fr"),  # as lang=fr! is a 400
])
def test_a_clause_that_cannot_be_read_is_refused_not_ignored(seed_index, runner, client,
                                                             clause, message):
    """These returned every article (the clause dropped) or none, without a word."""
    result = runner.invoke(cli, ["search", f"oil {clause}", "--index", str(seed_index)])
    assert result.exit_code == 2 and message in result.output, result.output
    response = client.get("/api/search", query_string={"q": f"oil {clause}"})
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_date_comparisons_and_a_date_inside_quotes(seeds):
    for typed, params in (("date:<1987-03-01", "to=1987-02-28"),
                          ("date:<=1987-03", "to=1987-03-31"),
                          ("date:>=1987-03-02", "from=1987-03-02"),
                          ("date:1987-03-02", "from=1987-03-02&to=1987-03-02")):
        assert found(seeds, SearchRequest(query=typed)) == from_params(seeds, params), typed
    # a quoted "date:" is words of a phrase, not a clause (and not an error)
    assert found(seeds, SearchRequest(query='"to date: x"')) == set()


def test_a_question_mark_is_one_letter_and_more_than_two_edits_are_two(seeds):
    """Both worked, documented nowhere (README audit): `???` matched every article."""
    assert found(seeds, SearchRequest(query="b?rder")) == found(
        seeds, SearchRequest(query="border")) != set()
    assert found(seeds, SearchRequest(query="oil~5")) == found(seeds, SearchRequest(query="oil~2"))


@pytest.mark.parametrize("typed", ["date:9999", "date:>9999-12-31", "date:0001-01-01",
                                   "date:<0001-01-01", "date:[0001-01-01 TO 9999-12-31]"])
def test_the_first_and_last_days_a_date_can_name_are_dates_not_damage(seeds, typed):
    """date:9999 reported the index as damaged (the moment after 9999-12-31 overflowed)."""
    dated = from_params(seeds, "from=0001-01-01")
    assert found(seeds, SearchRequest(query=typed)) == (
        dated if typed.startswith("date:[") else set())


def test_facet_values_and_sources_are_matched_as_names_are_compared(seeds):
    """person:"james baker", country:"united states" and source:reuters found nothing (values
    were matched byte for byte), and org:IMF nothing where the archive shows the IMF under its
    full name: a value is found as the facets compare names (case, accents, dots), and a
    facet word also by the spellings merged into a value."""
    for typed, exact in (('person:"james baker"', "person=James Baker"),
                         ('country:"UNITED STATES"', "country=United States"),
                         ('person:"Richard von Weizsacker"', "person=Richard von Weizsäcker"),
                         ("source:reuters", "source=Reuters"),
                         ("q=&person=JAMES BAKER", "person=James Baker")):
        ours = (from_params(seeds, typed) if typed.startswith("q=")
                else found(seeds, SearchRequest(query=typed)))
        assert ours == from_params(seeds, exact) != set(), typed
    assert found(seeds, SearchRequest(query="org:IMF")) == \
        found(seeds, SearchRequest(query='org:"IMF"')) != set()


def test_a_country_is_found_by_its_code_and_other_names_in_queries_and_filters(seeds):
    """country:US, country:UK and country=USA found nothing and suggested nothing: only the
    value's own name ("United States") counted."""
    states = from_params(seeds, "country=United States")
    britain = from_params(seeds, "country=United Kingdom")
    assert states and britain
    for typed in ("country:US", "country:usa", "country:America", 'country:"U.S."'):
        assert found(seeds, SearchRequest(query=typed)) == states, typed
    for typed in ("country:UK", "country:Britain", 'country:"Great Britain"', "country:GBR"):
        assert found(seeds, SearchRequest(query=typed)) == britain, typed
    assert from_params(seeds, "country=USA") == states
    assert from_params(seeds, "q=&not_country=UK") == from_params(seeds, "q=") - britain
    # a whole other name only, never one of its words ("abode of peace" is Brunei's)
    assert found(seeds, SearchRequest(query="country:peace")) == set()


def test_a_field_name_in_capitals_is_the_field(seeds, bakers):
    """TITLE:nato and Person:Baker were read as plain words and found nothing."""
    for typed, same in (("TITLE:nato", "title:nato"), ("Country:Finland", "country:Finland"),
                        ("DATE:[1987-03-01 TO 1987-03-31]", "date:[1987-03-01 TO 1987-03-31]")):
        assert found(seeds, SearchRequest(query=typed)) == \
            found(seeds, SearchRequest(query=same)) != set(), typed
    client = create_app({"INDEX_DIR": str(bakers), "TESTING": True}).test_client()
    soup = BeautifulSoup(client.get("/?q=rates+Person:Baker").data, "html.parser")
    assert [re.sub(r"\s+", " ", c.get_text()).strip() for c in soup.select(".chips .chip")] \
        == ["Person: Baker (any) ×"]


def test_an_acronym_in_capitals_is_both_spellings_but_a_pasted_headline_keeps_its_stop_words(
        seeds):
    """UK found only the articles writing UK, not U.K.; US alone was an error ("us" is a stop
    word). An acronym typed in capitals is both spellings, undotted where an article writes
    it in capitals (search.name_forms.Capitals); a stop word's, beside other words, ranks the
    articles writing it first. Typed in lowercase, us is the stop word. In a headline typed
    all in capitals, OF is still "of"."""
    assert found(seeds, SearchRequest(query="UK")) == found(seeds, SearchRequest(query="U.K."))
    assert found(seeds, SearchRequest(query="US")) == found(seeds, SearchRequest(query="U.S.")) \
        != set()
    oil = found(seeds, SearchRequest(query="oil"))
    with_us = oil & found(seeds, SearchRequest(query="U.S."))
    assert with_us and with_us != oil
    assert found(seeds, SearchRequest(query="US oil")) == oil  # optional beside other words
    assert seeds.search(SearchRequest(query="US oil")).hits[0].id in with_us  # ... first
    assert seeds.search(SearchRequest(query="oil")).hits[0].id not in with_us
    assert found(seeds, SearchRequest(query="us oil")) == oil  # lowercase: the stop word
    headline = "JAPAN GIVEN LITTLE HOPE OF AVOIDING U.S. SANCTIONS"
    assert found(seeds, SearchRequest(query=headline)) \
        == found(seeds, SearchRequest(query=headline.lower())) != set()
    assert "'of" not in {text for _field, text in parse_query(headline).iter_all_terms()}
    assert found(seeds, SearchRequest(query="US OR UK")) \
        == found(seeds, SearchRequest(query="U.S.")) | found(seeds, SearchRequest(query="UK"))


def test_typographic_quotes_make_a_phrase_as_plain_ones_do(seed_index, client, runner):
    """Phones and word processors type “ and ”: “Bank of England” found the Bank of New
    England as three words anywhere, and “the” was refused as a lone stop word."""
    for curly, plain in (("“Bank of England”", '"Bank of England"'),
                         ("„said Baker“", '"said Baker"'), ("«the»", '"the"')):
        api = client.get("/api/search", query_string={"q": curly}).get_json()
        assert api["total"] == client.get("/api/search", query_string={"q": plain}) \
            .get_json()["total"] > 0, curly
        result = runner.invoke(cli, ["search", curly, "--index", str(seed_index), "--json"])
        assert result.exit_code == 0 and json.loads(result.output)["total"] == api["total"]
    assert "NEW ENGLAND" not in " ".join(
        hit["title"] for hit in client.get("/api/search", query_string={
            "q": "“Bank of England”"}).get_json()["hits"])


def test_a_facet_word_with_a_possessive_is_the_word(bakers):
    """person:Baker's found nothing, though plain Baker's finds Baker."""
    reader = open_archive(bakers).current()
    every = found(reader, SearchRequest(query="person:Baker"))
    for typed in ("person:Baker's", "person:Baker’s", "person:BAKER'S"):
        assert found(reader, SearchRequest(query=typed)) == every != set(), typed
