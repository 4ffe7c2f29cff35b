"""The one Whoosh schema, shared by the indexer (the only writer) and every reader.

Facet fields hold whole entity names ("Dmitry Peskov") as single terms: values are joined
with newlines in the document and split back by a tokenizer that only breaks on newlines.

Title and body index every word, stop words included, at its true position: a quoted phrase
must match those words in that order with nothing between them ("Bank of England" is not
"a bank in England"), as Whoosh's own Phrase query and SQLite FTS5 do. Unquoted words are
read with the stop words dropped (QUERY_SCHEMA), as a search box is expected to. A stop word
is indexed unstemmed and marked (STOP_MARK + "be"), so it never shares a term with the stem
of another word ("being" stems to "be", "having" to "have", "willing" to "will"). Stems are
Snowball English (porter2).

Words written with a capital whose stem is another word's ("Mets", stemmed "met"; "Federer",
stemmed as "federal" is) are also kept as written, lowercased, in NAME_FORMS_FIELD, so a typed
word the archive writes as a name finds that name, not every word of its stem
(search.name_forms); so are words of two or three capitals, marked ("^who" of WHO), so an
acronym typed in capitals finds where it is written so, not every "who".

Title and body each have a pair field holding every two adjacent words as one term
("net loss", "bank of"), so a two-word phrase is one posting list instead of two lists of
positions to decode and compare (the slowest part of a phrase search at 200k articles).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh import analysis, columns, fields, formats
from whoosh.lang.porter2 import stem as english_stem
from whoosh.support.charset import accent_map

FACET_FIELDS = ("person", "country", "org")
TEXT_FIELDS = ("title", "body")  # the article's words: what a word typed alone is searched in
# the words written with a capital whose stem is another word's, as written, and the words
# written in capitals (NameFormFilter)
NAME_FORMS_FIELD = "name_forms"
# set when the title is written all in capitals: each of its words may be an acronym
SHOUTED_TITLE_FIELD = "shouted_title"
# the JSON contract names the facet lists in the plural
FACET_KEYS = {"person": "persons", "country": "countries", "org": "orgs"}
# field names users may type before a colon for the facets (search.query; anything else not
# a field is read as a plain word)
FIELD_ALIASES = {"persons": "person", "people": "person", "countries": "country",
                 "orgs": "org", "organization": "org", "organisation": "org"}
FACET_SEPARATOR = "\n"
SCHEMA_VERSION = 12  # 2: title_pairs and body_pairs; 3: the entities column; 4: stop words;
# 5: stop words marked; 6: extracted_by; 7: the schema's classes under newsarchive.search (the
# pickled schema names them); 8: Snowball English stems (porter2): Whoosh's default Porter
# stemmer keeps a doubled consonant ("shipping" -> "shipp", "stopped" -> "stopp"), so
# "shipping" never met "ship" or "ships"; 9: accents folded (López is lopez); 10: dates as
# the article states them, not in UTC (indexer.writer.parse_date); 11: name_forms and
# shouted_title; 12: spell_title, the titles' words as written (did-you-mean: a word only
# titles write is spelt right)
# text field -> its field of adjacent word pairs (the same text: with_derived_fields)
PAIR_FIELDS = {"title": "title_pairs", "body": "body_pairs"}
PAIR_SEPARATOR = " "  # tokens never contain spaces


class FacetField(fields.KEYWORD):
    """A multi-valued, case-preserving field whose terms are whole names."""

    def __init__(self) -> None:
        super().__init__(stored=True, lowercase=False, commas=False, scorable=False)
        self.analyzer = analysis.RegexTokenizer(r"[^\n]+")


class PairFilter(analysis.Filter):
    """Each two consecutive tokens as one token "first second".

    The index analyzer keeps every word, so consecutive tokens are exactly the words at
    adjacent positions: the words an exact phrase asks for.
    """

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        previous = None
        for token in tokens:
            if getattr(token, "stopped", False):
                continue
            text = token.text
            if previous is not None:
                token.text = previous + PAIR_SEPARATOR + text
                yield token
            previous = text


class PairField(fields.FieldType):
    """Adjacent word pairs of a text field, for exact two-word phrases: presence only."""

    def __init__(self, analyzer: analysis.Analyzer) -> None:
        super().__init__(formats.Existence(), analyzer | PairFilter(), scorable=False,
                         stored=False)


def with_derived_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """A document to write, plus the fields read from its title and body: their pair fields,
    its name forms, and whether its title is all in capitals.

    Every write goes through this (new articles and rewritten ones), so an index of this
    schema version has them for every document.
    """
    derived = {PAIR_FIELDS[name]: doc[name] for name in PAIR_FIELDS if doc.get(name)}
    # a headline all in capitals (wire copy: "IMF SEES GROWTH") tells no name nor acronym
    title = doc.get("title") or ""
    shouted = title == title.upper() and any(char.isalpha() for char in title)
    if shouted:
        derived[SHOUTED_TITLE_FIELD] = True
    text = "\n".join(part for part in ("" if shouted else title, doc.get("body") or "")
                     if part)
    if text:
        derived[NAME_FORMS_FIELD] = text
    return {**doc, **derived}


def join_values(values: list[str]) -> str:
    """Values as stored in a facet field (names never contain newlines)."""
    return FACET_SEPARATOR.join(" ".join(value.split()) for value in values if value.strip())


def split_values(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(FACET_SEPARATOR) if value]


# López is lopez, São Paulo sao paulo, Erdoğan erdogan: a reader types names without their
# accents (Whoosh's table maps each accented letter to one letter, so a word keeps its length
# and the highlighter's positions hold)
ACCENT_FOLDING = analysis.CharsetFilter(accent_map)
STOP_MARK = "'"  # never part of a token of the tokenizer's (\w+ joined by dots)
CAPITALS_MARK = "^"  # a word written in capitals, in NAME_FORMS_FIELD ("^who" of WHO)


class StopMarkFilter(analysis.Filter):
    """Marks each stop word, before stemming (which leaves marked words alone): "of" is
    indexed as "'of", "us" as "'us" while "use" stays "us"."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            if token.text in analysis.STOP_WORDS:
                token.text = STOP_MARK + token.text
            yield token


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The index's stem of a lowercase, accent-folded word (Snowball English)."""
    return english_stem(word)


