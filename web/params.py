"""Read a search from URL parameters: the one place the web's query-string format is defined.

Every view state lives in the URL, so the same parameters serve the page, the API and links:
q, person / country / org (repeatable filters), not_person / not_country / not_org
(exclusions), from / to (YYYY-MM-DD), source, sort, page, size.
"""

from __future__ import annotations

from datetime import date

from werkzeug.datastructures import MultiDict

from search.engine import MAX_PAGE_SIZE, SORTS, SearchRequest
from search.schema import FACET_FIELDS

MAX_QUERY_CHARS = 1000
MAX_PAGE = 10_000


class BadParameter(ValueError):
    """A URL parameter a user (or a link) got wrong; shown as a 400 with this message."""


def _int(args: MultiDict, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, not {value}")
    return value


def _date(args: MultiDict, name: str) -> date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a date like 2023-11-30, not {raw!r}") from None


def search_request(args: MultiDict) -> SearchRequest:
    query = args.get("q", "")
    if len(query) > MAX_QUERY_CHARS:
        raise BadParameter(f"the query is longer than {MAX_QUERY_CHARS} characters")
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter("from must not be after to")
    return SearchRequest(
        query=query,
        filters={f: args.getlist(f) for f in FACET_FIELDS if args.getlist(f)},
        excludes={f: args.getlist(f"not_{f}") for f in FACET_FIELDS if args.getlist(f"not_{f}")},
        date_from=date_from, date_to=date_to,
        source=args.get("source") or None,
        sort=sort,
        page=_int(args, "page", 1, 1, MAX_PAGE),
        page_size=_int(args, "size", 10, 1, MAX_PAGE_SIZE),
    )
