"""A reader's memory and open time (issue 18): memory-mapped segments against Whoosh's copy.

    .venv/bin/python bench/reader_memory.py [--docs 50000] [--rebuild] [--cache bench/.cache]
    .venv/bin/python bench/reader_memory.py --index DIR   (an existing index, as it is)

Uses (or builds, with bench/search.py's builder: Reuters dev articles repeated, facet
values from the Reuters labels, no NER) the index of N articles under the cache, the same
one `bench/search.py --docs N` uses. The files are read once first (page cache warm), then
each mode runs in a fresh subprocess that does what a serve worker does per index
generation: `open_archive(dir).current()` (the reader with its per-reader arrays), its
warm-up (`warm()`, which a server runs in the background: frequent terms' postings, word
lists), then the 50 queries of bench/search.py's mix; then a second such worker of the same
mode, and both are measured again while both are open (as two serve workers). Modes:

  mapped  the project's reader: compound segment parts read from the memory map
  copied  Whoosh's own `CompoundStorage.open_file` (`map_compound_files(False)`): each part
          of a segment copied into a private BytesIO

Memory is read from /proc/self/smaps_rollup of the first worker after its queries (alone)
and with the second worker open: RSS; Anonymous (memory only this process can use: Python
objects, arrays, Whoosh's copies); Private_Clean + Private_Dirty (includes file pages no
other process maps, which a second worker then shares); Shared (pages other processes map
too); Pss (RSS with each shared page divided among the processes that map it). Prints
mapped/copied ratios. Figures are noisy on this shared 2-core machine.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MODES = ("mapped", "copied")
FIELDS = ("Rss", "Pss", "Anonymous", "Private_Clean", "Private_Dirty", "Shared_Clean",
          "Shared_Dirty")


def _bench_search():
    """bench/search.py as a module (its name would clash with the search package)."""
    spec = importlib.util.spec_from_file_location("bench_search", REPO / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def memory() -> dict[str, int]:
    """Fields of /proc/self/smaps_rollup, in bytes."""
    found: dict[str, int] = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            found[key] = int(parts[0]) * 1024
    return found


def worker(mode: str, index_dir: Path) -> None:
    """One serve worker's reader, measured; prints one JSON line."""
    from whoosh import index as whoosh_index

    from newsarchive.search import whoosh_fixes
    from newsarchive.search.engine import CheckedReader, SearchRequest, open_archive
    from newsarchive.search.schema import SCHEMA_VERSION
    from newsarchive.search.store import Generation, live_generation, read_manifest

    mix = _bench_search().MIX
    whoosh_fixes.map_compound_files(mode == "mapped")
    gen_dir = live_generation(index_dir)
    before = memory()
    started = time.perf_counter()
    if read_manifest(gen_dir).get("schema_version") == SCHEMA_VERSION:
        reader = open_archive(index_dir).current()
    else:  # an older schema's index (--index): what current() opens, without the check
        ix = whoosh_index.open_dir(str(gen_dir))
        reader = CheckedReader(ix, Generation(gen_dir, ix.latest_generation()))
    opened = time.perf_counter() - started
    started = time.perf_counter()
    reader.warm()  # what a serve worker does in the background after opening
    warmed = time.perf_counter() - started
    started = time.perf_counter()
    totals = []
    for query, _fts, filters in mix:
        totals.append(reader.search(SearchRequest(query=query, filters=filters,
                                                  page_size=10)).total)
    searched = time.perf_counter() - started
    print(json.dumps({"mode": mode, "open_s": opened, "warm_s": warmed, "search_s": searched,
                      "queries": len(mix), "docs": reader.doc_count, "totals": totals,
                      "before": before, "after": memory()}), flush=True)
    sys.stdin.readline()  # until the other worker has its reader too
    print(json.dumps({"together": memory()}), flush=True)
    sys.stdin.readline()


