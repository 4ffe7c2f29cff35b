"""What the archive says of its values: each stored record counted, and the index's own word
and phrase counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from newsarchive.indexer.lexicon import CORP_SUFFIXES, ORG_ENDINGS
from newsarchive.search.entities import ArticleEntities, EntityValue, Evidence
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.text import fold

# Trailing words of a company's name that say what kind of body it is.
VOTE_SUFFIXES = CORP_SUFFIXES | ORG_ENDINGS | frozenset(
    {"sons", "brothers", "partners", "associates", "and", "&", "securities", "capital"})


class TextStats(Protocol):
    """How many articles of the archive print a word, or some words next to each other."""

    def word_articles(self, word: str) -> int: ...

    def printed_articles(self, word: str) -> int: ...

    def phrase_articles(self, text: str) -> int: ...

    def words(self, text: str) -> list[str]: ...

    def exact_phrase_articles(self, text: str) -> int: ...


@dataclass
class ValueStats:
    """What the archive says of one stored value of one facet."""

    articles: int = 0
    mentions: int = 0
    figures: int = 0  # mentions in rows of figures or right after a figure
    kinds: Counter[int] = field(default_factory=Counter)  # articles per evidence combination
    surfaces: Counter[str] = field(default_factory=Counter)  # articles per written form
    countries: Counter[str] = field(default_factory=Counter)  # articles per article's country

    def add(self, item: EntityValue, organization: bool = False, country: str = "") -> None:
        """Count one article's value; for an organization also its written forms (to link an
        acronym to its name) and the article's main country (whose "Treasury" it is)."""
        self.articles += 1
        self.mentions += item.mentions
        self.figures += item.figures
        self.kinds[item.evidence.value] += 1
        if organization:
            self.surfaces.update(dict.fromkeys(item.surfaces, 1))  # (in order: no set's)
            if country:
                self.countries[country] += 1

    def absorb(self, other: ValueStats) -> None:
        """Count another spelling's articles as this value's."""
        self.articles += other.articles
        self.mentions += other.mentions
        self.figures += other.figures
        self.kinds.update(other.kinds)
        self.surfaces.update(other.surfaces)
        self.countries.update(other.countries)

    def count(self, flag: Evidence) -> int:
        """In how many of its articles the value has this evidence."""
        return sum(n for kind, n in self.kinds.items() if kind & flag.value)

    def always(self, flag: Evidence) -> bool:
        """Every article of the value says so."""
        return self.count(flag) >= self.articles


@dataclass
class ArchiveEvidence:
    """The stored records of the whole archive, counted."""

    values: dict[str, dict[str, ValueStats]] = field(
        default_factory=lambda: {f: {} for f in FACET_FIELDS})
    labels: dict[str, Counter[str]] = field(default_factory=dict)  # key -> articles per class
    name_words: Counter[str] = field(default_factory=Counter)  # word -> articles naming it
    org_words: Counter[str] = field(default_factory=Counter)  # word -> articles, in org names
    # (one-word org, longer org) -> articles naming both, for acronyms and short forms
    together: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles: int = 0

    @classmethod
    def gather(cls, records: Iterable[ArticleEntities]) -> ArchiveEvidence:
        evidence = cls()
        for record in records:
            evidence.add(record)
        return evidence

    def merge(self, other: ArchiveEvidence) -> None:
        """Count another run of articles after this one's, as if `add` had read them next: keys
        keep the order of their first article (rules break ties by it). Takes over `other`'s
        objects, so `other` must not be used afterwards."""
        self.articles += other.articles
        for facet, table in other.values.items():
            mine = self.values.setdefault(facet, {})
            for value, stats in table.items():
                known = mine.get(value)
                if known is None:
                    mine[value] = stats
                else:
                    known.absorb(stats)
        for key, votes in other.labels.items():
            known_votes = self.labels.get(key)
            if known_votes is None:
                self.labels[key] = votes
            else:
                known_votes.update(votes)
        self.name_words.update(other.name_words)
        self.org_words.update(other.org_words)
        self.together.update(other.together)

    def add(self, record: ArticleEntities) -> None:
        self.articles += 1
        countries = record.values.get("country")
        country = countries[0].value if countries else ""
        for facet, items in record.values.items():
            table = self.values.setdefault(facet, {})
            for item in items:
                stats = table.get(item.value)
                if stats is None:
                    stats = table[item.value] = ValueStats()
                stats.add(item, facet == "org", country)
        words: set[str] = set()
        org_words: set[str] = set()
        for key, classes in record.labels.items():
            if "O" in classes and " " in key:
                org_words.update(key.split())
            keys = {key, _vote_key(key)} if "O" in classes else {key}
            for each in keys:
                votes = self.labels.get(each)
                if votes is None:
                    votes = self.labels[each] = Counter()
                votes.update(classes)
            words.update(key.split())
        self.name_words.update(words)
        self.org_words.update(org_words)
        orgs = list(dict.fromkeys(item.value for item in record.values.get("org", [])))
        if len(orgs) > 1:
            shorts = [value for value in orgs if " " not in value]
            longs = [value for value in orgs if " " in value]
            self.together.update((short, long) for short in shorts for long in longs
                                 if _may_link(short, long))


