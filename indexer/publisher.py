"""Which of a page's candidate names is the publication: the one its web address spells.

A page offers several names for its publisher (JSON-LD, og:site_name, twitter:site, the
Facebook page...), and some are not the publication: an edition ("U.S."), a hosting service
("Hosted" on hosted.ap.org), a news agency whose story a paper reprints, an account handle
("RT_com"). The name the site's domain spells is the publication's, so it wins; among several
that do, a written-out name ("Los Angeles Times") beats the domain again ("latimes") and an
account handle ("RT_com"), and the shortest beats its sections ("BBC", not "BBC Future").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlparse

from tld import get_tld

# "The Jerusalem Post | JPost.com", "Zillow Blog - Real Estate ...": a name and its parts
PART_SEPARATOR = re.compile(r"\s+[|\u2013\u2014:-]\s+|\s*\|\s*")
MAX_ABBREVIATED_WORDS = 6  # a longer "name" is a slogan; spelling a domain from it is chance
MIN_CONTAINED = 3  # "space" in space.com counts; "rt" inside "reporters" does not
MAX_ACRONYM = 4  # a handle this short is an acronym ("ap", "npr"); "slate" is a word


class Domain(NamedTuple):
    """A page's registered domain, lower case, letters and digits only: hosted.ap.org is
    label "ap", suffix "org"; www.bbc.co.uk is "bbc", "couk" (both '' without an address)."""

    label: str
    suffix: str


@lru_cache(maxsize=1024)  # asked once for each mention of an article
def page_domain(url: str | None) -> Domain:
    found = get_tld(url, as_object=True, fail_silently=True, fix_protocol=True) if url else None
    return Domain(_squashed(found.domain), _squashed(found.tld)) if found else Domain("", "")


def _squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spells(label: str, name: str, abbreviated: bool = True) -> bool:
    """True when the domain label spells the name: contains it ("smithsonianmag" holds
    "Smithsonian"), or is made of beginnings of its words in order, words skipped allowed
    ("latimes": Los Angeles Times; "jpost": The Jerusalem Post; "chron": Houston Chronicle).
    An account handle must be contained: "labnol_BLOG" does not spell labnol.org."""
    squashed = _squashed(name)
    if not label or not squashed:
        return False
    if squashed == label or len(squashed) >= MIN_CONTAINED and squashed in label:
        return True
    if not abbreviated:
        return False
    words = tuple(_squashed(word) for word in name.split())
    return len(words) <= MAX_ABBREVIATED_WORDS and _abbreviates(label, tuple(w for w in words if w))


@lru_cache(maxsize=8192)
def _abbreviates(label: str, words: tuple[str, ...]) -> bool:
    """The label is beginnings of the words, in order, each word used or skipped."""
    if not label:
        return True
    if not words:
        return False
    first, rest = words[0], words[1:]
    if _abbreviates(label, rest):  # the word is skipped ("The", "Houston")
        return True
    shared = 0
    while shared < min(len(first), len(label)) and first[shared] == label[shared]:
        shared += 1
    return any(_abbreviates(label[taken:], rest) for taken in range(shared, 0, -1))


def _bare_domain(name: str, domain: Domain) -> bool:
    """"latimes", "TheHill", "NFL.com": the domain again, where the page may also give the
    name written out. "BBC" and "Slate" are names."""
    if " " in name:
        return False
    squashed = _squashed(name)
    if squashed in (domain.label + domain.suffix, domain.label + "dot" + domain.suffix):
        return True  # "Spokesman.com", "SPACEdotcom"
    return squashed == domain.label and (name.islower() or bool(re.search(r"[a-z][A-Z]", name)))


def _shortest_written_out(spelled: list[str], domain: Domain, handles: list[str]) -> str:
    """"CTV News" over "CTVNews" ("The Guardian" over "the Guardian"), then the shortest:
    "BBC" over its "BBC Future", and a name over its section ("NFL.com" over "NFL.com Blogs",
    the handle "Eater" over "Eater National")."""
    spaced: dict[str, str] = {}
    for name in [name for name in spelled if not _bare_domain(name, domain)] or spelled:
        same = spaced.setdefault(_squashed(name), name)
        if (name.count(" "), name[:1].isupper()) > (same.count(" "), same[:1].isupper()):
            spaced[_squashed(name)] = name
    best = min(spaced.values(), key=len)  # min keeps the first of equals: the page's order
    return min([name for name in spelled + handles if best.startswith(name + " ")] or [best],
               key=len)


def publication_name(names: list[str], handles: list[str], url: str | None) -> str | None:
    """The publication among a page's names (in the page's order of trust), else among its
    account handles ("RT_com", "SPACEdotcom": identifiers, not names), else the first name or
    handle, else the page's host name."""
    domain = page_domain(url)
    spelled_handles = [handle for handle in handles if spells(domain.label, handle, False)]
    spelled = [part.strip() for name in names for part in PART_SEPARATOR.split(name)
               if spells(domain.label, part.strip())]
    if spelled:
        return _shortest_written_out(spelled, domain, spelled_handles)
    if spelled_handles:  # a short handle in lower case is an acronym: "ap" is AP
        handle = spelled_handles[0]
        return handle.upper() if handle.islower() and len(handle) <= MAX_ACRONYM else handle
    if names or handles:
        return (names + handles)[0]
    return (urlparse(url or "").hostname or "").removeprefix("www.") or None


def names_publication(text: str, source: str | None, url: str | None) -> bool:
    """The mention is the article's own publication: its source ("Gadgetwise" of "Gadgetwise
    Blog", "Hill" of "The Hill") or its domain ("TechCrunch" on techcrunch.com,
    "NBCNews.com"). A page's masthead, title suffix ("| TechCrunch") and footer name it; the
    story is not about it."""
    squashed = _squashed(text)
    if not squashed:
        return False
    if source:
        folded, mention = " ".join(source.lower().split()), " ".join(text.lower().split())
        for name in {folded, folded.removeprefix("the ")}:  # "The Hill's request": "Hill"
            if name == mention or name.startswith(mention + " "):
                return True
    domain = page_domain(url)
    return bool(domain.label) and squashed in (domain.label, domain.label + domain.suffix)
