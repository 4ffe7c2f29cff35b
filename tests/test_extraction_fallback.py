"""No story dropped: pages with broken markup still give their story, navigation left out, and
the fallback chain (another extractor, then the page's visible text) flags what it found."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from newsarchive.indexer import extract
from newsarchive.indexer.article import RawArticle
from newsarchive.indexer.clean import clean
from newsarchive.indexer.encoding import decode
from tests.conftest import REPO

STORY = ("The harbour authority said on Tuesday that the new breakwater would be finished by the "
         "end of next year. Engineers expect the project to cost about twelve million euros, paid "
         "mostly by the regional government. ")
NAV = ("<table><tr><td><a href='/'>Home</a> | <a href='/world'>World News</a> | "
       "<a href='/business'>Business</a> | <a href='/sport'>Sport</a></td></tr></table>")
PARAGRAPHS = "".join(f"<p>{STORY}</p>" for _ in range(3))

BROKEN_PAGES = {
    # <title> never closed: a parser reads the whole page as the title
    "unclosed-title": f"<html><head><title>Breakwater plans\n<body>{NAV}{PARAGRAPHS}</body></html>",
    # a title with a script string in it, closed only inside the script
    "title-with-script": ("<html><head><title>Breakwater <script>var s = '</title>';</script>\n"
                          f"</head><body>{NAV}{PARAGRAPHS}</body></html>"),
    # <script> never closed: a parser reads the rest of the page as script
    "unclosed-script": (f"<html><head><script>var a = 1;\n</head><body>{NAV}{PARAGRAPHS}"
                        "</body></html>"),
    # a frameset page: the story is in <noframes>
    "frameset": ("<html><head><title>Harbour</title></head><frameset cols='20%,80%'>"
                 "<frame src='menu.html'><frame src='main.html'>"
                 f"<noframes><body>{PARAGRAPHS}</body></noframes></frameset></html>"),
    # <style> never closed: a parser reads the rest of the page as style sheet
    "unclosed-style": (f"<html><head><title>Harbour</title></head><body><style>.a {{color: red}}"
                       f"{NAV}{PARAGRAPHS}</body></html>"),
    # a header never closed: the tree puts the story inside it, which navigation removal drops
    "unclosed-header": (f"<html><head><title>Harbour</title></head><body><header><div>{NAV}"
                        f"<div>{PARAGRAPHS}</body></html>"),
    # an HTML comment before the "Comments" heading of a thread after the story
    "comment-before-thread": (f"<html><head><title>Harbour</title></head><body>{PARAGRAPHS}"
                              "<!-- thread --><h3>2 Comments</h3><p>Great news, thanks!</p>"
                              "</body></html>"),
    # the story laid out in table cells
    "table-cells": (f"<html><head><title>Harbour news</title></head><body><table width='600'>"
                    f"<tr><td>{NAV}</td></tr><tr><td><font size='2'>{STORY}<br><br>{STORY}"
                    f"</font></td><td>{STORY}</td></tr></table></body></html>"),
}

# the story hidden in markup an unclosed script or comment swallows, or in <noscript>: found
# only by the last step of the chain, and flagged as such
HIDDEN_PAGES = {
    "script-closed-later": (f"<html><head><title>Harbour</title></head><body>"
                            f"<script>var s = 'x';\n{NAV}{PARAGRAPHS}<script>go();</script>"
                            "</body></html>"),
    "comment-closed-later": (f"<html><head><title>Harbour</title></head><body><!-- ad slot "
                             f"{NAV}{PARAGRAPHS}<!-- end --></body></html>"),
}


def _clean(name: str, data: bytes):
    return clean(RawArticle(id=f"{name}.html", path=f"{name}.html", kind="html", data=data))


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_broken_markup_keeps_the_story_without_navigation(name: str) -> None:
    article = _clean(name, BROKEN_PAGES[name].encode("utf-8"))
    assert "new breakwater would be finished" in article.body
    assert "paid mostly by the regional government" in article.body
    assert len(article.body.split()) >= 60
    for word in ("World News", "Business", "Sport", "<", "|"):
        assert word not in article.body
    assert article.extracted_by


@pytest.mark.parametrize("name", sorted(HIDDEN_PAGES))
def test_a_story_only_hidden_markup_holds_is_kept_and_flagged(name: str) -> None:
    article = _clean(name, HIDDEN_PAGES[name].encode("utf-8"))
    assert "new breakwater would be finished" in article.body
    assert "paid mostly by the regional government" in article.body
    assert article.extracted_by == "fallback:hidden-markup"


def _bench():
    """bench/damaged_pages.py: its damages, and its count of stories lost."""
    spec = importlib.util.spec_from_file_location("bench_damaged_pages", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


BENCH = REPO / "bench" / "damaged_pages.py"
DAMAGED_PAGES = _bench()
DAMAGES = DAMAGED_PAGES.DAMAGES
SEED_PAGES = {path.name: decode(path.read_bytes(), None, html=True)
              for path in sorted((REPO / "seeds" / "web").glob("*.html"))}
# real saved pages of seeds/ damaged as pages on the web are: each (damage, page) gave no text
# at all, or lost the story's lead, before the chain learnt to repair it
REAL_CASES = [("style never closed", "aljazeera"), ("script never closed", "detroitnews"),
              ("comment never closed", "cityam"), ("closing tags lost", "polygraph"),
              ("iframe never closed", "usatoday"), ("textarea never closed", "thehill"),
              ("links never closed", "hosted-ap-org")]


def _seed_page(site: str) -> str:
    return next(page for name, page in SEED_PAGES.items() if name.startswith(site))


@pytest.mark.parametrize(("damage", "site"), REAL_CASES)
def test_a_real_page_damaged_still_gives_its_story(damage: str, site: str) -> None:
    intact, _ = extract.extract_article(_seed_page(site))
    damaged, method = extract.extract_article(DAMAGES[damage](_seed_page(site)))
    lead = " ".join(intact.split()[:30])
    assert len(damaged.split()) >= 100 and method
    assert lead in " ".join(damaged.split()), (damage, damaged[:300])


@pytest.mark.parametrize("site", ["reuters", "theguardian"])
def test_a_story_nested_deeper_than_the_parsers_default_keeps_its_end(site: str) -> None:
    """300 <font> never closed a third of the way in: the tree parser's default limit of 255
    levels would end the page there."""
    intact, _ = extract.extract_article(_seed_page(site))
    damaged, _ = extract.extract_article(DAMAGES["fonts never closed"](_seed_page(site)))
    assert " ".join(intact.split()[-30:]) in " ".join(damaged.split())


def test_no_seed_page_loses_its_story_to_any_damage_of_the_bench() -> None:
    """Every page of seeds/web, damaged each way bench/damaged_pages.py does, still gives
    text whenever the damaged bytes hold its story."""
    figures = DAMAGED_PAGES.measure(SEED_PAGES)
    assert {damage: found.dropped for damage, found in figures.items() if found.dropped} == {}
    assert all(found.pages == len(SEED_PAGES) for found in figures.values())


def test_a_page_cut_off_before_its_story_gives_no_menus_for_a_story() -> None:
    """The tag stream is the last step only for a page with prose in it: a page saved only up
    to its menus has no story, and is reported as such rather than indexed as one."""
    page = _seed_page("polygraph")
    assert extract.extract_article(page[:int(len(page) * 0.6)]) == ("", "")


def test_the_thread_after_a_comment_node_is_still_dropped() -> None:
    article = _clean("c", BROKEN_PAGES["comment-before-thread"].encode("utf-8"))
    assert "Great news" not in article.body


def test_a_script_holding_markup_on_purpose_stays_a_script() -> None:
    """Markup in a script (a template) is only read when the page has no other text."""
    page = (f"<html><head><title>Harbour</title></head><body>{PARAGRAPHS}<script>var t = "
            "'<div><p>Subscribe to our newsletter today for the best stories.</p></div>';"
            "</script></body></html>")
    article = _clean("t", page.encode("utf-8"))
    assert "newsletter" not in article.body and "new breakwater" in article.body


def test_an_xhtml_page_with_an_xml_declaration_is_read_as_a_page() -> None:
    """lxml refuses a decoded page that declares its encoding: the prolog must not send the
    page to the fallbacks, nor cost it its title and date."""
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML'
            ' 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Harbour plans</title>'
            '<meta property="article:published_time" content="2008-03-04T10:00:00Z" /></head>'
            f"<body>{NAV}<div id='story'>{PARAGRAPHS}</div></body></html>")
    article = _clean("x", page.encode("utf-8"))
    assert article.title == "Harbour plans" and article.date.startswith("2008-03-04")
    assert "new breakwater would be finished" in article.body
    assert not article.extracted_by.startswith("fallback")


def test_unclosed_title_does_not_swallow_the_title_field() -> None:
    article = _clean("t", BROKEN_PAGES["unclosed-title"].encode("utf-8"))
    assert article.title == "Breakwater plans"


def test_latin1_page_without_declaration() -> None:
    sentence = ("Le port de S\u00e8te a annonc\u00e9 mardi que la nouvelle digue sera achev\u00e9e "
                "l'ann\u00e9e prochaine, pour un co\u00fbt de douze millions d'euros. ")
    page = f"<html><head><title>Port</title></head><body><p>{sentence * 4}</p></body></html>"
    article = _clean("latin1", page.encode("latin-1"))
    assert "S\u00e8te a annonc\u00e9 mardi" in article.body
    assert "\ufffd" not in article.body


def test_repair_markup_leaves_sound_pages_alone() -> None:
    page = (f"<html><head><title>A | B</title><script>var x = '<p>';</script>"
            "<style>p > a { content: '<'; }</style>"
            "<style>/* <Variable name='color' type='color' default='#000'> */ p { }</style>"
            "</head>"
            f"<body>{PARAGRAPHS}</body></html>")
    assert extract.repair_markup(page) == page


def test_fallback_chain_ends_in_visible_text_without_navigation(monkeypatch) -> None:
    """When both extractors find nothing, the page's visible text is kept, flagged as fallback."""
    monkeypatch.setattr(extract, "_trafilatura", lambda *args, **kwargs: "")
    monkeypatch.setattr(extract, "readability_text", lambda tree: "")
    page = (f"<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<div>{NAV}</div><div class='x'>{STORY}</div><div>{STORY}</div>"
            "<footer>Copyright The Paper</footer></body></html>")
    text, method = extract.extract_article(page)
    assert method == "fallback:visible-text"
    assert "new breakwater would be finished" in text
    assert "World News" not in text and "Copyright" not in text
    article = _clean("v", page.encode("utf-8"))
    assert article.extracted_by == "fallback:visible-text"
    assert "paid mostly by the regional government" in article.body


