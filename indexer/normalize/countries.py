"""The countries facet of one article: every country its place mentions speak of."""

from __future__ import annotations

from collections.abc import Iterable

from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize.common import Cluster, key_of
from newsarchive.indexer.normalize.places import COUNTRY_LABELS, ORG_LABELS, country_of, places
from newsarchive.search.entities import EntityValue

IGNORED = MentionFlag.BYLINE | MentionFlag.PROMO


def countries_of(mentions: Iterable[Mention], teams: set[str] = frozenset()
                 ) -> list[EntityValue]:
    """Distinct countries named by the mentions, most mentioned first, each with the place
    names behind it ("Belgium" via "Brussels")."""
    clusters: dict[str, Cluster] = {}
    for index, mention in enumerate(mentions):
        if mention.has(IGNORED):
            continue
        label = mention.label
        key = key_of(mention.text)
        if label in ORG_LABELS and key in places().names:
            label = "GPE"  # "Moldova" as ORG: the national team or government, still the country
        if label not in COUNTRY_LABELS:
            continue
        if label != "NORP" and key in teams:
            continue
        country = country_of(mention.text, label)
        if country:
            cluster = clusters.setdefault(country, Cluster(first=index))
            cluster.add(country, mention, index)
    ordered = sorted(clusters.values(), key=lambda c: (-c.count, c.first))
    return [cluster.value() for cluster in ordered]
