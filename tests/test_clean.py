"""Cleaning: the seed's story text, Reuters records, JSON field mapping, HTML metadata and a
quality floor of the HTML extraction on a fixed sample of the benchmark pages."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsarchive.indexer.article import RawArticle, SourceError
from newsarchive.indexer.clean import clean
from newsarchive.indexer.metadata import normalize_date
from newsarchive.indexer.textclean import clean_text, is_credit

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "sources" / "newsweek-kremlin-nato-troops-finland.txt"
REUTERS = FIXTURES / "sources" / "reuters-sample.jsonl.gz"
PAGES = FIXTURES / "extraction"
BENCH = Path(__file__).resolve().parent.parent / "bench" / "extraction.py"
# Measured F1 on this sample with bench/extraction.py --data tests/fixtures/extraction; the floor
# leaves a little room for library updates, not for regressions.
SAMPLE_F1_FLOOR = 0.93


def bench_module():
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed():
    raw = RawArticle(id=SEED.name, path=SEED.name, kind="text", data=SEED.read_bytes())
    return clean(raw)


def test_seed_title_and_story_intact(seed) -> None:
    assert seed.title == "NATO \u2018Troops\u2019 at Russia Border \u2018Excessive\u2019: Kremlin"
    assert seed.body.startswith("The Kremlin has decried reports that Poland plans to send")
    assert seed.body.endswith("Stoltenberg told a press conference in Brussels.")
    for sentence in ("Russian President Vladimir Putin\u2019s spokesman Dmitry Peskov",
                     "Finnish Prime Minister Petteri Orpo announced last week",
                     "NATO Secretary-General Jens Stoltenberg said Monday"):
        assert sentence in seed.body
    assert seed.language == "en"
    assert seed.content_hash


def test_seed_loses_counters_credit_and_promo(seed) -> None:
    lines = seed.body.split("\n")
    assert "0" not in lines and "34" not in lines
    assert "JUSSI NUKARI" not in seed.body and "Getty Images" not in seed.body
    # the caption above the credit is a sentence about the story: it stays
    assert "Helsinki said there has been a surge in attempted crossings" in seed.body
    assert "Do you have a tip" not in seed.body and "email protected" not in seed.body
    assert "Let us know via" not in seed.body


def test_credit_lines_are_recognized_but_sentences_are_not() -> None:
    assert is_credit("JUSSI NUKARI/Lehtikuva/AFP/Getty Images")
    assert is_credit("Photo: John Smith")
    assert is_credit("Photograph: Jane Doe/Reuters")
    assert not is_credit("Reuters reported that the talks failed.")
    assert not is_credit("The Kremlin spokesman warned that the measure could stoke tensions.")
    # prose without a full stop: a subheading, a line of figures' source
    assert not is_credit("What executives told AFP")
    assert not is_credit("Source: company filings show revenue rose 12 percent in the quarter")
    assert is_credit("A file photo taken by Jim Bourg/Reuters")


def test_clean_text_keeps_angle_brackets_and_drops_email_leftovers() -> None:
    text = ("STANDARD OIL <SRD> TO FORM UNIT\nBP Plc <BP> owns 55 pct.\n\n"
            "Write to [email protected] now")
    cleaned = clean_text(text)
    assert "<SRD>" in cleaned and "<BP>" in cleaned
    assert "email protected" not in cleaned


def test_reuters_record_keeps_tickers_and_drops_signoff() -> None:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    record = records[1]
    article = clean(RawArticle(id="r#2", path="r", kind="record", fields=record, record_id="2"))
    assert article.title == "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"
    assert "subsidiary of British Petroleum Co Plc <BP>, which" in article.body  # unwrapped
    assert not article.body.rstrip().endswith("Reuter")
    assert article.date == "1987-02-26T15:02:20"
    assert article.source == "Reuters"
    assert article.language == "en"


def test_a_records_dateline_opens_its_text_as_the_wire_prints_it() -> None:
    """Reuters records keep the dateline apart ("SALVADOR, Feb 26"): it was dropped, so a
    search for the city found none of the stories filed from there."""
    record = {"title": "BAHIA COCOA REVIEW", "dateline": "SALVADOR, Feb 26",
              "body": "Showers continued throughout the week in the Bahia cocoa zone."}
    article = clean(RawArticle(id="r#1", path="r", kind="record", fields=record, record_id="1"))
    assert article.body == ("SALVADOR, Feb 26 - Showers continued throughout the week in the "
                            "Bahia cocoa zone.")
    record["body"] = "SALVADOR, Feb 26 - " + record["body"].split(" - ")[-1]
    again = clean(RawArticle(id="r#1", path="r", kind="record", fields=record, record_id="1"))
    assert again.body.count("SALVADOR") == 1


def test_a_story_signed_off_in_capitals_is_reuters_too() -> None:
    """72 of the seed archive's 305 wire stories end "REUTER": they had no source (a source
    filter missed a quarter of them) and kept the sign-off in their text."""
    record = {"title": "OIL PRICES STEADY", "body": "Oil prices held steady on Monday.\n REUTER\n"}
    article = clean(RawArticle(id="r#9", path="r", kind="record", fields=record, record_id="9"))
    assert article.source == "Reuters" and article.body == "Oil prices held steady on Monday."


def test_json_common_field_names_are_mapped() -> None:
    record = {"headline": "Budget passes", "articleBody": "The parliament passed the budget.",
              "datePublished": "2023-11-29T10:12:00+0100", "link": "https://example.com/b",
              "byline": [{"name": "Ann Lee"}, {"name": "Bo Chen"}], "publication": "The Daily"}
    article = clean(RawArticle(id="b.json", path="b.json", kind="record", fields=record))
    assert article.title == "Budget passes"
    assert article.body == "The parliament passed the budget."
    assert article.date == "2023-11-29T10:12:00+01:00"
    assert article.url == "https://example.com/b"
    assert article.author == "Ann Lee, Bo Chen"
    assert article.source == "The Daily"


def test_record_without_text_is_a_source_error() -> None:
    raw = RawArticle(id="x.jsonl#3", path="x.jsonl", kind="record", fields={"title": "Only"},
                     record_id="3")
    with pytest.raises(SourceError) as caught:
        clean(raw)
    assert (caught.value.path, caught.value.record, caught.value.reason) == (
        "x.jsonl", "3", "no article text")


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-11-19T05:00:08.000Z", "2019-11-19T05:00:08+00:00"),
    ("2019-11-19T10:12:00-0500", "2019-11-19T10:12:00-05:00"),
    ("2019-11-19", "2019-11-19"),
    ("Tue, 19 Nov 2019 13:04:00 GMT", "2019-11-19T13:04:00+00:00"),
    ("2019/11/19", "2019-11-19"),
    ("1987-02-26T15:01:01", "1987-02-26T15:01:01"),
    ("yesterday", None),
])
def test_dates_become_iso_8601(value: str, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_html_page_metadata() -> None:
    page_id = "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca"
    data = gzip.decompress((PAGES / "html" / f"{page_id}.html.gz").read_bytes())
    article = clean(RawArticle(id="p.html", path="p.html", kind="html", data=data))
    assert article.title and "stocks" in article.title
    assert article.date and article.date.startswith("2019-11-1")
    assert "+" in article.date or article.date.endswith("Z") or len(article.date) > 10
    assert article.source and "reuters" in article.source.lower()
    assert article.url and article.url.startswith("https://www.reuters.com/")
    assert article.language == "en"
    assert "Reporting by" not in article.body


def test_extraction_quality_floor_on_benchmark_sample(capsys) -> None:
    bench = bench_module()
    result = bench.run(PAGES, worst=0, limit=None)
    assert len(json.loads((PAGES / "ground-truth.json").read_text())) == 10
    assert result["f1"] >= SAMPLE_F1_FLOOR, capsys.readouterr().out
    assert result["precision"] >= SAMPLE_F1_FLOOR - 0.02
    assert result["recall"] >= SAMPLE_F1_FLOOR - 0.02


def test_the_bench_reads_gold_stored_in_utf16_as_text() -> None:
    """Five Dragnet pages' gold is UTF-16 read as bytes ("\ufffd\ufffdP\x00a\x00..."): every
    extractor scored 0 on them."""
    story = "Paulo Coelho's Blog\r\n\r\nVacations!"
    stored = "\ufffd\ufffd" + story.encode("utf-16-le").decode("latin-1")
    assert bench_module().gold_text(stored) == story
    assert bench_module().gold_text(story) == story


def test_script_rendered_page_falls_back_to_json_ld_article_body() -> None:
    ld = {"@type": "NewsArticle", "headline": "JS story",
          "datePublished": "2020-01-02T03:04:05+02:00",
          "articleBody": "The story rendered by scripts is here in full. It has two sentences.",
          "author": {"@type": "Person", "name": "Ann Lee"},
          "publisher": {"@type": "Organization", "name": "The Paper"}}
    page = ("<html><head><title>T</title><script type='application/ld+json'>" + json.dumps(ld)
            + "</script></head><body><div id='root'></div><script>render()</script></body></html>")
    article = clean(RawArticle(id="x.html", path="x.html", kind="html", data=page.encode()))
    assert article.body == ld["articleBody"]
    assert (article.title, article.date, article.author, article.source) == (
        "JS story", "2020-01-02T03:04:05+02:00", "Ann Lee", "The Paper")


@pytest.mark.parametrize(("value", "expected"), [
    (1700000000, "2023-11-14T22:13:20+00:00"),
    ("1700000000000", "2023-11-14T22:13:20+00:00"),
    (76000000, "1972-05-29T15:06:40+00:00"),  # before 1973, in seconds and milliseconds
    (76000000000, "1972-05-29T15:06:40+00:00"),
    (-15724800, "1969-07-03T00:00:00+00:00"),  # before 1970
    (20230314, "2023-03-14"),  # a compact date, not 1970's 20 millionth second
    ({"$date": "2020-07-26T12:00:00Z"}, "2020-07-26T12:00:00+00:00"),  # mongoexport
    ({"$date": {"$numberLong": "1595764800000"}}, "2020-07-26T12:00:00+00:00"),
    ("2023/03/14 09:30", "2023-03-14T09:30:00"),
    ({"$date": {"$numberLong": "-3024000000"}}, "1969-11-27T00:00:00+00:00"),  # always ms
    ("20210317T180411Z", "2021-03-17T18:04:11+00:00"),  # ISO 8601's basic form
    ("1615999451.5", "2021-03-17T16:44:11.500000+00:00"),
    (12, None),
    (2023, None),
])
def test_record_unix_time_dates(value, expected) -> None:
    record = {"title": "T", "body": "Some story text for the record.", "published": value}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.date == expected


@pytest.mark.parametrize("value", [True, {"when": "yesterday"}, 12])
def test_a_record_date_of_another_kind_is_said_unreadable(value) -> None:
    record = {"title": "T", "body": "Some story text for the record.", "date": value}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.date is None
    assert article.warnings and "cannot be read as a date" in article.warnings[0]


def test_a_records_html_text_is_read_as_its_text() -> None:
    """WordPress and news APIs export the story as HTML: its paragraphs, not its tags or
    script, are indexed."""
    record = {"title": "Budget", "content": "<p>The council approved the budget on Tuesday "
              "after a long debate about school funding.</p><p>Second <b>part</b> &amp; "
              "more.</p><script>var tracker=1;</script>", "byline": "By Bob Smith"}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.body == ("The council approved the budget on Tuesday after a long debate "
                            "about school funding.\n\nSecond part & more.")
    assert article.author == "Bob Smith"
    escaped = {"title": "<b>Fed</b> holds &amp; AT&amp;T", "body": "&lt;p&gt;Rates held on "
               "Tuesday.&lt;/p&gt;&lt;p&gt;Markets rose\u2026 [+3120 chars]&lt;/p&gt;"}
    article = clean(RawArticle(id="e.json", path="e.json", kind="record", fields=escaped))
    assert (article.title, article.body) == ("Fed holds & AT&T",
                                             "Rates held on Tuesday.\n\nMarkets rose\u2026")
    newsapi = {"title": "T", "content": "Rates held on Tuesday as expected\u2026 [+3120 chars]"}
    assert clean(RawArticle(id="n.json", path="n.json", kind="record",
                            fields=newsapi)).body == "Rates held on Tuesday as expected\u2026"
    reuters = {"title": "T", "body": "BP Plc <BP> owns 55 pct of <A> shares.\nReuter"}
    assert "<BP>" in clean(RawArticle(id="r.json", path="r.json", kind="record",
                                      fields=reuters)).body


@pytest.mark.parametrize(("declared", "expected"), [
    ("English", "en"), ("en-US", "en"), ("eng", "en"), ("fr_FR", "fr"), ("Deutsch", "de"),
    ("English (US)", "en"), ("Vietnamese", "vi"), ("klingon", None),
])
def test_a_records_language_is_a_two_letter_code(declared, expected) -> None:
    """The declared language, as the sidebar's and --language's code (a text too short for
    the detector to be sure of keeps it); one written in another way is read."""
    record = {"title": "T", "language": declared, "body": "Prix en hausse."}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.language == expected
    record["body"] = ("Fishermen in the northern harbour town protested on Monday against new "
                      "quotas set by the ministry. The union leader said jobs were at risk.")
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.language == "en"  # a text the detector is sure of is in its language


def test_a_new_york_times_api_doc_is_read() -> None:
    record = {"headline": {"main": "Council votes"}, "byline": {"original": "By Carl Jones"},
              "lead_paragraph": "The city council voted on Tuesday to approve a new budget "
                                "for public transport.", "pub_date": "2019-01-02T00:00:00+0000",
              "web_url": "https://www.nytimes.com/2019/01/02/nyregion/council.html"}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert (article.title, article.author, article.date[:10], article.url) == (
        "Council votes", "Carl Jones", "2019-01-02", record["web_url"])
    assert article.body.startswith("The city council voted")
    for name in ("abstract", "summary"):  # the other text names of search APIs' answers
        other = {"title": "Council votes", name: record["lead_paragraph"]}
        read = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=other))
        assert read.body == record["lead_paragraph"], name


STORY = ("<article><h1>Railway plan approved</h1><p>The regional government approved on "
         "Monday a plan to rebuild the flooded railway line between the two valley towns, "
         "closed since the storms last autumn. Engineers expect the work to take eighteen "
         "months and to cost about forty million euros.</p></article>")


def page_article(page: str):
    return clean(RawArticle(id="p.html", path="p.html", kind="html", data=page.encode()))


def test_a_copyright_year_is_no_publication_date() -> None:
    """htmldate offers January 1 of the footer's copyright year when it finds nothing else."""
    for footer in ("© 2023 The Valley Courier", "Copyright 1998-2024 The Valley Courier"):
        page = (f"<html><head><title>Railway plan approved</title></head><body>{STORY}"
                f"<footer>{footer}</footer></body></html>")
        assert page_article(page).date is None, footer


