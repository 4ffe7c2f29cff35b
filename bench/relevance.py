"""Ranking quality: MAP@100 and P@10 of newsarchive, plain Whoosh BM25F and SQLite FTS5.

    .venv/bin/python bench/relevance.py [--half a|b|all ...] [--rebuild] [--json] [--show CODE]
                                        [--verbose]

Queries are Reuters-21578 dev topic codes, and an article is relevant to a code when the
Reuters editors gave it that topic. A code is a query when it is a plain word: lowercase letters
only (no "money-fx"), not an abbreviation of its own name in the category descriptions
(``cat-descriptions_120396.txt``: "U.S. Dollar (DLR)", "Sterling (STG)" and "D-Mark (DMK)" are
out, "Crude Oil (CRUDE)" and "Shipping (SHIP)" are in), and a word that articles use (at least
MIN_WORD_ARTICLES dev articles have it in title or body: ALUM, which texts never write, is
out). ``acq`` and ``earn`` are left out (they are about any company, not a word) and so are
the 16 economic-indicator codes (their articles are tables of figures). A code is asked only
where it has at least MIN_RELEVANT articles.

The three systems rank the same contents: an index written as the product writes one (the
Whoosh schema of ``search.schema``, each document through ``with_derived_fields``; body =
dateline then text, as ``bench/devarchive.wire_body`` prints it; facets from the Reuters
labels, no NER), kept in ``bench/.cache/relevance/<half>`` and rebuilt when missing, on
``--rebuild`` or when the schema version changed; and an FTS5 table of the same titles and
bodies next to it.

1. **newsarchive**: the product's ranking, ``ArchiveReader.matches`` then ``ordered`` for a
   plain ``SearchRequest(query=code)`` (the product's query parser);
2. **BM25F**: Whoosh's own ``BM25F`` searcher on that index, with a MultifieldParser over
   title (boost 2) and body, AND-grouped like the product's;
3. **FTS5**: SQLite FTS5 (``porter unicode61``) ordered by ``bm25()`` with title weight 2.

MAP@100 divides each query's precision sum over its top 100 by min(relevant, 100); P@10 is
the share of relevant articles among the first 10. Both are means over the half's queries.
Two more lines say how much of what newsarchive misses an order could win back: its
**ceiling**, the figures of the best order of its own matches (the matches are the query's;
ranking only orders them), and how many of its top-10 misses are articles with no Reuters
topic at all (about half of the dev articles have none, market reports on the very commodity
among them: such a miss is often the editors' omission, not the ranking's).

``--names`` asks instead the names of several words a reader types as plain words: the
multi-word names of topic and organization codes in the descriptions file ("Crude Oil",
"Interest Rates", "International Monetary Fund"; names with "/" or brackets left out) and the
people codes of two words ("james-baker" is "James Baker"), each where at least
MIN_WORD_ARTICLES dev articles write the name and the half has MIN_RELEVANT articles with the
code. What orders them well is what the one-word codes cannot show: whether the articles that
write the words together, as the name, come first. FTS5 gets the words AND-ed, not as a
phrase, as the other two do.

Two halves, split by Reuters id as ``bench/devarchive.py`` does: **a** (even ids) is the one a
ranking may be tuned on, **b** (odd ids) is held out. A change tuned on one set always looks
better there than it is; a gain that holds on **b** is one the ranking has, not the tuning.
Each half is its own index (its own term statistics) with its own queries; **all** (both
halves in one index) is available. ``--show CODE`` prints newsarchive's top 10 for one code
with the relevant ones marked, ``--verbose`` every query with its figures, ``--json`` all
figures as one JSON object. newsarchive's time per query (match and order, on one reader) is
printed as p50 / p95; the machine is shared, so times are noisy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # before bench/, whose search.py would hide the search package
sys.path.append(str(REPO / "bench"))

from devarchive import wire_body  # noqa: E402
from whoosh import index as whoosh_index  # noqa: E402
from whoosh import qparser, scoring  # noqa: E402

from newsarchive.search.engine import ArchiveReader, SearchRequest, open_archive  # noqa: E402
from newsarchive.search.schema import SCHEMA_VERSION, join_values, with_derived_fields  # noqa: E402
from newsarchive.search.store import (  # noqa: E402
    live_generation,
    make_live,
    new_generation,
    read_manifest,
    write_manifest,
)
from newsarchive.search.whoosh_fixes import codec  # noqa: E402

REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578"
CORPUS = REUTERS / "dev.jsonl.gz"
DESCRIPTIONS = REUTERS / "cat-descriptions_120396.txt"
CACHE = REPO / "bench" / ".cache" / "relevance"
HALVES = ("a", "b", "all")
SYSTEMS = ("newsarchive", "BM25F", "FTS5")
DEPTH = 100  # MAP@100: the ranking is read to this depth
MIN_RELEVANT = 8  # articles with the code in the half
MIN_WORD_ARTICLES = 5  # dev articles (title or body) that have the code as a word
LEFT_OUT = frozenset({"acq", "earn"})
ECONOMIC = frozenset({
    "bop", "trade", "cpi", "wpi", "jobs", "ipi", "cpu", "gnp", "money-supply", "reserves",
    "lei", "housing", "income", "inventories", "instal-debt", "retail",
})
UPPER = {"usa": "United States", "uk": "United Kingdom", "ussr": "Soviet Union",
         "uae": "United Arab Emirates"}  # as bench/search.py names Reuters place codes
NAMED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<code>[A-Z][A-Z-]*)\)")
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Story:
    id: int
    title: str
    body: str
    date: datetime
    topics: tuple[str, ...]
    places: tuple[str, ...]
    people: tuple[str, ...]
    orgs: tuple[str, ...]

    @property
    def doc_id(self) -> str:
        return f"reuters-{self.id}"


@dataclass
class Query:
    code: str
    relevant: frozenset[int]  # story ids


@dataclass
class Ranked:
    """One system's answer to one query: story ids, best first, and what it took."""

    ids: list[int]
    ms: float = 0.0


