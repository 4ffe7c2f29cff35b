"""Serve the app with gunicorn, a production WSGI server, from inside the CLI."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def serve(app: Any, host: str, port: int, workers: int = 2, threads: int = 4) -> None:
    """Run until interrupted. Threads share one index reader per worker process."""
    _Gunicorn(app, {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": "gthread", "accesslog": "-", "errorlog": "-", "loglevel": "warning",
        "timeout": 60, "graceful_timeout": 5,
    }).run()
