"""The HTML pages: search with facets, and one article."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search.schema import FACET_KEYS
from search.store import IndexMissing
from web.params import search_request

bp = Blueprint("pages", __name__)

FACET_TITLES = {"person": "People", "country": "Countries", "org": "Organizations"}


def search_url(args: MultiDict, **changes: list[str] | str | None) -> str:
    """The search URL for args with some parameters replaced (None removes); page resets."""
    merged = MultiDict(args)
    merged.pop("page", None)
    for key, value in changes.items():
        merged.poplist(key)
        if isinstance(value, list):
            merged.setlist(key, value)
        elif value is not None:
            merged[key] = value
    return url_for("pages.search", **merged.to_dict(flat=False))


@bp.app_context_processor
def helpers():
    return {"search_url": search_url, "FACET_TITLES": FACET_TITLES, "FACET_KEYS": FACET_KEYS}


@bp.get("/")
def search():
    args = request.args
    try:
        reader = current_app.extensions["archive"].current()
    except IndexMissing as missing:
        return render_template("search.html", result=None, missing=str(missing), args=args,
                               search_request=None)
    search_req = search_request(args)
    result = reader.search(search_req)
    return render_template("search.html", result=result, missing=None, args=args,
                           search_request=search_req)


@bp.get("/article/<path:article_id>")
def article(article_id: str):
    reader = current_app.extensions["archive"].current()
    found = reader.article(article_id)
    if found is None:
        abort(404)
    return render_template("article.html", article=found, related=reader.related(article_id))
