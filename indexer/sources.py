"""Readers: walk an archive, yield one RawArticle per article, a SourceError per bad input.

Supported: ``.html``/``.htm``/``.xhtml``/``.shtml`` pages, ``.mhtml``/``.mht`` pages saved as
one file, ``.txt`` text (a story, or a news database's export of several:
``indexer.exports``), ``.json`` (one article or a list), ``.jsonl`` and WARC (``.warc``), each
also gzip-compressed (``.gz``). A reader never raises: a bad file or record becomes a
SourceError and the walk goes on, so one broken input loses nothing else.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import errno
import gzip
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsarchive.indexer.article import RawArticle, SourceError
from newsarchive.indexer.encoding import decode, looks_binary
from newsarchive.indexer.exports import export_records, may_be_export
from newsarchive.indexer.regular_files import NotRegularFile, open_regular, special_kind
from newsarchive.indexer.warc_notes import WarcioNote, WarcioNotes, load_failure
from newsarchive.search.store import CURRENT, MANIFEST

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".txt", ".json", ".jsonl", ".warc",
    ".html.gz", ".htm.gz", ".xhtml.gz", ".shtml.gz", ".mhtml.gz", ".mht.gz", ".txt.gz",
    ".json.gz", ".jsonl.gz", ".warc.gz",
)
MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # one page or text file: a news article is far smaller,
# and extraction time grows with size (about 8 s a MB of prose on one core)
# A page saved as one file (SingleFile's .html, a browser's .mhtml) carries its images and
# fonts inside it: read up to this much, and hold it to MAX_ARTICLE_BYTES without them.
MAX_SAVED_PAGE_BYTES = 200 * 1024 * 1024
MAX_JSON_BYTES = 200 * 1024 * 1024  # a whole .json document is parsed in memory
MAX_LINE_BYTES = 20 * 1024 * 1024  # one JSONL line / one WARC record payload
ID_FIELDS = ("id", "newid", "NEWID", "_id", "guid")

_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)
_KINDS = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html", ".txt": "text"}
_MHTML = (".mhtml", ".mht")
# An image, font or style inlined as base64 (``src="data:image/png;base64,iVBOR..."``); only
# long ones are cut, so a page's own short data URIs stay as written.
_INLINE_DATA = re.compile(rb"(data:[\w.+/-]*(?:;[\w.+-]+=[^;,\s\"']*)*;base64,)"
                          rb"[A-Za-z0-9+/=\s]{256,}")


@dataclass
class Skipped:
    """A file that is not an article type we read (listed as skipped)."""

    path: str  # relative path
    reason: str


@dataclass
class UnchangedFile:
    """A file the walk's `unchanged` check passed, so it was not read (indexer.stamps)."""

    path: str  # relative path


@dataclass
class SourceWarning:
    """Something wrong in a file that is read all the same (a WARC record whose length is
    wrong): said as a warning naming the file, not counted as a failure."""

    path: str  # relative path
    reason: str


class UnreadableFolder(SourceError):
    """A folder the walk could not list (its path relative to the root; "." the root): the
    articles the index holds from it are kept, as those of a file that fails."""


Item = RawArticle | SourceError | SourceWarning | Skipped | UnchangedFile


def one_line(error: object, limit: int = 200) -> str:
    """An exception's message as one short line: each failure is one line on stderr."""
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def iter_sources(root: Path, unchanged: Callable[[Path, str], bool] | None = None
                 ) -> Iterator[Item]:
    """Walk ``root`` (directory: recursively, sorted, hidden entries ignored; or one file).

    Ids: a single-article file's path relative to ``root``; a record in .json/.jsonl/WARC is
    ``"<path>#<record id>"`` with the record's own id, else its 1-based position.
    An article file for which `unchanged(path, relative path)` is true is not read: an
    UnchangedFile.
    """
    root = Path(root)
    if root.is_file():
        files: Iterable[tuple[Path, str]] = [(root, printable_name(root.name))]
    elif root.is_dir():
        files = _walk(root, root)
    else:
        yield SourceError(root.name or str(root), _not_a_file(root))
        return
    for found in files:
        if not isinstance(found, tuple):
            yield found
            continue
        path, rel = found
        if unchanged is not None and article_suffix(path.name) and unchanged(path, rel):
            yield UnchangedFile(rel)
        else:
            yield from read_file(path, rel)


