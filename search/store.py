"""Where an index lives on disk, and how readers follow it as it changes.

Layout of an index directory::

    <index dir>/current      -> a symlink to the live generation directory
    <index dir>/gen-000001/  Whoosh segments + manifest.json

Incremental runs commit new Whoosh segments into the live generation (Whoosh's commit
writes a new table of contents, so readers see either the old or the new state). A full
rebuild writes a new generation directory and swaps the symlink atomically; readers notice
on their next request and reopen, and nobody has to restart.

Integrity (after Lucene's per-file checksums): after each commit the manifest records every
index file of the generation, its size, modification time and the CRC-32 of each of its
parts (a Whoosh segment file's postings, term index, stored fields, columns, directory; a
whole file otherwise), and the manifest ends with the CRC-32 of its own text. Segment and
table-of-contents files are written once, so a recorded file that changes is damage.
`inspect_generation` checks a generation against its record: the sizes always (a stat per
file), the checksums of a file whose modification time is not the recorded one, or of every
file with `full=True`. Readers check before Whoosh maps a file (a truncated file is an
error, not a SIGBUS) and on every request; `reading` turns what a damaged file makes Whoosh
raise (zlib, pickle, struct, decoding errors) into one `IndexDamaged`.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import struct
import threading
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from newsarchive.search import whoosh_fixes  # noqa: F401  (fixes, applied on import)
from newsarchive.search.entities import resolution_stamp
from newsarchive.search.frequent import SUFFIX as FREQUENT_SUFFIX
from newsarchive.search.schema import SCHEMA, SCHEMA_VERSION

CURRENT = "current"
MANIFEST = "manifest.json"
KEEP_GENERATIONS = 2  # the live one and the one before it, which open readers may still use
CHECKSUMS = "checksums"  # the manifest's record of the generation's files
SELF_CHECK = "crc32"  # the manifest's last key: the CRC-32 of its text before that key
TOC_PATTERN = re.compile(r"_MAIN_([0-9]+)\.toc")
# files of a generation that are no index data: Whoosh's (empty) lock, temporary files
NOT_RECORDED = re.compile(r"(MAIN_WRITELOCK|manifest\.json|.*\.tmp|\..*)")


class IndexMissing(Exception):
    """There is no index at the given directory yet."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        super().__init__(
            f"no index at {index_dir}: build one with `newsarchive index PATH` "
            "(or `make run` to index the sample archive in seeds/)"
        )


class IndexOutdated(IndexMissing):
    """The index was written by another version of newsarchive (another schema): it is not
    opened (its pickled schema may name modules this version does not have), it is rebuilt."""

    def __init__(self, index_dir: Path, version: Any) -> None:
        self.index_dir = index_dir
        Exception.__init__(
            self,
            f"the index at {index_dir} was written by another newsarchive (schema version "
            f"{version}; this one reads {SCHEMA_VERSION}): rebuild it with `newsarchive index "
            "PATH...` naming the folders it holds",
        )


class IndexDamaged(Exception):
    """The index is there but damaged: a file is missing, truncated or changed since it was
    written, or Whoosh could not read it."""

    def __init__(self, index_dir: Path, problems: list[Any]) -> None:
        self.index_dir = Path(index_dir)
        self.problems = list(problems) or ["it cannot be read"]
        more = len(self.problems) - 1
        super().__init__(
            f"the index at {index_dir} is damaged: {self.problems[0]}"
            + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
            + f"; `newsarchive check --index {index_dir}` tells what is damaged and how "
            "to repair it"
        )


def default_index_dir() -> Path:
    """$NEWSARCHIVE_INDEX, else ./data/index."""
    return Path(os.environ.get("NEWSARCHIVE_INDEX") or "data/index")


def live_generation(index_dir: Path) -> Path | None:
    """The generation directory `current` points at, or None when there is no index."""
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
        gen_dir = (Path(index_dir) / target).resolve()
    except (OSError, RuntimeError):  # no link; a link that loops (RuntimeError before 3.13)
        return None
    return gen_dir if live_toc(gen_dir) is not None else None


def live_toc(gen_dir: Path) -> int | None:
    """The number of the generation's newest table of contents (Whoosh reads that one), or
    None when it has none (from the file names alone: nothing is read)."""
    try:
        names = os.listdir(gen_dir)
    except OSError:
        return None
    return max((int(m.group(1)) for name in names if (m := TOC_PATTERN.fullmatch(name))),
               default=None)