def test_the_address_a_page_was_saved_from_is_its_url_and_not_the_day_it_was_saved() -> None:
    chrome = ("<!DOCTYPE html>\n<!-- saved from url=(0067)https://www.northerntimes.example.co"
              ".uk/news/2018/06/21/railway-plan -->\n<html><head><title>Railway plan approved"
              f"</title></head><body>{STORY}</body></html>")
    article = page_article(chrome)
    assert article.url == "https://www.northerntimes.example.co.uk/news/2018/06/21/railway-plan"
    assert article.date == "2018-06-21"  # from the address
    singlefile = ("<!DOCTYPE html> <html lang=\"en\"><!--\n Page saved with SingleFile \n url: "
                  "https://www.singletimes.example.com/politics/railway-vote \n saved date: Mon "
                  "Jan 08 2024 10:22:31 GMT+0100 (Central European Standard Time)\n--><head>"
                  f"<title>Railway plan approved</title></head><body>{STORY}</body></html>")
    article = page_article(singlefile)
    assert article.url == "https://www.singletimes.example.com/politics/railway-vote"
    assert article.date is None


def test_json_ld_document_record_uses_its_article_node() -> None:
    document = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "The Paper", "url": "https://paper.example"},
        {"@type": "NewsArticle", "headline": "Bridge reopens", "datePublished": "2021-05-04",
         "articleBody": "The bridge reopened on Tuesday after two years of repairs.",
         "author": [{"@type": "Person", "name": "Kim Park"}],
         "publisher": {"@type": "Organization", "name": "The Paper"}}]}
    article = clean(RawArticle(id="d.json", path="d.json", kind="record", fields=document))
    assert (article.title, article.date, article.author, article.source) == (
        "Bridge reopens", "2021-05-04", "Kim Park", "The Paper")
    assert article.body.startswith("The bridge reopened")


