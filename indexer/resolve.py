"""The archive-level stage: decide facet values with the evidence of the whole archive.

Entity recognition and ``indexer.normalize`` see one article at a time. Much of what makes a
facet list trustworthy is only visible across the archive:

- **type votes**: a name NER labels an organization or a place in most of the articles that
  name it is no person ("Bolton", "Benetton"), and the other way round;
- **common words**: a word the archive prints in far more articles than NER calls it a name
  in is no name by itself ("Avg", "Revs", "Shr" of earnings tables; "View", "Home", "World"
  of web pages);
- **family names**: a lone "Baker" is the archive's James Baker when the archive's full names
  with that family name are nearly all his, and stays out of the facet when they are not; a
  given name or a rank alone ("John", "Cmdr") is no person;
- **acronyms and short forms**: an acronym the archive spells out ("International Monetary Fund
  (IMF)", or both named in the same articles) is one organization everywhere, shown as the
  archive most often writes it; so are "U.S. Treasury" and "Treasury" when the archive's
  Treasury is nearly always the U.S. one;
- **fragments**: a name the archive prints almost only inside a longer name of the facet
  ("Securities and Exchange" of "Securities and Exchange Commission") is that longer name;
- **generic words**: an organization named only by a word such as "Bank", "Commission" or
  "Co" is no name.

It runs after every ``index`` run from what the index stores (each article's candidate values
with their mentions, and the index's own word statistics), so it needs no NER and is
recomputed as the archive grows: a new article may change how an older article's values are
shown. Its output is a ``search.entities.Resolution`` that every reader applies; the aliases
file is applied last and wins. Thresholds are ratios of article counts, never lists of values.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from indexer.lexicon import (
    ACRONYM_SKIP,
    CORP_SUFFIXES,
    GENERIC_ORG_WORDS,
    NAME_PARTICLES,
    NICKNAMES,
    ORG_ENDINGS,
)
from indexer.normalize.orgs import org_key
from indexer.normalize.persons import full_key
from indexer.normalize.places import demonym, places
from search.entities import ArticleEntities, Evidence, Resolution, Target
from search.schema import FACET_FIELDS
from search.text import fold

# Trailing words of a company's name that say what kind of body it is.
VOTE_SUFFIXES = CORP_SUFFIXES | ORG_ENDINGS | frozenset(
    {"sons", "brothers", "partners", "associates", "and", "&", "securities", "capital"})

# Last words of a company that owns the company of the same name.
HOLDING_WORDS = frozenset({"group", "holdings", "holding", "and", "&"})

ALIASES_REASON = "aliases file"

# Last words of a body inside an organization: "Senate Agriculture Committee", "Federal Reserve
# Board" ("House of Representatives" is no body of "House").
SUB_BODIES = frozenset({"committee", "subcommittee", "commission", "council", "board", "panel",
                        "secretariat", "delegation", "mission", "office", "bureau"})

# Words after a name that make it a firm's: "Samuel Montagu Capital Markets".
COMPANY_TAILS = CORP_SUFFIXES | frozenset({
    "bank", "banks", "securities", "markets", "capital", "group", "holdings", "partners",
    "associates", "brothers", "bros", "sons", "industries", "investments", "management",
    "trust", "and", "&", "co", "international", "asset"})

# Bump when a rule below changes: the writer then recomputes the table even if nothing else did.
RESOLVE_VERSION = "2"

# A name must be called a name (by NER, in any facet) in at least this share of the articles
# that print its word; below it, the word is a common word or a table or page label.
NAME_SHARE = 0.4
# Words printed in fewer articles than this are left alone: too little evidence either way.
MIN_WORD_ARTICLES = 8
# A lone word never written in full nor after a title must be a name in this share of the
# articles that print it ("Twitter", "Heifers" are not).
LONE_NAME_SHARE = 0.9
# A lone given name or an ambiguous family name is one article's way of naming its person; from
# this many articles on, it stands for several people and stays out of the facet.
MIN_LONE_ARTICLES = 2
# A lone family name is the archive's full name holding this share of that family name's
# articles; below it, it is ambiguous and left out.
SURNAME_SHARE = 0.75
# A value is of another type when the other labels hold this many times its own label's votes.
TYPE_MAJORITY = 2.0
# A fragment: a value the archive prints inside a longer value of the facet in this share of
# the articles that print it.
FRAGMENT_SHARE = 0.7
# An acronym or short form goes with the name it is spelled out as or named with most, when
# that name holds this share of its links.
LINK_SHARE = 0.6
# ... and when it is spelled out or named with it in at least this share of its own articles.
LINK_MIN_SHARE = 0.05


class TextStats(Protocol):
    """How many articles of the archive print a word, or some words next to each other."""

    def word_articles(self, word: str) -> int: ...

    def phrase_articles(self, text: str) -> int: ...

    def words(self, text: str) -> list[str]: ...

    def exact_phrase_articles(self, text: str) -> int: ...


@dataclass
class ValueStats:
    """What the archive says of one stored value of one facet."""

    articles: int = 0
    mentions: int = 0
    figures: int = 0  # mentions in rows of figures or right after a figure
    titled: int = 0  # articles where a title or rank precedes it
    strong: int = 0  # articles where it is a list item or an athlete with a nationality
    team: int = 0  # articles where it is a side of a score or a results table
    weak: int = 0  # articles where it is only a common word opening a sentence
    headline: int = 0  # articles that name it in the headline only
    headings: int = 0  # articles that name it in the headline and title-case lines only
    surfaces: Counter[str] = field(default_factory=Counter)  # articles per written form


@dataclass
class ArchiveEvidence:
    """The stored records of the whole archive, counted."""

    values: dict[str, dict[str, ValueStats]] = field(
        default_factory=lambda: {f: {} for f in FACET_FIELDS})
    labels: dict[str, Counter[str]] = field(default_factory=dict)  # key -> articles per class
    name_words: Counter[str] = field(default_factory=Counter)  # word -> articles naming it
    org_words: Counter[str] = field(default_factory=Counter)  # word -> articles, in org names
    together: Counter[tuple[str, str]] = field(default_factory=Counter)  # org pairs per article
    articles: int = 0

    @classmethod
    def gather(cls, records: Iterable[ArticleEntities]) -> ArchiveEvidence:
        evidence = cls()
        for record in records:
            evidence.add(record)
        return evidence

    def add(self, record: ArticleEntities) -> None:
        self.articles += 1
        for facet, items in record.values.items():
            table = self.values.setdefault(facet, {})
            for item in items:
                stats = table.get(item.value)
                if stats is None:
                    stats = table[item.value] = ValueStats()
                stats.articles += 1
                stats.mentions += item.mentions
                stats.figures += item.figures
                stats.titled += bool(item.evidence & Evidence.TITLED)
                stats.strong += bool(item.evidence & Evidence.STRONG)
                stats.team += bool(item.evidence & Evidence.TEAM)
                stats.weak += bool(item.evidence & Evidence.WEAK)
                stats.headline += bool(item.evidence & Evidence.HEADLINE)
                stats.headings += bool(item.evidence & Evidence.HEADINGS)
                stats.surfaces.update(set(item.surfaces))
        words: set[str] = set()
        org_words: set[str] = set()
        for key, classes in record.labels.items():
            if "O" in classes and " " in key:
                org_words.update(key.split())
            keys = {key, _vote_key(key)} if "O" in classes else {key}
            for each in keys:
                votes = self.labels.get(each)
                if votes is None:
                    votes = self.labels[each] = Counter()
                votes.update(classes)
            words.update(key.split())
        self.name_words.update(words)
        self.org_words.update(org_words)
        orgs = sorted({item.value for item in record.values.get("org", [])})
        if len(orgs) > 1:
            for i, first in enumerate(orgs):
                for second in orgs[i + 1:]:
                    if _may_link(first, second):
                        self.together[(first, second)] += 1


def _vote_key(key: str) -> str:
    """An organization's name without its legal form or kind: "paine webber group inc" and
    "jardine matheson holdings ltd" vote for "paine webber" and "jardine matheson", so the same
    name labelled a person elsewhere is seen to be a company."""
    words = key.split()
    while len(words) > 2 and words[-1] in VOTE_SUFFIXES:
        words = words[:-1]
    if len(words) == 2 and words[-1] in VOTE_SUFFIXES and words[0] not in VOTE_SUFFIXES:
        words = words[:-1] if words[-1] in CORP_SUFFIXES else words
    return " ".join(words)


def _may_link(first: str, second: str) -> bool:
    """Two organization values that could be one: an acronym and a longer name, or one name
    inside the other (counted per article only for such pairs, to stay small)."""
    short, long = sorted((first, second), key=len)
    if _acronym_like(short):
        return " " in long
    return " " in long and (fold(short) in fold(long) or fold(long).startswith(fold(short)[:3]))


def _acronym_like(value: str) -> bool:
    letters = value.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


# ---------------------------------------------------------------- the decisions


@dataclass
class Decisions:
    """Moves decided so far: (facet, value) -> (targets, reason)."""

    moves: dict[tuple[str, str], tuple[list[Target], str]] = field(default_factory=dict)

    def hide(self, facet: str, value: str, reason: str) -> None:
        self.moves.setdefault((facet, value), ([], reason))

    def send(self, facet: str, value: str, target: Target, reason: str) -> None:
        if target != (facet, value):
            self.moves.setdefault((facet, value), ([target], reason))

    def decided(self, facet: str, value: str) -> bool:
        return (facet, value) in self.moves

    def final(self, facet: str, value: str) -> list[Target]:
        """Where a value ends up, following moves (a lone name to a full name that is itself
        merged into another spelling); a move may keep the value and add another ("X Board"
        also names X)."""
        out: list[Target] = []
        seen: set[Target] = set()

        def walk(target: Target, depth: int) -> None:
            if target in seen:
                return
            seen.add(target)
            move = self.moves.get(target)
            if move is None or depth > 8:
                out.append(target)
                return
            for each in move[0]:
                if each == target:
                    out.append(each)
                else:
                    walk(each, depth + 1)

        walk((facet, value), 0)
        return out

    def also(self, facet: str, value: str, target: Target, reason: str) -> None:
        """The value stays and names target too."""
        self.moves.setdefault((facet, value), ([(facet, value), target], reason))


def resolve(evidence: ArchiveEvidence, stats: TextStats, aliases: Any = None) -> Resolution:
    """The archive's resolution of every stored value (aliases applied last, and first)."""
    decisions = Decisions()
    _persons(evidence, stats, decisions)
    _orgs(evidence, stats, decisions)
    resolution = Resolution()
    for facet in FACET_FIELDS:
        for value in evidence.values.get(facet, {}):
            targets, reason = _with_aliases(facet, value, decisions, aliases)
            if targets != [(facet, value)]:
                resolution.move(facet, value, targets, reason)
    return resolution