def layout_damage(index_dir: Path) -> list[str]:
    """Why an index without a readable live generation is damaged rather than missing: the
    `current` link points at a generation that is gone, or that lost its table of contents
    after a commit recorded one."""
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        written = [gen.name for gen in sorted(Path(index_dir).glob("gen-*"))
                   if any(name.endswith(".seg") for name in
                          ((read_manifest(gen).get(CHECKSUMS) or {}).get("files") or {}))]
        return ([f"`{CURRENT}` (the link to the live generation, one of "
                 f"{', '.join(written)}) is missing"] if written else [])
    gen_dir = Path(index_dir) / target
    if not gen_dir.is_dir():
        return [f"`current` points at {target}, which is not there"]
    if live_toc(gen_dir) is not None:
        return []
    manifest = read_manifest(gen_dir)
    record = manifest.get(CHECKSUMS) or {}
    if record.get("files") or any(p.suffix == ".seg" for p in gen_dir.iterdir()):
        name = f"_MAIN_{record.get('toc', 'N')}.toc"
        return [f"{target}/{name} (the table of contents) is missing"]
    return []


def new_generation(index_dir: Path) -> Path:
    """Create an empty Whoosh index in a fresh generation directory (not yet live)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    gen_dir = index_dir / f"gen-{max(numbers, default=0) + 1:06d}"
    gen_dir.mkdir()
    whoosh_index.create_in(str(gen_dir), SCHEMA)
    write_manifest(gen_dir, {"schema_version": SCHEMA_VERSION})
    record_checksums(gen_dir)
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
        manifest = json.loads((Path(gen_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    manifest.pop(SELF_CHECK, None)
    return manifest


def write_manifest(gen_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically so a crash never leaves half a file; its last line is
    the CRC-32 of the text before it, so any change to it is seen (`manifest_problem`)."""
    path = Path(gen_dir) / MANIFEST
    tmp = path.with_suffix(".tmp")
    body = json.dumps({k: v for k, v in manifest.items() if k != SELF_CHECK}, indent=2,
                      sort_keys=True)
    body = _ONE_PART.sub(lambda m: " ".join(m.group(0).split()).replace("[ ", "[")
                         .replace(" ]", "]"), body)  # a file's part on one line
    text = body[:-2] + f',\n  "{SELF_CHECK}": {zlib.crc32(body.encode("utf-8"))}\n}}'
    if body == "{}":
        text = f'{{\n  "{SELF_CHECK}": {zlib.crc32(body.encode("utf-8"))}\n}}'
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


_ONE_PART = re.compile(r'\[\s*"[^"\n]*",\s*[0-9]+,\s*[0-9]+,\s*[0-9]+\s*\]')
_SELF_CHECK_LINE = re.compile(r'(,?)\n  "' + SELF_CHECK + r'": ([0-9]+)\n\}\Z')


_manifests: dict[str, tuple[tuple[int, ...], str | None, dict[str, Any]]] = {}


def _checked_manifest(gen_dir: Path) -> tuple[str | None, dict[str, Any]]:
    """(manifest_problem, read_manifest) of a generation, cached per state of the file (the
    quick check runs on every request)."""
    path = Path(gen_dir) / MANIFEST
    try:
        info = path.stat()
        state = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    except OSError:
        state = ()
    cached = _manifests.get(str(path))
    if cached is not None and state and cached[0] == state:
        return cached[1], cached[2]
    result = manifest_problem(gen_dir), read_manifest(gen_dir)
    if state:
        if len(_manifests) > 64:
            _manifests.clear()
        _manifests[str(path)] = (state, *result)
    return result


