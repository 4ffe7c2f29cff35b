"""Re-scoring a relevance-ordered result: words typed side by side, then pseudo-relevance
feedback.

Words typed side by side (``query.word_runs``: "Bank of England", no operator, field or quote
between them) are a name more often than not: the articles holding every adjacent pair of
them in a field (the pair fields of ``search.schema``) get PHRASE_WEIGHT times the pairs' idf
more (``with_proximity``). Measured with ``bench/relevance.py --names`` (multi-word names of
Reuters codes typed as plain words; half a tuned on), MAP@100 / P@10 0.563 / 0.711 -> 0.578 /
0.729 on half a and 0.598 / 0.763 -> 0.603 / 0.767 on half b at 0.5; at 1.0 0.579 / 0.725 and
0.598 / 0.756, at 2.0 0.573 / 0.721 and 0.589 / 0.726 (a name's words in a title outweigh
it). One-word queries have no pairs and keep their order.

A query of one or two words says little about what its best articles are about: "lead"
finds the metal and "leading indicators", "interest" finds rates and stakes. The articles
that score best mostly share the topic the user meant, and the words they have in common
say more about it. So, once per result set:

1. take the FEEDBACK_DOCS best-scoring matches (their stored title and the start of their
   body, analyzed as the index analyzes them);
2. weigh each word found in at least MIN_FEEDBACK_DOCS of them by its saturated frequency
   there (BM25's tf part) times its idf, leaving out the query's own words, stop words,
   numbers and words in more than MAX_WORD_SHARE of the archive; keep the
   EXPANSION_WORDS heaviest (reading at most EXPANSION_POSTINGS postings);
3. add to every match's score EXPANSION_WEIGHT times the BM25 score of those words (title
   and body, as the query's own words are scored), each scaled by its weight relative to
   the heaviest.

Only the order changes: the expansion words are scored over the documents that already
match, so the result set, its count, facets and histogram are those of the query (the
RM3 idea as re-scoring, without adding matches). An empty or facet-only query has no
words to feed back and keeps its scores.

Measured with bench/relevance.py (Reuters-21578 topic codes as one-word queries; half a
tuned on, half b held out), MAP@100 / P@10: feedback alone 0.583 / 0.716 -> 0.614 / 0.735
on half a, 0.571 / 0.668 -> 0.598 / 0.726 on half b; with body B 0.3 (search.matching) and
title boost 1 (search.query) 0.650 / 0.774 and 0.620 / 0.735. On half a, FEEDBACK_DOCS 5 /
6 / 7 / 8 / 10 gave MAP 0.633 / 0.637 / 0.647 / 0.649 / 0.641; 5 to 15 EXPANSION_WORDS and
EXPANSION_WEIGHT 0.3 to 0.5 are within 0.01 of each other, 0.7 is lower.

Tried on half a against 0.651 / 0.777 and not kept (the best within +0.007 MAP and one
more relevant article over all top 10s: noise): a query word among the body's first 15-60
words (0.632-0.650 / 0.748-0.774; a lead sentence repeats the title, already scored);
feedback articles weighted by their score, title words of the feedback counted more, two
rounds, distinct titles only, a stronger idf or one within the result (0.620-0.650 /
0.752-0.774); country, org and person values shared by the feedback articles (0.650-0.656 /
0.768-0.777); body_pairs word pairs, a cosine to the feedback centroid (0.639-0.653 /
0.768-0.781); normalized, multiplied, concave or rank-fused feedback scores (0.635-0.658 /
0.742-0.781); one saturation over title and body (true BM25F: 0.619-0.645 / 0.710-0.761);
K1 0.9-3; MAX_WORD_SHARE 0.1-0.5, FEEDBACK_CHARS 400-20,000, MIN_FEEDBACK_DOCS 3. A
leave-one-query-out linear fit of the title, body and feedback scores, feedback-word
coverage, lead and length kept the weights above. Half of the top-10 misses (32 of 63 on
half a, 44 of 75 on b) are articles with no Reuters topic at all, often market reports on
the very commodity (bench/relevance.py prints the count).

Also tried and not kept (issue 13; MAP@100 / P@10 on a, then b, against 0.651 / 0.777 and
0.624 / 0.735, all 0.594 / 0.730): expansion words from the feedback titles only (0.635 /
0.765, 0.605 / 0.739); feedback articles weighted 1/rank (0.640 / 0.768, 0.614 / 0.729);
feedback articles within 0.5-0.8 of the best score (0.648-0.650 / 0.774-0.777, 0.618-0.621 /
0.732-0.735); near-duplicate feedback articles (word Jaccard over 0.5-0.85) counted once
(0.652-0.655 / 0.765-0.771, 0.623-0.624 / 0.739-0.742); EXPANSION_WEIGHT scaled down for an
incoherent feedback set (0.647-0.651 / 0.771-0.777, 0.621-0.624 / 0.735-0.739); expansion
words in 30-50% of the feedback (0.638-0.642 / 0.765-0.768, 0.622-0.625 / 0.748-0.761);
RM3's tf / length weights (0.638 / 0.771, 0.614 / 0.745); expansion applied to the top
20-50 only (0.621-0.629 / 0.765-0.771, 0.602-0.612 / 0.742-0.748); title K1 0.3-0.6 (0.637-
0.647 / 0.742-0.758, 0.630-0.633 / 0.735-0.748); body K1 1.6-2 (0.647 / 0.765, 0.626-0.634 /
0.735-0.752); title B 0.3-0.5 (0.645 / 0.761, 0.628-0.632 / 0.742-0.752); BM25+ delta 0.25-1
(0.645-0.648 / 0.765-0.771, 0.620-0.623 / 0.735-0.745); log tf (0.625 / 0.729, 0.612 /
0.739); a body-length prior, times 1 + c log(1 + length / average) for c -0.1 to 0.2 or added
(0.644-0.651 / 0.765-0.774, 0.617-0.624 / 0.726-0.742); repeated titles in the top 20 scaled
by 0.7-0.9 (0.652-0.653 / 0.777, 0.622 / 0.732); the typed form in the stored title or body
("lead", not "leading"; 0.641-0.655 / 0.758-0.777, 0.620-0.628 / 0.732-0.748); fusion with
plain BM25 (title 2, B 0.75) by normalized score or reciprocal rank (0.636-0.649 / 0.761-
0.774, 0.620-0.630 / 0.732-0.748). A Dirichlet query likelihood (mu 300-2500) added to the
typed words' body BM25 helps b and all (0.627-0.638 / 0.735-0.761, 0.603-0.611 / 0.730-0.741)
but not a (0.646-0.650 / 0.758-0.771), and costs --names (a 0.595 / 0.736 -> 0.588-0.590 /
0.725-0.732, b 0.628 / 0.785 -> 0.619-0.627 / 0.767-0.781) and related articles (0.625 /
0.657 / 0.695 -> 0.608-0.613 / 0.632-0.644 / 0.683-0.693); the share of numbers in the body
as a prior (times 1 - c share, c 0.25-1.5; from the stored text, not indexed) likewise: a
0.651-0.653 / 0.768-0.777, b 0.625-0.637 / 0.735-0.748, all 0.594-0.601 / 0.730-0.735. In
none of these did a's P@10 rise above 0.777: its misses left are mostly articles of another
topic (gas: natural gas, nat-gas; yen: the dollar, money-fx) or none (LME lead reports).

Cost (200,000 articles): 2-5 ms per result set, paid once, when a page of it is first
ordered by relevance: 8 stored articles, their words (their index forms and doc
frequencies cached per reader) and the postings of 5 words, which the term cache keeps.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable

import numpy as np

from newsarchive.search.matches import found_in
from newsarchive.search.matching import K1, QueryMatcher, field_b
from newsarchive.search.query import FIELD_BOOSTS
from newsarchive.search.schema import PAIR_FIELDS, PAIR_SEPARATOR, is_stop_term

PHRASE_WEIGHT = 0.5  # words typed side by side, and so in an article: their pairs' idf more
NAME_WEIGHT = 1.0  # a typed word in one of an article's names: its idf as a name more
NAME_MAX_VALUES = 100  # a word of more names than this (Bank, Inc) names no one: no bonus
# a word typed in lowercase asks for a name only when at least this share of the articles
# printing it name someone with it ("bush", not "jobs" nor "rice")
NAME_SHARE = 0.5
FEEDBACK_DOCS = 8  # best matches read for feedback
MIN_FEEDBACK_DOCS = 2  # an expansion word is in at least this many of them (not one's quirk)
EXPANSION_WORDS = 5  # words added to the score
# each expansion word's BM25 counts at most this much of one query word's
EXPANSION_WEIGHT = 0.4
# words in more of the archive than this say little and have the longest postings
MAX_WORD_SHARE = 0.2
# postings read for the expansion words (uncached, about 0.15 µs each): a word that would
# go over is skipped
EXPANSION_POSTINGS = 100_000
FEEDBACK_CHARS = 3000  # of each feedback article's body analyzed (bounds the cost per article)
# a text's words of two letters or more (numbers, one-letter words: never expansion words),
# each then analyzed as the index analyzes it
WORD = re.compile(r"\b[^\W\d_]{2,}\b")


def top_docs(docs: np.ndarray, scores: np.ndarray, dates: np.ndarray, count: int
             ) -> np.ndarray:
    """The `count` best docs by score, best first, ties newest first (as
    ArchiveReader.ordered)."""
    pool = np.arange(len(docs))
    if count < len(docs):
        pool = np.argpartition(-scores, count - 1)[:count]
    order = pool[np.lexsort((docs[pool], -dates[docs[pool]].astype(np.float64),
                             -scores[pool].astype(np.float64)))]
    return docs[order]


def index_words(matcher: QueryMatcher, texts: list[str]) -> list[Counter[str]]:
    """Each text's body index words with their counts (WORD's words as the body's analyzer
    indexes them; words it drops left out)."""
    surfaces = [Counter(WORD.findall(text.lower())) for text in texts]
    stems = matcher.index_words("body", [word for counts in surfaces for word in counts])
    out: list[Counter[str]] = []
    for counts in surfaces:
        stemmed: Counter[str] = Counter()
        for word, count in counts.items():
            stem = stems.get(word)
            if stem is not None:
                stemmed[stem] += count
        out.append(stemmed)
    return out


def expansion_words(matcher: QueryMatcher, texts: list[str], query_words: set[str]
                    ) -> list[tuple[str, float]]:
    """(word, weight) of the best expansion words of the feedback articles' texts."""
    b = field_b("body")
    average = matcher.average_length("body")
    weights: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for counts in index_words(matcher, texts):
        norm = K1 * ((1 - b) + b * sum(counts.values()) / average)
        for word, tf in counts.items():
            if word in query_words or not word.isalpha() or is_stop_term(word):
                continue
            present[word] += 1
            weights[word] += tf * (K1 + 1) / (tf + norm)
    candidates = sorted(((weight, word) for word, weight in weights.items()
                         if present[word] >= MIN_FEEDBACK_DOCS), reverse=True)
    count = matcher.doc_count
    most = MAX_WORD_SHARE * count
    highest_idf = math.log(count / 2) + 1.0  # of a word in one article
    scored: list[tuple[float, str, int]] = []
    best: list[float] = []  # the EXPANSION_WORDS highest products so far (a min-heap)
    for weight, word in candidates:
        if len(best) == EXPANSION_WORDS and weight * highest_idf <= best[0]:
            break  # no lighter word can make the list: spare their lookups
        frequency = matcher.doc_frequency("body", word)
        if 0 < frequency <= most:
            product = weight * (math.log(count / (frequency + 1)) + 1.0)
            scored.append((product, word, frequency))
            if len(best) < EXPANSION_WORDS:
                heapq.heappush(best, product)
            else:
                heapq.heappushpop(best, product)
    chosen: list[tuple[str, float]] = []
    budget = EXPANSION_POSTINGS
    for weight, word, frequency in sorted(scored, reverse=True):
        if len(chosen) == EXPANSION_WORDS:
            break
        if frequency <= budget:
            budget -= frequency
            chosen.append((word, weight))
    return chosen