def _walk(folder: Path, root: Path) -> Iterator[tuple[Path, str] | SourceError | Skipped]:
    """Files under ``folder`` in sorted order, with their paths relative to ``root``; hidden
    files and folders left out. A folder that cannot be listed is an UnreadableFolder; a
    symbolic link to a folder is not followed (it could loop, or hold another root's files)
    and a broken one is skipped, each said."""
    rel = printable_name(folder.relative_to(root).as_posix())
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        reason = one_line(error.strerror or error)
        yield UnreadableFolder(rel, f"cannot read this folder ({reason}): the articles "
                               "indexed from it are kept")
        return
    names = {entry.name for entry in entries}
    if _is_index(folder, names):  # `--index archive/idx`: its files are no articles
        yield Skipped(rel or printable_name(folder.name),
                      "a newsarchive index, not articles")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        rel = printable_name(path.relative_to(root).as_posix())
        try:
            if entry.is_dir(follow_symlinks=False):
                page = _saved_page_of(entry.name, names)
                if page:
                    yield Skipped(rel, f"the images and frames of the saved page {page}, not "
                                       "articles")
                else:
                    yield from _walk(path, root)
            elif not entry.is_symlink():
                if entry.is_file():
                    yield path, rel
                else:  # a named pipe, a device, a socket: never opened
                    kind = special_kind(entry.stat(follow_symlinks=False).st_mode)
                    yield Skipped(rel, f"not a regular file ({kind})")
            elif path.is_dir():  # (is_dir and is_file are false for a loop)
                yield Skipped(rel, "a link to a folder: not followed (give that folder to "
                                   "index on its own)")
            elif path.is_file():
                yield path, rel
            else:
                yield Skipped(rel, _not_a_file(path, link=True))
        except OSError as error:
            yield SourceError(rel, f"cannot read it ({one_line(error.strerror or error)})")


def _not_a_file(path: Path, link: bool = False) -> str:
    """Why a path that is neither a regular file nor a folder is not read: it is missing
    (for a link: broken, or a loop), or it is a pipe, a device or a socket."""
    try:
        kind = special_kind(path.stat().st_mode)
    except OSError as error:
        if link:
            return "a link to nothing (broken, or a loop)"
        return "no such file or directory" if error.errno == errno.ENOENT else \
            f"cannot read it ({one_line(error.strerror or error)})"
    return f"a link to {kind}, not a regular file" if link else f"not a regular file ({kind})"


def _is_index(folder: Path, names: set[str]) -> bool:
    """Whether a folder is a newsarchive index: its `current` link, or a generation folder
    with its manifest (before the first run's first commit)."""
    return (CURRENT in names and (folder / CURRENT).is_symlink()) or any(
        name.startswith("gen-") and (folder / name / MANIFEST).is_file()
        for name in names)


# A browser's "Web page, complete" saves "story.html" and its images, scripts and frames in
# "story_files" (in some languages "story-Dateien", "story_fichiers", ...).
_SAVED_PAGE_FOLDERS = ("_files", "-Dateien", "_fichiers", "_archivos", "-bestanden", "-filer",
                       "_arquivos", "-tiedostot", "_pliki")


