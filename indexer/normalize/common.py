"""What every facet's normalization shares: cleaning a mention's text, and a cluster of the
spellings of one value in one article."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsarchive.indexer.lexicon import ACRONYM_SKIP, NAME_PARTICLES, ORG_HEADS
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.search.entities import EntityValue, Evidence
from newsarchive.search.text import APOSTROPHES, POSSESSIVE, fold

FIGURES = MentionFlag.TABLE_ROW | MentionFlag.AFTER_FIGURE
HEADINGS = MentionFlag.HEADLINE | MentionFlag.TITLE_CASE
# Where figures around a name are scores or results, not a table of numbers.
SPORTS = (MentionFlag.SCORE | MentionFlag.RESULTS_SIDE | MentionFlag.LIST_ITEM
          | MentionFlag.NATIONALITY)


@lru_cache(maxsize=65536)
def clean_text(text: str) -> str:
    """Entity text without quotes, brackets, a leading "the" or a trailing possessive."""
    text = text.translate(APOSTROPHES)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*\([^()]*\)?$", "", text).strip(" \t\"'<>()[]{}*,;:-")  # "Org (ORG"
    text = re.sub(r"^(?:the|The|THE|his|her|its|their|our|a|an|An)\s+", "", text)
    text = POSSESSIVE.sub("", text).strip(" \"'<>()[],;:-")
    return re.sub(r"\s+'s$", "", text)


def key_of(text: str) -> str:
    """The folded, cleaned text of a mention: how label votes and lookups key it."""
    return fold(clean_text(text))


@lru_cache(maxsize=65536)
def is_caps(text: str) -> bool:
    """True for an all-capitals word or phrase (headline style), ignoring short acronyms."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 4 and all(ch.isupper() for ch in letters)


def nice_case(text: str) -> str:
    """Title-case an all-capitals name that has no mixed-case spelling in the article, and
    capitalize the common words of a name read from a headline in capitals, which the
    indexer wrote in lower case for the model ("JUNO LIGHTING INC <JUNO> 1ST QTR NET" gave
    "Juno lighting inc": Juno Lighting Inc); a name's small words stay ("Bank of Japan",
    "Henri de Villiers")."""
    if is_caps(text):
        return " ".join(w.capitalize() if len(w) > 3 or "-" in w else w for w in text.split())
    words = text.split(" ")
    if len(words) < 2 or not words[0][:1].isupper():
        return text
    return " ".join(w[:1].upper() + w[1:] if index and w.rstrip(".").isalpha() and w.islower()
                    and w not in SMALL_WORDS else w for index, w in enumerate(words))


# Words a name writes in lower case between capitalized ones, in the languages of the news
SMALL_WORDS = ACRONYM_SKIP | NAME_PARTICLES | frozenset({
    "or", "with", "at", "by", "a", "an", "from", "und", "für", "fur", "et", "en", "e", "sur",
    "sans", "per", "upon", "under", "over", "against", "into", "via", "zu", "zur", "am", "im",
    "och", "og", "i", "do", "dei", "degli", "delle", "las", "los", "van't", "ter"})


def after_dash(text: str) -> str:
    """"Cricket - Sri Lanka" -> "Sri Lanka": an entity does not span a headline's kicker dash."""
    return text.rsplit(" - ", 1)[1].strip() if " - " in text else text


def strip_numbers(text: str) -> str:
    """"H. Morris 69" -> "H. Morris", "Dublin Newsroom +353" -> "Dublin Newsroom"."""
    text = re.sub(r"(?:\s+[+\-]?[\d.,:\-]+(?:st|nd|rd|th)?)+$", "", text)  # "Pires 46th"
    return re.sub(r"^(?:[+\-]?\d[\d.,:\-]*\s+)+", "", text).strip()  # "286 Miguel Jimenez"


def org_word(name: str) -> bool:
    """A word that heads organization names: "International Coffee Organization"."""
    return any(fold(w) in ORG_HEADS for w in name.split())