def test_a_byline_loses_the_date_run_into_it_but_not_a_name_like_a_month() -> None:
    from newsarchive.indexer.metadata import find_author, parse_html

    tree = parse_html("<html><head></head><body><p>x</p></body></html>")
    for guessed, author in [("JERUSALEM POST STAFF NOVEMBER", "JERUSALEM POST STAFF"),
                            ("Lara Webster, November 9", "Lara Webster"),
                            ("Monday, November; Matthew Kang", "Matthew Kang"),
                            ("Ann Lee, Nov. 20, 2019 10:30 am", "Ann Lee"),
                            ("Theresa May", "Theresa May"), ("April Ryan", "April Ryan")]:
        assert find_author(tree, None, guessed) == author


def test_a_name_whose_link_opens_a_hover_card_stays_in_its_sentence() -> None:
    """The Hill links "Kristi Noem" to a pop-up card of her photo and three story links; the
    card was a menu, and so was the link holding it and her name: "South Dakota Gov. (R) is
    defending ...", and a search for her missed the story. Its title ended "| TheHill"."""
    page = (Path(__file__).resolve().parent.parent / "seeds" / "web" /
            "thehill--471033-south-dakota-governor-doubles-down-on-meth-were-on-it-anti-drug-.html")
    article = clean(RawArticle(id=page.name, path=page.name, kind="html",
                               data=page.read_bytes()))
    assert article.body.startswith("South Dakota Gov. Kristi Noem (R) is defending")
    # its JSON-LD headline ends "| TheHill", its og:title does not: the site is shown apart
    assert article.title == ("South Dakota governor doubles down on 'meth, we're on it' "
                             "anti-drug campaign")
    assert "Kristi Lynn Noem" not in article.body  # the card itself is still left out
    assert "In God We Trust" not in article.body


