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
_COMMON = ("utf_8", "cp1252", "cp1251", "cp1250", "iso8859_15", "koi8_r", "gb18030", "gb2312",
           "big5", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949", "iso8859_7", "cp1253",
           "iso8859_9", "cp1254", "cp1256", "cp1255", "iso8859_2", "mac_roman")
_CHAOS_MARGIN = 0.05
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
        # a <meta> that says UTF-16 is read as UTF-8 (the HTML standard's rule: a page whose
        # meta can be read as ASCII is no UTF-16 text; read so, its words became CJK)
        meta = _normalize(html_declared_charset(data))
        candidates.append("utf-8" if meta and meta.startswith("utf-16") else meta)
    if not data.isascii() and _try(data, "utf-8") is not None:
        # Non-ASCII text that is valid UTF-8 is UTF-8 (legacy text almost never is), whatever a
        # stale header or meta tag claims: mislabelled UTF-8 is the common real-world error.
        return data.decode("utf-8")
    candidates.append("utf-8")
    for encoding in candidates:
        text = _try(data, encoding)
        if text is not None:
            return text
    detected = detect_encoding(data[:_DETECT_LIMIT])
    if detected:
        text = _try(data, detected)
        if text is not None:
            return text
        return data.decode(detected, errors="replace")
    return data.decode("cp1252", errors="replace")


def detect_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess, preferring the common news encodings among near-ties.

    On short texts it ranks rare code pages (DOS Baltic for French text) first by a hair; among
    guesses about as clean as the best, the encoding archives actually use is the better bet.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    best_chaos = min(match.chaos for match in matches)
    near = {match.encoding for match in matches if match.chaos <= best_chaos + _CHAOS_MARGIN}
    for encoding in _COMMON:
        if encoding in near:
            return encoding
    return matches[0].encoding


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read: NULs or many control bytes."""
    if bom_encoding(data):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.05


# control bytes that plain text does not hold (tab, newlines, form feed and escape it may)
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13, 27))
