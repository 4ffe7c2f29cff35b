"""The moves decided so far, and the evidence tests both facets use."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsarchive.indexer.lexicon import ACRONYM_SKIP, NAME_PARTICLES
from newsarchive.indexer.resolve.evidence import ArchiveEvidence, TextStats, ValueStats
from newsarchive.search.entities import Evidence, Target
from newsarchive.search.text import fold

# Words a name writes in lower case: "Bank of England", "Rami al-Saadani".
LOWER_WORDS = ACRONYM_SKIP | NAME_PARTICLES
# Particles that are given names too, written so before a family name: "Al Gore", "Ben Huh",
# "Abu Bakar Bashir" (not "al-Assad", "Ben-Gurion": joined, they are the family name's).
GIVEN_PARTICLES = frozenset({"Al", "Ben", "Abu"})
# A value is of another type when the other labels hold this many times its own label's votes.
TYPE_MAJORITY = 2.0
# A name must be called a name (by NER, in any facet) in at least this share of the articles
# that print its word; below it, the word is a common word or a table or page label.
NAME_SHARE = 0.4
# Words printed in fewer articles than this are left alone: too little evidence either way.
MIN_WORD_ARTICLES = 8
# A lone given name or an ambiguous family name is one article's way of naming its person; from
# this many articles on, it stands for several people and stays out of the facet.
MIN_LONE_ARTICLES = 2
# A word this common in English (symspellpy's counts of Google Books) is one a reader meets
# daily: "beyond" 47M, "sausage" 2.9M; family names the name lists lack are rarer ("Seagram"
# 0.1M) or unknown to it.
ENGLISH_COMMON = 1_000_000


@dataclass
class Decisions:
    """Moves decided so far: (facet, value) -> (targets, reason)."""

    moves: dict[tuple[str, str], tuple[list[Target], str]] = field(default_factory=dict)
    # person values hidden as no one's name ("Twitter": no list of people's names holds it):
    # the organization facet keeps its own value of that name, and takes these mentions too
    not_people: set[str] = field(default_factory=set)

    def hide(self, facet: str, value: str, reason: str) -> None:
        self.moves.setdefault((facet, value), ([], reason))

    def send(self, facet: str, value: str, target: Target, reason: str) -> None:
        if target != (facet, value):
            self.moves.setdefault((facet, value), ([target], reason))

    def redirect(self, facet: str, value: str, target: Target, reason: str) -> None:
        """Replace what was decided about a value: it goes to `target` instead."""
        self.moves[(facet, value)] = ([target], reason)

    def decided(self, facet: str, value: str) -> bool:
        return (facet, value) in self.moves

    def undecided(self, facet: str, values: dict[str, ValueStats]) -> dict[str, ValueStats]:
        """The values nothing has been decided about yet."""
        return {value: item for value, item in values.items()
                if (facet, value) not in self.moves}

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


def well_cased(value: str) -> bool:
    """Every word of the name capitalized but its particles ("Bank of England", not "John
    fairfax ltd", a headline's words put back in lower case); a brand's inner capital counts
    as one ("eBay", "iPhone")."""
    return all(word[:1].isupper() or not word[:1].isalpha() or word in LOWER_WORDS
               or any(ch.isupper() for ch in word[1:]) for word in value.split())


def spellings(facet: str, values: dict[str, ValueStats], key: Any, decisions: Decisions,
              split: Callable[[list[str]], list[list[str]]] | None = None
              ) -> dict[str, ValueStats]:
    """Values the archive spells several ways ("Drexel Burnham Lambert Inc." and "Drexel
    Burnham Lambert Inc", "James A. Baker" and "James Baker") shown one way, the most used;
    returns the shown values with the counts of all their spellings. `split` parts the
    spellings of one key (the most used first) into the values they are."""
    groups: dict[str, list[str]] = defaultdict(list)
    for value in values:
        if not decisions.decided(facet, value):
            groups[key(value)].append(value)
    kept: dict[str, ValueStats] = {}
    parts = (part for members in groups.values() for part in (
        split(sorted(members, key=lambda v: -values[v].articles)) if split else [members]))
    for members in parts:
        shown = max(members, key=lambda v: (well_cased(v), values[v].articles, len(v), v))
        total = ValueStats()
        for member in members:
            total.absorb(values[member])
            if member != shown:
                decisions.send(facet, member, (facet, shown), f"another spelling of {shown}")
        kept[shown] = total
    return kept


def other_type(votes: Counter[str] | None, own: str, item: ValueStats) -> str | None:
    """The label class ("P", "O", "G") that outvotes own across the archive, if any."""
    if not votes or (item.count(Evidence.TITLED) * 2 > item.articles
                     or item.count(Evidence.STRONG) * 2 > item.articles):
        return None
    others = {label: count for label, count in votes.items() if label != own}
    if not others:
        return None
    label, count = max(others.items(), key=lambda kv: kv[1])
    total = sum(others.values())
    if total >= TYPE_MAJORITY * votes.get(own, 0) and total >= 2:
        return label
    return None


def votes(evidence: ArchiveEvidence, key: str) -> str:
    names = {"P": "person", "O": "organization", "G": "place", "N": "nationality",
             "T": "product, work or event"}
    votes = evidence.labels.get(key, Counter())
    return ", ".join(f"{names[label]} in {count}" for label, count in votes.most_common())


def common_words(value: str, evidence: ArchiveEvidence, stats: TextStats) -> str | None:
    """Why the value is no name when every word of it is mostly printed outside names."""
    reasons = []
    for word in name_words(value):
        printed = stats.word_articles(word)
        named = evidence.name_words.get(word, 0)
        if printed < MIN_WORD_ARTICLES or named >= NAME_SHARE * printed:
            return None
        reasons.append(f"'{word}' in {printed} articles, a name in {named}")
    return "a common word: " + "; ".join(reasons) if reasons else None


def printed_as_common_word(word: str, evidence: ArchiveEvidence, stats: TextStats
                           ) -> str | None:
    """How often the archive prints the word as written and names with it ("'oil' in 1110
    articles, a name in 200"), when it is mostly printed outside names (counted unstemmed:
    "cooper" is not "cooperation"); None when it is a name's word or too rare to tell."""
    printed = stats.printed_articles(word)
    named = evidence.name_words.get(word, 0)
    if printed < MIN_WORD_ARTICLES or named >= NAME_SHARE * printed:
        return None
    return f"'{word}' in {printed} articles, a name in {named}"


def name_words(value: str) -> list[str]:
    """The folded words of a name that can be a given or a family name: no particles, but a
    given name spelled like one ("Al Gore", "Ben Huh"), and a lone word whatever it is
    ("Ben")."""
    words = fold(value).split()
    given = len(words) > 1 and value.split()[0] in GIVEN_PARTICLES
    found = [w for index, w in enumerate(words)
             if (index == 0 and given) or (w not in NAME_PARTICLES and len(w) > 1)]
    if not found and len(words) == 1 and words[0] in NAME_PARTICLES:
        found = words  # a particle alone ("Ben", "Van"), judged as any lone word
    return found
