"""The JSON API: the same results the pages show, in the CLI's JSON contract."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for

from newsarchive.search.contract import (
    FACET_LIST_PARAMETERS,
    ParameterError,
    read_parameter,
)
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.web.openapi import spec as openapi_spec
from newsarchive.web.params import search_request

bp = Blueprint("api", __name__, url_prefix="/api")


def archive():
    """The up-to-date reader (reopened after a new index commit)."""
    return current_app.extensions["archive"].current()


@bp.get("/search")
def search():
    result = archive().search(search_request(request.args, strict=True))
    return result.as_dict()


@bp.get("/articles/<article_id:article_id>")
def article(article_id: str):
    found = archive().article(article_id)
    if found is None:
        abort(404)
    return found


@bp.get("/facets/<facet>")
def facet_values(facet: str):
    field = {"persons": "person", "countries": "country", "orgs": "org"}.get(facet, facet)
    if field not in FACET_FIELDS:
        raise ParameterError(f"facet must be persons, countries or orgs, not {facet!r}")
    prefix, top = (read_parameter(parameter, request.args.getlist)
                   for parameter in FACET_LIST_PARAMETERS)
    every = archive().facet_values(field, prefix=prefix or None, top=None,
                                   request=search_request(request.args, strict=True))
    return {"facet": facet, "total": len(every),
            "values": [list(pair) for pair in every[:top]]}


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document():
    """The OpenAPI description of this API, for clients and code generators."""
    return openapi_spec(url_for("pages.search", _external=True).rstrip("/"))
