"""The Flask front end: HTML pages and a JSON API over search/. It never writes the index."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from search.engine import open_archive
from search.store import default_index_dir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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

    from web import api, errors, feeds, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    errors.register(app)
    security.register(app)
    return app
