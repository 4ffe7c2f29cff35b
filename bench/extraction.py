"""Article-extraction benchmark: how well ``indexer.clean`` finds a page's story text.

Data: ``shared/corpora/article_extraction`` (120 news pages + ground-truth ``articleBody``).
Metric: the one defined by ``evaluate.py`` of the GitHub repository
``scrapinghub/article-extraction-benchmark`` (commit 11b407d), re-implemented here:

* tokens are ``\\w+`` matches (Unicode, case kept), shingles are 4-token n-grams counted as a
  multiset; a text shorter than 4 tokens is one shorter shingle;
* per page, TP/FP/FN are the shingle-count overlaps, then divided by TP+FP+FN (so every page
  weighs the same);
* precision is averaged over pages with TP+FP > 0, recall over pages with TP+FN > 0 (a page with
  FP = FN = 0 scores 1), and F1 = 2PR / (P + R) of those averages.

Also printed: the share of pages whose extracted date equals (same day) the date the page states
in its own JSON-LD or meta tags, over the pages that state one.

Usage: ``python bench/extraction.py [--worst N] [--data DIR] [--limit N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.article import RawArticle, SourceError  # noqa: E402
from indexer.clean import clean  # noqa: E402
from indexer.metadata import meta_date, parse_html  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "article_extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)

Counts = tuple[float, float, float]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles; a shorter text is a single (shorter) shingle."""
    tokens = _TOKEN.findall(text or "")
    grams = [tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(gram for gram in grams if gram)


def page_counts(true: str, pred: str) -> Counts:
    """Per-page TP, FP, FN over shingles, normalized to sum to 1 (when not all zero)."""
    true_sh, pred_sh = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def scores(counts: list[Counts]) -> dict[str, float]:
    """F1 of the page-averaged precision and recall, as the benchmark computes it."""
    p = statistics.mean([precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def load(data: Path, limit: int | None = None) -> tuple[dict[str, dict], dict[str, bytes]]:
    """Ground truth and the raw (gzip-decompressed) page bytes, by page id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = {i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return {i: truth[i] for i in ids}, pages


def indexer_extract(page_id: str, page: bytes) -> tuple[str, str | None]:
    """What the indexer stores for an ``.html`` file: (body, date); no URL is known to it."""
    raw = RawArticle(id=f"{page_id}.html", path=f"{page_id}.html", kind="html", data=page)
    try:
        article = clean(raw)
    except SourceError:
        return "", None
    return article.body, article.date


def run(data: Path, worst: int, limit: int | None,
        extract: Callable[[str, bytes], tuple[str, str | None]] = indexer_extract) -> dict:
    """Score ``extract`` on the benchmark and print the summary (and the worst pages)."""
    truth, pages = load(data, limit)
    counts: dict[str, Counts] = {}
    date_hits = date_total = 0
    started = time.perf_counter()
    for page_id, page in pages.items():
        body, date = extract(page_id, page)
        counts[page_id] = page_counts(truth[page_id]["articleBody"], body)
        reference = meta_date(parse_html(page.decode("utf-8", errors="replace")))
        if reference:
            date_total += 1
            date_hits += bool(date) and date[:10] == reference[:10]
    elapsed = time.perf_counter() - started
    result = scores(list(counts.values()))
    print(f"pages={len(counts)}  F1={result['f1']:.4f}  precision={result['precision']:.4f}  "
          f"recall={result['recall']:.4f}  ({elapsed:.1f}s)")
    share = date_hits / date_total if date_total else 0.0
    print(f"date agrees with JSON-LD/meta date: {date_hits}/{date_total} = {share:.3f}")
    if worst:
        ranked = sorted(counts.items(), key=lambda item: _page_f1(item[1]))
        print(f"\nworst {worst} pages:  F1     P      R      id / url")
        for page_id, c in ranked[:worst]:
            print(f"  {_page_f1(c):.3f}  {precision(*c):.3f}  {recall(*c):.3f}  "
                  f"{page_id[:12]}  {truth[page_id].get('url', '')}")
    result["date_share"] = share
    return result


def _page_f1(c: Counts) -> float:
    p, r = precision(*c), recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="benchmark folder with ground-truth.json and html/")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    args = parser.parse_args()
    run(args.data, args.worst, args.limit)


if __name__ == "__main__":
    main()
