"""Exact facet counts for persons, countries, organizations, languages and sources (the
publications) over a whole result set.

Whoosh's own grouping reads every posting of every facet term on each query (seconds at
100k+ articles). Instead, once per reader, each facet field is turned into two flat numpy
arrays (doc number, value id) — one pair per posting — and a query's counts are a
`numpy.bincount` over the postings whose doc is in the result set. The language facet is
the same kind of table, from the `language` field's postings, shown with a readable name
(`language_name`).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

from newsarchive.search import postings
from newsarchive.search.entities import Resolution
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.text import fold, given_name_key

FacetCounts = list[tuple[str, int]]
LANGUAGE_FIELD = "language"  # one ISO 639-1 code per article (indexer.metadata.detect_language)
LANGUAGE_KEY = "languages"  # its list in the JSON contract, next to persons, countries, orgs
SOURCE_FIELD = "source"  # the publication, one per article (or none)
SOURCE_KEY = "sources"  # its list in the JSON contract
# ISO 639-1 names of the languages news is mostly written in; another code is shown as is
LANGUAGE_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "mt": "Maltese", "nb": "Norwegian Bokmål", "nl": "Dutch", "nn": "Norwegian Nynorsk",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}


def language_name(code: str) -> str:
    """How the page shows a language: "French (fr)"; an unknown code as it is ("xx")."""
    name = LANGUAGE_NAMES.get(code.split("-")[0].split("_")[0])
    return f"{name} ({code})" if name else code


@dataclass
class FacetTable:
    """One facet field of one reader: every (document, value) pair as arrays."""

    values: list[str]  # value id -> value, in lexicon (sorted) order
    doc_ids: np.ndarray  # int32, one entry per posting
    value_ids: np.ndarray  # int32, same length as doc_ids
    doc_count: int  # reader.doc_count_all(): the size of a doc-number mask
    by_doc: np.ndarray | None = None  # value ids grouped by doc (CSR), built on first use
    starts: np.ndarray | None = None  # doc d's values are by_doc[starts[d]:starts[d + 1]]
    # doc_ids holds each value's docs in turn (ascending): value v's are
    # doc_ids[value_starts[v]:value_starts[v + 1]]
    value_starts: np.ndarray | None = None
    _value_index: dict[str, int] | None = None
    # stored value -> shown value, for a filter on a value the archive merged into another
    # ("org=International Monetary Fund" when the archive shows "IMF")
    aliases: dict[str, str] = field(default_factory=dict)
    # a value's other names a query may give it, folded ("us", "britain": Resolution.names);
    # whole names only, never their words (country:peace is not Brunei, the "abode of peace")
    names: dict[str, str] = field(default_factory=dict)
    _word_index: dict[str, list[int]] | None = None  # folded word -> ids of values holding it
    _folded_index: dict[str, int] | None = None  # fold(value or alias) -> value id
    _given_index: dict[str, int] | None = None  # given_name_key(value or alias) -> value id

    @classmethod
    def build_all(cls, reader: IndexReader, resolution: Resolution | None = None
                  ) -> dict[str, FacetTable]:
        """The three facet tables of a reader, with the archive's resolution applied: a
        stored value is counted under the value(s) it is shown as, hidden ones not at all."""
        resolution = resolution or Resolution()
        shown: dict[str, dict[str, list[np.ndarray]]] = {f: {} for f in FACET_FIELDS}
        for facet in FACET_FIELDS:
            for value, docs in stored_postings(reader, facet):
                for target_facet, target in resolution.targets(facet, value):
                    shown[target_facet].setdefault(target, []).append(docs)
        tables = {}
        for facet in FACET_FIELDS:
            values = sorted(shown[facet])
            chunks = [np.unique(np.concatenate(shown[facet][v])) if len(shown[facet][v]) > 1
                      else shown[facet][v][0] for v in values]
            tables[facet] = cls.from_chunks(values, chunks, reader.doc_count_all())
            tables[facet].aliases = dict(resolution.same_facet_aliases(facet))
            tables[facet].names = resolution.names.get(facet, {})
        return tables

    @classmethod
    def from_postings(cls, reader: IndexReader, field: str = LANGUAGE_FIELD) -> FacetTable:
        """The table of a plain indexed field whose terms are its values (the language)."""
        pairs = stored_postings(reader, field)
        return cls.from_chunks([value for value, _docs in pairs],
                               [docs for _value, docs in pairs], reader.doc_count_all())

    @classmethod
    def from_chunks(cls, values: list[str], doc_chunks: list[np.ndarray], doc_count: int
                    ) -> FacetTable:
        """A table from each value's sorted doc numbers, values in name order."""
        empty = np.zeros(0, dtype=np.int32)
        lengths = np.array([len(chunk) for chunk in doc_chunks], dtype=np.int64)
        value_chunks = [np.full(len(docs), number, dtype=np.int32)
                        for number, docs in enumerate(doc_chunks)]
        return cls(
            values=values,
            doc_ids=np.concatenate(doc_chunks).astype(np.int32) if doc_chunks else empty,
            value_ids=np.concatenate(value_chunks) if value_chunks else empty,
            doc_count=doc_count,
            value_starts=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        )

    def docs_of(self, btext: bytes) -> np.ndarray:
        """Sorted doc numbers naming one value (deleted ones may be among them).

        The same documents as the value's postings, without decoding them: a filter such
        as country:"United States" holds half of a 200k archive.
        """
        number = self._number_named(btext.decode("utf-8", "replace"))
        if number is None or self.value_starts is None:
            return np.zeros(0, dtype=np.int64)
        start, end = self.value_starts[number], self.value_starts[number + 1]
        return self.doc_ids[start:end].astype(np.int64)

    def value_named(self, name: str) -> str | None:
        """The value a typed name is (as a facet clause reads it), as the archive shows it:
        "jim baker" -> "James Baker"; None when it is none of them."""
        number = self._number_named(name)
        return None if number is None else self.values[number]

    def _number_named(self, value: str) -> int | None:
        numbers = self._numbers()
        number = numbers.get(value)
        if number is None:
            number = numbers.get(self.aliases.get(value, ""))
        if number is None:  # "james baker", "Weizsacker": a name typed as names are compared
            number = self._folded().get(fold(value))
        if number is None:  # "USA", "Britain": another name of the value
            number = numbers.get(self.names.get(fold(value), ""))
        if number is None:  # "Jim Baker": a given name's short form
            number = self._given_names().get(given_name_key(value))
        return number

    def _numbers(self) -> dict[str, int]:
        """value -> value id (built on first use)."""
        if self._value_index is None:
            self._value_index = {value: number for number, value in enumerate(self.values)}
        return self._value_index

    def _names(self) -> list[tuple[str, int]]:
        """(name, value id) of every value, then of every spelling merged into one."""
        numbers = self._numbers()
        return [*numbers.items(), *((alias, numbers[target])
                                    for alias, target in self.aliases.items()
                                    if target in numbers)]

    def _folded(self) -> dict[str, int]:
        """fold(name) -> value id, for every value and merged spelling (the first value of a
        fold wins; the fold of a value wins over an alias's)."""
        if self._folded_index is None:
            self._folded_index = {fold(name): number
                                  for name, number in reversed(self._names())}
        return self._folded_index

    def _given_names(self) -> dict[str, int]:
        """given_name_key(name) -> value id, for every value and merged spelling (James Baker
        is "james baker", and so is Jim Baker)."""
        if self._given_index is None:
            self._given_index = {given_name_key(name): number
                                 for name, number in reversed(self._names())}
        return self._given_index

    def values_with_words(self, text: str) -> list[str]:
        """The values that hold every word of `text` ("Baker": James Baker, Howard Baker),
        compared as names are (search.text.fold: case, accents and dots ignored); a value's
        merged spellings count as its own ("IMF" finds International Monetary Fund), and so
        does another name of the value when `text` is all of it ("US": United States)."""
        if self._word_index is None:
            index: dict[str, list[int]] = {}
            for name, number in self._names():
                for word in dict.fromkeys(name_words(name)):
                    index.setdefault(word, []).append(number)
            self._word_index = index
        found: set[int] | None = None
        for word in name_words(text):
            holding = set(self._word_index.get(word, ()))
            found = holding if found is None else found & holding
        named = self._numbers().get(self.names.get(fold(text), ""))
        found = (found or set()) | ({named} if named is not None else set())
        return [self.values[number] for number in sorted(found)]

    def docs_with_words(self, text: str) -> np.ndarray:
        """Sorted doc numbers naming any value that holds every word of `text`."""
        return self._docs_naming_any(self.values_with_words(text))

    def _docs_naming_any(self, values: list[str]) -> np.ndarray:
        chunks = [self.docs_of(value.encode("utf-8")) for value in values]
        return np.unique(np.concatenate(chunks)) if chunks else np.zeros(0, dtype=np.int64)

    def docs_naming(self, word: str, most_values: int) -> np.ndarray | None:
        """Sorted doc numbers naming a value that holds `word` (as values_with_words), or
        None when more than `most_values` values hold it: a word of many names ("Bank",
        "Inc") names no one in particular."""
        values = self.values_with_words(word)
        return None if len(values) > most_values else self._docs_naming_any(values)

    def counts(
        self, docnums: np.ndarray, top: int | None = 10, prefix: str | None = None,
        mask: np.ndarray | None = None,
    ) -> FacetCounts:
        """The most frequent values among docnums (ties by name), optionally those with a word
        that starts with `prefix` (case and accents aside: "pesk" finds "Dmitry Peskov").

        Value ids follow the lexicon, i.e. name order, so ranking is one lexsort on
        (-count, id) over the values present, not a Python sort. `mask` may hold
        doc_mask(docnums) when several tables count the same result.
        """
        return self.counts_and_total(docnums, top, prefix, mask)[0]

    def counts_and_total(
        self, docnums: np.ndarray, top: int | None = 10, prefix: str | None = None,
        mask: np.ndarray | None = None,
    ) -> tuple[FacetCounts, int]:
        """`counts`, and how many values the docs hold in all (the sidebar lists some)."""
        per_value = np.bincount(self._values_of(docnums, mask), minlength=len(self.values))
        candidates = np.nonzero(per_value)[0]
        if prefix:
            wanted = " " + fold(prefix).strip()
            # a value's other name typed whole ("UK", "Holland") finds it too
            named = self._numbers().get(self.names.get(fold(prefix), ""))
            candidates = np.array(
                [i for i in candidates.tolist()
                 if i == named or wanted in " " + fold(self.values[i])],
                dtype=np.int64,
            )
        counts = per_value[candidates]
        total = len(candidates)
        if top is not None and len(candidates) > top:  # keep the top counts (and their ties)
            threshold = np.partition(counts, len(counts) - top)[len(counts) - top]
            keep = counts >= threshold
            candidates, counts = candidates[keep], counts[keep]
        ranked = candidates[np.lexsort((candidates, -counts))]
        if top is not None:
            ranked = ranked[:top]
        return [(self.values[i], int(per_value[i])) for i in ranked.tolist()], total

    def index_by_doc(self) -> None:
        """Build the by-doc copy of the pairs (once; a reader does it when it opens)."""
        if self.by_doc is None or self.starts is None:
            order = np.argsort(self.doc_ids, kind="stable")
            per_doc = np.bincount(self.doc_ids, minlength=self.doc_count)
            self.starts = np.concatenate([[0], np.cumsum(per_doc)])
            self.by_doc = self.value_ids[order]

    def doc_mask(self, docnums: np.ndarray) -> np.ndarray | None:
        """A doc-number mask of docnums if counting them uses one (a large result), else None."""
        if len(docnums) * 8 < len(self.doc_ids):
            return None
        mask = np.zeros(self.doc_count, dtype=bool)
        mask[docnums] = True
        return mask

    def _values_of(self, docnums: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Value ids of every (doc, value) pair whose doc is in docnums (sorted, unique).

        A large result: a mask over all pairs. A small one: each doc's run of values in a
        by-doc copy of the pairs, so the cost follows the result, not the archive.
        """
        if len(docnums) * 8 >= len(self.doc_ids):
            if mask is None or len(mask) != self.doc_count:
                mask = self.doc_mask(docnums)
                assert mask is not None
            return self.value_ids[mask[self.doc_ids]]
        self.index_by_doc()
        assert self.by_doc is not None and self.starts is not None
        first = self.starts[docnums]
        lengths = self.starts[docnums + 1] - first
        offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.by_doc[np.repeat(first, lengths) + offsets]


def name_words(text: str) -> list[str]:
    """The words of a name as a facet word query compares them ("O'Brien": o, brien)."""
    return re.findall(r"\w+", fold(text))


def stored_postings(reader: IndexReader, facet: str, only: Container[str] | None = None
                    ) -> list[tuple[str, np.ndarray]]:
    """(stored value, sorted live doc numbers) of every term of a facet field (or of the
    values in `only`).

    Each segment's terms are read from its own term list, their postings block by block
    (search.postings), not one posting at a time through Whoosh's merged matchers: a
    reader builds these tables when it opens (at a million articles the per-posting way
    took seconds)."""
    parts: dict[bytes, list[np.ndarray]] = {}
    wanted = None if only is None else {value.encode("utf-8") for value in only}
    live = postings.reader_live_mask(reader)
    with postings.READ_LOCK:
        for leaf, offset in reader.leaf_readers():
            if facet not in leaf.indexed_field_names():
                continue
            for term, ids in postings.field_postings(leaf, facet, wanted):
                parts.setdefault(term, []).append(ids + offset if offset else ids)
    found: list[tuple[str, np.ndarray]] = []
    for term in sorted(parts):
        chunks = parts[term]
        docs = np.concatenate(chunks) if len(chunks) > 1 else chunks[0]
        docs = docs[live[docs]]
        if len(docs) > 1 and (np.diff(docs) <= 0).any():
            docs = np.unique(docs)
        found.append((term.decode("utf-8"), docs.astype(np.int32)))
    return found
