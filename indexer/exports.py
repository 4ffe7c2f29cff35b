"""Text exports of news databases: several articles in one ``.txt``, each with its fields.

Researchers and newsrooms get their archives from LexisNexis and Factiva as text files; a
plain-text reader would index each file as one article titled "1 of 3 DOCUMENTS". Recognized
here, each becomes records with the field names of a JSON record (``indexer.clean`` reads
them the same way):

- **LexisNexis** (classic text export): a file opening with "1 of 3 DOCUMENTS", each document
  then giving the publication, the date ("March 3, 2021 Wednesday"), maybe an edition, the
  headline, header fields (``BYLINE:``, ``SECTION:``, ``LENGTH:``, ``DATELINE:``, ...), the
  story, and trailing fields (``LOAD-DATE:``, ``LANGUAGE:``, ...). Only LexisNexis' own field
  names count: a story's "MUMBAI:" or "UPDATE:" is text.
- **Nexis Uni**: a file ending with "End of Document", each document giving the headline, the
  publication and the date, ``Byline:``/``Section:``/``Length:`` fields, "Body", the story and
  ``Load-Date:``; the cover page of a download (User Name, Job Number, ...) is left out.
- **Factiva**: two- or three-letter codes opening a field (``HD`` headline, ``BY`` byline,
  ``PD`` date, ``SN`` source, ``LA`` language, ``LP`` lead paragraphs, ``TD`` text, ``AN`` the
  document's number), the value on the code's line or the lines after; within the text a code
  counts only alone on its line (a tabloid's "AN investigation" or "IN a statement" is text).
- **A header block**: ``Title:`` (or ``Headline:``) and other ``Key: value`` lines (``Date:``,
  ``By:``/``Author:``, ``Source:``, ``URL:``, ...) opening a single story, then a blank line.

Written by hand: no maintained parser of these formats is on PyPI, and each is a page of
patterns.
"""

from __future__ import annotations

import re
from typing import Any

Record = dict[str, Any]

_LEXIS_DOCUMENT = re.compile(r"^\s*\d+ of \d+ DOCUMENTS?\s*$", re.M)
_NEXIS_END = re.compile(r"^\s*End of Document\s*$", re.M)
_FIELD = re.compile(r"^([A-Z][A-Z-]{1,24}):\s*(.*)$")  # "BYLINE: Fiona Harvey"
LEXIS_HEADER = frozenset({"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "HEADLINE",
                          "EDITION", "SERIES", "TYPE", "DISTRIBUTION", "BODY", "ABSTRACT"})
LEXIS_TRAILER = frozenset({
    "LOAD-DATE", "LANGUAGE", "URL", "GRAPHIC", "PUBLICATION-TYPE", "JOURNAL-CODE", "NOTES",
    "CORRECTION-DATE", "CORRECTION", "DOCUMENT-TYPE", "SUBJECT", "ORGANIZATION", "PERSON",
    "GEOGRAPHIC", "COMPANY", "TICKER", "INDUSTRY", "CITY", "STATE", "COUNTRY", "ACC-NO",
    "CORRECTION-STATUS", "COPYRIGHT"})
_NEXIS_HEADER = re.compile(r"^(Byline|Section|Length|Dateline|Highlight|Series|Edition):\s*(.*)$")
_NEXIS_STORY_END = re.compile(r"^(Load-Date:.*|Classification|Graphic|Notes)$")
_NEXIS_COVER = re.compile(r"^(User Name:|Date and Time:|Job Number:|Documents? \(\d+\)|"
                          r"Client/Matter:|Search Terms:|Search Type:|Narrowed by|Content Type|"
                          r"\d+\.\s)")
_NOTICE = re.compile(r"^(copyright\s+(?:©|\(c\)|\d{4})|©|\(c\)\s*\d|all rights reserved)", re.I)
_DAY_NAME = re.compile(r"\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$")
_EDITION = re.compile(r"^(?:[\w-]+\s+){0,3}edition\b|^(?:late|early|final|first|city|"
                      r"national)(?:\s*-\s*\w+)?$", re.I)
_FACTIVA_CODES = frozenset({"HD", "BY", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY",
                            "LP", "TD", "CT", "RF", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB",
                            "AN", "SE", "CR", "CLM", "ART", "VOL"})
