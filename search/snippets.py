"""Highlighted snippets whose only markup is <mark>: everything else is HTML-escaped."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from itertools import pairwise
from typing import NamedTuple

from whoosh.lang.porter2 import stem as english_stem

from newsarchive.search.schema import STOP_MARK, fold_accents, is_stop_term

SNIPPET_CHARS = 240
HIGHLIGHT_CHAR_LIMIT = 100_000  # a huge article is highlighted from its first 100k characters


FRAGMENT_SEPARATOR = " … "  # between two highlighted fragments of one snippet


def lead_snippet(body: str) -> str:
    """The article's opening, escaped: the snippet when no word of the query is in the body."""
    text = " ".join(body[: SNIPPET_CHARS * 2].split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)


WINDOW_CHARS = 1500  # text analysed around the first likely matches


def _prefix(word: str) -> str:
    """What a word with this stem starts with: the stem less its last letter, but at least
    three letters, the last an i or y (Snowball's "tri" is "trying")."""
    prefix = re.escape(word[: max(3, len(word) - 1)].lower())
    return f"{prefix[:-1]}[iy]" if prefix.endswith("i") else prefix


def _window(text: str, words: set[str], phrases: frozenset[tuple[str, ...]] = frozenset(),
            together: frozenset[tuple[str, ...]] = frozenset()) -> str:
    """The stretch of text around the first places a query word (or phrase) may occur; where
    words typed side by side (`together`) stand so, around the first such place.

    Analysing a whole article token by token is most of a search's time, so the highlighter
    gets only a window around the first match, found among candidates: places where a word
    starts with the stem's first letters (stems are, nearly always, a prefix of the words
    they stand for), or a phrase's words so start one after the other. ("ope" of "operat"
    is also "opened", and a window there may hold no "operating".)
    """
    folded = fold_accents(text)  # the same length: López is lopez at the same place
    return ((together and _anchored(text, folded, set(), together))
            or _anchored(text, folded, words, phrases))


def _anchored(text: str, folded: str, words: set[str],
              phrases: frozenset[tuple[str, ...]]) -> str:
    """The window around the first place one of these words or phrases occurs, or ""."""
    prefixes = sorted({_prefix(w) for w in words if w}, key=len)
    runs = [r"\W+".join(_prefix(w.removeprefix(STOP_MARK)) + r"\w*" for w in phrase)
            for phrase in phrases]
    if not prefixes and not runs:
        return text
    pattern = re.compile(r"\b(?:" + "|".join([*runs, *prefixes]) + ")", re.IGNORECASE)
    firsts = {phrase[0] for phrase in phrases}
    for match in pattern.finditer(folded):  # the first candidate that is the word itself
        word = _TOKEN.match(text, match.start())
        token = _Token(0, 0, _stem(word.group()), _lower(word.group())) if word else None
        if token and (token.stem in words or token.lower in words or word.group() in words
                      or any(token.is_word(first) for first in firsts)):
            break
    else:
        return ""
    start = max(0, match.start() - SNIPPET_CHARS)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + WINDOW_CHARS)
    end = text.find(" ", end) if text.find(" ", end) > 0 else len(text)
    return text[start:end]


_TOKEN = re.compile(r"\w+(?:\.?\w+)*")  # the tokens Whoosh's analyzer makes


def _lower(token: str) -> str:
    """A token as the index reads it before stemming: lowercase, accents folded."""
    return fold_accents(token.lower())


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    """The index's stem of a token (search.schema: Snowball English)."""
    return english_stem(_lower(token))


class _Token(NamedTuple):
    """A word of the text where the highlighter looks, as the index analyzes it."""

    start: int
    end: int
    stem: str
    lower: str

    def is_word(self, word: str) -> bool:
        """Whether this is a phrase's index word (a stop word is indexed unstemmed, marked)."""
        if is_stop_term(word):
            return self.lower == word.removeprefix(STOP_MARK)
        return word in (self.stem, self.lower)


