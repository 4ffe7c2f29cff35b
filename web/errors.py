"""Errors a user can cause get a page (or JSON) that says what to do; never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from newsarchive.search.contract import MAX_QUERY_CHARS, ParameterError
from newsarchive.search.query import QueryError, ServerBusy
from newsarchive.search.store import IndexDamaged, IndexMissing


def _wants_json() -> bool:
    """JSON ({"error", "status"}) for the routes programs read: the API and the feed,
    exports, OpenSearch and health routes (web/feeds.py), as web/openapi.py declares; an
    HTML page for the pages and for URLs that are no route at all."""
    return request.path.startswith("/api/") or _blueprint() == "feeds"


def _blueprint() -> str | None:
    """The blueprint of the route the address is, also when the request failed to reach it
    (a POST to /export.csv is routed nowhere: a 405)."""
    if request.blueprint is not None:
        return request.blueprint
    try:
        endpoint, _args = current_app.url_map.bind_to_environ(request.environ).match(
            method="GET")
    except HTTPException:
        return None
    return endpoint.rpartition(".")[0] or None


def _error(status: int, message: str, title: str | None = None,
           at_fault: tuple[str, ...] | None = None):
    """The error as JSON or a page. The page's search box keeps the words; with `at_fault`
    (a 400 that names the parameters to blame), it keeps every other parameter too, and its
    "Back to search" link leaves those out, so it does not lead to the same error."""
    if _wants_json():
        return {"error": message, "status": status}, status
    query = request.args.get("q", "")[:MAX_QUERY_CHARS]
    words = [("q", query)] if query else []
    kept = [] if at_fault is None else [  # unknown: none of the parameters that may be to blame
        (name, value) for name, value in request.args.items(multi=True)
        if name != "q" and name not in at_fault]
    args = MultiDict(kept + words)  # the words stay in the box, to be mended
    back = MultiDict(kept + (words if "q" not in (at_fault or ()) else []))
    return render_template("error.html", status=status, message=message, args=args,
                           back=back, title=title), status


def register(app: Flask) -> None:
    @app.errorhandler(ParameterError)
    def bad_parameter(error: ParameterError):
        return _error(400, str(error), at_fault=error.names)

    @app.errorhandler(QueryError)
    def bad_query(error: QueryError):
        return _error(400, str(error), at_fault=("q",))

    @app.errorhandler(ServerBusy)
    def busy(error: ServerBusy):
        response = _error(503, str(error), title="The server is busy")
        return response[0], 503, {"Retry-After": "2"}

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return _error(503, str(error))

    @app.errorhandler(IndexDamaged)
    def damaged_index(error: IndexDamaged):
        app.logger.error("%s", error)
        return _error(503, "The archive's index is damaged, so this cannot be answered; the "
                           "operator can find out more with `newsarchive check`.",
                      title="The archive's index is damaged")

    @app.errorhandler(404)
    def not_found(error: Exception):
        return _error(404, "There is no such page or article.")

    @app.errorhandler(405)
    def wrong_method(error: MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ["GET"]))
        response = _error(405, f"This address answers {allowed} requests only.")
        return response[0], 405, {"Allow": allowed}

    @app.errorhandler(500)
    def server_error(error: Exception):
        return _error(500, "Something went wrong on our side; the log has the details.")
