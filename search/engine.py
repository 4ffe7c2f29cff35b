"""Searching the archive: one request in, one result out (the JSON contract of CLI and API).

Per reader (one index generation) the engine keeps numpy arrays built once: facet tables,
dates, the live-document mask, and a cache of term postings. A search evaluates the query
with numpy (search.matching), so total, facet counts and the histogram are exact over the
whole result set; only the page's hits touch stored fields and the highlighter.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from threading import Lock
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.index import Index

from newsarchive.search import frequent, postings, ranking, snippets
from newsarchive.search.entities import ArticleEntities, Resolution
from newsarchive.search.facets import (
    LANGUAGE_FIELD,
    LANGUAGE_KEY,
    SOURCE_FIELD,
    SOURCE_KEY,
    FacetCounts,
    FacetTable,
)
from newsarchive.search.histogram import (
    Bucket,
    Histogram,
    build_histogram,
    month_keys,
    ordinal_days,
)
from newsarchive.search.matches import Matches
from newsarchive.search.matching import Budget, QueryMatcher
from newsarchive.search.name_forms import Capitals, TypedWord, name_reading
from newsarchive.search.place_names import other_names
from newsarchive.search.publications import label_of, spells
from newsarchive.search.query import (
    QueryError,
    facet_clauses,
    parse_query,
    plain_words,
    typed_words,
    word_runs,
)
from newsarchive.search.schema import (
    FACET_FIELDS,
    FACET_KEYS,
    is_stop_term,
    join_values,
    split_values,
)
from newsarchive.search.store import (
    Generation,
    IndexDamaged,
    IndexHandle,
    guarded_iter,
    inspect_generation,
    read_manifest,
    reading,
)
from newsarchive.search.suggest import near_values, suggest, vocabulary
from newsarchive.search.text import english_counts, fold

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100
MATCH_CACHE_SIZE = 64  # recent result sets: paging, facet searches and exports reuse them
# related articles (ArchiveReader.related): the body's key terms asked for, and the weight of
# each of the article's facet values beside a word; see related() for the figures
RELATED_TERMS = 20
RELATED_VALUE_BOOST = 0.5
RELATED_POOL = 3  # related articles read per one shown, for the copies of a story left out


@dataclass
class SearchRequest:
    """Everything a search can say. Facet filters are keyed by field: person, country, org."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    excludes: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    languages: list[str] = field(default_factory=list)  # ISO 639-1 codes; any may match
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10
    facet_limit: int = 10
    histogram: bool = True  # compute the date histogram
    suggest: bool = True  # look for a did-you-mean when the words look misspelt

    def match_key(self) -> tuple[Any, ...]:
        """What decides the result set (not its order or page)."""
        return (
            self.query.strip(),
            tuple(sorted((f, tuple(sorted(v))) for f, v in self.filters.items() if v)),
            tuple(sorted((f, tuple(sorted(v))) for f, v in self.excludes.items() if v)),
            self.date_from, self.date_to, self.source, tuple(sorted(set(self.languages))),
        )


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    url: str | None
    source: str | None
    snippet: str
    persons: list[str]
    countries: list[str]
    orgs: list[str]
    # the id of a hit above it on the page with the same text (a wire's repeat, a page saved
    # twice), else None
    same_as: str | None = None
    # the title escaped, the query's words in it marked (as the snippet marks them)
    title_html: str = ""

    def as_dict(self) -> dict[str, Any]:
        """A plain dict (dataclasses.asdict deep-copies; this copies only the lists)."""
        return {"id": self.id, "title": self.title, "title_html": self.title_html,
                "date": self.date, "url": self.url,
                "source": self.source, "snippet": self.snippet, "persons": list(self.persons),
                "countries": list(self.countries), "orgs": list(self.orgs),
                "same_as": self.same_as}


@dataclass(frozen=True)
class WordCount:
    """How many articles one word of a query that found nothing finds alone."""

    word: str
    total: int


# An empty result of this many words or fewer says how many articles each finds alone.
MAX_COUNTED_WORDS = 8


@dataclass(frozen=True)
class FilterHint:
    """A filter value no article of the archive has ("--person Bakr"), with the values of
    its facet it may have meant."""

    facet: str  # person, country, org, or source (the publication)
    value: str
    near: list[tuple[str, int]]  # (value, articles the search finds with it in place)

    def as_dict(self) -> dict[str, Any]:
        return {"facet": self.facet, "value": self.value,
                "near": [list(pair) for pair in self.near]}


