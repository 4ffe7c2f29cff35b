"""People across the archive: type votes, companies named like people, table and page words,
lone family and given names, one person's several spellings."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsarchive.indexer.lexicon import CORP_SUFFIXES, NAME_PARTICLES
from newsarchive.indexer.normalize.orgs import org_key
from newsarchive.indexer.normalize.persons import full_key, people_by_middle
from newsarchive.indexer.normalize.places import places
from newsarchive.indexer.resolve.decisions import (
    ENGLISH_COMMON,
    MIN_LONE_ARTICLES,
    Decisions,
    common_words,
    name_words,
    other_type,
    printed_as_common_word,
    spellings,
    votes,
)
from newsarchive.indexer.resolve.evidence import ArchiveEvidence, TextStats, ValueStats
from newsarchive.indexer.resolve.name_parts import NameParts
from newsarchive.search.entities import Evidence
from newsarchive.search.text import (
    NICKNAMES,
    english_counts,
    fold,
    given_name_key,
    spelling_key,
)

# Words after a name that make it a firm's: "Samuel Montagu Capital Markets".
COMPANY_TAILS = CORP_SUFFIXES | frozenset({
    "bank", "banks", "securities", "markets", "capital", "group", "holdings", "partners",
    "associates", "brothers", "bros", "sons", "industries", "investments", "management",
    "trust", "and", "&", "co", "international", "asset"})
# A lone word never written in full nor after a title must be a name in this share of the
# articles that print it ("Twitter", "Heifers" are not).
LONE_NAME_SHARE = 0.9
# A lone family name is the archive's full name holding this share of that family name's
# articles; below it, it is ambiguous and left out.
SURNAME_SHARE = 0.75


def resolve_persons(evidence: ArchiveEvidence, stats: TextStats, decisions: Decisions,
                    names: NameParts) -> None:
    """Decide every stored person value: first what is no person at all, then one value per
    person, then lone names and common words."""
    persons = evidence.values.get("person", {})
    orgs = {org_key(value): value for value in evidence.values.get("org", {})}
    companies = _companies(evidence.values.get("org", {}))
    headline_names: dict[str, ValueStats] = {}  # hidden, yet names that tell a given name
    for value, item in persons.items():
        key = fold(value)
        other = other_type(evidence.labels.get(key), "P", item)
        if key in companies and " " in key and not item.count(Evidence.TITLED):
            decisions.send("person", value, ("org", companies[key]),
                           f"the company {companies[key]}")
        elif (item.always(Evidence.HEADINGS) and item.articles >= MIN_LONE_ARTICLES
              and not item.count(Evidence.TITLED)):
            decisions.hide("person", value, "named only in headlines and title-case lines")
        elif (len(name_words(value)) == 1 and item.always(Evidence.HEADLINE)
              and not item.count(Evidence.TITLED)):
            # "CENTRAL BANCSHARES <CBSS> UNIT ...", "... NOT SEEKING IADB VETO": a word of a
            # headline in capitals that the story never writes is no one's name, even once
            decisions.hide("person", value, "a lone word only headlines give")
        elif item.always(Evidence.PAGE_TITLE) and not item.count(Evidence.TITLED |
                                                                  Evidence.STRONG):
            # named only in pages' title-case headlines, never in their stories: "Obama
            # Effigy", "Astros Acquire Tyler Greene"
            decisions.hide("person", value, "named only in web pages' headlines")
            headline_names[value] = item
        elif ((item.always(Evidence.HEADLINE) or (
                item.always(Evidence.HEADINGS) and not _opens_with_given_name(value)))
              and not item.count(Evidence.TITLED | Evidence.STRONG)
              and (word := _headline_word(value, names))):
            # "Obama Wins", "Suzuki Files Bankruptcy", "Tsunami Debris": a headline's words;
            # "Bush Lashes", "Tells Congress": a link list's titles of other posts (where
            # "Mike Fitzpatrick", a congressman in a table, is a given name and a name)
            decisions.hide("person", value, f"named only in headlines or title-case lines, with "
                                            f"'{word}', a common English word no list of "
                                            f"people's names holds")
        elif other:
            target = orgs.get(org_key(value))
            if other == "O" and target is not None:
                decisions.send("person", value, ("org", target),
                               f"an organization in {votes(evidence, key)}")
            else:
                decisions.hide("person", value, f"not a person: {votes(evidence, key)}")
        elif " " in key and key in places().places and not item.count(Evidence.TITLED):
            decisions.hide("person", value, "a town's or region's name, never after a title")
        elif len(name_words(value)) == 1 and item.figures * 2 > item.mentions:
            decisions.hide("person", value, f"a label of figures in {item.figures} of its "
                                            f"{item.mentions} mentions")
    kept = spellings("person", persons, _person_key, decisions, split=people_by_middle)
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    by_given: dict[str, Counter[str]] = defaultdict(Counter)
    for value, item in kept.items():
        words = name_words(value)
        if len(words) > 1:
            by_surname[_family_name(value)][value] += item.articles
            by_given[words[0]][value] += item.articles
    for value, item in headline_names.items():  # "Diana" of "Diana Butler Bass" is a given
        words = name_words(value)  # name still, though only a headline named her in full
        if len(words) > 1:
            by_given[words[0]][value] += item.articles
    for value, item in kept.items():
        words = name_words(value)
        if len(words) == 1 and not re.match(r"[A-Z]\.", value):  # "A. Gurusinha" is a name
            _lone_name(value, item, _family_name(value), by_surname, by_given, evidence, stats,
                       decisions, names)
        if not decisions.decided("person", value):
            common = common_words(value, evidence, stats) or _common_family_word(
                value, item, by_given, evidence, stats, names)
            if common:
                decisions.hide("person", value, common)


def _common_family_word(value: str, item: ValueStats, by_given: dict[str, Counter[str]],
                        evidence: ArchiveEvidence, stats: TextStats, names: NameParts
                        ) -> str | None:
    """Why a full "name" is a thing's ("Andouille Sausage", "Feeder Cattle", "XML Markup"),
    when neither a title, a middle initial ("Clovis T. Ray") nor a verb of speech ("Silver
    said") says it is a person: its last word is a common word of the archive (printed mostly
    outside names) and no other person of the archive has its first word for a given name;
    or, the archive's counts aside, its last word is a common English word and no list of
    people's names holds either word ("Orbit Beyond", "Linux Jedi", though the archive has
    "Linux Kernel" too; not "Karl Rove")."""
    words = name_words(value)
    spoken_for = Evidence.TITLED | Evidence.STRONG | Evidence.AGENT
    if len(words) < 2 or item.count(spoken_for) or _INITIAL.search(value):
        return None
    first, family = words[0], words[-1]
    if first in _KNOWN_GIVEN_NAMES:
        return None
    common = printed_as_common_word(family, evidence, stats)
    if common and len(by_given.get(first, ())) <= 1:
        return f"a common word after no given name: {common}; no other person is called " \
               f"'{first}'"
    english = 0 if _ROMAN.fullmatch(family) else english_counts().get(family, 0)  # "III"
    if english >= ENGLISH_COMMON and not names.is_name(family) and not names.is_name(first):
        return (f"'{family}', a common English word ({english:,} times in Google Books), "
                f"after '{first}': no list of people's names holds either")
    return None


def _headline_word(value: str, names: NameParts) -> str | None:
    """The first or last word of a full name that is a common English word no list of
    people's names holds (not an initial, a numeral or a short word: "A.T. Brod", "Henry
    VIII" are names)."""
    words = fold(value).split()
    if len(words) < 2 or _INITIAL.search(value):
        return None
    for word in (words[0], words[-1]):
        if (len(word) > 2 and word.isalpha() and not _ROMAN.fullmatch(word)
                and english_counts().get(word, 0) >= ENGLISH_COMMON
                and not names.is_name(word)):
            return word
    return None