def _saved_page_of(folder: str, names: set[str]) -> str | None:
    """The page a folder holds the parts of, when that page is beside it."""
    for ending in _SAVED_PAGE_FOLDERS:
        if folder.endswith(ending):
            stem = folder[:-len(ending)]
            return next((stem + suffix for suffix in (".html", ".htm", ".xhtml", ".shtml",
                                                      ".html.gz", ".htm.gz")
                         if stem + suffix in names), None)
    return None


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def printable_name(name: str) -> str:
    """A file's relative path as an article id and in messages: a name's bytes that are not
    UTF-8 (a Latin-1 name from an old zip: Python keeps them as lone surrogates, which no
    index or terminal can write) and control characters (a line break would split an error
    line in two) are written as escapes, ``caf\\xe9.txt``."""
    if not _UNPRINTABLE.search(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)


def article_suffix(name: str) -> str | None:
    """The supported suffix of a file name (``.html.gz`` counts as one), or None."""
    lower = name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return None


def read_file(path: Path, rel: str) -> Iterator[Item]:
    """Every article in one file; any failure becomes a SourceError naming ``rel``."""
    suffix = article_suffix(path.name)
    if suffix is None:
        kind = "".join(path.suffixes[-2:]) or "no suffix"
        yield Skipped(rel, f"not an article file type ({kind})")
        return
    base = suffix.removesuffix(".gz")
    try:
        if base == ".warc":
            yield from _read_warc(path, rel)
        elif base == ".jsonl":
            yield from _read_jsonl(path, rel, suffix.endswith(".gz"))
        elif base == ".json":
            yield from _read_json(path, rel, suffix.endswith(".gz"))
        elif base in _MHTML:
            yield _read_mhtml(path, rel, suffix.endswith(".gz"))
        else:
            yield from _read_single(path, rel, _KINDS[base], suffix.endswith(".gz"))
    except SourceError as error:
        yield error
    except NotRegularFile as error:  # a pipe put in the file's place since the walk saw it
        yield SourceError(rel, str(error))
    except MemoryError:
        yield SourceError(rel, "file too large to read into memory")
    except Exception as error:  # noqa: BLE001 - a reader must never stop the walk
        yield SourceError(rel, f"unreadable: {type(error).__name__}: {one_line(error)}")


@contextlib.contextmanager
def _open(path: Path, gz: bool) -> Iterator[IO[bytes]]:
    """The file's bytes (decompressed), if it is a regular file (indexer.regular_files)."""
    with open_regular(path) as raw:
        if not gz:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            yield stream


def _read_bytes(path: Path, rel: str, gz: bool, limit: int) -> bytes:
    """The file's (decompressed) bytes, refusing more than ``limit`` without reading it all."""
    try:
        with _open(path, gz) as handle:
            data = handle.read(limit + 1)
    except _GZIP_ERRORS as error:
        raise SourceError(rel, f"not valid gzip (truncated?): {one_line(error)}") from None
    except OSError as error:
        raise SourceError(rel, f"cannot read: {error.strerror or error}") from None
    if len(data) > limit:
        raise SourceError(rel, f"too large: over {limit // (1024 * 1024)} MB"
                          + (" uncompressed" if gz else ""))
    return data


def _check_text(rel: str, data: bytes, record: str | None = None) -> None:
    if not data.strip():
        raise SourceError(rel, "empty file" if record is None else "empty record", record)
    if looks_binary(data):
        raise SourceError(rel, "binary file, not text", record)


def _read_single(path: Path, rel: str, kind: str, gz: bool) -> Iterator[Item]:
    if kind == "html":
        data = _without_inline_data(rel, _read_bytes(path, rel, gz, MAX_SAVED_PAGE_BYTES), gz)
    else:
        data = _read_bytes(path, rel, gz, MAX_ARTICLE_BYTES)
    _check_text(rel, data)
    records = export_records(decode(data)) if kind == "text" and may_be_export(data) else None
    if records is None:
        yield RawArticle(id=rel, path=rel, kind=kind, data=data)
    elif len(records) == 1 and "id" not in records[0]:  # one story with a header block
        yield RawArticle(id=rel, path=rel, kind="record", fields=records[0])
    else:  # a LexisNexis or Factiva export: its documents
        seen: set[str] = set()
        for position, record in enumerate(records, 1):
            yield _record(rel, record, position, seen)


