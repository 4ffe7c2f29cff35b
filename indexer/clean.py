"""Clean one RawArticle into an Article: story text plus metadata, no entities yet."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from newsarchive.indexer.article import Article, RawArticle, SourceError
from newsarchive.indexer.encoding import decode
from newsarchive.indexer.sources import one_line
from newsarchive.indexer.textclean import (
    REUTER_SIGNOFF,
    clean_text,
    normalize_text,
    split_title,
)

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name", "webTitle"),
    "body": ("body", "text", "content", "articleBody", "article_body", "maintext", "story",
             "bodyText", "description", "lead_paragraph", "abstract", "summary"),
    "date": ("date", "published", "datePublished", "published_at", "publishedAt", "pubDate",
             "date_published", "publish_date", "pub_date", "created_at", "timestamp",
             "webPublicationDate", "dateTime"),
    "url": ("url", "link", "href", "source_url", "canonical_url", "web_url", "webUrl"),
    "author": ("author", "byline", "authors", "creator", "writer"),
    "source": ("source", "publication", "publisher", "site_name", "sitename", "site", "domain"),
    "language": ("language", "lang", "inLanguage"),
    # where the story was filed ("WASHINGTON, March 3"): the wire prints it before the text,
    # and there it is read (Washington found none of the 32 stories the seeds file from there)
    "dateline": ("dateline", "dateLine"),
}


def clean(raw: RawArticle) -> Article:
    """The cleaned article; raises SourceError(raw.path, reason, raw.record_id) when it has no text.

    Any unexpected failure of a parser or extractor is reported as a SourceError too, so the
    indexer can log it against the file and go on.
    """
    try:
        if raw.kind == "html":
            article = _clean_html(raw)
        elif raw.kind == "text":
            article = _clean_text(raw)
        elif raw.kind == "record":
            article = _clean_record(raw)
        else:
            raise SourceError(raw.path, f"unknown article kind {raw.kind!r}", raw.record_id)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(raw.path, "markup nested too deeply to parse", raw.record_id) from None
    except MemoryError:
        raise SourceError(raw.path, "too large to clean in memory", raw.record_id) from None
    except Exception as error:  # noqa: BLE001 - any parser failure is this input's error
        reason = f"cannot clean: {type(error).__name__}: {one_line(error)}"
        raise SourceError(raw.path, reason, raw.record_id) from None
    if not article.body.strip():
        raise SourceError(raw.path, "no article text", raw.record_id)
    article.content_hash = raw.content_hash()
    return article


def _clean_text(raw: RawArticle) -> Article:
    from newsarchive.indexer.metadata import detect_language

    text = decode(raw.data or b"", raw.charset)
    title, rest = split_title(text)
    body = clean_text(rest)
    return Article(id=raw.id, path=raw.path, title=title, body=body, url=raw.url,
                   language=detect_language(body))


def _html_text(raw: RawArticle) -> str:
    return decode(raw.data or b"", raw.charset, html=True)


def _clean_html(raw: RawArticle) -> Article:
    from newsarchive.indexer import metadata as meta
    from newsarchive.indexer.extract import extract_repaired, repair_markup

    page = repair_markup(_html_text(raw))
    tree = meta.parse_html(page)
    ld = meta.article_jsonld(meta.jsonld_objects(tree))
    url = meta.find_url(tree, ld, raw.url, page)
    text, method = extract_repaired(page, url)
    body = normalize_text(text)
    ld_body = clean_text(ld["articleBody"]) if ld and isinstance(ld.get("articleBody"), str) else ""
    if ld_body and (not body or method == "fallback:visible-text"):
        # a page that renders its story with scripts often still carries it in JSON-LD, which
        # beats the page's bare visible text
        body, method = ld_body, "json-ld"
    traf = _trafilatura_metadata(page, url)
    title = meta.find_title(tree, ld, traf.get("title"))
    article = Article(
        id=raw.id, path=raw.path, body=body, url=url, title=title,
        date=meta.find_date(tree, page, url, ld),
        author=meta.find_author(tree, ld, traf.get("author")),
        source=meta.find_source(tree, ld, url, traf.get("sitename"), title),
        language=meta.detect_language(body, meta.page_language(tree)),
    )
    # how the text was found (indexer.extract.extract_article): "trafilatura" or "readability"
    # by the main extractors' vote, "fallback:..." by a later step of the chain, or "json-ld"
    article.extracted_by = method
    return article


def _trafilatura_metadata(page: str, url: str | None) -> dict[str, Any]:
    """trafilatura's own metadata guesses, used as fallbacks after JSON-LD and meta tags."""
    try:
        from trafilatura import extract_metadata

        # its date is not used (metadata.find_date searches for it), so its date search is
        # the quick one: half the call's time, the same title, author and site name
        found = extract_metadata(page, default_url=url, extensive=False)
    except Exception:  # noqa: BLE001 - metadata fallbacks are optional
        return {}
    if found is None:
        return {}
    return {key: getattr(found, key, None) for key in ("title", "author", "sitename")}


def _field(record: dict[str, Any], name: str) -> Any:
    """A record field by its common names, case-insensitively."""
    lower = {str(key).lower(): value for key, value in record.items()}
    for key in FIELD_NAMES[name]:
        value = lower.get(key.lower())
        if value not in (None, "", [], {}):
            return value
    return None


_NEWSAPI_CUT = re.compile(r"\s*\[\+\d+ chars\]\s*$")  # NewsAPI's sign of a text it cut
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)


