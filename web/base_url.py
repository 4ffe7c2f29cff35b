"""The base URL users reach the server at (`serve --base-url`, BASE_URL): every absolute URL
and every link's path starts with it, so a malformed one is refused at start-up, in one line
that says what is wrong, instead of broken links on every page."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote_to_bytes, urlsplit

DEFAULT_BASE_URL = "http://localhost"
FORM = "http(s)://host[:port][/path]"

# a host name's labels (letters, digits, hyphens; underscores, which some networks use), or
# an IPv4 address, which has the same shape
_HOST = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*"
                   r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?")
_BAD_CHARACTER = re.compile(r"[\s\x00-\x1f\x7f\\]")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# what a path may hold as it is (RFC 3986 pchar and "/"); anything else is percent-encoded
_PATH_SAFE = "/%!$&'()*+,;=:@-._~"


class BadBaseUrl(ValueError):
    """A base URL refused, and why: `str()` names it as a setting (BASE_URL); `reason` is
    the rest, for a message that names the option already."""

    def __init__(self, url: str, why: str) -> None:
        self.reason = f"{url!r}: {why}; give it as {FORM}"
        super().__init__(f"base URL {self.reason}")


def _host(url: str, hostname: str) -> str:
    """The host as a URL writes it: lower case, a non-ASCII name in its IDNA (xn--) form,
    an IPv6 address in brackets."""
    if ":" in hostname:  # urlsplit has checked an address in brackets
        return f"[{hostname}]"
    try:
        host = hostname.encode("idna").decode("ascii") if not hostname.isascii() else hostname
    except UnicodeError:
        raise BadBaseUrl(url, f"{hostname!r} is not a host name") from None
    if not _HOST.fullmatch(host.lower()):
        raise BadBaseUrl(url, f"{hostname!r} is not a host name")
    return host.lower()


def _path(url: str, path: str) -> str:
    """The path prefix, percent-encoded (`/café` is `/caf%C3%A9`), without a trailing slash;
    a part a browser would resolve or merge away (`.`, `..`, `//`) is refused."""
    path = path.rstrip("/")
    if _BAD_ESCAPE.search(path):
        raise BadBaseUrl(url, "a % in its path is not followed by two hex digits")
    if any(part in ("", ".", "..") for part in path.split("/")[1:]):
        raise BadBaseUrl(url, f"its path {path!r} has an empty, '.' or '..' part")
    return quote(path, safe=_PATH_SAFE)


@lru_cache(maxsize=8)
def canonical_base_url(url: str) -> str:
    """url as scheme://host[:port][/path], without a trailing slash, or a ValueError that
    says what is wrong with it."""
    given = url.strip()
    if _BAD_CHARACTER.search(given):
        raise BadBaseUrl(url, "it holds a space, a control character or a backslash")
    try:
        parts = urlsplit(given)
    except ValueError as error:  # a bracketed host that is no IPv6 address
        raise BadBaseUrl(url, str(error)) from None
    if parts.scheme.lower() not in ("http", "https") or not given[len(parts.scheme):] \
            .startswith("://"):
        raise BadBaseUrl(url, "it is not an http:// or https:// URL")
    if not parts.hostname:
        raise BadBaseUrl(url, "it names no host")
    if "@" in parts.netloc:
        raise BadBaseUrl(url, "it has a user name")
    if "?" in given or "#" in given:
        raise BadBaseUrl(url, "it has a query (?) or a fragment (#)")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or parts.netloc.endswith(":"):
        raise BadBaseUrl(url, "its port is not a number from 1 to 65535")
    netloc = _host(url, parts.hostname) + (f":{port}" if port else "")
    return f"{parts.scheme.lower()}://{netloc}{_path(url, parts.path)}"


def script_root(base: str) -> str:
    """The base URL's path as a WSGI server writes a request's path (percent-escapes decoded,
    the bytes as Latin-1), to tell a request that still carries the prefix."""
    return unquote_to_bytes(urlsplit(base).path).decode("latin-1")