def _without_inline_data(rel: str, data: bytes, gz: bool = False) -> bytes:
    """A page over MAX_ARTICLE_BYTES with its inlined images and fonts left out (their
    ``data:`` URIs emptied), or a SourceError if it is still too large without them."""
    if len(data) <= MAX_ARTICLE_BYTES:
        return data
    data = _INLINE_DATA.sub(rb"\1", data)
    if len(data) > MAX_ARTICLE_BYTES:
        raise SourceError(rel, f"too large: over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
                          + (" uncompressed" if gz else "") + " without its inline images")
    return data


def _read_mhtml(path: Path, rel: str, gz: bool) -> RawArticle:
    """A page a browser saved as one file ("Webpage, Single File": MIME multipart/related):
    its HTML part, with the page's address and the part's declared charset."""
    data = _read_bytes(path, rel, gz, MAX_SAVED_PAGE_BYTES)
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = message.walk() if message.is_multipart() else iter([message])
    page = next((part for part in parts if part.get_content_type() == "text/html"), None)
    if page is None:
        raise SourceError(rel, "not a saved web page: no HTML part in this MHTML file")
    html = page.get_payload(decode=True)
    if not isinstance(html, bytes):
        raise SourceError(rel, "not a saved web page: its HTML part is empty")
    html = _without_inline_data(rel, html, gz)
    _check_text(rel, html)
    url = message.get("Snapshot-Content-Location") or page.get("Content-Location")
    return RawArticle(id=rel, path=rel, kind="html", data=html, url=str(url) if url else None,
                      charset=page.get_content_charset())


def _record_id(record: dict[str, Any], position: int, seen: set[str]) -> str:
    """The record's own id when it has one, else its position; made unique inside the file."""
    rid = next((record[key] for key in ID_FIELDS if isinstance(record.get(key), (str, int))
                and str(record[key]).strip()), position)
    rid = str(rid).strip()
    if rid in seen:
        rid = f"{rid}@{position}"
    seen.add(rid)
    return rid


def _record(rel: str, record: Any, position: int, seen: set[str]) -> RawArticle | SourceError:
    if not isinstance(record, dict):
        return SourceError(rel, f"record {position}: not a JSON object ({type(record).__name__})",
                           str(position))
    if isinstance(record.get("_source"), dict):  # an Elasticsearch hit: the stored document
        record = {**({"_id": record["_id"]} if "_id" in record else {}), **record["_source"]}
    rid = _record_id(record, position, seen)
    return RawArticle(id=f"{rel}#{rid}", path=rel, kind="record", fields=record, record_id=rid)