@pytest.mark.parametrize(("value", "expected"), [
    ("March 3, 2023", "2023-03-03"),
    ("3 March 2023", "2023-03-03"),
    ("Friday, March 3rd, 2023", "2023-03-03"),
    ("2023-03-03 10:00:00 UTC", "2023-03-03T10:00:00+00:00"),
    ("March 3, 2023 5:00 pm PDT", "2023-03-03T17:00:00-07:00"),  # not 5:00 (email's parser)
    ("3 March 2023 10:00 IST", "2023-03-03T10:00:00+05:30"),  # a zone of half hours
    ("1899-12-31", "1899-12-31"),  # a historical archive's dates
    ("03/04/2023", None),  # March 4 or April 3: not guessed
    ("March 2023", None),  # no day
    ("0001-01-01", None),
])
def test_dates_scrapers_write_are_read_and_ambiguous_ones_are_not(value, expected) -> None:
    """A record dated "March 3, 2023", "3 March 2023" or "2023-03-03 10:00:00 UTC" was
    indexed without a date, and so was any date before 1900."""
    assert normalize_date(value) == expected


def test_a_date_outside_the_years_read_is_named_so() -> None:
    raw = RawArticle(id="r#1", path="r", kind="record", record_id="1",
                     fields={"title": "Old", "body": "The harbour opened.", "date": "1650-05-01"})
    article = clean(raw)
    assert article.date is None
    assert article.warnings == ["the date '1650-05-01' names a year outside 1700-2100; the "
                                "article is indexed without one"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["March", "3", "2023", "10:00", "pm", "IST", "PDT", "UTC",
                                       "+0530", "Mon,", "3rd", "-", "/", "T", "99", "0001",
                                       "2023-03-03", "Sept.", "xyz", "5.5", "."]), max_size=7),
       noise=st.text(max_size=12))
