"""A name typed alone: are the top results articles that write it, or words of its stem?

    .venv/bin/python bench/names.py [--archive dev|seeds] [--words 300] [--json]

The stemmer joins some names to other words ("Mets" and met, "Wells" and well, "Davies" and
Davis): a search for the name found the articles of the other words, often first.
search.name_forms reads a typed word the archive writes as a name as that name. This bench
types such names and checks what a reader sees:

- the words: the last word of the archive's person values and its organization values of
  one word (the facets' own values, as a reader picks names off the sidebar)
  whose stem is not the word and whose stem is in more articles than the word is printed
  in (so the stem finds other words too), at most --words of them, drawn evenly by a fixed
  hash; each typed with its capital ("Wells") and in lowercase ("wells");
- **top-10 precision**: the share of the first 10 hits whose title or body writes the word
  with its capital, as the name (a hit writing only "well" or "Davis" is a miss);
- **name recall**: the share of the archive's articles writing the word with its capital
  that the search finds at all (reading a word as a name must lose none of them);
- **results**: the mean number of results.

Each figure for newsarchive and, in the same process on the same index, for its stem
reading (search.name_forms switched off: every word its stem, as before). The words are
split into two halves by the same hash (a: even, b: odd); no threshold of search.name_forms
was set on either (they come from the seed archive and the relevance bench's --names), so
the two halves say how much the figure moves with the words drawn.

The dev archive is bench/didyoumean.py's (Reuters-21578 dev and the 1,353 Dragnet pages,
NER from the bench cache), built in bench/.cache when missing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the packages: bench/search.py is a script

from devarchive import CACHE, build_folders, index_with_cache  # noqa: E402

import newsarchive.search.engine as engine  # noqa: E402
import newsarchive.search.plan as plan  # noqa: E402
from newsarchive.search.engine import ArchiveReader, SearchRequest, open_archive  # noqa: E402
from newsarchive.search.export import export_rows  # noqa: E402
from newsarchive.search.schema import fold_accents, stem  # noqa: E402

SEEDS = ROOT / "seeds"
TOP = 10
_WORD = re.compile(r"^[A-Z][a-z]{2,}$")  # a name's word as typed: a capital, then lowercase


@dataclass
class Tally:
    """One reading's figures over a list of typed words."""

    precision: float = 0.0
    recall: float = 0.0
    results: float = 0.0
    queries: int = 0

    def add(self, precision: float, recall: float, results: int) -> None:
        self.precision += precision
        self.recall += recall
        self.results += results
        self.queries += 1

    def as_dict(self) -> dict[str, float]:
        n = max(1, self.queries)
        return {"top10_precision": round(self.precision / n, 3),
                "name_recall": round(self.recall / n, 3),
                "results": round(self.results / n, 1), "queries": self.queries}


def index_of(archive: str) -> Path:
    if archive == "seeds":
        return index_with_cache(CACHE / "didyoumean-seeds", [SEEDS], "seeds")
    folders = build_folders()
    return index_with_cache(CACHE / "didyoumean-dev-all", [folders["a"], folders["b"]],
                            "dev-all")


def name_words(reader: ArchiveReader, limit: int) -> list[str]:
    """Names' words whose stem also finds other words (see the module docstring)."""
    words: set[str] = set()
    for field, table in reader.facets.items():
        if field not in ("person", "org"):
            continue
        for value in table.values:
            parts = value.split()
            if field == "person" or len(parts) == 1:
                words.add(parts[-1])
    chosen = []
    for word in sorted(words):
        lower = fold_accents(word.lower())
        if not _WORD.match(word) or stem(lower) == lower:
            continue
        printed = reader.matcher.doc_frequency("spell_body", lower)
        if 0 < printed < reader.matcher.doc_frequency("body", stem(lower)):
            chosen.append(word)
    chosen.sort(key=lambda word: zlib.crc32(word.encode()))
    return chosen[:limit]


def writers(reader: ArchiveReader, words: list[str]) -> dict[str, set[str]]:
    """Per word, the ids of the live articles whose title or body writes it with its capital."""
    wanted = set(words)
    found: dict[str, set[str]] = defaultdict(set)
    for row in export_rows(reader, SearchRequest(query=""), with_body=True):
        for token in set(re.findall(r"\w+", f"{row['title']}\n{row['body']}")) & wanted:
            found[token].add(row["id"])
    return found


def measure(reader: ArchiveReader, words: list[str], written: dict[str, set[str]],
            lowercase: bool) -> dict[str, Tally]:
    tallies = {"a": Tally(), "b": Tally()}
    for word in words:
        typed = word.lower() if lowercase else word
        request = SearchRequest(query=typed, page_size=TOP, facet_limit=1, histogram=False,
                                suggest=False)
        hits = reader.search(request).hits
        good = sum(hit.id in written[word] for hit in hits)
        everything = {row["id"] for row in export_rows(reader, SearchRequest(query=typed),
                                                       with_body=False)}
        recall = len(everything & written[word]) / len(written[word]) if written[word] else 1.0
        half = "a" if zlib.crc32(word.encode()) % 2 == 0 else "b"
        tallies[half].add(good / len(hits) if hits else 0.0, recall, len(everything))
    return tallies


def stem_reading(index_dir: Path) -> ArchiveReader:
    """A fresh reader whose words are read by their stems only (search.name_forms off)."""
    def no_name(_index: object, _word: object) -> None:
        return None

    plan.name_reading = no_name
    engine.name_reading = no_name
    return open_archive(index_dir).current()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", choices=("dev", "seeds"), default="dev")
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    index_dir = index_of(args.archive)
    reader = open_archive(index_dir).current()
    words = name_words(reader, args.words)
    written = writers(reader, words)
    words = [word for word in words if written[word]]  # some article writes it so
    figures: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for lowercase in (False, True):
        figures["lowercase" if lowercase else "capital"] = {
            "newsarchive": {h: t.as_dict() for h, t in measure(reader, words, written,
                                                              lowercase).items()}}
    base = stem_reading(index_dir)
    for lowercase in (False, True):
        figures["lowercase" if lowercase else "capital"]["stem"] = {
            h: t.as_dict() for h, t in measure(base, words, written, lowercase).items()}
    if args.json:
        print(json.dumps({"archive": args.archive, "words": len(words), "figures": figures}))
        return
    print(f"== {args.archive}: {len(words)} names' words whose stem also finds other words "
          f"(e.g. {', '.join(words[:6])})")
    for typed, by_reading in figures.items():
        print(f"  typed with {'its capital' if typed == 'capital' else 'no capital'}:")
        print("    reading       half  top-10 precision  name recall  results")
        for reading, halves in by_reading.items():
            for half, f in halves.items():
                print(f"    {reading:<12}  {half:<4}  {f['top10_precision']:>16.3f}  "
                      f"{f['name_recall']:>11.3f}  {f['results']:>7.1f}   ({f['queries']} words)")


if __name__ == "__main__":
    main()
