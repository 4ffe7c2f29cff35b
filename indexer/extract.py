"""Main text of an HTML news page: the story without navigation, ads, captions or promos.

How (measured with ``bench/extraction.py`` on the article-extraction benchmark, 120 pages it was
developed on, and on the 1,353 Dragnet pages in two halves, one tuned on and one held out; the
rules are general signals, none names a site, and each was kept only when it helps both sets):

0. Markup repair: a ``<title>`` or ``<script>`` never closed would swallow the page; they are
   closed where the first tag (body block) follows. A frameset page is read by its ``<noframes>``.
1. Markup pre-cleaning (lxml): drop hidden elements and figure captions, blocks that are nothing
   but links (related-story teasers, menus, pipe-separated section links: link density in
   words), pop-up cards inside paragraphs; tables whose cells hold prose are page layout and
   become plain blocks; quoted social posts are kept (extractors drop them for class names);
   empty inline elements go (an extractor pruning one drops the text that follows it); a
   readers' comment thread under a "Comments" heading goes with everything after it in its box.
2. Two extractors that see the page differently vote: trafilatura in precision mode without
   comments (its best single setting) and readability-lxml (densest prose block). When they
   share no text, trafilatura's default mode and resiliparse (a third extractor) break the tie
   (readability's block unless both side with precision mode; 27 Dragnet pages, none of dev;
   Dragnet tune .9289 -> .9302, held out .9342 -> .9355, dev unchanged); when readability's
   block is much longer and trafilatura's default mode agrees with it, that block is taken;
   when readability's block holds trafilatura's text and adds long prose paragraphs, the story
   was split over containers and those are added. (Dragnet F1 .911 -> .923, dev unchanged.)
   Set against readability's block of the same story, trafilatura's text also gets the lead it
   skipped (prose paragraphs right before the first shared one) and loses the page's tail
   (lines after the last shared one: "More from ...", author boxes, feed notices).
3. Line post-filtering: the headline (stored apart), promo/newsletter/social lines, photo
   credits, share counters, date stamps and bylines, dangling labels at the end.
4. No story dropped: when both extractors find nothing, trafilatura's recall mode, then
   readability alone, then the page's visible text without navigation (nav/header/footer/aside,
   navigation roles, link-dense blocks), read as a tag stream when the markup is nested deeper
   than the tree parser builds. ``extract_article`` says which step found the text.

Where Dragnet's recall goes (tune half, R 0.889): a fifth of the loss is the headline (stored
apart, step 3), a fifth bylines, dates and "follow on Twitter" lines (dropped on purpose: the
dev gold leaves them out), a fifth lines of 8-24 words (captions, standfirsts, related links,
which the gold keeps on some sites and not others), 4% reader comments the gold holds. Keeping
headline, byline and date lines would give tune 0.930 and held out 0.938 but dev 0.981; the best
of the extractors' outputs per page, chosen knowing the gold, lifts the tune pages' mean F1 only
from 0.917 to 0.930. Tried and not kept (dev / tune / held out against 0.9853 / 0.9253 /
0.9342, before the bench read five pages' gold back): source line breaks as spaces, in
readability's text (0.9853 / 0.9253 / 0.9333) or in the whole page (0.9848 / 0.9255 / 0.9342);
readability's sentences of 5-24 words between two kept paragraphs (0.9847 / 0.9254 / 0.9335),
or its 25-word paragraphs there (0.9852 / 0.9254 / 0.9341); the summary lines between headline
and story (0.9821 / 0.9252 / 0.9336); the split-story rescue from one paragraph and 10% of the
text (0.9852 / 0.9246 / 0.9336); lead paragraphs from 10 words (0.9847 / 0.9252 / 0.9344); up
to two paragraphs readability has after the last shared line (0.9853 / 0.9250 / 0.9337).
Other extractors alone (dev / Dragnet all, against trafilatura's 0.9587 / 0.9181): resiliparse
0.9250 / 0.8576 (400-600 pages/s), boilerpy3 0.8728 / 0.8382, jusText 0.7913 / 0.7836, goose3
0.8920 / 0.8312 (12 pages/s), newspaper4k 0.9329 / 0.8160 (6-8 pages/s); too slow to run on
every page but goose3, or too imprecise. Against 0.9853 / 0.9289 / 0.9302 / 0.9342 (dev / tune /
held out): resiliparse alone as the tie-breaker 0.9853 / 0.9289 / 0.9319, or boilerpy3 0.9853 /
0.9275 / 0.9318, or a majority of default mode, resiliparse and boilerpy3 (0.9853 / 0.9289 /
0.9331) do worse than the kept rule; goose3 in resiliparse's place is as good, 6 times slower.
Lines under 10 (or 25) words that are no sentence and that neither readability nor resiliparse
holds, cut: 0.9847 / 0.9300 / 0.9357 (0.9847 / 0.9296 / 0.9351); resiliparse in place of the
default mode for readability's much longer block: 0.9836 / 0.9304 / 0.9349. Lines resiliparse
adds to the text are mostly not the gold's, even when readability and the default mode hold
them too: the pages it does better on owe it to the headline and byline (dropped on purpose)
and to a site's boilerplate its gold holds (comment guidelines).
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from newsarchive.indexer.lexicon import MONTHS_MULTILINGUAL, PROMO_LINE
from newsarchive.indexer.textclean import is_counter, is_credit

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LINK_BLOCKS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt")
_MENU_BLOCKS = ("ul", "ol", "table", "tr", "td", "div", "nav", "section", "aside", "span", "p")
_LAYOUT_CELL_WORDS = 40  # a cell with a paragraph of prose is page layout, not data
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
_SENTENCE_WORDS = 10  # a line of this many words ending a sentence is no menu
_MIN_VOTE_WORDS = 15  # a shorter readability block is no opinion on where the story is
_TAIL_SHARE = 0.7  # readability's block holds this share of the text: both found the story
_TAIL_CUT = 0.3  # at most this share of the text is cut as the page's tail
_LEAD_LINES = 2  # lead paragraphs readability alone found, added before trafilatura's text
_MIN_STORY_WORDS = 50  # a comment heading in the page's own box is the thread's after this
_PARSER_DEPTH_LIMIT = 255  # libxml2 stops building the tree about here (trafilatura's parser)
# libxml2's limit lifted to 2,048 levels: a page whose tags are never closed (a <font> for each
# paragraph) nests deeper than 255 levels, and the tree would end there, the story with it.
# Comments and processing instructions are left out, as trafilatura's own parser does: given
# a tree that has them, it keeps a comment's text as a line of the story ("google_ad_section_
# start(name=story_headline)" in a headline)
_DEEP_TREES = lxml_html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "blockquote", "pre", "header", "footer", "ul", "ol", "table"}
_SENTENCE_ENDS = (".", "!", "?", "\u201d", '"', "\u3002", "\uff01", "\uff1f", "\u300d", ")")


def extract_main_text(page: str, url: str | None = None) -> str:
    """The article text of ``page``, paragraphs separated by newlines ('' when none found)."""
    return extract_article(page, url)[0]


def extract_article(page: str, url: str | None = None) -> tuple[str, str]:
    """(text, method): the article text of ``page`` and how it was found.

    ``method`` is ``"trafilatura"`` or ``"readability"`` when the main extractors (in agreement)
    found it, ``"fallback:trafilatura-recall"``, ``"fallback:readability"`` or
    ``"fallback:visible-text"`` when they found nothing and a later step of the chain did,
    ``"fallback:hidden-markup"`` when only the markup an unclosed script or comment hid had
    text (see reveal_hidden_markup), and ``""`` when the page has no text at all.
    """
    return extract_repaired(repair_markup(page), url)


def extract_repaired(page: str, url: str | None = None) -> tuple[str, str]:
    """extract_article for a page repair_markup has repaired already (the indexer's cleaning
    repairs it once for its metadata too)."""
    text, method = _extract(page, url)
    if not text:
        revealed = reveal_hidden_markup(page)
        if revealed != page:
            text, found = _extract(revealed, url)
            method = "fallback:hidden-markup" if text else found
    return text, method


def _extract(page: str, url: str | None) -> tuple[str, str]:
    """extract_article's chain on a repaired page."""
    cleaned = preclean(page)
    if isinstance(cleaned, str):  # no tree: trafilatura's own parser, then the tag stream
        text, method = _trafilatura(page, url, favor_recall=True), "fallback:trafilatura-recall"
        titles: set[str] = set()
    else:
        text, method = _main_text(cleaned, url)
        titles = title_candidates(cleaned)
        if not text and cleaned is not page and max_depth(cleaned) < _PARSER_DEPTH_LIMIT:
            text, method = _trafilatura(page, url, favor_recall=True), "fallback:trafilatura-recall"
    text = filter_lines(text, titles)
    if len(text) < _MIN_TEXT_CHARS:
        # the last resort: the page's visible text without navigation (never a dropped story)
        visible = visible_text(cleaned) if not isinstance(cleaned, str) else ""
        text, method = filter_lines(visible, titles), "fallback:visible-text"
        if len(text) < _MIN_TEXT_CHARS:
            # the tag stream: for markup too deep for the tree parser (no visible text at all),
            # and for a story a menu never closed takes in (the tree puts it inside the menu,
            # so only navigation shows): then only when it holds a sentence, not just menus
            stream = filter_lines(stream_text(page), titles)
            sentence = any(_prose(line, _SENTENCE_WORDS) for line in stream.split("\n"))
            if len(visible) < _MIN_TEXT_CHARS or sentence:
                text = stream
    return (text, method) if len(text) >= _MIN_TEXT_CHARS else ("", "")