def _loads(text: str) -> Any:
    """json.loads with deep nesting reported as a JSON error instead of a RecursionError, and
    half a character pair (``"\\ud83d"``: a text cut in the middle of an emoji) replaced by
    U+FFFD, as a decoder does with broken UTF-8: no later step can write it."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise ValueError("nesting too deep") from None
    if "\\ud" in text or "\\uD" in text:
        document = _without_surrogates(document)
    return document


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(key): _without_surrogates(item)
                for key, item in value.items()}
    return value


def _json_reason(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} (line {error.lineno} column {error.colno})"
    if "integer string conversion" in str(error):  # Python's guard, and its advice to coders
        return "invalid JSON: a number of more than 4,300 digits"
    return f"invalid JSON: {one_line(error)}"


def _read_json(path: Path, rel: str, gz: bool) -> Iterator[Item]:
    data = _read_bytes(path, rel, gz, MAX_JSON_BYTES)
    _check_text(rel, data)
    text = decode(data)
    try:
        document = _loads(text)
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError) and error.msg == "Extra data":
            yield from _one_after_another(rel, text)  # JSON Lines saved as .json, jq's output
            return
        raise SourceError(rel, _json_reason(error)) from None
    records = _records_of(document)
    if records is None:  # one article
        if not isinstance(document, dict):
            raise SourceError(rel, f"JSON is a {type(document).__name__}, not an article or a list")
        yield RawArticle(id=rel, path=rel, kind="record", fields=_one_article(document))
        return
    seen: set[str] = set()
    for position, record in enumerate(records, 1):
        yield _record(rel, record, position, seen)


_LIST_KEYS = ("articles", "items", "records", "data", "results", "docs", "hits", "entries",
              "stories", "posts")
# A search API's answer holds its list one level down: {"response": {"docs": [...]}} (the New
# York Times), {"hits": {"hits": [...]}} (Elasticsearch), {"articles": {"results": [...]}}
# (Event Registry).
_ANSWER_KEYS = ("response", "hits", "result", "data", "articles")  # Event Registry's too
_ONE_ARTICLE_KEYS = ("article", "story", "item", "post")  # {"article": {...}}


def _records_of(document: Any, depth: int = 0) -> list[Any] | None:
    """The article list of a JSON dump: a top-level list, ``{"articles": [...]}`` (a list
    holding objects, maybe among stray values each reported; or empty), or such a list one
    level down in a search API's answer; None for one article."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    for key in _LIST_KEYS:
        value = document.get(key)
        if isinstance(value, list) and (not value or any(isinstance(v, dict) for v in value)):
            return value
    if depth == 0:
        for key in _ANSWER_KEYS:
            found = _records_of(document.get(key), 1) if isinstance(document.get(key), dict) \
                else None
            if found is not None:
                return found
    return None


def _one_article(document: dict[str, Any]) -> dict[str, Any]:
    """An article wrapped in one key (``{"article": {...}}``), or the document itself."""
    if len(document) == 1:
        (key, value), = document.items()
        if key in _ONE_ARTICLE_KEYS and isinstance(value, dict):
            return value
    return document


def _one_after_another(rel: str, text: str) -> Iterator[Item]:
    """The objects of a file holding one JSON value after another (JSON Lines saved as
    .json, jq's stream of objects): each is a record; where one is cut off or broken, the
    rest of the file is one error and the records before it are read."""
    decoder = json.JSONDecoder()
    seen: set[str] = set()
    position, at = 0, 0
    while True:
        at = _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]
        if at >= len(text):
            return
        position += 1
        try:
            value, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError) as error:
            line = text.count("\n", 0, at) + 1
            reason = _json_reason(error)
            where = "" if "(line " in reason else f" (line {line})"
            yield SourceError(rel, f"record {position}{where} and after: {reason}",
                              str(position))
            return
        if "\\ud" in text or "\\uD" in text:
            value = _without_surrogates(value)
        yield _record(rel, value, position, seen)


_WHITESPACE = re.compile(r"[\s\ufeff]*")


def _read_jsonl(path: Path, rel: str, gz: bool) -> Iterator[Item]:
    seen: set[str] = set()
    line_no = 0
    try:
        with _open(path, gz) as handle:
            if not gz and os.path.getsize(path) == 0:
                raise SourceError(rel, "empty file")
            any_line = False
            for line_no, line in enumerate(_limited_lines(handle), 1):
                if line is None:
                    yield SourceError(rel, f"line {line_no}: line too long", str(line_no))
                    any_line = True  # said: the file is not empty (one error, not two)
                    continue
                if not line.strip():
                    continue
                any_line = True
                yield _jsonl_record(rel, line, line_no, seen)
            if not any_line:
                yield SourceError(rel, "empty file")
    except _GZIP_ERRORS as error:
        yield SourceError(rel, f"not valid gzip (truncated?) after line {line_no}: "
                          f"{one_line(error)}")
    except OSError as error:
        yield SourceError(rel, f"cannot read after line {line_no}: {error.strerror or error}")


