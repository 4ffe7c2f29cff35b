"""Main text of an HTML news page: the story without navigation, ads, captions or promos.

How (each step measured on the article-extraction benchmark with ``bench/extraction.py``; the
F1 figures are the gain of the step there, all steps together give F1 .983):

1. Markup pre-cleaning (lxml): drop hidden elements and figure captions, blocks that are nothing
   but links (related-story teasers), pop-up cards inside paragraphs (+.001); keep quoted social
   posts, which extractors drop for their class names (+.002).
2. trafilatura in precision mode without comments (its best single setting: .969), with its
   recall mode as a fallback when precision mode finds nothing.
3. readability-lxml as a second opinion: when its block holds trafilatura's text and adds long
   prose paragraphs, the story was split over containers and those are added (+.003).
4. Line post-filtering: the headline (stored apart, +.003), promo/newsletter/social lines, photo
   credits, share counters, date stamps and bylines, dangling labels at the end (+.005).
Markup nested deeper than the tree parser can build is read as a tag stream instead.
"""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from indexer.lexicon import MONTHS_MULTILINGUAL, PROMO_LINE
from indexer.textclean import is_counter, is_credit

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LINK_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_WORD = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"\s+[|\u2013\u2014\-\u00b7:]\s+")
_MONTHS = MONTHS_MULTILINGUAL
_DATE_LINE = re.compile(
    rf"\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d\b"
    rf"|\b\d{{1,2}}:\d\d\b"
    rf"|\b({_MONTHS})\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}\.?\s+(de\s+)?({_MONTHS})\s+(de\s+)?\d{{4}}\b",
    re.I)
_META_LINE = re.compile(
    r"^(by|By|BY|por|Por|di|Di|von|Von|par|Par)\s+[A-Z][\w.'\-]+(\s+[A-Z][\w.'\-]+){0,3}"
    r"(\s*(,|and|&|e|y)\s*[A-Z][\w.'\-]+(\s+[A-Z][\w.'\-]+){0,3})*$"
    r"|(?i:^(updated|published|posted|last updated|atualizado|publicado|aggiornato)\b"
    r"|^(additional reporting|reporting|writing|editing) by\b"
    r"|\b\d+\s*(min|mins|minutes?|minutos?|minuti)\.?\s*(read|de leitura|di lettura)\b"
    r"|^(reading time|tempo de leitura|tiempo de lectura)\b)")
_EMBED_XPATH = ("//blockquote[contains(@class, 'twitter-tweet')"
                " or contains(@class, 'instagram-media') or contains(@class, 'twitter-video')]")
_MIN_TEXT_CHARS = 20  # less is a label or a menu item, not an article
_PARSER_DEPTH_LIMIT = 255  # libxml2 stops building the tree about here
_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "blockquote", "pre", "header", "footer", "ul", "ol", "table"}
_SENTENCE_ENDS = (".", "!", "?", "\u201d", '"', "\u3002", "\uff01", "\uff1f", "\u300d", ")")


def extract_main_text(page: str, url: str | None = None) -> str:
    """The article text of ``page``, paragraphs separated by newlines ('' when none found)."""
    cleaned = preclean(page)
    text = _trafilatura(copy.deepcopy(cleaned), url, favor_precision=True)
    if text and not isinstance(cleaned, str):
        text = rescue_missed_prose(text, readability_text(cleaned))
    if not text:
        text = _trafilatura(cleaned, url, favor_recall=True)
    if not text and cleaned is not page:
        if max_depth(cleaned) >= _PARSER_DEPTH_LIMIT:
            text = stream_text(page)  # the parser gave up on the nesting: keep the text anyway
        else:
            text = _trafilatura(page, url, favor_recall=True)
    titles = title_candidates(cleaned) if not isinstance(cleaned, str) else set()
    text = filter_lines(text, titles)
    return text if len(text) >= _MIN_TEXT_CHARS else ""


def readability_text(tree: Any) -> str:
    """readability-lxml's main block as text, one line per block element ('' on failure)."""
    try:
        from readability import Document

        summary = Document(lxml_html.tostring(tree, encoding="unicode")).summary(html_partial=True)
        block = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # noqa: BLE001 - a second opinion is optional
        return ""
    for element in block.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return block.text_content()


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return {tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3))} if tokens else set()


def _covered(text: str, reference: set[tuple[str, ...]]) -> float:
    """Share of ``text``'s word 4-grams found in ``reference``."""
    grams = _shingles(text)
    return sum(gram in reference for gram in grams) / len(grams) if grams else 1.0


def _prose(line: str) -> bool:
    return len(line.split()) >= 25 and line.endswith(_SENTENCE_ENDS)


def rescue_missed_prose(text: str, second: str) -> str:
    """Add the story paragraphs trafilatura's precision mode missed but readability found.

    Only when readability's block contains (nearly) all of trafilatura's text, so both found the
    same story, and only long prose paragraphs that add up to a real share of the story: the
    failure this fixes is a story split over several containers, of which one was kept.
    """
    if not second:
        return text
    found = _shingles(text)
    if _covered(text, _shingles(second)) < 0.9:
        return text
    extra: dict[str, None] = {}  # ordered and unique
    for line in second.split("\n"):
        line = " ".join(line.split())
        if line and line not in extra and _prose(line) and _covered(line, found) < 0.5:
            extra[line] = None
    if len(extra) < 2 or sum(len(x.split()) for x in extra) < 0.3 * len(text.split()):
        return text
    return _merge_in_order(text.split("\n"), list(extra), second)