def _with_aliases(facet: str, value: str, decisions: Decisions, aliases: Any
                  ) -> tuple[list[Target], str]:
    plural = {"person": "persons", "country": "countries", "org": "orgs"}
    move = decisions.moves.get((facet, value))
    reason = move[1] if move else ""
    if aliases is not None:
        own = aliases.canonical(plural[facet], value)
        if own != value:  # the aliases file names this value: its rule wins
            return ([] if own is None else [(facet, own)]), ALIASES_REASON
    targets = decisions.final(facet, value)
    if aliases is not None:
        shown = []
        for target_facet, target in targets:
            own = aliases.canonical(plural[target_facet], target)
            if own is not None:
                shown.append((target_facet, own))
            elif not reason:
                reason = ALIASES_REASON
        if shown != targets and not move:
            reason = ALIASES_REASON
        targets = shown
    return targets, reason


# ---------------------------------------------------------------- people


def _persons(evidence: ArchiveEvidence, stats: TextStats, decisions: Decisions) -> None:
    persons = evidence.values.get("person", {})
    orgs = {org_key(value): value for value in evidence.values.get("org", {})}
    companies = _companies(evidence.values.get("org", {}))
    for value, item in persons.items():
        key = fold(value)
        other = _other_type(evidence.labels.get(key), "P", item)
        if key in companies and " " in key and not item.titled:
            decisions.send("person", value, ("org", companies[key]),
                           f"the company {companies[key]}")
        elif item.headings >= item.articles >= MIN_LONE_ARTICLES and not item.titled:
            decisions.hide("person", value, "named only in headlines and title-case lines")
        elif other:
            target = orgs.get(org_key(value))
            if other == "O" and target is not None:
                decisions.send("person", value, ("org", target),
                               f"an organization in {_votes(evidence, key)}")
            else:
                decisions.hide("person", value, f"not a person: {_votes(evidence, key)}")
        elif len(_name_words(value)) == 1 and item.figures * 2 > item.mentions:
            decisions.hide("person", value, f"a label of figures in {item.figures} of its "
                                            f"{item.mentions} mentions")
    kept = _spellings("person", persons, _person_key, decisions)
    by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    given: Counter[str] = Counter()
    for value, item in kept.items():
        words = _name_words(value)
        if len(words) > 1:
            by_surname[_family_name(value)][value] += item.articles
            given[words[0]] += item.articles
    for value, item in kept.items():
        words = _name_words(value)
        if len(words) == 1 and not re.match(r"[A-Z]\.", value):  # "A. Gurusinha" is a name
            _lone_name(value, item, _family_name(value), by_surname, given, evidence, stats,
                       decisions)
        if not decisions.decided("person", value):
            common = _common_words(value, evidence, stats)
            if common:
                decisions.hide("person", value, common)


