"""The Flask front end: HTML pages and a JSON API over search/. It never writes the index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from search.engine import open_archive
from search.store import default_index_dir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Application factory. Config: INDEX_DIR (default: $NEWSARCHIVE_INDEX or ./data/index)."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(INDEX_DIR=str(default_index_dir()), JSON_SORT_KEYS=False)
    if config:
        app.config.from_mapping(config)
    app.extensions["archive"] = open_archive(Path(app.config["INDEX_DIR"]))

    from web import api, errors, feeds, pages, security

    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    errors.register(app)
    security.register(app)
    return app