def with_proximity(matcher: QueryMatcher, docs: np.ndarray, scores: np.ndarray,
                   runs: list[str]) -> np.ndarray:
    """The scores of `docs` (sorted doc numbers) plus, for each run of words typed side by
    side (query.word_runs), PHRASE_WEIGHT times the summed idf of its word pairs in each
    field (title, body) that holds every one of those pairs as adjacent words
    (schema.PAIR_FIELDS): the run as a phrase, as Lucene's phrase fields (pf) boost it.

    `Bank of England` finds the Bank of New England too; the articles that write "Bank of"
    and "of England" score higher. A pair of two stop words says nothing and is left out.
    """
    scores = scores.astype(np.float64)
    if not runs or not len(docs):
        return scores
    analyzer = matcher.searcher.schema["body"].analyzer
    extra = np.zeros(len(docs))
    for run in runs:
        words = [token.text for token in analyzer(run)]
        pairs = [f"{first}{PAIR_SEPARATOR}{second}" for first, second
                 in dict.fromkeys(zip(words[:-1], words[1:], strict=True))
                 if not (is_stop_term(first) and is_stop_term(second))]
        for field, boost in FIELD_BOOSTS.items():
            holding = np.ones(len(docs), dtype=bool)
            summed = np.zeros(len(docs))
            for pair in pairs:
                found = matcher.score_term(PAIR_FIELDS[field], matcher.btext(
                    PAIR_FIELDS[field], pair) or b"", boost)
                slots, hit = found_in(docs, found.docs)
                here = np.zeros(len(docs), dtype=bool)
                here[slots[hit]] = True
                summed[slots[hit]] += found.scores[hit]
                holding &= here
            if pairs:
                extra += np.where(holding, summed, 0.0)
    return scores + PHRASE_WEIGHT * extra