def test_fallback_chain_takes_readability_when_trafilatura_finds_nothing(monkeypatch) -> None:
    monkeypatch.setattr(extract, "_trafilatura", lambda *args, **kwargs: "")
    page = f"<html><head><title>Harbour</title></head><body>{NAV}{PARAGRAPHS}</body></html>"
    text, method = extract.extract_article(page)
    assert method == "fallback:readability"
    assert "new breakwater would be finished" in text and "World News" not in text


def test_markup_too_deep_for_the_tree_parser_still_gives_text() -> None:
    nested = "<div>" * 400 + f"<p>{STORY * 2}</p>" + "</div>" * 400
    page = f"<html><body>{nested}</body></html>"
    text, method = extract.extract_article(page)
    assert "new breakwater would be finished" in text
    assert method


def test_page_without_text_gives_nothing() -> None:
    assert extract.extract_article("<html><body><div></div></body></html>") == ("", "")


PROSE = [
    STORY.strip(),
    "Fishermen in the old port fear that the works will close the northern channel for months, "
    "and their association has asked the council for compensation during the closure period.",
    "The council replied that the channel stays open at night and on weekends, and that a "
    "temporary mooring area will be built next to the ferry terminal before the works begin.",
    "A public meeting about the plans is set for the first week of March in the town hall, "
    "where the engineers will present the final drawings and answer questions from residents.",
]