@lru_cache(maxsize=1 << 16)
def _vote_key(key: str) -> str:
    """An organization's name without its legal form or kind: "paine webber group inc" and
    "jardine matheson holdings ltd" vote for "paine webber" and "jardine matheson", so the same
    name labelled a person elsewhere is seen to be a company."""
    words = key.split()
    while len(words) > 2 and words[-1] in VOTE_SUFFIXES:
        words = words[:-1]
    if len(words) == 2 and words[-1] in VOTE_SUFFIXES and words[0] not in VOTE_SUFFIXES:
        words = words[:-1] if words[-1] in CORP_SUFFIXES else words
    return " ".join(words)


@lru_cache(maxsize=1 << 18)
def _may_link(short: str, long: str) -> bool:
    """A one-word organization value and a longer one named in the same article that could be
    one organization: an acronym ("IMF"), a short form ("Fed" of "Federal Reserve") or a
    team's nickname ("Lions" of "Detroit Lions")."""
    if acronym_like(short):
        return True
    words = fold(long).split()
    return words[0].startswith(fold(short)[:3]) or words[-1] == fold(short)


def acronym_like(value: str) -> bool:
    letters = value.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class IndexTextStats:
    """Word and phrase counts from the index itself: the body field's terms and its adjacent
    word pairs (``body_pairs``), analyzed as the index analyzes text.

    Counts are summed over the segments, each taken from `counts` when known there (segment
    key -> the live articles printing a term or a phrase; a phrase reads word positions, the
    slow part); ``indexer.resolve.cache`` keeps what a resolution used (`used_counts`,
    `analyzed`) for the next."""

    def __init__(self, searcher: Any, counts: dict[str, dict[Any, int]] | None = None,
                 analyzed: dict[str, tuple[str, ...]] | None = None) -> None:
        from newsarchive.search.schema import PAIR_SEPARATOR, SCHEMA

        self.searcher = searcher
        self.analyzer = SCHEMA["body"].analyzer
        self.separator = PAIR_SEPARATOR
        self.known_counts = counts or {}
        self.known_words = analyzed or {}
        self.used_counts: dict[str, dict[Any, int]] = {}
        self.analyzed: dict[str, tuple[str, ...]] = {}  # text -> its terms, as used
        self._cache: dict[str, int] = {}
        self._leaves: list[tuple[Any, str]] | None = None

    def words(self, text: str) -> list[str]:
        """The index's terms for text (stemmed, stop words and one-letter words dropped)."""
        found = self.analyzed.get(text)
        if found is None:
            found = self.known_words.get(text)
            if found is None:
                found = tuple(token.text for token in self.analyzer(text))
            self.analyzed[text] = found
        return list(found)

    def word_articles(self, word: str) -> int:
        return self.phrase_articles(word)

    def printed_articles(self, word: str) -> int:
        """Articles printing the word itself, not only its stem: "cooper" is no stem of
        "cooperation" here (Whoosh keeps the body's unstemmed words in ``spell_body``)."""
        return self._frequency("spell_body", fold(word))

    def phrase_articles(self, text: str) -> int:
        """Articles printing the words of text next to each other (for three words or more:
        the rarest of its adjacent pairs, an upper bound)."""
        found = self._cache.get(text)
        if found is None:
            tokens = self.words(text)
            if not tokens:
                found = 0
            elif len(tokens) == 1:
                found = self._frequency("body", tokens[0])
            else:
                found = min(self._frequency("body_pairs", first + self.separator + second)
                            for first, second in zip(tokens, tokens[1:], strict=False))
            self._cache[text] = found
        return found

    def exact_phrase_articles(self, text: str) -> int:
        """Articles printing exactly these words in this order (positions checked)."""
        tokens = self.words(text)
        if len(tokens) < 2:
            return self.phrase_articles(text)
        key = "\0" + text
        found = self._cache.get(key)
        if found is None:
            if self.phrase_articles(text) == 0:
                found = 0
            else:  # as Whoosh's docs_for_query counts it, one segment after another
                phrase = tuple(tokens)
                found = sum(self._counted(searcher, segment, phrase)
                            for searcher, segment in self.leaves())
            self._cache[key] = found
        return found

    def _frequency(self, field: str, term: str) -> int:
        """The term's document frequency: live articles only."""
        key = field + "\0" + term
        return sum(self._counted(searcher, segment, key) for searcher, segment in self.leaves())

    def leaves(self) -> list[tuple[Any, str]]:
        """(searcher, key) of each segment in the index's order ("" for no segment)."""
        if self._leaves is None:
            from newsarchive.indexer.resolve.cache import segment_key

            subsearchers = self.searcher.subsearchers or [(self.searcher, 0)]
            self._leaves = [(searcher, segment_key(searcher.reader()) or "")
                            for searcher, _offset in subsearchers]
        return self._leaves

    def _counted(self, searcher: Any, segment: str, key: Any) -> int:
        """One segment's count: a term's document frequency (key: field and term joined by a
        NUL) or the live articles printing a phrase (key: its terms)."""
        used = self.used_counts.get(segment)
        if used is None:
            used = self.used_counts[segment] = {}
        found = used.get(key)
        if found is None:
            found = self.known_counts.get(segment, {}).get(key) if segment else None
            if found is None:
                found = _count(searcher, key)
            used[key] = found
        return found


