"""Build search URLs from the current URL's parameters: every view state lives in the URL,
so each link on a page is the current state with one change (add a filter, drop a chip...)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlencode, urlsplit

from flask import url_for
from werkzeug.datastructures import MultiDict

from newsarchive.search.contract import PARAMETERS
from newsarchive.search.facets import language_name
from newsarchive.search.schema import FACET_FIELDS

# the parameters of a search (search/contract.py); anything else is not carried along
SEARCH_PARAMS = tuple(parameter.name for parameter in PARAMETERS if parameter.carried)
# parameters of one page view, dropped whenever the search changes
VIEW_ONLY = (*(p.name for p in PARAMETERS if not p.carried),
             *(f"filter_{f}" for f in FACET_FIELDS))
KNOWN = SEARCH_PARAMS + VIEW_ONLY


def _url(endpoint: str, pairs: list[tuple[str, str]], external: bool = False,
         **values: str) -> str:
    base = url_for(endpoint, _external=external, **values)
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


def replaced_value(args: MultiDict, key: str, value: str, other: str) -> str:
    """One value of a repeatable parameter replaced by another: the link behind a value
    offered for a filter value no article has."""
    return search_url(args, **{key: [other if v == value else v for v in args.getlist(key)]})


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


def article_url(args: MultiDict, article_id: str) -> str:
    """An article's page, carrying the search it was found by (query, filters, sort, page), so
    the article can link back to exactly that list of results."""
    pairs = _pairs(args, set(VIEW_ONLY) - {"page"})
    return _url("pages.article", pairs, article_id=article_id)


def back_url(args: MultiDict) -> str:
    """The results page a search-carrying URL (an article's) came from."""
    try:
        page = max(1, int(args.get("page", "1")))
    except ValueError:
        page = 1
    return page_url(args, page)


FACET_LABELS = {"person": "Person", "country": "Country", "org": "Organization"}
SORT_LABELS = {"newest": "newest first", "oldest": "oldest first"}


def describe(args: MultiDict, page: bool = True, quoted: bool = True) -> list[str]:
    """The search in words, one part per condition, for titles and headings:
    ['“trade”', 'Country: Japan', 'not Person: James Baker', '1987-01-01 to 1987-12-31']."""
    parts = []
    query = args.get("q", "").strip()
    if query:  # a quoted phrase shows its own quotes, not “"these"”
        phrase = len(query) > 1 and query[0] == query[-1] == '"' and '"' not in query[1:-1]
        parts.append(f"“{query}”" if quoted and not phrase else query)
    for field in FACET_FIELDS:
        parts += [f"{FACET_LABELS[field]}: {value}" for value in args.getlist(field)]
    for field in FACET_FIELDS:
        parts += [f"not {FACET_LABELS[field]}: {value}" for value in args.getlist(f"not_{field}")]
    if args.get("from") or args.get("to"):
        parts.append(f"{args.get('from') or '…'} to {args.get('to') or '…'}")
    if args.get("source"):
        parts.append(f"Source: {args['source']}")
    parts += [f"Language: {language_name(code.lower())}" for code in args.getlist("lang") if code]
    if args.get("sort") in SORT_LABELS:
        parts.append(SORT_LABELS[args["sort"]])
    if page and args.get("page", "1") not in ("", "1"):
        parts.append(f"page {args['page']}")
    return parts


MAX_SLUG_CHARS = 80


def slug(args: MultiDict) -> str:
    """The search as a file-name part: trade-country-japan ('' for every article)."""
    words = [args.get("q", "")]
    for field in FACET_FIELDS:
        words += [f"{field} {value}" for value in args.getlist(field)]
        words += [f"not {field} {value}" for value in args.getlist(f"not_{field}")]
    if args.get("from"):
        words.append(f"from {args['from']}")
    if args.get("to"):
        words.append(f"to {args['to']}")
    if args.get("source"):
        words.append(f"source {args['source']}")
    words += [f"lang {code}" for code in args.getlist("lang") if code]
    text = re.sub(r"[\W_]+", "-", " ".join(words).casefold()).strip("-")
    return text[:MAX_SLUG_CHARS].rstrip("-")


def download_name(args: MultiDict, extension: str) -> str:
    """A Content-Disposition value naming the file after the search:
    newsarchive-trade-country-japan.csv (with an ASCII fallback when it has other letters)."""
    name = "-".join(filter(None, ("newsarchive", slug(args) or "all"))) + f".{extension}"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"-{2,}", "-", ascii_name.replace("-.", "."))
    if ascii_name == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
