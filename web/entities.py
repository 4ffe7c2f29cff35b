"""Mark an article's people, countries and organizations in its text, linked to the search.

The index keeps, for each value of an article, the mentions behind it as written ("Peskov"
for Dmitry Peskov, "Brussels" for Belgium); the reader hands them over as ``marks``, already
mapped to the values the archive shows. Every occurrence of such a text in the body becomes a
link to the filtered search, titled with the value it stands for ("Country: Belgium, via
Brussels"), so a reader sees why the article carries each value. The text is escaped piece
by piece with markupsafe; only our own <a> tags are markup.

The marks are no Tab stops (tabindex -1): an article can have dozens, and the page's side
panel links every value they stand for, so a keyboard reaches each filter there without
stepping through the text first. A pointer or a screen reader's link list still has them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from newsarchive.search.text import fold, hard_wrapped

MIN_SURFACE_CHARS = 2
FACET_NAMES = {"person": "Person", "country": "Country", "org": "Organization"}


def surface_map(article: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Text as written in the article -> (facet field, shown value)."""
    surfaces: dict[str, tuple[str, str]] = {}
    for mark in article.get("marks") or []:
        text = mark.get("text") or ""
        if len(text) >= MIN_SURFACE_CHARS and mark.get("facet") in FACET_NAMES:
            surfaces.setdefault(text, (mark["facet"], mark["value"]))
    return surfaces


def _pattern(surfaces: dict[str, tuple[str, str]]) -> re.Pattern[str] | None:
    if not surfaces:
        return None
    ordered = sorted(surfaces, key=len, reverse=True)  # longest first: "Dmitry Peskov" > "Peskov"
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def link_text(text: str, surfaces: dict[str, tuple[str, str]],
              pattern: re.Pattern[str] | None) -> Markup:
    """text escaped, with each known surface wrapped in a link to its filtered search."""
    if pattern is None:
        return escape(text)
    pieces: list[Markup] = []
    position = 0
    for match in pattern.finditer(text):
        field, value = surfaces[match.group(1)]
        written = match.group(1)
        why = "" if fold(written) == fold(value) else f", via {written}"
        pieces.append(escape(text[position:match.start()]))
        pieces.append(Markup('<a class="ent {}" href="{}" tabindex="-1" title="{}: {}{}">{}</a>'
                             ).format(
            field, url_for("pages.search", **{field: value}), FACET_NAMES[field], value, why,
            written))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


_SENTENCE_END = re.compile(r"[.?!:\"'”’)]$")


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs. Most cleaned text has one paragraph per line; hard-wrapped
    text (wire copy) is re-flowed, with a new paragraph after a line that ends a sentence."""
    lines = [line.strip() for line in body.split("\n")]
    filled = [line for line in lines if line]
    if not hard_wrapped(filled):
        return filled
    result: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        if current and (not line or _SENTENCE_END.search(line)):
            result.append(" ".join(current))
            current = []
    if current:
        result.append(" ".join(current))
    return result


def linked_paragraphs(article: dict[str, Any]) -> list[Markup]:
    """The body's paragraphs, escaped, with entity mentions linked."""
    surfaces = surface_map(article)
    pattern = _pattern(surfaces)
    return [link_text(paragraph, surfaces, pattern)
            for paragraph in paragraphs(article.get("body") or "")]