def _person_key(value: str) -> str:
    """"James A. Baker", "James Baker" and "Jim Baker" are one person's spellings."""
    key = full_key(value)
    given, _, family = key.partition(" ")
    return f"{NICKNAMES.get(given, given)} {family}" if family else key


def _family_name(value: str) -> str:
    """The folded family name with its particles: "Aravinda de Silva" -> "de silva"."""
    words = fold(value).split()
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


def _name_words(value: str) -> list[str]:
    """The folded words of a name that can be a given or a family name (no particles)."""
    return [w for w in fold(value).split() if w not in NAME_PARTICLES and len(w) > 1]


def _lone_name(value: str, item: ValueStats, word: str, by_surname: dict[str, Counter[str]],
               given: Counter[str], evidence: ArchiveEvidence, stats: TextStats,
               decisions: Decisions) -> None:
    """A one-word person: the archive's one full name of that family name, or out when that is
    ambiguous, when it is a given name or title, or when nothing but a single label says it is
    a name (no title before it, no full name, and mostly printed elsewhere)."""
    full = by_surname.get(word)
    word = word.split()[-1]
    common = _common_words(value, evidence, stats)
    weak = item.weak >= item.articles
    if common:
        decisions.hide("person", value, common)
    elif weak and not (full and full.most_common(1)[0][1] >= SURNAME_SHARE * sum(full.values())):
        decisions.hide("person", value, "a common word opening sentences, never written "
                                        "in full")
    elif evidence.org_words.get(word, 0) >= item.articles and not item.titled:
        decisions.hide("person", value, f"a word of organizations' names in "
                                        f"{evidence.org_words[word]} articles")
    elif full:
        (best, count), = full.most_common(1)
        total = sum(full.values())
        if count >= SURNAME_SHARE * total:
            decisions.send("person", value, ("person", best),
                           f"family name of {best} ({count} of the {total} articles naming "
                           f"a full name with it)")
        elif item.articles >= MIN_LONE_ARTICLES:
            names = ", ".join(name for name, _ in full.most_common(3))
            decisions.hide("person", value, f"ambiguous family name ({names}, ...)")
    elif given[word]:
        if item.articles >= MIN_LONE_ARTICLES:
            decisions.hide("person", value, f"a given name or title: it opens full names in "
                                            f"{given[word]} articles")
    elif fold(value) in places().places and not item.titled:
        decisions.hide("person", value, "a place's name, never after a title")
    elif not item.titled and not item.strong:
        printed = stats.word_articles(word)
        named = evidence.name_words.get(word, 0)
        if item.figures * 3 > item.mentions:
            decisions.hide("person", value, f"a lone word next to figures in {item.figures} of "
                                            f"its {item.mentions} mentions")
        elif named < LONE_NAME_SHARE * printed:
            decisions.hide("person", value, f"a lone word, never titled nor written in full, "
                                            f"a name in {named} of the {printed} articles "
                                            f"printing it")