def test_reading_a_date_never_fails(words: list[str], noise: str) -> None:
    """dateutil raised a TypeError for "IST" (a zone of half hours): a page's date must be
    read or left unread, never stop the page."""
    for text in (" ".join(words), " ".join(words) + noise, noise):
        found = normalize_date(text)
        assert found is None or found[:4].isdigit()


def test_a_widget_s_heading_trafilatura_took_for_the_title_gives_way_to_the_page_s_title() -> None:
    """On the Dragnet pages indexed alone, 60 of 1,351 titles were a sidebar's heading that
    trafilatura guessed ("Translate" on every AdWords post, "Share this:", "Cancel reply"),
    and the everywhereist pages named their own headline as the publication."""
    from newsarchive.indexer.metadata import find_source, find_title, parse_html

    tree = parse_html("<html><head><title>App promoters: are you ready? - Inside AdWords"
                      "</title></head><body><p>Text.</p></body></html>")
    assert find_title(tree, None, "Translate") == "App promoters: are you ready?"
    headline = "App promoters: are you ready?"
    assert find_title(tree, None, headline) == headline
    assert find_title(parse_html("<p>No title tag.</p>"), None, "Translate") == "Translate"
    # a blog's or a section's name as trafilatura's guess, in a longer line of <title>: 60
    # more Dragnet pages ("Rand's Blog" on every post of the blog, "zenhabits", "Maps")
    blog = parse_html("<title>Just Keep Going \u00ab Rand's Blog</title><p>Text.</p>")
    assert find_title(blog, None, "Rand's Blog") == "Just Keep Going \u00ab Rand's Blog"
    maps = parse_html("<title>Google Lat Long: Let indoor Google Maps be your guide this "
                      "holiday</title><p>Text.</p>")
    assert find_title(maps, None, "Maps").startswith("Google Lat Long: Let indoor")
    assert find_title(blog, None, "Just Keep Going") == "Just Keep Going"  # a headline stays
    url = "http://www.everywhereist.com/aaaaand-were-back/"
    assert find_source(tree, None, url, "Aaaaand we're back.", "Aaaaand we're back.") == \
        "everywhereist.com"