_FACTIVA_LINE = re.compile(r"^([A-Z]{2,3})(?:[ \t]+(\S.*))?$")
_FACTIVA_TEXT = ("LP", "TD")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z -]{0,20}?)\s*:(?:\s+(.*))?$")
_HEADER_FIELDS = {"title": "title", "headline": "title", "date": "date", "published": "date",
                  "by": "author", "byline": "author", "author": "author", "source": "source",
                  "publication": "source", "url": "url", "link": "url", "language": "language"}


_MARKS = re.compile(rb"DOCUMENTS?\s|End of Document|^\W{0,4}(?:HD|SE)\b"
                    rb"|^\W{0,4}(?:title|headline)\s*:", re.I | re.M)


def may_be_export(data: bytes) -> bool:
    """A cheap look at a text file's bytes before it is decoded for ``export_records``: a
    plain story (most .txt files) holds none of the formats' marks, and is decoded once, by
    its cleaning. (UTF-16, whose letters these bytes cannot match, is always looked at.)"""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
        return True
    return bool(_MARKS.search(data[:4096]) or b"End of Document" in data[-4096:])


def export_records(text: str) -> list[Record] | None:
    """The articles of a news database's text export, or None for a plain text file."""
    text = text.lstrip("\ufeff")
    lines = [line.rstrip() for line in text.splitlines()]
    filled = [line.strip() for line in lines if line.strip()]
    if not filled:
        return None
    if _LEXIS_DOCUMENT.match(filled[0]):
        return _documents(_LEXIS_DOCUMENT.split(text)[1:], _lexis_document)
    if _NEXIS_END.match(filled[-1]):
        return _documents(_NEXIS_END.split(text), _nexis_document)
    if _factiva_code(filled[0]) in _FACTIVA_CODES and {"PD", "AN"} <= {
            _factiva_code(line) for line in filled}:
        return _factiva(lines)
    record = _header_block(lines)
    return [record] if record else None


def _documents(chunks: list[str], read: Any) -> list[Record]:
    records = []
    for chunk in chunks:
        lines = [line.strip() for line in chunk.strip().splitlines()]
        if any(lines):
            record = read(lines)
            if record:
                records.append(record)
    return records


def _lexis_document(lines: list[str]) -> Record:
    """One classic LexisNexis document: publication, date, edition and headline before the
    first field of LexisNexis' own; then header fields, the story, trailing fields."""
    at = next((i for i, line in enumerate(lines) if _lexis_field(line)), len(lines))
    heads = [i for i, line in enumerate(lines[:at]) if line and not _NOTICE.match(line)]
    story: list[str] = []
    if (at == len(lines) or _lexis_field(lines[at]) in LEXIS_TRAILER) and len(heads) > 3:
        story = lines[heads[2] + 1:at]  # no header field: the headline is the third line
        heads = heads[:3]
    head = [lines[i] for i in heads]
    fields: dict[str, str] = {}
    in_story, ended = bool(story), False
    for line in lines[at:]:
        name = _lexis_field(line)
        if name and (not in_story or name in LEXIS_TRAILER):
            fields.setdefault(name, _FIELD.match(line).group(2).strip())  # type: ignore[union-attr]
            ended = in_story
        elif not ended and (line or in_story):
            in_story = True
            story.append(line)
    source, date, *rest = head + ["", ""]
    title = fields.get("HEADLINE") or " ".join(
        line for line in rest if line and not _EDITION.search(line))
    record: Record = {"title": title, "body": "\n".join(story).strip(),
                      "source": re.sub(r"\s+-\s+[^-]*\bedition\b.*$", "", source, flags=re.I),
                      "date": _DAY_NAME.sub("", date)}
    return _with_fields(record, fields)


def _lexis_field(line: str) -> str | None:
    match = _FIELD.match(line)
    name = match.group(1) if match else None
    return name if name in LEXIS_HEADER or name in LEXIS_TRAILER else None


