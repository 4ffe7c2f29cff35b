"""Indexing throughput against the bare spaCy NER limit, peak memory, and the no-change rerun.

    .venv/bin/python bench/index.py [--workers 2] [--sample N] [--corpus PATH]

On Reuters-21578 dev (15,218 articles, ../shared/corpora/reuters21578/dev.jsonl.gz), in one
run:

1. bare NER: the NER-only spaCy pipeline (`indexer.entities.load_nlp`) over title + body of
   every article with `nlp.pipe(n_process=workers)`: words per second, the practical limit;
2. full build: `newsarchive index` in a subprocess into a fresh index (read, clean, NER,
   normalize, write, commit), end to end including start-up and model load: words per
   second, its ratio to (1), and the peak resident memory of the whole process tree
   (sampled every 0.1 s);
3. no-change rerun: `newsarchive index` again on the same files (hashes only, no spaCy):
   seconds and its share of the full build.

With ``--dask-local N`` (a distributed.LocalCluster of N single-threaded worker processes,
started after step 3) or ``--scheduler ADDRESS`` (a running cluster), also:

4. Dask build: `newsarchive index --scheduler` into a fresh index, cleaning and NER on the
   cluster's workers (indexer.dask_workers), model load on the workers included: articles
   per second and the ratio to (2) (goal >= 0.8); then, in this process with the workers'
   model loaded, cleaning on the workers against cleaning here and sending the cleaned text.

``--resolve-scale N`` measures the archive-level resolution (``indexer.resolve``) instead, on
an archive of N articles made of the dev archive's indexed articles repeated under new ids
(``bench/.cache/facets-all``, built by ``bench/facets.py``; the N-article index is cached in
``bench/.cache/resolve-N``): the full recompute from the stored records, then again after
1,000 new articles are added, as an ``index`` run that adds them pays it; how many values and
articles changed how they are shown; and, as the baseline measured in the same process, what
rewriting those articles' documents (the only way to change a Whoosh document) would cost.

Each step also prints the CPU seconds its processes used (user + system, workers included):
on this 2-core machine the wall-clock ratio moves with whatever else runs, the CPU ratio
much less. Say so when quoting figures measured under other load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578" / "dev.jsonl.gz"


def read_records(corpus: Path, sample: int | None) -> list[dict]:
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return records[:sample] if sample else records


def cpu_seconds() -> float:
    """User + system CPU time of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_ner(texts: list[str], workers: int, batch_size: int = 64) -> tuple[float, float]:
    """(seconds, CPU seconds) of the NER-only pipeline over texts (model already loaded)."""
    from newsarchive.indexer.entities import load_nlp

    nlp = load_nlp()
    started, cpu = time.perf_counter(), cpu_seconds()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    return time.perf_counter() - started, cpu_seconds() - cpu


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack += children.get(current, [])
        try:
            with open(f"/proc/{current}/status", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run_index(root: Path, index_dir: Path, workers: int, scheduler: str | None = None
              ) -> tuple[float, float, int, str]:
    """(seconds, CPU seconds, peak tree RSS bytes, summary line) of one `newsarchive index`."""
    started, cpu = time.perf_counter(), cpu_seconds()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "index", str(root), "--index", str(index_dir),
         "--workers", str(workers), "-q", *(["--scheduler", scheduler] if scheduler else [])],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    elapsed, used = time.perf_counter() - started, cpu_seconds() - cpu
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"newsarchive index failed ({process.returncode}):\n{output}")
    return elapsed, used, peak, output.strip().splitlines()[-1]


def dask_build(root: Path, work: Path, articles: int, local: float, workers: int,
               scheduler: str | None, dask_local: int | None) -> None:
    """Step 4: the Dask path on the same articles (see the module doc)."""
    import logging

    from newsarchive.indexer.dask_workers import DaskAnnotator
    from newsarchive.indexer.entities import EntityExtractor
    from newsarchive.indexer.writer import update_index

    cluster = None
    if scheduler is None:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        scheduler = cluster.scheduler_address
    try:
        seconds, _cpu, _peak, summary = run_index(root, work / "index-dask", workers, scheduler)
        print(f"Dask build (index --scheduler):      {seconds:7.1f} s  "
              f"{articles / seconds:9,.1f} articles/s  = {local / seconds:.2f} of the local "
              f"--workers {workers} build's {articles / local:,.1f} articles/s (goal >= 0.8)")
        print(f"  {summary}", flush=True)
        for clean_on_workers in (True, False):
            index_dir = work / f"index-dask-{clean_on_workers}"
            started = time.perf_counter()
            report = update_index(index_dir, [root], EntityExtractor, on_failure=lambda e: None,
                                  annotator=DaskAnnotator(scheduler, EntityExtractor,
                                                          clean_on_workers=clean_on_workers))
            seconds = time.perf_counter() - started
            where = "on the workers" if clean_on_workers else "in this process"
            print(f"  model loaded, cleaning {where + ':':<16} {seconds:7.1f} s  "
                  f"{report.indexed / seconds:9,.1f} articles/s", flush=True)
    finally:
        if cluster is not None:
            cluster.close()


CACHE = REPO / "bench" / ".cache"


def _dev_documents() -> list[dict]:
    """The dev archive's documents as stored, with their entities column."""
    from whoosh import index as whoosh_index

    from newsarchive.search.store import live_generation

    source = live_generation(CACHE / "facets-all")
    if source is None:
        raise SystemExit("build the dev archive first: .venv/bin/python bench/facets.py")
    ix = whoosh_index.open_dir(str(source))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        column = reader.column_reader("entities")
        docs = []
        for docnum in reader.all_doc_ids():
            doc = {k: v for k, v in searcher.stored_fields(docnum).items() if v is not None}
            doc["entities"] = column[docnum]
            docs.append(doc)
    return docs