def dedupe(values: Iterable[EntityValue]) -> list[EntityValue]:
    """First of each folded value, in order."""
    seen: set[str] = set()
    out = []
    for item in values:
        key = fold(item.value)
        if item.value and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def label_votes(mentions: Sequence[Mention]) -> dict[str, Counter[str]]:
    """How often the article labels each (folded) text PERSON, ORG, GPE, ..."""
    votes: dict[str, Counter[str]] = {}
    for mention in mentions:
        votes.setdefault(key_of(mention.text), Counter())[mention.label] += 1
    return votes


@dataclass
class Cluster:
    """All spellings of one value (a person, an organization) in one article."""

    forms: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)  # the mention texts, as written
    count: int = 0
    first: int = 0
    team: bool = False
    body_first: int = 1 << 30  # first mention outside the headline
    positions: list[int] = field(default_factory=list)  # mention indexes outside the headline
    flags: Counter[MentionFlag] = field(default_factory=Counter)  # context flags, per mention
    figures: int = 0  # mentions heading a row of figures or right after a figure (no scores)
    headings: int = 0  # mentions in the headline or a title-case line (no results lists)
    shown: str = ""  # the spelling to show when fixed (an organization's acronym)

    def add(self, form: str, mention: Mention, index: int) -> None:
        self.forms[form] += 1
        self.surfaces[surface_of(mention.text)] += 1
        self.count += 1
        for flag in MentionFlag:
            if flag and flag in mention.flags:
                self.flags[flag] += 1
        if mention.has(FIGURES) and not mention.has(SPORTS):
            self.figures += 1
        if mention.has(HEADINGS) and not mention.has(SPORTS):
            self.headings += 1
        if not mention.has(MentionFlag.HEADLINE):
            self.body_first = min(self.body_first, index)
            self.positions.append(index)

    def absorb(self, other: Cluster) -> None:
        """Take in another cluster of the same value."""
        self.forms.update(other.forms)
        self.surfaces.update(other.surfaces)
        self.count += other.count
        self.first = min(self.first, other.first)
        self.body_first = min(self.body_first, other.body_first)
        self.positions += other.positions
        self.team = self.team or other.team
        self.flags.update(other.flags)
        self.figures += other.figures
        self.headings += other.headings

    def has(self, flag: MentionFlag) -> int:
        """How many of its mentions carry flag."""
        return self.flags[flag]

    def best(self) -> str:
        """The spelling to show: mixed case over capitals, the fullest, then the most used."""
        if self.shown:
            return self.shown
        return max(self.forms,
                   key=lambda f: (not is_caps(f), len(f.split()), self.forms[f], -len(f)))

    def value(self, evidence: Evidence = Evidence.NONE) -> EntityValue:
        """The facet value it gives, with the mentions behind it."""
        if self.flags[MentionFlag.TITLED]:
            evidence |= Evidence.TITLED
        if self.flags[MentionFlag.HEADLINE] >= self.count:
            evidence |= Evidence.HEADLINE
            if self.flags[MentionFlag.PAGE_TITLE] >= self.count:
                evidence |= Evidence.PAGE_TITLE
        if self.headings >= self.count:
            evidence |= Evidence.HEADINGS
        if self.flags[MentionFlag.PRODUCT_WORD]:
            evidence |= Evidence.PRODUCT
        if self.flags[MentionFlag.AGENT]:
            evidence |= Evidence.AGENT
        surfaces = tuple(s for s, _ in self.surfaces.most_common() if s)
        return EntityValue(nice_case(self.best()), self.count, surfaces,
                           min(self.figures, self.count), evidence)


def surface_of(text: str) -> str:
    """A mention's text as a reader finds it in the article: spaces collapsed, a leading "the"
    and a trailing possessive dropped ("the Kremlin's" -> "Kremlin")."""
    text = after_dash(" ".join(text.split()))
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    return POSSESSIVE.sub("", text).strip()