@dataclass
class Score:
    code: str
    relevant: int
    ap: float
    p10: float


@dataclass
class SystemFigures:
    name: str
    scores: list[Score]
    times_ms: list[float]

    @property
    def map100(self) -> float:
        return statistics.fmean(s.ap for s in self.scores) if self.scores else 0.0

    @property
    def p10(self) -> float:
        return statistics.fmean(s.p10 for s in self.scores) if self.scores else 0.0


@dataclass
class HalfReport:
    half: str
    stories: int
    queries: list[Query]
    systems: dict[str, SystemFigures] = field(default_factory=dict)
    built: list[str] = field(default_factory=list)
    ceiling: list[Score] = field(default_factory=list)  # best order of newsarchive's matches
    misses: int = 0  # non-relevant articles in newsarchive's top 10s
    untagged_misses: int = 0  # of which articles with no Reuters topic at all
    related: float = 0.0  # share of related articles (top 5) sharing a topic (related_precision)


# -- stories and queries ---------------------------------------------------------------------
def load_stories() -> list[Story]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [Story(id=row["id"], title=row["title"] or "", body=wire_body(row),
                  date=datetime.fromisoformat(row["date"]), topics=tuple(row["topics"]),
                  places=tuple(row["places"]), people=tuple(row["people"]),
                  orgs=tuple(row["orgs"])) for row in rows]


def in_half(stories: list[Story], half: str) -> list[Story]:
    if half == "all":
        return stories
    parity = 0 if half == "a" else 1
    return [story for story in stories if story.id % 2 == parity]


def code_names() -> dict[str, str]:
    """Category code -> its name in the descriptions file ("dlr" -> "U.S. Dollar")."""
    names: dict[str, str] = {}
    for line in DESCRIPTIONS.read_text(encoding="latin-1").splitlines():
        found = NAMED.match(line.strip())
        if found:
            names[found["code"].lower()] = found["name"]
    return names


