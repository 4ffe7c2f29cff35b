"""Evaluate a Whoosh query with numpy: the matching documents and their BM25F scores.

Whoosh collects matches one document at a time in Python, which takes tens of
milliseconds for a word that a third of a 200k archive contains. Here every term's
postings are read once into arrays (and cached per reader, i.e. per index generation), and
the query, compiled into plan nodes (search/plan.py), becomes sorted-array intersections,
unions and differences (search/matches.py). QueryMatcher holds what lives as long as the
reader: the term cache, field lengths, the live-document mask, the facet tables' documents.

Scores follow Whoosh's BM25F (K1=1.2; B=0.75, but 0.3 for the body: see FIELD_B) with each
term's boost (search.query.FIELD_BOOSTS).

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
from threading import Lock
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from newsarchive.search import postings
from newsarchive.search.matches import Matches
from newsarchive.search.plan import Context, compile_query, label
from newsarchive.search.query import QueryTooExpensive, ServerBusy
from newsarchive.search.schema import PAIR_FIELDS, PAIR_SEPARATOR

B, K1 = 0.75, 1.2
# B per field where it is not B. Full length normalization (0.75) ranks a short item that
# mentions a word once above a full story about it; TREC news runs use about 0.4 (Anserini's
# default). bench/relevance.py half a, MAP@100 / P@10: body B 0.75 -> 0.3 alone 0.583 / 0.716
# -> 0.598 / 0.729; with search.ranking's feedback and title boost 1, body B 0.5 / 0.3 / 0
# gave 0.636 / 0.752, 0.650 / 0.774, 0.647 / 0.768. 0.3 keeps some normalization for
# archives with very long articles (transcripts, roundups) that mention everything once.
FIELD_B = {"body": 0.3}
# terms a prefix / wildcard / fuzzy word may expand to (at 4096, *a* took 5 s at 200k)
MAX_EXPANSIONS = 1024
EXPANSION_CACHE_SIZE = 256  # recent word*, *word, word~ and [a TO b] expansions per reader
TERM_CACHE_POSTINGS = 8_000_000  # about 96 MB of cached postings per reader, LRU beyond
# words with their index form, and index words with their doc frequency, per reader
INDEX_WORD_CACHE_SIZE = 200_000


def field_b(field: str) -> float:
    """BM25's length normalization B for a field."""
    return FIELD_B.get(field, B)


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
        self._index_words: dict[str, dict[str, str | None]] = {}
        self._frequencies: dict[str, dict[str, int]] = {}
        self._fields = dict(searcher.schema.items())
        self._indexed_fields = frozenset(self.reader.indexed_field_names())
        # field -> a function giving a term's docs without reading its postings (the
        # reader's facet tables); only for unscored fields, whose weights are not used
        self.doc_sources: dict[str, Callable[[bytes], np.ndarray]] = {}
        # field -> a function giving the docs of the values holding some words (FacetWords)
        self.word_sources: dict[str, Callable[[str], np.ndarray]] = {}
        # per leaf reader, its segment's stored decoded postings (search.frequent) or None
        self.frequent: list[Any] | None = None
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

    def index_words(self, field: str, words: list[str]) -> dict[str, str]:
        """Each of some words (lowercase, one token each) as the field's analyzer indexes it;
        a word it drops (a stop list) is left out. Cached per reader (Whoosh's analyzer costs
        a few µs a token; an archive's texts keep using the same words)."""
        cache = self._index_words.setdefault(field, {})
        missing = [word for word in dict.fromkeys(words) if word not in cache]
        if missing:
            if len(cache) + len(missing) > INDEX_WORD_CACHE_SIZE:
                cache.clear()
            found: dict[str, str | None] = dict.fromkeys(missing)
            starts, start = {}, 0
            for word in missing:
                starts[start] = word
                start += len(word) + 1
            for token in self.searcher.schema[field].analyzer(" ".join(missing), chars=True):
                word = starts.get(token.startchar)
                if word is not None and found[word] is None:
                    found[word] = token.text
            cache.update(found)
        return {word: stem for word in words if (stem := cache.get(word)) is not None}

    def doc_frequency(self, field: str, word: str) -> int:
        """Documents with the word in the field, deleted ones included (the term index's
        count, cached per reader as index_words is)."""
        cache = self._frequencies.setdefault(field, {})
        found = cache.get(word)
        if found is None:
            if len(cache) >= INDEX_WORD_CACHE_SIZE:
                cache.clear()
            with postings.READ_LOCK:  # a term lookup seeks in the segment's shared file
                found = cache[word] = self.reader.doc_frequency(field, word)
        return found

    def has_field(self, field: str) -> bool:
        """Whether the index holds words of the field (an older schema may lack it)."""
        return field in self._indexed_fields

    def average_length(self, field: str) -> float:
        """A scored field's average length (tokens) over the live documents."""
        return self._field_lengths(field)[1]

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
            docs, weights = postings.term_postings(self.searcher, field, btext,
                                                  self.frequent)
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

    def score_term(self, field: str, btext: bytes, boost: float) -> Matches:
        docs, weights = self.term_docs(field, btext)
        if not len(docs):
            return Matches.empty()
        field_obj = self._fields.get(field)
        idf = math.log(self.doc_count / (len(docs) + 1)) + 1.0
        if field_obj is None or not field_obj.scorable:  # facets, ids: a match is a match
            return Matches(docs, np.full(len(docs), idf * boost, dtype=np.float32))
        lengths, average = self._field_lengths(field)
        b = field_b(field)
        norm = K1 * ((1 - b) + b * lengths[docs] / average)
        scores = (idf * boost) * weights * (K1 + 1) / (weights + norm)
        return Matches(docs, scores.astype(np.float32))

    def btext(self, field: str, text: object) -> bytes | None:
        if isinstance(text, bytes):
            return text
        if field not in self.searcher.schema:
            return None
        return self.searcher.schema[field].to_bytes(text)

    # -- evaluating ------------------------------------------------------------------------
    def evaluate(self, q: wq.Query, budget: Budget | None = None) -> Matches:
        """All live documents matching q, with scores; QueryTooExpensive past the budget.

        budget=None gives a fresh Budget of QUERY_SECONDS.
        """
        return compile_query(q).run(Context(self, budget if budget is not None else Budget()))

    def expand(self, q: wq.MultiTerm, ctx: Context | None = None) -> list[bytes]:
        """The first MAX_EXPANSIONS words of the field that q stands for (cached per reader).

        Finding them may scan the field's whole word list (*tion: a regex over every
        word); matching and highlighting share the answer. `ctx` gives the budget (none for
        highlighting, which expands what matching already did).
        """
        ctx = ctx or Context(self)
        key = (type(q).__name__, q.fieldname, *(str(getattr(q, name, None)) for name in (
            "text", "start", "end", "startexcl", "endexcl", "maxdist", "prefixlength")))
        with self._lock:
            cached = self._expansions.get(key)
            if cached is not None:
                self._expansions.move_to_end(key)
                return cached
        what = f"{label(q)} stands for too many words"
        advice = "a longer prefix, fewer wildcards or a narrower range"
        found: list[bytes] = []
        for number, btext in enumerate(self._candidates(q, ctx)):
            if number % 1024 == 0:
                ctx.check(what, advice)
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

    def lexicon(self, field: str, ctx: Context | None = None) -> list[bytes]:
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
            lambda: (ctx or Context(self)).check("listing the archive's words (needed once)",
                                                 "again shortly"))

    def _candidates(self, q: wq.MultiTerm, ctx: Context) -> Iterator[bytes | None]:
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
                listed = self.lexicon(q.fieldname, ctx)
                words = (listed[i] for i in range(bisect_left(listed, start), len(listed)))
            for btext in words:
                if not btext.startswith(start):
                    return
                yield btext if pattern is None or pattern.match(field.from_bytes(btext)) else None
            return
        if isinstance(q, wq.FuzzyTerm) and q.fieldname in self.searcher.schema:
            yield from self._near_words(q, ctx)
            return
        yield from q._btexts(self.reader)  # ranges: Whoosh seeks to them

    def _near_words(self, q: wq.FuzzyTerm, ctx: Context) -> Iterator[bytes]:
        """The field's own words within q.maxdist edits of q.text (which is an index word:
        a stem), sharing its first q.prefixlength letters.

        Whoosh's terms_within reads the words of a field's spelling field, as written:
        `Sandy~` stood for "sandy" and "saudi", and "sandy" is no word of the stemmed body
        (its stem is "sandi"), so the article about the storm was not found at all."""
        field = self.searcher.schema[q.fieldname]
        if q.fieldname not in self.reader.indexed_field_names():
            return
        start = field.to_bytes(q.text[:q.prefixlength]) if q.prefixlength else b""
        with self._lock:
            listing = self._lexicons.get(q.fieldname)
        if start and (listing is None or not listing.done):
            words = list(self.reader.expand_prefix(q.fieldname, start))
        else:
            listed = self.lexicon(q.fieldname, ctx)
            words = listed[bisect_left(listed, start):bisect_left(listed, start + b"\xff")]
        if not words:
            return
        distances = process.cdist([q.text], [field.from_bytes(w) for w in words],
                                  scorer=OSA.distance, dtype=np.int32,
                                  score_cutoff=q.maxdist)[0]
        for at in np.flatnonzero(distances <= q.maxdist).tolist():
            yield words[at]

    def _pair_docs(self, field: str, btexts: list[bytes], ctx: Context) -> np.ndarray | None:
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
            ctx.check()
            docs = self.term_docs(pair_field, first + PAIR_SEPARATOR.encode() + second)[0]
            found = docs if found is None else np.intersect1d(found, docs, assume_unique=True)
            if not len(found):
                break
        return found

    def whoosh_matches(self, q: wq.Query, candidates: np.ndarray | None, ctx: Context
                       ) -> tuple[list[int], list[float]]:
        """Doc numbers and scores from Whoosh's own matcher (among candidates, if given)."""
        ids: list[int] = []
        scores: list[float] = []
        matcher = q.matcher(self.searcher)
        what, advice = f"{label(q)} matches too many documents", "more specific words"
        if candidates is None:
            while matcher.is_active():
                if len(ids) % FALLBACK_CHECK_EVERY == 0:
                    ctx.check(what, advice)
                ids.append(matcher.id())
                scores.append(matcher.score())
                matcher.next()
        else:
            for number, doc in enumerate(candidates.tolist()):
                if number % FALLBACK_CHECK_EVERY == 0:
                    ctx.check(what, advice)
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
