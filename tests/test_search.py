"""Search core (issue 5, part 1): query syntax, exact facets and histogram, sorting and paging,
snippets, did-you-mean, related articles and whole-result export, on the real seed index."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import cli
from newsarchive.search.engine import ArchiveReader, SearchRequest, open_archive
from newsarchive.search.export import as_csv, as_jsonl, export_rows
from newsarchive.search.query import FacetWords, QueryError, parse_query
from newsarchive.search.snippets import highlight
from tests.conftest import SEEDS

SEED_ARTICLE_ID = "text/newsweek-kremlin-nato-troops-finland.txt"


@pytest.fixture(scope="module")
def reader(seed_index: Path) -> ArchiveReader:
    return open_archive(seed_index).current()


def small_archive(tmp_path: Path, articles: dict[str, str]) -> ArchiveReader:
    """A reader of these articles (file name -> text), indexed as `newsarchive index` does."""
    root = tmp_path / "archive"
    root.mkdir()
    for name, text in articles.items():
        (root / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code == 0, result.output
    return open_archive(tmp_path / "ix").current()


def ids(reader: ArchiveReader, query: str = "", **kwargs) -> set[str]:
    """Ids of every match (via the export, which has no page limit)."""
    return {row["id"] for row in export_rows(reader, SearchRequest(query=query, **kwargs),
                                             with_body=False)}


def bodies(reader: ArchiveReader, query: str, **kwargs) -> dict[str, str]:
    rows = export_rows(reader, SearchRequest(query=query, **kwargs))
    return {row["id"]: (row["title"] + "\n" + row["body"]).lower() for row in rows}


# -- query syntax ----------------------------------------------------------------------------
def test_words_are_anded_and_or_widens(reader):
    oil, gas = ids(reader, "oil"), ids(reader, "gas")
    assert oil and gas
    assert ids(reader, "oil gas") == oil & gas
    assert ids(reader, "oil OR gas") == oil | gas


def test_not_and_minus_exclude(reader):
    oil, opec = ids(reader, "oil"), ids(reader, "opec")
    assert oil & opec, "the seeds have articles naming both"
    assert ids(reader, "oil NOT opec") == oil - opec
    assert ids(reader, "oil -opec") == oil - opec


def test_phrase_is_stricter_than_words_and_slop_loosens_it(reader):
    words = ids(reader, "trade deficit")
    phrase = ids(reader, '"trade deficit"')
    assert phrase and phrase <= words
    for text in bodies(reader, '"trade deficit"').values():
        assert re.search(r"trade\s+deficits?", text)
    assert phrase <= ids(reader, '"trade deficit"~3') <= words


def test_stemming_finds_other_forms(reader):
    texts = bodies(reader, "border")
    assert any("borders" in t for t in texts.values())
    assert SEED_ARTICLE_ID in texts


def test_fields_prefix_and_fuzzy(reader):
    in_title = ids(reader, "title:oil")
    assert in_title and in_title <= ids(reader, "oil")
    assert ids(reader, "person:\"Dmitry Peskov\"") == {SEED_ARTICLE_ID}
    assert ids(reader, "export*") >= ids(reader, "exports") | ids(reader, "exporters")
    assert ids(reader, "finlnd~") >= ids(reader, "finland")


def test_a_start_typed_with_star_finds_the_words_that_begin_so(tmp_path):
    """word* is a start of words as typed: "ncty" stems to "ncti" and "baby" to "babi",
    which found neither the ticker NCTY.O nor "babysitter"."""
    small = small_archive(tmp_path, {
        "ticker.txt": "NATIONAL CITY CORP <NCTY.O> 1ST QTR NET\n\nShr 1.20 dlrs.",
        "sitter.txt": "A new rule for sitters\n\nThe babysitter arrived late.",
        "babies.txt": "Fewer babies\n\nBirths fell as babies became rarer."})
    assert ids(small, "ncty*") == {"ticker.txt"}
    assert ids(small, "baby*") == {"sitter.txt", "babies.txt"}
    assert ids(small, "title:ncty*") == {"ticker.txt"}
    # three starts typed are three, whatever their stems (at most three are allowed)
    assert ids(small, "baby* sitt* arri*") == {"sitter.txt"}


def test_a_word_finds_the_name_it_starts_written_with_a_domain_or_ticker(tmp_path):
    """On the dev archive `amazon` missed 5 of the 7 articles writing only "Amazon.com", and
    the ticker `teviy` found nothing and was offered "tveit": the index holds "amazon.com" and
    "teviy.o" as one word each. A plain word now finds them (marked in the snippet) and
    gets no did-you-mean; in quotes it is the word alone; NOT leaves them out too."""
    small = small_archive(tmp_path, {
        "store.txt": "App stores compared\n\nDevelopers sell on Amazon.com and on "
                     "Amazon.co.uk as well as in other stores.",
        "ticker.txt": "TEVA PHARMACEUTICAL <TEVIY.O> LISTED ON NASDAQ\n\nShares were listed.",
        "river.txt": "River levels\n\nThe Amazon river rose after heavy rains."})
    assert ids(small, "amazon") == {"store.txt", "river.txt"}
    assert ids(small, '"amazon"') == {"river.txt"}
    assert ids(small, "stores -amazon") == set()
    assert ids(small, "teviy") == {"ticker.txt"}
    hit = next(h for h in small.search(SearchRequest(query="developers amazon")).hits)
    assert "<mark>Amazon.com</mark>" in hit.snippet, hit.snippet


def test_a_ticker_typed_alone_gets_no_did_you_mean(reader):
    """Volkswagen's VOWG.F: `vowg` finds its stories and is offered no other word (it was
    offered "down", which the archive holds)."""
    found = reader.search(SearchRequest(query="vowg"))
    assert found.total == 2 and found.suggestion is None, (found.total, found.suggestion)


def test_plurals_the_stemmer_leaves_apart_find_each_other(tmp_path):
    """The README's `women` finds `woman`, `gunmen` `gunman`, `crises` `crisis`; a quoted
    phrase stays as typed, and a short word is no plural (`omen` is not `Oman`)."""
    small = small_archive(tmp_path, {
        "woman.txt": "First woman on the moon\n\nThe first woman will land in 2024.",
        "gunman.txt": "Gunman held\n\nPolice said a gunman was held after the crisis.",
        "oman.txt": "Oman output\n\nOman raised its oil output."})
    assert ids(small, "women") == ids(small, "woman") == {"woman.txt"}
    assert ids(small, "gunmen") == {"gunman.txt"}
    assert ids(small, "crises") == {"gunman.txt"}
    assert ids(small, '"first women"') == set()
    assert ids(small, "omen") == set()
    hit = small.search(SearchRequest(query="women")).hits[0]
    assert "<mark>woman</mark>" in hit.snippet


def test_usa_finds_the_stories_that_write_us(reader):
    """USA is typed, U.S. written: it found none of them and was asked "did you mean USDA"."""
    us = ids(reader, "US")
    assert len(us) > 50 and ids(reader, "USA") == ids(reader, "U.S.A.") == us
    assert reader.search(SearchRequest(query="USA")).suggestion is None


def test_a_person_filter_takes_a_given_names_short_form(reader):
    """`person:"Jim Baker"` found nothing and suggested nothing: the archive shows James Baker."""
    james = ids(reader, 'person:"James Baker"')
    assert james and ids(reader, 'person:"Jim Baker"') == james
    assert ids(reader, filters={"person": ["jim baker"]}) == james


def test_date_ranges_closed_and_open(reader):
    in_1987 = ids(reader, "date:[1987-01-01 TO 1987-12-31]")
    since_2000 = ids(reader, "date:[2000-01-01 TO]")
    assert in_1987 and since_2000 and not in_1987 & since_2000
    assert ids(reader, "date:[TO 1999-12-31]") == in_1987
    # the request's own date filter says the same
    assert ids(reader, date_from=date(2000, 1, 1)) == since_2000


def test_date_ranges_in_the_query_are_days_like_the_date_flags(reader):
    """date:[a TO b] in the query and --from a --to b select the same articles, to the day."""
    march = ids(reader, date_from=date(1987, 3, 1), date_to=date(1987, 3, 31))
    assert march and march != ids(reader, "date:[1987-01-01 TO 1987-12-31]")
    assert ids(reader, "date:[1987-03-01 TO 1987-03-31]") == march
    assert ids(reader, "date:[1987-03 TO 1987-03]") == march
    assert ids(reader, "date:[1987 TO 1987]") == ids(reader, date_from=date(1987, 1, 1),
                                                       date_to=date(1987, 12, 31))
    assert ids(reader, "date:[TO 1987-03-31]") == ids(reader, date_to=date(1987, 3, 31))
    assert ids(reader, "date:[1987-03-01 TO]") == ids(reader, date_from=date(1987, 3, 1))
    oil = ids(reader, "oil", date_from=date(1987, 3, 1), date_to=date(1987, 3, 31))
    assert oil and ids(reader, "oil date:[1987-03-01 TO 1987-03-31]") == oil
    assert ids(reader, "oil -date:[1987-03-01 TO 1987-03-31]") == ids(reader, "oil") - oil
    with pytest.raises(QueryError, match="is not a date"):
        reader.search(SearchRequest(query="date:[yesterday TO 1987-03-31]"))


def test_title_matches_rank_above_body_matches(reader):
    result = reader.search(SearchRequest(query="oil", page_size=5))
    assert "oil" in result.hits[0].title.lower()


def test_relevance_feedback_reorders_the_result_without_changing_it(reader):
    request = SearchRequest(query="oil")
    matches = reader.matches(request)
    ordered = reader.ordered(request, matches)
    assert sorted(ordered.tolist()) == matches.docs.tolist()  # every match, once
    rescored = matches.ranked  # the query's scores plus the feedback words' (search.ranking)
    assert rescored is not None and len(rescored) == len(matches.docs)
    assert (rescored >= matches.scores - 1e-4).all() and (rescored > matches.scores + 1e-4).any()
    page = reader.search(SearchRequest(query="oil", page_size=10))
    assert page.total == len(matches.docs)
    assert [hit.id for hit in page.hits] == [reader.searcher.stored_fields(doc)["id"]
                                             for doc in ordered[:10].tolist()]


@pytest.mark.parametrize("text", ['"unclosed phrase', "title:", "oil AND", "((oil", "date:[2019",
                                  "person:", "oil)", "-", "*", "~", "oil^^2", 'title:"'])
def test_malformed_queries_never_raise_anything_but_a_clear_query_error(reader, text):
    try:
        result = reader.search(SearchRequest(query=text))
    except QueryError as error:
        assert str(error)
    else:
        assert result.total >= 0


@pytest.mark.parametrize("text", ["person:", "title: oil", 'org:""', "country:()",
                                  "oil People:"])
def test_a_field_name_with_nothing_after_it_is_an_error_saying_what_to_write(reader, text):
    # "person:" searched the word "person" (10 articles of the seeds)
    with pytest.raises(QueryError, match=r"has nothing after it: write what to find right "
                                         r"after the colon, as in \w+:\w+"):
        reader.search(SearchRequest(query=text))
    # the same words quoted, or with a value, are read as ever
    assert reader.search(SearchRequest(query='"person:" oil')).total >= 0
    assert reader.search(SearchRequest(query="person:Baker")).total > 0


@pytest.mark.parametrize("text", ['"bank of eng*"', '"bank of englnd~"', 'oil "b?rder"'])
def test_a_pattern_inside_quotes_is_an_error_saying_what_to_write(reader, text):
    # "bank of eng*" found nothing and said nothing: a phrase is matched word for word
    with pytest.raises(QueryError, match=r"inside the quotes, where it is no pattern"):
        reader.search(SearchRequest(query=text))
    # a phrase's slop, a question mark ending it and a pattern outside quotes are read
    assert reader.search(SearchRequest(query='"trade deficit"~2')).total > 0
    assert reader.search(SearchRequest(query='"is it over?"')).total >= 0
    assert reader.search(SearchRequest(query='"bank of" eng*')).total >= 0


def test_a_query_with_nothing_to_search_for_says_so(runner, seed_index):
    result = runner.invoke(cli, ["search", "NOT", "--index", str(seed_index)])
    assert result.exit_code == 2
    assert "nothing to search for" in result.output
    assert "Traceback" not in result.output
    short = runner.invoke(cli, ["search", "x", "--index", str(seed_index)])  # not "common"
    assert short.exit_code == 2 and "too short" in short.output


def test_a_query_over_its_time_budget_is_a_clear_message(runner, seed_index, monkeypatch):
    """The CLI shows the budget's message (the budget is set to nothing: every search is over)."""
    from newsarchive import cli as cli_module

    monkeypatch.setattr(cli_module, "CLI_QUERY_SECONDS", 0.0)
    result = runner.invoke(cli, ["search", "bord*", "--index", str(seed_index)])
    assert result.exit_code == 2
    assert "this query is too expensive: 'bord*' stands for too many words" in result.output
    assert "Traceback" not in result.output