def _count(searcher: Any, key: Any) -> int:
    if isinstance(key, str):
        field, _, term = key.partition("\0")
        reader = searcher.reader()
        if not reader.has_deletions():
            return reader.doc_frequency(field, term)
        # Whoosh's document frequency counts a segment's deleted documents until a merge drops
        # them: after a run that rewrote articles, "Heifers" was printed in twice the articles
        # and hidden as a common word, and shown again after the next merge
        if (field, term) not in reader:
            return 0
        if field.startswith("spell_"):
            return _spelling_live(reader, field, term)
        return sum(1 for _ in reader.postings(field, term).all_ids())  # live documents only
    from whoosh import query

    return sum(1 for _ in query.Phrase("body", list(key)).docs(searcher))


def _spelling_live(reader: Any, field: str, term: str) -> int:
    """The live articles of a segment with deletions printing a word as written, estimated:
    a spelling field's postings hold no document numbers (Whoosh keeps its words for the
    spelling suggester only), so its document frequency, which counts deleted documents
    too, is scaled by the live share of the word's stem in the field it spells. Reading the
    postings gave 0 or a few zeros: after a run that rewrote articles, "insists" of the dev
    archive was printed in 5 articles, not 13, too few to tell, and "U.S. Insists" was shown
    as an organization again."""
    frequency = reader.doc_frequency(field, term)
    spelled = field.removeprefix("spell_")
    stems = [token.text for token in reader.schema[spelled].analyzer(term)]
    if len(stems) != 1 or (spelled, stems[0]) not in reader:
        return frequency
    everywhere = reader.doc_frequency(spelled, stems[0])
    live = sum(1 for _ in reader.postings(spelled, stems[0]).all_ids())
    return round(frequency * live / everywhere) if everywhere else frequency


def stored_records(reader: Any) -> Iterable[ArticleEntities]:
    """Every live article's stored record."""
    if "entities" not in reader.schema or not reader.has_column("entities"):
        return
    column = reader.column_reader("entities")
    for docnum in reader.all_doc_ids():
        yield ArticleEntities.from_json(column[docnum])
