"""A parsed query compiled into plan nodes, each evaluated with numpy by its one `run`.

`compile_query` turns Whoosh's query tree into these nodes once, one rule per Whoosh query
type (functools.singledispatch, so a new type is a new rule, not a longer if-chain). `run`
returns the matching live documents and their scores. Its Context carries everything an
evaluation needs: the reader's QueryMatcher (term postings cache, field lengths, live mask,
facet tables) and the Budget, checked inside every loop whose length the user controls.

Scores follow Whoosh's BM25F with each term's boost (the parser puts the title at twice the
body), summed over the clauses that match. A query type without an array form (spans,
sequences, an ordered AND) is a Fallback: Whoosh's own matcher, restricted to the documents
holding all its words, so results are always those of the query.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import reduce, singledispatch
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from newsarchive.search import postings
from newsarchive.search.matches import (
    Matches,
    found_in,
    intersect,
    phrase_keys,
    restrict,
    subtract,
    union,
)
from newsarchive.search.name_forms import Capitals, TypedWord, name_reading
from newsarchive.search.query import FacetWords
from newsarchive.search.schema import (
    CAPITALS_MARK,
    NAME_FORMS_FIELD,
    SHOUTED_TITLE_FIELD,
    is_stop_term,
)

if TYPE_CHECKING:
    from newsarchive.search.matching import Budget, QueryMatcher

FUZZY_EDIT_WEIGHT = 0.5  # a near spelling of word~ scores this much of the word's, per edit
BROAD = ("its words are found in too many articles", "fewer or more specific words, or a filter")


@dataclass
class Context:
    """One evaluation: the reader's matcher and the budget it runs under."""

    index: QueryMatcher
    budget: Budget | None = None

    def check(self, what: str = BROAD[0], advice: str = BROAD[1]) -> None:
        """QueryTooExpensive (or ServerBusy) once the budget is spent."""
        if self.budget is not None:
            self.budget.check(what, advice)

    def every(self) -> np.ndarray:
        return self.index.live_docs


class Plan:
    """A node of a compiled query."""

    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        raise NotImplementedError

    def boosted(self, matches: Matches) -> Matches:
        if self.boost == 1.0 or not len(matches.docs):
            return matches
        return Matches(matches.docs, matches.scores * np.float32(self.boost))


@dataclass
class Nothing(Plan):
    def run(self, ctx: Context) -> Matches:
        return Matches.empty()


@dataclass
class Everything(Plan):
    def run(self, ctx: Context) -> Matches:
        docs = ctx.every()
        return Matches(docs, np.zeros(len(docs), dtype=np.float32))


@dataclass
class TermPlan(Plan):
    """One word (or facet value) of one field: its postings, scored."""

    field: str
    text: object
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        ctx.check()  # reading postings is the cost; the rest is array arithmetic
        btext = ctx.index.btext(self.field, self.text)
        return Matches.empty() if btext is None else ctx.index.score_term(self.field, btext,
                                                                          self.boost)


@dataclass
class TypedWordPlan(Plan):
    """A word whose stem is not the word: the stem's matches, kept, where the archive writes
    the word as a name, to the articles writing that name (search.name_forms)."""

    word: TypedWord
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        stem = TermPlan(self.word.fieldname, self.word.text, self.boost)
        reading = name_reading(ctx.index, self.word)
        if reading is None:
            return stem.run(ctx)
        postings.count_path("term.name_forms")
        index = ctx.index
        writing = [index.term_docs(NAME_FORMS_FIELD, index.btext(NAME_FORMS_FIELD, form))[0]
                   for form in reading.forms]
        if not writing:
            return Matches.empty()
        found = stem.run(ctx)
        named = restrict(found, reduce(np.union1d, writing))
        if reading.only or not len(named.docs):
            return named
        # the name first: its articles gain twice the stem's best score (the re-ranking's
        # feedback words, search.ranking, add less than the score of the words typed)
        first = Matches(named.docs, np.full(len(named.docs), 2 * found.scores.max(),
                                            np.float32))
        return union([found, first])


