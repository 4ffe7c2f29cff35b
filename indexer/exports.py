"""Text exports of news databases: several articles in one ``.txt``, each with its fields.

Researchers and newsrooms get their archives from LexisNexis and Factiva as text files; a
plain-text reader would index each file as one article titled "1 of 3 DOCUMENTS". Recognized
here, each becomes records with the field names of a JSON record (``indexer.clean`` reads
them the same way):

- **LexisNexis** (classic text export): documents opened by "1 of 3 DOCUMENTS", then the
  publication, the date ("March 3, 2021 Wednesday"), maybe an edition, the headline,
  ``BYLINE:``/``SECTION:``/``LENGTH:``/``DATELINE:`` lines, the story, and trailing fields
  (``LOAD-DATE:``, ``LANGUAGE:``, ``URL:``, ...). Nexis Uni's export ends each document with
  "End of Document" and opens its story with a line "Body".
- **Factiva**: two-letter codes opening a field (``HD`` headline, ``BY`` byline, ``PD`` date,
  ``SN`` source, ``LA`` language, ``LP`` lead paragraphs, ``TD`` text, ``AN`` the document's
  number, which ends it), the value on the same line or the lines after.
- **A header block**: ``Title:``, ``Date:``, ``By:``/``Author:``, ``Source:``, ``URL:`` lines
  opening a single story, then a blank line.

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
_NEXIS_FIELD = re.compile(r"^(Byline|Section|Length|Dateline|Load-Date|Language|"
                          r"Publication-Type|Journal Code|Highlight|Graphic|Notes|Copyright|"
                          r"Document-Type|Subject|Geographic|Company|Person|Organization|"
                          r"Industry|Ticker|Url|URL):\s*(.*)$")
_DAY_NAME = re.compile(r"\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$")
_EDITION = re.compile(r"\b(edition|final|late|early)\b", re.I)
_FACTIVA_CODE = re.compile(r"^(HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|"
                           r"IPD|PUB|AN|SE|CR|CLM|ART|VOL)(?:\s+(.*))?$")
_HEADER = re.compile(r"^(title|headline|date|published|by|byline|author|source|publication|"
                     r"url|link|language)\s*:\s*(\S.*)$", re.I)
_HEADER_FIELDS = {"title": "title", "headline": "title", "date": "date", "published": "date",
                  "by": "author", "byline": "author", "author": "author", "source": "source",
                  "publication": "source", "url": "url", "link": "url", "language": "language"}


def export_records(text: str) -> list[Record] | None:
    """The articles of a news database's text export, or None for a plain text file."""
    if _LEXIS_DOCUMENT.search(text):
        return _lexis(_LEXIS_DOCUMENT.split(text)[1:])
    if _NEXIS_END.search(text):
        return _lexis(_NEXIS_END.split(text), nexis_uni=True)
    lines = text.splitlines()
    first = next((line.lstrip("\ufeff") for line in lines if line.strip()), "")
    if re.match(r"HD(\s|$)", first) and all(any(re.match(rf"{code}(\s|$)", line)
                                                for line in lines) for code in ("PD", "AN")):
        return _factiva(lines)
    record = _header_block(lines)
    return [record] if record else None


def _lexis(documents: list[str], nexis_uni: bool = False) -> list[Record]:
    records = []
    for document in documents:
        lines = [line.strip() for line in document.strip().splitlines()]
        if not any(lines):
            continue
        records.append(_lexis_document(lines, nexis_uni))
    return records


def _lexis_document(lines: list[str], nexis_uni: bool) -> Record:
    """One LexisNexis document: the lines before its first field are the publication, the
    date and the headline (classic), or the headline, publication and date (Nexis Uni); then
    fields, the story, and fields after it."""
    field = _NEXIS_FIELD if nexis_uni else _FIELD
    at = 0
    while at < len(lines) and not field.match(lines[at]) and lines[at] != "Body":
        at += 1
    head = [line for line in lines[:at] if line]
    fields: dict[str, str] = {}
    body: list[str] = []
    in_story = ended = False
    for line in lines[at:]:
        match = field.match(line)
        if nexis_uni and line == "Body":
            in_story = True
        elif match and (not in_story or _trailer(match.group(1))):
            fields.setdefault(match.group(1).upper(), match.group(2).strip())
            ended = in_story
        elif not ended and (line or in_story):
            in_story = True
            body.append(line)
    record: Record = {"body": "\n".join(body).strip()}
    if nexis_uni:
        title, source, date = (head + ["", "", ""])[:3]
    else:
        source, date, *rest = head + ["", ""]
        title = " ".join(line for line in rest if line and not _EDITION.search(line))
    record.update(title=title, source=source, date=_DAY_NAME.sub("", date))
    for key, name in (("BYLINE", "author"), ("LANGUAGE", "language"), ("URL", "url"),
                      ("DATELINE", "dateline")):
        if fields.get(key):
            record[name] = fields[key]
    return record


def _trailer(name: str) -> bool:
    """A field after the story (the story's own "NOTE:" lines are text)."""
    return name.upper() in {"LOAD-DATE", "LANGUAGE", "URL", "GRAPHIC", "PUBLICATION-TYPE",
                            "JOURNAL-CODE", "CORRECTION-DATE", "DOCUMENT-TYPE", "SUBJECT",
                            "ORGANIZATION", "PERSON", "GEOGRAPHIC", "COMPANY", "TICKER",
                            "INDUSTRY", "COPYRIGHT"}


def _factiva(lines: list[str]) -> list[Record]:
    """Factiva documents: a field per code, its value on the code's line and the next ones;
    the document number (``AN``) closes a document."""
    records: list[Record] = []
    fields: dict[str, list[str]] = {}
    code = None
    for line in lines:
        match = _FACTIVA_CODE.match(line)
        if match:
            code = match.group(1)
            fields.setdefault(code, [])
            if match.group(2):
                fields[code].append(match.group(2).strip())
            if code == "AN":
                records.append(_factiva_record(fields))
                fields, code = {}, None
        elif code and line.strip():
            fields[code].append(line.strip())
    if fields.get("HD"):
        records.append(_factiva_record(fields))
    return records


def _factiva_record(fields: dict[str, list[str]]) -> Record:
    def text(code: str, separator: str = " ") -> str:
        return separator.join(fields.get(code, [])).strip()

    return {"title": text("HD"), "author": re.sub(r"^by\s+", "", text("BY"), flags=re.I),
            "date": text("PD"), "source": text("SN"), "language": text("LA"),
            "body": "\n\n".join(part for part in (text("LP", "\n"), text("TD", "\n")) if part),
            "id": text("AN").removeprefix("Document ").strip() or None}


def _header_block(lines: list[str]) -> Record | None:
    """``Title: ...`` and other ``Key: value`` lines opening a story, then a blank line."""
    record: Record = {}
    at = 0
    while at < len(lines) and lines[at].strip():
        match = _HEADER.match(lines[at].strip())
        if not match:
            return None
        record.setdefault(_HEADER_FIELDS[match.group(1).lower()], match.group(2).strip())
        at += 1
    if "title" not in record or len(record) < 2 or at >= len(lines):
        return None
    record["body"] = "\n".join(lines[at:]).strip()
    return record
