"""Growth by small runs: an archive indexed a little at a time, as a daily cron would, against
the same archive built in one go.

    .venv/bin/python bench/growth.py [--base 10000] [--runs 100] [--per-run 100] [--whoosh]
                                     [--no-search] [--real-ner]

The articles are Reuters-21578 dev stories as the facet bench's dev archive holds them
(repeated under new ids when more are needed), in JSON Lines files of one folder. The grown
archive: the base file indexed in one run, then `--runs` runs, each adding one file of
`--per-run` new articles and running the product's writer (`update_index`) over the folder.
The one-go archive: every file indexed in one run. `--whoosh` grows a third archive with
Whoosh's own merge policy (MERGE_SMALL) instead of newsarchive's tiered one
(indexer.merging), the policy before this bench. Entity recognition comes from the NER cache
(bench/devarchive.py: spaCy's spans for these texts), so the runs measure the index's side;
the NER work of one run is measured in this process (the NER-only pipeline over one run's
texts, 2 processes) and each run's time is reported against it (goal: run <= 2x its NER, so
the index's own side <= 1x), with the part of it spent deciding the archive's values
(``indexer.resolve``). A merge larger than a run's own articles is left to `optimize`, which
`index` starts in the background; here it runs between two runs (a day apart), timed apart
(the index answers throughout). Then bench/search.py's 50-query mix on each archive, fresh
reader and after warm-up: segments, p50 / p95 / max (goal: grown p95 <= 1.2x one go).

With --real-ner the small runs recognise entities as `newsarchive index --workers 2` does
(the model loaded each run, the index written while the workers recognise), and each run is
set against the NER-only pipeline's time on its texts, measured right after it: the goal
itself, measured rather than estimated. The tiered base archive is built once per size and
kept in bench/.cache/growth-base-N.

The issue's scale is --base 100000 --runs 100 --per-run 1000 --real-ner: about an hour and a
half on 2 cores (the base and the one-go archive with cached NER).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import devarchive  # noqa: E402
from devarchive import CachedExtractor  # noqa: E402

from newsarchive.indexer import writer as writer_module  # noqa: E402
from newsarchive.indexer.entities import EntityExtractor  # noqa: E402
from newsarchive.indexer.optimize import optimize  # noqa: E402
from newsarchive.indexer.writer import update_index  # noqa: E402
from newsarchive.search.engine import SearchRequest, open_archive  # noqa: E402


def _bench_search():
    spec = importlib.util.spec_from_file_location("bench_search", BENCH / "search.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def records(count: int, start: int = 0) -> list[dict]:
    """count Reuters stories from number `start` on, as the dev archive holds them; beyond the
    corpus, again under new ids."""
    base = devarchive.reuters_records()
    made = []
    for number in range(start, start + count):
        record = base[number % len(base)]
        made.append({"id": f"{number // len(base)}-{record['id']}", "title": record["title"],
                     "date": record["date"], "source": "Reuters",
                     "body": devarchive.wire_body(record)})
    return made


def write_file(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def segments(index_dir: Path) -> int:
    from whoosh import index as whoosh_index

    from newsarchive.search.store import live_generation

    return len(whoosh_index.open_dir(str(live_generation(index_dir)))._segments())


RESOLVING: list[float] = []  # seconds of each run's archive-level resolution


def _timed_resolution(save_resolution):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return save_resolution(*args, **kwargs)
        finally:
            RESOLVING.append(time.perf_counter() - started)
    return timed


writer_module.save_resolution = _timed_resolution(writer_module.save_resolution)


def index_run(index_dir: Path, root: Path, merges: list[float] | None = None,
              make_extractor=CachedExtractor) -> float:
    """One `index` run's seconds; then, when it says a merge is due, the merge that `index`
    starts in the background, timed apart into `merges` (runs are a day apart)."""
    started = time.perf_counter()
    report = update_index(index_dir, [root], make_extractor, on_failure=lambda error: None)
    seconds = time.perf_counter() - started
    if report.merges_due and merges is not None:
        started = time.perf_counter()
        optimize(index_dir)
        merges.append(time.perf_counter() - started)
    return seconds


def ner_seconds(rows: list[dict]) -> float:
    """The NER-only pipeline over these texts in 2 processes, model loaded (the NER work)."""
    from newsarchive.indexer.entities import load_nlp

    nlp = load_nlp()
    texts = [f"{row['title']}\n\n{row['body']}" for row in rows]
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64, n_process=2):
        pass
    return time.perf_counter() - started


def base_archive(base: int, label: str, work: Path) -> tuple[Path, Path]:
    """(files, index) of the base archive before the small runs. The tiered one is built
    once per size and kept (bench/.cache/growth-base-N, its index as built), then restored
    in place: the index names its folder, so the files stay where they were indexed."""
    merges: list[float] = []
    if label != "tiered":
        root, index_dir = work / f"{label}-files", work / f"{label}-index"
        root.mkdir()
        write_file(root / "base.jsonl", records(base))
        print(f"  {label}: base run of {base}: {index_run(index_dir, root):.0f} s", flush=True)
        return root, index_dir
    kept = BENCH / ".cache" / f"growth-base-{base}"
    root, index_dir, built = kept / "files", kept / "index", kept / "index-as-built"
    if not built.exists():
        shutil.rmtree(kept, ignore_errors=True)
        root.mkdir(parents=True)
        write_file(root / "base.jsonl", records(base))
        seconds = index_run(index_dir, root, merges)
        print(f"  {label}: base run of {base}: {seconds:.0f} s"
              + (f" (then a merge of {merges[0]:.0f} s)" if merges else ""), flush=True)
        shutil.copytree(index_dir, built, symlinks=True)
    else:
        print(f"  {label}: the base of {base} as built before ({built})", flush=True)
    shutil.rmtree(index_dir, ignore_errors=True)
    shutil.copytree(built, index_dir, symlinks=True)
    for path in root.iterdir():
        if path.name != "base.jsonl":
            path.unlink()
    return root, index_dir


@dataclass
class Grown:
    root: Path
    index_dir: Path
    times: list[float]  # each small run's seconds
    ner: list[float]  # with real NER: each run's NER-only seconds on the same texts


def grow(work: Path, base: int, runs: int, per_run: int, label: str, real_ner: bool = False
         ) -> Grown:
    """The grown archive: the base, then the small runs, with real_ner entity recognition
    run as `index --workers 2` runs it (else from the NER cache), and then each run's
    NER-only time measured on the same texts. The tiered archive's due merges run between
    runs, as `index` starts them."""
    root, index_dir = base_archive(base, label, work)
    merges: list[float] | None = [] if label == "tiered" else None
    times, resolving, ner = [], [], []
    for run in range(runs):
        rows = records(per_run, base + run * per_run)
        write_file(root / f"run-{run:03d}.jsonl", rows)
        if real_ner:
            times.append(index_run(index_dir, root, merges,
                                   lambda: EntityExtractor(workers=2)))
            ner.append(ner_seconds(rows))
        else:
            times.append(index_run(index_dir, root, merges))
        resolving.append(RESOLVING[-1])
        if run % 10 == 9:
            print(f"    after {run + 1} runs: {segments(index_dir)} segments, last run "
                  f"{times[-1]:.1f} s (resolution {resolving[-1]:.1f} s"
                  + (f", NER only {ner[-1]:.1f} s" if ner else "") + ")", flush=True)
    ordered = sorted(resolving)
    print(f"  {label}: resolution per small run: median {ordered[len(ordered) // 2]:.2f} s, "
          f"max {ordered[-1]:.2f} s, last {resolving[-1]:.2f} s", flush=True)
    if merges:
        ordered = sorted(merges)
        print(f"  {label}: merges outside the runs (optimize, the index answering): "
              f"{len(merges)}, median {ordered[len(ordered) // 2]:.1f} s, max "
              f"{ordered[-1]:.1f} s", flush=True)
    return Grown(root, index_dir, times, ner)


def search_mix(index_dir: Path, mix: list) -> tuple[list[float], list[float], list[int]]:
    """(fresh-reader times, warm times, totals) of the mix, in ms."""
    def run(reader) -> tuple[list[float], list[int]]:
        times, totals = [], []
        for query, _fts, filters in mix:
            started = time.perf_counter()
            result = reader.search(SearchRequest(query=query, filters=filters, page_size=10))
            times.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)
        return times, totals

    fresh, totals = run(open_archive(index_dir).current())
    reader = open_archive(index_dir).current()
    reader.warm()
    warm, _ = run(reader)
    return fresh, warm, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--per-run", type=int, default=100)
    parser.add_argument("--whoosh", action="store_true",
                        help="Also grow an archive with Whoosh's MERGE_SMALL policy.")
    parser.add_argument("--work", type=Path, default=BENCH / ".cache" / "growth")
    parser.add_argument("--no-search", action="store_true",
                        help="Only the small runs: no one-go archive, no search mix.")
    parser.add_argument("--real-ner", action="store_true",
                        help="Small runs recognise entities as `index --workers 2` does "
                             "(spaCy loaded each run), each against its NER-only time.")
    args = parser.parse_args()
    bench_search = _bench_search()
    total = args.base + args.runs * args.per_run
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    print(f"NER cache: {CachedExtractor().warm([(r['title'], r['body']) for r in records(total)])}"
          " texts newly recognised", flush=True)

    print(f"growing {args.base} + {args.runs} x {args.per_run} articles ...", flush=True)
    grown = {"tiered": grow(args.work, args.base, args.runs, args.per_run, "tiered",
                            args.real_ner)}
    if args.whoosh:
        from whoosh.writing import MERGE_SMALL

        writer_module.MERGE_POLICY = lambda writer, segments, _budget: MERGE_SMALL(
            writer, segments)
        try:
            grown["whoosh"] = grow(args.work, args.base, args.runs, args.per_run, "whoosh",
                                   args.real_ner)
        finally:
            writer_module.MERGE_POLICY = writer_module.merge_tiered
    indexes = {label: archive.index_dir for label, archive in grown.items()}
    if not args.no_search:
        one_go = args.work / "one-go-files"
        shutil.copytree(grown["tiered"].root, one_go)
        indexes["one-go"] = args.work / "one-go-index"
        merges: list[float] = []
        started = time.perf_counter()
        index_run(indexes["one-go"], one_go, merges)
        print(f"  one go: {total} articles in one run: {time.perf_counter() - started:.0f} s"
              f" (merges after it: {sum(merges):.0f} s)", flush=True)

    for label, archive in grown.items():
        times = archive.times
        middle = sorted(times)[len(times) // 2]
        print(f"\nsmall runs ({label}): median {middle:.1f} s, p95 "
              f"{bench_search.percentiles(times).split('p95 ')[1].split()[0]}, max "
              f"{max(times):.1f} s")
        if archive.ner:
            ratios = sorted(t / n for t, n in zip(times, archive.ner, strict=True))
            print(f"  each run with its NER (2 workers) / its NER-only time: median "
                  f"{ratios[len(ratios) // 2]:.2f}x, p95 "
                  f"{ratios[round(0.95 * (len(ratios) - 1))]:.2f}x, max {ratios[-1]:.2f}x "
                  f"(goal <= 2x); NER only: median "
                  f"{sorted(archive.ner)[len(archive.ner) // 2]:.1f} s")
        else:
            ner = ner_seconds(records(args.per_run, args.base))
            print(f"  NER work of one run ({args.per_run} articles, NER-only pipeline, 2 "
                  f"processes): {ner:.1f} s; the index's side (cached NER) / NER: median "
                  f"{middle / ner:.2f}x, so a run with NER ~{1 + middle / ner:.2f}x its NER "
                  "(goal <= 2x)")
    if args.no_search:
        return
    print(f"\n{'archive':<16} {'segments':>8}  search mix, fresh reader / warm")
    results = {}
    for label, index_dir in indexes.items():
        fresh, warm, totals = search_mix(index_dir, bench_search.MIX)
        results[label] = (fresh, warm, totals)
        print(f"{label:<16} {segments(index_dir):>8}  {bench_search.percentiles(fresh)}  /  "
              f"{bench_search.percentiles(warm)}")
    assert all(results[label][2] == results["one-go"][2] for label in results), \
        "the archives answer differently"
    p95 = {label: sorted(times[0])[round(0.95 * (len(times[0]) - 1))]
           for label, times in results.items()}
    for label in grown:
        print(f"p95 {label} grown / one go: {p95[label] / p95['one-go']:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()
