"""Turn one article's NER mentions into its facet values: persons, countries, organizations.

Pure functions over the stored mentions (no spaCy), so the whole archive can be normalized
again without a new NER pass. One module per facet (``persons``, ``countries``, ``orgs``);
``places`` is the country lookup and ``common`` what they share. The per-article values are
candidates: ``indexer.resolve`` then decides with the evidence of the whole archive (type
votes, acronyms spelled out elsewhere, full names of lone surnames, table and page words).

Why each rule exists is said next to it; the aim is that a value is something the article
names, spelled one way, with no junk, and that each value keeps the mentions behind it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from newsarchive.indexer.lexicon import STORM_PREFIX
from newsarchive.indexer.mentions import Mention, MentionFlag, as_mentions
from newsarchive.indexer.normalize.common import clean_text, key_of, label_votes
from newsarchive.indexer.normalize.countries import countries_of
from newsarchive.indexer.normalize.orgs import org_name, orgs_of, split_joined_companies
from newsarchive.indexer.normalize.persons import persons_of, thing_keys
from newsarchive.indexer.normalize.places import (
    COUNTRY_LABELS,
    ORG_LABELS,
    PERSON_LABELS,
    country_of,
    names_country,
    names_state,
    place_keys,
    places,
    team_keys,
)
from newsarchive.search.entities import ArticleEntities
from newsarchive.search.text import fold

if TYPE_CHECKING:
    from newsarchive.indexer.aliases import Aliases

# Bump when the rules here change what facets a stored mention list gives: the index writer
# then re-normalizes every stored article from its stored mentions (no NER pass).
NORMALIZE_VERSION = "46"

# What the archive counts of each mention's label: person, organization, place, nationality,
# thing (a product, a work, an event, a law).
LABEL_CLASSES = {**{label: "P" for label in PERSON_LABELS},
                 **{label: "O" for label in ORG_LABELS},
                 **{label: "G" for label in COUNTRY_LABELS - {"NORP"}}, "FAC": "G", "NORP": "N",
                 **dict.fromkeys(("PRODUCT", "WORK_OF_ART", "EVENT", "LAW"), "T")}


def article_entities(mentions: Iterable[Sequence[str] | Mention], day: date | None = None
                     ) -> ArticleEntities:
    """The article's candidate values per facet field, with the mentions behind each; its
    places in the countries that held them on its ``day`` when it is given."""
    typed = split_joined_companies(without_storms(as_mentions(mentions)))
    org_keys = {key_of(m.text) for m in typed if m.label in ORG_LABELS}
    teams = team_keys(typed)
    things = thing_keys(typed)
    persons = persons_of(typed, org_keys | teams, label_votes(typed), bool(teams), things)
    countries = countries_of(typed, teams, day)
    orgs = orgs_of(typed, [p.value for p in persons], place_keys(typed, org_name), org_keys,
                   teams)
    return ArticleEntities({"person": persons, "country": countries, "org": orgs},
                           _labels(typed, things))


def without_storms(mentions: list[Mention]) -> list[Mention]:
    """The mentions less every name the article gives a storm ("Hurricane Sandy" makes each
    "Sandy" of the story the storm: no organization, person or place)."""
    storms = {key_of(STORM_PREFIX.sub("", m.text)) for m in mentions if m.has(MentionFlag.STORM)}
    if not storms:
        return mentions
    return [m for m in mentions if key_of(STORM_PREFIX.sub("", m.text)) not in storms]


def _labels(mentions: list[Mention], things: set[str]) -> dict[str, str]:
    """Folded mention text -> the label classes the article gave it (P, O, G, N, T).

    A name the article calls a thing ("the state oil company Petrobras") votes T, not P, for
    all its mentions there (`things`, persons.thing_keys): on the dev archive of
    bench/facets.py, the name NER took for a person in 15 stories is called the company in 12
    of them."""
    labels: dict[str, set[str]] = {}
    for mention in mentions:
        label = LABEL_CLASSES.get(mention.label)
        key = key_of(mention.text)
        if label == "P" and key in things:
            label = "T"
        if label and key:
            labels.setdefault(key, set()).add(label)
    return {key: "".join(sorted(found)) for key, found in labels.items()}


def normalize(mentions: Iterable[Sequence[str] | Mention],
              aliases: Aliases | None = None, day: date | None = None
              ) -> tuple[list[str], list[str], list[str]]:
    """(persons, countries, orgs) of one article of that ``day``, each deduplicated, most
    mentioned first.

    One article on its own: what ``newsarchive extract`` shows. The index shows the same values
    after the archive's resolution (``indexer.resolve``).
    """
    return shown_names(article_entities(mentions, day), aliases)


def shown_names(found: ArticleEntities, aliases: Aliases | None = None
                ) -> tuple[list[str], list[str], list[str]]:
    """An article's values as lists of names, with the aliases file applied."""
    persons, countries, orgs = (found.names(f) for f in ("person", "country", "org"))
    if aliases is not None:
        persons = aliases.apply("persons", persons)
        countries = aliases.apply("countries", countries)
        orgs = aliases.apply("orgs", orgs)
    return persons, countries, orgs


__all__ = ["NORMALIZE_VERSION", "article_entities", "clean_text", "country_of", "fold",
           "names_country", "names_state", "normalize", "places", "shown_names"]