def _other_type(votes: Counter[str] | None, own: str, item: ValueStats) -> str | None:
    """The label class ("P", "O", "G") that outvotes own across the archive, if any."""
    if not votes or item.titled * 2 > item.articles or item.strong * 2 > item.articles:
        return None
    others = {label: count for label, count in votes.items() if label != own}
    if not others:
        return None
    label, count = max(others.items(), key=lambda kv: kv[1])
    total = sum(others.values())
    if total >= TYPE_MAJORITY * votes.get(own, 0) and total >= 2:
        return label
    return None


def _votes(evidence: ArchiveEvidence, key: str) -> str:
    names = {"P": "person", "O": "organization", "G": "place", "N": "nationality",
             "T": "product, work or event"}
    votes = evidence.labels.get(key, Counter())
    return ", ".join(f"{names[label]} in {count}" for label, count in votes.most_common())


def _common_words(value: str, evidence: ArchiveEvidence, stats: TextStats) -> str | None:
    """Why the value is no name when every word of it is mostly printed outside names."""
    reasons = []
    for word in _name_words(value):
        printed = stats.word_articles(word)
        named = evidence.name_words.get(word, 0)
        if printed < MIN_WORD_ARTICLES or named >= NAME_SHARE * printed:
            return None
        reasons.append(f"'{word}' in {printed} articles, a name in {named}")
    return "a common word: " + "; ".join(reasons) if reasons else None


