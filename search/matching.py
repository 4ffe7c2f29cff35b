"""Evaluate a Whoosh query tree with numpy: the matching documents and their BM25F scores.

Whoosh collects matches one document at a time in Python, which takes tens of
milliseconds for a word that a third of a 200k archive contains. Here every term's
postings are read once into arrays (and cached per reader, i.e. per index generation),
and AND / OR / NOT become sorted-array intersections, unions and differences. Phrases are
checked on arrays of (document, position) keys, exact two-word phrases as one term of
a pair field (see search.schema); query types without an array form (spans,
sequences) are handed to Whoosh's own matcher, restricted to the documents that hold all
their words, so results are always those of the query.

Scores follow Whoosh's BM25F (B=0.75, K1=1.2) with each term's boost (the parser puts the
title at twice the body), summed over the matching clauses.

Every evaluation runs under a Budget: the CPU time its thread may spend, checked inside
each loop whose length the user controls (wildcard and range expansions, phrase positions,
Whoosh's own matcher). A query over budget stops there with QueryTooExpensive, a QueryError
that says what was too expensive and what to try; the web answers it with a 400. A query
within budget gets its exact result.
"""

from __future__ import annotations

import math
import os
import re
import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from threading import Lock

import numpy as np
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.times import datetime_to_long

from search import postings
from search.query import FacetWords, QueryTooExpensive, ServerBusy
from search.schema import PAIR_FIELDS, PAIR_SEPARATOR, is_stop_term

B, K1 = 0.75, 1.2
# terms a prefix / wildcard / fuzzy word may expand to (at 4096, *a* took 5 s at 200k)
MAX_EXPANSIONS = 1024
EXPANSION_CACHE_SIZE = 256  # recent word*, *word, word~ and [a TO b] expansions per reader
TERM_CACHE_POSTINGS = 8_000_000  # about 96 MB of cached postings per reader, LRU beyond


