"""How one word is written several ways, and the query read so: typed quotes, words joined by
punctuation (AT&T, G-7), letters joined to a number (G7) and acronyms (UK, U.S.).

search.query rewrites the typed text with these before Whoosh's parser reads it; each
rewrite says what it fixed.
"""

from __future__ import annotations

import re

from whoosh import query
from whoosh.analysis import STOP_WORDS as QUERY_STOP_WORDS

from newsarchive.search.name_forms import Capitals, TypedWord
from newsarchive.search.schema import (
    FACET_FIELDS,
    FIELD_ALIASES,
    SCHEMA,
    STOP_MARK,
    TEXT_FIELDS,
    fold_accents,
)
from newsarchive.search.text import APOSTROPHES

# a plain word of the title or body as the parser makes it (search.name_forms)
WORDS = (query.Term, TypedWord)

# the quotes phones and word processors type for " (and ' for the apostrophe): read as the
# query language's own, “Bank of England” is the phrase, not three words anywhere
# (names are compared with the same table, search.text.APOSTROPHES, and a few more quotes)
_TYPED_QUOTES = {**APOSTROPHES, **str.maketrans({"\u201e": '"', "\u201f": '"', "\u00ab": '"',
                                                "\u00bb": '"', "\u2033": '"'})}


def straight_quotes(text: str) -> str:
    """The query with typographic quotes as the plain ones of the syntax."""
    return text.translate(_TYPED_QUOTES)


# AT&T, S&P, G-7, F-16, cease-fire, 24/7, U.S.-made: one name the index holds as adjacent
# words ("at" "t"). Read as separate words they found nothing (AT&T: two stop words, a 400),
# or the wrong thing (F-16: every article with "16"; g-7 finance: "g" and "7" dropped;
# U.S.-made: every "made"). So such a word is the
# phrase of its parts, as if quoted (Lucene's autoGeneratePhraseQueries), also after title:
# or body:. Not after a facet field (person:Jean-Claude is a facet word, search.matching's)
# nor before *, ?, ~ (a pattern's own reading).
_PART = r"\w+(?:\.\w+)*\.?"  # a word, or an abbreviation written with dots (U.S.-made)
_COMPOUND = re.compile(rf'"[^"]*"?|(?<![\w.&/\-])(?P<field>\w+:)?(?P<word>{_PART}'
                       rf'(?:[&/\-]{_PART})+)(?![\w&/\-*?~:])')
_FACET_PREFIXES = {f"{name}:" for name in (*FACET_FIELDS, *FIELD_ALIASES)}


# G7 and G-7, F16 and F-16, COVID19 and COVID-19: letters and a number are written joined or
# apart, and the index holds "g7" for the one and "g" "7" for the other (G7 found none of the
# articles writing G-7). So either typed form is both.
_JOINED = re.compile(r'"[^"]*"?|(?<![\w.:&/\-])(?P<letters>[A-Za-z]{1,5})(?P<number>\d{1,4})'
                     r'(?![\w&/\-*?~:^]|\.\w)')
_SPLIT = re.compile(r"[A-Za-z]{1,5}-\d{1,4}")
# co-operation and cooperation, e-mail and email, re-election and reelection: words of
# letters joined by hyphens are written closed up too (on the dev archive co-operation found
# 22 articles, cooperation 339), so such a word is also its closed form
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def compounds_as_phrases(text: str) -> str:
    def joined(match: re.Match[str]) -> str:
        if match.group().startswith('"'):
            return match.group()
        return f'({match.group()} OR "{match.group("letters")}-{match.group("number")}")'

    def quoted(match: re.Match[str]) -> str:
        if match.group().startswith('"') or (match.group("field") or "").lower() in \
                _FACET_PREFIXES:
            return match.group()
        word = match.group("word")
        if not match.group("field") and (_SPLIT.fullmatch(word)
                                         or _HYPHENATED.fullmatch(word)):
            return f'("{word}" OR {word.replace("-", "")})'
        return f'{match.group("field") or ""}"{word}"'
    return _COMPOUND.sub(quoted, _JOINED.sub(joined, text))