class NameFormFilter(analysis.Filter):
    """Keeps the words written with a capital whose stem is another word ("Mets": "met"),
    lowercased, accents folded, unstemmed; and the words of two or three letters written in
    capitals ("WHO", "IT"), lowercased after CAPITALS_MARK ("^who"): an acronym the index
    cannot otherwise tell from the word or stop word ("who", "it")."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for token in tokens:
            text = token.text
            if text.isupper():
                if 2 <= len(text) <= 3 and text.isalpha():
                    token.text = CAPITALS_MARK + fold_accents(text.lower())
                    yield token
                continue
            if not text[:1].isupper():
                continue
            word = fold_accents(text.lower())
            if word not in analysis.STOP_WORDS and stem(word) != word:
                token.text = word
                yield token


class NameFormsField(fields.FieldType):
    """An article's name forms (NameFormFilter): presence only."""

    def __init__(self) -> None:
        super().__init__(formats.Existence(), analysis.RegexTokenizer() | NameFormFilter(),
                         scorable=False, stored=False)


def index_analyzer() -> analysis.Analyzer:
    """Every word, lowercased, accents folded and stemmed, at its position; stop words
    unstemmed and marked."""
    marked = frozenset(STOP_MARK + word for word in analysis.STOP_WORDS)
    return (analysis.RegexTokenizer() | analysis.LowercaseFilter() | ACCENT_FOLDING
            | StopMarkFilter() | analysis.StemFilter(stemfn=english_stem, ignore=marked))


def query_analyzer() -> analysis.Analyzer:
    """Unquoted query words: as indexed, but stop words and one-letter words dropped
    (Whoosh's StemmingAnalyzer with the accents folded)."""
    return (analysis.RegexTokenizer() | analysis.LowercaseFilter() | ACCENT_FOLDING
            | analysis.StopFilter() | analysis.StemFilter(stemfn=english_stem))


def fold_accents(word: str) -> str:
    """A lowercase word with its accents folded, as the analyzers fold them (López: lopez)."""
    return word.translate(accent_map)


def make_schema(stop_words: bool = False) -> fields.Schema:
    """The index's schema; with stop_words=True, the same fields analyzed as unquoted query
    words are (stop words and one-letter words dropped)."""
    text = query_analyzer() if stop_words else index_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(stored=True, sortable=True),
        root=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(stored=True, analyzer=text, field_boost=2.0, spelling=True),
        body=fields.TEXT(stored=True, analyzer=text, spelling=True),
        title_pairs=PairField(text),
        body_pairs=PairField(text),
        name_forms=NameFormsField(),
        shouted_title=fields.BOOLEAN(),
        date=fields.DATETIME(stored=True, sortable=True),
        date_text=fields.STORED(),
        author=fields.TEXT(stored=True),
        source=fields.ID(stored=True, sortable=True),
        url=fields.STORED(),
        language=fields.ID(stored=True),
        extracted_by=fields.STORED(),  # how the page's text was found (indexer.article)
        person=FacetField(),
        country=FacetField(),
        org=FacetField(),
        mentions=fields.STORED(),
        # each article's candidate values and their mentions (search.entities.ArticleEntities),
        # as a column so the archive's resolution reads them without the stored bodies
        entities=fields.COLUMN(columns.VarBytesColumn()),
        content_hash=fields.ID(stored=True, sortable=True),
    )


SCHEMA = make_schema()
QUERY_SCHEMA = make_schema(stop_words=True)  # how search.query reads unquoted words


# a language as the index stores it (`language`): an ISO 639-1 code (fr), or a record's own
# tag lowercased (pt-br); ASCII only
LANGUAGE_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{1,15}")


def not_a_language_code(name: str, text: str) -> str:
    """The message for a language filter (`lang=`, `language:`) that is no language code."""
    shown = text if len(text) <= 20 else f"{text[:20]}..."
    return (f"{name} must be a language code like fr or pt-br (ASCII letters, digits, - and "
            f"_), not {shown!r}")


def is_stop_term(term: str) -> bool:
    """Whether an index term is a stop word, which unquoted queries drop ("of" in "Bank of
    England" must be there, but neither scores nor is highlighted)."""
    return term.startswith(STOP_MARK)
