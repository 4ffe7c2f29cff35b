"""A typed word that the archive writes as a name finds that name, not every word of its stem.

Stems join a word's forms (ship, ships, shipping), and with them some names and words that
only look alike: "Mets" stems as "met", "Federer" as "federal" does, "Wells" as "well",
"Davies" as "Davis". On the 1,353 Dragnet pages, `Federer` found 63 articles, federal ones
first and the one naming Federer among them, and `Mets` 54, most of them of people who met.

So each unquoted word of the title or body whose stem is not the word itself is parsed as a
TypedWord, which keeps the word as typed beside its stem, and matching asks `name_reading`
how the archive writes it. Nothing changes when most of the stem's articles print the word
(more than WORD_SHARE: "minister", "Japanese"): the stem finds little else. Otherwise:

- when at least NAME_SHARE of the articles printing the word print it with a capital
  (schema.NAME_FORMS_FIELD against the body's spelling field, which holds every word as
  written), it is a name there: its stem's matches are kept where the article writes it
  with a capital (Mets, not met; Davies, not Davis). Typed in lowercase, only on
  MIN_ARTICLES articles' evidence or more; on less, its articles come first. A form whose
  stem is itself is not kept apart from its stem's words, so Soviets finds the articles
  writing Soviets, not Soviet alone;
- when no article prints the word nor its plural or singular, and it was typed with a
  capital (Federer), it is a name the archive lacks: nothing matches, rather than the words
  of its stem (Shipments, whose singular an article prints, keeps its stem);
- when it was typed with a capital and some articles print it so, fewer than NAME_SHARE of
  them (Wells, where "wells" is also a word), the stem's matches stay and the articles
  writing it with a capital come first;
- a capital counts as asking for a name only when some word of the query was typed without
  one ("Interest Rates" and "Wells Fargo" are a habit of typing). bench/relevance.py
  --names, whose names are typed so, MAP@100 / P@10 without this rule and with it: half a
  0.593 / 0.736 and 0.592 / 0.732, half b 0.624 / 0.774 and 0.628 / 0.785 (before
  WORD_SHARE, when more words were read as names: a 0.572 -> 0.577, b 0.602 -> 0.620);
  otherwise the stem, as before.

Names the stemmer leaves whole (Bush, Rice, Cook) are their word already: no rule here can
part them from the word, and none is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from whoosh import query

from newsarchive.search.schema import NAME_FORMS_FIELD, stem

# the share of the articles printing a word that print it with a capital, from which a typed
# word is read as the name (a sentence's first word is capitalized too: "Gates opened")
NAME_SHARE = 0.8
# the share of the stem's articles that print the word, above which the stem is kept: the
# word is most of what its stem finds ("minister" of minist, "Japanese" of japanes), so
# parting it from the other words gains little, and the articles writing it only in a
# headline's capitals or without its capital were lost (bench/relevance.py --names, MAP@100:
# "Finance Minister Michael Wilson" 1.000 -> 0.750, "Japanese Yen" 0.312 -> 0.233)
WORD_SHARE = 0.5
# a word typed in lowercase is read as a name only on this many articles' evidence: on the
# 327 seed articles, "chemicals", "containers" and "seeing" are each printed once, with a
# capital, and were read as names, leaving out the articles that print "chemical"
MIN_ARTICLES = 3
SPELLED_FIELD = "body"
SPELLING_FIELD = "spell_body"  # the body's words as written (Whoosh's spelling field)


class TypedWord(query.Term):
    """An unquoted word of the title or body whose stem (`text`) is not the word: the word
    as typed (lowercase, accents folded) and whether it was typed with a capital."""

    def __init__(self, fieldname: str, text: str, word: str, capitalized: bool,
                 boost: float = 1.0, title_case: bool = False) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.word = word
        self.capitalized = capitalized
        # every word of the query was typed with a capital ("Interest Rates"): the capital
        # is the typist's habit, not a name asked for
        self.title_case = title_case

    def in_title_case(self) -> TypedWord:
        return TypedWord(self.fieldname, self.text, self.word, self.capitalized, self.boost,
                         title_case=True)

    def _key(self) -> tuple[str, bool, bool]:
        return self.word, self.capitalized, self.title_case

    def __eq__(self, other: object) -> bool:
        return (super().__eq__(other) and isinstance(other, TypedWord)
                and self._key() == other._key())

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self._key())

    def __repr__(self) -> str:
        return f"TypedWord({self.fieldname!r}, {self.text!r}, {self.word!r})"


class Capitals(query.Term):
    """A word typed in capitals (WHO, IT; search.forms.typed_capitals): the articles writing
    it in capitals. `text` is its index word ("who", "'it"), `letters` the word lowercased."""

    def __init__(self, fieldname: str, text: str, letters: str, boost: float = 1.0) -> None:
        super().__init__(fieldname, text, boost=boost)
        self.letters = letters

    def __eq__(self, other: object) -> bool:
        return (super().__eq__(other) and isinstance(other, Capitals)
                and self.letters == other.letters)

    def __hash__(self) -> int:
        return super().__hash__() ^ hash(self.letters)

    def __repr__(self) -> str:
        return f"Capitals({self.fieldname!r}, {self.text!r})"


class Frequencies(Protocol):
    """What name_reading asks of the index (search.matching.QueryMatcher)."""

    def doc_frequency(self, field: str, word: str) -> int: ...

    def has_field(self, field: str) -> bool: ...


def other_numbers(word: str) -> list[str]:
    """The word's plural or singular forms that share its stem (soviets: soviet)."""
    forms = [word + "s", word + "es"]
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("es"):
        forms.append(word[:-2])
    return [form for form in forms if form and stem(form) == stem(word)]


@dataclass(frozen=True)
class NameReading:
    """A typed word read as a name: the forms written with a capital that stand for it, and
    whether only the articles writing one match (else they come first)."""

    forms: tuple[str, ...]
    only: bool


def name_reading(index: Frequencies, word: TypedWord) -> NameReading | None:
    """How the archive reads the typed word as a name, or None to match its stem (see the
    module's docstring)."""
    if not (index.has_field(NAME_FORMS_FIELD) and index.has_field(SPELLING_FIELD)):
        return None  # an index without name forms: the stem
    printed = index.doc_frequency(SPELLING_FIELD, word.word)
    if printed > WORD_SHARE * index.doc_frequency(SPELLED_FIELD, word.text):
        return None  # most of its stem's articles print the word: nothing to part
    forms = [word.word, *other_numbers(word.word)]
    written = tuple(form for form in forms if index.doc_frequency(NAME_FORMS_FIELD, form))
    capitalized = index.doc_frequency(NAME_FORMS_FIELD, word.word)
    asked = word.capitalized and not word.title_case  # typed as a name
    if capitalized and capitalized >= NAME_SHARE * printed:
        # typed in lowercase on fewer articles' evidence: the name first, the stem kept
        return NameReading(written, only=asked or printed >= MIN_ARTICLES)
    if not word.capitalized:
        return None
    if not written and not any(index.doc_frequency(SPELLING_FIELD, form) for form in forms):
        return NameReading((), only=True)  # a name no article prints
    return NameReading(written, only=False) if written and asked else None