@dataclass
class CapitalsPlan(Plan):
    """A word typed in capitals: its matches in the articles writing it so (WHO, not who)."""

    word: Capitals
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        found = TermPlan(self.word.fieldname, self.word.text, self.boost)
        index = ctx.index
        if not index.has_field(NAME_FORMS_FIELD):  # an index without them: the word
            return found.run(ctx)
        postings.count_path("term.capitals")
        written = index.term_docs(NAME_FORMS_FIELD, index.btext(
            NAME_FORMS_FIELD, CAPITALS_MARK + self.word.letters))[0]
        if self.word.fieldname == "title":  # and every word of a title all in capitals
            shouted = index.term_docs(SHOUTED_TITLE_FIELD,
                                      index.btext(SHOUTED_TITLE_FIELD, True))[0]
            written = np.union1d(written, shouted)
        return restrict(found.run(ctx), written) if len(written) else Matches.empty()


@dataclass
class FacetWordsPlan(Plan):
    """person:Baker: every value of the facet holding the word (search.query.FacetWords)."""

    field: str
    text: str
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        source = ctx.index.word_sources.get(self.field)
        if source is None:  # no facet table: the value itself
            return TermPlan(self.field, self.text, self.boost).run(ctx)
        postings.count_path("facet.words")
        docs = source(self.text)
        docs = docs[ctx.index.live[docs]] if len(docs) else docs
        idf = math.log(ctx.index.doc_count / (len(docs) + 1)) + 1.0
        return Matches(docs, np.full(len(docs), idf * self.boost, dtype=np.float32))


@dataclass
class NoneOf(Plan):
    """NOT a: every live document without any of the excluded."""

    excluded: list[Plan]

    def run(self, ctx: Context) -> Matches:
        removed = union([plan.run(ctx) for plan in self.excluded]).docs
        docs = np.setdiff1d(ctx.every(), removed, assume_unique=True)
        return Matches(docs, np.zeros(len(docs), dtype=np.float32))


@dataclass
class AllOf(Plan):
    """a AND b AND NOT c: the smallest part first, each later one intersected."""

    required: list[Plan]
    excluded: list[Plan]
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        if not self.required:
            return self.boosted(NoneOf(self.excluded).run(ctx))
        parts = sorted((plan.run(ctx) for plan in self.required), key=lambda m: len(m.docs))
        result = parts[0]
        for part in parts[1:]:
            if not len(result.docs):
                break
            result = intersect(result, part)
        for plan in self.excluded:
            if not len(result.docs):
                break
            result = subtract(result, plan.run(ctx).docs)
        return self.boosted(result)


@dataclass
class AnyOf(Plan):
    """a OR b (OR NOT c: anything without c), scores summed where they meet."""

    options: list[Plan]
    excluded: list[Plan]
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        found = union([plan.run(ctx) for plan in self.options])
        if self.excluded:
            found = union([found, NoneOf(self.excluded).run(ctx)])
        return self.boosted(found)


@dataclass
class Without(Plan):
    """a ANDNOT b."""

    kept: Plan
    removed: Plan
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        return self.boosted(subtract(self.kept.run(ctx), self.removed.run(ctx).docs))


@dataclass
class Within(Plan):
    """a REQUIRE b: a's documents (and scores) that b also matches."""

    kept: Plan
    required: Plan
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        return self.boosted(restrict(self.kept.run(ctx), self.required.run(ctx).docs))


@dataclass
class WithOptional(Plan):
    """a ANDMAYBE b: a's documents, b's score added where b also matches."""

    required: Plan
    optional: Plan
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        found = self.required.run(ctx)
        extra = restrict(self.optional.run(ctx), found.docs)
        return self.boosted(union([found, extra]))


@dataclass
class Dates(Plan):
    """date:[a TO b] (either end open): from the reader's date array, unscored."""

    start: object
    end: object

    def run(self, ctx: Context) -> Matches:
        lo = datetime_to_long(self.start) if isinstance(self.start, datetime) else (
            self.start or 1)
        hi = datetime_to_long(self.end) if isinstance(self.end, datetime) else self.end
        live = ctx.every()
        values = ctx.index.dates[live]
        keep = values >= max(int(lo), 1)
        if hi is not None:
            keep &= values <= int(hi)
        docs = live[keep]
        return Matches(docs, np.zeros(len(docs), dtype=np.float32))