def manifest_problem(gen_dir: Path) -> str | None:
    """Why the generation's manifest cannot be trusted, or None: missing, unreadable, or not
    the text its own checksum was made from. A manifest written before checksums (no
    record, no checksum) is trusted as it is."""
    path = Path(gen_dir) / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return f"{MANIFEST} is missing"
    except OSError as error:
        return f"{MANIFEST} cannot be read ({error.strerror or error})"
    try:
        text = raw.decode("utf-8")
        manifest = json.loads(text)
    except ValueError:
        return f"{MANIFEST} is not the JSON that was written (changed or truncated)"
    if not isinstance(manifest, dict):
        return f"{MANIFEST} is not the JSON that was written"
    if SELF_CHECK not in manifest and CHECKSUMS not in manifest:
        return None  # written by an older newsarchive
    found = _SELF_CHECK_LINE.search(text)
    if found is None:
        return f"{MANIFEST} has lost its checksum line (changed or truncated)"
    body = text[:found.start()] + ("\n}" if found.group(1) else "{}")
    if zlib.crc32(body.encode("utf-8")) != int(found.group(2)):
        return f"{MANIFEST} does not match its checksum (changed since it was written)"
    return None


# -- checksums of the index files ----------------------------------------------------------

_CHUNK = 1 << 20


def _crc(handle: Any, offset: int, length: int) -> int:
    handle.seek(offset)
    crc = 0
    while length > 0:
        chunk = handle.read(min(_CHUNK, length))
        if not chunk:
            return -1  # shorter than recorded
        crc = zlib.crc32(chunk, crc)
        length -= len(chunk)
    return crc


def _compound_parts(path: Path, size: int) -> list[tuple[str, int, int]]:
    """A Whoosh compound segment's parts in file order, covering it all: the header, each
    sub-file (postings, term index, stored fields, columns, ...), any gap, the directory."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    storage = CompoundStorage(FileStorage(str(path.parent)).open_file(path.name),
                              use_mmap=False)
    try:
        spans = sorted((info["offset"], info["length"], name)
                       for name, info in storage._dir.items())
        directory = storage._diroffset
    finally:
        storage.close()
    parts: list[tuple[str, int, int]] = []
    position = 0
    for offset, length, name in [*spans, (directory, size - directory, "directory")]:
        if offset > position:
            parts.append(("header" if position == 0 else "gap", position, offset - position))
        if length > 0 and offset >= position:
            parts.append((name, offset, length))
            position = offset + length
    if position < size:
        parts.append(("end", position, size - position))
    return parts


def file_record(path: Path) -> dict[str, Any]:
    """What the manifest records of one index file: size, modification time and the CRC-32
    of each part (streamed, 1 MiB at a time)."""
    info = path.stat()
    size = info.st_size
    parts = [(path.name, 0, size)]
    if path.suffix == ".seg":
        try:
            parts = _compound_parts(path, size)
        except Exception:  # not a compound file after all: one part
            parts = [(path.name, 0, size)]
    with open(path, "rb") as handle:
        checked = [[label, offset, length, _crc(handle, offset, length)]
                   for label, offset, length in parts]
    return {"size": size, "mtime_ns": info.st_mtime_ns, "parts": checked}


def record_checksums(gen_dir: Path, toc: int | None = None,
                     also: dict[str, dict[str, Any]] | None = None) -> None:
    """Record the generation's files in its manifest (called after each commit).

    Segment and table-of-contents files are written once: a file recorded before keeps its
    record (so damage since is still seen), refreshed only when its size and checksums are
    still the recorded ones. Other files (the archive's decisions) are checksummed anew.
    `also` adds accepted versions of a file (one about to replace it)."""
    gen_dir = Path(gen_dir)
    manifest = read_manifest(gen_dir)
    toc = live_toc(gen_dir) if toc is None else toc
    old = (manifest.get(CHECKSUMS) or {}).get("files") or {}
    files: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(gen_dir.iterdir()):
        name = path.name
        if not path.is_file() or NOT_RECORDED.fullmatch(name):
            continue
        if TOC_PATTERN.fullmatch(name) and name != f"_MAIN_{toc}.toc":
            continue  # an older table of contents Whoosh has not deleted yet
        before = old.get(name)
        # a segment's files (its stored postings too) and tables of contents
        immutable = name.endswith((".seg", FREQUENT_SUFFIX)) or TOC_PATTERN.fullmatch(name)
        if immutable and isinstance(before, list) and before:
            if _damaged_parts(path, before, full=False):
                files[name] = before  # keep the record the damage differs from
                continue
            info = path.stat()
            if any(v.get("mtime_ns") == info.st_mtime_ns for v in before):
                files[name] = before  # unchanged since recorded: no need to read it
                continue
        files[name] = [file_record(path)]
    for name, record in (also or {}).items():
        files.setdefault(name, []).append(record)
    manifest[CHECKSUMS] = {"toc": toc, "files": files}
    write_manifest(gen_dir, manifest)


_verified: dict[tuple[Any, ...], list[str]] = {}
_verified_lock = threading.Lock()


def _damaged_parts(path: Path, versions: list[dict[str, Any]], full: bool,
                   fresh: bool = False) -> list[str] | None:
    """None when the file matches one of its recorded versions, else what differs. Without
    `full`, only a file whose size or modification time is not the recorded one has its
    checksums computed. Results are cached per file state in this process, unless `fresh`."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return ["is missing"]
    sized = [v for v in versions if v.get("size") == info.st_size]
    if not sized:
        expected = versions[-1].get("size")
        return [f"is {info.st_size:,} bytes, {expected:,} were written (truncated or "
                "overwritten)" if isinstance(expected, int) else "has no recorded size"]
    if not full and any(v.get("mtime_ns") == info.st_mtime_ns for v in sized):
        return None
    key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
           json.dumps(sized, sort_keys=True))
    if not fresh:
        with _verified_lock:
            if key in _verified:
                return _verified[key] or None
    found: list[str] = []
    try:
        with open(path, "rb") as handle:
            for version in sized:
                found = [f"{label} ({_part_kind(label)}, bytes {offset:,}-"
                         f"{offset + length - 1:,}) does not match its checksum"
                         for label, offset, length, crc in version.get("parts", [])
                         if _crc(handle, offset, length) != crc]
                if not found:
                    break
    except OSError as error:
        found = [f"cannot be read ({error.strerror or error})"]
    with _verified_lock:
        if len(_verified) > 4096:
            _verified.clear()
        _verified[key] = found
    return found or None


