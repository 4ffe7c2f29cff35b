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

from newsarchive.search.contract import MAX_PAGE
from newsarchive.search.export import as_csv, as_jsonl, export_rows
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.store import IndexDamaged, IndexMissing
from newsarchive.web.params import search_request
from newsarchive.web.urls import describe, download_name, search_url

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 20
# characters XML 1.0 forbids, which an archived title could still carry
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# full Content-Type values (a mimetype= of text/csv would get Flask's "; charset=utf-8" added)
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
                "ftm.json": "application/x-ndjson; charset=utf-8"}  # FtM entities, one a line


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
    base = url_for("pages.search", _external=True)
    body = render_template("feed.atom.xml", result=result, updated=updated,
                           query=request.args.get("q", ""), args=request.args,
                           title=" · ".join(describe(request.args, page=False, quoted=False)),
                           paging=paging_links(request.args, result.page, result.pages),
                           start_index=(result.page - 1) * result.page_size + 1,
                           # a category's scheme is an IRI (RFC 4287 4.2.2.2): the search
                           # page filtered by that facet, so scheme + the URL-encoded term is
                           # the search for that value ("http://host/?person=" + "James+Baker")
                           schemes={field: f"{base}?{field}=" for field in FACET_FIELDS},
                           opensearch=url_for("feeds.opensearch", _external=True))
    return Response(NOT_XML.sub("", body), mimetype="application/atom+xml")


def paging_links(args, page: int, pages: int) -> dict[str, str]:
    """A paged feed's links (RFC 5005 section 3: first, previous, next, last), absolute, to
    the same feed on another page; none when everything fits on one page. The last is at
    most the last page a URL may ask for (search.contract.MAX_PAGE)."""
    pages = min(pages, MAX_PAGE)
    if pages <= 1:
        return {}

    def to(number: int) -> str:
        return search_url(args, endpoint="feeds.atom", external=True,
                          page=str(number) if number > 1 else None)

    links = {"first": to(1)}
    if page > 1:
        links["previous"] = to(min(page - 1, pages))
    if page < pages:
        links["next"] = to(page + 1)
    links["last"] = to(pages)
    return links


@bp.get("/export.csv", endpoint="export_csv", defaults={"fmt": "csv"})
@bp.get("/export.jsonl", endpoint="export_jsonl", defaults={"fmt": "jsonl"})
@bp.get("/export.ftm.json", endpoint="export_ftm", defaults={"fmt": "ftm.json"})
def export(fmt: str) -> Response:
    """Every match (not one page) as CSV, JSON Lines or FollowTheMoney Article entities (JSON
    Lines, one entity per article: search/ftm.py), streamed as it is read."""
    req = search_request(request.args)
    reader = _reader()
    if fmt == "ftm.json":  # followthemoney loads in about a second: only when asked for
        from newsarchive.search.ftm import ftm_entities

        rows = ftm_entities(reader, req)
    else:
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