def _merge_in_order(lines: list[str], extra: list[str], second: str) -> str:
    """Insert ``extra`` paragraphs after the line that precedes them in ``second``."""
    position = {id(x): second.find(x[:60]) for x in extra}
    anchors = [second.find(line[:60]) if line else -1 for line in lines]
    merged = list(lines)
    for paragraph in sorted(extra, key=lambda x: position[id(x)], reverse=True):
        where = position[id(paragraph)]
        before = [i for i, anchor in enumerate(anchors) if 0 <= anchor < where]
        index = (max(before, key=lambda i: anchors[i]) + 1) if before else len(merged)
        merged.insert(index, paragraph)
        anchors.insert(index, where)
    return "\n".join(merged)


def title_candidates(tree: Any) -> set[str]:
    """The page's own headline in its forms (h1, og:title, <title> parts), normalized."""
    texts = [" ".join(h1.text_content().split()) for h1 in tree.iter("h1")]
    texts += tree.xpath("//meta[@property='og:title']/@content | //title/text()")
    titles = {_norm(text) for text in texts}
    for text in tree.xpath("//title/text()"):
        titles.update(_norm(part) for part in _TITLE_SPLIT.split(text))
    return {title for title in titles if len(title.split()) >= 3}


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def max_depth(tree: Any) -> int:
    """The deepest element nesting of ``tree`` (iteratively: the tree may be very deep)."""
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


class _TextCollector(HTMLParser):
    """Text of a page read as a stream of tags, for markup too deep for a tree parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping = 0  # a page may never close its <head>
        elif tag in _INVISIBLE_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def stream_text(page: str) -> str:
    """The visible text of ``page`` without building a tree, one line per block."""
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _trafilatura(page: Any, url: str | None, **mode: bool) -> str:
    return trafilatura.extract(page, url=url, include_comments=False, deduplicate=False,
                               **mode) or ""


def preclean(page: str) -> Any:
    """The page's tree without hidden elements, captions and link-only blocks (or the page)."""
    try:
        tree = lxml_html.document_fromstring(page)
    except (ValueError, etree.ParserError):
        return page
    _drop(tree.xpath("//*[@hidden] | //*[@aria-hidden='true'][not(.//p)]"
                     " | //figcaption | //*[@style]"), hidden_only=True)
    _drop([el for el in tree.iter(*_LINK_BLOCKS) if _link_only(el)])
    _drop(_inline_cards(tree))
    _keep_embedded_posts(tree)
    return tree


def _keep_embedded_posts(tree: Any) -> None:
    """Let extractors see quoted social posts (standard embed markup) as the quotations they are.

    Extractors drop them for their "twitter"/"social" class names, but a post quoted in a story
    is story text, so the classes of the post and of wrappers holding nothing else are removed.
    """
    for post in tree.xpath(_EMBED_XPATH):
        text = post.text_content().strip()
        node = post
        for _ in range(4):
            if node is None or node.tag in ("body", "article", "main"):
                break
            if node.text_content().strip() != text:
                break
            for attribute in ("class", "id"):
                node.attrib.pop(attribute, None)
            node = node.getparent()


def _drop(elements: list[Any], hidden_only: bool = False) -> None:
    for element in elements:
        if element.getparent() is None or element.tag in ("html", "body"):
            continue
        if hidden_only and element.get("style") is not None and element.tag != "figcaption" \
                and not _HIDDEN_STYLE.search(element.get("style", "")):
            continue
        element.drop_tree()


def _inline_cards(tree: Any) -> list[Any]:
    """Pop-up cards inside paragraphs (a person's photo and related links shown on hover).

    The innermost element inside a ``<p>`` that holds both an image and links, mostly link text.
    """
    found = tree.xpath("//p//*[self::span or self::div or self::aside][.//img][.//a]")
    inner = set(found)
    return [el for el in found
            if not any(child in inner for child in el.iterdescendants())
            and _link_share(el) >= 0.5]


def _link_share(element: Any) -> float:
    """The share of an element's text that is link text."""
    text = " ".join(element.text_content().split())
    if not text:
        return 0.0
    return sum(len(" ".join(a.text_content().split())) for a in element.iter("a")) / len(text)


def _link_only(element: Any) -> bool:
    """A short block whose text is (almost) all link text: a teaser, not story text."""
    words = len(element.text_content().split())
    return 0 < words <= 30 and _link_share(element) >= 0.9


def filter_lines(text: str, titles: set[str] | frozenset[str] = frozenset()) -> str:
    """Drop promo/social/credit/counter/date lines, the headline (stored apart) and trailing
    headings without a story after them."""
    lines = [line.strip() for line in text.split("\n")]
    kept = [line for line in lines
            if line and not _boilerplate(line) and _norm(line) not in titles]
    for _ in range(3):  # a dangling heading or label at the end ("Tags", "Related coverage")
        if len(kept) > 1 and _label(kept[-1]):
            kept.pop()
    return "\n".join(kept)


def _label(line: str) -> bool:
    """A short line that is no sentence: at most four words, no closing punctuation."""
    return (len(line) <= 40 and len(line.split()) <= 4
            and not line.endswith(_SENTENCE_ENDS) and not line.isdigit())


def _dateline(line: str) -> bool:
    """A date/time stamp, byline or reading-time line: short, and not a sentence."""
    sentence = line.endswith(".") and not line.endswith(("a.m.", "p.m."))
    if len(line.split()) > 12 or sentence or line.startswith(("\u2014", "-", "(")):
        return False  # a sentence, or the signature of an embedded post ("— Name (@x) May 1")
    if "(@" in line or re.fullmatch(r"[\d:.\s]+([ap]\.?m\.?)?", line, re.I):
        return False  # a quoted post's author, or a bare time heading of a live story
    return bool(_DATE_LINE.search(line) or _META_LINE.search(line))


def _boilerplate(line: str) -> bool:
    if is_counter(line) or is_credit(line) or _dateline(line):
        return True
    return len(line) < 300 and bool(PROMO_LINE.search(line))
