"""Article-extraction benchmark: how well ``indexer.clean`` finds a page's story text.

Data: two sets with the same layout (``html/<id>.html.gz`` + ``ground-truth.json`` mapping each
id to its ``articleBody``), scored the same way:

* ``shared/corpora/article_extraction`` — 120 news pages (2020). The extraction was developed on
  these pages, so its figures there overstate (dev).
* ``shared/corpora/dragnet`` — 1,353 news and blog pages (2012). Split by page id into two
  halves: ``tune`` (the lower half of the ids in sorted order, which rules may be checked on) and
  ``held-out`` (the upper half, reported, never looked at page by page). Its gold has some broken
  characters, so compare extractors with each other there, not with the other set; five pages'
  gold, stored in UTF-16 read as bytes, is read back (``gold_text``).

Every set is scored for newsarchive (``indexer.clean``, what the indexer stores) and, in the same
run, for trafilatura alone (``extract`` without comments: default settings, and
``favor_precision=True``). Per row: F1 / precision / recall, the pages with no text although the
gold has at least 20 words, and pages per second (one process, the page bytes already in memory).
"newsarchive" is what the indexer stores (``clean``: text, title, date, author, source, language);
"newsarchive text only" is its text extraction alone (``indexer.extract.extract_main_text`` on the
decoded page), the step comparable with trafilatura's ``extract``.

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

Usage: ``python bench/extraction.py [--worst N] [--data DIR ...] [--limit N] [--only NAME]``
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

from newsarchive.indexer.article import RawArticle, SourceError  # noqa: E402
from newsarchive.indexer.clean import clean  # noqa: E402
from newsarchive.indexer.encoding import decode  # noqa: E402
from newsarchive.indexer.extract import stream_text  # noqa: E402
from newsarchive.indexer.metadata import meta_date, parse_html  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT_DATA = CORPORA / "article_extraction"
DRAGNET = CORPORA / "dragnet"
MIN_GOLD_WORDS = 20  # a page whose gold has this many words must give some text
_TOKEN = re.compile(r"\w+", re.UNICODE)

Counts = tuple[float, float, float]
Extractor = Callable[[str, bytes], tuple[str, str | None]]


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


def gold_text(text: str) -> str:
    """The gold as written: five Dragnet pages (27, 39, 42, 49, 158) hold their gold in
    UTF-16 read as single bytes (the byte-order mark two U+FFFD, a NUL after each letter), so
    every extractor scored 0 on them; their letters are ASCII, so dropping the NULs and the
    mark gives the text (a character beyond ASCII stays broken, as elsewhere in the gold)."""
    if "\x00" not in text:
        return text
    return text.lstrip("\ufffd").replace("\x00", "")


def load(data: Path, limit: int | None = None) -> tuple[dict[str, dict], dict[str, bytes]]:
    """Ground truth (``gold_text`` repaired) and the raw (gzip-decompressed) page bytes, by
    page id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    pages = {i: gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    return {i: {**truth[i], "articleBody": gold_text(truth[i]["articleBody"])}
            for i in ids}, pages


def indexer_extract(page_id: str, page: bytes) -> tuple[str, str | None]:
    """What the indexer stores for an ``.html`` file: (body, date); no URL is known to it."""
    raw = RawArticle(id=f"{page_id}.html", path=f"{page_id}.html", kind="html", data=page)
    try:
        article = clean(raw)
    except SourceError:
        return "", None
    return article.body, article.date


def trafilatura_extract(favor_precision: bool = False) -> Extractor:
    """trafilatura alone on the decoded page (comments off: the gold never holds them)."""
    import trafilatura

    def extract(page_id: str, page: bytes) -> tuple[str, str | None]:
        text = trafilatura.extract(decode(page, None, html=True), include_comments=False,
                                   favor_precision=favor_precision)
        return text or "", None
    return extract


def text_extract(page_id: str, page: bytes) -> tuple[str, str | None]:
    """newsarchive's text extraction alone (``indexer.extract``), without the page's metadata."""
    from newsarchive.indexer.extract import extract_main_text

    return extract_main_text(decode(page, None, html=True)), None


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "newsarchive": lambda: indexer_extract,
    "newsarchive text only": lambda: text_extract,
    "trafilatura": lambda: trafilatura_extract(),
    "trafilatura precision": lambda: trafilatura_extract(favor_precision=True),
}


def halves(ids: list[str]) -> dict[str, list[str]]:
    """The ids split by page id in sorted order: the lower half to tune on, the upper held out."""
    ordered = sorted(ids)
    middle = len(ordered) // 2
    return {"tune": ordered[:middle], "held-out": ordered[middle:]}