def _main_text(tree: Any, url: str | None) -> tuple[str, str]:
    """Two extractors that see the page differently, trafilatura and readability, and their vote.

    trafilatura's precision mode is the main opinion. When readability's block shares nothing with
    it, one of them took a side block (a sidebar, a blurb about the site) for the story: the third
    opinion, trafilatura's default mode, decides; readability's block is taken unless the default
    mode holds most of precision mode's text and none of readability's. When readability's block
    is much longer, and trafilatura's default mode finds (nearly) the same block as readability,
    precision mode kept too little and the block both agree on is taken. Failing both, the chain
    continues with trafilatura's recall mode and readability alone.
    """
    first = _trafilatura(copy.deepcopy(tree), url, favor_precision=True)
    second = readability_text(tree)
    first_words, second_words = len(first.split()), len(second.split())
    default: str | None = None
    if first and second_words >= _MIN_VOTE_WORDS and _disjoint(first, second):
        default = _trafilatura(copy.deepcopy(tree), url)
        third = resiliparse_text(tree)
        if not (_covered(first, _shingles(default)) >= 0.5
                and _covered(second, _shingles(default)) < 0.1
                and _covered(first, _shingles(third)) > _covered(second, _shingles(third))):
            return second, "readability"  # unless default mode and resiliparse side with it
    if first and second_words > 1.2 * first_words:
        if default is None:
            default = _trafilatura(copy.deepcopy(tree), url)
        if len(default.split()) > 1.5 * first_words and _agree(default, second):
            return _complete(default, second), "trafilatura"
    if first:
        return _complete(first, second), "trafilatura"
    recall = _trafilatura(copy.deepcopy(tree), url, favor_recall=True)
    if recall:
        return recall, "fallback:trafilatura-recall"
    return second, "fallback:readability"