def _limited_lines(handle: IO[bytes]) -> Iterable[bytes | None]:
    """Lines of ``handle``; None for a line over MAX_LINE_BYTES (its rest is skipped)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def _jsonl_record(rel: str, line: bytes, line_no: int, seen: set[str]) -> Item:
    if looks_binary(line):
        return SourceError(rel, f"line {line_no}: binary data, not JSON", str(line_no))
    try:
        record = _loads(decode(line))
    except ValueError as error:
        return SourceError(rel, f"line {line_no}: {_json_reason(error)}", str(line_no))
    if not isinstance(record, dict):
        return SourceError(rel, f"line {line_no}: not a JSON object", str(line_no))
    return _record(rel, record, line_no, seen)


def _read_warc(path: Path, rel: str) -> Iterator[Item]:
    """Each HTML response record of a WARC is an article, its URL from WARC-Target-URI."""
    info = os.stat(path)
    kind = special_kind(info.st_mode)
    if kind is not None:  # a pipe is no empty file
        raise NotRegularFile(kind)
    if info.st_size == 0:
        raise SourceError(rel, "empty file")
    found = 0
    last: Item | None = None
    records = WarcCount()
    for last in _warc_items(path, rel, records):
        found += 1
        yield last
    if not (isinstance(last, SourceError) and "truncated" in last.reason) \
            and _gzip_cut_off(path):
        # warcio stops silently when a compressed record is cut before its headers end
        yield SourceError(rel, f"truncated WARC: cut off after record {found}")
    elif not records.read:  # text named .warc (a cut record header is found above)
        yield SourceError(rel, "not a WARC file: no WARC record could be read")
    elif not found:
        yield Skipped(rel, "WARC has no HTML page of a successful (2xx) response")


@dataclass
class WarcCount:
    read: int = 0  # records of any type read


def _successful(http: Any) -> bool:
    """A 2xx HTTP response: a redirect or an error page ("Page not found") is no article."""
    status = http.get_statuscode() if http else None
    return not status or str(status).startswith("2")


def _gzip_cut_off(path: Path) -> bool:
    """True for a gzip file whose last member ends early (a truncated download or copy)."""
    with open_regular(path) as handle:
        if handle.read(2) != b"\x1f\x8b":
            return False
        handle.seek(0)
        try:
            with gzip.open(handle) as stream:
                while stream.read(1 << 20):
                    pass
        except (*_GZIP_ERRORS, OSError):
            return True
    return False


def _warc_items(path: Path, rel: str, records: WarcCount) -> Iterator[Item]:
    """The articles and problems of a WARC; what warcio says of it on the way (indexer.
    warc_notes) is a warning naming the file and record, or the reason a record fails."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    seen: set[str] = set()
    found = 0
    notes = WarcioNotes()
    with open_regular(path) as handle:
        try:
            for record in notes.each(ArchiveIterator(handle)):
                # said while loading this record: of the one before it, or of its address
                loading = notes.take()
                yield from _warc_warnings(rel, loading, records.read)
                if record.format != "warc":  # warcio reads any text as an old ARC record
                    continue
                records.read += 1
                yield from _warc_warnings(rel, [n for n in loading if n.kind == "uri"],
                                          records.read, of_loaded=True)
                if record.rec_headers.get_header("Content-Length") is None:  # WARC requires it
                    yield SourceError(rel, f"truncated WARC: record {records.read} is cut off "
                                           "inside its headers")
                    return
                page = _warc_page(record)
                if page is None:
                    with notes.listening():
                        record.raw_stream.read()  # to its end: a record cut off says so
                    damaged = _damaged(notes.take())
                    if damaged:
                        yield SourceError(rel, f"record {records.read} ({record.rec_type}): "
                                               f"{damaged}")
                        return
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        yield SourceError(rel, f"truncated WARC: cut off in record "
                                               f"{records.read} ({record.rec_type})")
                        return
                    continue
                with notes.listening():
                    article = _warc_article(rel, record, found + 1, page, seen)
                reading = notes.take()
                damaged = _damaged(reading)
                if damaged:  # the record's text is lost from there: no article of part of it
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    yield SourceError(rel, f"record {records.read}: {damaged}"
                                      + (f" (the page of {uri})" if uri else ""))
                    return
                yield from _warc_warnings(rel, [n for n in reading if n.kind != "gzip"],
                                          records.read)
                if article is not None:
                    found += 1
                    yield article
        except (ArchiveLoadFailed, OSError, *_GZIP_ERRORS) as error:
            yield from _warc_warnings(rel, notes.take(), records.read)  # the cause, may be
            yield SourceError(rel, f"not a valid WARC (truncated?) after {found} records: "
                              f"{load_failure(error)}")
        except Exception as error:  # noqa: BLE001 - warcio fails in many ways on broken headers
            yield from _warc_warnings(rel, notes.take(), records.read)
            yield SourceError(rel, f"not a valid WARC: broken record after {found} records "
                              f"({type(error).__name__}: {load_failure(error)})")
        yield from _warc_warnings(rel, notes.take(), records.read)


