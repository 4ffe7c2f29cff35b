"""Where an index lives on disk, and how readers follow it as it changes.

Layout of an index directory::

    <index dir>/current      -> a symlink to the live generation directory
    <index dir>/gen-000001/  Whoosh segments + manifest.json

Incremental runs commit new Whoosh segments into the live generation (Whoosh's commit
writes a new table of contents, so readers see either the old or the new state). A full
rebuild writes a new generation directory and swaps the symlink atomically; readers notice
on their next request and reopen, and nobody has to restart.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search import whoosh_fixes  # noqa: F401  (speed fix, applied on import)
from search.entities import resolution_stamp
from search.schema import SCHEMA, SCHEMA_VERSION

CURRENT = "current"
MANIFEST = "manifest.json"
KEEP_GENERATIONS = 2  # the live one and the one before it, which open readers may still use


class IndexMissing(Exception):
    """There is no index at the given directory yet."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        super().__init__(
            f"no index at {index_dir}: build one with `newsarchive index PATH` "
            "(or `make run` to index the sample archive in seeds/)"
        )


def default_index_dir() -> Path:
    """$NEWSARCHIVE_INDEX, else ./data/index."""
    return Path(os.environ.get("NEWSARCHIVE_INDEX") or "data/index")


def live_generation(index_dir: Path) -> Path | None:
    """The generation directory `current` points at, or None when there is no index."""
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    gen_dir = (Path(index_dir) / target).resolve()
    return gen_dir if whoosh_index.exists_in(str(gen_dir)) else None


def new_generation(index_dir: Path) -> Path:
    """Create an empty Whoosh index in a fresh generation directory (not yet live)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    gen_dir = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    gen_dir.mkdir()
    whoosh_index.create_in(str(gen_dir), SCHEMA)
    write_manifest(gen_dir, {"schema_version": SCHEMA_VERSION})
    return gen_dir


def make_live(index_dir: Path, gen_dir: Path) -> None:
    """Point `current` at gen_dir atomically (rename of a symlink), then prune old generations."""
    index_dir = Path(index_dir)
    tmp_link = index_dir / f".{CURRENT}.tmp"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(gen_dir.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)
    prune_generations(index_dir, gen_dir)


def prune_generations(index_dir: Path, live: Path) -> None:
    """Remove all but the newest few generations; the live one always stays."""
    gens = sorted(p for p in Path(index_dir).glob("gen-*") if p.is_dir())
    keep = set(gens[-KEEP_GENERATIONS:]) | {live.resolve()}
    for gen in gens:
        if gen.resolve() not in keep:
            shutil.rmtree(gen, ignore_errors=True)


def read_manifest(gen_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((Path(gen_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(gen_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically so a crash never leaves half a file."""
    path = Path(gen_dir) / MANIFEST
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def open_live_index(index_dir: Path) -> whoosh_index.Index:
    gen_dir = live_generation(index_dir)
    if gen_dir is None:
        raise IndexMissing(Path(index_dir))
    return whoosh_index.open_dir(str(gen_dir))


@dataclass(frozen=True)
class Generation:
    """What identifies one readable state of the index: the directory, Whoosh's TOC number and
    the archive's resolution table (rewritten at the end of each run)."""

    directory: Path
    toc: int
    resolution: tuple[int, int] = (0, 0)


class IndexHandle:
    """Hands out a reader for the live index, reopening it when the index has changed.

    One handle serves a whole process (a web worker, a CLI call). The check per request is a
    readlink and a directory listing, so readers follow incremental commits and rebuild
    swaps without a restart.
    """

    def __init__(self, index_dir: Path, opener: Any) -> None:
        self.index_dir = Path(index_dir)
        self._opener = opener  # (whoosh Index, Generation) -> reader object with .close()
        self._lock = threading.Lock()
        self._generation: Generation | None = None
        self._reader: Any = None

    def current(self) -> Any:
        gen_dir = live_generation(self.index_dir)
        if gen_dir is None:
            raise IndexMissing(self.index_dir)
        ix = whoosh_index.open_dir(str(gen_dir))
        generation = Generation(gen_dir, ix.latest_generation(), resolution_stamp(gen_dir))
        with self._lock:
            if generation != self._generation:
                # old readers are not closed here: a request on another thread may still use one;
                # their files stay readable (the previous generation is kept on disk)
                self._reader = self._opener(ix, generation)
                self._generation = generation
            return self._reader