MAX_NEAR_VALUES = 3  # values offered for a filter value no article has


@dataclass
class SearchResult:
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, FacetCounts]
    suggestion: str | None = None
    took_ms: float = 0.0
    histogram: Histogram | None = None
    # a query of several words that found nothing: each word's articles alone (with the
    # filters), so the reader sees which word to drop
    word_counts: list[WordCount] | None = None
    # a result that found nothing: its filter values no article has, with near values
    unknown_filters: list[FilterHint] | None = None
    # how many values each facet has in the whole result (`facets` lists the top ones)
    facet_totals: dict[str, int] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    def as_dict(self) -> dict[str, Any]:
        """The contract shared by `newsarchive search --json` and GET /api/search."""
        return {
            "total": self.total,
            "page": self.page,
            "hits": [hit.as_dict() for hit in self.hits],
            "facets": {key: [list(pair) for pair in pairs] for key, pairs in self.facets.items()},
            "facet_totals": self.facet_totals,
            "suggestion": self.suggestion,
            "histogram": self.histogram.as_dict() if self.histogram else None,
            "words": None if self.word_counts is None else [
                {"word": count.word, "total": count.total} for count in self.word_counts],
            "unknown_filters": None if self.unknown_filters is None else [
                hint.as_dict() for hint in self.unknown_filters],
        }


def _shown(fields: dict[str, Any], resolution: Resolution) -> dict[str, list[str]]:
    """A stored document's facet values as the archive shows them, by facet field."""
    return resolution.apply({f: split_values(fields.get(f)) for f in FACET_FIELDS})


def _positive_terms(q: wq.Query, matcher: QueryMatcher, fields: tuple[str, ...],
                    phrases: set[tuple[str, ...]] | None = None) -> set[str]:
    """Words of the query to highlight: not those under NOT, expansions of word* / word~.

    Given `phrases`, an exact phrase's index words (stop words included) go there as one
    tuple instead, to be marked only where they stand together.
    """
    found: set[str] = set()

    def walk(node: wq.Query) -> None:
        if phrases is not None and type(node) is wq.Phrase and node.slop <= 1 \
                and node.fieldname in fields and len(node.words) > 1:
            phrases.add(tuple(node.words))
            return
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.MultiTerm):
            if node.fieldname in fields:  # the expansion matching used (cached)
                for btext in matcher.expand(node)[:256]:
                    found.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            return
        if isinstance(node, Capitals) and node.fieldname in fields:
            found.add(node.letters.upper())  # marked only where written so (snippets)
            return
        if isinstance(node, TypedWord) and node.fieldname in fields:
            reading = name_reading(matcher, node)  # the name as written, not its stem's words
            found.update([node.text] if reading is None else reading.forms)
            return
        if node.is_leaf():
            for fieldname, text in node.iter_all_terms():
                word = text.decode("utf-8") if isinstance(text, bytes) else text
                if fieldname in fields and not is_stop_term(word):  # "of" in a phrase
                    found.add(word)
            return
        for child in node.children():
            walk(child)

    walk(q)
    return found


def _same_text(body: str | None) -> str:
    """A body's words, lowercase, one space apart: two saved copies of a story compare equal
    ("" for none)."""
    return " ".join((body or "").lower().split())