def _part_kind(label: str) -> str:
    """What a part of a segment holds, in words."""
    if label.endswith("._stored.col"):
        return "stored fields"
    if label.endswith("_len.col"):
        return "field lengths"
    if label.endswith(".col"):
        return f"column {label.rsplit('.', 2)[-2]}"
    kinds = {".pst": "postings", ".trm": "term index", ".vps": "term vectors",
             ".fln": "field lengths", ".toc": "table of contents", ".json": "data"}
    for ending, kind in kinds.items():
        if label.endswith(ending):
            return kind
    return label if label in ("header", "directory", "gap", "end") else "data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a generation: a file (None: the generation as a whole), its part
    (a segment's sub-file) and what is wrong."""

    file: str | None
    detail: str
    part: str | None = None

    @property
    def stored_only(self) -> bool:
        """Damage to a segment's stored fields only: the articles can be re-read one by one."""
        return bool(self.part and self.part.endswith("._stored.col"))

    def __str__(self) -> str:
        return f"{self.file} {self.detail}" if self.file else self.detail


def inspect_generation(gen_dir: Path, full: bool = False, fresh: bool = False
                       ) -> list[Problem]:
    """What is wrong with a generation's files by its manifest's record ([] when nothing is).

    Sizes are always compared (a stat per file); checksums only of files whose modification
    time is not the recorded one, or of every file with `full`. While a commit is newer than
    the record (a run is writing, or was killed before recording), files it no longer uses
    are not missed and its new files are not checked. `fresh` reads every file again even if
    this process has checked it in the same state (for `newsarchive check` and writers)."""
    gen_dir = Path(gen_dir)
    problems: list[Problem] = []
    manifest_issue, manifest = (manifest_problem(gen_dir), read_manifest(gen_dir)) if fresh \
        else _checked_manifest(gen_dir)
    if manifest_issue:
        problems.append(Problem(MANIFEST, manifest_issue.removeprefix(MANIFEST + " ")))
        return problems  # its record cannot be trusted
    toc = live_toc(gen_dir)
    record = manifest.get(CHECKSUMS)
    if not isinstance(record, dict):
        if toc is None:
            problems.append(Problem(None, "the table of contents (_MAIN_N.toc) is missing"))
        return problems
    recorded_toc = record.get("toc")
    files = record.get("files") or {}
    if toc is None or (isinstance(recorded_toc, int) and recorded_toc > toc):
        problems.append(Problem(f"_MAIN_{recorded_toc}.toc", "(the table of contents) is "
                                "missing"))
    exact = toc == recorded_toc
    for name, versions in sorted(files.items()):
        if not isinstance(versions, list) or not versions:
            problems.append(Problem(None, f"{MANIFEST} has no usable record of {name}"))
            continue
        path = gen_dir / name
        if not exact and not path.exists():
            continue  # merged away by the newer commit
        for detail in _damaged_parts(path, versions, full, fresh) or []:
            part, _, rest = detail.partition(" (")
            if rest:
                problems.append(Problem(name, f"part {detail}", part))
            else:
                problems.append(Problem(name, detail))
    return problems


def index_problems(index_dir: Path, full: bool = False, fresh: bool = False
                   ) -> tuple[Path | None, list[Problem]]:
    """The live generation and what is wrong with it: (None, []) when there is no index."""
    gen_dir = live_generation(index_dir)
    if gen_dir is None:
        return None, [Problem(None, detail) for detail in layout_damage(index_dir)]
    return gen_dir, inspect_generation(gen_dir, full=full, fresh=fresh)


# What a damaged file makes Whoosh raise while reading; anything else is taken for damage
# only when the files do not match their record.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    zlib.error, UnicodeDecodeError, struct.error, EOFError, pickle.UnpicklingError,
    FileNotFoundError, MemoryError, OverflowError,
)


