"""Search latency at 200,000 articles: newsarchive against SQLite FTS5 on the same work.

    .venv/bin/python bench/search.py [--docs 200000] [--rebuild] [--cache bench/.cache]

Builds (once, then reuses; again if the schema version changed) an index of Reuters-21578
dev articles repeated with distinct ids and dates (each repetition shifted by one year),
facet values from the Reuters labels (places -> countries, people -> persons, orgs ->
orgs; no NER; each large segment's stored postings written after the commit, as the
product's writer does: search.frequent), and the same documents in an SQLite FTS5 table
(porter stemming) with an entity table (doc, facet, value).

Then runs a fixed mix of 50 queries (single words, phrases, words in over 30% of the
archive, OR / NOT / prefix / date ranges, with and without facet filters). Each query asks
for everything a search page shows: total, the three facet counts (top 10) over the whole
result, the date histogram, and 10 hits with highlighted snippets. newsarchive runs on a
freshly opened reader (its per-reader arrays built before timing, its caches empty), then
the mix runs again after `ArchiveReader.warm()` (frequent words' postings decoded, as a
server does in the background per index generation; no result reused), and once more as
an exact repeat (result-set cache). FTS5 runs the same mix: MATCH into a temp
table, GROUP BY counts on the entity table, a GROUP BY month, then the top 10 by bm25 with
snippet(). Prints p50 / p95 / max for both and the ratio.

Figures are noisy on this 2-core machine shared with other work; run it twice.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from whoosh import index as whoosh_index  # noqa: E402

from newsarchive.search import frequent  # noqa: E402
from newsarchive.search.engine import SearchRequest, open_archive  # noqa: E402
from newsarchive.search.schema import SCHEMA_VERSION, join_values, with_derived_fields  # noqa: E402
from newsarchive.search.store import (  # noqa: E402
    live_generation,
    make_live,
    new_generation,
    read_manifest,
    write_manifest,
)

CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "dev.jsonl.gz"
UPPER = {"usa": "United States", "uk": "United Kingdom", "ussr": "Soviet Union",
         "uae": "United Arab Emirates"}

# (newsarchive query, FTS5 query, filters); filters use the facet fields person/country/org
MIX: list[tuple[str, str, dict[str, list[str]]]] = [
    ("oil", "oil", {}),
    ("coffee", "coffee", {}),
    ("dollar", "dollar", {}),
    ("wheat", "wheat", {}),
    ("merger", "merger", {}),
    ("strike", "strike", {}),
    ("tokyo", "tokyo", {}),
    ("inflation", "inflation", {}),
    ("bundesbank", "bundesbank", {}),
    ("opec", "opec", {}),
    ("gold", "gold", {"country": ["Canada"]}),
    ("shares", "shares", {"country": ["United Kingdom"]}),
    ("tariffs", "tariffs", {"country": ["Japan"]}),
    ("yen", "yen", {"country": ["Japan"], "person": ["James Baker"]}),
    ("rates", "rates", {"org": ["FED"]}),
    ('"trade deficit"', '"trade deficit"', {}),
    ('"interest rates"', '"interest rates"', {}),
    ('"crude oil"', '"crude oil"', {}),
    ('"central bank"', '"central bank"', {}),
    ('"stock exchange"', '"stock exchange"', {}),
    ('"money supply"', '"money supply"', {}),
    ('"net loss"', '"net loss"', {}),
    ('"federal reserve"', '"federal reserve"', {"country": ["United States"]}),
    ('"european community"', '"european community"', {"country": ["France"]}),
    ('"oil prices"', '"oil prices"', {"org": ["OPEC"]}),
    ("said", "said", {}),
    ("mln", "mln", {}),
    ("pct", "pct", {}),
    ("year", "year", {}),
    ("company", "company", {}),
    ("said", "said", {"country": ["United States"]}),
    ("mln", "mln", {"country": ["Canada"]}),
    ("pct year", "pct year", {}),
    ("said company", "said company", {"country": ["West Germany"]}),
    ("mln dlrs", "mln dlrs", {}),
    ("oil OR gas", "oil OR gas", {}),
    ("wheat OR corn OR grain", "wheat OR corn OR grain", {}),
    ("bank NOT rates", "bank NOT rates", {}),
    ("oil -opec", "oil NOT opec", {}),
    ("export*", "export*", {}),
    ("acqui*", "acqui*", {"country": ["United States"]}),
    ("coffee brazil", "coffee brazil", {}),
    ("japan semiconductor", "japan semiconductor", {}),
    ("dividend quarterly", "dividend quarterly", {}),
    ("debt rescheduling", "debt rescheduling", {"country": ["Brazil"]}),
    ("profit", "profit", {"country": ["United States"], "org": ["FED"]}),
    ("title:oil", "title:oil", {}),
    ("title:takeover", "title:takeover", {}),
    ("shipping strike", "shipping strike", {}),
    ("sugar", "sugar", {"country": ["India"]}),
]


def _country(code: str) -> str:
    return UPPER.get(code) or " ".join(part.capitalize() for part in code.split("-"))


def _person(code: str) -> str:
    return " ".join(part.capitalize() for part in code.split("-"))


def articles(count: int) -> Iterator[dict]:
    """Reuters dev repeated with distinct ids and dates (one year later per repetition)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        base = [json.loads(line) for line in handle]
    made = 0
    rep = 0
    while made < count:
        for row in base:
            if made >= count:
                return
            date = datetime.fromisoformat(row["date"])
            date = date.replace(year=date.year + rep)
            yield {
                "id": f"reuters-{rep}#{row['id']}", "title": row["title"] or "",
                "body": row["body"], "date": date, "source": "Reuters",
                "persons": [_person(p) for p in row["people"]],
                "countries": [_country(p) for p in row["places"]],
                "orgs": [o.upper() for o in row["orgs"]],
            }
            made += 1
        rep += 1