def measure(truth: dict[str, dict], pages: dict[str, bytes], extract: Extractor,
            dates: bool = False) -> dict:
    """Per-page counts, pages without text, pages per second (and the date share if asked)."""
    counts: dict[str, Counts] = {}
    empty: list[str] = []
    date_hits = date_total = 0
    elapsed = 0.0
    for page in list(pages.values())[:1]:
        extract("warm-up", page)  # imports and first-call set-up are not page time
    for page_id, page in pages.items():
        started = time.perf_counter()
        body, date = extract(page_id, page)
        elapsed += time.perf_counter() - started
        gold = truth[page_id]["articleBody"]
        counts[page_id] = page_counts(gold, body)
        if not body.strip() and len(gold.split()) >= MIN_GOLD_WORDS:
            empty.append(page_id)
        if dates:
            reference = meta_date(parse_html(page.decode("utf-8", errors="replace")))
            if reference:
                date_total += 1
                date_hits += bool(date) and date[:10] == reference[:10]
    return {"counts": counts, "empty": empty, "seconds": elapsed,
            "pages_per_second": len(pages) / elapsed if elapsed else 0.0,
            "date_hits": date_hits, "date_total": date_total}


def _row(label: str, name: str, found: dict, ids: list[str] | None = None) -> dict:
    ids = ids if ids is not None else list(found["counts"])
    result = scores([found["counts"][i] for i in ids])
    empty = sum(i in set(ids) for i in found["empty"])
    print(f"  {label:<22} {name:<22} {len(ids):>5}  {result['f1']:.4f}  "
          f"{result['precision']:.4f}  {result['recall']:.4f}  {empty:>5}  "
          f"{found['pages_per_second']:>6.1f}")
    return {**result, "pages": len(ids), "empty": empty,
            "pages_per_second": found["pages_per_second"]}


def run(data: Path, worst: int, limit: int | None, extract: Extractor = indexer_extract,
        compare: tuple[str, ...] = (), split: bool = False) -> dict:
    """Score ``extract`` (and the ``compare`` extractors) on one set; print a table.

    Returns newsarchive's figures (f1, precision, recall, empty, pages_per_second, date_share),
    with ``"rows"``: every printed row by (subset, extractor name).
    """
    truth, pages = load(data, limit)
    print(f"\n{data.name}: {len(pages)} pages")
    print(f"  {'subset':<22} {'extractor':<22} {'pages':>5}  F1      P       R       "
          f"{'empty':>5}  {'pages/s':>6}")
    subsets: dict[str, list[str] | None] = {"all": None}
    if split:
        subsets.update(halves(list(pages)))
    found = {"newsarchive": measure(truth, pages, extract, dates=True)}
    for name in compare:
        found[name] = measure(truth, pages, EXTRACTORS[name]())
    rows: dict[tuple[str, str], dict] = {}
    for subset, ids in subsets.items():
        for name, figures in found.items():
            rows[(subset, name)] = _row(subset, name, figures, ids)
    own = found["newsarchive"]
    share = own["date_hits"] / own["date_total"] if own["date_total"] else 0.0
    print(f"  date agrees with JSON-LD/meta date: {own['date_hits']}/{own['date_total']}"
          f" = {share:.3f}")
    if own["empty"]:
        # a saved page may not hold its story at all (an error stub, a script-only shell)
        visible = {i: len(stream_text(decode(pages[i], None, html=True)).split())
                   for i in own["empty"]}
        print("  newsarchive gave no text on (page id: words of visible text in the page): "
              + ", ".join(f"{i}: {n}" for i, n in list(visible.items())[:20]))
    if worst:
        ranked = sorted(own["counts"].items(), key=lambda item: _page_f1(item[1]))
        print(f"\n  worst {worst} pages:  F1     P      R      id / url")
        for page_id, c in ranked[:worst]:
            print(f"    {_page_f1(c):.3f}  {precision(*c):.3f}  {recall(*c):.3f}  "
                  f"{page_id[:12]}  {truth[page_id].get('url', '')}")
    return {**rows[("all", "newsarchive")], "date_share": share, "rows": rows}


def _page_f1(c: Counts) -> float:
    p, r = precision(*c), recall(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=None,
                        help="benchmark folders with ground-truth.json and html/ "
                             "(default: article_extraction and dragnet, the latter in halves)")
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (by id)")
    parser.add_argument("--only", action="store_true",
                        help="newsarchive alone, without trafilatura's rows")
    args = parser.parse_args()
    compare = () if args.only else ("newsarchive text only", "trafilatura",
                                     "trafilatura precision")
    sets = args.data or [DEFAULT_DATA, DRAGNET]
    for data in sets:
        run(data, args.worst, args.limit, compare=compare, split=data.name == DRAGNET.name)


if __name__ == "__main__":
    main()