def _disjoint(first: str, second: str) -> bool:
    """Two texts that share (almost) none of their word 4-grams, either way."""
    a, b = _shingles(first), _shingles(second)
    common = len(a & b)
    return common < 0.1 * len(a) and common < 0.1 * len(b)


def _agree(first: str, second: str) -> bool:
    """Two texts that hold most of each other's word 4-grams."""
    a, b = _shingles(first), _shingles(second)
    common = len(a & b)
    return bool(a and b) and common >= 0.7 * len(a) and common >= 0.7 * len(b)


def readability_text(tree: Any) -> str:
    """readability-lxml's main block as text, one line per block element ('' on failure)."""
    try:
        summary = _readability_document()(tree).summary(html_partial=True)  # on a copy
        block = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # noqa: BLE001 - a second opinion is optional
        return ""
    for element in block.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return block.text_content()


def resiliparse_text(tree: Any) -> str:
    """resiliparse's main-content text of the (pre-cleaned) tree ('' on failure): a third
    extractor (block heuristics in C++, about 2 ms a page), asked only when trafilatura and
    readability found different blocks."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    try:
        parsed = HTMLTree.parse(lxml_html.tostring(tree, encoding="unicode"))
        return extract_plain_text(parsed, main_content=True, comments=False, alt_texts=False,
                                  form_fields=False, noscript=False, list_bullets=False,
                                  links=False) or ""
    except Exception:  # noqa: BLE001 - a third opinion is optional
        return ""


@lru_cache(maxsize=1)
def _readability_document() -> Any:
    """readability-lxml's Document, its page cleaner without the ``javascript`` pass.

    readability cleans its copy of the page with lxml_html_clean, ``javascript=True``: every
    link is rewritten to drop ``javascript:`` URLs and ``on*`` attributes are deleted, a
    quarter of its time, and neither changes a page's text (the same text on all 1,473
    benchmark pages, 26% faster).
    """
    import readability.readability as module

    cleaner = copy.copy(module.html_cleaner)
    cleaner.javascript = False
    module.html_cleaner = cleaner
    return module.Document


@lru_cache(maxsize=8)  # the same few texts are compared by several steps of the vote
def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    return _grams(text)


def _grams(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    if not tokens:
        return frozenset()
    return frozenset(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3)))


def _covered(text: str, reference: frozenset[tuple[str, ...]]) -> float:
    """Share of ``text``'s word 4-grams found in ``reference``."""
    grams = _grams(text)
    return sum(gram in reference for gram in grams) / len(grams) if grams else 1.0