def _nexis_document(lines: list[str]) -> Record | None:
    """One Nexis Uni document: headline, publication and date, header fields, "Body", the
    story until "Load-Date:" or "Classification" (a story's "Subject:" line is text)."""
    cover = [i for i, line in enumerate(lines[:200]) if _NEXIS_COVER.match(line)]
    if any(line.startswith(("Job Number:", "User Name:")) for line in lines[:20]) and cover:
        lines = lines[cover[-1] + 1:]  # a download's cover page
    at = next((i for i, line in enumerate(lines)
               if _NEXIS_HEADER.match(line) or line == "Body"), len(lines))
    head = [line for line in lines[:at] if line and not _NOTICE.match(line)]
    if not head:
        return None
    fields: dict[str, str] = {}
    story: list[str] = []
    in_story = ended = False
    for line in lines[at:]:
        header = _NEXIS_HEADER.match(line)
        if ended:
            continue
        if not in_story and line == "Body":
            in_story = True
        elif not in_story and header:
            fields.setdefault(header.group(1).upper(), header.group(2).strip())
        elif in_story and _NEXIS_STORY_END.match(line):
            ended = True
        elif line or in_story:
            in_story = True
            story.append(line)
    title, source, date = (head + ["", "", ""])[:3]
    record: Record = {"title": title, "source": source, "date": _DAY_NAME.sub("", date),
                      "body": "\n".join(story).strip()}
    return _with_fields(record, fields)


def _with_fields(record: Record, fields: dict[str, str]) -> Record:
    for key, name in (("BYLINE", "author"), ("LANGUAGE", "language"), ("URL", "url"),
                      ("DATELINE", "dateline")):
        if fields.get(key):
            record[name] = fields[key]
    return record


def _factiva_code(line: str) -> str | None:
    match = _FACTIVA_LINE.match(line.strip())
    return match.group(1) if match and match.group(1) in _FACTIVA_CODES else None


def _factiva(lines: list[str]) -> list[Record]:
    """Factiva documents: a field per code, its value on the code's line and the lines after
    it (blank lines kept in the text: its paragraphs); a new ``SE`` or ``HD`` after a headline
    opens the next document."""
    records: list[Record] = []
    fields: dict[str, list[str]] = {}
    code: str | None = None
    for line in lines:
        found = _factiva_code(line)
        if found and code in _FACTIVA_TEXT and line.strip() != found \
                and not re.match(r"AN\s+Document\b", line):
            found = None  # within the text a code stands alone: "AN investigation", "IN a"
        if found:
            if found in ("SE", "HD") and fields.get("HD"):
                records.append(_factiva_record(fields))
                fields = {}
            code = found
            value = _FACTIVA_LINE.match(line.strip()).group(2)  # type: ignore[union-attr]
            fields.setdefault(code, []).extend([value.strip()] if value else [])
        elif code:
            fields[code].append(line.strip())
    if fields.get("HD"):
        records.append(_factiva_record(fields))
    return records


def _factiva_record(fields: dict[str, list[str]]) -> Record:
    def text(code: str, separator: str = " ") -> str:
        return separator.join(fields.get(code, [])).strip()

    body = "\n\n".join(part for part in (text("LP", "\n"), text("TD", "\n")) if part)
    number = text("AN").removeprefix("Document").strip()
    record: Record = {"title": text("HD"), "author": re.sub(r"^by\s+", "", text("BY"),
                                                              flags=re.I),
                      "date": text("PD"), "source": text("SN"), "language": text("LA"),
                      "body": body}
    if number:
        record["id"] = number
    return record


def _header_block(lines: list[str]) -> Record | None:
    """``Title: ...`` and other ``Key: value`` lines opening a story, then a blank line: the
    known keys are read, the others (``Section:``) left out, an empty value is none."""
    record: Record = {}
    at = 0
    while at < len(lines) and lines[at].strip():
        match = _HEADER.match(lines[at].strip().lstrip("\ufeff"))
        if not match or (at == 0 and match.group(1).lower() not in ("title", "headline")):
            return None
        name = _HEADER_FIELDS.get(match.group(1).strip().lower())
        if name and match.group(2):
            record.setdefault(name, match.group(2).strip())
        at += 1
    if "title" not in record or at >= len(lines) or at < 2:
        return None
    record["body"] = "\n".join(lines[at:]).strip()
    return record
