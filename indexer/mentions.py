"""The typed record that flows from entity recognition to normalization: one NER mention.

``indexer.entities`` finds mentions and marks what their context says (a title before the name,
a score after it, a byline around it); ``indexer.normalize`` turns an article's mentions into
facet values. The index stores each mention compactly as ``[text, label]`` or
``[text, label, letters]``, one letter per flag, so stored mentions can be normalized again
without NER; ``Mention.stored`` and ``Mention.from_stored`` are the only places that know the
letters.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class MentionFlag(enum.Flag):
    """What the text around one mention says about it."""

    NONE = 0
    HEADLINE = enum.auto()  # in the headline
    PROMO = enum.auto()  # in the publisher's boilerplate ("contacted X for comment", "Do you...")
    BYLINE = enum.auto()  # in a byline or photo credit, or alone on its line
    PLACE_CUE = enum.auto()  # a one-word PERSON after "at", "in", "via", "as": a place/platform
    NATIONALITY = enum.auto()  # a country in brackets follows ("Frankie Fredericks ( Namibia )")
    TITLED = enum.auto()  # a rank or title precedes it ("President Reagan")
    SCORE = enum.auto()  # a score follows it, or "X beat Y": a team when it is a town's name
    THING = enum.auto()  # a common noun says it is a thing ("the town of", "telecoms group")
    LIST_ITEM = enum.auto()  # an item of a list line whose other items are persons
    RESULTS_SIDE = enum.auto()  # a side of a results line or standings row: a team
    COMMON_WORD = enum.auto()  # a word the model knows in lower case, opening a sentence
    DATELINE = enum.auto()  # a dateline place NER missed ("SALVADOR, Feb 26 -"), added as GPE
    TABLE_ROW = enum.auto()  # opens a row of figures ("Shr 1.20 dlrs vs 1.10")
    AFTER_FIGURE = enum.auto()  # right after a figure ("2300 GMT", "Steer top 66.00 and Heifers")
    TITLE_CASE = enum.auto()  # in a line of capitalized words: a link list, a heading
    STORM = enum.auto()  # a storm's name: "Hurricane Sandy", "superstorm Sandy"
    PRODUCT_WORD = enum.auto()  # a product's word follows: "USB port", "Android phones"
    # it acts or has people: "Intel said", "Intel's chief executive"; a person speaks
    AGENT = enum.auto()
    # a common noun right before it says what it is: "the state oil company Petrobras", "the
    # aircraft carrier Carl Vinson" (THING is set too; THING alone may be only "the" before it)
    THING_NOUN = enum.auto()
    # in a headline written in mixed case (a web page's title, not a wire's capitals, where
    # a company may be named only above its table of figures)
    PAGE_TITLE = enum.auto()


# Storage letters: fixed forever (indexes written by older versions use the first twelve).
LETTERS: dict[MentionFlag, str] = {
    MentionFlag.HEADLINE: "h", MentionFlag.PROMO: "p", MentionFlag.BYLINE: "b",
    MentionFlag.PLACE_CUE: "l", MentionFlag.NATIONALITY: "n", MentionFlag.TITLED: "r",
    MentionFlag.SCORE: "t", MentionFlag.THING: "o", MentionFlag.LIST_ITEM: "s",
    MentionFlag.RESULTS_SIDE: "v", MentionFlag.COMMON_WORD: "w", MentionFlag.DATELINE: "d",
    MentionFlag.TABLE_ROW: "g", MentionFlag.AFTER_FIGURE: "f", MentionFlag.TITLE_CASE: "c",
    MentionFlag.STORM: "e", MentionFlag.PRODUCT_WORD: "k", MentionFlag.AGENT: "a",
    MentionFlag.THING_NOUN: "q", MentionFlag.PAGE_TITLE: "i",
}
FLAGS_OF_LETTER = {letter: flag for flag, letter in LETTERS.items()}


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: its text as written, NER's label, and its context flags."""

    text: str
    label: str
    flags: MentionFlag = MentionFlag.NONE

    def has(self, flags: MentionFlag) -> bool:
        """True when any of ``flags`` is set."""
        return bool(self.flags & flags)

    def stored(self) -> tuple[str, ...]:
        """The compact form kept in the index: (text, label) or (text, label, letters)."""
        letters = "".join(letter for flag, letter in LETTERS.items() if flag in self.flags)
        return (self.text, self.label, letters) if letters else (self.text, self.label)

    @classmethod
    def from_stored(cls, item: Sequence[str] | Mention) -> Mention | None:
        """A mention from its stored form (None for a malformed one)."""
        if isinstance(item, Mention):
            return item
        if len(item) < 2 or not isinstance(item[0], str) or not isinstance(item[1], str):
            return None
        flags = MentionFlag.NONE
        for letter in item[2] if len(item) > 2 and isinstance(item[2], str) else "":
            flags |= FLAGS_OF_LETTER.get(letter, MentionFlag.NONE)
        return cls(item[0], item[1], flags)


def as_mentions(items: Iterable[Sequence[str] | Mention]) -> list[Mention]:
    """Typed mentions from stored or fresh ones; malformed and empty ones are dropped."""
    out = []
    for item in items:
        mention = Mention.from_stored(item)
        if mention is not None and mention.text:
            out.append(mention)
    return out