def word_counts(stories: Iterable[Story], words: set[str]) -> Counter[str]:
    """In how many stories (title or body) each of `words` occurs as a word."""
    counts: Counter[str] = Counter()
    for story in stories:
        counts.update(words & set(WORD.findall(f"{story.title} {story.body}".lower())))
    return counts


def abbreviates(code: str, name: str | None) -> bool:
    """True when the code is not a word of its own name ("dlr" for "U.S. Dollar"); a word's
    start counts ("ship" for "Shipping"). Codes without a name (commodities) never are."""
    if name is None:
        return False
    return not any(word.startswith(code) for word in WORD.findall(name.lower()))


def plain_codes(stories: list[Story]) -> set[str]:
    """Topic codes that are plain words (see the module docstring); over the whole dev set."""
    codes = {t for story in stories for t in story.topics
             if t.isalpha() and t.islower() and t not in LEFT_OUT | ECONOMIC}
    names = code_names()
    codes = {code for code in codes if not abbreviates(code, names.get(code))}
    used = word_counts(stories, codes)
    return {code for code in codes if used[code] >= MIN_WORD_ARTICLES}


def make_queries(stories: list[Story], codes: set[str]) -> list[Query]:
    relevant: dict[str, set[int]] = {code: set() for code in codes}
    for story in stories:
        for topic in story.topics:
            if topic in relevant:
                relevant[topic].add(story.id)
    return [Query(code, frozenset(ids)) for code, ids in sorted(relevant.items())
            if len(ids) >= MIN_RELEVANT]


def name_codes(stories: list[Story]) -> dict[str, str]:
    """Multi-word name -> its code, for ``--names`` (see the module docstring)."""
    names = {name: code for code, name in code_names().items()
             if len(name.split()) > 1 and not set(name) & set("/()[]") and code not in LEFT_OUT}
    people = {code for story in stories for code in story.people if code.count("-") == 1}
    names.update({_person(code): code for code in people})
    texts = [" ".join(f"{story.title} {story.body}".lower().split()) for story in stories]
    return {name: code for name, code in names.items()
            if sum(name.lower() in text for text in texts) >= MIN_WORD_ARTICLES}


def make_name_queries(stories: list[Story], names: dict[str, str]) -> list[Query]:
    queries = []
    for name, code in sorted(names.items()):
        ids = frozenset(story.id for story in stories
                        if code in story.topics or code in story.orgs or code in story.people)
        if len(ids) >= MIN_RELEVANT:
            queries.append(Query(name, ids))
    return queries


# -- the index and the FTS5 table ------------------------------------------------------------
def _country(code: str) -> str:
    return UPPER.get(code) or " ".join(part.capitalize() for part in code.split("-"))


def _person(code: str) -> str:
    return " ".join(part.capitalize() for part in code.split("-"))


def document(story: Story) -> dict:
    """The story as the product stores an article (facets from the Reuters labels)."""
    return with_derived_fields(dict(
        id=story.doc_id, path=story.doc_id, root="bench", title=story.title, body=story.body,
        date=story.date, date_text=story.date.isoformat(), source="Reuters",
        person=join_values([_person(p) for p in story.people]),
        country=join_values([_country(p) for p in story.places]),
        org=join_values([o.upper() for o in story.orgs]), mentions="[]",
        content_hash=story.doc_id,
    ))


def index_is_current(index_dir: Path) -> bool:
    live = live_generation(index_dir)
    return live is not None and read_manifest(live).get("schema_version") == SCHEMA_VERSION


def build_index(index_dir: Path, stories: list[Story], half: str) -> float:
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    gen_dir = new_generation(index_dir)
    writer = whoosh_index.open_dir(str(gen_dir)).writer(codec=codec(), limitmb=256)
    for story in stories:
        writer.add_document(**document(story))
    writer.commit()
    write_manifest(gen_dir, {"schema_version": SCHEMA_VERSION, "bench": "relevance",
                             "half": half, "docs": len(stories)})
    make_live(index_dir, gen_dir)
    return time.perf_counter() - started


