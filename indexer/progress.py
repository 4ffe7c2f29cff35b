"""Progress on long runs: a bar with rate and ETA on a terminal, plain log lines otherwise.

The total comes from a cheap count before the run (`estimate_articles`: lines of JSON
Lines files, one per other file), so the ETA is an estimate; the bar counts every article
the run gets through, unchanged ones included, and grows its total if the count was low.
"""

from __future__ import annotations

import gzip
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

T = TypeVar("T")
LOG_EVERY_SECONDS = 10.0


def estimate_articles(roots: Iterable[Path]) -> int:
    """About how many articles the roots hold, without parsing them."""
    total = 0
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else _files(root)
        for path in files:
            total += _articles_in(path)
    return total


def _files(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                yield Path(folder) / name


def _articles_in(path: Path) -> int:
    name = path.name.lower()
    if not (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
        return 1
    opener = gzip.open if name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            return sum(1 for line in handle if line.strip())
    except (OSError, EOFError):
        return 1


class Progress:
    """Counts articles; draws a tqdm bar on a terminal, else logs a line every few seconds."""

    def __init__(self, total: int | None = None, desc: str = "indexing", unit: str = "article",
                 enabled: bool = True) -> None:
        self.total = total
        self.desc, self.unit = desc, unit
        self.count = 0
        self.enabled = enabled
        self.started = self.last = time.monotonic()
        self.bar = (tqdm(total=total, desc=desc, unit=unit, dynamic_ncols=True, file=sys.stderr)
                    if enabled and sys.stderr.isatty() else None)

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self.total is not None and self.count > self.total:
            self.total = self.count
            if self.bar is not None:
                self.bar.total = self.count
        if self.bar is not None:
            self.bar.update(n)
        elif self.enabled:
            now = time.monotonic()
            if now - self.last >= LOG_EVERY_SECONDS:
                self.last = now
                print(self.line(now), file=sys.stderr, flush=True)

    def line(self, now: float) -> str:
        rate = self.count / max(now - self.started, 1e-9)
        text = f"{self.desc}: {self.count}"
        if self.total:
            text += f"/{self.total}"
        text += f" {self.unit}s, {rate:.1f}/s"
        if self.total and rate > 0:
            eta = int((self.total - self.count) / rate)
            text += f", ETA {eta // 60}:{eta % 60:02d}"
        return text

    @contextmanager
    def above_the_bar(self) -> Iterator[None]:
        """While it runs, the log's lines (`error: path: reason`) are printed above the bar,
        each on its own line, not glued to the end of the bar's."""
        if self.bar is None:
            yield
            return
        with logging_redirect_tqdm(loggers=[logging.getLogger("newsarchive")]):
            yield

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
