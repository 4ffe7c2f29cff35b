"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Written by hand next to the routes it describes; tests/test_web.py checks that every path
here is a route of the app and every /api route is described, and
tests/test_openapi_conformance.py runs schemathesis (every check) against a running server:
every status and content type a route answers with is declared here. Errors of every route
here are JSON {"error", "status"} (web/errors.py), except an export's 429
(web/security.py), which is text/plain.

Conventions (issue 17): every operation has a unique, stable camelCase `operationId` (a verb
and its object: `searchArticles`, `getArticle`, `exportCsv`) and `tags` from TAGS, both taken
from OPERATIONS below, so a code generator's method names do not change when a summary does.
A new route is one row there; tests/test_openapi_conventions.py fails for an operation
without one.
"""

from __future__ import annotations

from typing import Any

from newsarchive.search.contract import (
    FACET_LIST_PARAMETERS,
    LANGUAGE_PATTERN,
    MAX_QUERY_CHARS,
    PARAMETERS,
    Kind,
    Parameter,
)
from newsarchive.search.query import MAX_EXPANDING_WORDS
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.syntax import forms_summary


def _param(name: str, description: str, schema: dict[str, Any], repeat: bool = False,
           where: str = "query") -> dict[str, Any]:
    if repeat:
        schema = {"type": "array", "items": schema}
    spec = {"name": name, "in": where, "description": description, "schema": schema}
    if repeat:
        spec.update(style="form", explode=True)
    if where == "path":
        spec["required"] = True
    return spec


_TEXT = {"type": "string"}
_DATE = {"type": "string", "format": "date"}
_KIND_SCHEMAS: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: _TEXT, Kind.DATE: _DATE,
    Kind.INTEGER: {"type": "integer"}, Kind.CHOICE: {"type": "string"},
    Kind.CODE: {"type": "string", "pattern": LANGUAGE_PATTERN}}


def _search_parameter(parameter: Parameter, blank_is_absent: bool = False,
                      defaults: dict[str, Any] | None = None) -> dict[str, Any]:
    """One row of search.contract.PARAMETERS as an OpenAPI query parameter. blank_is_absent:
    the route reads a date, number or choice given empty as not given (web/params.py)."""
    schema = dict(_KIND_SCHEMAS[parameter.kind])
    if parameter.choices:
        schema["enum"] = list(parameter.choices)
    if parameter.low is not None:
        schema.update(minimum=parameter.low, maximum=parameter.high)
    default = (defaults or {}).get(parameter.name, parameter.default)
    if default is not None:
        schema["default"] = default
    description = (f"Query (the README's syntax table): {forms_summary()}. At most "
                   f"{MAX_QUERY_CHARS} characters; empty: every article. A query with "
                   "nothing to search for (only stop words or operators), with more than "
                   f"{MAX_EXPANDING_WORDS} words with *, ?, ~ or a [range], or too expensive "
                   "to answer is a 400 that says what to try."
                   if parameter.name == "q" else parameter.help)
    if parameter.name == "q":
        schema["maxLength"] = MAX_QUERY_CHARS
    if parameter.name == "from":
        description += " Not after `to` (else 400)."
    spec = _param(parameter.name, description, schema, parameter.repeat)
    if parameter.kind not in (Kind.TEXT, Kind.CODE):  # an empty language is no filter
        if blank_is_absent:
            spec["allowEmptyValue"] = True
            spec["description"] += " Empty (an empty box of the page's form): not given."
        else:
            spec["description"] += " Empty: 400."
    return spec


SEARCH_PARAMETERS = [_search_parameter(parameter) for parameter in PARAMETERS]
# the feed and the exports are linked from the search page with its parameters as they are
PAGE_LINK_PARAMETERS = [_search_parameter(parameter, blank_is_absent=True)
                        for parameter in PARAMETERS]
FEED_PARAMETERS = [_search_parameter(parameter, blank_is_absent=True,
                                     defaults={"sort": "newest", "size": 20})
                   for parameter in PARAMETERS]
_PAIRS = {"type": "array", "items": {"$ref": "#/components/schemas/Pair"}}
_ARTICLE = {key: {"type": ["string", "null"]} for key in (
    "id", "path", "url", "title", "date", "author", "source", "language", "body",
    "extracted_by")}
_ARTICLE.update({key: {"type": "array", "items": _TEXT}
                 for key in ("persons", "countries", "orgs")})
_ARTICLE["marks"] = {
    "type": "array", "description": "The mentions behind each value, as written in the text "
    "(\"Brussels\" for the country Belgium), longest first",
    "items": {"type": "object", "properties": {
        "text": _TEXT, "facet": {"type": "string", "enum": ["person", "country", "org"]},
        "value": _TEXT}}}


def _json(schema_ref: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}, **extra}


_RETRY_AFTER = {"description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 0}}
_BAD_REQUEST = _json("Error", "A parameter or the query is wrong; the message says what to "
                     "write instead.")
_NOT_FOUND = _json("Error", "No such article.")
_UNAVAILABLE = _json(
    "Error", "No index yet; a damaged index (`newsarchive check` tells more); or a busy "
    "server (with Retry-After): the same request may pass later.",
    headers={"Retry-After": {**_RETRY_AFTER, "description": "Sent when the server is busy: "
                             "seconds to wait before trying again."}})
_EXPORT_BUSY = {
    "description": "An export is already running (one at a time per server process).",
    "headers": {"Retry-After": {**_RETRY_AFTER, "required": True}},
    "content": {"text/plain": {"schema": {"type": "string"}}}}


def _body(media_type: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": {
        "type": "string"}}}}


# The groups of operations, in the order a documentation viewer lists them.
TAGS: list[dict[str, str]] = [
    {"name": "search", "description": "Ranked hits and facet counts for a search"},
    {"name": "articles", "description": "One article with its text and entities"},
    {"name": "feeds", "description": "A search as an Atom feed, and the OpenSearch "
                                     "description that lets a browser or reader use it"},
    {"name": "export", "description": "Every match of a search (not one page), streamed"},
    {"name": "service", "description": "This document and the health check"},
]
# (path, method) -> (operationId, tags): stable names; never rename one that was published
OPERATIONS: dict[tuple[str, str], tuple[str, list[str]]] = {
    ("/api/search", "get"): ("searchArticles", ["search"]),
    ("/api/facets/{facet}", "get"): ("listFacetValues", ["search"]),
    ("/api/articles/{id}", "get"): ("getArticle", ["articles"]),
    ("/feed.atom", "get"): ("getSearchFeed", ["feeds"]),
    ("/opensearch.xml", "get"): ("getOpenSearchDescription", ["feeds"]),
    ("/export.csv", "get"): ("exportCsv", ["export"]),
    ("/export.jsonl", "get"): ("exportJsonl", ["export"]),
    ("/export.ftm.json", "get"): ("exportFtm", ["export"]),
    ("/api/openapi.json", "get"): ("getOpenApiDocument", ["service"]),
    ("/healthz", "get"): ("getHealth", ["service"]),
}


def _named(paths: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every operation of paths with its operationId and tags from OPERATIONS, placed first
    (an operation that names its own keeps them)."""
    for path, operations in paths.items():
        for method, operation in operations.items():
            if (path, method) in OPERATIONS:
                operation_id, tags = OPERATIONS[path, method]
                named = {"operationId": operation_id, "tags": list(tags)}
                operations[method] = {**named, **operation}
    return paths