_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.")
_ROMAN = re.compile(r"[ivx]+")
_KNOWN_GIVEN_NAMES = frozenset(NICKNAMES) | frozenset(NICKNAMES.values())  # "jim", "james"


def _opens_with_given_name(value: str) -> bool:
    """Whether a name opens with a given name the nickname table knows ("Mike", "Bill")."""
    words = fold(value).split()
    return bool(words) and words[0] in _KNOWN_GIVEN_NAMES


def _person_key(value: str) -> str:
    """"James A. Baker", "James Baker" and "Jim Baker" are one person's spellings."""
    return given_name_key(full_key(value))


def _family_name(value: str) -> str:
    """The folded family name with its particles: "Aravinda de Silva" -> "de silva";
    "Zelenskiy" -> "zelensky" (search.text.spelling_key)."""
    words = spelling_key(fold(value)).split()
    start = len(words) - 1
    while start > 0 and words[start - 1] in NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def _companies(orgs: dict[str, ValueStats]) -> dict[str, str]:
    """Names of companies as people write them: "james capel" for "James Capel and Co",
    "l f rothschild" for "L.F. Rothschild Unterberg Towbin Inc", "samuel montagu" for "Samuel
    Montagu Capital Markets": the start of a company's name (two words or more) before a legal
    form, or before only the words of a firm."""
    found: dict[str, str] = {}
    for value in sorted(orgs, key=lambda v: -orgs[v].articles):
        words = fold(value).split()
        legal = org_key(value) != fold(value)
        for cut in range(2, len(words)):
            if legal or all(w in COMPANY_TAILS for w in words[cut:]):
                found.setdefault(" ".join(words[:cut]), value)
    return found


