"""Result sets as sorted numpy arrays, and their algebra: AND, OR and NOT are intersections,
unions and differences of sorted document numbers, with the scores carried along (summed
where clauses meet). Phrases check word order on (document, position) keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newsarchive.search import postings


@dataclass
class Matches:
    """Matching doc numbers (sorted, unique) and a score per doc."""

    docs: np.ndarray  # int64
    scores: np.ndarray  # float32, same length
    # the scores re-scored for a relevance order (search.ranking), set once when first asked
    ranked: np.ndarray | None = field(default=None, repr=False, compare=False)

    @classmethod
    def empty(cls) -> Matches:
        return cls(postings.EMPTY_IDS, postings.EMPTY_WEIGHTS)


def union(parts: list[Matches]) -> Matches:
    """Docs in any part, scores summed (in part order, in float64, as one bincount)."""
    parts = [p for p in parts if len(p.docs)]
    if not parts:
        return Matches.empty()
    if len(parts) == 1:
        return parts[0]
    size = max(int(p.docs[-1]) for p in parts) + 1
    total = sum(len(p.docs) for p in parts)
    if total * 4 < size:  # few postings in a large archive: sort them
        docs = np.concatenate([p.docs for p in parts])
        scores = np.concatenate([p.scores for p in parts])
        unique, inverse = np.unique(docs, return_inverse=True)
        summed = np.bincount(inverse, weights=scores, minlength=len(unique))
        return Matches(unique, summed.astype(np.float32))
    # many postings (broad words, expansions): one slot per doc number, no sort
    present = np.zeros(size, dtype=bool)
    summed = np.zeros(size, dtype=np.float64)
    for part in parts:  # doc numbers are unique within a part, so += adds each once
        present[part.docs] = True
        summed[part.docs] += part.scores
    unique = np.flatnonzero(present)
    return Matches(unique, summed[unique].astype(np.float32))


def found_in(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sorted unique arrays: each needle's slot in haystack, and whether it is there.

    A binary search per needle: cheaper than numpy's sort-based set operations when one side
    is a broad word's 100k+ documents.
    """
    slots = np.searchsorted(haystack, needles)
    if not len(haystack):
        return slots, np.zeros(len(needles), dtype=bool)
    np.minimum(slots, len(haystack) - 1, out=slots)
    return slots, haystack[slots] == needles


def intersect(a: Matches, b: Matches) -> Matches:
    if len(a.docs) <= len(b.docs):
        slots, found = found_in(b.docs, a.docs)
        return Matches(a.docs[found], a.scores[found] + b.scores[slots[found]])
    slots, found = found_in(a.docs, b.docs)
    return Matches(b.docs[found], a.scores[slots[found]] + b.scores[found])


def subtract(a: Matches, docs: np.ndarray) -> Matches:
    if not len(docs) or not len(a.docs):
        return a
    keep = ~found_in(docs, a.docs)[1]
    return Matches(a.docs[keep], a.scores[keep])


def restrict(a: Matches, docs: np.ndarray) -> Matches:
    keep = found_in(docs, a.docs)[1]
    return Matches(a.docs[keep], a.scores[keep])


def phrase_keys(words: list[np.ndarray], slop: int) -> np.ndarray:
    """Keys (doc, position) of the last word where each word follows the previous one.

    `words` holds each phrase word's sorted keys (see postings.term_position_keys). Exact
    phrases (slop 1): the next word right after. Otherwise the next word at most `slop`
    positions after some match of the previous one, in the same document.
    """
    current = words[0]
    for following in words[1:]:
        if not len(current):
            break
        if slop == 1:
            current = np.intersect1d(current + 1, following, assume_unique=True)
            continue
        before = np.searchsorted(current, following, side="left") - 1  # nearest earlier
        ok = before >= 0
        nearest = current[np.maximum(before, 0)]
        ok &= (following - nearest <= slop)
        ok &= (following >> postings.POSITION_BITS) == (nearest >> postings.POSITION_BITS)
        current = following[ok]
    return current