def _copies(docs: list[dict], start: int, count: int):
    """count documents cycling through docs, each with an id of its own."""
    for number in range(start, start + count):
        doc = dict(docs[number % len(docs)])
        doc["id"] = doc["content_hash"] = f"copy-{number}/{doc['id']}"
        yield doc


def resolve_at_scale(count: int, added: int = 1000) -> None:
    """The archive stage on `count` articles, then after `added` more (see the module doc)."""
    from whoosh import index as whoosh_index

    from newsarchive.indexer.resolve import resolve_index
    from newsarchive.indexer.writer import Writer
    from newsarchive.search.schema import SCHEMA_VERSION, with_derived_fields
    from newsarchive.search.store import live_generation, make_live, new_generation, write_manifest

    docs = _dev_documents()
    index_dir = CACHE / f"resolve-{count}"
    live = live_generation(index_dir)
    if live is None or whoosh_index.open_dir(str(live)).doc_count() < count:
        shutil.rmtree(index_dir, ignore_errors=True)
        print(f"building an index of {count:,} articles from {len(docs):,} ...", flush=True)
        started = time.perf_counter()
        live = new_generation(index_dir)
        writer = whoosh_index.open_dir(str(live)).writer(limitmb=256, procs=2,
                                                          multisegment=True)
        for doc in _copies(docs, 0, count):
            writer.add_document(**with_derived_fields(doc))
        writer.commit()
        write_manifest(live, {"schema_version": SCHEMA_VERSION})
        make_live(index_dir, live)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    ix = whoosh_index.open_dir(str(live))
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), cpu_seconds()
    before = resolve_index(ix)
    full, full_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"resolution of {ix.doc_count():,} articles: {full:.1f} s ({full_cpu:.1f} CPU s), "
          f"peak memory +{max(0, peak - peak_before) / 1024:,.0f} MiB; "
          f"{sum(len(m) for m in before.moves.values()):,} values merged or hidden")

    writer = Writer(ix)
    started = time.perf_counter()
    for doc in _copies(docs, count + 7919, added):  # other articles than the first copies
        writer.add(doc, replace=False)
    writer.commit()
    wrote = time.perf_counter() - started
    started, cpu = time.perf_counter(), cpu_seconds()
    after = resolve_index(ix)
    again, again_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    changed = [(facet, value) for facet in after.moves
               for value in set(after.moves[facet]) | set(before.moves.get(facet, {}))
               if after.targets(facet, value) != before.targets(facet, value)]
    with ix.searcher() as searcher:
        reader = searcher.reader()
        articles = sum(reader.doc_frequency(facet, value) for facet, value in changed)
    rate = added / wrote
    print(f"after adding {added:,} articles (written in {wrote:.1f} s, {rate:,.0f} articles/s):"
          f" resolution {again:.1f} s ({again_cpu:.1f} CPU s)")
    print(f"  {len(changed):,} stored values are now shown differently, in up to "
          f"{articles:,} older articles")
    print(f"  baseline, same process: rewriting those articles' documents at {rate:,.0f}/s "
          f"would take {articles / rate:,.1f} s; the resolution takes "
          f"{again / max(articles / rate, 1e-9):.2f}x that, and needs no rewrite")
    writer = Writer(ix)
    for doc in _copies(docs, count + 7919, added):  # leave the cached index as it was
        writer.delete(doc["id"])
    writer.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--sample", type=int, default=None, help="only the first N articles")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask-local", type=int, default=None, metavar="N",
                        help="also build on a Dask LocalCluster of N single-threaded workers")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="also build on the Dask cluster at ADDRESS (tcp://HOST:8786)")
    parser.add_argument("--resolve-scale", type=int, default=None, metavar="N",
                        help="measure the archive-level resolution on N articles instead")
    args = parser.parse_args()
    if args.resolve_scale:
        resolve_at_scale(args.resolve_scale)
        return

    records = read_records(args.corpus, args.sample)
    texts = [f"{r.get('title') or ''}\n\n{r.get('body') or ''}" for r in records]
    words = sum(len(text.split()) for text in texts)
    work = Path(tempfile.mkdtemp(prefix="newsarchive-bench-index-"))
    try:
        root = work / "archive"
        root.mkdir()
        with gzip.open(root / "reuters.jsonl.gz", "wt", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record) + "\n")
        print(f"{len(records)} articles, {words:,} words, workers={args.workers}", flush=True)

        bare, bare_cpu = bare_ner(texts, args.workers)
        print(f"bare NER (spaCy NER only, nlp.pipe): {bare:7.1f} s  {words / bare:9,.0f} words/s"
              f"  ({bare_cpu:.1f} CPU s)", flush=True)
        full, full_cpu, peak, summary = run_index(root, work / "index", args.workers)
        print(f"full build (newsarchive index):      {full:7.1f} s  {words / full:9,.0f} words/s"
              f"  = {bare / full:.2f} of bare NER (goal >= 0.85)")
        print(f"  CPU: {full_cpu:.1f} s = bare NER's CPU time / this one's: "
              f"{bare_cpu / full_cpu:.2f}", flush=True)
        print(f"  peak memory of the process tree: {peak / 2**20:,.0f} MiB (goal <= 1536)")
        print(f"  {summary}")
        rerun, _cpu, _peak, summary = run_index(root, work / "index", args.workers)
        print(f"no-change rerun:                     {rerun:7.2f} s  = {rerun / full:.1%} of the "
              "full build (goal <= 2%)")
        print(f"  {summary}", flush=True)
        if args.scheduler or args.dask_local:
            dask_build(root, work, len(records), full, args.workers, args.scheduler,
                       args.dask_local)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