def _warc_warnings(rel: str, notes: list[WarcioNote], record: int, of_loaded: bool = False
                   ) -> Iterator[SourceWarning]:
    """The notes as warnings naming the record: a wrong length is the previous record's, a
    mended address the record just loaded (`of_loaded`); only those asked for are said."""
    for note in notes:
        if (note.kind == "uri") != of_loaded:
            continue
        yield SourceWarning(rel, f"record {record}: {note.reason}" if record else note.reason)


def _damaged(notes: list[WarcioNote]) -> str:
    """Why a record's gzip data could not be read (warcio goes on as if it ended there), or
    ''. Said as truncated too, which `_read_warc` reads as the file's one failure."""
    reasons = "; ".join(note.reason for note in notes if note.kind == "gzip")
    if not reasons:
        return ""
    return f"truncated or damaged gzip data ({reasons}): the file is not read past it"


def _warc_page(record: Any) -> str | None:
    """The content type of a record that may hold a page: a successful HTML response (one
    without a type is looked at: ""), or an HTML resource (a file a tool archived as it was,
    as warcit and some crawlers write pages); None for any other record."""
    if record.rec_type == "resource":
        ctype = record.rec_headers.get_header("Content-Type") or ""
        return ctype if "html" in ctype.lower() else None
    if record.rec_type != "response":
        return None
    http = record.http_headers
    ctype = (http.get_header("Content-Type") or "") if http else ""
    if not _successful(http) or (ctype and "html" not in ctype.lower()):
        return None
    return ctype


# a page, where it opens: after a byte-order mark, an XML declaration, a <meta charset> or a
# server's warning line
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)


def _warc_article(rel: str, record: Any, position: int, ctype: str, seen: set[str]
                  ) -> Item | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    wid = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    wid = wid.removeprefix("urn:uuid:") or str(position)
    if wid in seen:
        wid = f"{wid}@{position}"
    seen.add(wid)
    of_page = f" (the page of {uri})" if uri else ""  # the record id alone says little
    data = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        return SourceError(rel, f"too large: over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB"
                           f"{of_page}", wid)
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio reads a cut-off record silently
        return SourceError(rel, f"truncated WARC: the record is incomplete{of_page}", wid)
    if not data.strip():
        return SourceError(rel, f"empty record{of_page}", wid)
    if not ctype and not _HTML_START.search(data[:4096]):
        return None  # a response that says no type and is no page (an image, a script)
    charset = None
    if "charset=" in ctype.lower():
        charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip()
    return RawArticle(id=f"{rel}#{wid}", path=rel, kind="html", data=data, record_id=wid,
                      url=uri, charset=charset)