def build_fts(db_path: Path, stories: list[Story]) -> float:
    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                   ((story.id, story.title, story.body) for story in stories))
    db.execute("INSERT INTO t(t) VALUES('optimize')")
    db.commit()
    db.close()
    return time.perf_counter() - started


def ensure_built(half: str, stories: list[Story], rebuild: bool) -> tuple[Path, Path, list[str]]:
    """The half's index and FTS5 paths, (re)built as needed; also what was built."""
    index_dir, db_path = CACHE / half, CACHE / f"{half}.fts.sqlite"
    CACHE.mkdir(parents=True, exist_ok=True)
    built: list[str] = []
    if rebuild or not index_is_current(index_dir):
        say(f"half {half}: building the index of {len(stories)} stories ...")
        built.append(f"index {build_index(index_dir, stories, half):.0f} s")
        rebuild = True  # the FTS5 table always holds what the index holds
    if rebuild or not db_path.exists():
        say(f"half {half}: building the FTS5 table ...")
        built.append(f"FTS5 {build_fts(db_path, stories):.0f} s")
    return index_dir, db_path, built


# -- the three systems -----------------------------------------------------------------------
def story_ids(reader: ArchiveReader) -> list[int]:
    """Story id per doc number (from the stored "reuters-<id>")."""
    ids = reader.searcher.reader().column_reader("id")
    return [int(ids[n].rsplit("-", 1)[1]) if ids[n] else -1
            for n in range(reader.searcher.doc_count_all())]


def newsarchive_ranker(reader: ArchiveReader, ids: list[int]) -> Callable[[str], Ranked]:
    def rank(code: str) -> Ranked:
        started = time.perf_counter()
        request = SearchRequest(query=code, histogram=False, suggest=False)
        docs = reader.ordered(request, reader.matches(request), DEPTH).tolist()
        ms = (time.perf_counter() - started) * 1000
        return Ranked([ids[n] for n in docs], ms)
    return rank


def bm25f_ranker(index_dir: Path, ids: list[int]) -> Callable[[str], Ranked]:
    ix = whoosh_index.open_dir(str(live_generation(index_dir)))
    searcher = ix.searcher(weighting=scoring.BM25F())
    parser = qparser.MultifieldParser(["title", "body"], ix.schema,
                                      group=qparser.AndGroup,
                                      fieldboosts={"title": 2.0, "body": 1.0})

    def rank(code: str) -> Ranked:
        started = time.perf_counter()
        hits = searcher.search(parser.parse(code), limit=DEPTH)
        docs = [hit.docnum for hit in hits]
        return Ranked([ids[n] for n in docs], (time.perf_counter() - started) * 1000)
    return rank


def fts_ranker(db: sqlite3.Connection) -> Callable[[str], Ranked]:
    def rank(code: str) -> Ranked:
        started = time.perf_counter()
        match = " ".join('"' + word.replace('"', '""') + '"' for word in code.split())
        rows = db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t, 2.0, 1.0) "
                          "LIMIT ?", (match, DEPTH)).fetchall()
        return Ranked([row[0] for row in rows], (time.perf_counter() - started) * 1000)
    return rank


# -- scoring ---------------------------------------------------------------------------------
def score(query: Query, ranked: Ranked) -> Score:
    hits, precision_sum = 0, 0.0
    for rank, story_id in enumerate(ranked.ids[:DEPTH], 1):
        if story_id in query.relevant:
            hits += 1
            precision_sum += hits / rank
    top10 = sum(1 for story_id in ranked.ids[:10] if story_id in query.relevant)
    return Score(query.code, len(query.relevant),
                 precision_sum / min(len(query.relevant), DEPTH), top10 / 10)


def ceiling(reader: ArchiveReader, ids: list[int], query: Query) -> Score:
    """The figures of the best order of newsarchive's matches for the query: every relevant
    match first (ranking orders the matches, it never adds one)."""
    docs = reader.matches(SearchRequest(query=query.code, histogram=False, suggest=False)).docs
    found = sum(1 for n in docs.tolist() if ids[n] in query.relevant)
    return Score(query.code, len(query.relevant),
                 min(found, DEPTH) / min(len(query.relevant), DEPTH), min(found, 10) / 10)