def _lone_name(value: str, item: ValueStats, word: str, by_surname: dict[str, Counter[str]],
               by_given: dict[str, Counter[str]], evidence: ArchiveEvidence, stats: TextStats,
               decisions: Decisions, names: NameParts) -> None:
    """A one-word person: the archive's one full name of that family name, or out when that is
    ambiguous, when it is a given name or title (it opens more full names than it ends: "Chris"
    is not the family name of the one "Learn Chris"), or when nothing but a single label says
    it is a name (no title before it, no full name, and mostly printed elsewhere, or it never
    speaks and no one bears it as a name: "Golf", "Handelsblatt")."""
    full = by_surname.get(word, Counter())
    word = word.split()[-1]
    given = sum(by_given.get(word, Counter()).values())
    if given > sum(full.values()):
        full = Counter()
    best, count = full.most_common(1)[0] if full else ("", 0)
    total = sum(full.values())
    in_orgs = evidence.org_words.get(word, 0)
    titled = item.count(Evidence.TITLED)
    common = common_words(value, evidence, stats)
    if common:
        decisions.hide("person", value, common)
    elif count and count >= SURNAME_SHARE * total and (
            count >= in_orgs or in_orgs < item.articles):  # (not "Pratt" of Pratt and Whitney)
        decisions.send("person", value, ("person", best),
                       f"family name of {best} ({count} of the {total} articles naming a "
                       f"full name with it)")
    elif item.count(Evidence.WEAK) * 2 > item.articles:
        # (in the other articles of "Heifers" it labels figures: "Steer top 66.00 and Heifers")
        decisions.hide("person", value, f"a common word opening sentences in "
                                        f"{item.count(Evidence.WEAK)} of its {item.articles} "
                                        f"articles, never written in full")
    elif in_orgs >= item.articles and not titled:
        decisions.hide("person", value, f"a word of organizations' names in {in_orgs} "
                                        f"articles")
        decisions.not_people.add(value)
    elif full:
        if item.articles >= MIN_LONE_ARTICLES:
            names = ", ".join(name for name, _ in full.most_common(3))
            decisions.hide("person", value, f"ambiguous family name ({names}, ...)")
    elif given:
        if item.articles >= MIN_LONE_ARTICLES:
            decisions.hide("person", value, f"a given name or title: it opens full names in "
                                            f"{given} articles")
            if not titled and not names.is_name(word):  # "Twitter" of "Twitter Jack Dorsey"
                decisions.not_people.add(value)
    elif fold(value) in places().places and not titled:
        decisions.hide("person", value, "a place's name, never after a title")
    elif not titled and not item.count(Evidence.STRONG):
        printed = stats.word_articles(word)
        named = evidence.name_words.get(word, 0)
        if item.figures * 3 > item.mentions:
            decisions.hide("person", value, f"a lone word next to figures in {item.figures} of "
                                            f"its {item.mentions} mentions")
        elif not item.count(Evidence.AGENT) and not names.is_name(word):
            decisions.hide("person", value, "a lone word, never titled, written in full nor "
                                            "speaking, that no list of people's names holds")
            decisions.not_people.add(value)
        elif named < LONE_NAME_SHARE * printed:
            decisions.hide("person", value, f"a lone word, never titled nor written in full, "
                                            f"a name in {named} of the {printed} articles "
                                            f"printing it")
