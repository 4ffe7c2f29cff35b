"""Security headers on every response: the browser-side half of the XSS defences.

The templates autoescape and snippets carry only <mark>; these headers make sure that even
a mistake there cannot run script: a Content-Security-Policy without inline script or
third-party origins, no MIME sniffing, no framing, and no referrer leaking queries to
other sites. See SECURITY.md.
"""

from __future__ import annotations

from flask import Flask, Response

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


def register(app: Flask) -> None:
    """Install the headers on every response of app, errors and static files included."""
    app.after_request(add_security_headers)
