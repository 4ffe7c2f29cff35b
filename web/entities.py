"""Mark an article's people, countries and organizations in its text, linked to the search.

The article's stored NER mentions say which surface strings were found ("Peskov", "the
United States"); each is tied to the normalized facet value it stands for ("Dmitry Peskov",
"United States"), and every occurrence in the body becomes a link to the filtered search.
The text is escaped piece by piece with markupsafe; only our own <a> tags are markup.
"""

from __future__ import annotations

import re
from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from search.schema import FACET_FIELDS, FACET_KEYS

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
MIN_SURFACE_CHARS = 2


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _clean(surface: str) -> str:
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", surface.strip())).strip()


def _initials(value: str) -> str:
    """ "United States" -> "US": what an abbreviation of a multi-word name looks like."""
    return "".join(word[0] for word in value.split() if word[0].isupper())


def _abbreviation(text: str) -> str | None:
    """ "U.S." -> "US" when text is written as an abbreviation (capitals, maybe dotted)."""
    letters = text.replace(".", "")
    return letters if len(letters) >= 2 and letters.isalpha() and letters.isupper() else None


def surface_map(article: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Surface text as written in the article -> (facet field, normalized value)."""
    by_fold: dict[str, tuple[str, str]] = {}
    surnames: dict[str, tuple[str, str]] = {}
    for field in FACET_FIELDS:
        for value in article.get(FACET_KEYS[field]) or []:
            by_fold.setdefault(_fold(value), (field, value))
            words = value.split()
            if field == "person" and len(words) > 1:
                surnames.setdefault(_fold(words[-1]), (field, value))
    initials = {_initials(target[1]): target for target in by_fold.values()
                if target[0] != "person" and len(target[1].split()) > 1}
    surfaces = {target[1]: target for target in by_fold.values()}
    for mention in article.get("mentions") or []:
        if not mention or not isinstance(mention[0], str):
            continue
        text = _clean(mention[0])
        if len(text) < MIN_SURFACE_CHARS:
            continue
        target = (by_fold.get(_fold(text)) or surnames.get(_fold(text))
                  or initials.get(_abbreviation(text)))
        if target:
            surfaces.setdefault(text, target)
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
        pieces.append(escape(text[position:match.start()]))
        pieces.append(Markup('<a class="ent {}" href="{}" title="{}: {}">{}</a>').format(
            field, url_for("pages.search", **{field: value}), field.capitalize(), value,
            match.group(1)))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


WRAP_WIDTH = 80  # lines this short, nearly all of them, mean hard-wrapped text (Reuters)
_SENTENCE_END = re.compile(r"[.?!:\"'”’)]$")


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs. Most cleaned text has one paragraph per line; hard-wrapped
    text (wire copy) is re-flowed, with a new paragraph after a line that ends a sentence."""
    lines = [line.strip() for line in body.split("\n")]
    filled = [line for line in lines if line]
    wrapped = len(filled) >= 4 and sum(len(line) <= WRAP_WIDTH for line in filled) >= .9 * len(
        filled)
    if not wrapped:
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