def _field_text(record: dict[str, Any], name: str) -> str:
    """A record's text field as plain text: a CMS's HTML read as its text, not its tags, and
    its character references ("AT&amp;T", "&#8217;") as the characters."""
    from newsarchive.indexer.extract import has_markup, markup_text

    text = _as_text(_field(record, name))
    if not has_markup(text) and _ENTITY.search(text):
        text = html.unescape(text)  # (markup escaped in the field is markup still)
    return markup_text(text) if has_markup(text) else text


def _as_text(value: Any) -> str:
    """Text of a field that may be a string, a list of strings or a {name: ...} object."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):  # {"name": ...}; the New York Times API's {"main": ...},
        # WordPress' {"rendered": ...}
        return _as_text(next((value[key] for key in ("name", "text", "main", "original",
                                                      "rendered", "title")
                              if value.get(key)), ""))
    if isinstance(value, list):
        return ", ".join(part for part in (_as_text(v) for v in value) if part)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


_COMPACT_DATE = re.compile(r"(1[7-9]\d\d|20\d\d|2100)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
# Unix time: from 1700 to 2100 in seconds (a larger number is milliseconds); a number under a
# million is no time of this kind (a year, a count)
_FIRST_SECOND, _LAST_SECOND, _LEAST_TIMESTAMP = -8_520_336_000, 4_102_444_800, 1_000_000


def _record_date(value: Any) -> str | None:
    """ISO 8601 of a record's date: a date string, a compact ``20230314``, Unix time in seconds
    or milliseconds (before 1970 too), or MongoDB's ``{"$date": ...}``."""
    from newsarchive.indexer.metadata import normalize_date

    if isinstance(value, dict) and len(value) == 1 and "$date" in value:  # mongoexport
        inner = value["$date"]
        if isinstance(inner, dict):  # {"$numberLong": "..."}: always milliseconds
            try:
                seconds = int(inner.get("$numberLong", "")) / 1000
            except (ValueError, TypeError, OverflowError):  # OverflowError: a float infinity
                return None
            return _unix_time(seconds)
        return _record_date(inner)
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    number = str(value).strip()
    if isinstance(value, (int, float)) or re.fullmatch(r"-?\d{6,13}(?:\.\d+)?", number):
        if _COMPACT_DATE.fullmatch(number):
            return normalize_date(f"{number[:4]}-{number[4:6]}-{number[6:]}")
        try:
            seconds = float(number)
        except ValueError:
            return None
        seconds = seconds / 1000 if abs(seconds) > -_FIRST_SECOND else seconds
        return _unix_time(seconds) if abs(seconds) >= _LEAST_TIMESTAMP else None
    return normalize_date(_as_text(value))


def _unix_time(seconds: float) -> str | None:
    """ISO 8601 of a Unix time from 1700 to 2100 (before 1970 too), else None."""
    if not _FIRST_SECOND <= seconds <= _LAST_SECOND:  # (NaN too)
        return None
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat()


def _with_dateline(dateline: str, body: str) -> str:
    """The body opened by its dateline, as the wire prints it ("SALVADOR, Feb 26 - ..."),
    unless the text opens with it already (or has no text: nothing to index)."""
    if not dateline or not body or body.lower().startswith(dateline.lower()):
        return body
    return f"{dateline} - {body}"


def _clean_record(raw: RawArticle) -> Article:
    from newsarchive.indexer.metadata import (
        article_jsonld,
        detect_language,
        flatten_jsonld,
        language_code,
        record_author,
    )

    record = raw.fields or {}
    if isinstance(record.get("fields"), dict):  # the Guardian's API: the text in "fields"
        record = {**record, **record["fields"]}
    if "@graph" in record:  # a JSON-LD document: the article is one node of its graph
        nodes: list[dict[str, Any]] = []
        flatten_jsonld(record, nodes, depth=0)
        record = article_jsonld(nodes) or record
    raw_body = _NEWSAPI_CUT.sub("", _field_text(record, "body"))
    reuters = bool(REUTER_SIGNOFF.search(raw_body))
    body = _with_dateline(normalize_text(_as_text(_field(record, "dateline"))),
                          clean_text(raw_body, drop_signoff=reuters))
    title = normalize_text(" ".join(_field_text(record, "title").split()))
    declared = language_code(_as_text(_field(record, "language")))
    source = normalize_text(_as_text(_field(record, "source"))) or ("Reuters" if reuters else None)
    date_value = _field(record, "date")
    date = _record_date(date_value)
    if date is None and date_value is not None:  # the record has one: say so, keep it
        from newsarchive.indexer.metadata import FIRST_YEAR, LAST_YEAR, year_out_of_range

        written = _as_text(date_value) if isinstance(date_value, str) else str(date_value)
        why = (f"names a year outside {FIRST_YEAR}-{LAST_YEAR}" if year_out_of_range(written)
               else "cannot be read as a date")
        warnings = [f"the date {one_line(repr(written))} {why}; the article is indexed "
                    "without one"]
    else:
        warnings = []
    return Article(
        id=raw.id, path=raw.path, title=title, body=body,
        url=normalize_text(_as_text(_field(record, "url"))) or raw.url,
        date=date,
        author=record_author(normalize_text(_as_text(_field(record, "author")))),
        source=source,
        language=detect_language(body, declared),
        warnings=warnings,
    )