def test_a_site_name_written_as_a_sentence_loses_its_dot_and_an_abbreviation_keeps_it():
    """The Dragnet pages of poynter.org named their publication "Poynter.": a facet value of
    its own beside any "Poynter"."""
    from newsarchive.indexer.metadata import find_source, parse_html

    def source(site_name: str, url: str) -> str | None:
        page = parse_html(f'<html><head><meta property="og:site_name" content="{site_name}">'
                          f'</head><body><p>Text.</p></body></html>')
        return find_source(page, None, url, None)

    assert source("Poynter.", "http://www.poynter.org/x/1") == "Poynter"
    for kept in ("Dow Jones & Co.", "The News Co.", "U.S."):
        assert source(kept, None) == kept


def test_rows_of_a_layout_table_opening_with_empty_cells_are_no_story() -> None:
    """A job board beside a Gamasutra story came out as "| | | | Best Boy Entertainment Game
    Designer |" rows: the story ranked first for "entertainment", with that row as its
    snippet. A story's own table row keeps its cells."""
    from newsarchive.indexer.extract import filter_lines

    text = ("The studio said on Monday it would hire forty people for its next game.\n"
            "| | | | Best Boy Entertainment Game Designer |\n| | |\n"
            "| Year | Revenue | Staff |\n| 2011 | 12 million | 80 |")
    assert filter_lines(text) == ("The studio said on Monday it would hire forty people for "
                                  "its next game.\n| Year | Revenue | Staff |\n"
                                  "| 2011 | 12 million | 80 |")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["$date", "$numberLong", "name", "x"]), inner, max_size=2),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
@example({"$date": {"$numberLong": float("inf")}})  # int(inf): an OverflowError, found by CI
def test_reading_a_records_date_never_fails(value) -> None:
    """A record's date may be any JSON value: it is read or said unreadable, never a crash
    (a mongoexport number of 23 digits overflowed Python's dates)."""
    record = {"title": "T", "body": "Some story text for the record.", "date": value}
    article = clean(RawArticle(id="t.json", path="t.json", kind="record", fields=record))
    assert article.date is None or article.date[:4].isdigit()