# ---------------------------------------------------------------- organizations


def _orgs(evidence: ArchiveEvidence, stats: TextStats, decisions: Decisions) -> None:
    orgs = evidence.values.get("org", {})
    persons = {fold(value): value for value in evidence.values.get("person", {})}
    for value, item in orgs.items():
        words = fold(value).split()
        if (len(words) == 1 and words[0] in GENERIC_ORG_WORDS) or all(
                w in CORP_SUFFIXES for w in words):
            decisions.hide("org", value, "a generic word, no name")
            continue
        if item.team * 2 >= item.articles:
            continue  # a town's name on a results table is its team: the votes say "place"
        if item.figures * 2 > item.mentions and org_key(value) == fold(value):
            decisions.hide("org", value, f"a label of figures in {item.figures} of its "
                                         f"{item.mentions} mentions")
            continue  # (a company with its legal form may head a row of its results)
        key = fold(value)
        other = _other_type(evidence.labels.get(key), "O", item)
        if other == "P" and key in persons:
            decisions.send("org", value, ("person", persons[key]),
                           f"a person: {_votes(evidence, key)}")
            continue
        if other in ("G", "T", "N") or (other == "P" and len(words) == 1):
            decisions.hide("org", value, f"not an organization: {_votes(evidence, key)}")
            continue
        if item.headline >= item.articles >= MIN_LONE_ARTICLES:
            decisions.hide("org", value, "named only in headlines")
            continue
        if len(words) == 1:
            common = _common_words(value, evidence, stats)
            if common:
                decisions.hide("org", value, common)
    kept = _spellings("org", orgs, _org_group_key, decisions)
    _fragments(kept, stats, decisions)
    kept = {value: item for value, item in kept.items() if not decisions.decided("org", value)}
    _country_variants(kept, decisions)
    kept = {value: item for value, item in kept.items() if not decisions.decided("org", value)}
    roots = _bodies(kept, decisions)
    _links(kept, roots, evidence, decisions)


