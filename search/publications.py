"""Whether a web address spells a publication's name ("latimes.com": Los Angeles Times): the
indexer picks a page's publication with it (``indexer.publisher``), and the search offers
"NYTimes" for a source typed as "New York Times" (``search.engine``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from tld import get_tld

MAX_ABBREVIATED_WORDS = 6  # a longer "name" is a slogan; spelling a domain from it is chance
MIN_CONTAINED = 3  # "space" in space.com counts; "rt" inside "reporters" does not


class Domain(NamedTuple):
    """A page's registered domain, lower case, letters and digits only: hosted.ap.org is
    label "ap", suffix "org"; www.bbc.co.uk is "bbc", "couk" (both '' without an address)."""

    label: str
    suffix: str


@lru_cache(maxsize=1024)  # asked once for each mention of an article
def page_domain(url: str | None) -> Domain:
    found = get_tld(url, as_object=True, fail_silently=True, fix_protocol=True) if url else None
    return Domain(squash(found.domain), squash(found.tld)) if found else Domain("", "")


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spells(label: str, name: str, abbreviated: bool = True) -> bool:
    """True when the domain label spells the name: contains it ("smithsonianmag" holds
    "Smithsonian"), or is made of beginnings of its words in order, words skipped allowed
    ("latimes": Los Angeles Times; "jpost": The Jerusalem Post; "chron": Houston Chronicle).
    An account handle must be contained: "labnol_BLOG" does not spell labnol.org."""
    squashed = squash(name)
    if not label or not squashed:
        return False
    if squashed == label or len(squashed) >= MIN_CONTAINED and squashed in label:
        return True
    if not abbreviated:
        return False
    words = tuple(squash(word) for word in name.split())
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


def label_of(value: str) -> str:
    """What a one-word source value names a site by: a web address's domain label
    ("online.wsj.com": "wsj"), else the word itself squashed ("NYTimes": "nytimes")."""
    if "." in value.strip("."):
        return page_domain(f"http://{value}").label or squash(value)
    return squash(value)
