"""Security headers on every response, and a cap on concurrent whole-archive exports.

The templates autoescape and snippets carry only <mark>; these headers make sure that even
a mistake there cannot run script: a Content-Security-Policy without inline script or
third-party origins, no MIME sniffing, no framing, and no referrer leaking queries to
other sites. Exports stream every match (no row ceiling, by design), so each server process
runs at most MAX_CONCURRENT_EXPORTS at a time and answers 429 beyond that: a few export
requests cannot take every worker thread away from searches. Every request is seen as made
to the canonical base URL (app.config BASE_URL), whatever its Host header says, so absolute
URLs (feeds, OpenSearch, OpenAPI, redirects) never carry a client's Host. See SECURITY.md.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from newsarchive.web.base_url import DEFAULT_BASE_URL, canonical_base_url, script_root

# No 'unsafe-inline' anywhere: templates use no inline script, handlers or style attributes.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response) -> Response:
    """Set the headers unless a view chose its own value (setdefault)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


EXPORT_ENDPOINTS = frozenset({"feeds.export_csv", "feeds.export_jsonl",
                              "feeds.export_ftm"})
MAX_CONCURRENT_EXPORTS = 1  # per server process; `newsarchive serve` runs 4 threads in each
EXPORT_BUSY = "an export is already running; try again in a minute"


def _take_export_slot() -> Response | None:
    """Before an export: take a slot, or answer 429 (Retry-After) when none is free."""
    if request.endpoint not in EXPORT_ENDPOINTS:
        return None
    slots: threading.BoundedSemaphore = current_app.extensions["export_slots"]
    if not slots.acquire(blocking=False):
        response = Response(EXPORT_BUSY + "\n", status=429, mimetype="text/plain")
        response.headers["Retry-After"] = "60"
        return response
    g.export_slot = _Slot(slots)
    return None


class _Slot:
    """One taken export slot; released once, when the streamed response is closed."""

    def __init__(self, slots: threading.BoundedSemaphore) -> None:
        self._slots, self._lock, self._held = slots, threading.Lock(), True

    def release(self) -> None:
        with self._lock:
            if self._held:
                self._held = False
                self._slots.release()


def _hand_slot_to_response(response: Response) -> Response:
    """The slot is held while the export streams: released when the body has been sent (or
    the client went away and the server closed it); at once for an error answered in full."""
    slot = g.pop("export_slot", None)
    if slot is None:
        return response
    if not response.is_streamed:
        slot.release()
        return response
    response.response = _released_after(response.response, slot)
    response.call_on_close(slot.release)
    return response


def _released_after(body: Iterable[bytes], slot: _Slot) -> Iterator[bytes]:
    try:
        yield from body
    finally:
        slot.release()


def _release_on_error(error: BaseException | None) -> None:
    """A request that failed before it had a response still gives its slot back."""
    slot = g.pop("export_slot", None)
    if slot is not None:
        slot.release()


def base_url(config: Any) -> str:
    """BASE_URL; else the SERVER_NAME Flask is configured with; else http://localhost."""
    if config.get("BASE_URL"):
        return canonical_base_url(config["BASE_URL"])
    if config.get("SERVER_NAME"):
        scheme = config.get("PREFERRED_URL_SCHEME") or "http"
        return canonical_base_url(f"{scheme}://{config['SERVER_NAME']}")
    return DEFAULT_BASE_URL


class CanonicalHost:
    """WSGI middleware: each request's Host, scheme and script root become the base URL's,
    so nothing a client puts in Host can reach a page or a header. A base URL with a path
    (https://example.org/news, behind a proxy) is the script root; a request path that
    still starts with it is served as the path after it."""

    def __init__(self, app: Callable, config: Any) -> None:
        self.app, self.config = app, config

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        base = base_url(self.config)
        parts = urlsplit(base)
        environ["wsgi.url_scheme"] = parts.scheme
        environ["HTTP_HOST"] = parts.netloc
        environ["SERVER_NAME"] = parts.hostname
        environ["SERVER_PORT"] = str(parts.port or (443 if parts.scheme == "https" else 80))
        environ["SCRIPT_NAME"] = parts.path  # percent-encoded: links are written with it
        path, prefix = environ.get("PATH_INFO", ""), script_root(base)
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            environ["PATH_INFO"] = path[len(prefix):]
        return self.app(environ, start_response)


def register(app: Flask) -> None:
    """Install the headers on every response (errors and static files included), the
    export cap (app.config MAX_CONCURRENT_EXPORTS, per process) and the canonical host."""
    base_url(app.config)  # a bad BASE_URL fails here, at start-up
    app.wsgi_app = CanonicalHost(app.wsgi_app, app.config)  # type: ignore[method-assign]
    limit = int(app.config.get("MAX_CONCURRENT_EXPORTS", MAX_CONCURRENT_EXPORTS))
    app.extensions["export_slots"] = threading.BoundedSemaphore(limit)
    app.before_request(_take_export_slot)
    app.after_request(_hand_slot_to_response)
    app.after_request(add_security_headers)
    app.teardown_request(_release_on_error)
