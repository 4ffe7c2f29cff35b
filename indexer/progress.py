"""Progress on long runs: a bar with rate and ETA on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")
LOG_EVERY_SECONDS = 10.0


def progress(items: Iterable[T], total: int | None = None, desc: str = "indexing",
             unit: str = "article", enabled: bool = True) -> Iterator[T]:
    if not enabled:
        yield from items
    elif sys.stderr.isatty():
        yield from tqdm(items, total=total, desc=desc, unit=unit, dynamic_ncols=True,
                        file=sys.stderr)
    else:
        yield from _log_lines(items, desc, unit)


def _log_lines(items: Iterable[T], desc: str, unit: str) -> Iterator[T]:
    started = last = time.monotonic()
    count = 0
    for count, item in enumerate(items, 1):
        yield item
        now = time.monotonic()
        if now - last >= LOG_EVERY_SECONDS:
            last = now
            print(f"{desc}: {count} {unit}s, {count / (now - started):.1f}/s",
                  file=sys.stderr, flush=True)
