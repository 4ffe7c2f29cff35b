"""Searching the archive: one request in, one result out (the JSON contract of CLI and API)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.index import Index

from search import snippets
from search.facets import FacetCounts, FacetTable
from search.query import QueryError, parse_query
from search.schema import FACET_FIELDS, FACET_KEYS, split_values
from search.store import Generation, IndexHandle, read_manifest

SORTS = ("relevance", "newest", "oldest")
MAX_PAGE_SIZE = 100


@dataclass
class SearchRequest:
    """Everything a search can say. Facet filters are keyed by field: person, country, org."""

    query: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    excludes: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10
    facet_limit: int = 10


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, FacetCounts]
    suggestion: str | None = None
    took_ms: float = 0.0

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
            "suggestion": self.suggestion,
        }


def _stored_entities(fields: dict[str, Any]) -> dict[str, list[str]]:
    return {FACET_KEYS[f]: split_values(fields.get(f)) for f in FACET_FIELDS}


class ArchiveReader:
    """A searcher on one generation of the index, with its facet tables built once."""

    def __init__(self, ix: Index, generation: Generation) -> None:
        self.generation = generation
        self.searcher = ix.searcher()
        reader = self.searcher.reader()
        self.facets = {f: FacetTable.build(reader, f) for f in FACET_FIELDS}
        self.manifest = read_manifest(generation.directory)

    @property
    def doc_count(self) -> int:
        return self.searcher.doc_count()

    # -- searching -------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        text_query = parse_query(request.query)
        restrict = self._restriction(request)
        combined = wq.And([text_query, restrict]) if restrict is not None else text_query
        excluded = self._exclusion(request)
        if excluded is not None:
            combined = wq.AndNot(combined, excluded)
        docnums = np.fromiter(self.searcher.docs_for_query(combined), dtype=np.int64)
        facets = {
            FACET_KEYS[f]: self.facets[f].counts(docnums, top=request.facet_limit)
            for f in FACET_FIELDS
        }
        hits = self._page_of_hits(combined, request) if len(docnums) else []
        suggestion = self._suggestion(request.query, text_query) if len(docnums) < 3 else None
        return SearchResult(
            total=len(docnums), page=request.page, page_size=request.page_size, hits=hits,
            facets=facets, suggestion=suggestion,
            took_ms=round((time.perf_counter() - started) * 1000, 1),
        )

    def _restriction(self, request: SearchRequest) -> wq.Query | None:
        terms: list[wq.Query] = [
            wq.Term(f, value) for f, values in request.filters.items() for value in values
        ]
        if request.source:
            terms.append(wq.Term("source", request.source))
        if request.date_from or request.date_to:
            start = datetime.combine(request.date_from, dtime.min) if request.date_from else None
            end = datetime.combine(request.date_to, dtime.max) if request.date_to else None
            terms.append(wq.DateRange("date", start, end))
        return wq.And(terms) if terms else None

    def _exclusion(self, request: SearchRequest) -> wq.Query | None:
        terms = [wq.Term(f, value) for f, values in request.excludes.items() for value in values]
        return wq.Or(terms) if terms else None

    def _page_of_hits(self, combined: wq.Query, request: SearchRequest) -> list[Hit]:
        sort = {"newest": ("date", True), "oldest": ("date", False)}.get(request.sort)
        kwargs: dict[str, Any] = {"terms": True}
        if sort:
            kwargs.update(sortedby=sort[0], reverse=sort[1])
        page = self.searcher.search_page(combined, request.page, request.page_size, **kwargs)
        if request.page > page.pagecount:
            return []
        snippets.configure(page.results)
        hits = []
        for hit in page:
            stored = hit.fields()
            snippet = hit.highlights("body", top=2) or snippets.lead_snippet(stored.get("body", ""))
            hits.append(Hit(
                id=stored["id"], title=stored.get("title") or stored["id"],
                date=stored.get("date_text"), url=stored.get("url"),
                source=stored.get("source"), snippet=snippet, **_stored_entities(stored),
            ))
        return hits

    def _suggestion(self, text: str, parsed: wq.Query) -> str | None:
        """A corrected query string when the words look misspelt, else None."""
        if not text.strip():
            return None
        try:
            corrected = self.searcher.correct_query(parsed, text)
        except Exception:  # correction is a nicety; never let it break a search
            return None
        return corrected.string if corrected.query != parsed else None

    # -- single articles -------------------------------------------------------------------
    def article(self, article_id: str) -> dict[str, Any] | None:
        """The stored article as a dict (the /api/articles contract), or None."""
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return None
        stored = self.searcher.stored_fields(docnum)
        return {
            "id": stored["id"], "path": stored.get("path"), "url": stored.get("url"),
            "title": stored.get("title") or stored["id"], "date": stored.get("date_text"),
            "author": stored.get("author"), "source": stored.get("source"),
            "language": stored.get("language"), "body": stored.get("body", ""),
            **_stored_entities(stored),
            "mentions": json.loads(stored.get("mentions") or "[]"),
        }

    def related(self, article_id: str, top: int = 5) -> list[dict[str, Any]]:
        """Articles most like this one by their body's key terms."""
        docnum = self.searcher.document_number(id=article_id)
        if docnum is None:
            return []
        results = self.searcher.more_like(docnum, "body", top=top)
        return [{"id": h["id"], "title": h.get("title") or h["id"], "date": h.get("date_text")}
                for h in results]

    def facet_values(self, facet: str, prefix: str | None = None, top: int | None = 20,
                     request: SearchRequest | None = None) -> FacetCounts:
        """Values of one facet with counts, over the whole archive or one request's results."""
        table = self.facets[facet]
        if request is None:
            docnums = np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)
        else:
            combined = self._combined(request)
            docnums = np.fromiter(self.searcher.docs_for_query(combined), dtype=np.int64)
        return table.counts(docnums, top=top, prefix=prefix)

    def _combined(self, request: SearchRequest) -> wq.Query:
        combined = parse_query(request.query)
        restrict = self._restriction(request)
        if restrict is not None:
            combined = wq.And([combined, restrict])
        excluded = self._exclusion(request)
        return wq.AndNot(combined, excluded) if excluded is not None else combined

    def stats(self) -> dict[str, Any]:
        everything = np.fromiter(self.searcher.reader().all_doc_ids(), dtype=np.int64)
        distinct = {FACET_KEYS[f]: len(self.facets[f].counts(everything, top=None))
                    for f in FACET_FIELDS}
        return {
            "articles": int(len(everything)),
            "index_dir": str(self.generation.directory.parent),
            "generation": self.generation.directory.name,
            "distinct": distinct,
            "manifest": self.manifest,
        }

    def close(self) -> None:
        self.searcher.close()


def open_archive(index_dir: Path) -> IndexHandle:
    """A handle that yields an up-to-date ArchiveReader: `open_archive(d).current().search(...)`."""
    return IndexHandle(index_dir, ArchiveReader)


__all__ = ["ArchiveReader", "Hit", "QueryError", "SearchRequest", "SearchResult", "SORTS",
           "MAX_PAGE_SIZE", "open_archive"]