def _prose(line: str, words: int = 25) -> bool:
    """A line that ends a sentence and has ``words`` words or more (25: a paragraph)."""
    return len(line.split()) >= words and line.endswith(_SENTENCE_ENDS)


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


def _complete(text: str, second: str) -> str:
    """trafilatura's text set against readability's block of the same story: paragraphs it
    missed added (split story, lead), the page's tail after the story cut."""
    return trim_unshared_tail(rescue_lead(rescue_missed_prose(text, second), second), second)


def rescue_lead(text: str, second: str) -> str:
    """Add the story's first paragraphs when trafilatura started the story late.

    A lead set apart from the body (its own container, a drop cap, a dateline span) is often
    left out. When readability's block holds (nearly) all of the text, the prose paragraphs
    right before the first paragraph both share are the lead (at most two); a paragraph that
    recurs in the block (a slideshow's captions) is not.
    """
    if len(second.split()) < _MIN_VOTE_WORDS or not text:
        return text
    if _covered(text, _shingles(second)) < 0.9:
        return text
    lines = [" ".join(line.split()) for line in second.split("\n")]
    lines = [line for line in lines if line]
    grams, joined = _shingles(text), " " + " ".join(_WORD.findall(text)) + " "
    start = next((n for n, line in enumerate(lines) if _shared(line, grams, joined)), None)
    if start is None:
        return text
    lead: list[str] = []
    for n in range(start - 1, max(-1, start - 1 - _LEAD_LINES), -1):
        if not _prose(lines[n]):
            break
        if _covered(lines[n], _grams("\n".join(lines[:n] + lines[n + 1:]))) >= 0.5:
            break  # the same caption again elsewhere in the block
        lead.insert(0, lines[n])
    return "\n".join([*lead, text]) if lead else text


