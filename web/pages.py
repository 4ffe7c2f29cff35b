"""The HTML pages: search with facets and a date histogram, and one article."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from werkzeug.datastructures import MultiDict

from newsarchive.search.contract import ParameterError
from newsarchive.search.engine import SearchRequest
from newsarchive.search.facets import language_name
from newsarchive.search.query import QueryError
from newsarchive.search.schema import FACET_FIELDS, FACET_KEYS
from newsarchive.search.store import IndexMissing
from newsarchive.web import histogram_svg
from newsarchive.web.entities import linked_paragraphs
from newsarchive.web.filters import (
    FACET_SINGULAR,
    active_chips,
    active_values,
    clear_all_url,
    date_form,
    other_holders,
)
from newsarchive.web.params import search_request
from newsarchive.web.urls import (
    KNOWN,
    article_url,
    back_url,
    describe,
    http_url,
    kept_fields,
    page_url,
    replaced_value,
    search_url,
    with_value,
    without_value,
)

bp = Blueprint("pages", __name__)

FACET_TITLES = {"person": "People", "country": "Countries", "org": "Organizations"}
FACET_SHOWN = 8  # values listed before "show more"
FACET_MORE = 40  # values behind "show more"
MAX_FILTER_CHARS = 100


def facet_lists(reader, req: SearchRequest, result, args: MultiDict) -> dict[str, dict]:
    """Per facet: the values to show, how many there are in all, and the text of its filter
    box when one was typed."""
    lists = {}
    for field in FACET_FIELDS:
        typed = args.get(f"filter_{field}", "").strip()[:MAX_FILTER_CHARS]
        values = result.facets[FACET_KEYS[field]]
        total = result.facet_totals.get(FACET_KEYS[field], len(values))
        if typed:
            folded = typed.casefold()
            everything = reader.facet_values(field, top=None, request=req)
            values = [(v, n) for v, n in everything if folded in v.casefold()]
            values, total = values[:FACET_MORE], len(values)
        lists[field] = {"values": values, "filter": typed, "total": total}
    return lists


bp.add_app_template_filter(http_url, "http_url")


@bp.app_context_processor
def helpers():
    return {"search_url": search_url, "with_value": with_value, "without_value": without_value,
            "replaced_value": replaced_value,
            "page_url": page_url, "kept_fields": kept_fields, "article_url": article_url,
            "back_url": back_url, "describe": describe, "FACET_TITLES": FACET_TITLES,
            "language_name": language_name,
            "FACET_SINGULAR": FACET_SINGULAR, "FACET_KEYS": FACET_KEYS,
            "FACET_SHOWN": FACET_SHOWN}


@bp.get("/")
def search():
    args = request.args
    try:
        reader = current_app.extensions["archive"].current()
    except IndexMissing as missing:
        return render_template("search.html", result=None, missing=str(missing), args=args), 503
    req = search_request(args)
    req.facet_limit = FACET_MORE
    result = reader.search(req)
    histogram = getattr(result, "histogram", None)
    return render_template(
        "search.html", result=result, missing=None, args=args, request_=req,
        chips=active_chips(args, reader), clear_url=clear_all_url(args),
        active=active_values(args, reader), dates=date_form(args),
        holders=other_holders(args, reader),
        facets=facet_lists(reader, req, result, args),
        chart=histogram_svg.chart(histogram, args) if histogram else None,
        pages=pager(result.page, result.pages),
    )


def readable_search(args: MultiDict) -> MultiDict:
    """The search parameters an article link carries, less those the search page would
    refuse (page=0, from=bad): the way back, and the search box's hidden fields, must not
    lead to an error page."""
    args = args.copy()
    for _ in range(len(args) + 1):
        try:
            search_request(args)
        except ParameterError as error:
            for name in error.names or list(args):
                args.poplist(name)
            continue
        except QueryError:
            args.poplist("q")
            continue
        break
    return args


def pager(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last and a window around the current; None is a gap of
    two pages or more (a gap of one is that page: "1 2 3", not "1 … 3")."""
    wanted = {1, last} | set(range(max(1, current - around), min(last, current + around) + 1))
    numbers: list[int | None] = []
    for number in sorted(wanted):
        before = numbers[-1] if numbers else number - 1
        if number - before == 2:
            numbers.append(number - 1)
        elif number - before > 2:
            numbers.append(None)
        numbers.append(number)
    return numbers


@bp.get("/article/<article_id:article_id>")
def article(article_id: str):
    reader = current_app.extensions["archive"].current()
    found = reader.article(article_id)
    if found is None:
        abort(404)
    # the search the article was found by (its links carry it), for the way back to it
    came_from = readable_search(MultiDict([(key, value) for key in KNOWN
                                           if not key.startswith("filter_")
                                           for value in request.args.getlist(key)]))
    return render_template(
        "article.html", article=found, related=reader.related(article_id),
        paragraphs=linked_paragraphs(found), args=came_from,
    )