def spec(server_url: str) -> dict[str, Any]:
    """The document; server_url is where this app is served."""
    document = _document(server_url)
    document["paths"] = _named(document["paths"])
    return document


def _document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsarchive", "version": "1",
                 "description": "Full-text search over a news archive with people, countries "
                                "and organizations as facets. Every HTML view has a JSON twin."},
        "servers": [{"url": server_url}],
        "tags": TAGS,
        "paths": {
            "/api/search": {"get": {
                "summary": "Search: ranked hits, facet counts over the whole result set",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _json("SearchResult", "One page of hits."),
                              "400": _BAD_REQUEST, "503": _UNAVAILABLE},
            }},
            "/api/articles/{id}": {"get": {
                "summary": "One article with its text and entities",
                "parameters": [_param("id", "The article id, percent-encoded (# is %23; / as it "
                                      "is or %2F).", _TEXT,
                                      where="path")],
                "responses": {"200": _json("Article", "The article."), "404": _NOT_FOUND,
                              "503": _UNAVAILABLE},
            }},
            "/api/facets/{facet}": {"get": {
                "summary": "A facet's values with counts, for the search given by the parameters",
                "parameters": [
                    _param("facet", "Which facet.", {"type": "string",
                           "enum": ["persons", "countries", "orgs"]}, where="path"),
                    *(_search_parameter(parameter) for parameter in FACET_LIST_PARAMETERS),
                    *SEARCH_PARAMETERS,
                ],
                "responses": {"200": _json("FacetValues", "Values, most frequent first."),
                              "400": _BAD_REQUEST,
                              "404": _json("Error", "No such route (a facet with a /)."),
                              "503": _UNAVAILABLE},
            }},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["openapi", "paths"]}}}}}}},
            "/feed.atom": {"get": {
                "summary": "The newest matches of a search as an Atom feed (a saved-search alert)",
                "parameters": FEED_PARAMETERS,
                "responses": {"200": _body("application/atom+xml", "Atom 1.0"),
                              "400": _BAD_REQUEST, "503": _UNAVAILABLE},
            }},
            "/export.csv": {"get": {
                "summary": "Every match (not one page) as CSV, streamed",
                "parameters": PAGE_LINK_PARAMETERS,
                "responses": {"200": _body("text/csv", "CSV with a header line"),
                              "400": _BAD_REQUEST, "429": _EXPORT_BUSY,
                              "503": _UNAVAILABLE},
            }},
            "/export.jsonl": {"get": {
                "summary": "Every match as JSON Lines, one hit object per line, streamed",
                "parameters": PAGE_LINK_PARAMETERS,
                "responses": {"200": _body("application/x-ndjson", "JSON Lines"),
                              "400": _BAD_REQUEST, "429": _EXPORT_BUSY,
                              "503": _UNAVAILABLE},
            }},
            "/export.ftm.json": {"get": {
                "summary": "Every match as FollowTheMoney entities: one Article entity per "
                           "matching article, one JSON object per line (alephclient "
                           "write-entities), streamed",
                "parameters": PAGE_LINK_PARAMETERS,
                "responses": {"200": _body("application/x-ndjson",
                                           "JSON Lines of FtM entity objects {id, schema: "
                                           "Article, properties}"),
                              "400": _BAD_REQUEST, "429": _EXPORT_BUSY,
                              "503": _UNAVAILABLE},
            }},
            "/opensearch.xml": {"get": {"summary": "OpenSearch description", "responses": {
                "200": _body("application/opensearchdescription+xml", "OpenSearch 1.1")}}},
            "/healthz": {"get": {"summary": "Health check", "responses": {
                "200": _json("Health", "The index can be read"),
                "503": _json("Health", "No index yet, a damaged index (with its problems) "
                                       "or one that cannot be read")}}},
        },
        "components": {"schemas": {
            "Hit": {"type": "object", "properties": {
                "id": _TEXT, "title": _TEXT, "date": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                "title_html": {"type": "string", "description": (
                    "The title, escaped, with the query's words marked; only markup <mark>")},
                "snippet": {"type": "string", "description": "Escaped text; only markup <mark>"},
                "persons": {"type": "array", "items": _TEXT},
                "countries": {"type": "array", "items": _TEXT},
                "orgs": {"type": "array", "items": _TEXT},
                "same_as": {"type": ["string", "null"], "description": (
                    "The id of a hit above it on the same page with the same text (a wire's "
                    "repeated story, a page saved twice), else null.")}}},
            "SearchResult": {"type": "object", "required": ["total", "page", "hits", "facets"],
                             "properties": {
                "total": {"type": "integer"}, "page": {"type": "integer"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "properties": {
                    "persons": _PAIRS, "countries": _PAIRS, "orgs": _PAIRS,
                    "languages": _PAIRS, "sources": _PAIRS}},
                "facet_totals": {"type": "object", "description": (
                    "How many values each facet has in the whole result; `facets` lists "
                    "the most frequent (`/api/facets/{facet}` lists them all)."),
                    "additionalProperties": {"type": "integer", "minimum": 0}},
                "suggestion": {"type": ["string", "null"]},
                "histogram": {"oneOf": [{"type": "null"},
                                        {"$ref": "#/components/schemas/Histogram"}]},
                "words": {"type": ["array", "null"], "description": (
                    "When a query of several words that must all appear found nothing: how "
                    "many articles each word finds alone, with the same filters; else null."),
                    "items": {"type": "object", "required": ["word", "total"], "properties": {
                        "word": _TEXT, "total": {"type": "integer", "minimum": 0}}}},
                "unknown_filters": {"type": ["array", "null"], "description": (
                    "When the search found nothing: its filter values (person, country, org, "
                    "source) "
                    "that no article has, each with up to 3 values of that facet it may "
                    "have meant (`near`: values holding its words, then values a slip or two "
                    "from it), each with the articles the same search finds with it in "
                    "place and the other unknown values left out; else null."),
                    "items": {"type": "object", "required": ["facet", "value", "near"],
                              "properties": {
                        "facet": {"type": "string", "enum": [*FACET_FIELDS, "source"]},
                        "value": _TEXT, "near": _PAIRS}}}}},
            "Histogram": {"type": "object", "properties": {
                "interval": {"type": "string", "enum": ["year", "month", "day"]},
                "buckets": {"type": "array", "items": {"type": "object", "properties": {
                    "label": _TEXT, "start": _DATE, "end": _DATE,
                    "count": {"type": "integer"}}}},
                "undated": {"type": "integer", "minimum": 0, "description": (
                    "Articles of the result without a date: in no bucket.")}}},
            "Article": {"type": "object", "properties": _ARTICLE},
            "Pair": {"type": "array", "description": "[value, count]", "minItems": 2,
                     "maxItems": 2, "prefixItems": [_TEXT, {"type": "integer", "minimum": 0}]},
            "FacetValues": {"type": "object", "properties": {
                "facet": _TEXT, "values": _PAIRS,
                "total": {"type": "integer", "minimum": 0,
                          "description": "How many values match, of which `values` are the "
                                         "`top` most frequent."}}},
            "Error": {"type": "object", "required": ["error", "status"],
                      "properties": {"error": _TEXT, "status": {"type": "integer"}}},
            "Health": {"type": "object", "required": ["status"], "properties": {
                "status": {"type": "string", "enum": ["ok", "no index", "damaged",
                                                      "unreadable"]},
                "articles": {"type": "integer", "minimum": 0}, "detail": _TEXT,
                "problems": {"type": "array", "items": _TEXT}}},
        }},
    }