def _org_group_key(value: str) -> str:
    """"Goldman, Sachs and Co", "Goldman Sachs & Co" and "Goldman Sachs" are one spelling, and
    so are "E.F. Hutton Group Inc" and "E.F. Hutton"."""
    words = re.sub(r"[^\w\s']", " ", org_key(value)).split()
    while len(words) > 2 and words[-1] in HOLDING_WORDS:
        words = words[:-1]
    return " ".join(words)


def _spellings(facet: str, values: dict[str, ValueStats], key: Any, decisions: Decisions
               ) -> dict[str, ValueStats]:
    """Values the archive spells several ways ("Drexel Burnham Lambert Inc." and "Drexel
    Burnham Lambert Inc", "James A. Baker" and "James Baker") shown one way, the most used;
    returns the shown values with the counts of all their spellings."""
    groups: dict[str, list[str]] = defaultdict(list)
    for value in values:
        if not decisions.decided(facet, value):
            groups[key(value)].append(value)
    kept: dict[str, ValueStats] = {}
    for members in groups.values():
        shown = max(members, key=lambda v: (values[v].articles, len(v), v))
        total = ValueStats()
        for member in members:
            item = values[member]
            total.articles += item.articles
            total.mentions += item.mentions
            total.figures += item.figures
            total.titled += item.titled
            total.strong += item.strong
            total.team += item.team
            total.weak += item.weak
            total.headline += item.headline
            total.headings += item.headings
            total.surfaces.update(item.surfaces)
            if member != shown:
                decisions.send(facet, member, (facet, shown), f"another spelling of {shown}")
        kept[shown] = total
    return kept


def _country_variants(orgs: dict[str, ValueStats], decisions: Decisions) -> None:
    """"Treasury" and "U.S. Treasury", "Senate" and "U.S. Senate": one value when the archive's
    bare name is nearly always that country's (its other countries' variants stay apart)."""
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    by_fold = {fold(v): v for v in orgs}
    for value, item in orgs.items():
        bare = _without_country(value)
        if bare and bare in by_fold and by_fold[bare] != value:
            variants[by_fold[bare]][value] += item.articles
    for bare, prefixed in variants.items():
        (best, count), = prefixed.most_common(1)
        if count < LINK_SHARE * sum(prefixed.values()):
            continue
        shown, other = (bare, best) if orgs[bare].articles >= count else (best, bare)
        decisions.send("org", other, ("org", shown),
                       f"one organization: {bare} is {best} in this archive ({count} of the "
                       f"{sum(prefixed.values())} articles naming it with a country)")


def _bodies(orgs: dict[str, ValueStats], decisions: Decisions) -> dict[str, str]:
    """"Federal Reserve Board" also names the Federal Reserve, as "EC Commission" names the EC,
    when the archive names that organization on its own. Returns body -> organization."""
    by_key = {_org_group_key(v): v for v in orgs}
    roots = {}
    for value in orgs:
        words = value.split()
        if len(words) < 2 or fold(words[-1]) not in SUB_BODIES:
            continue
        for cut in range(1, len(words)):  # "House Ways and Means Committee" of the House
            parent = by_key.get(_org_group_key(" ".join(words[:-cut])))
            if parent and parent != value and orgs[parent].articles >= 2 and not (
                    fold(parent) in places().places or fold(parent) in places().names):
                decisions.also("org", value, ("org", parent), f"a body of {parent}")
                roots[value] = parent
                break
    return roots


