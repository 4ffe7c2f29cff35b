"""Highlighted snippets whose only markup is <mark>: everything else is HTML-escaped."""

from __future__ import annotations

from html import escape

from whoosh import highlight

SNIPPET_CHARS = 240
HIGHLIGHT_CHAR_LIMIT = 100_000  # a huge article is highlighted from its first 100k characters


class MarkFormatter(highlight.Formatter):
    """Escape the text, wrap matched terms in <mark>, join fragments with an ellipsis."""

    between = " … "

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text: str) -> str:
        return escape(text)


def configure(results) -> None:
    """Set up a Whoosh Results object to produce our snippets."""
    results.formatter = MarkFormatter()
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.fragmenter.charlimit = HIGHLIGHT_CHAR_LIMIT


def lead_snippet(body: str) -> str:
    """The article's opening, escaped: the snippet when no word of the query is in the body."""
    text = " ".join(body[: SNIPPET_CHARS * 2].split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)
