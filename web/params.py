"""Read a search from URL parameters (the contract itself is search/contract.py).

Every view state lives in the URL, so the same parameters serve the page, the API and links.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from search.contract import request_from
from search.engine import SearchRequest


def search_request(args: MultiDict) -> SearchRequest:
    """The search the URL asks for; search.contract.ParameterError (a 400) if it is wrong."""
    return request_from(args.getlist)
