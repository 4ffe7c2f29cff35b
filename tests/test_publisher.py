"""The source of a web page is the publication its address spells, not an edition, a hosting
service, a reprinted agency or an account handle (indexer.publisher)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsarchive.indexer import metadata as meta
from newsarchive.indexer.encoding import decode
from newsarchive.indexer.publisher import publication_name
from newsarchive.search.publications import spells

WEB = Path(__file__).resolve().parent.parent / "seeds" / "web"


def page_source(name: str) -> str | None:
    tree = meta.parse_html(decode((WEB / name).read_bytes(), None, html=True))
    ld = meta.article_jsonld(meta.jsonld_objects(tree))
    return meta.find_source(tree, ld, meta.find_url(tree, ld, None), None)


@pytest.mark.parametrize(("page", "source"), [
    # the handle "latimes" / "detroitnews" / "nypost" came before the written-out name
    ("latimes--disney-plus-kevin-mayer.html", "Los Angeles Times"),
    ("detroitnews--40651467.html", "The Detroit News"),
    ("nypost--chinese-hunter-catches-bubonic-plague-after-eating-wild-rabbit.html",
     "New York Post"),
    # og:site_name "Hosted" is the host's sub-domain, not the publisher (the AP)
    ("hosted-ap-org--unpredictable-sondland-faces-questions-about-trump-ukraine.html", "AP"),
    # an agency story reprinted by a paper: the paper is the source
    ("chron--esper-says-us-providing-vietnam-with-coast-guard-14848382-php.html",
     "Houston Chronicle"),
    # "The Jerusalem Post | JPost.com": the name, not the name and the domain
    ("jpost--son-of-former-german-president-stabbed-to-death-in-berlin-608399.html",
     "The Jerusalem Post"),
    # og:site_name "U.S." is an edition; twitter:site "@Reuters" spells the domain
    ("reuters--asian-shares-soft-as-trade-doubts-creep-back-in-iduskbn1xt00w.html", "Reuters"),
    ("rt--473849-3-morales-supporters-killed-bolivia.html", "RT"),  # not the handle "RT_com"
    ("theguardian--the-guardian-view-on-hong-kong-a-city-on-the-brink.html", "The Guardian"),
    ("bbc--newsbeat-50470672.html", "BBC News"),
])
def test_the_source_of_a_saved_page_is_its_publication(page, source):
    assert page_source(page) == source


def test_a_domain_spells_a_name_by_the_beginnings_of_its_words():
    assert spells("latimes", "Los Angeles Times")
    assert spells("chron", "Houston Chronicle")
    assert spells("smithsonianmag", "Smithsonian")
    assert not spells("hosted", "Associated Press")
    assert not spells("labnol", "labnol_BLOG", abbreviated=False)  # a handle must be the domain


def test_sections_and_slogans_give_way_to_the_publication():
    url = "http://www.bbc.com/future/story/20120719-how-to-land-on-mars"
    assert publication_name(["BBC Future", "BBC"], [], url) == "BBC"
    assert publication_name(["Eater National"], ["Eater"], "http://eater.com/archives/x") \
        == "Eater"
    assert publication_name(["Zillow Blog - Real Estate Market Stats, and Zillow News"], [],
                            "http://www.zillow.com/blog/x") == "Zillow Blog"
    assert publication_name(["CTVNews", "CTV News"], ["CTVNews"],
                            "https://www.ctvnews.ca/sci-tech/x") == "CTV News"
    # nothing spells the domain: the page's first name, else the host
    assert publication_name(["Digital Inspiration"], ["labnol_BLOG"],
                            "http://www.labnol.org/x") == "Digital Inspiration"
    assert publication_name([], [], "https://www.nytimes.com/2019/x") == "nytimes.com"