def build_index(index_dir: Path, count: int) -> float:
    started = time.perf_counter()
    if index_dir.exists():
        shutil.rmtree(index_dir)
    gen_dir = new_generation(index_dir)
    ix = whoosh_index.open_dir(str(gen_dir))
    # two processes (the machine's cores), each writing its own segment: no final merge
    writer = ix.writer(limitmb=256, procs=2, multisegment=True)
    for art in articles(count):
        writer.add_document(**with_derived_fields(dict(
            id=art["id"], path=art["id"], root="bench", title=art["title"], body=art["body"],
            date=art["date"], date_text=art["date"].isoformat(), source=art["source"],
            person=join_values(art["persons"]), country=join_values(art["countries"]),
            org=join_values(art["orgs"]), mentions="[]", content_hash=art["id"],
        )))
    writer.commit()
    frequent.write_missing(gen_dir)  # as the product's writer does after a commit
    write_manifest(gen_dir, {"schema_version": SCHEMA_VERSION, "bench_docs": count})
    make_live(index_dir, gen_dir)
    return time.perf_counter() - started


def build_fts(db_path: Path, count: int) -> float:
    started = time.perf_counter()
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE docs(id INTEGER PRIMARY KEY, ext_id TEXT, date TEXT);
        CREATE TABLE ent(doc INTEGER, facet TEXT, value TEXT);
    """)
    for rowid, art in enumerate(articles(count), 1):
        db.execute("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                   (rowid, art["title"], art["body"]))
        db.execute("INSERT INTO docs VALUES (?, ?, ?)",
                   (rowid, art["id"], art["date"].isoformat()))
        db.executemany("INSERT INTO ent VALUES (?, ?, ?)",
                       [(rowid, facet, value) for facet, key in
                        (("person", "persons"), ("country", "countries"), ("org", "orgs"))
                        for value in art[key]])
    db.executescript("""
        CREATE INDEX ent_doc ON ent(doc);
        CREATE INDEX ent_value ON ent(facet, value, doc);
        INSERT INTO fts(fts) VALUES('optimize');
    """)
    db.commit()
    db.close()
    return time.perf_counter() - started


def fts_search(db: sqlite3.Connection, match: str, filters: dict[str, list[str]]) -> dict:
    """The FTS5 equivalent of one search page."""
    db.execute("DROP TABLE IF EXISTS temp.m")
    db.execute("CREATE TEMP TABLE m(id INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO m SELECT rowid FROM fts WHERE fts MATCH ?", (match,))
    for facet, values in filters.items():
        for value in values:
            db.execute("DELETE FROM m WHERE id NOT IN "
                       "(SELECT doc FROM ent WHERE facet = ? AND value = ?)", (facet, value))
    total = db.execute("SELECT count(*) FROM m").fetchone()[0]
    facets: dict[str, list[tuple[str, int]]] = {}
    for facet in ("person", "country", "org"):
        facets[facet] = db.execute(
            "SELECT value, count(*) AS n FROM ent JOIN m ON ent.doc = m.id WHERE facet = ? "
            "GROUP BY value ORDER BY n DESC, value LIMIT 10", (facet,)).fetchall()
    histogram = db.execute("SELECT substr(date, 1, 7) AS month, count(*) FROM docs "
                           "JOIN m ON docs.id = m.id GROUP BY month").fetchall()
    # the top 10 by bm25 (CROSS JOIN keeps FTS5 as the outer loop), then snippet() for those
    # 10 only: in the ranking query it would be computed for every match before the sort
    top = [row[0] for row in db.execute(
        "SELECT fts.rowid FROM fts CROSS JOIN m ON m.id = fts.rowid WHERE fts MATCH ? "
        "ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10", (match,))]
    marks = ",".join("?" * len(top)) or "NULL"
    hits = db.execute(
        "SELECT docs.ext_id, fts.title, snippet(fts, 1, '<mark>', '</mark>', ' … ', 24) "
        f"FROM fts JOIN docs ON docs.id = fts.rowid WHERE fts MATCH ? AND fts.rowid IN ({marks})"
        " ORDER BY bm25(fts, 2.0, 1.0)", (match, *top)).fetchall()
    return {"total": total, "facets": facets, "histogram": histogram, "hits": hits}


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   "
            f"max {ordered[-1]:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--cache", type=Path, default=REPO / "bench" / ".cache")
    parser.add_argument("--rebuild", action="store_true", help="Rebuild index and FTS5 db.")
    parser.add_argument("--verbose", "-v", action="store_true", help="Per-query timings.")
    args = parser.parse_args()

    index_dir = args.cache / f"search-{args.docs}"
    db_path = args.cache / f"fts5-{args.docs}.sqlite"
    args.cache.mkdir(parents=True, exist_ok=True)
    live = live_generation(index_dir)
    stale = live is not None and read_manifest(live).get("schema_version") != SCHEMA_VERSION
    if args.rebuild or live is None or stale:  # an older schema lacks the phrase pair fields
        print(f"building the newsarchive index of {args.docs} articles ...", flush=True)
        print(f"  {build_index(index_dir, args.docs):.0f} s")
    started = time.perf_counter()
    if frequent.write_missing(live_generation(index_dir)):  # an index built before them
        print(f"  the segments' stored postings written in {time.perf_counter() - started:.0f} s")
    if args.rebuild or not db_path.exists():
        print(f"building the FTS5 database of {args.docs} articles ...", flush=True)
        print(f"  {build_fts(db_path, args.docs):.0f} s")

    started = time.perf_counter()
    reader = open_archive(index_dir).current()
    print(f"\nnewsarchive reader open (arrays built once per index generation): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms; {reader.doc_count} articles")
    passes: list[list[float]] = [[], []]
    totals: list[int] = []
    for number in range(2):
        for query, _fts, filters in MIX:
            request = SearchRequest(query=query, filters=filters, page_size=10)
            t0 = time.perf_counter()
            result = reader.search(request)
            passes[number].append((time.perf_counter() - t0) * 1000)
            if number == 0:
                totals.append(result.total)
                assert result.histogram is not None or result.total == 0
    fresh = open_archive(index_dir).current()  # a new reader: empty caches
    started = time.perf_counter()
    loaded = fresh.warm()
    print(f"warm-up (what `open_archive(dir, warm=True)` does in the background): {loaded} "
          f"frequent terms in {(time.perf_counter() - started):.1f} s")
    warm_times: list[float] = []
    for query, _fts, filters in MIX:
        request = SearchRequest(query=query, filters=filters, page_size=10)
        t0 = time.perf_counter()
        fresh.search(request)
        warm_times.append((time.perf_counter() - t0) * 1000)
    db = sqlite3.connect(db_path)
    fts_times: list[float] = []
    fts_totals: list[int] = []
    for _query, match, filters in MIX:
        t0 = time.perf_counter()
        answer = fts_search(db, match, filters)
        fts_times.append((time.perf_counter() - t0) * 1000)
        fts_totals.append(answer["total"])
    if args.verbose:
        print(f"\n{'query':<40} {'hits':>7} {'fts5':>7} {'ms':>7} {'fts ms':>7}")
        for (query, _m, filters), total, ftotal, ms, fms in zip(
                MIX, totals, fts_totals, passes[0], fts_times, strict=True):
            label = query + (f" {filters}" if filters else "")
            print(f"{label[:40]:<40} {total:>7} {ftotal:>7} {ms:>7.1f} {fms:>7.1f}")
    broad = sum(1 for t in totals if t > 0.3 * reader.doc_count)
    print(f"\n{len(MIX)} queries ({broad} match over 30% of the archive); each: total, 3 facet "
          "counts, histogram, 10 highlighted hits")
    print(f"newsarchive (first run)   {percentiles(passes[0])}")
    print(f"newsarchive (warm terms)  {percentiles(warm_times)}")
    print(f"newsarchive (repeated)    {percentiles(passes[1])}")
    print(f"SQLite FTS5               {percentiles(fts_times)}")
    fts_p95 = sorted(fts_times)[round(0.95 * (len(MIX) - 1))]
    for label, times in (("first run", passes[0]), ("warm terms", warm_times)):
        p95 = sorted(times)[round(0.95 * (len(MIX) - 1))]
        print(f"p95 ratio newsarchive ({label}) / FTS5: {p95 / fts_p95:.2f}  "
              "(goal <= 1.5, p95 <= 50 ms)")


if __name__ == "__main__":
    main()
