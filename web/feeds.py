"""Everything a search is besides a page: its Atom feed (the saved-search alert), a CSV or
JSON Lines export of the whole result set, the OpenSearch description and a health check."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from newsarchive.search.export import as_csv, as_jsonl, export_rows
from newsarchive.search.store import IndexDamaged, IndexMissing
from newsarchive.web.params import search_request
from newsarchive.web.urls import describe, download_name

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 20
# characters XML 1.0 forbids, which an archived title could still carry
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# full Content-Type values (a mimetype= of text/csv would get Flask's "; charset=utf-8" added)
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _reader():
    return current_app.extensions["archive"].current()


@bp.app_template_filter("rfc3339")
def rfc3339(stamp: str | None) -> str:
    """An Atom date: stored dates may lack a time zone (taken as UTC) or be absent."""
    try:
        moment = datetime.fromisoformat(stamp) if stamp else EPOCH
    except ValueError:
        moment = EPOCH
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


@bp.get("/feed.atom")
def atom() -> Response:
    """The newest matches of any search as Atom: subscribe to it to be told of new articles."""
    req = search_request(request.args)
    if not request.args.get("sort"):  # absent, or an empty box of the page's form
        req.sort = "newest"
    if not request.args.get("size"):
        req.page_size = FEED_ENTRIES
    result = _reader().search(req)
    dates = [rfc3339(hit.date) for hit in result.hits if hit.date]
    updated = max(dates) if dates else rfc3339(None)
    body = render_template("feed.atom.xml", result=result, updated=updated,
                           query=request.args.get("q", ""), args=request.args,
                           title=" · ".join(describe(request.args, page=False, quoted=False)))
    return Response(NOT_XML.sub("", body), mimetype="application/atom+xml")


@bp.get("/export.csv", endpoint="export_csv", defaults={"fmt": "csv"})
@bp.get("/export.jsonl", endpoint="export_jsonl", defaults={"fmt": "jsonl"})
def export(fmt: str) -> Response:
    """Every match (not one page) as CSV or JSON Lines, streamed as it is read."""
    req = search_request(request.args)
    reader = _reader()
    rows = export_rows(reader, req)
    chunks = as_csv(rows) if fmt == "csv" else as_jsonl(rows)
    response = Response(stream_with_context(chunks), content_type=EXPORT_TYPES[fmt])
    # named after the search: newsarchive-trade-country-japan.csv
    response.headers["Content-Disposition"] = download_name(request.args, fmt)
    return response


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """Lets a browser add the archive as a search engine."""
    base = url_for("pages.search", _external=True)
    body = render_template("opensearch.xml", base=base,
                           atom=url_for("feeds.atom", _external=True),
                           api=url_for("api.search", _external=True))
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.get("/healthz")
def healthz():
    """200 with the article count when the index can be read; 503 with the reason when there
    is none yet, or it is damaged (its files' sizes and, for a changed file, checksums are
    checked on every request) or cannot be read."""
    try:
        reader = _reader()
        articles = reader.doc_count
    except IndexMissing as missing:
        return {"status": "no index", "detail": str(missing)}, 503
    except IndexDamaged as damaged:
        return {"status": "damaged", "detail": str(damaged),
                "problems": [str(problem) for problem in damaged.problems]}, 503
    except Exception as error:  # noqa: BLE001 - a health check answers, whatever happened
        current_app.logger.exception("health check")
        return {"status": "unreadable", "detail": f"{type(error).__name__}: {error}"}, 503
    return {"status": "ok", "articles": articles}