def _story_paragraphs(n: int) -> list[str]:
    """``n`` paragraphs of prose that share no word 4-grams with each other."""
    return PROSE[:n]


def test_empty_inline_element_keeps_the_text_after_it() -> None:
    tree = extract.preclean("<html><body><article><p><span class='dateline'></span> "
                            f"{STORY}</p><p><strong></strong>A: {STORY}</p></article>"
                            "</body></html>")
    assert not tree.xpath("//span | //strong")
    assert tree.xpath("//p")[0].text.strip().startswith("The harbour authority")
    assert tree.xpath("//p")[1].text.startswith("A: The harbour authority")


def test_comment_thread_after_a_comments_heading_is_dropped() -> None:
    page = (f"<html><body><div class='content'><h3>Breakwater</h3>{PARAGRAPHS}"
            "<h2><a id='comments'></a>Comments</h2><p>Great post, thanks for sharing!</p>"
            "<p class='posted'>Posted by: Reader | Mar 26, 2007</p>"
            "<div><h3>12 Responses to \"Breakwater\"</h3></div><p>Another reply.</p></div>"
            "<h2>TrackBack</h2><p>Listed below are links to weblogs.</p></body></html>")
    text = extract.preclean(page).text_content()
    assert "new breakwater would be finished" in text
    for gone in ("Comments", "Great post", "Posted by", "Another reply"):
        assert gone not in text
    assert "TrackBack" in text  # pings are not reader comments


