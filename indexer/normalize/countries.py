"""The countries facet of one article: every country its place mentions speak of."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize.common import Cluster, key_of
from newsarchive.indexer.normalize.history import held_by
from newsarchive.indexer.normalize.places import (
    COUNTRY_LABELS,
    ORG_LABELS,
    PERSON_LABELS,
    country_of,
    demonym,
    names_country,
    places,
    state_country,
)
from newsarchive.search.entities import EntityValue

IGNORED = MentionFlag.BYLINE | MentionFlag.PROMO


class Placed(NamedTuple):
    """A place mention of the article and the country it speaks of."""

    index: int  # its position among the article's mentions
    mention: Mention
    country: str


def countries_of(mentions: Iterable[Mention], teams: set[str] = frozenset(),
                 day: date | None = None) -> list[EntityValue]:
    """Distinct countries named by the mentions, most mentioned first, each with the place
    names behind it ("Belgium" via "Brussels"); a place is in the country that held it on the
    article's ``day`` (``history``: Bonn in 1987 is West Germany)."""
    mentions = list(mentions)
    clusters: dict[str, Cluster] = {}
    found: list[Placed] = []
    surnames = family_names(mentions)
    for index, mention in enumerate(mentions):
        if mention.has(IGNORED):
            continue
        label = mention.label
        key = key_of(mention.text)
        if not written_as_place(mention.text):
            continue
        if label in ORG_LABELS and key in places().names:
            label = "GPE"  # "Moldova" as ORG: the national team or government, still the country
        if label not in COUNTRY_LABELS:
            continue
        if label != "NORP" and key in teams:
            continue
        if key in surnames and not names_country(mention.text) and not demonym(key):
            continue  # "Newton" of Cam Newton is not the Canadian town, "Obama" not the Japanese
        country = country_of(mention.text, label)
        if country:
            found.append(Placed(index, mention, country))
    for placed in states_in_context(towns_in_context(found)):
        placed = placed._replace(
            country=held_by(placed.country, key_of(placed.mention.text), day))
        cluster = clusters.setdefault(placed.country, Cluster(first=placed.index))
        cluster.add(placed.country, placed.mention, placed.index)
    ordered = sorted(clusters.values(), key=lambda c: (-c.count, c.first))
    return [cluster.value() for cluster in ordered]


def written_as_place(text: str) -> bool:
    """A country's code is written in capitals: "Us" of "Write for Us" or "Toys 'R' Us" is a
    pronoun. (A place in lower case may be one: wire stories of 1987 are printed all in lower
    case, and capitals lines are re-cased, "MINNEAPOLIS WHEAT" to "minneapolis wheat".)"""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) != 2 or "." in text or not any(ch.islower() for ch in letters)


def towns_in_context(found: list[Placed]) -> list[Placed]:
    """The place mentions, a town's name that a city of about its size in another country
    shares moved to that country when the article's other places name it (the most, if several
    do) and none names the first: "San Jose" in a story that names the U.S. or California is
    the Californian city, not Costa Rica's capital; "Valencia" with Madrid is Spain's."""
    table = places()
    everywhere: Counter[str] = Counter()
    by_key: dict[str, Counter[str]] = {}
    for placed in found:
        everywhere[placed.country] += 1
        by_key.setdefault(key_of(placed.mention.text), Counter())[placed.country] += 1
    moved = []
    for placed in found:
        key = key_of(placed.mention.text)
        if table.places.get(key) == placed.country and key in table.shared:
            elsewhere = everywhere - by_key[key]  # what the article's other places name
            named = sorted(((elsewhere[other], other) for other in table.shared[key]
                            if elsewhere[other]), reverse=True)
            if not elsewhere[placed.country] and named and (
                    len(named) == 1 or named[0][0] > named[1][0]):
                placed = placed._replace(country=named[0][1])
        moved.append(placed)
    return moved


def states_in_context(found: list[Placed]) -> list[Placed]:
    """The place mentions, a country's name that is also a state's moved to the state's
    country when the article's other places name that country and no other: "Georgia" in a
    story of FEMA crews and New Jersey is the American state; with Ukraine and Russia beside
    it, or alone, the country."""
    everywhere: Counter[str] = Counter(placed.country for placed in found)
    moved = []
    for placed in found:
        key = key_of(placed.mention.text)
        home = state_country(key)
        if home and home != placed.country and places().names.get(key) == placed.country:
            elsewhere = everywhere - Counter(
                p.country for p in found if key_of(p.mention.text) == key)
            if set(elsewhere) == {home}:
                placed = placed._replace(country=home)
        moved.append(placed)
    return moved


def family_names(mentions: list[Mention]) -> set[str]:
    """The family names of the article's full names ("newton" of Cam Newton): a town named
    like one of them is that person (spaCy takes a lone "Newton" or "Obama" for a place). A
    one-word "person" or one in a headline is no evidence: spaCy reads a headline's "ROTTERDAM"
    or "PARALYSE HAMBURG" as one."""
    return {words[-1] for mention in mentions if mention.label in PERSON_LABELS
            and not mention.has(MentionFlag.HEADLINE)
            and len(words := key_of(mention.text).split()) > 1}
