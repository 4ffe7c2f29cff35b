"""Highlighted snippets whose only markup is <mark>: everything else is HTML-escaped."""

from __future__ import annotations

from html import escape

from whoosh import highlight as wh

SNIPPET_CHARS = 240
HIGHLIGHT_CHAR_LIMIT = 100_000  # a huge article is highlighted from its first 100k characters


class MarkFormatter(wh.Formatter):
    """Escape the text, wrap matched terms in <mark>, join fragments with an ellipsis."""

    between = " … "

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{escape(wh.get_text(text, token, replace))}</mark>"

    def _text(self, text: str) -> str:
        return escape(text)


def configure(results) -> None:
    """Set up a Whoosh Results object to produce our snippets."""
    results.formatter = MarkFormatter()
    results.fragmenter = wh.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.fragmenter.charlimit = HIGHLIGHT_CHAR_LIMIT


def lead_snippet(body: str) -> str:
    """The article's opening, escaped: the snippet when no word of the query is in the body."""
    text = " ".join(body[: SNIPPET_CHARS * 2].split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)


_ANALYZER = None


def _body_analyzer():
    global _ANALYZER
    if _ANALYZER is None:
        from search.schema import SCHEMA

        _ANALYZER = SCHEMA["body"].analyzer
    return _ANALYZER


def highlight(body: str, words: set[str], top: int = 2) -> str:
    """Up to `top` fragments of body around the query's (stemmed) words, or "" if none occur.

    Only the first HIGHLIGHT_CHAR_LIMIT characters are analysed, so a huge article costs no
    more than a normal one.
    """
    if not words or not body:
        return ""
    text = body[:HIGHLIGHT_CHAR_LIMIT]
    fragmenter = highlight_fragmenter()
    return wh.highlight(text, words, _body_analyzer(), fragmenter,
                                      MarkFormatter(), top=top)


def highlight_fragmenter() -> wh.ContextFragmenter:
    fragmenter = wh.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    fragmenter.charlimit = HIGHLIGHT_CHAR_LIMIT
    return fragmenter
