"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Written by hand next to the routes it describes; tests/test_web.py checks that every path
here is a route of the app and every /api route is described.
"""

from __future__ import annotations

from typing import Any

from search.contract import PARAMETERS, Kind, Parameter
from search.syntax import forms_summary


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
    Kind.INTEGER: {"type": "integer"}, Kind.CHOICE: {"type": "string"}}


def _search_parameter(parameter: Parameter) -> dict[str, Any]:
    """One row of search.contract.PARAMETERS as an OpenAPI query parameter."""
    schema = dict(_KIND_SCHEMAS[parameter.kind])
    if parameter.choices:
        schema["enum"] = list(parameter.choices)
    if parameter.low is not None:
        schema.update(minimum=parameter.low, maximum=parameter.high)
    if parameter.default is not None:
        schema["default"] = parameter.default
    description = (f"Query (the README's syntax table): {forms_summary()}."
                   if parameter.name == "q" else parameter.help)
    return _param(parameter.name, description, schema, parameter.repeat)


SEARCH_PARAMETERS = [_search_parameter(parameter) for parameter in PARAMETERS]
_PAIRS = {"type": "array", "items": {"type": "array", "prefixItems": [_TEXT, {"type": "integer"}],
                                     "minItems": 2, "maxItems": 2}}
_ARTICLE = {key: {"type": ["string", "null"]} for key in (
    "id", "path", "url", "title", "date", "author", "source", "language", "body")}
_ARTICLE.update({key: {"type": "array", "items": _TEXT}
                 for key in ("persons", "countries", "orgs")})
_ARTICLE["marks"] = {
    "type": "array", "description": "The mentions behind each value, as written in the text "
    "(\"Brussels\" for the country Belgium), longest first",
    "items": {"type": "object", "properties": {
        "text": _TEXT, "facet": {"type": "string", "enum": ["person", "country", "org"]},
        "value": _TEXT}}}
_ERROR = {"description": "Bad parameter, with a message.", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def spec(server_url: str) -> dict[str, Any]:
    """The document; server_url is where this app is served."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "newsarchive", "version": "1",
                 "description": "Full-text search over a news archive with people, countries "
                                "and organizations as facets. Every HTML view has a JSON twin."},
        "servers": [{"url": server_url}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search: ranked hits, facet counts over the whole result set",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _json("SearchResult", "One page of hits."), "400": _ERROR},
            }},
            "/api/articles/{id}": {"get": {
                "summary": "One article with its text and entities",
                "parameters": [_param("id", "The article id (may contain / and #).", _TEXT,
                                      where="path")],
                "responses": {"200": _json("Article", "The article."),
                              "404": {"description": "No such article."}},
            }},
            "/api/facets/{facet}": {"get": {
                "summary": "A facet's values with counts, for the search given by the parameters",
                "parameters": [
                    _param("facet", "Which facet.", {"type": "string",
                           "enum": ["persons", "countries", "orgs"]}, where="path"),
                    _param("prefix", "Only values starting with this text.", _TEXT),
                    *SEARCH_PARAMETERS,
                ],
                "responses": {"200": _json("FacetValues", "Values, most frequent first."),
                              "400": _ERROR},
            }},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {
                "200": {"description": "OpenAPI 3.1"}}}},
            "/feed.atom": {"get": {
                "summary": "The newest matches of a search as an Atom feed (a saved-search alert)",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "Atom", "content": {
                    "application/atom+xml": {}}}, "400": _ERROR},
            }},
            "/export.csv": {"get": {
                "summary": "Every match (not one page) as CSV, streamed",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}},
                              "400": _ERROR},
            }},
            "/export.jsonl": {"get": {
                "summary": "Every match as JSON Lines, one hit object per line, streamed",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": {"description": "JSON Lines", "content": {
                    "application/x-ndjson": {}}}, "400": _ERROR},
            }},
            "/opensearch.xml": {"get": {"summary": "OpenSearch description", "responses": {
                "200": {"description": "OpenSearch 1.1"}}}},
            "/healthz": {"get": {"summary": "Health check", "responses": {
                "200": {"description": "The index can be read"},
                "503": {"description": "No index yet"}}}},
        },
        "components": {"schemas": {
            "Hit": {"type": "object", "properties": {
                "id": _TEXT, "title": _TEXT, "date": {"type": ["string", "null"]},
                "url": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]},
                "snippet": {"type": "string", "description": "Escaped text; only markup <mark>"},
                "persons": {"type": "array", "items": _TEXT},
                "countries": {"type": "array", "items": _TEXT},
                "orgs": {"type": "array", "items": _TEXT}}},
            "SearchResult": {"type": "object", "required": ["total", "page", "hits", "facets"],
                             "properties": {
                "total": {"type": "integer"}, "page": {"type": "integer"},
                "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                "facets": {"type": "object", "properties": {
                    "persons": _PAIRS, "countries": _PAIRS, "orgs": _PAIRS}},
                "suggestion": {"type": ["string", "null"]},
                "histogram": {"oneOf": [{"type": "null"},
                                        {"$ref": "#/components/schemas/Histogram"}]}}},
            "Histogram": {"type": "object", "properties": {
                "interval": {"type": "string", "enum": ["year", "month", "day"]},
                "buckets": {"type": "array", "items": {"type": "object", "properties": {
                    "label": _TEXT, "start": _DATE, "end": _DATE,
                    "count": {"type": "integer"}}}}}},
            "Article": {"type": "object", "properties": _ARTICLE},
            "FacetValues": {"type": "object", "properties": {"facet": _TEXT, "values": _PAIRS}},
            "Error": {"type": "object", "properties": {"error": _TEXT,
                                                       "status": {"type": "integer"}}},
        }},
    }
