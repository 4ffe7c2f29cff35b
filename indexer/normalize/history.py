"""The country that held a place on the article's date: the Bonn of a 1987 story is in West
Germany, its Moscow and Kiev in the Soviet Union.

The place tables name today's countries. Read with them, an archive of 1987 shows "Germany"
(from Bonn, Frankfurt, "German") beside "West Germany" (from "West German") for one country,
so a filter on either misses the stories of the other: on the dev archive of
``bench/facets.py`` 391 and 561 stories, only 244 with both. The same splits the Soviet Union
from Russia and Yugoslavia from Serbia. So a place in a country that later left a state that
no longer exists is given that state when the article is dated before the day it left; an
undated article keeps today's country, and so does every article dated after.

The few lines of history below are data the place tables lack (they know no dates); each
state's members are today's countries as ``indexer/data/places.json`` names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

REUNIFICATION = date(1990, 10, 3)
SOVIET_END = date(1991, 12, 26)
BALTIC_INDEPENDENCE = date(1991, 9, 6)


@dataclass(frozen=True)
class FormerState:
    """A state that no longer exists, and the day each of today's countries left it."""

    name: str
    members: dict[str, date]


FORMER_STATES = (
    FormerState("West Germany", {"Germany": REUNIFICATION}),
    FormerState("Soviet Union", {
        **dict.fromkeys(("Estonia", "Latvia", "Lithuania"), BALTIC_INDEPENDENCE),
        **dict.fromkeys(("Russia", "Ukraine", "Belarus", "Moldova", "Georgia", "Armenia",
                         "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan",
                         "Tajikistan"), SOVIET_END)}),
    # Serbia and Montenegro kept the name Yugoslavia until 2003
    FormerState("Yugoslavia", {"Slovenia": date(1991, 6, 25), "Croatia": date(1991, 6, 25),
                               "North Macedonia": date(1991, 9, 8),
                               "Bosnia and Herzegovina": date(1992, 3, 3),
                               "Serbia": date(2003, 2, 4), "Montenegro": date(2003, 2, 4)}),
    FormerState("Czechoslovakia", dict.fromkeys(("Czech Republic", "Slovakia"), date(1993, 1, 1))),
)
# today's Germany held two states before reunification: these places were East Germany's
EAST_GERMAN_PLACES = frozenset({
    "east berlin", "leipzig", "dresden", "rostock", "magdeburg", "halle", "karl marx stadt",
    "chemnitz", "erfurt", "potsdam", "jena", "gera", "cottbus", "schwerin", "neubrandenburg",
    "suhl", "zwickau", "weimar", "eisenach", "stralsund", "wismar", "dessau"})

_HELD_BY = {country: (state.name, left) for state in FORMER_STATES
            for country, left in state.members.items()}


def article_day(when: str | datetime | date | None) -> date | None:
    """The article's day from its stored or ISO date (None when it has none or it is
    unreadable)."""
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, date):
        return when
    try:
        return date.fromisoformat(when[:10]) if when else None
    except ValueError:
        return None


def held_by(country: str, place_key: str, day: date | None) -> str:
    """The country that held the place ``place_key`` (folded, as ``normalize.common.key_of``
    gives it), which is in ``country`` today, on ``day``."""
    former = _HELD_BY.get(country)
    if day is None or former is None or day >= former[1]:
        return country
    if country == "Germany" and place_key in EAST_GERMAN_PLACES:
        return "East Germany"
    return former[0]

