"""The HTML pages: search with facets and a date histogram, and one article."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from newsarchive.search.contract import ParameterError
from newsarchive.search.engine import ArchiveReader, SearchRequest
from newsarchive.search.facets import language_name
from newsarchive.search.query import QueryError, date_clauses, filter_clauses
from newsarchive.search.schema import FACET_FIELDS, FACET_KEYS
from newsarchive.search.store import IndexMissing
from newsarchive.search.text import fold
from newsarchive.web import histogram_svg
from newsarchive.web.entities import linked_paragraphs
from newsarchive.web.params import search_request
from newsarchive.web.urls import (
    FACET_LABELS,
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
FACET_SINGULAR = FACET_LABELS  # "Person", "Country", "Organization"
FACET_SHOWN = 8  # values listed before "show more"
FACET_MORE = 40  # values behind "show more"
MAX_FILTER_CHARS = 100


@dataclass
class Chip:
    """One active filter, shown above the results with a link that removes it."""

    label: str
    value: str
    remove_url: str
    kind: str = "include"


def active_chips(args: MultiDict, reader: ArchiveReader | None = None) -> list[Chip]:
    """The filters in force: sidebar filters, then the facet clauses typed in the query that
    filter it as a whole (person:Baker; not one inside brackets or beside OR) and its date
    clauses, each with a link that removes it. With the reader, a value typed otherwise than
    the archive shows it says which it is ("UK (United Kingdom)", "US (any)" for a word
    clause finding several)."""
    chips = [Chip(FACET_SINGULAR[f], _as_shown(v, _named(reader, f, v)),
                  without_value(args, f, v), f)
             for f in FACET_FIELDS for v in args.getlist(f)]
    chips += [Chip(f"Not {FACET_SINGULAR[f].lower()}", _as_shown(v, _named(reader, f, v)),
                   without_value(args, f"not_{f}", v), "exclude")
              for f in FACET_FIELDS for v in args.getlist(f"not_{f}")]
    query = args.get("q", "")
    for clause in filter_clauses(query):
        label = FACET_SINGULAR[clause.field]
        value = clause.value if clause.exact or reader is None else _as_shown(
            clause.value, _clause_value(reader, clause), "any")
        chips.append(Chip(f"Not {label.lower()}" if clause.negated else label, value,
                          search_url(args, q=clause.without(query) or None),
                          "exclude" if clause.negated else clause.field))
    for typed in date_clauses(query):
        span = f"{typed.first or '…'} – {typed.last or '…'}"
        chips.append(Chip("Not date" if typed.negated else "Date", span,
                          search_url(args, q=typed.without(query) or None),
                          "exclude" if typed.negated else "date"))
    if args.get("from") or args.get("to"):
        span = f"{args.get('from') or '…'} – {args.get('to') or '…'}"
        chips.append(Chip("Date", span, search_url(args, **{"from": None, "to": None}), "date"))
    if args.get("source"):
        chips.append(Chip("Source", args["source"], search_url(args, source=None), "source"))
    chips += [Chip("Language", language_name(v.lower()), without_value(args, "lang", v),
                   "language") for v in args.getlist("lang") if v]
    return chips


def active_values(args: MultiDict, reader: ArchiveReader) -> dict[str, dict[str, str]]:
    """Per facet, the values a filter keeps (a sidebar filter, or a facet clause of the
    query that names one value: country:Japan, ?country=UK), as the sidebar lists them, each
    with the link that removes its filter. The sidebar marks them as chosen, so a click
    takes the filter off rather than adding the same one again."""
    active: dict[str, dict[str, str]] = {f: {} for f in (*FACET_FIELDS, "lang")}
    query = args.get("q", "")
    for clause in filter_clauses(query):
        value = _clause_value(reader, clause)
        if value is not None and not clause.negated:
            active[clause.field].setdefault(value, search_url(args, q=clause.without(query)
                                                              or None))
    for field in FACET_FIELDS:
        for typed in args.getlist(field):
            value = _named(reader, field, typed) or typed
            active[field].setdefault(value, without_value(args, field, typed))
    for code in args.getlist("lang"):
        active["lang"].setdefault(code.lower(), without_value(args, "lang", code))
    return active


def _named(reader: ArchiveReader | None, field: str, typed: str) -> str | None:
    """The value a typed facet value is, as the archive shows it ("UK": United Kingdom)."""
    return None if reader is None else reader.facets[field].value_named(typed)


def _clause_value(reader: ArchiveReader, clause) -> str | None:
    """The one value a facet clause keeps: its quoted value, or the only value holding its
    word(s) (country:US: United States); None when it keeps several, or none."""
    if clause.exact:
        return _named(reader, clause.field, clause.value)
    values = reader.facets[clause.field].values_with_words(clause.value)
    return values[0] if len(values) == 1 else None


def _as_shown(typed: str, value: str | None, otherwise: str | None = None) -> str:
    """A typed value for a chip: as typed when the archive writes it so, else with the
    archive's value ("UK (United Kingdom)"), or `otherwise` ("US (any)") when it is none."""
    if value is not None:
        return value if fold(value) == fold(typed) else f"{typed} ({value})"
    return f"{typed} ({otherwise})" if otherwise else typed


@dataclass
class DateForm:
    """The sidebar's date form: the days its boxes show, and the search it keeps (hidden)."""

    first: str
    last: str
    kept: MultiDict


def date_form(args: MultiDict) -> DateForm:
    """The date form of a search. A date typed in the query (oil date:1987-03) is the range
    the boxes show, and the form replaces it: the boxes were empty, and a day entered there
    was added to the typed range (an empty result when they did not overlap)."""
    query = args.get("q", "")
    typed = date_clauses(query)
    if args.get("from") or args.get("to") or len(typed) != 1 or typed[0].negated:
        return DateForm(args.get("from", ""), args.get("to", ""), args)
    kept = args.copy()
    kept.setlist("q", [typed[0].without(query)] if typed[0].without(query) else [])
    return DateForm(str(typed[0].first or ""), str(typed[0].last or ""), kept)


def clear_all_url(args: MultiDict) -> str:
    """The search without any filter: the query's words kept, the clauses that are chips taken
    out."""
    query = args.get("q", "")
    typed = [*filter_clauses(query), *date_clauses(query)]
    for clause in sorted(typed, key=lambda clause: clause.start, reverse=True):
        query = clause.without(query)
    return url_for("pages.search", q=query) if query else url_for("pages.search")


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
    """Page numbers to link: first, last and a window around the current; None is a gap."""
    wanted = {1, last} | set(range(max(1, current - around), min(last, current + around) + 1))
    numbers: list[int | None] = []
    for number in sorted(wanted):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@bp.get("/article/<path:article_id>")
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
