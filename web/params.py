"""Read a search from URL parameters (the contract itself is search/contract.py).

Every view state lives in the URL, so the same parameters serve the page, the API and links.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from newsarchive.search.contract import request_from
from newsarchive.search.engine import SearchRequest


def search_request(args: MultiDict, strict: bool = False) -> SearchRequest:
    """The search the URL asks for; search.contract.ParameterError (a 400) if it is wrong.

    strict (the JSON API, /api/*): a date, number or choice given empty ("to=") is a 400.
    Else (the search page, and the feed and exports it links to with the page's own
    parameters) it is the same as leaving it out: the page's date form sends an empty box
    as "from=" or "to=", and a user must not see an error for it."""
    return request_from(args.getlist, strict=strict)