# UK, UN, EU typed in capitals: the acronym, which archives also write with dots (Reuters:
# U.K., U.N.), a spelling the tokenizer keeps as one word ("u.k"). Read as typed, UK found
# none of the U.K. articles. So such a word, with or without its dots, is either spelling, as
# if quoted: ("UK" OR "U.K"), and search.query keeps the undotted one to the articles that
# write it in capitals (`typed_capitals`; WHO found every "who", IT nothing). A stop word so
# typed (US, IT) is such an acronym too (US alone was an error, as the stop word "us"), and
# beside other words an optional one (`optional_acronyms`). A query typed all in capitals of
# three words or more (operators aside) is a pasted headline, whose OF and IN are stop words
# as usual and whose words no acronyms.
_ACRONYM = re.compile(r'"[^"]*"?|(?<![\w.:&/\-])(?P<word>[A-Z]{2,3}|[A-Z](?:\.[A-Z]){1,2}\.?)'
                      r'(?![\w&/\-*?~:^]|\.\w)')
OPERATORS = {"AND", "OR", "NOT", "TO"}
_SHOUTED_WORDS = 3  # a query of this many words without a lowercase letter is a headline


def _shouted(text: str) -> bool:
    words = [word for word in text.split() if word not in OPERATORS]
    return not re.search(r"[a-z]", text) and len(words) >= _SHOUTED_WORDS


def acronyms_both_ways(text: str) -> str:
    shouted = _shouted(text)

    def either(match: re.Match[str]) -> str:
        word = match.group("word")
        letters = (word or "").replace(".", "")
        if not word or letters in OPERATORS:
            return match.group()
        if shouted and letters.lower() in QUERY_STOP_WORDS:
            return match.group()
        dotted = f'"{".".join(letters)}"'
        if letters in _SHORT_FORMS:
            short = _SHORT_FORMS[letters]
            dotted += f' OR "{short}" OR "{".".join(short)}"'
        return f'("{letters}" OR {dotted})'
    return _ACRONYM.sub(either, text)


def typed_capitals(text: str) -> frozenset[str]:
    """The acronyms typed in capitals without dots, lowercased ("who" of `WHO vaccine`): the
    words to find where an article writes them so. None in a pasted headline."""
    if _shouted(text):
        return frozenset()
    typed = {letters for match in _ACRONYM.finditer(text)
             if (letters := (match.group("word") or "").replace(".", ""))
             and letters.isalpha() and letters not in OPERATORS}
    return frozenset(letters.lower() for letters in typed | {
        _SHORT_FORMS[letters] for letters in typed if letters in _SHORT_FORMS})


# USA is what a reader types, U.S. what the press writes (USA found none of the 83 stories of
# the sample archive that write U.S., and was asked "did you mean USDA")
_SHORT_FORMS = {"USA": "US"}


# the index terms of stop words' dotted acronyms (U.S. is "u.", stemmed as any word)
_STOP_ACRONYMS = frozenset(
    token.text for word in QUERY_STOP_WORDS if 2 <= len(word) <= 3
    for token in SCHEMA["body"].analyzer(".".join(word.upper()), mode="query"))


def optional_acronyms(node: query.Query) -> query.Query:
    """Each AND with other words takes its stop-word acronyms (US, U.S., IT) as optional:
    x ANDMAYBE US. It ranks the articles writing it first and keeps the others: required,
    `U.S. Dollar` lost the dollar stories that do not name the U.S. (bench/relevance.py
    --names half a, MAP@100 of that name 0.297 with the dotted U.S. optional, 0.187 with
    U.S. or US required, 0.227 with both optional: a wire headline's US counts now)."""
    node = node.apply(optional_acronyms)
    if not isinstance(node, query.And):
        return node
    acronyms = [child for child in node.subqueries if _is_stop_acronym(child)]
    rest = [child for child in node.subqueries if not _is_stop_acronym(child)]
    if not acronyms or all(isinstance(child, query.Not) for child in rest):
        return node
    return query.AndMaybe(rest[0] if len(rest) == 1 else query.And(rest),
                          acronyms[0] if len(acronyms) == 1 else query.Or(acronyms))