def _links(orgs: dict[str, ValueStats], roots: dict[str, str], evidence: ArchiveEvidence,
           decisions: Decisions) -> None:
    """One value for an acronym or short form and the name it stands for."""
    links: dict[str, Counter[str]] = defaultdict(Counter)  # short form -> long forms, weighted
    by_key = {_org_group_key(v): v for v in orgs}

    def link(first: str, second: str, weight: int) -> None:
        short, long = sorted((first, second), key=len)
        links[short][roots.get(long, long)] += weight

    for value, item in orgs.items():  # spelled out in one article: "IMF" with its full name
        for surface, count in item.surfaces.items():
            other = by_key.get(_org_group_key(surface))
            if other and other != value and _same_org(other, value):
                link(value, other, 2 * count)
    canonical = {}
    for facet_value in evidence.values.get("org", {}):
        final = decisions.final("org", facet_value)
        if final and final[0][1] in orgs:
            canonical[facet_value] = final[0][1]
    for (first, second), count in evidence.together.items():
        first, second = canonical.get(first), canonical.get(second)
        if first and second and first != second and _same_org(first, second):
            link(first, second, count)
    for short, longs in links.items():
        longs.pop(short, None)  # its own bodies ("House Agriculture Committee" of the House)
        if not longs:
            continue
        (best, count), = longs.most_common(1)
        if count < 2 or count < LINK_SHARE * sum(longs.values()):
            continue
        if count < LINK_MIN_SHARE * orgs[short].articles:
            continue  # "ABC" spelled out as "Arab Banking Corp" in 4 of its 200 articles
        short_first = orgs[short].articles >= orgs[best].articles and (
            _acronym_like(short) or _without_country(best) == _org_group_key(short))
        shown, other = (short, best) if short_first else (best, short)
        decisions.send("org", other, ("org", shown),
                       f"one organization: {short} = {best} (named together or spelled out "
                       f"in {count} articles)")


def _initials(name: str) -> str:
    """"U.S. Agriculture Department" -> "USAD": first letters, dotted abbreviations whole."""
    letters = []
    for word in name.split():
        if word.lower() in ACRONYM_SKIP or not word[:1].isalpha():
            continue
        letters.append(word.replace(".", "") if "." in word.rstrip(".") else word[0])
    return "".join(letters).upper()


def _same_org(first: str, second: str) -> bool:
    """An acronym and its full name ("IMF", "International Monetary Fund"; "USDA", "U.S.
    Agriculture Department": the same initials in another order), a short form and its name
    ("Fed", "Federal Reserve"), or a name with and without its country."""
    short, long = sorted((first, second), key=len)
    if _acronym_like(short):
        letters = short.replace(".", "")
        options = {_initials(long), _initials(org_key(long))}
        return letters in options or (len(letters) > 2 and any(
            sorted(letters) == sorted(option) for option in options))
    folded_short, folded_long = fold(short), fold(long)
    if " " not in folded_short and len(folded_short) >= 3:
        words = folded_long.split()
        if words[0] == folded_short:  # "House" of "House of Representatives": the head noun
            return len(words) > 2 and words[1] in ("of", "for")  # ("House Agriculture" is no
        return words[0].startswith(folded_short)  # House); "Fed" of "Federal Reserve"
    return _without_country(long) == folded_short


def _without_country(value: str) -> str | None:
    """"U.S. Treasury" -> "treasury": the name without a leading country or demonym."""
    words = value.split()
    if len(words) < 2:
        return None
    head = fold(words[0])
    if head in places().names or demonym(head) is not None:
        return fold(" ".join(words[1:]))
    return None