def run_system(name: str, rank: Callable[[str], Ranked], queries: list[Query]
               ) -> SystemFigures:
    figures = SystemFigures(name, [], [])
    for query in queries:
        ranked = rank(query.code)
        figures.scores.append(score(query, ranked))
        figures.times_ms.append(ranked.ms)
    return figures


def measure_half(half: str, stories: list[Story], codes: set[str] | dict[str, str],
                 rebuild: bool) -> tuple[HalfReport, ArchiveReader, list[int]]:
    """codes: the topic codes asked, or (``--names``) name -> code."""
    chosen = in_half(stories, half)
    index_dir, db_path, built = ensure_built(half, chosen, rebuild)
    queries = (make_name_queries(chosen, codes) if isinstance(codes, dict)
               else make_queries(chosen, codes))
    report = HalfReport(half, len(chosen), queries, built=built)
    reader = open_archive(index_dir).current()
    ids = story_ids(reader)
    db = sqlite3.connect(db_path)
    rankers = {"newsarchive": newsarchive_ranker(reader, ids),
               "BM25F": bm25f_ranker(index_dir, ids), "FTS5": fts_ranker(db)}
    for name, rank in rankers.items():
        report.systems[name] = run_system(name, rank, report.queries)
    db.close()
    untagged = {story.id for story in chosen if not story.topics}
    for query in report.queries:
        report.ceiling.append(ceiling(reader, ids, query))
        misses = [i for i in rankers["newsarchive"](query.code).ids[:10]
                  if i not in query.relevant]
        report.misses += len(misses)
        report.untagged_misses += sum(1 for i in misses if i in untagged)
    report.related = related_precision(reader, chosen)
    return report, reader, ids


RELATED_SAMPLE = 300  # stories whose related articles are judged, per half
RELATED_TOP = 5  # related articles an article page shows


def related_precision(reader: ArchiveReader, chosen: list[Story]) -> float:
    """The article page's related articles: of RELATED_TOP for each of RELATED_SAMPLE stories
    (seeded draw; stories with a topic other than earn and acq, which any company's report
    has), the share that have one of the story's topics."""
    by_doc = {story.doc_id: story for story in chosen}
    pool = [story for story in chosen if set(story.topics) - {"earn", "acq"}]
    sample = random.Random(5).sample(pool, min(RELATED_SAMPLE, len(pool)))
    shared = shown = 0
    for story in sample:
        for other in reader.related(story.doc_id, top=RELATED_TOP):
            shown += 1
            shared += bool(set(by_doc[other["id"]].topics) & set(story.topics))
    return shared / shown if shown else 0.0


# -- output ----------------------------------------------------------------------------------
def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def versus(ours: float, theirs: float) -> str:
    return f"{round((ours / theirs - 1) * 100):+d}%" if theirs else "n/a"


def print_table(report: HalfReport) -> None:
    held = {"a": "tuning half", "b": "held-out half", "all": "both halves"}[report.half]
    built = f"; built {', '.join(report.built)}" if report.built else ""
    print(f"\nhalf {report.half} ({held}): {report.stories} stories, "
          f"{len(report.queries)} queries{built}")
    print(f"  {'system':<12} {'MAP@100':>8} {'P@10':>6}")
    for figures in report.systems.values():
        print(f"  {figures.name:<12} {figures.map100:>8.3f} {figures.p10:>6.3f}")
    ours = report.systems["newsarchive"]
    for name in SYSTEMS[1:]:
        base = report.systems[name]
        print(f"  newsarchive vs {name:<6} MAP {versus(ours.map100, base.map100):>5}   "
              f"P@10 {versus(ours.p10, base.p10):>5}")
    best = SystemFigures("ceiling", report.ceiling, [])
    print(f"  newsarchive ceiling (best order of its matches): MAP@100 {best.map100:.3f}, "
          f"P@10 {best.p10:.3f}; top-10 misses {report.misses}, of which "
          f"{report.untagged_misses} have no Reuters topic at all")
    print(f"  related articles (the article page's top {RELATED_TOP} for {RELATED_SAMPLE} "
          f"stories): {report.related:.3f} share one of the story's topics")
    print(f"  newsarchive time per query (match + order top {DEPTH}): "
          f"p50 {percentile(ours.times_ms, 0.5):.1f} ms, "
          f"p95 {percentile(ours.times_ms, 0.95):.1f} ms")