def _env_seconds(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


# CPU seconds one search may spend matching (the request's thread only, so other load on
# the machine hardly changes which queries pass), and the wall-clock seconds it may take
# (a busy server); an operator may set NEWSARCHIVE_QUERY_SECONDS / _QUERY_WALL_SECONDS
QUERY_SECONDS = _env_seconds("NEWSARCHIVE_QUERY_SECONDS", 1.0)
QUERY_WALL_SECONDS = _env_seconds("NEWSARCHIVE_QUERY_WALL_SECONDS", 1.5)
FALLBACK_CHECK_EVERY = 1024  # documents between two budget checks in Whoosh's matcher


class Budget:
    """What one search may spend; `check` raises QueryTooExpensive once it is spent.

    Two limits: CPU time of the calling thread (the query's own cost: whether a query is
    accepted hardly depends on what else the machine does), and wall-clock time (on a busy
    server a query waits for the CPU; it should still answer within about 2 s).
    Defaults: QUERY_SECONDS and QUERY_WALL_SECONDS.
    """

    def __init__(self, seconds: float | None = None, wall_seconds: float | None = None) -> None:
        self.seconds = QUERY_SECONDS if seconds is None else seconds
        self.wall_seconds = QUERY_WALL_SECONDS if wall_seconds is None else wall_seconds
        self._limit = time.thread_time() + self.seconds
        self._wall_limit = time.perf_counter() + self.wall_seconds

    def check(self, what: str = "its words are found in too many articles",
              advice: str = "fewer or more specific words, or a filter") -> None:
        if time.thread_time() >= self._limit:
            raise QueryTooExpensive(
                f"this query is too expensive: {what}, which needs more than "
                f"{self.seconds:g} s of work. Try {advice}."
            )
        if time.perf_counter() >= self._wall_limit:
            raise ServerBusy(
                f"the server is busy and could not finish this query in {self.wall_seconds:g} s "
                f"({what}). Try again in a moment, or {advice}."
            )


def set_default_budget(seconds: float, wall_seconds: float) -> None:
    """The limits of every Budget made without arguments from now on in this process (the
    command line allows more than a server: its one user asked for that query)."""
    global QUERY_SECONDS, QUERY_WALL_SECONDS
    QUERY_SECONDS, QUERY_WALL_SECONDS = seconds, wall_seconds


_BUDGET: ContextVar[Budget | None] = ContextVar("newsarchive_budget", default=None)


def _check(what: str = "its words are found in too many articles",
           advice: str = "fewer or more specific words, or a filter") -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.check(what, advice)


def _label(q: wq.Query, limit: int = 60) -> str:
    """How the user typed a node, roughly, for messages ('s*', '"said said"', '[a TO z]')."""
    if isinstance(q, wq.Prefix):
        text = f"{q.text}*"
    elif isinstance(q, wq.FuzzyTerm):
        text = f"{q.text}~{q.maxdist}"
    elif isinstance(q, wq.TermRange):
        text = f"[{q.start or ''} TO {q.end or ''}]"
    elif isinstance(q, wq.Phrase):
        text = '"' + " ".join(str(w) for w in q.words) + '"'
    else:
        text = str(getattr(q, "text", q))
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


@dataclass
class Matches:
    """Matching doc numbers (sorted, unique) and a score per doc."""

    docs: np.ndarray  # int64
    scores: np.ndarray  # float32, same length

    @classmethod
    def empty(cls) -> Matches:
        return cls(postings.EMPTY_IDS, postings.EMPTY_WEIGHTS)


def _union(parts: list[Matches]) -> Matches:
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


def _found_in(haystack: np.ndarray, needles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For sorted unique arrays: each needle's slot in haystack, and whether it is there.

    A binary search per needle: cheaper than numpy's sort-based set operations when one side
    is a broad word's 100k+ documents.
    """
    slots = np.searchsorted(haystack, needles)
    if not len(haystack):
        return slots, np.zeros(len(needles), dtype=bool)
    np.minimum(slots, len(haystack) - 1, out=slots)
    return slots, haystack[slots] == needles


def _intersect(a: Matches, b: Matches) -> Matches:
    if len(a.docs) <= len(b.docs):
        slots, found = _found_in(b.docs, a.docs)
        return Matches(a.docs[found], a.scores[found] + b.scores[slots[found]])
    slots, found = _found_in(a.docs, b.docs)
    return Matches(b.docs[found], a.scores[slots[found]] + b.scores[found])


def _subtract(a: Matches, docs: np.ndarray) -> Matches:
    if not len(docs) or not len(a.docs):
        return a
    keep = ~_found_in(docs, a.docs)[1]
    return Matches(a.docs[keep], a.scores[keep])


def _restrict(a: Matches, docs: np.ndarray) -> Matches:
    keep = _found_in(docs, a.docs)[1]
    return Matches(a.docs[keep], a.scores[keep])


def _phrase_keys(words: list[np.ndarray], slop: int) -> np.ndarray:
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


class _Lexicon:
    """A field's words, listed once; a listing stopped by the budget resumes where it was."""

    def __init__(self, reader: IndexReader, field: str) -> None:
        self.words: list[bytes] = []
        self.done = field not in reader.indexed_field_names()
        self._source = iter(() if self.done else reader.lexicon(field))
        self._lock = Lock()

    def complete(self, check: Callable[[], None]) -> list[bytes]:
        with self._lock:  # one thread lists, the others wait for it
            for btext in self._source:
                self.words.append(btext)
                if len(self.words) % 4096 == 0:
                    check()
            self.done = True
        return self.words


class QueryMatcher:
    """Per-reader evaluator; its term cache lives as long as the reader (one generation)."""

    def __init__(self, searcher: Searcher, live: np.ndarray, dates: np.ndarray) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.live = live
        self.live_docs = np.nonzero(live)[0].astype(np.int64)
        self.dates = dates  # Whoosh DATETIME longs, 0 = none
        self.doc_count = max(1, int(live.sum()))
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._terms: OrderedDict[tuple[str, bytes], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._cached_postings = 0
        self._expansions: OrderedDict[tuple[str, ...], list[bytes]] = OrderedDict()
        self._lexicons: dict[str, _Lexicon] = {}
        self._fields = dict(searcher.schema.items())
        # field -> a function giving a term's docs without reading its postings (the
        # reader's facet tables); only for unscored fields, whose weights are not used
        self.doc_sources: dict[str, Callable[[bytes], np.ndarray]] = {}
        # field -> a function giving the docs of the values holding some words (FacetWords)
        self.word_sources: dict[str, Callable[[str], np.ndarray]] = {}
        self._lock = Lock()

    def add_doc_source(self, field: str, source: Callable[[bytes], np.ndarray],
                       word_source: Callable[[str], np.ndarray] | None = None) -> None:
        """Read the docs of `field`'s terms from `source` (if the field is not scored), and
        those of FacetWords from `word_source`."""
        field_obj = self._fields.get(field)
        if field_obj is not None and not field_obj.scorable:
            self.doc_sources[field] = source
            if word_source is not None:
                self.word_sources[field] = word_source

    def prepare(self) -> None:
        """Read the scored text fields' document lengths (BM25 needs them for every query)."""
        for name, field in self._fields.items():
            if field.scorable and name in self.reader.indexed_field_names():
                self._field_lengths(name)

    # -- building blocks -------------------------------------------------------------------
    def _field_lengths(self, field: str) -> tuple[np.ndarray, float]:
        if field not in self._lengths:
            lengths = postings.field_lengths(self.searcher, field)
            total = float(lengths[self.live].sum()) if len(lengths) else 0.0
            self._lengths[field] = (lengths, max(total / self.doc_count, 1.0))
        return self._lengths[field]

    def term_docs(self, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Live doc numbers and frequencies of one term (cached per reader)."""
        key = (field, btext)
        with self._lock:
            cached = self._terms.get(key)
            if cached is not None:
                self._terms.move_to_end(key)
                return cached
        source = self.doc_sources.get(field)
        if source is not None:  # a presence-only field with its docs already in memory
            postings.count_path("terms.facet_table")
            docs = source(btext)
            weights = np.ones(len(docs), dtype=np.float32)
        else:
            docs, weights = postings.term_postings(self.searcher, field, btext)
        if len(docs):
            keep = self.live[docs]
            if not keep.all():
                docs, weights = docs[keep], weights[keep]
        with self._lock:
            if key not in self._terms:
                self._terms[key] = (docs, weights)
                self._cached_postings += len(docs)
            while self._cached_postings > TERM_CACHE_POSTINGS and len(self._terms) > 1:
                _key, (old, _weights) = self._terms.popitem(last=False)
                self._cached_postings -= len(old)
        return docs, weights

    def _score_term(self, field: str, btext: bytes, boost: float) -> Matches:
        docs, weights = self.term_docs(field, btext)
        if not len(docs):
            return Matches.empty()
        field_obj = self._fields.get(field)
        idf = math.log(self.doc_count / (len(docs) + 1)) + 1.0
        if field_obj is None or not field_obj.scorable:  # facets, ids: a match is a match
            return Matches(docs, np.full(len(docs), idf * boost, dtype=np.float32))
        lengths, average = self._field_lengths(field)
        norm = K1 * ((1 - B) + B * lengths[docs] / average)
        scores = (idf * boost) * weights * (K1 + 1) / (weights + norm)
        return Matches(docs, scores.astype(np.float32))

    def _btext(self, field: str, text: object) -> bytes | None:
        if isinstance(text, bytes):
            return text
        if field not in self.searcher.schema:
            return None
        return self.searcher.schema[field].to_bytes(text)

    # -- the evaluator ---------------------------------------------------------------------
    def evaluate(self, q: wq.Query, budget: Budget | None = None) -> Matches:
        """All live documents matching q, with scores; QueryTooExpensive past the budget.

        budget=None gives a fresh Budget of QUERY_SECONDS.
        """
        token = _BUDGET.set(budget if budget is not None else Budget())
        try:
            return self._evaluate(q)
        finally:
            _BUDGET.reset(token)

    def _evaluate(self, q: wq.Query) -> Matches:
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return Matches.empty()
        boost = float(getattr(q, "boost", 1.0) or 1.0)
        if isinstance(q, wq.Every):
            return Matches(self.live_docs, np.zeros(len(self.live_docs), dtype=np.float32))
        if type(q) is wq.Term:  # reading postings is the cost; the rest is array arithmetic
            _check()
            btext = self._btext(q.fieldname, q.text)
            return Matches.empty() if btext is None else self._score_term(q.fieldname, btext,
                                                                         boost)
        if isinstance(q, FacetWords):
            return self._facet_words(q, boost)
        if type(q) is wq.And:
            return self._and(q.subqueries, boost)
        if type(q) is wq.Or:
            positives = [s for s in q.subqueries if not isinstance(s, wq.Not)]
            negatives = [s.query for s in q.subqueries if isinstance(s, wq.Not)]
            union = _union([self._evaluate(s) for s in positives])
            if negatives:  # "a OR NOT b": a, or anything without b
                without = self._not(negatives)
                union = _union([union, without])
            return self._boosted(union, boost)
        if isinstance(q, wq.Not):
            return self._not([q.query])
        if isinstance(q, wq.AndNot):
            return self._boosted(_subtract(self._evaluate(q.a), self._evaluate(q.b).docs), boost)
        if isinstance(q, wq.AndMaybe):
            required, optional = self._evaluate(q.a), self._evaluate(q.b)
            extra = _restrict(optional, required.docs)
            return self._boosted(_union([required, extra]), boost)
        if isinstance(q, wq.Require):
            return self._boosted(_restrict(self._evaluate(q.a), self._evaluate(q.b).docs), boost)
        if isinstance(q, wq.NumericRange) and q.fieldname == "date":  # DateRange too
            return self._date_range(q)
        if isinstance(q, wq.MultiTerm):
            return self._multi_term(q, boost)
        if type(q) is wq.Phrase:
            found = self._phrase(q, boost)
            if found is not None:
                return found
        return self._fallback(q)

    def _facet_words(self, q: FacetWords, boost: float) -> Matches:
        """person:Baker: every value holding the word; without a facet table, the value."""
        source = self.word_sources.get(q.fieldname)
        if source is None:
            return self._evaluate(wq.Term(q.fieldname, q.text, boost=boost))
        postings.count_path("facet.words")
        docs = source(q.text)
        docs = docs[self.live[docs]] if len(docs) else docs
        idf = math.log(self.doc_count / (len(docs) + 1)) + 1.0
        return Matches(docs, np.full(len(docs), idf * boost, dtype=np.float32))

    def _boosted(self, matches: Matches, boost: float) -> Matches:
        if boost == 1.0 or not len(matches.docs):
            return matches
        return Matches(matches.docs, matches.scores * np.float32(boost))

    def _and(self, subqueries: list[wq.Query], boost: float) -> Matches:
        positives = [s for s in subqueries if not isinstance(s, wq.Not)]
        negatives = [s.query for s in subqueries if isinstance(s, wq.Not)]
        if not positives:
            return self._boosted(self._not(negatives), boost)
        parts = sorted((self._evaluate(s) for s in positives), key=lambda m: len(m.docs))
        result = parts[0]
        for part in parts[1:]:
            if not len(result.docs):
                break
            result = _intersect(result, part)
        for negative in negatives:
            if not len(result.docs):
                break
            result = _subtract(result, self._evaluate(negative).docs)
        return self._boosted(result, boost)

    def _not(self, negatives: list[wq.Query]) -> Matches:
        excluded = _union([self._evaluate(n) for n in negatives]).docs
        docs = np.setdiff1d(self.live_docs, excluded, assume_unique=True)
        return Matches(docs, np.zeros(len(docs), dtype=np.float32))

    def _date_range(self, q: wq.Query) -> Matches:
        start, end = q.start, q.end
        lo = datetime_to_long(start) if isinstance(start, datetime) else (start or 1)
        hi = datetime_to_long(end) if isinstance(end, datetime) else end
        values = self.dates[self.live_docs]
        keep = values >= max(int(lo), 1)
        if hi is not None:
            keep &= values <= int(hi)
        docs = self.live_docs[keep]
        return Matches(docs, np.zeros(len(docs), dtype=np.float32))

    def expand(self, q: wq.MultiTerm) -> list[bytes]:
        """The first MAX_EXPANSIONS words of the field that q stands for (cached per reader).

        Finding them may scan the field's whole word list (*tion: a regex over every
        word); matching and highlighting share the answer.
        """
        key = (type(q).__name__, q.fieldname, *(str(getattr(q, name, None)) for name in (
            "text", "start", "end", "startexcl", "endexcl", "maxdist", "prefixlength")))
        with self._lock:
            cached = self._expansions.get(key)
            if cached is not None:
                self._expansions.move_to_end(key)
                return cached
        what = f"{_label(q)} stands for too many words"
        advice = "a longer prefix, fewer wildcards or a narrower range"
        found: list[bytes] = []
        for number, btext in enumerate(self._candidates(q)):
            if number % 1024 == 0:
                _check(what, advice)
            if btext is None:  # a word of the field that does not match the pattern
                continue
            if len(found) >= MAX_EXPANSIONS:
                break
            found.append(btext)
        with self._lock:
            self._expansions[key] = found
            if len(self._expansions) > EXPANSION_CACHE_SIZE:
                self._expansions.popitem(last=False)
        return found

    def lexicon(self, field: str) -> list[bytes]:
        """Every word of a field, sorted (listed once per reader, also by warm()).

        Whoosh lists a multi-segment lexicon at about 4 µs a word (0.3 s for the title and
        body of 200,000 articles): a pattern like *tion scans all of it. The listing runs
        under the query budget; an interrupted one resumes at the next call.
        """
        with self._lock:
            listing = self._lexicons.get(field)
            if listing is None:
                listing = self._lexicons[field] = _Lexicon(self.reader, field)
        return listing.words if listing.done else listing.complete(
            lambda: _check("listing the archive's words (needed once)", "again shortly"))

    def _candidates(self, q: wq.MultiTerm) -> Iterator[bytes | None]:
        """Words q stands for, in order; None for each word scanned that does not match
        (so the caller can check the budget during long scans)."""
        if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.fieldname in self.searcher.schema:
            field = self.searcher.schema[q.fieldname]
            if isinstance(q, wq.Prefix):
                prefix, pattern = q.text, None
            else:
                prefix, pattern = q._find_prefix(q.text), re.compile(q._get_pattern())
            start = field.to_bytes(prefix) if prefix else b""
            with self._lock:
                listing = self._lexicons.get(q.fieldname)
            if q.fieldname not in self.reader.indexed_field_names():
                return
            if start and (listing is None or not listing.done):
                # the words from the prefix on, found by the term index: no need to list
                # the field's whole word list (a third of a second at 200k articles)
                words: Iterable[bytes] = self.reader.expand_prefix(q.fieldname, start)
            else:
                listed = self.lexicon(q.fieldname)
                words = (listed[i] for i in range(bisect_left(listed, start), len(listed)))
            for btext in words:
                if not btext.startswith(start):
                    return
                yield btext if pattern is None or pattern.match(field.from_bytes(btext)) else None
            return
        yield from q._btexts(self.reader)  # ranges, near spellings: Whoosh seeks to them

    def _multi_term(self, q: wq.MultiTerm, boost: float) -> Matches:
        field = q.fieldname
        what = f"{_label(q)} stands for too many words found in many articles"
        advice = "a longer prefix, fewer wildcards or a narrower range"
        parts = []
        for btext in self.expand(q):
            _check(what, advice)
            parts.append(self._score_term(field, btext, boost))
        _check(what, advice)
        return _union(parts)

    def _phrase(self, q: wq.Phrase, boost: float) -> Matches | None:
        """Words in order, each at most `slop` positions after the previous one.

        An exact phrase of two words is one term of the field's pair field (schema
        PAIR_FIELDS): no positions at all. Otherwise positions are decoded once per distinct
        word, only for documents that hold every word (and, for exact phrases, every
        adjacent pair) and only from the posting blocks that contain such documents; the
        order check is array arithmetic on (doc, position) keys. Scored as the sum of its
        words' scores.
        """
        field = q.fieldname
        btexts = [self._btext(field, word) for word in q.words]
        if not btexts or any(b is None for b in btexts):
            return Matches.empty()
        what = f"the phrase {_label(q)} has words found in most articles"
        advice = "fewer common words in the phrase, or another word or a filter besides it"
        distinct = list(dict.fromkeys(btexts))  # "said said" decodes "said" once
        exact = max(1, int(q.slop)) == 1
        pairs = self._pair_docs(field, btexts) if exact and len(btexts) > 1 else None
        if pairs is not None and not len(pairs):
            return Matches.empty()
        scored = {b: self._score_term(field, b, boost) for b in distinct}
        candidates = scored[btexts[0]].docs if pairs is None else pairs
        for b in distinct[1:] if pairs is None else distinct:  # pairs: each word is there
            _check(what, advice)
            candidates = candidates[_found_in(scored[b].docs, candidates)[1]]
        if len(btexts) == 1 or (pairs is not None and len(btexts) == 2):
            postings.count_path("phrase.pairs" if len(btexts) == 2 else "phrase.word")
            return self._sum_scores(btexts, scored, candidates)
        if not len(candidates):
            return Matches.empty()
        keys: dict[bytes, np.ndarray] = {}
        for b in distinct:
            found = postings.term_position_keys(self.searcher, field, b, candidates,
                                                check=lambda: _check(what, advice))
            if found is None:
                return None
            keys[b] = found
        postings.count_path("phrase.positions")
        docs = np.unique(_phrase_keys([keys[b] for b in btexts], max(1, int(q.slop)))
                         >> postings.POSITION_BITS)
        return self._sum_scores(btexts, scored, docs)

    @staticmethod
    def _sum_scores(btexts: list[bytes], scored: dict[bytes, Matches], docs: np.ndarray
                    ) -> Matches:
        """The phrase's docs, each scored as the sum of its words' scores (as an AND of
        them would be; stop words, which unquoted words would drop, only if all are)."""
        words = [b for b in btexts if not is_stop_term(b.decode("utf-8"))] or btexts
        restricted = {b: _restrict(scored[b], docs).scores for b in dict.fromkeys(words)}
        scores = np.zeros(len(docs), dtype=np.float32)
        for b in words:  # summed word by word, as an AND of the words would
            scores = scores + restricted[b]
        return Matches(docs, scores)

    def _pair_docs(self, field: str, btexts: list[bytes]) -> np.ndarray | None:
        """Docs holding each adjacent pair of the words (schema.PAIR_FIELDS), or None when
        the index has no pair field for `field` (an index of an older schema version).

        For two words this is the exact phrase; for more it narrows the candidates whose
        positions are checked.
        """
        pair_field = PAIR_FIELDS.get(field)
        if pair_field is None or pair_field not in self.searcher.schema:
            return None
        found: np.ndarray | None = None
        for first, second in dict.fromkeys(zip(btexts[:-1], btexts[1:], strict=True)):
            _check()
            docs = self.term_docs(pair_field, first + PAIR_SEPARATOR.encode() + second)[0]
            found = docs if found is None else np.intersect1d(found, docs, assume_unique=True)
            if not len(found):
                break
        return found

    def _whoosh_matches(self, q: wq.Query, candidates: np.ndarray | None
                        ) -> tuple[list[int], list[float]]:
        """Doc numbers and scores from Whoosh's own matcher (among candidates, if given)."""
        ids: list[int] = []
        scores: list[float] = []
        matcher = q.matcher(self.searcher)
        what, advice = f"{_label(q)} matches too many documents", "more specific words"
        if candidates is None:
            while matcher.is_active():
                if len(ids) % FALLBACK_CHECK_EVERY == 0:
                    _check(what, advice)
                ids.append(matcher.id())
                scores.append(matcher.score())
                matcher.next()
        else:
            for number, doc in enumerate(candidates.tolist()):
                if number % FALLBACK_CHECK_EVERY == 0:
                    _check(what, advice)
                if not matcher.is_active():
                    break
                if matcher.id() < doc:
                    matcher.skip_to(doc)
                    if not matcher.is_active():
                        break
                if matcher.id() == doc:
                    ids.append(doc)
                    scores.append(matcher.score())
        return ids, scores

    def _fallback(self, q: wq.Query) -> Matches:
        """Whoosh's own matcher (phrases, spans...), only over docs that hold all its words."""
        postings.count_path(f"whoosh.{type(q).__name__}")
        candidates = None
        # every word is required only in positional queries (phrases, sequences, spans)
        positional = isinstance(q, (wq.Phrase, wq.Sequence, wq.Ordered))
        terms = [(f, t) for f, t in q.iter_all_terms() if f in self.searcher.schema.names()]
        for field, text in terms if positional else []:
            btext = self._btext(field, text)
            docs = self.term_docs(field, btext)[0] if btext is not None else postings.EMPTY_IDS
            candidates = docs if candidates is None else np.intersect1d(candidates, docs,
                                                                        assume_unique=True)
            if not len(candidates):
                return Matches.empty()
        with postings.READ_LOCK:  # Whoosh's matchers share each segment's file position
            ids, scores = self._whoosh_matches(q, candidates)
        docs = np.asarray(ids, dtype=np.int64)
        found = Matches(docs, np.asarray(scores, dtype=np.float32))
        return _restrict(found, self.live_docs) if len(docs) else found
