"""Turn archive bytes into text without ever raising UnicodeDecodeError.

Order of trust: a byte-order mark (it cannot lie), the charset the container declared (HTTP header,
``<meta charset>``), strict UTF-8, then detection with charset-normalizer for legacy encodings, and
as a last resort cp1252 with replacement characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Browsers read these labels as the wider Windows code page (WHATWG Encoding Standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}
_DETECT_LIMIT = 200_000  # charset-normalizer is slow on big inputs; a prefix decides well enough


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark names, if the data starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def html_declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def _normalize(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes, declared: str | None = None, html: bool = False) -> str:
    """Decode ``data``; ``declared`` is a container's charset; ``html`` also reads ``<meta>``."""
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    candidates = [_normalize(declared)]
    if html:
        candidates.append(_normalize(html_declared_charset(data)))
    if not data.isascii() and _try(data, "utf-8") is not None:
        # Non-ASCII text that is valid UTF-8 is UTF-8 (legacy text almost never is), whatever a
        # stale header or meta tag claims: mislabelled UTF-8 is the common real-world error.
        return data.decode("utf-8")
    candidates.append("utf-8")
    for encoding in candidates:
        text = _try(data, encoding)
        if text is not None:
            return text
    best = from_bytes(data[:_DETECT_LIMIT]).best()
    if best is not None:
        text = _try(data, best.encoding)
        if text is not None:
            return text
        return data.decode(best.encoding, errors="replace")
    return data.decode("cp1252", errors="replace")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read: NULs or many control bytes."""
    if bom_encoding(data):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05