def _is_stop_acronym(node: query.Query) -> bool:
    """Whether node is a stop word's acronym (in title or body): its dotted spelling, the
    word in capitals, and the word with a dot after it (search.forms.dotted_names)."""
    leaves = list(node.leaves()) if isinstance(node, query.Or) else [node]
    return bool(leaves) and all(
        (type(leaf) is Capitals and leaf.text.startswith(STOP_MARK))
        or (type(leaf) in WORDS and leaf.text in _STOP_ACRONYMS)
        or (type(leaf) is query.Prefix and leaf.text.removesuffix(".") in QUERY_STOP_WORDS)
        for leaf in leaves)


# women and woman, gunmen and gunman, crises and crisis: plurals the stemmer leaves apart, as
# it only strips regular endings (women found none of the articles writing woman). So each is
# also the other. A word ending in -man or -men after three letters or more (spokesman,
# chairmen) pairs by rule; a shorter one (omen, Oman, human, Yemen) is a word of its own.
# Phrases are left as typed.
_IRREGULAR = (("man", "men"), ("woman", "women"), ("child", "children"), ("foot", "feet"),
              ("tooth", "teeth"), ("mouse", "mice"), ("goose", "geese"), ("wife", "wives"),
              ("knife", "knives"), ("thief", "thieves"), ("wolf", "wolves"), ("half", "halves"),
              ("shelf", "shelves"), *((f"{stem}sis", f"{stem}ses") for stem in (
                  "cri", "analy", "hypothe", "diagno", "synthe", "progno", "empha",
                  "parenthe")))  # not thesis, oasis: "theses" and "oases" stem as these, OAS


def _stem(word: str) -> str:
    return next(iter(SCHEMA["body"].process_text(word, mode="query")), word)


_OTHER_FORM = {_stem(a): _stem(b) for pair in _IRREGULAR for a, b in (pair, pair[::-1])}
_MAN = re.compile(r"(?P<start>[a-z]{3,})m(?P<vowel>[ae])n")


def other_form(stem: str) -> str | None:
    """The index term of the word's irregular plural (or singular), if it has one."""
    if stem in _OTHER_FORM:
        return _OTHER_FORM[stem]
    man = _MAN.fullmatch(stem)
    if man:
        return f"{man['start']}m{'e' if man['vowel'] == 'a' else 'a'}n"
    return None


def irregular_plurals(node: query.Query) -> query.Query:
    """Each word of the title or body as itself or its irregular other number."""
    if type(node) in WORDS and node.fieldname in TEXT_FIELDS:
        other = other_form(node.text)
        if other:
            return query.Or([node, query.Term(node.fieldname, other, boost=node.boost)])
        return node
    return node.apply(irregular_plurals)


# Amazon.com, Salon.com, BP.L, TEVIY.O: a name the tokenizer keeps as one word with its web
# domain or exchange code ("amazon.com", "teviy.o"). Typed alone, the name found none of the
# articles that write it only so (5 of the 7 dev-archive articles writing Amazon.com, 8 of 8
# writing NBCNews.com; the ticker TEVIY nothing, and a did-you-mean of "tveit"). So a plain
# word of two letters or more also stands for the words that are it followed by a dot (a
# domain, a ticker's exchange). Phrases, patterns and facet words are left as typed.
_DOTTED = re.compile(r"([^\W\d_]{2,})\.\w")
_TYPED_WORD = re.compile(r'"[^"]*"?|(?<![\w.&/*?~])([^\W\d_]{2,})(?![\w.&/\-*?~:^])')


def dotted_names(node: query.Query, text: str) -> query.Query:
    """Each plain word of the title or body also as the start of a dotted name."""
    typed: dict[str, str] = {}
    for match in _TYPED_WORD.finditer(text):
        word = match.group(1)
        if word and word not in OPERATORS:
            plain = fold_accents(word.lower())
            typed.setdefault(_stem(plain), plain)
    if not typed:
        return node

    def either(child: query.Query) -> query.Query:
        if type(child) in WORDS and child.fieldname in TEXT_FIELDS and (
                word := typed.get(child.text)):
            return query.Or([child, query.Prefix(child.fieldname, f"{word}.",
                                                 boost=child.boost)])
        return child.apply(either)
    return either(node)


def dotted_start(term: str) -> str | None:
    """The word an index word written with dots starts with ("amazon" of "amazon.com",
    "teviy" of "teviy.o"), or None: what `dotted_names` finds it by."""
    match = _DOTTED.match(term)
    return match.group(1) if match else None