def run(mode: str, index_dir: Path) -> dict:
    """Two workers of a mode, one after the other, then measured together: the first one's
    figures, alone and together, with the second one's open and query times."""
    workers, results = [], []
    try:
        for _ in range(2):
            worker = subprocess.Popen(
                [sys.executable, __file__, "--worker", mode, "--index", str(index_dir)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            workers.append(worker)
            results.append(json.loads(worker.stdout.readline()))
        for worker in workers:
            worker.stdin.write("\n")
            worker.stdin.flush()
        together = [json.loads(worker.stdout.readline())["together"] for worker in workers]
    finally:
        for worker in workers:
            worker.communicate("\n", timeout=60)
    first, second = results
    return {**first, "together": together[0],
            "open_s": [first["open_s"], second["open_s"]],
            "search_s": [first["search_s"], second["search_s"]]}


def warm_page_cache(gen_dir: Path) -> int:
    size = 0
    for path in gen_dir.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                while chunk := handle.read(1 << 24):
                    size += len(chunk)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--cache", type=Path, default=REPO / "bench" / ".cache")
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the index.")
    parser.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help="Measure this index as it is (even of an "
                        "older schema version) instead of the cache's.")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.index)
        return

    from newsarchive.search.schema import SCHEMA_VERSION
    from newsarchive.search.store import live_generation, read_manifest

    index_dir = args.index or args.cache / f"search-{args.docs}"
    live = live_generation(index_dir)
    stale = live is not None and read_manifest(live).get("schema_version") != SCHEMA_VERSION
    if not args.index and (args.rebuild or live is None or stale):
        print(f"building the index of {args.docs} articles (no NER) ...", flush=True)
        print(f"  {_bench_search().build_index(index_dir, args.docs):.0f} s", flush=True)
        live = live_generation(index_dir)
    size = warm_page_cache(live)
    got = {mode: run(mode, index_dir) for mode in MODES}
    print(f"index: {index_dir} ({got['mapped']['docs']} articles, {size / 2**20:.0f} MiB on "
          f"disk, schema version {read_manifest(live).get('schema_version')})")
    assert got["mapped"]["totals"] == got["copied"]["totals"], "the modes disagree"
    mib = 2 ** 20

    def figures(result: dict) -> dict[str, float]:
        after, before, both = result["after"], result["before"], result["together"]

        def private(found: dict[str, int]) -> float:
            return (found["Private_Clean"] + found["Private_Dirty"]) / mib

        def shared(found: dict[str, int]) -> float:
            return (found["Shared_Clean"] + found["Shared_Dirty"]) / mib

        return {"open s (1st worker)": result["open_s"][0],
                "open s (2nd worker)": result["open_s"][1],
                "warm-up s (1st)": result["warm_s"],
                f"{result['queries']} queries s (1st)": result["search_s"][0],
                "RSS MiB": after["Rss"] / mib,
                "Anonymous MiB": after["Anonymous"] / mib,
                "  of it by the reader MiB": (after["Anonymous"] - before["Anonymous"]) / mib,
                "file-backed MiB": (after["Rss"] - after["Anonymous"]) / mib,
                "Private_Clean+Dirty MiB": private(after),
                "Shared MiB": shared(after),
                "with a 2nd worker open:": 0.0,
                "  Private_Clean+Dirty MiB": private(both),
                "  Shared MiB": shared(both),
                "  Pss MiB": both["Pss"] / mib}

    table = {mode: figures(result) for mode, result in got.items()}
    print(f"\n{'':<30}{'mapped':>10}{'copied':>10}{'ratio':>8}")
    for key in table["mapped"]:
        ours, theirs = table["mapped"][key], table["copied"][key]
        if not ours and not theirs:
            print(key)
            continue
        ratio = f"{ours / theirs:.2f}" if theirs else "-"
        print(f"{key:<30}{ours:>10.2f}{theirs:>10.2f}{ratio:>8}")
    print("\n(ratio = mapped / copied; a serve worker's own memory is its Anonymous memory: "
          "file-backed pages are the page cache, shared by the workers that map them)")


if __name__ == "__main__":
    main()
