"""Did-you-mean: replace rare query words by frequent near spellings from the archive's text.

Candidates come from the body's spelling words (unstemmed, as written), within one edit
(two for longer words) and sharing the first letter, ranked by edit distance and then by how
many articles use them. A word is only replaced when the candidate is far more common
(SUGGEST_RATIO), and the engine only offers the suggestion when it finds more articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.reading import IndexReader

SPELL_FIELDS = ("spell_body", "body")  # Whoosh keeps unstemmed words in spell_<field>
RARE = 3  # a word in fewer articles than this may be misspelt
SUGGEST_RATIO = 10  # the replacement must be in at least this many times more articles
MAX_CANDIDATES = 200
# words a user types that are syntax, not text: operators and field prefixes
_SYNTAX = {"and", "or", "not", "to"}
_WORD = re.compile(r'(?<![\w:~*^"\-])([A-Za-z][A-Za-z\']{2,})(?![\w:*~])')


def _spell_field(reader: IndexReader) -> str | None:
    names = set(reader.indexed_field_names())
    return next((name for name in SPELL_FIELDS if name in names), None)


def _damerau(a: str, b: str) -> int:
    """Edit distance with transpositions (short words only, so plain DP is fine)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def best_replacement(reader: IndexReader, word: str) -> str | None:
    """The most likely intended word for a rare `word`, or None if it looks fine."""
    field = _spell_field(reader)
    if field is None:
        return None
    folded = word.lower()
    frequency = reader.doc_frequency(field, folded)
    if frequency >= RARE:
        return None
    maxdist = 2 if len(folded) >= 6 else 1
    best: tuple[int, int, str] | None = None
    for number, candidate in enumerate(reader.terms_within(field, folded, maxdist, prefix=1)):
        if number >= MAX_CANDIDATES:
            break
        if candidate == folded:
            continue
        count = reader.doc_frequency(field, candidate)
        if count < SUGGEST_RATIO * (frequency + 1):
            continue
        key = (_damerau(folded, candidate), -count, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def suggest(text: str, reader: IndexReader,
            count_hits: Callable[[str], int], hits_now: int) -> str | None:
    """A corrected query string with clearly more hits than `hits_now`, else None."""
    replaced = False

    def fix(match: re.Match[str]) -> str:
        nonlocal replaced
        word = match.group(1)
        if word.lower() in _SYNTAX:
            return word
        better = best_replacement(reader, word)
        if better is None:
            return word
        replaced = True
        return better.upper() if word.isupper() else better

    corrected = _WORD.sub(fix, text)
    if not replaced or corrected == text:
        return None
    try:
        found = count_hits(corrected)
    except ValueError:
        return None
    return corrected if found > max(hits_now * 2, hits_now + 2) else None
