"""Build search URLs from the current URL's parameters: every view state lives in the URL,
so each link on a page is the current state with one change (add a filter, drop a chip...)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from flask import url_for
from werkzeug.datastructures import MultiDict

from search.contract import PARAMETERS
from search.schema import FACET_FIELDS

# the parameters of a search (search/contract.py); anything else is not carried along
SEARCH_PARAMS = tuple(parameter.name for parameter in PARAMETERS if parameter.carried)
# parameters of one page view, dropped whenever the search changes
VIEW_ONLY = (*(p.name for p in PARAMETERS if not p.carried),
             *(f"filter_{f}" for f in FACET_FIELDS))
KNOWN = SEARCH_PARAMS + VIEW_ONLY


def _url(endpoint: str, pairs: list[tuple[str, str]], external: bool = False) -> str:
    base = url_for(endpoint, _external=external)
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _pairs(args: MultiDict, skip: set[str]) -> list[tuple[str, str]]:
    return [(key, value) for key in KNOWN if key not in skip for value in args.getlist(key)]


def search_url(args: MultiDict, endpoint: str = "pages.search", external: bool = False,
               **changes: list[str] | str | None) -> str:
    """The URL for args with some parameters replaced (None removes); the page resets."""
    pairs = _pairs(args, set(VIEW_ONLY) | set(changes))
    for key, value in changes.items():
        if isinstance(value, list):
            pairs += [(key, item) for item in value]
        elif value is not None:
            pairs.append((key, value))
    return _url(endpoint, pairs, external)


def with_value(args: MultiDict, key: str, value: str) -> str:
    """Add one value to a repeatable parameter (a facet filter or exclusion)."""
    values = args.getlist(key)
    return search_url(args, **{key: values if value in values else values + [value]})


def without_value(args: MultiDict, key: str, value: str) -> str:
    """Remove one value of a repeatable parameter: the link behind a chip's ×."""
    return search_url(args, **{key: [v for v in args.getlist(key) if v != value]})


def page_url(args: MultiDict, page: int) -> str:
    """The same search on another page (the only change that keeps everything else)."""
    pairs = _pairs(args, {"page"})
    if page > 1:
        pairs.append(("page", str(page)))
    return _url("pages.search", pairs)


def kept_fields(args: MultiDict, drop: tuple[str, ...] = ("q",)) -> list[tuple[str, str]]:
    """(name, value) pairs for hidden inputs, so a form submit keeps the other filters."""
    return _pairs(args, set(drop) | set(VIEW_ONLY))


def http_url(url: str | None) -> str | None:
    """url if it is an http(s) link, else None: an archived page's URL could be javascript:."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None