def test_phrases_match_what_whoosh_finds_repeated_words_and_slop_included(reader):
    """Phrases are checked with position arrays; Whoosh's own phrase matcher must agree."""
    from whoosh import query as wq

    words = ["nato", "troop", "border", "said", "finland", "russia", "the"]
    checked = 0
    for size in (2, 3):
        for start in range(len(words)):
            phrase = [words[(start + k * 2) % len(words)] for k in range(size)]
            for text in (phrase, [phrase[0]] * size):
                for slop in (1, 2, 5):
                    q = wq.Phrase("body", text, slop=slop)
                    ours = reader.matcher.evaluate(q).docs.tolist()
                    theirs = [d for d in reader.searcher.docs_for_query(q) if reader.live[d]]
                    assert ours == sorted(theirs), (text, slop)
                    checked += len(ours)
    assert checked > 0
    assert ids(reader, '"said said"') <= ids(reader, "said")


def _phrase_docs_without_pairs(reader: ArchiveReader, q) -> list[int]:
    """What the matcher finds from word positions alone (as for an index without pairs)."""
    matcher = reader.matcher
    matcher._pair_docs = lambda *args: None  # an instance attribute hides the method
    try:
        return matcher.evaluate(q).docs.tolist()
    finally:
        del matcher._pair_docs