@contextmanager
def reading(index_dir: Path, gen_dir: Path | None) -> Iterator[None]:
    """Run a read of the index, turning the errors of a damaged index into IndexDamaged.

    Errors a user causes (a bad query, parameters, a busy server) pass as they are; so do
    other errors of an index whose files match their record: those are bugs."""
    from newsarchive.search.contract import ParameterError
    from newsarchive.search.query import QueryError

    try:
        yield
    except (IndexDamaged, IndexMissing, QueryError, ParameterError):
        raise
    except Exception as error:
        problems: list[Any] = []
        if gen_dir is not None:
            problems = inspect_generation(gen_dir, full=True)
        if not problems and isinstance(error, DAMAGE_ERRORS):
            problems = [f"Whoosh could not read it ({type(error).__name__}: "
                        f"{str(error)[:200]})"]
        if problems:
            raise IndexDamaged(Path(index_dir), problems) from error
        raise


def guarded_iter(index_dir: Path, gen_dir: Path, items: Iterable[Any]) -> Iterator[Any]:
    """items, with `reading`'s translation of errors around each step."""
    iterator = iter(items)
    while True:
        with reading(index_dir, gen_dir):
            try:
                item = next(iterator)
            except StopIteration:
                return
        yield item


def check_live(index_dir: Path) -> Path:
    """The live generation after the quick check (sizes; checksums of changed files):
    raises IndexMissing or IndexDamaged."""
    gen_dir, problems = index_problems(index_dir)
    if problems:
        raise IndexDamaged(Path(index_dir), problems)
    if gen_dir is None:
        raise IndexMissing(Path(index_dir))
    version = _checked_manifest(gen_dir)[1].get("schema_version")  # cached: every request
    if version != SCHEMA_VERSION:
        raise IndexOutdated(Path(index_dir), version)
    return gen_dir


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
        """The reader of the live index, after the quick check of its files (a stat each):
        raises IndexMissing, or IndexDamaged instead of letting Whoosh map a damaged file."""
        for attempt in (1, 2):
            gen_dir = check_live(self.index_dir)
            toc = live_toc(gen_dir)
            try:
                with reading(self.index_dir, gen_dir):
                    return self._open(gen_dir)
            except IndexDamaged:
                # a commit or swap between the check and the opening: look again, once
                if attempt == 2 or (live_generation(self.index_dir), live_toc(gen_dir)) == (
                        gen_dir, toc):
                    raise
        raise AssertionError("unreachable")

    def _open(self, gen_dir: Path) -> Any:
        ix = whoosh_index.open_dir(str(gen_dir))
        generation = Generation(gen_dir, ix.latest_generation(), resolution_stamp(gen_dir))
        with self._lock:
            if generation != self._generation:
                # old readers are not closed here: a request on another thread may still use one;
                # their files stay readable (the previous generation is kept on disk)
                self._reader = self._opener(ix, generation)
                self._generation = generation
            return self._reader