def trim_unshared_tail(text: str, second: str) -> str:
    """Drop the lines after the last one readability's block shares, when both found the story.

    Both found the same story when readability's block holds at least 70% of the text's words,
    or lies (nearly) all within the text. Trailing lines only trafilatura kept are then what
    follows the story on the page (a site's blurb, "More from ...", an author box, a feed
    notice). More than 30% of the text goes only when no line of it is prose (a story
    readability cut short goes on in prose paragraphs).
    """
    if len(second.split()) < _MIN_VOTE_WORDS:
        return text
    grams, joined = _shingles(second), " " + " ".join(_WORD.findall(second)) + " "
    lines = text.split("\n")
    words = [len(line.split()) for line in lines]
    shared = [bool(line.strip()) and _shared(line, grams, joined) for line in lines]
    total = sum(words)
    last = max((n for n, found in enumerate(shared) if found), default=-1)
    if last < 0:
        return text
    kept = sum(w for w, found in zip(words, shared, strict=True) if found)
    if kept < _TAIL_SHARE * total and _covered(second, _shingles(text)) < 0.9:
        return text
    tail = lines[last + 1:]
    if sum(words[last + 1:]) > _TAIL_CUT * total and any(_prose(line.strip()) for line in tail):
        return text
    return "\n".join(lines[:last + 1])


def _shared(line: str, grams: frozenset[tuple[str, ...]], joined: str) -> bool:
    """Whether another text holds ``line``: half its word 4-grams, or all of a shorter line."""
    tokens = _WORD.findall(line)
    if len(tokens) < 4:
        return " " + " ".join(tokens) + " " in joined
    return _covered(line, grams) >= 0.5


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


# an XHTML page's prolog: the page is decoded already, and lxml refuses a decoded page that
# declares an encoding, which left the page to the fallbacks that need no tree
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.I)
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_TITLE_BREAK = re.compile(r"</?(?:script|style|meta|link|body|head|p|div|h[1-6]|table|article)\b",
                          re.I)
_SCRIPT_OPEN = re.compile(r"<script\b[^>]*>", re.I)
_BODY_MARKUP = re.compile(r"</head\s*>|<(?:body|p|div|h[1-6]|table|article|main|section)\b",
                          re.I)


def repair_markup(page: str) -> str:
    """Close a ``<title>``, ``<script>``, ``<style>``, ``<iframe>``, ``<textarea>`` or ``<a>``
    the page never closes, so it cannot swallow the page.

    A parser reads everything after ``<title>`` up to ``</title>`` (after ``<script>`` up to
    ``</script>``, ...) as its text; one left open hides the story. A title holds no tags, so
    it is closed at the first tag in it; a style sheet at the first tag outside its comments;
    a link another link follows before its ``</a>`` at the next block tag or that link;
    an iframe's or textarea's text at the first block tag in it (their text is shown as text,
    never as a page's blocks); the last script, when never closed, at the head's end or the
    first body block.
    """
    page = _XML_DECLARATION.sub("", page, count=1)
    opened = _TITLE_OPEN.search(page)
    if opened:
        end = page.lower().find("</title", opened.end())
        broken = _TITLE_BREAK.search(page, opened.end(), end if end >= 0 else len(page))
        if broken:
            page = page[:broken.start()] + "</title>" + page[broken.start():]
    last_close = page.lower().rfind("</script")
    for opened in _SCRIPT_OPEN.finditer(page, max(0, last_close)):
        if opened.start() < last_close:
            continue
        block = _BODY_MARKUP.search(page, opened.end())
        if block:
            page = page[:block.start()] + "</script>" + page[block.start():]
        break
    page = _close_at(page, _STYLE_OPEN, _STYLE_CLOSE, _first_tag_outside_comments, "</style>")
    page = _close_links(page)
    for opener, closer, close_with in _RAW_TEXT:
        page = _close_at(page, opener, closer, _first_block, close_with)
    if _FRAMESET.search(page):  # a frameset page shows its <noframes> content: read it as a block
        page = _FRAME_TAGS.sub("", page)
        page = _NOFRAMES.sub(lambda m: "</div>" if m.group(1) else "<div>", page)
    return page


_COMMENT_OPEN = re.compile(r"<!--")
_COMMENT_CLOSE = re.compile(r"-->")
_SCRIPT_CLOSE = re.compile(r"</script", re.I)
# elements whose content is read as text, tags and all: (opener, closer, their end tag)
_RAW_TEXT = tuple((re.compile(rf"<{name}\b[^>]*>", re.I), re.compile(rf"</{name}", re.I),
                   f"</{name}>") for name in ("iframe", "textarea"))
_NOSCRIPT = re.compile(r"<(/?)noscript\b[^>]*>", re.I)
_BLOCK_MARKUP = re.compile(r"<(?:p|div|h[1-6]|article|main|section|table|body)\b|</head\s*>", re.I)