def test_exact_phrases_are_whoosh_s_own_phrase_query(reader):
    """Exact phrases come from the title_pairs / body_pairs fields (adjacent words as one
    term) and word positions; they must find exactly the documents Whoosh's own Phrase query
    finds on the same index, stop words included, with and without the pair fields."""
    from whoosh import query as wq

    from newsarchive.search.schema import SCHEMA

    body = reader.article(SEED_ARTICLE_ID)["body"]
    tokens = [t.text for t in SCHEMA["body"].analyzer(body + " the bank of england said")]
    assert "'the" in tokens and "'of" in tokens  # stop words are indexed, at their positions
    checked = 0
    for start in range(0, len(tokens) - 4, 5):
        for size in (2, 3, 4):
            for field in ("body", "title"):
                q = wq.Phrase(field, tokens[start:start + size])
                ours = reader.matcher.evaluate(q).docs.tolist()
                theirs = sorted(d for d in reader.searcher.docs_for_query(q) if reader.live[d])
                assert ours == theirs, (field, q.words)
                assert ours == _phrase_docs_without_pairs(reader, q), (field, q.words)
                checked += len(ours)
    assert checked > 0
    assert reader.searcher.reader().doc_frequency("body_pairs", "bank 'of") > 0
    assert ids(reader, '"bank of england"') <= ids(reader, "bank england")


STOCK_ARTICLES = {
    "rates.txt": "Rates report\n\nThe stock of exchange rates rose on Monday.\n",
    "exchange.txt": "Market report\n\nThe stock exchange rose on Tuesday.\n",
    "bank.txt": "Lending report\n\nA bank in England lent more on Wednesday.\n",
    "boe.txt": "Rates held\n\nThe Bank of England held its rate on Thursday.\n",
}


def test_a_quoted_phrase_matches_its_words_with_nothing_between(tmp_path):
    """"stock exchange" is not "stock of exchange" and the other way round; stop words in a
    phrase must be there; unquoted, the stop words are left out."""
    small = small_archive(tmp_path, STOCK_ARTICLES)
    assert ids(small, '"stock exchange"') == {"exchange.txt"}
    assert ids(small, '"stock of exchange"') == {"rates.txt"}
    assert ids(small, "stock of exchange") == {"rates.txt", "exchange.txt"}
    assert ids(small, '"bank in england"') == {"bank.txt"}
    assert ids(small, '"Bank of England"') == {"boe.txt"}
    assert ids(small, '"bank of scotland"') == set()
    assert ids(small, '"the stock"') == {"rates.txt", "exchange.txt"}
    hit = small.search(SearchRequest(query='"stock of exchange"')).hits[0]
    assert "<mark>stock</mark> of <mark>exchange</mark>" in hit.snippet  # "of" is not marked