def with_names(docs: np.ndarray, scores: np.ndarray, named: list[np.ndarray],
               doc_count: int) -> np.ndarray:
    """The scores of `docs` (sorted doc numbers) plus, per typed word, NAME_WEIGHT times its
    idf as a name for the articles that name someone or something with it (`named`: per
    word, the sorted docs one of whose people, countries or organizations holds it).

    The stemmer makes one index word of "Davies" and "Davis", "Harris" and "Harry", "Gates"
    and "gate", "Hollande" and "Holland": a search for the person found both alike. The
    articles that name the person rank first, the others still match. On the dev archive
    (106 person words sharing a stem with another word, typed as names;
    /work/notes/s31/conflate.py), 0.289 -> 0.374 of the top 10 write the name as typed;
    bench/relevance.py --names (multi-word names of Reuters codes) MAP@100 / P@10 0.578 /
    0.729 -> 0.595 / 0.736 on half a, 0.603 / 0.767 -> 0.628 / 0.785 on half b; one-word
    topic queries unchanged (0.651 / 0.777, 0.624 -> 0.625 / 0.735).
    """
    scores = scores.astype(np.float64)
    for holding in named:
        if not len(holding) or not len(docs):
            continue
        idf = math.log(doc_count / (len(holding) + 1)) + 1.0
        slots, hit = found_in(docs, holding)
        scores[slots[hit]] += NAME_WEIGHT * idf
    return scores