def _fragments(orgs: dict[str, ValueStats], stats: TextStats, decisions: Decisions) -> None:
    """A name the archive prints almost only inside a longer value is that value ("Poor's
    Corp" of "Standard and Poor's Corp"); one ending in "of" or "and" is cut short."""
    by_first: dict[str, list[str]] = defaultdict(list)
    by_last: dict[str, list[str]] = defaultdict(list)
    for value in orgs:
        words = _contains_key(value).split()
        if len(words) > 1:
            by_first[words[0]].append(value)
            by_last[words[-1]].append(value)
    for value in orgs:
        if decisions.decided("org", value):
            continue
        words = _contains_key(value).split()
        if not words:
            continue
        dangling = words[-1] in {"of", "for", "and", "the", "&"}
        candidates = [other for other in {*by_first.get(words[0], []),
                                          *by_last.get(words[-1], [])}
                      if other != value and _contains(other, value)
                      and stats.words(other) != stats.words(value)]
        if not candidates:
            if dangling:
                decisions.hide("org", value, "a fragment of a name")
            continue
        best = max(candidates, key=lambda v: (orgs[v].articles, v))
        printed = stats.phrase_articles(value)
        inside = stats.exact_phrase_articles(best)
        if dangling or (printed and inside >= FRAGMENT_SHARE * printed):
            decisions.send("org", value, ("org", best),
                           f"a fragment of {best} (printed in {printed} articles, {inside} of "
                           f"them in the longer name)")


def _contains_key(value: str) -> str:
    return re.sub(r"'s?\b", "", fold(value))


def _contains(long: str, short: str) -> bool:
    """Whole words of short open or close long ("securities and exchange" in "securities and
    exchange commission", "moody" in "moody's investors service")."""
    long, short = _contains_key(long), _contains_key(short)
    short = re.sub(r" (?:of|for|and|the|&)$", "", short)
    return long != short and (long.startswith(short + " ") or long.endswith(" " + short))


# ---------------------------------------------------------------- from the index


class IndexTextStats:
    """Word and phrase counts from the index itself: the body field's terms and its adjacent
    word pairs (``body_pairs``), analyzed as the index analyzes text."""

    def __init__(self, searcher: Any) -> None:
        from search.schema import PAIR_SEPARATOR, SCHEMA

        self.searcher = searcher
        self.reader = searcher.reader()
        self.analyzer = SCHEMA["body"].analyzer
        self.separator = PAIR_SEPARATOR
        self._cache: dict[str, int] = {}

    def words(self, text: str) -> list[str]:
        """The index's terms for text (stemmed, stop words and one-letter words dropped)."""
        return [token.text for token in self.analyzer(text)]

    def word_articles(self, word: str) -> int:
        return self.phrase_articles(word)

    def phrase_articles(self, text: str) -> int:
        """Articles printing the words of text next to each other (for three words or more:
        the rarest of its adjacent pairs, an upper bound)."""
        found = self._cache.get(text)
        if found is None:
            tokens = self.words(text)
            if not tokens:
                found = 0
            elif len(tokens) == 1:
                found = self.reader.doc_frequency("body", tokens[0])
            else:
                found = min(self.reader.doc_frequency(
                    "body_pairs", first + self.separator + second)
                    for first, second in zip(tokens, tokens[1:], strict=False))
            self._cache[text] = found
        return found


    def exact_phrase_articles(self, text: str) -> int:
        """Articles printing exactly these words in this order (positions checked)."""
        from whoosh import query

        tokens = self.words(text)
        if len(tokens) < 2:
            return self.phrase_articles(text)
        key = "\0" + text
        found = self._cache.get(key)
        if found is None:
            if self.phrase_articles(text) == 0:
                found = 0
            else:
                docs = self.searcher.docs_for_query(query.Phrase("body", tokens))
                found = sum(1 for _ in docs)
            self._cache[key] = found
        return found


def stored_records(reader: Any) -> Iterable[ArticleEntities]:
    """Every live article's stored record."""
    if "entities" not in reader.schema or not reader.has_column("entities"):
        return
    column = reader.column_reader("entities")
    for docnum in reader.all_doc_ids():
        yield ArticleEntities.from_json(column[docnum])


def resolve_index(ix: Any, aliases: Any = None) -> Resolution:
    """The resolution of the archive in a Whoosh index, as it is committed."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        evidence = ArchiveEvidence.gather(stored_records(reader))
        return resolve(evidence, IndexTextStats(searcher), aliases)