def test_phrases_still_match_after_articles_are_rewritten_from_stored_fields(
        runner, seed_index, tmp_path, monkeypatch):
    """An index written by an older normalizer has its articles rewritten from their stored
    fields; the rewritten articles must keep their word pairs, or exact phrases would stop
    finding them."""
    import shutil

    import newsarchive.indexer.normalize as normalize_module
    from newsarchive.search.entities import EntityValue
    from newsarchive.search.store import live_generation, read_manifest, write_manifest

    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    live = live_generation(index_dir)
    write_manifest(live, {**read_manifest(live), "normalize_version": "0"})
    normalize = normalize_module.article_entities

    def newer_rules(mentions, day=None):  # rules that give every article another value
        found = normalize(mentions, day)
        found.values["org"].append(EntityValue("Newer Rules Board"))
        return found

    monkeypatch.setattr(normalize_module, "article_entities", newer_rules)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = runner.invoke(cli, ["index", str(seeds), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "327 re-normalized" in result.output
    before = open_archive(seed_index).current()
    after = open_archive(index_dir).current()
    assert dict(after.facet_values("org", top=None))["Newer Rules Board"] == 327
    for phrase in ('"trade deficit"', '"nato troops"', '"oil prices"'):
        assert ids(after, phrase) == ids(before, phrase), phrase
    assert ids(after, '"nato troops"')


def test_postings_read_as_arrays_are_those_of_whooshs_matcher(reader):
    """Postings are decoded from raw blocks (only their ids and weights); every term of
    the text, facet and pair fields must give the documents and weights Whoosh's own
    matcher gives."""
    import numpy as np

    from newsarchive.search import postings

    leaf_readers = postings.leaf_readers(reader.searcher)
    checked = 0
    for field in ("body", "title", "country", "person", "body_pairs"):
        terms = list(reader.searcher.reader().lexicon(field))
        for btext in terms[::max(1, len(terms) // 150)]:
            docs, weights = postings.term_postings(reader.searcher, field, btext)
            expected_docs, expected_weights = [], []
            for leaf, offset in leaf_readers:
                if (field, btext) in leaf:
                    matcher = leaf.postings(field, btext)
                    while matcher.is_active():
                        expected_docs.append(matcher.id() + offset)
                        expected_weights.append(matcher.weight())
                        matcher.next()
            assert docs.tolist() == expected_docs, (field, btext)
            assert np.array_equal(weights, np.asarray(expected_weights, dtype=np.float32))
            checked += len(docs)
    assert checked > 1000


def test_deleted_articles_leave_every_kind_of_query(seed_index, tmp_path):
    """Segments with deletions (an incremental run replaced or removed articles) are read
    through the same fast paths; deleted articles must not match anything."""
    import shutil

    from whoosh import index as whoosh_index

    from newsarchive.search.store import live_generation

    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    before = open_archive(index_dir).current()
    queries = ["oil", "said", "trade", '"trade deficit"', '"oil prices"~3', "export*",
               "oil -opec", "country:Canada", '"said the"']
    found = {q: ids(before, q) for q in queries}
    gone = sorted(found["said"])[::3]
    ix = whoosh_index.open_dir(str(live_generation(index_dir)))
    writer = ix.writer()
    for article_id in gone:
        writer.delete_by_term("id", article_id)
    writer.commit(merge=False)  # keep the segment, with deletions
    after = open_archive(index_dir).current()
    assert after.doc_count == before.doc_count - len(gone)
    for q in queries:
        assert ids(after, q) == found[q] - set(gone), q


def test_wildcards_stand_for_the_words_whoosh_would_expand_them_to(reader):
    """word*, *word and w?rd are expanded from the listed lexicon; Whoosh's scan must agree."""
    from whoosh import query as wq

    for field in ("body", "title"):
        for q in (wq.Prefix(field, "bord"), wq.Prefix(field, "s"), wq.Wildcard(field, "*tion"),
                  wq.Wildcard(field, "b?rder*"), wq.Wildcard(field, "*e*"),
                  wq.Wildcard(field, "zzz*q")):
            expected = list(q._btexts(reader.searcher.reader()))[:1024]
            assert reader.matcher.expand(q) == expected, q


# -- filters, facets, histogram --------------------------------------------------------------
def test_facet_counts_are_exact_over_the_whole_result(reader):
    request = SearchRequest(query="said", facet_limit=1000)
    result = reader.search(request)
    rows = list(export_rows(reader, request, with_body=False))
    assert result.total == len(rows) > 10  # more than one page
    for key in ("persons", "countries", "orgs"):
        expected = Counter(value for row in rows for value in row[key])
        assert dict(result.facets[key]) == dict(expected)


def test_filters_and_within_and_across_facets_and_exclusions(reader):
    russia = ids(reader, filters={"country": ["Russia"]})
    finland = ids(reader, filters={"country": ["Finland"]})
    both = ids(reader, filters={"country": ["Russia", "Finland"]})
    assert both == russia & finland and SEED_ARTICLE_ID in both
    with_nato = ids(reader, filters={"country": ["Russia"], "org": ["NATO"]})
    assert SEED_ARTICLE_ID in with_nato and with_nato <= russia
    assert ids(reader, filters={"country": ["Russia"]}, excludes={"country": ["Finland"]}) \
        == russia - finland


def test_facet_search_by_prefix_counts_within_the_result(reader):
    values = reader.facet_values("country", prefix="uni", top=None)
    assert values and all(any(word.startswith("uni") for word in v.lower().split())
                          for v, _ in values)
    narrowed = dict(reader.facet_values("country", prefix="uni", top=None,
                                        request=SearchRequest(query="oil")))
    for value, count in narrowed.items():
        assert count <= dict(values)[value]


def test_a_facet_prefix_finds_values_by_any_word_as_a_surname_is_typed(reader):
    """The README's `entities --prefix Pesk` printed nothing: only the value's start counted."""
    assert reader.facet_values("person", prefix="Pesk") == [("Dmitry Peskov", 1)]
    bakers = {value for value, _ in reader.facet_values("person", prefix="bak", top=None)}
    assert {"James Baker", "Howard Baker"} <= bakers
    assert all(any(word.startswith("bak") for word in value.lower().split())
               for value in bakers)
    assert reader.facet_values("person", prefix="aker") == []  # a word's start, not its middle
    # a country's code or other name typed whole finds it, as country:UK does (the find box
    # offered only Ukraine for "UK")
    codes = [value for value, _ in reader.facet_values("country", prefix="UK", top=None)]
    assert codes[:1] == ["United Kingdom"] and "Ukraine" in codes


def test_histogram_covers_every_dated_hit_with_fitting_intervals(reader):
    result = reader.search(SearchRequest(query=""))
    hist = result.histogram
    assert hist is not None and hist.interval == "year"  # seeds span 1987..2019
    dated = sum(1 for row in export_rows(reader, SearchRequest(), with_body=False) if row["date"])
    assert sum(b.count for b in hist.buckets) == dated
    assert hist.undated == result.total - dated > 0  # the JSON says what no bar counts
    reuters = reader.search(SearchRequest(query="date:[1987-01-01 TO 1987-12-31]")).histogram
    assert reuters.interval == "month"
    assert [b.label for b in reuters.buckets][:2] == ["1987-02", "1987-03"]
    march = next(b for b in reuters.buckets if b.label == "1987-03")
    assert (march.start, march.end) == (date(1987, 3, 1), date(1987, 3, 31))
    assert march.count == len(ids(reader, date_from=march.start, date_to=march.end))
    recent = reader.search(SearchRequest(query="date:[2019-11-01 TO]")).histogram
    assert recent.interval == "day"
    data = json.loads(json.dumps(reader.search(SearchRequest(query="oil")).as_dict()))
    assert data["histogram"]["buckets"][0].keys() == {"label", "start", "end", "count"}
    assert data["histogram"]["undated"] == 0  # every oil story is dated
    border = reader.search(SearchRequest(query="border")).as_dict()["histogram"]
    assert border["undated"] == 1  # four articles, three in bars


# -- results -----------------------------------------------------------------------------------
def test_sorting_by_date_both_ways(reader):
    newest = reader.search(SearchRequest(query="oil", sort="newest", page_size=20)).hits
    oldest = reader.search(SearchRequest(query="oil", sort="oldest", page_size=20)).hits
    newest_dates = [h.date[:19] for h in newest if h.date]
    oldest_dates = [h.date[:19] for h in oldest if h.date]
    assert newest_dates == sorted(newest_dates, reverse=True)
    assert oldest_dates == sorted(oldest_dates)
    assert newest_dates[0] > oldest_dates[0]


def test_pages_of_any_depth_cover_the_result_once(reader):
    request = SearchRequest(query="said", page_size=7)
    first = reader.search(request)
    seen: list[str] = []
    for page in range(1, first.pages + 1):
        request.page = page
        seen += [hit.id for hit in reader.search(request).hits]
    assert len(seen) == len(set(seen)) == first.total
    request.page = first.pages + 3
    beyond = reader.search(request)
    assert beyond.hits == [] and beyond.total == first.total


def test_snippets_are_escaped_text_with_only_mark_tags(reader):
    # Reuters bodies name companies in angle brackets: "Nippon Light Metal Co Ltd <NLGT.T>"
    result = reader.search(SearchRequest(query="plc OR ltd OR inc", page_size=100))
    assert result.hits
    for hit in result.hits:
        bare = hit.snippet.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in bare and ">" not in bare
    assert any("&lt;" in hit.snippet for hit in result.hits)
    assert any("<mark>" in hit.snippet for hit in result.hits)


def test_titles_mark_the_query_s_words_and_stay_escaped(tmp_path, reader):
    """A hit found by its headline alone showed no marked word (`S&P`: 8 of the top 20);
    the title marks the query's words as the snippet does, and markup in it stays text."""
    # Reuters headlines hold tickers in angle brackets: "BROWN DISC <BDP> TO BUY ..."
    for hit in reader.search(SearchRequest(query="plc OR ltd OR inc", page_size=100)).hits:
        bare = hit.title_html.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in bare and ">" not in bare
        assert html.unescape(bare) == hit.title
    small = small_archive(tmp_path, {
        "headline.txt": "Rates cut <script>alert(1)</script> in Oslo\n\nThe bank acted "
                        "on Monday, dealers said.\n"})
    hit = small.search(SearchRequest(query="oslo")).hits[0]
    assert hit.title_html == ("Rates cut &lt;script&gt;alert(1)&lt;/script&gt; in "
                              "<mark>Oslo</mark>"), hit.title_html
    assert "<mark>" not in hit.snippet


def test_misspelt_words_get_a_suggestion_that_finds_more(reader):
    result = reader.search(SearchRequest(query="governmnet"))
    assert result.total == 0 and result.suggestion == "government"
    assert reader.search(SearchRequest(query="government")).total > 0
    assert reader.search(SearchRequest(query="government")).suggestion is None


def test_related_articles_share_words_or_entities(reader):
    related = reader.related(SEED_ARTICLE_ID, top=3)
    assert 0 < len(related) <= 3
    assert SEED_ARTICLE_ID not in {r["id"] for r in related}
    assert set(related[0]) == {"id", "title", "date"}
    assert reader.related("no/such/article") == []


def test_a_story_saved_twice_is_related_once_and_not_to_its_own_copy(tmp_path):
    """The dev archive's related articles listed two titles twice each: a wire's repeated
    story, a page saved again."""
    body = ("Cocoa exports from Abidjan rose in March as the harbour reopened, traders in "
            "London said on Monday.")
    reader = small_archive(tmp_path, {
        "ivory.txt": f"Ivory Coast cocoa exports\n\n{body}\n",
        "ivory-copy.txt": f"Ivory Coast cocoa exports\n\n{body}\n",
        "ghana.txt": "Ghana cocoa purchases\n\nCocoa purchases in Ghana fell in March, "
                     "traders in London said.\n",
        "ghana-again.txt": "Ghana cocoa purchases (repeat)\n\nCocoa purchases in Ghana fell "
                           "in March, traders in London said.\n",
        **{f"other{i}.txt": f"Rail news {i}\n\nThe railway opened a line on Monday.\n"
           for i in range(4)}})
    related = [item["id"] for item in reader.related("ivory.txt")]
    assert "ivory-copy.txt" not in related
    assert len({"ghana.txt", "ghana-again.txt"} & set(related)) == 1, related


def test_a_story_whose_headline_names_the_same_subject_is_related(tmp_path):
    """Related articles came from the body's key terms alone, stop words among them: any
    story was related by "the", and the other cocoa stories, whose bodies share no other word
    with this one, no more than those. Now the headline's words count and stop words do not
    (bench/relevance.py: 0.555 -> 0.661 of the related articles share a topic with the story,
    on its held-out half)."""
    root = tmp_path / "archive"
    root.mkdir()
    stories = {
        "bahia.txt": ("Bahia cocoa review", "Showers continued throughout the week in the "
                      "Bahia zone, alleviating the drought. Smith in New York said the beans "
                      "arrived late and the crop will be smaller."),
        "ghana.txt": ("Ghana cocoa purchases fall", "Ghana's marketing board bought less this "
                      "season than last, officials in Accra announced on Tuesday."),
        "ivory.txt": ("Ivory Coast cocoa exports", "Exports from Abidjan rose in March as "
                      "the harbour reopened."),
        "hotel.txt": ("Hotel sold", "A New York hotel was sold on Tuesday, agents said."),
    }
    for word in ("football", "opera", "railway", "election", "vaccine", "satellite"):
        stories[f"{word}.txt"] = (f"The {word} story", f"Officials spoke about the {word} "
                                  "plans on Monday.")  # the rest of an archive
    for name, (title, body) in stories.items():
        (root / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code == 0, result.output
    related = open_archive(tmp_path / "ix").current().related("bahia.txt", top=5)
    # the cocoa stories by their headlines, the hotel by New York; not the stories that share
    # only "the" and "on" with it
    assert {r["id"] for r in related} == {"ghana.txt", "ivory.txt", "hotel.txt"}


# -- export ------------------------------------------------------------------------------------
def test_export_streams_every_match_as_csv_and_jsonl(reader):
    request = SearchRequest(query="said", page_size=5)
    total = reader.search(request).total
    lines = "".join(as_jsonl(export_rows(reader, request))).splitlines()
    assert len(lines) == total
    first = json.loads(lines[0])
    assert "snippet" not in first and first["body"]
    table = list(csv.DictReader(io.StringIO("".join(as_csv(export_rows(reader, request))))))
    assert len(table) == total
    assert table[0]["id"] == first["id"]
    empty = "".join(as_csv(export_rows(reader, SearchRequest(query="zzzqqqxxx"))))
    assert empty.strip() == "id,title,date,url,source,author,persons,countries,orgs,body"


def test_export_command_writes_a_file(runner, seed_index, tmp_path):
    out = tmp_path / "finland.csv"
    result = runner.invoke(cli, ["export", "border", "--country", "Finland", "--format", "csv",
                                 "--no-body", "--output", str(out), "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert SEED_ARTICLE_ID in {row["id"] for row in rows}
    assert "body" not in rows[0] and "Finland" in rows[0]["countries"].split("; ")


def test_search_cli_exclusions_and_dates(runner, seed_index):
    result = runner.invoke(cli, ["search", "border", "--not-country", "Finland", "--from",
                                 "2019-01-01", "--json", "--index", str(seed_index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] >= 1
    assert all("Finland" not in hit["countries"] for hit in data["hits"])
    assert all(hit["date"] >= "2019" for hit in data["hits"])


# query -> the fast paths (search.postings.PATHS) it must take; a fallback to Whoosh's own
# matcher or posting API would give the same result, only slower, so this is what notices
FAST_PATHS = {
    "oil": {"postings.blocks"},
    "bord*": {"postings.blocks"},
    "oil NOT iran": {"postings.blocks"},
    '"trade deficit"': {"phrase.pairs"},
    '"bank of england"': {"phrase.positions", "positions.blocks"},
    '"trade deficit"~2': {"phrase.positions", "positions.blocks"},
    'country:"Japan" oil': {"terms.facet_table", "postings.blocks"},
    "person:Baker": {"facet.words"},
    "france": {"term.name_forms", "postings.blocks"},  # not the francs
    "US": {"term.capitals", "postings.blocks"},  # not every "us"
}
SLOW_PATHS = ("postings.whoosh", "postings.block_shape", "positions.whoosh", "whoosh.")


@pytest.mark.parametrize("query", list(FAST_PATHS))
def test_every_query_kind_takes_its_fast_path(reader, query):
    from newsarchive.search.matching import QueryMatcher
    from newsarchive.search.postings import PATHS
    from newsarchive.search.query import parse_query

    matcher = QueryMatcher(reader.searcher, reader.live, reader.dates)  # empty caches
    for name, table in reader.facets.items():
        matcher.add_doc_source(name, table.docs_of, table.docs_with_words)
    before = PATHS.copy()
    assert len(matcher.evaluate(parse_query(query)).docs)
    taken = {name for name, count in (PATHS - before).items() if count}
    assert FAST_PATHS[query] <= taken, taken
    assert not [name for name in taken if name.startswith(SLOW_PATHS)], taken


def test_a_facet_value_is_highlighted_where_the_article_names_it_not_its_words_apart(reader):
    """person:Baker marked the "James" of "House Speaker James Wright": each word of the
    mention "James Baker" was marked wherever it stood."""
    (hit,) = reader.search(SearchRequest(query='person:Baker "James Wright"')).hits
    bakers = reader.search(SearchRequest(query="person:Baker", page_size=100)).hits
    (alone,) = [other for other in bakers if other.id == hit.id]
    assert "<mark>James</mark> <mark>Baker</mark>" in alone.snippet
    assert "<mark>Howard</mark> <mark>Baker</mark>" in alone.snippet
    assert "<mark>James</mark> Wright" not in alone.snippet


def test_a_filter_typed_another_way_is_highlighted_as_the_value_it_finds(reader):
    """A helper found `--person "mitt romney"`, `--country UK` and `person:"jim holmes"` found
    their articles and marked nothing in the snippets, as the value typed was compared with
    the names as written."""
    for filters in ({"person": ["james baker"]}, {"person": ["Jim Baker"]},
                    {"country": ["UK"]}, {"country": ["united kingdom"]}):
        hits = reader.search(SearchRequest(filters=filters, page_size=20)).hits
        assert hits and sum("<mark>" in hit.snippet for hit in hits) >= len(hits) // 2, filters
    hits = reader.search(SearchRequest(query='person:"james baker"')).hits
    assert hits and all("<mark>" in hit.snippet for hit in hits)


def test_a_snippet_shows_words_typed_side_by_side_where_they_stand_so():
    """On a web archive `paul ryan` showed "Ryan Grim" and "Paul Begala", `bill gates`
    "Microsoft bills": 20 of 213 snippets of two-word queries missed the words together
    though the text held them (1 now). Words apart are still marked."""
    from newsarchive.search import snippets

    body = ("Ryan Grim wrote the story, and Paul Begala read it on air. " + "Filler text. " * 200
            + "Later Paul Ryan spoke to reporters about the budget.")
    plain = snippets.highlight(body, {"paul", "ryan"})
    assert "<mark>Paul</mark> <mark>Ryan</mark>" not in plain
    typed = snippets.highlight(body, {"paul", "ryan"}, together=frozenset({("paul", "ryan")}))
    assert "<mark>Paul</mark> <mark>Ryan</mark> spoke" in typed
    apart = snippets.highlight("Ryan Grim and Paul Begala.", {"paul", "ryan"},
                               together=frozenset({("paul", "ryan")}))
    assert "<mark>Ryan</mark>" in apart and "<mark>Paul</mark>" in apart


def test_a_phrase_is_highlighted_only_where_its_words_stand_together():
    """The "s" of "S&P" is not every "s"; a stop word is marked only inside a written word."""
    phrases = frozenset({("s", "p"), ("bank", "'of", "england"), ("'at", "t")})
    snippet = highlight("Poor's said S and P, then S&P and the Bank of England; AT&T too.",
                        set(), phrases=phrases)
    assert snippet == ("Poor&#x27;s said S and P, then <mark>S</mark>&amp;<mark>P</mark> and the "
                       "<mark>Bank</mark> of <mark>England</mark>; <mark>AT</mark>&amp;"
                       "<mark>T</mark> too.")


def test_a_word_joined_by_punctuation_is_searched_as_its_phrase(seed_index):
    """AT&T was refused (two stop words), F-16 found every "16" and g-7 finance lost g-7;
    U.S.-made found every "made" (38 articles, where "U.S. made" is in one)."""
    reader = open_archive(seed_index).current()
    for typed, quoted in (("S&P", '"S&P"'), ("AT&T", '"AT&T"'), ("F-16", '"F-16"'),
                          ("g-7 finance", '"g-7" finance'), ("title:S/P", 'title:"S/P"'),
                          ("U.S.-made", '"U.S. made"'), ("U.S./Japan", '"U.S. Japan"')):
        assert ids(reader, typed) == ids(reader, quoted), typed
    assert ids(reader, "S&P") and ids(reader, "AT&T") and ids(reader, "U.S.-made")
    assert len(ids(reader, "U.S.-made")) < len(ids(reader, "made"))
    assert not ids(reader, "F-16") and ids(reader, "16")
    assert isinstance(parse_query("person:Jean-Claude"), FacetWords)  # a facet word, as before


def test_every_form_of_a_query_word_is_highlighted_as_the_index_stems_it(reader):
    """The index stems with Snowball (porter2), the highlighter stemmed with Porter: "trying",
    "staying", "days" and "operating" itself went unmarked in their own snippets ("tri" and
    "try", "day" and "dai"), and a stem that changes y to i is no prefix of its word."""
    for typed, written in (("trying", "trying"), ("operating", "operating"), ("days", "days"),
                           ("stay", "staying"), ("denied", "deny")):
        hits = reader.search(SearchRequest(query=f"{typed} {written}", page_size=100)).hits
        assert hits, typed
        in_body = ids(reader, f"body:{typed}")
        for hit in hits:
            assert "<mark>" in hit.snippet or hit.id not in in_body, (typed, hit.snippet)
            for word in (typed, written):  # wherever the snippet shows it, it is marked
                assert not re.search(rf"(?<!<mark>)\b{word}\b", hit.snippet, re.IGNORECASE), \
                    (word, hit.snippet)


ACCENTED_ARTICLES = {
    "lopez.txt": "Mexico's president meets Brazilian officials\n\nAndrés Manuel López Obrador "
                 "flew to São Paulo on Tuesday. López said the talks on trade went well, and "
                 "officials in São Paulo agreed.\n",
    "erdogan.txt": "Turkey's president speaks in Ankara\n\nRecep Tayyip Erdoğan told "
                   "parliament in Ankara that the economy would grow. Erdoğan gave no "
                   "figures.\n",
    "lopes.txt": "A market report\n\nShares of Lopes Corp rose in quiet trade on Monday.\n",
}


def test_a_name_typed_without_its_accents_finds_it_and_is_highlighted(tmp_path):
    """A reader types Lopez, Sao Paulo, Erdogan: the index folds accents as the query does
    (schema 9), so both spellings find the same articles, and the snippet marks the name as
    the article writes it."""
    small = small_archive(tmp_path, ACCENTED_ARTICLES)
    for typed, written in (("Lopez", "López"), ("sao paulo", "São Paulo"),
                           ('"sao paulo"', '"São Paulo"'), ("erdogan", "Erdoğan"),
                           ("andres lopez", "Andrés López")):
        assert ids(small, typed) == ids(small, written) != set(), typed
    assert ids(small, "Lopez") == {"lopez.txt"}  # not Lopes
    hit = small.search(SearchRequest(query="Lopez")).hits[0]
    assert "<mark>López</mark>" in hit.snippet
    assert "<mark>Erdoğan</mark>" in small.search(SearchRequest(query="erdogan")).hits[0].snippet
    assert small.search(SearchRequest(query="López")).suggestion is None
    assert small.search(SearchRequest(query="Erdogn")).suggestion == "Erdoğan"  # as written


def test_a_wire_storys_dateline_city_finds_it(reader):
    """The seeds' Reuters records keep the dateline apart ("BRUSSELS, March 3"); it was
    dropped, so Brussels found none of the stories filed from there."""
    records = [json.loads(line) for line in (SEEDS / "reuters" / "reuters21578-sample.jsonl")
               .read_text(encoding="utf-8").splitlines() if line.strip()]
    filed = {f"reuters/reuters21578-sample.jsonl#{r['id']}" for r in records
             if (r.get("dateline") or "").upper().startswith("BRUSSELS")}
    assert len(filed) >= 3
    assert filed <= ids(reader, "Brussels")


PHRASE_ARTICLES = {
    "boe.txt": "Rates held\n\nThe Bank of England held rates. Traders in London expected a cut "
               "from the bank after the vote in the city of York.\n",
    "bkne.txt": "Notes sold\n\nThe bank of New England sold notes. Traders in England expected "
                "a cut from the bank after the vote.\n",
}


def test_words_typed_side_by_side_rank_the_articles_writing_them_so_first(tmp_path):
    """The Bank of New England says "bank" and "England" as often in a shorter text, and
    outscores the Bank of England on the words alone (an operator between them keeps them
    apart); typed side by side, they rank first the article writing them so."""
    small = small_archive(tmp_path, PHRASE_ARTICLES)
    matches = small.matches(SearchRequest(query="bank AND of AND england"))  # the words alone
    scored = dict(zip([small.searcher.stored_fields(doc)["id"] for doc in matches.docs.tolist()],
                      matches.scores.tolist(), strict=True))
    assert scored["bkne.txt"] > scored["boe.txt"]
    for query in ("Bank of England", "bank of england", "BANK OF ENGLAND"):
        assert [hit.id for hit in small.search(SearchRequest(query=query)).hits][:1] \
            == ["boe.txt"], query


def test_a_name_finds_the_articles_naming_it_not_another_name_of_the_same_stem(tmp_path):
    """The stemmer makes one index word of "Davies" and "Davis" (Harris and Harry, Hollande
    and Holland): a search for Davies ranked a story writing "Davis" three times first. The
    archive writes both with a capital, as names: each finds its own (search.name_forms)."""
    reader = small_archive(tmp_path, {
        "davis-cup.txt": "Tennis final\n\nLONDON - The Davis Cup final opens on Friday. Davis "
                         "Cup captains met on Thursday, and Davis Cup tickets sold out.\n",
        "davies.txt": "Budget vote\n\nLONDON - Finance minister Mark Davies said on Monday "
                      "that the budget would pass, and officials agreed with the plan.\n",
        **{f"filler{i}.txt": f"Markets {i}\n\nLONDON - Shares rose on Monday as oil prices "
                             f"fell, dealers said.\n" for i in range(4)}})
    result = reader.search(SearchRequest(query="Davies"))
    assert [hit.id for hit in result.hits] == ["davies.txt"]
    assert [hit.id for hit in reader.search(SearchRequest(query="Davis")).hits] == [
        "davis-cup.txt"]


def test_a_name_finds_the_articles_writing_it_not_the_words_of_its_stem(tmp_path):
    """On the Dragnet pages `Mets` found 54 articles, most of people who met, and `Federer`
    63, federal ones first: the stemmer makes "met" of Mets and "feder" of Federer and
    federal. A word the archive writes with a capital is searched as that name (typed in
    lowercase, when three articles or more print it); a name it lacks, typed so, finds
    nothing; other words keep their stems."""
    reader = small_archive(tmp_path, {
        "mets.txt": "Braves at Mets\n\nNEW YORK - The Mets won at Citi Field on Tuesday, "
                    "and the Mets lead the division.\n",
        "talks.txt": "Leaders meet\n\nGENEVA - The ministers met on Monday and will meet "
                     "again. Federal officials said shipments of grain would resume.\n",
        "soviet.txt": "Wheat purchases\n\nMOSCOW - Soviet buyers met traders; the Soviets "
                      "bought wheat, and the shipment arrives in May.\n",
        **{f"mets{i}.txt": f"Game {i}\n\nNEW YORK - The Mets lost on Sunday.\n"
           for i in range(2)},
        **{f"met{i}.txt": f"Visit {i}\n\nPARIS - The envoy met the minister on Friday. The "
                          f"Treasury said so.\n" for i in range(4)},
        "bonds.txt": "Bond market\n\nLONDON - Dealers sold treasuries on Friday.\n",
        "rice.txt": "Rice crop\n\nTOKYO - The rice harvest fell; Condoleezza Rice said "
                    "nothing of it.\n",
        "paddy.txt": "Harvest\n\nBANGKOK - Farmers sold rice on Monday.\n"})
    mets = {"mets.txt", "mets0.txt", "mets1.txt"}
    for typed in ("Mets", "mets"):
        result = reader.search(SearchRequest(query=typed))
        assert {hit.id for hit in result.hits} == mets, typed
        assert "<mark>Mets</mark>" in result.hits[0].snippet
    met = {"talks.txt", "soviet.txt", *(f"met{i}.txt" for i in range(4))}
    assert ids(reader, "met") == mets | met  # the word: its stem
    assert ids(reader, '"Mets"') == mets and ids(reader, '"Federer"') == set()  # as typed
    assert ids(reader, "Federer") == set()
    assert ids(reader, "federal") == {"talks.txt"}
    assert ids(reader, "Shipments") == {"talks.txt", "soviet.txt"}  # typed with a capital
    assert ids(reader, "meetings") == {"talks.txt"}
    assert ids(reader, "Soviets") == {"soviet.txt"}
    # most of what its stem finds: the stem, though every article prints it with a capital
    assert ids(reader, "treasury") == {*(f"met{i}.txt" for i in range(4)), "bonds.txt"}
    # a name the stemmer leaves whole is the word, as before
    assert ids(reader, "Rice") == ids(reader, "rice") == {"rice.txt", "paddy.txt"}


def test_a_name_one_article_prints_typed_in_lowercase_comes_first_among_its_stem_s(tmp_path):
    """One article's "Federer" is too little to read `federer` as the name (on the seed
    archive, "chemicals" printed once as a company's was read so): its stem's articles still
    match, the name's first; typed with a capital, only the name's."""
    reader = small_archive(tmp_path, {
        "tennis.txt": "Tennis\n\nLONDON - Roger Federer won on Sunday.\n",
        **{f"budget{i}.txt": f"Budget {i}\n\nWASHINGTON - Federal spending rose, and federal "
                             f"officials said federal aid would follow.\n" for i in range(3)}})
    result = reader.search(SearchRequest(query="federer"))
    assert result.total == 4 and result.hits[0].id == "tennis.txt"
    assert ids(reader, "Federer") == {"tennis.txt"}


def test_a_name_typed_with_a_capital_that_is_also_a_word_comes_first(tmp_path):
    """`Wells` on the Dragnet pages gave 456 articles writing "well" ("as well"), the three
    naming Wells among them, none first: the archive writes "wells" as a word too, so the
    stem stays, and the articles writing it with a capital, as typed, come first; not when
    every word of the query was typed with a capital."""
    reader = small_archive(tmp_path, {
        "bank.txt": "Bank results\n\nSAN FRANCISCO - Wells Fargo said quarterly profit "
                    "rose, and the bank did well.\n",
        "oil.txt": "Drilling\n\nHOUSTON - Two oil wells were drilled, and output went well "
                   "as well, well ahead of plan.\n",
        "profit.txt": "Profit up\n\nLONDON - Profit rose well, well above forecasts, as "
                      "well as sales; profit was well up.\n",
        **{f"well{i}.txt": f"Plan {i}\n\nLONDON - The plan worked well, well enough, as "
                           f"well as hoped, dealers said.\n" for i in range(3)}})
    result = reader.search(SearchRequest(query="Wells"))
    assert result.total == 6  # the stem's articles still match
    assert result.hits[0].id == "bank.txt"
    assert "<mark>Wells</mark> Fargo" in result.hits[0].snippet
    assert reader.search(SearchRequest(query="wells")).hits[0].id != "bank.txt"
    first = [reader.search(SearchRequest(query=typed)).hits[0].id
             for typed in ("Wells profit", "Wells Profit")]
    assert first == ["bank.txt", "profit.txt"]  # every word with a capital: a typing habit


def test_a_word_typed_in_capitals_finds_the_articles_writing_it_so(tmp_path):
    """`WHO` found every article writing "who" (607 of the 1,353 Dragnet pages), and `IT`
    nothing: the index reads both in lowercase, and "it" is a stop word. Typed in capitals,
    such a word finds where an article writes it so (or with dots), and only there is it
    marked; in a headline all in capitals, every word may be one."""
    reader = small_archive(tmp_path, {
        "who.txt": "Vaccine plan\n\nGENEVA - The WHO said on Monday that people who travel "
                   "need a vaccine.\n",
        "travel.txt": "Travel rules\n\nLONDON - Those who travel said it was hard.\n",
        "it.txt": "Technology budgets\n\nNEW YORK - Companies raised IT budgets, and it grew "
                  "as US firms led.\n",
        "deficit.txt": "US TRADE DEFICIT WIDENS\n\nWASHINGTON - The U.S. trade deficit "
                       "widened, officials said.\n",
        "plain.txt": "US TRADE TALKS\n\nWASHINGTON - Trade talks resumed, officials who "
                     "met said.\n"})
    result = reader.search(SearchRequest(query="WHO"))
    assert [hit.id for hit in result.hits] == ["who.txt"]
    assert "The <mark>WHO</mark> said" in result.hits[0].snippet
    assert "<mark>who</mark>" not in result.hits[0].snippet
    assert ids(reader, "who") == {"who.txt", "travel.txt", "plain.txt"}
    assert ids(reader, "IT") == ids(reader, "IT budgets") == {"it.txt"}
    assert ids(reader, "US") == {"it.txt", "deficit.txt", "plain.txt"}  # a wire headline's
    assert ids(reader, "WHO officials") == set()  # "officials who" is no WHO


def test_a_common_word_typed_in_lowercase_asks_for_no_name(tmp_path):
    """`jobs report` ranked "Steve Jobs' Yacht Revealed" first on the dev archive: the word
    names a person there. Typed in lowercase, a word most of whose articles print it as a
    common word asks for no one; typed with its capital, it asks for him."""
    reader = small_archive(tmp_path, {
        "yacht.txt": "Yacht revealed\n\nThe yacht of Apple founder Steve Jobs was shown in "
                     "the Netherlands. Jobs had planned it for years, a report said.\n",
        **{f"jobs{i}.txt": f"Employment data {i}\n\nWASHINGTON - Employers added jobs in March, "
                           f"the monthly report said, and jobs in factories rose.\n"
           for i in range(3)}})
    assert reader.search(SearchRequest(query="jobs")).hits[0].id != "yacht.txt"
    assert reader.search(SearchRequest(query="Jobs")).hits[0].id == "yacht.txt"


def test_a_fuzzy_word_ranks_the_word_as_typed_above_its_near_spellings(tmp_path):
    """`Sandy~` on the dev archive ranked five Saudi Arabia stories first: "sandi" and
    "saudi" are one edit apart as stems, and Saudi stories write it often. The near spellings
    still match, below."""
    reader = small_archive(tmp_path, {
        "storm.txt": "Storm damage\n\nNEW YORK - Hurricane Sandy flooded the subway on "
                     "Monday night, and the city closed its schools, officials said.\n",
        **{f"oil{i}.txt": f"Saudi output {i}\n\nRIYADH - Saudi oil output rose, Saudi officials "
                          f"said, and Saudi exports grew as Saudi Arabia sold more crude.\n"
           for i in range(3)}})
    result = reader.search(SearchRequest(query="Sandy~"))
    assert result.total == 4 and result.hits[0].id == "storm.txt"


def test_a_hit_with_the_text_of_one_above_it_says_so(tmp_path):
    """The dev archive's `takeover bid` in March 1987 gave one Leigh-Pemberton story as hits
    1 and 2 (a wire's repeat), `"Louvre accord"` two copies first: the second is marked as
    the first's copy, on the page, in the API and on the command line."""
    from click.testing import CliRunner

    from newsarchive.web import create_app

    body = "The Bank of England will not block the takeover bid, its governor said on Monday."
    reader = small_archive(tmp_path, {
        "bid.txt": f"Takeover bid cleared\n\nLONDON - {body}\n",
        "bid-repeat.txt": f"Takeover bid cleared (repeat)\n\nLONDON - {body}\n",
        "other.txt": "Another bid\n\nPARIS - A takeover bid for the retailer failed on "
                     "Friday, its board said.\n"})
    hits = reader.search(SearchRequest(query="takeover bid")).hits
    copies = {hit.id: hit.same_as for hit in hits}
    order = [hit.id for hit in hits]
    first, second = sorted(("bid.txt", "bid-repeat.txt"), key=order.index)
    assert copies == {first: None, second: first, "other.txt": None}
    client = create_app({"INDEX_DIR": str(tmp_path / "ix")}).test_client()
    page = client.get("/?q=takeover+bid").get_data(as_text=True)
    number = order.index(first) + 1
    assert f"The same text as result {number} above." in page
    output = CliRunner().invoke(cli, ["search", "takeover bid", "--index", str(tmp_path / "ix")])
    assert f"the same text as {first} above" in output.output
