"""The two records that flow through the indexer: what a reader found, and the cleaned article."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class RawArticle:
    """One article as a reader found it, before any cleaning.

    ``kind`` says how to clean it: ``"html"`` (markup in ``data``), ``"text"`` (plain text in
    ``data``) or ``"record"`` (a JSON/JSONL record already split into ``fields``).
    """

    id: str  # stable article id: relative path, or "<relative path>#<record id>"
    path: str  # file path relative to the indexed root, POSIX separators
    kind: str  # "html" | "text" | "record"
    data: bytes | None = None  # raw bytes for html / text
    fields: dict[str, Any] | None = None  # the JSON record for kind == "record"
    record_id: str | None = None  # record id inside a multi-article file
    url: str | None = None  # a URL known from the container (e.g. the WARC record)
    charset: str | None = None  # a charset declared by the container (e.g. HTTP header)

    def content_hash(self) -> str:
        """A hash of the article's input, so an incremental run can skip unchanged articles."""
        digest = hashlib.sha1()
        if self.data is not None:
            digest.update(self.data)
        if self.fields is not None:
            import json

            digest.update(json.dumps(self.fields, sort_keys=True, default=str).encode())
        digest.update((self.url or "").encode())
        return digest.hexdigest()


@dataclass
class Article:
    """A cleaned article: its text, metadata and (once NER ran) its normalized entities."""

    id: str
    path: str
    title: str = ""
    body: str = ""
    url: str | None = None
    date: str | None = None  # ISO 8601, with time zone when known
    author: str | None = None
    source: str | None = None
    language: str | None = None
    persons: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    # NER's mentions (indexer.mentions.Mention), kept so facets can be recomputed without NER
    mentions: list[Any] = field(default_factory=list)
    # the candidate values with the mentions behind them (search.entities.ArticleEntities)
    entities: Any = None
    content_hash: str = ""
    # how the text was found: "trafilatura", "readability", "json-ld", "fallback:visible-text"
    # (a page whose markup defeated the extractors), "" for text and records
    extracted_by: str = ""
    # what the run says of the article, which is indexed all the same ("the date '2020-02-30'
    # cannot be read as a date"): said by the writer, with the file's path as it was given
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The ``newsarchive extract --json`` contract."""
        data = asdict(self)
        keys = ("id", "path", "url", "title", "date", "author", "source", "language", "body",
                "persons", "countries", "orgs", "extracted_by")
        return {key: data[key] for key in keys}


def printable_name(name: str) -> str:
    """A file's path or a record's id as a message shows it: a line break or another
    control character written as its escape (`x\\ny`), so each problem stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)


class SourceError(Exception):
    """An input that cannot become an article: the message names the file (and record) and why."""

    def __init__(self, path: str, reason: str, record: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.record = record
        where = f"{path}#{record}" if record is not None else path
        super().__init__(f"{printable_name(where)}: {reason}")