def reveal_hidden_markup(page: str) -> str:
    """``page`` with every ``<script>`` closed, and every ``<!--`` comment opener removed, before
    the first block tag (``<p>``, ``<div>``, ...) inside them, and ``<noscript>`` read as a
    block (its text is what a reader without scripts sees).

    A script or comment left open runs to the next ``</script>`` or ``-->`` of the page and
    takes the story with it. Scripts and comments may also hold markup on purpose (a template,
    a block commented out), so this is only for a page whose text is otherwise nothing.
    """
    page = _close_at(page, _SCRIPT_OPEN, _SCRIPT_CLOSE, _first_block, "</script>")
    page = _close_at(page, _COMMENT_OPEN, _COMMENT_CLOSE, _first_block, "")
    return _NOSCRIPT.sub(lambda m: "</div>" if m.group(1) else "<div>", page)


def _close_at(page: str, opener: re.Pattern[str], closer: re.Pattern[str],
              inner: Callable[[str, int, int], int | None], close_with: str) -> str:
    """Each element ``opener`` starts, when ``inner`` finds where the page's markup goes on
    before the element's ``closer``: closed there with ``close_with``, or, ``close_with``
    empty, cut out up to there."""
    parts, start = [], 0
    while opened := opener.search(page, start):
        closed = closer.search(page, opened.end())
        end = closed.start() if closed else len(page)
        at = inner(page, opened.end(), end)
        if at is None:
            parts.append(page[start:end])
            start = end
            continue
        hidden = page[opened.start():at] + close_with if close_with else ""
        parts.append(page[start:opened.start()] + hidden)
        start = at
    parts.append(page[start:])
    return "".join(parts)


def _first_block(page: str, start: int, end: int) -> int | None:
    block = _BLOCK_MARKUP.search(page, start, end)
    return block.start() if block else None


_LINK_OPEN = re.compile(r"<a\b[^>]*>", re.I)
_LINK_CLOSE = re.compile(r"</a\s*>", re.I)
_LINK_END = re.compile(r"<a\b|</?(?:p|div|h[1-6]|li|ul|ol|table|tr|td|br|section|article)\b", re.I)


def _close_links(page: str) -> str:
    """Close a link left open (another link starts before its ``</a>``) where it must end: at
    that next link, or first at the next block tag. A link never closed makes the rest of its
    paragraph link text, which every extractor takes for a menu. One pass over the page."""
    opens = list(_LINK_OPEN.finditer(page))
    closes = [match.start() for match in _LINK_CLOSE.finditer(page)]
    parts, start, next_close = [], 0, 0
    for opened, following in itertools.pairwise(opens):
        while next_close < len(closes) and closes[next_close] < opened.end():
            next_close += 1
        if next_close < len(closes) and closes[next_close] < following.start():
            continue  # closed before the next link starts
        end = _LINK_END.search(page, opened.end(), following.start() + 2)
        cut = end.start() if end else following.start()
        parts.append(page[start:cut] + "</a>")
        start = cut
    parts.append(page[start:])
    return "".join(parts)


_STYLE_OPEN = re.compile(r"<style\b[^>]*>", re.I)
_STYLE_CLOSE = re.compile(r"</style", re.I)
_MARKUP = re.compile(r"</?[a-z][\w-]*[\s>/]", re.I)


def _first_tag_outside_comments(page: str, start: int, end: int) -> int | None:
    """Where a style sheet that holds a tag ends: a sheet holds no markup, so a tag there is
    the page going on after a ``</style>`` never written. Tags within the sheet's ``/*
    comments */`` are the sheet's (Blogger templates declare ``<Variable ...>`` there)."""
    return next((tag.start() for tag in _MARKUP.finditer(page, start, end)
                 if page.rfind("/*", start, tag.start()) <= page.rfind("*/", start, tag.start())),
                None)


_FRAMESET = re.compile(r"<frameset\b", re.I)
_FRAME_TAGS = re.compile(r"</?(?:frameset|frame)\b[^>]*>", re.I)
_NOFRAMES = re.compile(r"<(/?)noframes\b[^>]*>", re.I)
_NAV_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside",
             "form", "button", "select", "iframe", "head", "title")