def print_queries(report: HalfReport) -> None:
    systems = list(report.systems.values())
    heads = " ".join(f"{f.name[:11]:>11}" for f in systems)
    print(f"\n  {'code':<24} {'rel':>4}  AP@100: {heads}   P@10: {heads}")
    for i, query in enumerate(report.queries):
        aps = " ".join(f"{f.scores[i].ap:>11.3f}" for f in systems)
        p10s = " ".join(f"{f.scores[i].p10:>11.1f}" for f in systems)
        print(f"  {query.code[:24]:<24} {len(query.relevant):>4}  {aps}         {p10s}")


def print_top(code: str, half: str, stories: list[Story], reader: ArchiveReader,
              ids: list[int]) -> None:
    chosen = in_half(stories, half)
    titles = {story.id: story.title for story in chosen}
    relevant = {story.id for story in chosen if code in story.topics}
    ranked = newsarchive_ranker(reader, ids)(code)
    result = score(Query(code, frozenset(relevant)), ranked)
    print(f"\nnewsarchive top 10 for {code!r} in half {half}: {len(relevant)} relevant, "
          f"AP@100 {result.ap:.3f}, P@10 {result.p10:.1f}  (* = has the topic)")
    for rank, story_id in enumerate(ranked.ids[:10], 1):
        mark = "*" if story_id in relevant else " "
        print(f"  {rank:>2} {mark} {story_id:>6}  {titles.get(story_id, '?')[:80]}")


def as_json(reports: list[HalfReport]) -> dict:
    out: dict = {}
    for report in reports:
        ours = report.systems["newsarchive"]
        best = SystemFigures("ceiling", report.ceiling, [])
        out[report.half] = {
            "stories": report.stories,
            "queries": {q.code: len(q.relevant) for q in report.queries},
            "systems": {name: {"map100": f.map100, "p10": f.p10,
                               "per_query": [asdict(s) for s in f.scores]}
                        for name, f in report.systems.items()},
            "ceiling": {"map100": best.map100, "p10": best.p10,
                        "per_query": [asdict(c) for c in report.ceiling]},
            "top10_misses": {"all": report.misses, "untagged": report.untagged_misses},
            "related_precision": report.related,
            "newsarchive_ms": {"p50": percentile(ours.times_ms, 0.5),
                               "p95": percentile(ours.times_ms, 0.95)},
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", nargs="+", choices=HALVES, default=["a", "b"],
                        help="Halves to measure (default: a b).")
    parser.add_argument("--rebuild", action="store_true", help="Rebuild indexes and FTS5.")
    parser.add_argument("--json", action="store_true", help="All figures as one JSON object.")
    parser.add_argument("--show", metavar="CODE",
                        help="newsarchive's top 10 for one code, relevant ones marked.")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="The query codes with their article counts and figures.")
    parser.add_argument("--names", action="store_true",
                        help="Multi-word names of codes as queries (see the docstring).")
    args = parser.parse_args()

    stories = load_stories()
    codes = name_codes(stories) if args.names else plain_codes(stories)
    reports: list[HalfReport] = []
    for half in dict.fromkeys(args.half):
        report, reader, ids = measure_half(half, stories, codes, args.rebuild)
        reports.append(report)
        if args.json:
            continue
        print_table(report)
        if args.verbose:
            print_queries(report)
        if args.show:
            print_top(args.show.lower(), half, stories, reader, ids)
    if args.json:
        print(json.dumps(as_json(reports), indent=2))


if __name__ == "__main__":
    main()