@dataclass
class Expansion(Plan):
    """word*, *word, word~ and [a TO b]: the words it stands for, each scored, united.

    A near spelling of word~ weighs FUZZY_EDIT_WEIGHT as much per edit as the word typed
    (Lucene weighs a fuzzy query's words by their similarity too): `Sandy~` ranked the
    Saudi stories first ("sandi" and "saudi" are one edit apart as stems, and Saudi Arabia
    is in many more articles)."""

    query: wq.MultiTerm
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        what = f"{label(self.query)} stands for too many words found in many articles"
        advice = "a longer prefix, fewer wildcards or a narrower range"
        parts = []
        for btext in ctx.index.expand(self.query, ctx):
            ctx.check(what, advice)
            parts.append(ctx.index.score_term(self.query.fieldname, btext,
                                              self.boost * self._weight(btext)))
        ctx.check(what, advice)
        return union(parts)

    def _weight(self, btext: bytes) -> float:
        if not isinstance(self.query, wq.FuzzyTerm):
            return 1.0
        text = btext.decode("utf-8", "replace") if isinstance(btext, bytes) else btext
        edits = OSA.distance(text, self.query.text)
        return FUZZY_EDIT_WEIGHT ** edits


@dataclass
class PhrasePlan(Plan):
    """Words in order, each at most `slop` positions after the previous one.

    An exact phrase of two words is one term of the field's pair field (schema PAIR_FIELDS):
    no positions at all. Otherwise positions are decoded once per distinct word, only for
    documents that hold every word (and, for exact phrases, every adjacent pair) and only
    from the posting blocks that contain such documents; the order check is array arithmetic
    on (doc, position) keys. Scored as the sum of its words' scores, stop words left out
    unless the phrase has nothing else.
    """

    query: wq.Phrase
    boost: float = 1.0

    def run(self, ctx: Context) -> Matches:
        field, index = self.query.fieldname, ctx.index
        btexts = [index.btext(field, word) for word in self.query.words]
        if not btexts or any(b is None for b in btexts):
            return Matches.empty()
        what = f"the phrase {label(self.query)} has words found in most articles"
        advice = "fewer common words in the phrase, or another word or a filter besides it"
        distinct = list(dict.fromkeys(btexts))  # "said said" decodes "said" once
        slop = max(1, int(self.query.slop))
        pairs = index._pair_docs(field, btexts, ctx) if slop == 1 and len(btexts) > 1 else None
        if pairs is not None and not len(pairs):
            return Matches.empty()
        scored = {b: index.score_term(field, b, self.boost) for b in distinct}
        candidates = scored[btexts[0]].docs if pairs is None else pairs
        for b in distinct[1:] if pairs is None else distinct:  # pairs: each word is there
            ctx.check(what, advice)
            candidates = candidates[found_in(scored[b].docs, candidates)[1]]
        if len(btexts) == 1 or (pairs is not None and len(btexts) == 2):
            postings.count_path("phrase.pairs" if len(btexts) == 2 else "phrase.word")
            return _summed(btexts, scored, candidates)
        if not len(candidates):
            return Matches.empty()
        keys: dict[bytes, np.ndarray] = {}
        for b in distinct:
            found = postings.term_position_keys(index.searcher, field, b, candidates,
                                                check=lambda: ctx.check(what, advice))
            if found is None:  # not in the block format: Whoosh's matcher
                return Fallback(self.query).run(ctx)
            keys[b] = found
        postings.count_path("phrase.positions")
        docs = np.unique(phrase_keys([keys[b] for b in btexts], slop) >> postings.POSITION_BITS)
        return _summed(btexts, scored, docs)


def _summed(btexts: list[bytes], scored: dict[bytes, Matches], docs: np.ndarray) -> Matches:
    """The phrase's docs, each scored as the sum of its words' scores (as an AND of them
    would be; stop words, which unquoted words would drop, only if all are)."""
    words = [b for b in btexts if not is_stop_term(b.decode("utf-8"))] or btexts
    restricted = {b: restrict(scored[b], docs).scores for b in dict.fromkeys(words)}
    scores = np.zeros(len(docs), dtype=np.float32)
    for b in words:  # summed word by word, as an AND of the words would
        scores = scores + restricted[b]
    return Matches(docs, scores)