_NAV_ROLES = ("navigation", "banner", "contentinfo", "complementary", "menu", "menubar")
_LINE_TAGS = tuple(_BLOCK_TAGS | {"td", "th", "dd", "dt", "figure", "nav", "main", "frame",
                                  "noframes"})


def visible_text(tree: Any) -> str:
    """The page's visible text, one line per block, without navigation: the last resort.

    Gone are invisible elements, navigation elements and roles, and blocks that are mostly links
    (menus, link lists, pipe-separated section links).
    """
    tree = copy.deepcopy(tree)
    for element in list(tree.iter(*_NAV_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    roles = " or ".join(f"@role='{role}'" for role in _NAV_ROLES)
    for element in tree.xpath(f"//*[{roles}]"):
        if element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    menus = [el for el in tree.iter(*_LINE_TAGS, "span", "table")
             if len(el.findall(".//a")) >= 2 and _link_share(el) >= 0.6]
    for element in menus:
        if element.getparent() is not None and element.tag not in ("html", "body"):
            element.drop_tree()
    for element in tree.iter(*_LINE_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# Markup in a record's text field (a CMS or API export: WordPress' "content", NewsAPI's): a
# lower-case closing tag or line break. Reuters' tickers ("<A>", "<GM>") are capitals.
_FIELD_MARKUP = re.compile(r"</(?:p|div|span|a|em|strong|b|i|u|li|ul|ol|h[1-6]|blockquote|"
                           r"figure|figcaption|table|tr|td|section|article)>|<br\s*/?>|<p>")


def has_markup(text: str) -> bool:
    """Whether a record's text field is HTML rather than plain text."""
    return bool(_FIELD_MARKUP.search(text))


def markup_text(fragment: str) -> str:
    """The text of an HTML fragment, a paragraph per block; scripts, styles and forms gone."""
    try:
        tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    for element in list(tree.iter(*_NAV_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in tree.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in tree.iter(*(tag for tag in _LINE_TAGS if tag != "br")):
        element.tail = "\n\n" + (element.tail or "")
    return tree.text_content()


def _trafilatura(page: Any, url: str | None, **mode: bool) -> str:
    return trafilatura.extract(page, url=url, include_comments=False, deduplicate=False,
                               **mode) or ""


def preclean(page: str) -> Any:
    """The page's tree without hidden elements, captions and link-only blocks (or the page)."""
    try:
        tree = lxml_html.document_fromstring(page, parser=_DEEP_TREES)
    except (ValueError, etree.ParserError):
        return page
    _drop(tree.xpath("//*[@hidden] | //*[@aria-hidden='true'][not(.//p)]"
                     " | //figcaption | //*[@style]"), hidden_only=True)
    _drop([el for el in tree.iter(*_LINK_BLOCKS) if _link_only(el)])
    _drop(_menus(tree))
    _drop(_inline_cards(tree))
    _unwrap_empty_inline(tree)
    _drop_comment_threads(tree)
    _unwrap_layout_tables(tree)
    _keep_embedded_posts(tree)
    return tree


_EMPTY_INLINE = ("span", "strong", "b", "em", "i", "a", "font", "u", "small", "big", "sup", "sub")


def _unwrap_empty_inline(tree: Any) -> None:
    """Remove inline elements with no content, keeping the text that follows them.

    An empty ``<span id="more-1">`` or ``<strong></strong>`` before a paragraph's text holds
    that text as its tail; an extractor that prunes the element for its class or emptiness
    prunes the text with it (a story's first paragraph, an answer after an empty label).
    """
    for element in list(tree.iter(*_EMPTY_INLINE)):
        if len(element) == 0 and not (element.text or "").strip() \
                and element.getparent() is not None:
            element.drop_tag()


_COMMENTS_HEADING = re.compile(
    r"^(\d+\s+)?(comments?|responses?|replies|reader comments|discussion"
    r"|leave a (comment|reply)|post a comment|add (a|your) comment|kommentare|commentaires"
    r"|comentarios|commenti|coment\u00e1rios)(\s*\(\d+\))?\s*:?$"
    r"|^\d+\s+(comments?|responses?|replies|thoughts)\s+(to|on)\b", re.I)


def _drop_comment_threads(tree: Any) -> None:
    """Drop a readers' comment thread: a "Comments" heading and everything after it in its box.

    Blog templates put the thread in the story's own container, right after the post, under a
    heading; extractors then keep the comments as story text. Whatever follows such a heading
    (h2-h4) within the same parent is the thread or its form, never the story.
    """
    for heading in list(tree.iter("h2", "h3", "h4")):
        text = " ".join(heading.text_content().split())
        if heading.getparent() is None or not _COMMENTS_HEADING.match(text):
            continue
        node, parent = heading, heading.getparent()
        while (parent is not None and parent.tag not in ("body", "article", "main")
               and " ".join(parent.text_content().split()) == text):
            node, parent = parent, parent.getparent()
        if parent is None:  # inside a thread already dropped
            continue
        if parent.tag in ("body", "article", "main") and sum(
                len(before.text_content().split()) for before in node.itersiblings(preceding=True)
                if isinstance(before.tag, str)  # not a comment or processing instruction
        ) < _MIN_STORY_WORDS:
            continue  # the page's or story's own box: only after the story is it the thread
        for sibling in list(node.itersiblings()):
            sibling.drop_tree()
        node.drop_tree()


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


def _menus(tree: Any) -> list[Any]:
    """Blocks of several links and next to no other words: menus, section links, link lists.

    Counted in words, so separators ("|", "»", bullets) do not count as text; one pass over the
    tree, children before their parents. A block is judged on what is left once the menus
    inside it go: a name linked to a pop-up card of links ("Gov. <a>Kristi Noem</a><card>")
    is no menu, though it holds one (Dragnet F1 unchanged, article-extraction +0.0002).
    """
    words: dict[Any, int] = {}
    linked: dict[Any, int] = {}
    links: dict[Any, int] = {}
    found = []
    for element in reversed(list(tree.iter())):
        total = _word_count(element.text) if isinstance(element.tag, str) else 0
        anchors = in_links = 0
        for child in element:  # once: each child visited makes a new proxy object
            total += words[child] + _word_count(child.tail)
            anchors += links[child]
            in_links += linked[child]
        if element.tag == "a":
            linked[element], links[element] = total, anchors + 1
        else:
            linked[element], links[element] = in_links, anchors
            if element.tag in _MENU_BLOCKS and anchors >= 3 and total and in_links >= 0.9 * total:
                found.append(element)
                words[element] = linked[element] = links[element] = 0
                continue
        words[element] = total
    return found


def _word_count(text: str | None) -> int:
    return len(_WORD.findall(text)) if text and not text.isspace() else 0


def _unwrap_layout_tables(tree: Any) -> None:
    """Turn tables used for page layout into plain blocks.

    A table whose cell holds a paragraph of prose (or another table) lays out the page; read as
    a table, its story comes out as one row of cells. Data tables (short cells) stay tables.
    """
    for table in list(tree.iter("table")):
        cells = table.xpath("./tr/td | ./*/tr/td | ./tr/th | ./*/tr/th")
        if any(len(cell.text_content().split()) >= _LAYOUT_CELL_WORDS or cell.find(".//table")
               is not None for cell in cells):
            for element in [table, *table.xpath("./* | ./tr/* | ./*/tr | ./*/tr/*")]:
                if element.tag in ("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
                    element.tag = "div"


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
    if is_counter(line) or is_credit(line) or _dateline(line) or _layout_cells(line):
        return True
    return len(line) < 300 and bool(PROMO_LINE.search(line))


_EMPTY_CELL_FIRST = re.compile(r"^\|\s*\|")


def _layout_cells(line: str) -> bool:
    """A row of a layout table opening with empty cells ("| | | | Best Boy Entertainment Game
    Designer |", a job board's sidebar on Gamasutra): a story's table has something in its
    first cell."""
    return bool(_EMPTY_CELL_FIRST.match(line)) and len(line.replace("|", " ").split()) <= 12
