"""Whole-result export: every matching article (not one page) as CSV or JSON Lines, streamed.

A row is the hit contract without the snippet, plus author and the article's full text:
``id, title, date, url, source, author, persons, countries, orgs, body``. Rows come in the
request's sort order and are read from the index as they are written out, so memory stays
flat however large the result; there is no 10,000-hit ceiling.

In CSV the list fields are joined with "; " (entity names never contain ";"), and text
cells that start with =, +, - or @ get a leading apostrophe so a spreadsheet shows them as
text instead of running them as formulas.

search/ftm.py reads the same matches into FollowTheMoney Article entities (export_rows with
its own shape) and writes them with as_jsonl.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsarchive.search.schema import FACET_FIELDS, FACET_KEYS, split_values

COLUMNS = ("id", "title", "date", "url", "source", "author", "persons", "countries", "orgs",
           "body")
LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _row(stored: dict[str, Any], with_body: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": stored["id"], "title": stored.get("title") or stored["id"],
        "date": stored.get("date_text"), "url": stored.get("url"),
        "source": stored.get("source"), "author": stored.get("author"),
        **{FACET_KEYS[f]: split_values(stored.get(f)) for f in FACET_FIELDS},
    }
    if with_body:
        row["body"] = stored.get("body", "")
    return row


def export_rows(reader: Any, request: Any, with_body: bool = True,
                shape: Callable[[dict[str, Any], bool], dict[str, Any]] = _row,
                ) -> Iterator[dict[str, Any]]:
    """Every match of request, in its sort order, as dicts with COLUMNS as keys (or as
    shape(stored fields, with_body) makes them: search.ftm's FollowTheMoney entities).

    The query is evaluated before this returns, so a bad query raises QueryError here, not
    in the middle of a streamed response.
    """
    stored = reader.iter_stored(request)
    first = next(stored, None)  # runs the matching now
    if first is None:
        return iter(())

    def rows() -> Iterator[dict[str, Any]]:
        yield shape(first, with_body)
        for fields in stored:
            yield shape(fields, with_body)

    return rows()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text in chunks: a header line, then one record per row (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer: csv.writer | None = None
    columns: list[str] = []
    for row in rows:
        if writer is None:
            columns = [c for c in COLUMNS if c in row]
            writer = csv.writer(buffer)
            writer.writerow(columns)
        writer.writerow([_cell(row.get(c)) for c in columns])
        if buffer.tell() >= 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if writer is None:  # no rows: still a valid file with the header
        csv.writer(buffer).writerow(COLUMNS)
    if buffer.tell():
        yield buffer.getvalue()


def as_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line, UTF-8 text as is."""
    chunk: list[str] = []
    size = 0
    for row in rows:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        chunk.append(line)
        size += len(line)
        if size >= 64 * 1024:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)