def highlight(body: str, words: set[str], top: int = 2,
              phrases: frozenset[tuple[str, ...]] = frozenset(),
              together: frozenset[tuple[str, ...]] = frozenset()) -> str:
    """Up to `top` fragments of body around the query's (stemmed) words, or "" if none occur;
    of fragments with as many of the words, first those where words typed side by side
    (`together`: "paul ryan") stand so, not "Ryan Grim" and "Paul Begala".

    The same tokens and Snowball stems as the index, but with a regex and a stem cache instead
    of Whoosh's token-object pipeline (ten times faster; highlighting was most of a search's
    time), and only over a window around the first likely matches (see _window). A phrase's
    words are marked only where they stand as the phrase: the "s" of "S&P" is not every "s".
    """
    if not (words or phrases) or not body:
        return ""
    text = _window(body[:HIGHLIGHT_CHAR_LIMIT], words, phrases, together)
    tokens, marked = _marked(text, words, phrases)
    side_by_side = {tokens[n].start for run in together for n in marked
                    if _stands_at(tokens, n, run)}
    matches = [(tokens[n].start, tokens[n].end) for n in sorted(marked)]
    if not matches:
        return ""
    fragments: list[list[tuple[int, int]]] = []
    for start, end in matches:
        if fragments and end - fragments[-1][0][0] <= SNIPPET_CHARS - 60:
            fragments[-1].append((start, end))
        else:
            fragments.append([(start, end)])
    best = sorted(fragments, key=lambda f: (-len({text[s:e].lower() for s, e in f}),
                                            -sum(s in side_by_side for s, _ in f), f[0][0]))
    chosen = sorted(best[:top], key=lambda f: f[0][0])
    return FRAGMENT_SEPARATOR.join(_fragment(text, group) for group in chosen)


def highlight_title(title: str, words: set[str],
                    phrases: frozenset[tuple[str, ...]] = frozenset()) -> str:
    """The whole title, escaped, with the query's words marked as `highlight` marks them
    (a hit found by its headline alone showed no marked word at all)."""
    tokens, marked = _marked(title, words, phrases)
    out, cursor = [], 0
    for n in sorted(marked):
        out.append(escape(title[cursor:tokens[n].start]))
        out.append(f"<mark>{escape(title[tokens[n].start:tokens[n].end])}</mark>")
        cursor = tokens[n].end
    out.append(escape(title[cursor:]))
    return "".join(out)


def _marked(text: str, words: set[str], phrases: frozenset[tuple[str, ...]]
            ) -> tuple[list[_Token], set[int]]:
    """The text's tokens, and which of them are the query's words or stand in its phrases."""
    tokens = [_Token(m.start(), m.end(), _stem(m.group()), _lower(m.group()))
              for m in _TOKEN.finditer(text)]
    # a word in capitals (WHO) is marked only where it is written so
    marked = {n for n, token in enumerate(tokens) if token.stem in words or token.lower in words
              or text[token.start:token.end] in words}
    for phrase in phrases:
        for n in range(len(tokens) - len(phrase) + 1):
            if _stands_at(tokens, n, phrase):
                # a stop word must be there but is not marked ("Bank of England"), unless it
                # is part of one written word ("AT&T")
                run = tokens[n:n + len(phrase)]
                joined = not any(char.isspace() for a, b in pairwise(run)
                                 for char in text[a.end:b.start])
                marked.update(n + i for i, word in enumerate(phrase)
                              if joined or not is_stop_term(word))
    return tokens, marked


def _stands_at(tokens: list[_Token], n: int, run: tuple[str, ...]) -> bool:
    """Whether a phrase's (or typed run's) index words stand at token n, in order."""
    return n + len(run) <= len(tokens) and all(
        tokens[n + i].is_word(word) for i, word in enumerate(run))


def _fragment(text: str, group: list[tuple[int, int]]) -> str:
    """Escaped text around one group of matches, each wrapped in <mark>."""
    start = max(0, group[0][0] - 60)
    if start:
        space = text.find(" ", start, group[0][0])
        start = space + 1 if space >= 0 else start
    end = min(len(text), max(group[-1][1] + 60, start + SNIPPET_CHARS))
    if end < len(text):
        space = text.rfind(" ", group[-1][1], end)
        end = space if space > 0 else end
    out, cursor = [], start
    for s, e in group:
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return " ".join("".join(out).split())