def test_tail_only_trafilatura_kept_is_cut_when_readability_shares_the_story() -> None:
    story = _story_paragraphs(4)
    text = "\n".join([*story, "More from Football", "Elsewhere on the site"])
    assert extract.trim_unshared_tail(text, "\n".join(story)) == "\n".join(story)
    # readability kept only the first paragraph: the prose after it is story, not page tail
    assert extract.trim_unshared_tail(text, story[0]) == text


def test_tail_of_prose_longer_than_the_cut_stays() -> None:
    story, tail = PROSE[:2], PROSE[2:]  # readability kept only the first half of the story
    text = "\n".join(story + tail)
    assert extract.trim_unshared_tail(text, "\n".join(story)) == text


def test_lead_readability_found_before_the_shared_story_is_added() -> None:
    lead = ("MOSCOW - Election results reported Monday point to an effort by the ruling party to "
            "follow the same path of government by strongman as its neighbours, observers said.")
    story = _story_paragraphs(3)
    second = "\n".join(["Menu", lead, *story])
    assert extract.rescue_lead("\n".join(story), second) == "\n".join([lead, *story])
    # a caption that recurs in the block (a slideshow) is no lead
    assert extract.rescue_lead("\n".join(story), "\n".join([lead, lead, *story])) == \
        "\n".join(story)


def test_comments_heading_before_the_story_in_the_page_box_keeps_the_story() -> None:
    page = f"<html><body><h3>Comments (3)</h3>{PARAGRAPHS}</body></html>"
    assert "new breakwater would be finished" in extract.preclean(page).text_content()


def test_markup_comments_never_become_story_text() -> None:
    """Ad-server markers in a headline (``<!-- google_ad_section_start -->``) were kept as a
    line of the story, and indexed: the tree is parsed without comments, as trafilatura's own
    parser reads a page."""
    page = ("<html><head><title>Harbour</title></head><body><article><h1><!-- google_ad_"
            "section_start(name=story_headline, weight=high) -->Breakwater plans<!-- google_ad_"
            f"section_end(name=story_headline) --></h1>{PARAGRAPHS}<!-- end of story --></article>"
            "</body></html>")
    text, _ = extract.extract_article(page)
    assert "new breakwater would be finished" in text
    assert "google_ad_section" not in text and "end of story" not in text


def test_a_page_whose_meta_says_utf_16_is_read_as_utf_8() -> None:
    """An ASCII page declaring `<meta charset='utf-16'>` was decoded as UTF-16: its title was
    lost and its words became CJK ("格浴㹬..."), its language "zh". The HTML standard reads
    such a meta as UTF-8 (a page whose meta is readable as ASCII is no UTF-16 text)."""
    page = (b"<html><head><meta charset='utf-16'><title>Harbour plan</title></head><body><p>"
            b"The council approved the harbour plan on Monday.</p></body></html>")
    text = decode(page, None, html=True)
    assert "<title>Harbour plan</title>" in text and "harbour plan on Monday" in text