@dataclass
class Fallback(Plan):
    """Whoosh's own matcher (spans, sequences...), only over docs that hold all its words."""

    query: wq.Query

    def run(self, ctx: Context) -> Matches:
        postings.count_path(f"whoosh.{type(self.query).__name__}")
        index, candidates = ctx.index, None
        # every word is required only in positional queries (phrases, sequences, spans)
        if isinstance(self.query, (wq.Phrase, wq.Sequence, wq.Ordered)):
            for field, text in self.query.iter_all_terms():
                btext = index.btext(field, text)
                docs = index.term_docs(field, btext)[0] if btext is not None else (
                    postings.EMPTY_IDS)
                candidates = docs if candidates is None else np.intersect1d(
                    candidates, docs, assume_unique=True)
                if not len(candidates):
                    return Matches.empty()
        with postings.READ_LOCK:  # Whoosh's matchers share each segment's file position
            ids, scores = index.whoosh_matches(self.query, candidates, ctx)
        found = Matches(np.asarray(ids, dtype=np.int64), np.asarray(scores, dtype=np.float32))
        return restrict(found, ctx.every()) if len(found.docs) else found


def label(q: wq.Query, limit: int = 60) -> str:
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


# -- compiling: one rule per Whoosh query type ---------------------------------------------------
def _boost(q: wq.Query) -> float:
    return float(getattr(q, "boost", 1.0) or 1.0)


def _split(subqueries: list[wq.Query]) -> tuple[list[Plan], list[Plan]]:
    """(plans of the positive clauses, plans of what NOT clauses exclude)."""
    return ([compile_query(s) for s in subqueries if not isinstance(s, wq.Not)],
            [compile_query(s.query) for s in subqueries if isinstance(s, wq.Not)])


@singledispatch
def compile_query(q: wq.Query) -> Plan:
    """The plan of a Whoosh query; types without an array form run Whoosh's matcher."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return Nothing()
    return Fallback(q)


@compile_query.register
def _(q: wq.Every) -> Plan:
    return Everything()


@compile_query.register
def _(q: wq.Term) -> Plan:
    if isinstance(q, FacetWords):
        return FacetWordsPlan(q.fieldname, q.text, _boost(q))
    return TermPlan(q.fieldname, q.text, _boost(q))


@compile_query.register
def _(q: TypedWord) -> Plan:
    return TypedWordPlan(q, _boost(q))


@compile_query.register
def _(q: Capitals) -> Plan:
    return CapitalsPlan(q, _boost(q))


@compile_query.register
def _(q: wq.And) -> Plan:
    if type(q) is not wq.And:  # Ordered is an And whose order matters: Whoosh's matcher
        return Fallback(q)
    return AllOf(*_split(q.subqueries), boost=_boost(q))


@compile_query.register
def _(q: wq.Or) -> Plan:
    if type(q) is not wq.Or:
        return Fallback(q)
    return AnyOf(*_split(q.subqueries), boost=_boost(q))


@compile_query.register
def _(q: wq.Not) -> Plan:
    return NoneOf([compile_query(q.query)])


@compile_query.register
def _(q: wq.AndNot) -> Plan:
    return Without(compile_query(q.a), compile_query(q.b), _boost(q))


@compile_query.register
def _(q: wq.AndMaybe) -> Plan:
    return WithOptional(compile_query(q.a), compile_query(q.b), _boost(q))


@compile_query.register
def _(q: wq.Require) -> Plan:
    return Within(compile_query(q.a), compile_query(q.b), _boost(q))


@compile_query.register
def _(q: wq.NumericRange) -> Plan:  # DateRange too
    return Dates(q.start, q.end) if q.fieldname == "date" else Fallback(q)


@compile_query.register
def _(q: wq.MultiTerm) -> Plan:
    return Expansion(q, _boost(q))


@compile_query.register
def _(q: wq.Phrase) -> Plan:
    return PhrasePlan(q, _boost(q)) if type(q) is wq.Phrase else Fallback(q)
