"""Turn what a user typed into a Whoosh query: AND by default, fields, phrases, ranges, fuzzy."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from whoosh import analysis, qparser, query
from whoosh.qparser import syntax
from whoosh.qparser.dateparse import DateParserPlugin

from newsarchive.search.forms import (
    OPERATORS,
    acronyms_both_ways,
    compounds_as_phrases,
    dotted_names,
    irregular_plurals,
    optional_acronyms,
    typed_capitals,
)
from newsarchive.search.name_forms import Capitals, TypedWord
from newsarchive.search.schema import (
    ACCENT_FOLDING,
    FACET_FIELDS,
    FIELD_ALIASES,
    LANGUAGE_CODE,
    QUERY_SCHEMA,
    SCHEMA,
    STOP_MARK,
    TEXT_FIELDS,
    fold_accents,
    not_a_language_code,
)
from newsarchive.search.text import POSSESSIVE

# each unquoted word is searched in both, its score there multiplied by the field's boost.
# The title's weights are already its word counts times the schema's field_boost (2), and
# its BM25 is added to the body's, so a word in the title counts about twice without a
# boost. bench/relevance.py half a, MAP@100 / P@10 with body B 0.3 (search.matching): title
# boost 2 -> 1 gave 0.598 / 0.729 -> 0.604 / 0.742, and with search.ranking's feedback
# 0.634 / 0.761 -> 0.650 / 0.774 (a doubled title made feedback favour title-only matches).
FIELD_BOOSTS = {"title": 1.0, "body": 1.0}
# word~N scans the term list with an automaton whose size grows steeply with N: at 9 one
# word took seconds on a few hundred articles. More than 2 edits finds other words anyway.
MAX_FUZZY_EDITS = 2
# word*, *word, w?rd, word~ and [a TO z] each stand for up to thousands of words whose
# postings are all read: 26 of them took over 10 s on a few hundred articles. A user who
# types more than this many in one query gets a 400 that says so.
MAX_EXPANDING_WORDS = 3


class ExactPhrasePlugin(qparser.PhrasePlugin):
    """"Quoted words" as a phrase of every word, stop words included.

    The parser reads unquoted words with QUERY_SCHEMA (stop words dropped); a phrase is
    tokenized by the index's own analyzer instead, so "stock of exchange" asks for three
    words at adjacent positions, as they are indexed. One quoted word is that word as typed
    (a name the stemmer would make another word of, "Mets", stays the name).
    """

    class ExactPhraseNode(qparser.PhrasePlugin.PhraseNode):
        def query(self, parser: qparser.QueryParser) -> query.Query:
            fieldname = self.fieldname or parser.fieldname
            field = SCHEMA[fieldname] if fieldname in SCHEMA.names() else None
            if field is None or not field.analyzer or not field.scorable:
                return super().query(parser)  # ids, facets: Whoosh's own reading
            start = self.textstartchar
            tokens = [(token.text, (start + token.startchar, start + token.endchar))
                      for token in field.tokenize(self.text, mode="query", chars=True)]
            if len(tokens) == 1 and not tokens[0][0].startswith(STOP_MARK):
                # "Mets": the word as typed, as unquoted (not "met"); a stop word stays marked
                word = parser.term_query(fieldname, self.text, query.Term, self.boost)
                return syntax.attach(word, self)
            phrase = query.Phrase(fieldname, [text for text, _ in tokens], slop=self.slop,
                                  boost=self.boost, char_ranges=[c for _, c in tokens])
            return syntax.attach(phrase, self)

    class ExactPhraseTagger(qparser.RegexTagger):
        def create(self, parser: qparser.QueryParser, match: re.Match[str]) -> syntax.SyntaxNode:
            slop = int(match.group("slop")) if match.group("slop") else 1
            return ExactPhrasePlugin.ExactPhraseNode(match.group("text"), match.start("text"),
                                                     slop)

    def taggers(self, parser: qparser.QueryParser) -> list[tuple[qparser.Tagger, int]]:
        return [(self.ExactPhraseTagger(self.expr), 0)]


class FacetWords(query.Term):
    """person:Baker: the articles with a value of the facet holding that word (every Baker).

    A quoted value, person:"James Baker", stays a Term: that one value. search.matching
    finds the values through the reader's facet table (FacetTable.docs_with_words).
    """


class NewsParser(qparser.QueryParser):
    """Whoosh's parser, reading an unquoted word after a facet field as FacetWords (without a
    possessive), a language code in any case (language:FR) as the index stores it (fr), and
    a word of the title or body whose stem is another word as a TypedWord (with the word:
    search.name_forms)."""

    def term_query(self, fieldname: str, text: str, termclass: type, boost: float = 1.0,
                   tokenize: bool = True, removestops: bool = True) -> query.Query:
        if fieldname in FACET_FIELDS and termclass is query.Term:
            # person:Reagan's is person:Reagan (plain words lose it: "reagan" "s")
            return FacetWords(fieldname, POSSESSIVE.sub("", text) or text, boost=boost)
        if fieldname == "language" and isinstance(text, str):
            if not LANGUAGE_CODE.fullmatch(text):  # as lang= in a URL: an error, not 0 hits
                raise QueryError(not_a_language_code("language:", text))
            text = text.lower()
        found = super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        if fieldname in TEXT_FIELDS and type(found) is query.Term:
            words = [token.text for token in _UNSTEMMED(text)]
            if len(words) == 1 and words[0] != found.text:  # mets, stemmed met
                return TypedWord(fieldname, found.text, words[0], text[:1].isupper(),
                                 found.boost)
        return found


# a typed word as the query analyzer reads it before stemming
_UNSTEMMED = (analysis.RegexTokenizer() | analysis.LowercaseFilter() | ACCENT_FOLDING
              | analysis.StopFilter())


def make_parser() -> qparser.QueryParser:
    parser = NewsParser(None, QUERY_SCHEMA, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(list(TEXT_FIELDS), fieldboosts=FIELD_BOOSTS))
    parser.remove_plugin_class(qparser.PhrasePlugin)
    parser.add_plugin(ExactPhrasePlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    parser.add_plugin(qparser.FieldAliasPlugin({v: [k] for k, v in FIELD_ALIASES.items()}))
    return parser


# "-word" excludes, as NOT word: Whoosh's own minus read a leading "-border" as "border" and a
# leading -person:"X" as three plain words. Quoted text is kept as it is ("a -b" is a phrase).
_MINUS = re.compile(r'"[^"]*"?|(?:^|(?<=[\s(]))-(?=[^\s\-])')


# Field names as users type them (TITLE:oil, Person:Baker): Whoosh knows them in lowercase
# only and read these as plain words, which found nothing
_FIELD_NAME = re.compile(r'"[^"]*"?|(?<![\w:])(?:' + "|".join((*QUERY_SCHEMA.names(),
                                                                  *FIELD_ALIASES))
                         + r')(?=\s*:)', re.IGNORECASE)


def lower_field_names(text: str) -> str:
    """The query with its field names in lowercase (quoted text left as typed)."""
    return _FIELD_NAME.sub(lambda m: m.group() if m.group().startswith('"') else
                           m.group().lower(), text)


def _minus_as_not(text: str) -> str:
    return _MINUS.sub(lambda m: m.group() if m.group().startswith('"') else "NOT ", text)


_PARSER = make_parser()


class QueryError(ValueError):
    """A query that cannot be read; the message says what to change."""


class QueryTooExpensive(QueryError):
    """A query that would take longer than its budget (see search.matching.Budget).

    A QueryError, so the web answers 400 and the CLI prints the message: what was too
    expensive and what to try instead.
    """


class ServerBusy(QueryTooExpensive):
    """A query that ran out of wall-clock time because the machine is busy, not because of
    what it asks: the web answers 503 with Retry-After, since the same query may pass later.
    """


# date:[2023-01-01 TO 2023-12-31], date:[2023-01-01 TO], date:[TO 2023-06], date:[1987 TO 1988];
# date:2023-03 (one day, month or year), date:>2023-03-01 (also >=, <, <=); "-" or NOT before
# it excludes the range. Whoosh's own date parser reads "1987-03-01" as the year 1987, so these
# clauses are read here, as days, before the rest goes to Whoosh; any other date: is refused.
DATE_CLAUSE = re.compile(r"(?P<not>(?:\bNOT\s+|-))?\bdate:(?:\[\s*(?P<start>[^\s\]]*)\s*\bTO\b"
                         r"\s*(?P<end>[^\s\]]*)\s*\]|(?P<op>[<>]=?)?(?P<value>[\w-]+))",
                         re.IGNORECASE)
_DATE_FIELD = re.compile(r"\bdate:", re.IGNORECASE)
_DATE_FORMS = ("write date:[A TO B], date:[A TO], date:[TO B], date:A or date:>A (>=, <, <=), "
               "each A a day, month or year (YYYY-MM-DD, YYYY-MM or YYYY)")


# a field prefix with nothing after it ("person:", "title: oil", 'org:""', "country:()"): the
# parser read it as the field's name as a word ("person" found articles saying "person")
_EMPTY_FIELD = re.compile(r'(?<![\w:])(?P<field>' + "|".join(
    name for name in (*QUERY_SCHEMA.names(), *FIELD_ALIASES) if name != "date")
    + r')\s*:\s*(?:$|(?=[\s)])|""|\(\s*\))')


_FIELD_EXAMPLES = {"person": ("Baker", '"James Baker"'), "country": ("Finland",),
                   "org": ("NATO", '"World Bank"'), "language": ("en",),
                   "source": ("reuters",), "title": ("border", '"trade deficit"')}


def _refuse_empty_fields(text: str) -> None:
    """A QueryError for a field prefix with no word after it (quoted text left out)."""
    blanked = re.sub(r'"[^"]+"', lambda quoted: "\0" * len(quoted.group()), text)
    empty = _EMPTY_FIELD.search(blanked)
    if empty:
        field = empty.group("field")
        examples = _FIELD_EXAMPLES.get(FIELD_ALIASES.get(field, field), ("border",))
        raise QueryError(f"{field}: has nothing after it: write what to find right after "
                         f"the colon, as in " + " or ".join(f"{field}:{example}"
                                                           for example in examples))


# a pattern's mark inside quotes: "bank of eng*", "bank of englnd~" found nothing and said
# nothing (a phrase is matched word for word, and the tokenizer keeps * as a letter)
_QUOTED_PATTERN = re.compile(r"\w\*|\*\w|\w\?\w|\w~")


def _refuse_patterns_in_quotes(text: str) -> None:
    """A QueryError for *, ? or ~ inside a quoted phrase."""
    for quoted in re.finditer(r'"([^"]*)"?', text):
        mark = _QUOTED_PATTERN.search(quoted.group(1))
        if mark:
            char = next(c for c in mark.group() if c in "*?~")
            raise QueryError(
                f"{quoted.group()} has {char} inside the quotes, where it is no pattern (a "
                f"phrase is matched word for word): write the word with {char} outside "
                f"quotes ({quoted.group(1).strip()}), or the phrase without it")


@lru_cache(maxsize=512)
def parse_query(text: str) -> query.Query:
    """Parse a user's query; an empty query matches every article.

    Cached: one search reads its query for matching, highlighting and ranking, and paging
    repeats it. Callers never change the returned tree (Whoosh queries are copied, not
    modified, by accept() and the plan compiler). A QueryError is raised each time.
    """
    text = lower_field_names((text or "").strip())
    _refuse_empty_fields(text)
    _refuse_patterns_in_quotes(text)
    if _DATE_FIELD.search(_unquoted(text)):
        return _with_dates(text)
    if not text:
        return query.Every()
    try:
        parsed = _PARSER.parse(acronyms_both_ways(compounds_as_phrases(_minus_as_not(text))))
    except QueryError:  # ours: a clause that says what to change (language:fr!)
        raise
    except Exception:  # Whoosh raises assorted errors on odd syntax: read the words literally
        parsed = query.NullQuery
    if _is_null(parsed):
        parsed = _literal(text)
    if _is_null(parsed):
        raise QueryError(
            f"the query {text!r} has nothing to search for: only words too common or too "
            "short to search for alone (like 'the', 'a', 'x', '7'; put them in quotes to find "
            "them as a phrase), or only operators (AND, OR, NOT) and brackets"
        )
    parsed = parsed.accept(_bound_fuzzy)
    _check_expanding_words(parsed)  # the words as typed, before their other forms are added
    if _in_title_case(text):
        parsed = parsed.accept(lambda node: node.in_title_case() if isinstance(
            node, TypedWord) else node)
    return optional_acronyms(_capitals_as_typed(
        dotted_names(irregular_plurals(_prefixes_as_typed(parsed, text)), text),
        typed_capitals(text)))


def _capitals_as_typed(parsed: query.Query, capitals: frozenset[str]) -> query.Query:
    """Each word of the title or body typed in capitals (WHO, IT) as Capitals: the articles
    writing it so, not every "who" (search.forms.typed_capitals)."""
    if not capitals:
        return parsed

    def as_typed(node: query.Query) -> query.Query:
        if type(node) is query.Term and node.fieldname in TEXT_FIELDS and (
                letters := node.text.removeprefix(STOP_MARK)) in capitals:
            return Capitals(node.fieldname, node.text, letters, node.boost)
        return node.apply(as_typed)
    return as_typed(parsed)


def _in_title_case(text: str) -> bool:
    """Whether every word typed (two or more) begins with a capital ("Interest Rates")."""
    words = typed_words(text)
    return len(words) > 1 and all(word[:1].isupper() for word in words)


FACET_CLAUSE = re.compile(
    r'(?<![\w:"])(?P<not>-|\bNOT\s+)?(?P<field>' + "|".join((*FACET_FIELDS, *FIELD_ALIASES))
    + r')\s*:\s*(?:"(?P<quoted>[^"]*)"|(?P<word>[^\s()"]+))')


@dataclass(frozen=True)
class FacetClause:
    """A facet field written in the query (person:Baker, -country:"Soviet Union"), found so
    the page can show it as a chip with a link that removes it."""

    field: str  # person, country or org
    value: str
    exact: bool  # quoted: that one value; else every value holding the word(s)
    negated: bool
    start: int  # where the clause is in the query text
    end: int

    def without(self, text: str) -> str:
        """The query text with this clause taken out."""
        return _cut(text, self.start, self.end)


def _cut(text: str, start: int, end: int) -> str:
    """text without text[start:end], its spaces tidied."""
    return " ".join(f"{text[:start]} {text[end:]}".split())


def facet_clauses(text: str) -> list[FacetClause]:
    """The facet clauses of a query, in order."""
    return [FacetClause(FIELD_ALIASES.get(m.group("field"), m.group("field")),
                        m.group("quoted") if m.group("quoted") is not None else m.group("word"),
                        m.group("quoted") is not None, bool(m.group("not")), m.start(), m.end())
            for m in FACET_CLAUSE.finditer(lower_field_names(text or ""))
            if (m.group("quoted") or m.group("word") or "").strip()]


def filter_clauses(text: str) -> list[FacetClause]:
    """The facet clauses that filter the whole query, as a sidebar filter does: outside
    brackets and not an alternative of OR. `oil -(country:Iran OR country:Iraq)` and
    `country:Russia OR country:Finland` have none (a chip for either would say the opposite
    of what the query does, and taking one out would leave a bare OR)."""
    text = lower_field_names(text or "")
    unquoted = _unquoted(text)

    def stands_alone(clause: FacetClause) -> bool:
        before, after = unquoted[:clause.start], unquoted[clause.end:]
        return (before.count("(") == before.count(")")
                and before.split()[-1:] != ["OR"] and after.split()[:1] != ["OR"])

    return [clause for clause in facet_clauses(text) if stands_alone(clause)]


@dataclass(frozen=True)
class DateClause:
    """A date clause written in the query (date:[1987-03-01 TO 1987-03-31], -date:1987),
    found so the page can show it as a chip, as it shows --from/--to. Every date clause
    filters the whole query (`_with_dates`), whatever stands around it."""

    first: date | None  # the first day it asks for (None: open)
    last: date | None
    negated: bool
    start: int
    end: int

    def without(self, text: str) -> str:
        """The query text with this clause taken out."""
        return _cut(text, self.start, self.end)


def date_clauses(text: str) -> list[DateClause]:
    """The date clauses of a query that can be read, in order (not those inside quotes)."""
    unquoted = _unquoted(text or "")
    found = []
    for match in DATE_CLAUSE.finditer(text or ""):
        if unquoted[match.start()] == "\0":
            continue
        try:
            first, last = _bounds(match)
        except QueryError:
            continue
        if first is not None or last is not None:
            found.append(DateClause(first.date() if first else None,
                                    last.date() if last else None,
                                    bool(match.group("not")), match.start(), match.end()))
    return found


def _with_dates(text: str) -> query.Query:
    """The query with its date clauses as day ranges (both days included)."""
    ranges, excluded = [], []
    unquoted = _unquoted(text)
    clauses = [m for m in DATE_CLAUSE.finditer(text) if unquoted[m.start()] != "\0"]
    for match in clauses:
        start, end = _bounds(match)
        if start is None and end is None:  # date:[TO] asks nothing, as no --from/--to
            continue
        if start is not None and end is not None and start > end:
            raise QueryError(f"{match.group().strip()!r} ends before it starts: the first day "
                             "comes first, date:[2023-01-01 TO 2023-06-30]")
        clause = query.DateRange("date", start, end)
        (excluded if match.group("not") else ranges).append(clause)
    for match in reversed(clauses):
        text = f"{text[:match.start()]} {text[match.end():]}"
    rest = text.strip()
    stray = _DATE_FIELD.search(_unquoted(rest))
    if stray:
        raise QueryError(f"{rest[stray.start():].split()[0]!r} is not a date clause: "
                         f"{_DATE_FORMS}")
    parts = [parse_query(rest)] if rest else []
    combined = query.And(parts + ranges) if len(parts + ranges) > 1 else (
        (parts + ranges)[0] if parts + ranges else query.Every())
    return query.AndNot(combined, query.Or(excluded)) if excluded else combined


_RUN_BREAKERS = frozenset('\0():*?~^[]{}"')


def word_runs(text: str) -> list[str]:
    """The runs of two or more plain words typed next to each other, with no field, operator,
    quote or bracket between them: ["Bank of England"] of `Bank of England -country:US`
    (search.ranking scores the articles that hold them side by side higher)."""
    runs: list[str] = []
    run: list[str] = []
    for token in [*_unquoted(text or "").split(), "("]:
        if token in OPERATORS or not _plain(token):
            if len(run) > 1:
                runs.append(" ".join(run))
            run = []
        else:
            run.append(token)
    return runs


def plain_words(text: str) -> list[str]:
    """The words of a query that must each appear, as typed, once each: no operator, field,
    quote, pattern or excluded word, no stop word ("japan chips sanctions"; none of
    `japan OR chips`, whose words need not all appear)."""
    if any(token in OPERATORS for token in _unquoted(text or "").split()):
        return []
    return typed_words(text)


def typed_words(text: str) -> list[str]:
    """The words of a query typed to be found, once each: no operator, field, quote,
    pattern, excluded word or stop word ("Davies" and "pay" of `Davies pay -country:UK OR
    x*`), whatever operators stand between them."""
    words = [token.rstrip(",;!") for token in _unquoted(text or "").split()
             if token not in OPERATORS and _plain(token)]
    return list(dict.fromkeys(word for word in words
                              if word and word.lower() not in analysis.STOP_WORDS))


def _plain(token: str) -> bool:
    """A token that is a word as typed: not excluded ("-word"), and with no field, pattern,
    bracket or quote in it."""
    return not (token.startswith("-") or _RUN_BREAKERS & set(token))


def _unquoted(text: str) -> str:
    """The text with its quoted phrases blanked (as NULs): "up to date: now" is no clause."""
    return re.sub(r'"[^"]*"?', lambda quoted: "\0" * len(quoted.group()), text)


_MOMENT = timedelta(microseconds=1)


def _bounds(match: re.Match[str]) -> tuple[datetime | None, datetime | None]:
    """The first and last moment a DATE_CLAUSE match asks for (None: open)."""
    if match.group("value") is None:
        return _day(match.group("start"), first=True), _day(match.group("end"), first=False)
    value, op = match.group("value"), match.group("op")
    first, last = _day(value, first=True), _day(value, first=False)
    if op == ">":  # after the last moment of year 9999 is no moment either
        return (last + _MOMENT if last < datetime.max else datetime.max), None
    if op == "<":
        return None, (first - _MOMENT if first > datetime.min else datetime.min)
    return {None: (first, last), ">=": (first, None), "<=": (None, last)}[op]


def _day(text: str, first: bool) -> datetime | None:
    """"2023-03-01", "2023-03" or "2023" as the first (or last) moment it covers; "" is open."""
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}(?:-\d{1,2}){0,2}", text):
            raise ValueError(text)  # 87 is no year of a news archive's
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return datetime.combine(day, time.min if first else time.max)
        if len(parts) == 2:
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return datetime.combine(date(year, month, 1 if first else last),
                                    time.min if first else time.max)
        if len(parts) == 1:
            return datetime.combine(date(parts[0], 1 if first else 12, 1 if first else 31),
                                    time.min if first else time.max)
    except (ValueError, TypeError):
        pass
    raise QueryError(f"{text!r} in a date clause is not a date: write YYYY-MM-DD, YYYY-MM "
                     "or YYYY, e.g. date:[2023-01-01 TO 2023-06-30]")


def _check_expanding_words(parsed: query.Query) -> None:
    """Refuse a query with more than MAX_EXPANDING_WORDS wildcard / fuzzy / range words."""
    words = {
        (type(node).__name__, getattr(node, "text", None), getattr(node, "start", None),
         getattr(node, "end", None))  # one typed word is one node per default field
        for node in parsed.leaves() if isinstance(node, query.MultiTerm)
    }
    if len(words) > MAX_EXPANDING_WORDS:
        raise QueryError(
            f"the query has {len(words)} words with *, ?, ~ or a [range]; at most "
            f"{MAX_EXPANDING_WORDS} are allowed, as each can stand for thousands of words"
        )


def _bound_fuzzy(node: query.Query) -> query.Query:
    """word~N: at most MAX_FUZZY_EDITS edits, and the first letter is kept (as in the
    did-you-mean): without it every word of the archive is compared, seconds at 200k."""
    if isinstance(node, query.FuzzyTerm) and (node.maxdist > MAX_FUZZY_EDITS
                                              or node.prefixlength < 1):
        node = node.copy()
        node.maxdist = min(node.maxdist, MAX_FUZZY_EDITS)
        node.prefixlength = max(node.prefixlength, 1)
    return node


# word*: Whoosh stems the typed start as if it were a word ("ncty" -> "ncti", "baby" ->
# "babi"), and the stem then misses the words that do not stem so ("NCTY.O", "babysitter").
# So the start as typed is a second alternative.
_TYPED_PREFIX = re.compile(r"(?<![\w.'*?])(\w[\w.'&-]*)\*")


def _prefixes_as_typed(parsed: query.Query, text: str) -> query.Query:
    """Each stemmed word* of the parsed query also as its start was typed."""
    typed = {}
    for start in _TYPED_PREFIX.findall(text):
        plain = fold_accents(start.lower())
        for stem in QUERY_SCHEMA["body"].process_text(start, mode="query", tokenize=False,
                                                      removestops=False):
            if stem != plain:
                typed[stem] = plain
    if not typed:
        return parsed

    def either(node: query.Query) -> query.Query:
        if type(node) is query.Prefix and node.text in typed:
            return query.Or([node, query.Prefix(node.fieldname, typed[node.text],
                                                boost=node.boost)])
        return node.apply(either)
    return either(parsed)


def _is_null(parsed: query.Query) -> bool:
    return parsed is query.NullQuery or isinstance(parsed, query.NullQuery.__class__)


def _literal(text: str) -> query.Query:
    """The query's words, AND-ed, with all syntax ignored ("unclosed, title:, (((, date:[2023)."""
    words = re.findall(r"\w+", text)
    if not words:
        return query.NullQuery
    try:
        return _PARSER.parse(" ".join(f"'{word}'" for word in words))
    except Exception:
        return query.NullQuery
