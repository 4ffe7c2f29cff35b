"""No story dropped: real news pages damaged the ways saved pages are, and what is left of
their story.

    .venv/bin/python bench/damaged_pages.py [--data DIR ...] [--pages N] [--seed S]

Each page of a benchmark set (``bench/extraction.py``'s sets: the 120 dev pages and the 1,353
Dragnet pages) is damaged in each of these ways, each a thing a saving tool, an old editor
or a broken template does to markup:

* ``title never closed``, ``script never closed`` (opened at the start of the body, so it runs
  to the page's next ``</script>``), ``style never closed``, ``comment never closed`` (to the
  next ``-->``), ``noscript``, ``iframe`` and ``textarea`` never closed (each opened at the
  start of the body);
* ``closing tags lost``: every ``</div>``, ``</nav>``, ``</header>``, ``</ul>`` and ``</li>``
  gone (the tree then nests the story inside the page's menus);
* ``links never closed``: every ``</a>`` gone (the rest of a paragraph after a link is then
  link text, which extractors take for a menu);
* ``nested 400 deep``: 400 ``<div>`` opened before the body's content (deeper than the tree
  parser goes by default);
* ``fonts never closed``: 300 ``<font>`` opened and never closed before the page's
  paragraph a third of the way in (old pages' editors did this; the story's rest is then
  nested 300 deep);
* ``cut at 60%``: the page's bytes end early (its story may be gone with them).

Per damage: the pages whose intact version gives text (``indexer.extract.extract_article``),
how many of them the damaged version **drops** (gives no text, or fails, although the damaged
page's bytes, tags stripped, still hold at least half of the intact text's word 4-grams: the
story is in the markup), how many give no text with the story gone from the bytes too (only
``cut at 60%`` should have these), and the mean share of the intact text's 4-grams the damaged
text keeps. Pages are sampled per set (``--pages``, seeded), as every damage re-runs the
whole extraction.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import DEFAULT_DATA, DRAGNET, load  # noqa: E402

from newsarchive.indexer.encoding import decode  # noqa: E402
from newsarchive.indexer.extract import _grams, extract_article  # noqa: E402

_BODY = re.compile(r"<body\b[^>]*>", re.I)
_LOST_CLOSERS = re.compile(r"</(?:div|nav|header|ul|li)\s*>", re.I)
_LINK_CLOSERS = re.compile(r"</a\s*>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)
_PARAGRAPH = re.compile(r"<p\b", re.I)
_TAG = re.compile(r"<[^>]*>")
STORY_IN_MARKUP = 0.5  # share of the intact text's 4-grams the damaged page's bytes hold


def _at_body(insert: str) -> Callable[[str], str]:
    def damage(page: str) -> str:
        body = _BODY.search(page)
        at = body.end() if body else 0
        return page[:at] + insert + page[at:]
    return damage


def _in_story(page: str, insert: str) -> str:
    """``insert`` before the paragraph a third of the way through the page's paragraphs."""
    paragraphs = [match.start() for match in _PARAGRAPH.finditer(page)]
    at = paragraphs[len(paragraphs) // 3] if paragraphs else len(page) // 2
    return page[:at] + insert + page[at:]


DAMAGES: dict[str, Callable[[str], str]] = {
    "title never closed": lambda page: _TITLE_CLOSE.sub("", page, count=1),
    "script never closed": _at_body("<script>var slot = '"),
    "style never closed": _at_body("<style>.ad { height: 90px }"),
    "comment never closed": _at_body("<!-- ad slot "),
    "noscript never closed": _at_body("<noscript>"),
    "iframe never closed": _at_body('<iframe src="/ad">'),
    "textarea never closed": _at_body("<textarea>"),
    "closing tags lost": lambda page: _LOST_CLOSERS.sub("", page),
    "links never closed": lambda page: _LINK_CLOSERS.sub("", page),
    "nested 400 deep": _at_body("<div>" * 400),
    "fonts never closed": lambda page: _in_story(page, '<font size="2">' * 300),
    "cut at 60%": lambda page: page[:int(len(page) * 0.6)],
}


@dataclass
class DamageFigures:
    """One damage over the sampled pages of one set."""

    pages: int = 0  # pages whose intact version gives text
    dropped: list[str] = field(default_factory=list)  # no text, the story still in the markup
    gone: int = 0  # no text, and the story is not in the damaged markup either
    kept: list[float] = field(default_factory=list)  # share of the intact text kept, per page


def covered(text: str, reference: frozenset) -> float:
    grams = _grams(text)
    return len(grams & reference) / len(reference) if reference else 1.0


def measure(pages: dict[str, str]) -> dict[str, DamageFigures]:
    figures = {name: DamageFigures() for name in DAMAGES}
    for page_id, page in pages.items():
        intact = _grams(extract_article(page)[0])
        if not intact:
            continue
        for name, damage in DAMAGES.items():
            broken = damage(page)
            try:
                text, _ = extract_article(broken)
            except Exception:  # noqa: BLE001 - the indexer reports the file as failed: dropped
                text = ""
            found = figures[name]
            found.pages += 1
            if text:
                found.kept.append(covered(text, intact))
            elif covered(html.unescape(_TAG.sub(" ", broken)), intact) >= STORY_IN_MARKUP:
                found.dropped.append(page_id)
                found.kept.append(0.0)
            else:
                found.gone += 1
    return figures


def report(name: str, figures: dict[str, DamageFigures]) -> None:
    print(f"\n{name}")
    print(f"  {'damage':<24} {'pages':>5}  {'dropped':>7}  {'gone':>4}  kept (mean share)")
    for damage, found in figures.items():
        kept = statistics.mean(found.kept) if found.kept else 0.0
        print(f"  {damage:<24} {found.pages:>5}  {len(found.dropped):>7}  {found.gone:>4}  "
              f"{kept:.3f}")
    dropped = {d: f.dropped[:5] for d, f in figures.items() if f.dropped}
    if dropped:
        print("  dropped (first ids):", dropped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, nargs="+", default=[DEFAULT_DATA, DRAGNET])
    parser.add_argument("--pages", type=int, default=150, help="pages sampled per set")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for data in args.data:
        _, raw = load(data)
        ids = sorted(raw)
        chosen = random.Random(args.seed).sample(ids, min(args.pages, len(ids)))
        pages = {i: decode(raw[i], None, html=True) for i in chosen}
        report(f"{data.name}: {len(pages)} of {len(ids)} pages", measure(pages))


if __name__ == "__main__":
    main()
