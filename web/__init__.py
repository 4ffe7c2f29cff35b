"""The Flask front end: HTML pages and a JSON API over search/. It never writes the index."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from flask_compress import Compress

from newsarchive.search.engine import open_archive
from newsarchive.search.store import default_index_dir

TEMPLATES = importlib.resources.files("newsarchive.templates")


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory.

    Config: INDEX_DIR (default: $NEWSARCHIVE_INDEX or ./data/index); WARM (default False):
    fill each new index reader's term cache in a background thread, as a server wants;
    BASE_URL (default: $NEWSARCHIVE_BASE_URL): the scheme://host[:port][/path] of every
    absolute URL, whatever Host a request names; unset, http://SERVER_NAME if Flask's
    SERVER_NAME is set, else http://localhost (`newsarchive serve` sets the address it
    listens on).
    """
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), WARM=False,
                            BASE_URL=os.environ.get("NEWSARCHIVE_BASE_URL") or None)
    if config:
        app.config.from_mapping(config)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the documented key order
    app.extensions["archive"] = open_archive(Path(app.config["INDEX_DIR"]),
                                             warm=bool(app.config["WARM"]))

    from newsarchive.web import api, article_ids, errors, feeds, pages, security

    article_ids.register(app.url_map)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    errors.register(app)
    security.register(app)
    register_compression(app)
    register_static_fingerprints(app)
    return app


# Responses a client may take compressed (Accept-Encoding): pages, JSON, feeds, exports and the
# static files. Exports stay streamed: flask-compress compresses a streamed body chunk by chunk.
COMPRESSED_TYPES = ["text/html", "text/css", "text/plain", "text/javascript",
                    "application/javascript", "application/json", "application/atom+xml",
                    "application/opensearchdescription+xml", "application/xml", "image/svg+xml",
                    "text/csv", "application/x-ndjson"]


def register_compression(app: Flask) -> None:
    """flask-compress on every response of those types (zstd, brotli, gzip or deflate, as the
    client accepts them; nothing for a client that names none)."""
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ["zstd", "br", "gzip", "deflate"])
    Compress(app)


STATIC_MAX_AGE = 365 * 24 * 3600


def register_static_fingerprints(app: Flask) -> None:
    """Static files by content: url_for('static', filename=...) adds ?v=<hash of the file>,
    and a request that names the current hash is answered with a year's immutable caching, so
    a repeat view loads only the HTML; a changed file gets a new URL. Without v, or with an
    old one, the file is served as before (no-cache, revalidated)."""
    folder = Path(app.static_folder or "static")
    known: dict[str, tuple[int, int, str]] = {}

    def fingerprint(filename: str) -> str | None:
        path = folder / filename
        try:
            stat = path.stat()
        except OSError:
            return None
        cached = known.get(filename)
        if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            known[filename] = cached = (stat.st_mtime_ns, stat.st_size, digest)
        return cached[2]

    @app.url_defaults
    def versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = fingerprint(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_forever(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args["v"] == fingerprint(filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
        return response