def with_feedback(matcher: QueryMatcher, docs: np.ndarray, scores: np.ndarray,
                  query_words: set[str], text_of: Callable[[int], tuple[str, str]]
                  ) -> np.ndarray:
    """The scores of `docs` (sorted doc numbers) plus the feedback score (module docstring).

    query_words: the query's own index words (left out of the expansion); none (an empty
    or facet-only query) means nothing to feed back. text_of(doc) gives an article's
    stored (title, body).
    """
    scores = scores.astype(np.float64)
    if not query_words or len(docs) < 2 or not scores.max() > 0:
        return scores
    feedback = top_docs(docs, scores, matcher.dates, FEEDBACK_DOCS)
    texts = []
    for doc in feedback.tolist():
        title, body = text_of(doc)
        texts.append(f"{title}\n{body[:FEEDBACK_CHARS]}")
    chosen = expansion_words(matcher, texts, query_words)
    if not chosen:
        return scores
    heaviest = chosen[0][1]
    extra = np.zeros(len(docs))
    for word, weight in chosen:
        for field, boost in FIELD_BOOSTS.items():
            btext = matcher.btext(field, word)
            if btext is None:
                continue
            found = matcher.score_term(field, btext, boost * weight / heaviest)
            slots, hit = found_in(docs, found.docs)
            extra[slots[hit]] += found.scores[hit]
    return scores + EXPANSION_WEIGHT * extra