class ArchiveReader:
    """A searcher on one generation of the index, with its arrays built once."""

    def __init__(self, ix: Index, generation: Generation) -> None:
        self.generation = generation
        self.searcher = ix.searcher()
        reader = self.searcher.reader()
        self.resolution = Resolution.load(generation.directory)
        self.facets = FacetTable.build_all(reader, self.resolution)
        self.languages = FacetTable.from_postings(reader, LANGUAGE_FIELD)  # the language facet
        # the publications: source:reuters and --source "bbc news" find Reuters and BBC News
        self.sources = FacetTable.from_postings(reader, SOURCE_FIELD)
        self.manifest = read_manifest(generation.directory)
        self.live = postings.live_mask(self.searcher)
        self.dates = postings.column_array(self.searcher, "date")  # Whoosh longs, 0 = none
        self.days = ordinal_days(self.dates)
        self.months = month_keys(self.days)
        self.matcher = QueryMatcher(self.searcher, self.live, self.dates)
        self.matcher.frequent = frequent.open_all(generation.directory, self.searcher)
        self.matcher.prepare()  # what every query needs, built now rather than by the first
        for name, table in self.facets.items():
            table.index_by_doc()
            # filters: no postings to read
            self.matcher.add_doc_source(name, table.docs_of, table.docs_with_words)
        self.matcher.add_doc_source(LANGUAGE_FIELD, self.languages.docs_of)
        self.matcher.add_doc_source(SOURCE_FIELD, self.sources.docs_of)
        if len(self.matcher.live_docs):
            # open the stored-fields column of every segment now: a later commit may merge
            # segments and delete their files, and an open file stays readable
            self.searcher.stored_fields(int(self.matcher.live_docs[0]))
            for leaf, _offset in postings.leaf_readers(self.searcher):
                if leaf.doc_count_all():
                    leaf.stored_fields(0)
        self._matches: OrderedDict[tuple[Any, ...], Matches] = OrderedDict()
        self._lock = Lock()

    @property
    def doc_count(self) -> int:
        return self.searcher.doc_count()

    # -- matching --------------------------------------------------------------------------
    def combined_query(self, request: SearchRequest) -> wq.Query:
        """The request as one Whoosh query (raises QueryError for an unreadable query)."""
        combined = parse_query(request.query)
        restrict = self._restriction(request)
        if restrict is not None:
            combined = wq.And([combined, restrict])
        excluded = self._exclusion(request)
        return wq.AndNot(combined, excluded) if excluded is not None else combined

    def matches(self, request: SearchRequest, budget: Budget | None = None) -> Matches:
        """Every matching document with its score (cached for recent requests).

        Raises QueryTooExpensive when matching needs more than the budget (default: a fresh
        one of search.matching.QUERY_SECONDS).
        """
        key = request.match_key()
        with self._lock:
            cached = self._matches.get(key)
            if cached is not None:
                self._matches.move_to_end(key)
                return cached
        found = self.matcher.evaluate(self.combined_query(request), budget)
        with self._lock:
            self._matches[key] = found
            if len(self._matches) > MATCH_CACHE_SIZE:
                self._matches.popitem(last=False)
        return found

    def ordered(self, request: SearchRequest, matches: Matches, count: int | None = None
                ) -> np.ndarray:
        """Doc numbers of the matches in the request's order; only the first `count` if given.

        Relevance ties (an empty query scores 0 everywhere) go newest first.
        """
        docs = matches.docs
        if request.sort == "relevance":  # scores first; dates only for the ties' pool
            primary = self._relevance(request, matches)
        else:
            dates = self.dates[docs].astype(np.float64)
            primary = dates if request.sort == "newest" else np.where(dates > 0, -dates,
                                                                      -np.inf)
        pool = np.arange(len(docs))
        if count is not None and count < len(docs) // 4:
            threshold = np.partition(primary, len(docs) - count)[len(docs) - count]
            pool = np.nonzero(primary >= threshold)[0]
        secondary = (self.dates[docs[pool]].astype(np.float64) if request.sort == "relevance"
                     else np.zeros(len(pool)))
        order = pool[np.lexsort((docs[pool], -secondary, -primary[pool]))]
        if count is not None:
            order = order[:count]
        return docs[order]

    def _relevance(self, request: SearchRequest, matches: Matches) -> np.ndarray:
        """The matches' scores with relevance feedback (search.ranking), once per result set."""
        ranked = matches.ranked
        if ranked is None:
            try:
                words = _positive_terms(parse_query(request.query), self.matcher,
                                        ("body", "title"))
            except QueryError:
                words = set()
            scores = ranking.with_proximity(self.matcher, matches.docs, matches.scores,
                                            word_runs(request.query))
            scores = ranking.with_names(matches.docs, scores, self._named(request.query),
                                        self.matcher.doc_count)
            ranked = ranking.with_feedback(self.matcher, matches.docs, scores, words,
                                           self._feedback_text)
            matches.ranked = ranked  # two threads may both compute it: the same array
        return ranked

    def _named(self, query: str) -> list[np.ndarray]:
        """Per word typed, the docs one of whose people, countries or organizations holds
        it (words of more than ranking.NAME_MAX_VALUES values left out). A word typed in
        lowercase that most of its articles print as a common word is no name asked for
        (`jobs report` ranked "Steve Jobs' Yacht Revealed" first; `Jobs` still asks for
        him)."""
        named = []
        words = typed_words(query)
        stems = self.matcher.index_words("body", [word.lower() for word in words])
        for word in words:
            found = [self.facets[f].docs_naming(word, ranking.NAME_MAX_VALUES)
                     for f in FACET_FIELDS]
            if any(docs is None for docs in found):
                continue
            docs = np.unique(np.concatenate(found))
            stem = stems.get(word.lower())
            if word.islower() and stem and len(docs) < ranking.NAME_SHARE * (
                    self.matcher.doc_frequency("body", stem)):
                continue
            named.append(docs)
        return named

    def _feedback_text(self, docnum: int) -> tuple[str, str]:
        stored = self.searcher.stored_fields(docnum)
        return stored.get("title") or "", stored.get("body") or ""

    # -- searching -------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        if request.suggest and request.query.strip():
            # the reader's word lists, built once (a server's warm-up builds them): not this
            # query's work (the first did-you-mean after a start ran out of time: null)
            vocabulary(self.searcher.reader(), self.facets)
        budget = Budget()  # one for the search and its did-you-mean
        matches = self.matches(request, budget)
        docs = matches.docs
        # a large result is counted through a doc mask: one for the three tables
        shared_mask = next((mask for f in FACET_FIELDS
                            if (mask := self.facets[f].doc_mask(docs)) is not None), None)
        counted = {FACET_KEYS[f]: self.facets[f].counts_and_total(
            docs, top=request.facet_limit, mask=shared_mask) for f in FACET_FIELDS}
        counted[LANGUAGE_KEY] = self.languages.counts_and_total(
            docs, top=request.facet_limit, mask=shared_mask)
        counted[SOURCE_KEY] = self.sources.counts_and_total(
            docs, top=request.facet_limit, mask=shared_mask)
        facets = {key: values for key, (values, _) in counted.items()}
        facet_totals = {key: total for key, (_, total) in counted.items()}
        histogram = (build_histogram(self.days[docs], self.months[docs])
                     if request.histogram else None)
        first = (request.page - 1) * request.page_size
        hits: list[Hit] = []
        if first < len(docs):
            page_docs = self.ordered(request, matches, first + request.page_size)[first:]
            hits = self._hits(page_docs.tolist(), request)
        suggestion = None
        if request.suggest and request.query.strip():
            suggestion = suggest(request.query, self.searcher.reader(),
                                 lambda text: self._count_with(request, budget, query=text),
                                 len(docs), facets=self.facets)
        return SearchResult(
            total=int(len(docs)), page=request.page, page_size=request.page_size, hits=hits,
            facets=facets, facet_totals=facet_totals, suggestion=suggestion,
            histogram=histogram, took_ms=round((time.perf_counter() - started) * 1000, 1),
            word_counts=self._word_counts(request, budget) if not len(docs) else None,
            unknown_filters=self._unknown_filters(request, budget) if not len(docs) else None,
        )

    def _unknown_filters(self, request: SearchRequest, budget: Budget) -> list[FilterHint]:
        """The request's filter values that no article has, each with up to
        MAX_NEAR_VALUES values of its facet that the search finds articles with in its
        place (how many): those holding its words, most articles first, then those a slip
        or two from it."""
        unknown = [(facet, value) for facet, values in request.filters.items()
                   if (table := self.facets.get(facet)) is not None
                   for value in values if table.value_named(value) is None]
        # each unknown value is tried in place with the others left out: with two typos
        # (--person Bakr --country Japn) any one mended still found nothing
        known = {facet: [v for v in values if (facet, v) not in unknown]
                 for facet, values in request.filters.items()}
        hints = []
        for facet, value in unknown:
            holding, slips = near_values(vocabulary(self.searcher.reader(), self.facets),
                                         self.facets[facet], facet, value)
            counted = sorted(((near, self._count_replaced(request, known, facet, near, budget))
                              for near in holding), key=lambda pair: -pair[1])
            counted = [pair for pair in counted if pair[1]]
            for near in slips:
                if len(counted) >= MAX_NEAR_VALUES:
                    break
                if near not in holding and (found := self._count_replaced(
                        request, known, facet, near, budget)):
                    counted.append((near, found))
            hints.append(FilterHint(facet, value, counted[:MAX_NEAR_VALUES]))
        if request.source and self.sources.value_named(request.source) is None:
            near = [(other, self._count_with(request, budget, source=other))
                    for other in self._near_sources(request.source)]
            hints.append(FilterHint("source", request.source,
                                    [pair for pair in near if pair[1]][:MAX_NEAR_VALUES]))
        return hints

    def _near_sources(self, typed: str) -> list[str]:
        """The publications a source no article has may mean: those holding its words, those
        whose one word or web address spells it ("New York Times": NYTimes.com, "WSJ":
        online.wsj.com), then those a slip or two from it ("Reutres": Reuters), nearest
        first."""
        key = fold(typed)
        holding = self.sources.values_with_words(typed)
        spelled = [value for value in self.sources.values if value not in holding
                   and " " not in value.strip() and spells(label_of(value), typed)]
        slips = sorted((OSA.distance(key, fold(value)), value) for value in self.sources.values
                       if value not in holding and value not in spelled)
        return holding + spelled + [value for distance, value in slips
                                    if distance <= max(1, min(2, len(key) // 4))]

    def _count_replaced(self, request: SearchRequest, known: dict[str, list[str]], facet: str,
                        other: str, budget: Budget) -> int:
        """How many articles the request finds with its known filter values and `other` in
        place of an unknown one of `facet`."""
        filters = {**known, facet: [*known.get(facet, []), other]}
        try:
            return self._count_with(request, budget, filters=filters)
        except ValueError:
            return 0

    def _word_counts(self, request: SearchRequest, budget: Budget) -> list[WordCount] | None:
        """Each plain word's articles alone, with the request's filters: for a query of two
        to MAX_COUNTED_WORDS words that must all appear and found nothing."""
        words = plain_words(request.query)
        if not 2 <= len(words) <= MAX_COUNTED_WORDS:
            return None
        try:
            return [WordCount(word, self._count_with(request, budget, query=word))
                    for word in words]
        except ValueError:  # a word alone is unreadable or too expensive
            return None

    def _count_with(self, request: SearchRequest, budget: Budget, **changes: Any) -> int:
        """How many articles the request finds with some of its fields changed; a
        ValueError when that query cannot be read or is too expensive."""
        try:
            return int(len(self.matches(replace(request, **changes), budget).docs))
        except QueryError as error:
            raise ValueError(str(error)) from None

    def _restriction(self, request: SearchRequest) -> wq.Query | None:
        terms: list[wq.Query] = [
            wq.Term(f, value) for f, values in request.filters.items() for value in values
        ]
        if request.source:
            terms.append(wq.Term("source", request.source))
        if request.languages:  # an article has one language: any of those asked for
            terms.append(wq.Or([wq.Term("language", code) for code in request.languages]))
        if request.date_from or request.date_to:
            start = datetime.combine(request.date_from, dtime.min) if request.date_from else None
            end = datetime.combine(request.date_to, dtime.max) if request.date_to else None
            terms.append(wq.DateRange("date", start, end))
        return wq.And(terms) if terms else None

    def _exclusion(self, request: SearchRequest) -> wq.Query | None:
        terms = [wq.Term(f, value) for f, values in request.excludes.items() for value in values]
        return wq.Or(terms) if terms else None

    def _hits(self, docnums: list[int], request: SearchRequest) -> list[Hit]:
        try:
            parsed = parse_query(request.query)
        except QueryError:
            parsed = wq.NullQuery
        phrases: set[tuple[str, ...]] = set()
        words = _positive_terms(parsed, self.matcher, ("body", "title"), phrases)
        analyzer = self.searcher.schema["body"].analyzer
        together = frozenset(run for run in (tuple(token.text for token in analyzer(typed))
                                             for typed in word_runs(request.query))
                             if len(run) > 1)
        wanted = self._wanted_values(request)
        hits = []
        first_with: dict[str, str] = {}  # a text -> the first hit of the page holding it
        for docnum in docnums:
            stored = self.searcher.stored_fields(docnum)
            body = stored.get("body", "")
            text = _same_text(body)
            shown = _shown(stored, self.resolution)
            named, named_phrases = (self._named_mentions(docnum, shown, wanted) if wanted
                                    else (set(), set()))
            snippet = (snippets.highlight(body, words | named,
                                          phrases=frozenset(phrases | named_phrases),
                                          together=together)
                       or snippets.lead_snippet(body))
            title = stored.get("title") or stored["id"]
            hits.append(Hit(
                id=stored["id"], title=title,
                date=stored.get("date_text"), url=stored.get("url"),
                source=stored.get("source"), snippet=snippet,
                **{FACET_KEYS[f]: v for f, v in shown.items()},
                same_as=first_with.get(text) if text else None,
                title_html=snippets.highlight_title(title, words, frozenset(phrases)),
            ))
            first_with.setdefault(text, stored["id"])
        return hits

    def _wanted_values(self, request: SearchRequest) -> set[tuple[str, str]]:
        """(facet, value) of the request's facet filters and of the facet clauses in its
        query (person:Baker: every Baker), whose mentions a snippet highlights."""
        wanted = {(facet, self._shown_value(facet, value))
                  for facet, values in request.filters.items() for value in values}
        for clause in facet_clauses(request.query):
            if clause.negated:
                continue
            table = self.facets[clause.field]
            values = ([clause.value] if clause.exact
                      else table.values_with_words(clause.value))
            wanted.update((clause.field, self._shown_value(clause.field, value))
                          for value in values)
        return wanted

    def _shown_value(self, facet: str, typed: str) -> str:
        """The value a filter names as the archive shows it, as the filter finds it ("mitt
        romney", "UK" and "Jim Baker" are "Mitt Romney", "United Kingdom", "James Baker")."""
        table = self.facets.get(facet)
        return (table.value_named(typed) if table is not None else None) or typed

    def _named_mentions(self, docnum: int, shown: dict[str, list[str]],
                     wanted: set[tuple[str, str]]
                     ) -> tuple[set[str], set[tuple[str, ...]]]:
        """The mentions behind the wanted values this article names ("Peskov" and "Dmitry
        Peskov" for person:Peskov), to highlight in its snippet: a one-word mention as a word,
        a longer one as a phrase, so that its words are marked only where they stand together
        (person:Baker marked the "James" of "House Speaker James Wright")."""
        analyzer = self.searcher.schema["body"].analyzer
        words: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for mark in self._marks(docnum, shown):
            if (mark["facet"], mark["value"]) not in wanted:
                continue
            tokens = tuple(token.text for token in analyzer(mark["text"]))
            if len(tokens) > 1:
                phrases.add(tokens)
            elif tokens and not is_stop_term(tokens[0]):
                words.add(tokens[0])
        return words, phrases

    def iter_stored(self, request: SearchRequest, batch: int = 1000
                    ) -> Iterator[dict[str, Any]]:
        """Stored fields of every match, in the request's order (for export)."""
        matches = self.matches(request)
        ordered = self.ordered(request, matches)
        for start in range(0, len(ordered), batch):
            for docnum in ordered[start:start + batch].tolist():
                stored = dict(self.searcher.stored_fields(docnum))
                stored.update({f: join_values(v)
                               for f, v in _shown(stored, self.resolution).items()})
                yield stored

    # -- single articles -------------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored article as a dict (the /api/articles contract), or None."""
        with postings.READ_LOCK:  # a Whoosh matcher on the id field
            docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        stored = self.searcher.stored_fields(docnum)
        shown = _shown(stored, self.resolution)
        return {
            "id": stored["id"], "path": stored.get("path"), "url": stored.get("url"),
            "title": stored.get("title") or stored["id"], "date": stored.get("date_text"),
            "author": stored.get("author"), "source": stored.get("source"),
            "language": stored.get("language"), "body": stored.get("body", ""),
            "extracted_by": stored.get("extracted_by") or "",
            **{FACET_KEYS[f]: v for f, v in shown.items()},
            "marks": self._marks(docnum, shown),
        }

    def _marks(self, docnum: int, shown: dict[str, list[str]]) -> list[dict[str, str]]:
        """The mentions behind each shown value: {"text", "facet", "value"} per written form
        ("Brussels" for Belgium, "Peskov" for Dmitry Peskov), longest first."""
        reader = self.searcher.reader()
        if not reader.has_column("entities"):
            return []
        record = ArticleEntities.from_json(reader.column_reader("entities")[docnum])
        marks: dict[str, dict[str, str]] = {}
        for facet in FACET_FIELDS:
            for item in record.values.get(facet, []):
                for target_facet, target in self.resolution.targets(facet, item.value):
                    if target not in shown.get(target_facet, []):
                        continue
                    for surface in (*item.surfaces, item.value):
                        marks.setdefault(surface, {"text": surface, "facet": target_facet,
                                                   "value": target})
        return sorted(marks.values(), key=lambda m: -len(m["text"]))

    def related(self, article_id: str, top: int = 5) -> list[dict[str, Any]]:
        """Articles most like this one: its body's key terms, its title's words and the
        entities it shares.

        More-like-this over the body (Whoosh's key terms but stop words, which the index
        holds since schema 4 and which matched every story; scored as an OR query), the
        title's words asked in titles (a headline says what the story is about), and each of
        the article's persons, countries and orgs as an optional clause of weight
        RELATED_VALUE_BOOST. ``bench/relevance.py`` measures it as the share of the top 5 that
        share a Reuters topic with the article (300 stories per half with a topic other than
        earn or acq): 12 key terms, no title, values at 1.5 gave 0.559 (half a) / 0.555
        (held-out half b); 20 terms 0.573 on a (30: 0.575); values at 0.5 0.584 (0 to 1:
        0.581-0.585); the title's words 0.625 / 0.661 (numbers and short words also left out of
        the key terms: 0.551 on a).
        """
        with postings.READ_LOCK:  # a Whoosh matcher on the id field
            docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return []
        stored = self.searcher.stored_fields(docnum)
        clauses: list[wq.Query] = []
        asked = RELATED_TERMS + len(STOP_WORDS)  # stop words are never scored: not key terms
        try:
            with postings.READ_LOCK:  # term vectors are read with a Whoosh matcher
                keyterms = self.searcher.key_terms([docnum], "body", numterms=asked)
        except Exception:  # no term vectors: read the stored body instead
            keyterms = self.searcher.key_terms_from_text("body", stored.get("body", ""),
                                                         numterms=asked)
        words = [word for word, _weight in keyterms if not is_stop_term(word)]
        clauses += [wq.Term("body", word) for word in words[:RELATED_TERMS]]
        title_words = {token.text for token in self.searcher.schema["title"].analyzer(
            stored.get("title") or "") if not is_stop_term(token.text)}
        clauses += [wq.Term("title", word) for word in title_words]
        for facet, values in _shown(stored, self.resolution).items():
            clauses += [wq.Term(facet, value, boost=RELATED_VALUE_BOOST) for value in values]
        if not clauses:
            return []
        # at most RELATED_TERMS words and the article's entities: bounded, so no time
        # budget (a busy server should still show an article's page)
        matches = self.matcher.evaluate(wq.Or(clauses), Budget(math.inf, math.inf))
        keep = matches.docs != docnum
        matches = Matches(matches.docs[keep], matches.scores[keep])
        request = SearchRequest(sort="relevance")
        related = []
        # a story saved or filed twice (a wire's repeat, a page saved again) is listed once,
        # and not at all when it is this article's own text
        seen = {_same_text(stored.get("body"))}
        for other in self.ordered(request, matches, top * RELATED_POOL).tolist():
            fields = self.searcher.stored_fields(other)
            text = _same_text(fields.get("body"))
            if text in seen and text:
                continue
            seen.add(text)
            related.append({"id": fields["id"], "title": fields.get("title") or fields["id"],
                            "date": fields.get("date_text")})
            if len(related) == top:
                break
        return related

    def facet_values(self, facet: str, prefix: str | None = None, top: int | None = 20,
                     request: SearchRequest | None = None) -> FacetCounts:
        """Values of one facet with counts, over the whole archive or one request's results."""
        table = self.facets[facet]
        docs = self.matcher.live_docs if request is None else self.matches(request).docs
        return table.counts(docs, top=top, prefix=prefix)

    def stats(self) -> dict[str, Any]:
        everything = self.matcher.live_docs
        distinct = {FACET_KEYS[f]: len(self.facets[f].counts(everything, top=None))
                    for f in FACET_FIELDS}
        days = self.days[everything]
        days = days[days >= 0]
        return {
            "articles": int(len(everything)),
            "index_dir": str(self.generation.directory.parent),
            "generation": self.generation.directory.name,
            "segments": len(postings.leaf_readers(self.searcher)),
            "distinct": distinct,
            "dates": ({"first": date.fromordinal(int(days.min()) + 1).isoformat(),
                       "last": date.fromordinal(int(days.max()) + 1).isoformat()}
                      if len(days) else None),
            "manifest": self.manifest,
        }

    def warm(self, max_terms: int = 256, max_postings: int = 4_000_000) -> int:
        """Read the postings of the archive's most common words into the term cache.

        The first query with a word in a third of a 200k archive spends most of its time
        decoding that word's postings; a long-running server can pay this once per index
        generation, in the background (`open_archive(dir, warm=True)`), along with the word
        lists that word* and did-you-mean compare with. Returns the number of terms loaded;
        memory is bounded by max_postings (12 bytes each).
        """
        reader = self.searcher.reader()
        for name in ("body", "title"):  # what word* and *word patterns scan
            self.matcher.lexicon(name)
        vocabulary(reader, self.facets)  # what did-you-mean compares typed words with
        english_counts()  # and the English words it leaves alone (0.15 s, once a process)
        other_names("")  # and the cities' other names it offers (0.1 s, once a process)
        common: list[tuple[int, str, bytes]] = []
        for name in ("body", "title"):
            if name not in reader.indexed_field_names():
                continue
            for btext, info in reader.iter_field(name):
                if not is_stop_term(btext.decode("utf-8")):  # those count only in phrases
                    common.append((info.doc_frequency(), name, btext))
        common.sort(reverse=True)
        loaded = budget = 0
        for count, name, btext in common[:max_terms]:
            if budget + count > max_postings:
                continue
            time.sleep(0.001)  # let waiting requests have the postings lock and the CPU
            self.matcher.term_docs(name, btext)
            budget += count
            loaded += 1
        return loaded

    def close(self) -> None:
        self.searcher.close()


class CheckedReader(ArchiveReader):
    """The ArchiveReader open_archive hands out: its reads turn what a damaged index makes
    Whoosh raise into IndexDamaged (search.store.reading), and an export first compares
    every file with its checksums (once per file state), since it cannot fail cleanly once
    its rows are streaming."""

    def _reading(self) -> Any:
        return reading(self.generation.directory.parent, self.generation.directory)

    def search(self, request: SearchRequest) -> SearchResult:
        with self._reading():
            return super().search(request)

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self._reading():
            return super().article(article_id)

    def related(self, article_id: str, top: int = 5) -> list[dict[str, Any]]:
        with self._reading():
            return super().related(article_id, top)

    def facet_values(self, *args: Any, **kwargs: Any) -> FacetCounts:
        with self._reading():
            return super().facet_values(*args, **kwargs)

    def stats(self) -> dict[str, Any]:
        with self._reading():
            return super().stats()

    def iter_stored(self, request: SearchRequest, batch: int = 1000
                    ) -> Iterator[dict[str, Any]]:
        gen_dir = self.generation.directory
        problems = inspect_generation(gen_dir, full=True)
        if problems:
            raise IndexDamaged(gen_dir.parent, problems)
        return guarded_iter(gen_dir.parent, gen_dir, super().iter_stored(request, batch))

    def warm(self, *args: Any, **kwargs: Any) -> int:
        try:
            with self._reading():
                return super().warm(*args, **kwargs)
        except IndexDamaged:  # the next request says so
            return 0


def _warmed(ix: Index, generation: Generation) -> ArchiveReader:
    reader = CheckedReader(ix, generation)
    threading.Thread(target=reader.warm, name="newsarchive-warm", daemon=True).start()
    return reader


def open_archive(index_dir: Path, warm: bool = False) -> IndexHandle:
    """A handle that yields an up-to-date ArchiveReader: `open_archive(d).current().search(...)`.

    warm=True (for servers) fills each new reader's term cache in a background thread.
    """
    return IndexHandle(index_dir, _warmed if warm else CheckedReader)


__all__ = ["ArchiveReader", "Bucket", "Histogram", "Hit", "QueryError", "SearchRequest",
           "SearchResult", "SORTS", "MAX_PAGE_SIZE", "open_archive"]
