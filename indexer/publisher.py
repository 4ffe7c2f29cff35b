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
from urllib.parse import urlparse

from newsarchive.search.publications import Domain, page_domain, spells, squash

# "The Jerusalem Post | JPost.com", "Zillow Blog - Real Estate ...": a name and its parts
PART_SEPARATOR = re.compile(r"\s+[|\u2013\u2014:-]\s+|\s*\|\s*")
MAX_ACRONYM = 4  # a handle this short is an acronym ("ap", "npr"); "slate" is a word


def _bare_domain(name: str, domain: Domain) -> bool:
    """"latimes", "TheHill", "NFL.com": the domain again, where the page may also give the
    name written out. "BBC" and "Slate" are names."""
    if " " in name:
        return False
    squashed = squash(name)
    if squashed in (domain.label + domain.suffix, domain.label + "dot" + domain.suffix):
        return True  # "Spokesman.com", "SPACEdotcom"
    return squashed == domain.label and (name.islower() or bool(re.search(r"[a-z][A-Z]", name)))


def _shortest_written_out(spelled: list[str], domain: Domain, handles: list[str]) -> str:
    """"CTV News" over "CTVNews" ("The Guardian" over "the Guardian"), then the shortest:
    "BBC" over its "BBC Future", and a name over its section ("NFL.com" over "NFL.com Blogs",
    the handle "Eater" over "Eater National")."""
    spaced: dict[str, str] = {}
    for name in [name for name in spelled if not _bare_domain(name, domain)] or spelled:
        same = spaced.setdefault(squash(name), name)
        if (name.count(" "), name[:1].isupper()) > (same.count(" "), same[:1].isupper()):
            spaced[squash(name)] = name
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
    squashed = squash(text)
    if not squashed:
        return False
    if source:
        folded, mention = " ".join(source.lower().split()), " ".join(text.lower().split())
        for name in {folded, folded.removeprefix("the ")}:  # "The Hill's request": "Hill"
            if name == mention or name.startswith(mention + " "):
                return True
    domain = page_domain(url)
    return bool(domain.label) and squashed in (domain.label, domain.label + domain.suffix)
