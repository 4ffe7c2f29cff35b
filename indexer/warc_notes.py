"""What warcio says of a broken WARC, caught and put in words, so the indexer reports it as it
reports every other problem of a file (one line naming the file, `indexer/sources.py`).

warcio writes some problems straight to standard error (a record whose Content-Length is
wrong; gzip data damaged inside a record, as zlib's bare "Error -3 while decompressing data")
and logs another on its own logger, which nothing configures (a target URI with spaces):
the user saw lines naming no file, several of them for one problem.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, TypeVar

T = TypeVar("T")
Kind = Literal["length", "gzip", "uri", "other"]

_OFFSET = re.compile(r"Offset:\s*(\d+)")
_URI_SPACES = "Replacing spaces in invalid WARC-Target-URI: "
_DECOMPRESS = re.compile(r"^Error -?\d+ while decompressing data")
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")


@dataclass(frozen=True)
class WarcioNote:
    """One thing warcio said, in words. `length`: the record read before it has a wrong
    Content-Length; `gzip`: the record being read is damaged; `uri`: the record being loaded
    had its address mended; `other`: anything else warcio printed."""

    kind: Kind
    reason: str


def printable(text: str, limit: int = 120) -> str:
    """warcio's text as one short printable line: it quotes bytes of the file, which must
    not reach a terminal as they are."""
    text = "".join(ch if ch.isprintable() else "?" for ch in " ".join(text.split()))
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def load_failure(error: Exception) -> str:
    """warcio's reason for giving up on a file, printable; the line it quotes where a record
    should start is kept only when it is text (it was binary junk, decoded as Latin-1)."""
    message, _, first_line = str(error).partition(", first line:")
    if first_line and _UNPRINTABLE.search(first_line.strip()):
        return f"{printable(message)}, not a WARC header (binary data)"
    return printable(str(error), 200)


def note_of(said: str) -> WarcioNote:
    """warcio's message (what it wrote or logged) as a note."""
    text = said.strip()
    if "Record not followed by newline" in text:
        offset = _OFFSET.search(text)
        where = f" (byte {offset.group(1)})" if offset else ""
        return WarcioNote("length", "its Content-Length looks wrong: no blank line follows "
                                    f"it{where}; read as that length says")
    if text.startswith(_URI_SPACES):
        address = printable(text.removeprefix(_URI_SPACES))
        return WarcioNote("uri", f"its WARC-Target-URI holds spaces, read as %20: {address}")
    if _DECOMPRESS.match(text):
        return WarcioNote("gzip", printable(text))
    return WarcioNote("other", f"warcio: {printable(text)}")


def _messages(written: str) -> list[str]:
    """warcio's writes to standard error, one string a message (its warning about a record's
    length spans three lines: the warning, "Offset: ...", "Remainder: ...")."""
    messages: list[str] = []
    for line in written.splitlines():
        if not line.strip():
            continue
        if messages and line.strip().startswith(("Offset:", "Remainder:")):
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages


class _ThisThreadsStderr(io.TextIOBase):
    """Standard error that keeps this thread's writes and passes on everyone else's."""

    def __init__(self, original: object, kept: list[str]) -> None:
        self.original, self.kept, self.thread = original, kept, threading.get_ident()

    def write(self, text: str) -> int:
        if threading.get_ident() == self.thread:
            self.kept.append(text)
            return len(text)
        return self.original.write(text)  # type: ignore[attr-defined]

    def flush(self) -> None:
        self.original.flush()  # type: ignore[attr-defined]


class _Kept(logging.Handler):
    def __init__(self, kept: list[str]) -> None:
        super().__init__()
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append(record.getMessage())


class WarcioNotes:
    """What warcio says while it reads one file: `listening()` around each call into warcio
    (never around a `yield`, where the caller may write to standard error itself), then
    `take()` the notes."""

    def __init__(self) -> None:
        self._said: list[str] = []

    @contextlib.contextmanager
    def listening(self) -> Iterator[None]:
        logger = logging.getLogger("warcio")
        handler, propagate = _Kept(self._said), logger.propagate
        logger.addHandler(handler)
        logger.propagate = False
        original = sys.stderr
        # warcio writes several pieces for one message: they are joined before reading them
        pieces: list[str] = []
        sys.stderr = _ThisThreadsStderr(original, pieces)
        try:
            yield
        finally:
            sys.stderr = original
            logger.removeHandler(handler)
            logger.propagate = propagate
            self._said += _messages("".join(pieces))

    def each(self, items: Iterable[T]) -> Iterator[T]:
        """The items of a warcio iterator, each one fetched while listening."""
        iterator = iter(items)
        while True:
            with self.listening():
                item = next(iterator, _END)
            if item is _END:
                return
            yield item  # type: ignore[misc]

    def take(self) -> list[WarcioNote]:
        """The notes since the last take."""
        notes = [note_of(said) for said in self._said]
        self._said.clear()
        return notes


_END = object()
