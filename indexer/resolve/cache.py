"""What the resolution read from each segment, kept between runs: a small run then reads only
its new segment instead of every stored article and every phrase's positions (issue 18).

A Whoosh segment never changes once written but for its deleted documents, and its id is never
reused: an entry keyed by the segment's id, size and deleted documents (`segment_key`) holds
for that segment whatever happened since. The entries live in the generation's
``.resolve-cache`` folder (not in the manifest; a rebuilt generation starts without them). Each
file is written atomically and carries a digest of the key, its bytes and the source of the
code that made it: a damaged, foreign or stale file is never read, only made again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsarchive.indexer.resolve.evidence import ArchiveEvidence, IndexTextStats, ValueStats
from newsarchive.search.entities import ArticleEntities

CACHE_DIR = ".resolve-cache"
MAGIC = b"newsarchive resolve cache 1\n"
ARCHIVE_FILE = "archive.pickle"  # the evidence of the segments the index started with
# ... rewritten when this many segments follow them (reading a few small ones costs less)
ARCHIVE_AFTER = 4
COUNTS_FILE = "counts.pickle"
WORDS_FILE = "words.pickle"
BOILERPLATE_FILE = "boilerplate.pickle"  # what indexer.resolve.boilerplate found of each name
NAMES_FILE = "names.pickle"  # indexer.resolve.name_parts' verdicts on lone names' words
_DIGEST = 32


def segment_key(reader: Any) -> str | None:
    """A segment reader's segment as it is now (None for a reader of no segment)."""
    segment = getattr(reader, "segment", None)
    if segment is None:
        return None
    segment = segment()
    deleted = sorted(segment.deleted_docs() or ())
    digest = hashlib.blake2b(repr(deleted).encode(), digest_size=8).hexdigest()
    return f"{segment.segment_id()}-{segment.doc_count_all()}-{len(deleted)}-{digest}"


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The source of what shapes an entry: how records are read and counted, the analyzer."""
    import whoosh

    from newsarchive.indexer import lexicon
    from newsarchive.indexer.resolve import boilerplate, evidence
    from newsarchive.search import entities, schema, text

    digest = hashlib.blake2b(str(whoosh.__version__).encode())
    for module in (boilerplate, evidence, lexicon, entities, schema, text):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.digest()


def _digest(name: str, payload: bytes) -> bytes:
    digest = hashlib.blake2b(code_fingerprint(), digest_size=_DIGEST)
    digest.update(name.encode() + b"\0")
    digest.update(payload)
    return digest.digest()


class SegmentCache:
    """The entries of one generation: each segment's evidence (its live articles' records
    counted), the segments' word and phrase counts and the analyzed texts a resolution used.
    `save` writes what changed and drops the entries of segments that are gone."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.counts: dict[str, dict[Any, int]] = self._read(COUNTS_FILE) or {}
        self.analyzed: dict[str, tuple[str, ...]] = self._read(WORDS_FILE) or {}
        self._new: dict[str, bytes] = {}  # evidence file name -> payload to write
        self._live: list[str] = []
        self.boilerplate: dict[tuple[str, str], tuple[int, str, bool]] = (
            self._read(BOILERPLATE_FILE) or {})
        self._boilerplate_read = dict(self.boilerplate)
        self.names: tuple[str, dict[str, bool]] | None = self._read(NAMES_FILE)
        self._names_read = self.names
        # the (facet, value) pairs of the segments read from the index, not from an entry
        # (None until `evidence`): new segments after all the others with no deletions (their
        # articles were added: `appended_values`), and the others (`changed_values`: merged,
        # with new deletions), which may also have lost articles or changed their order
        self.changed_values: set[tuple[str, str]] | None = None
        self.appended_values: set[tuple[str, str]] | None = None

    def evidence(self, reader: Any) -> ArchiveEvidence:
        """The archive's evidence, counted one segment after another in the index's order (as
        `stored_records` reads the articles): the whole archive's entry when the index still
        starts with its segments, then each other segment's entry or, lacking one, its
        articles read from the index."""
        total = ArchiveEvidence()
        self.changed_values, self.appended_values = set(), set()
        if "entities" not in reader.schema or not reader.has_column("entities"):
            return total
        column = reader.column_reader("entities")
        leaves = [(leaf, offset, segment_key(leaf)) for leaf, offset in reader.leaf_readers()]
        keys = [key for _leaf, _offset, key in leaves]
        self._live = [key for key in keys if key]
        start, matched = 0, False
        archive = self._read(ARCHIVE_FILE)
        if archive and keys[:len(archive[0])] == archive[0]:
            start, matched, total = len(archive[0]), True, _evidence(archive[1])
        # per leaf after the archive's entry: read whole (no deletions) from the index, with
        # deletions, or from its entry (None); and the values read
        read: list[tuple[bool | None, set[tuple[str, str]]]] = []
        for leaf, offset, key in leaves[start:]:
            name = f"evidence-{key}.pickle"
            state = self._read(name) if key else None
            if state is None:
                part = ArchiveEvidence.gather(ArticleEntities.from_json(column[offset + docnum])
                                              for docnum in leaf.all_doc_ids())
                read.append((not leaf.has_deletions(), {
                    (facet, value) for facet, table in part.values.items() for value in table}))
                if key:  # before merging, which takes over the part's objects
                    self._new[name] = pickle.dumps(_state(part), pickle.HIGHEST_PROTOCOL)
            else:
                part = _evidence(state)
                read.append((None, set()))
            total.merge(part)
        tail = True  # the segments after every segment known from an entry, all whole
        for whole, values in reversed(read):
            tail = tail and bool(whole)
            (self.appended_values if tail else self.changed_values).update(values)
        if all(keys) and (not matched or len(leaves) - start >= ARCHIVE_AFTER):
            self._new[ARCHIVE_FILE] = pickle.dumps((keys, _state(total)), pickle.HIGHEST_PROTOCOL)
        return total

    def save(self, stats: IndexTextStats) -> None:
        """Write new entries and the counts `stats` used (each file atomically), then drop
        the entries of segments no longer live."""
        self.directory.mkdir(exist_ok=True)
        if self.boilerplate != self._boilerplate_read:  # first: a segment's entry read next
            # time says its names were looked at (a crash in between reads them again)
            self._write(BOILERPLATE_FILE,
                        pickle.dumps(self.boilerplate, pickle.HIGHEST_PROTOCOL))
            self._boilerplate_read = dict(self.boilerplate)
        if self.names != self._names_read:
            self._write(NAMES_FILE, pickle.dumps(self.names, pickle.HIGHEST_PROTOCOL))
            self._names_read = self.names
        for name, payload in self._new.items():
            self._write(name, payload)
        counts = {key: found for key, found in stats.used_counts.items() if key in self._live}
        if counts != self.counts:
            self._write(COUNTS_FILE, pickle.dumps(counts, pickle.HIGHEST_PROTOCOL))
        if stats.analyzed != self.analyzed:
            self._write(WORDS_FILE, pickle.dumps(stats.analyzed, pickle.HIGHEST_PROTOCOL))
        keep = {ARCHIVE_FILE, COUNTS_FILE, WORDS_FILE, BOILERPLATE_FILE, NAMES_FILE} | {
            f"evidence-{key}.pickle" for key in self._live}
        for path in self.directory.iterdir():
            if path.name not in keep:
                path.unlink(missing_ok=True)
        self._new = {}

    def _read(self, name: str) -> Any:
        """An entry's object, or None when it is missing or does not check."""
        try:
            data = (self.directory / name).read_bytes()
        except OSError:
            return None
        start = len(MAGIC) + _DIGEST
        if not data.startswith(MAGIC) or data[len(MAGIC):start] != _digest(name, data[start:]):
            return None
        try:
            return pickle.loads(data[start:])
        except Exception:  # checked bytes of other code: made again
            return None

    def _write(self, name: str, payload: bytes) -> None:
        path = self.directory / name
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(MAGIC + _digest(name, payload) + payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)


def _state(evidence: ArchiveEvidence) -> tuple[Any, ...]:
    """Evidence as plain dicts and tuples (in their order), which pickle reads fast."""
    values = {facet: {value: (item.articles, item.mentions, item.figures, dict(item.kinds),
                              dict(item.surfaces), dict(item.countries))
                      for value, item in table.items()}
              for facet, table in evidence.values.items()}
    return (evidence.articles, values, {key: dict(votes) for key, votes in
                                        evidence.labels.items()},
            dict(evidence.name_words), dict(evidence.org_words), dict(evidence.together))


def _counter(counts: dict[Any, int]) -> Counter[Any]:
    """A Counter of these counts in their order (without Counter's slow per-call checks)."""
    made: Counter[Any] = Counter.__new__(Counter)
    dict.update(made, counts)
    return made


def _evidence(state: tuple[Any, ...]) -> ArchiveEvidence:
    articles, values, labels, name_words, org_words, together = state
    return ArchiveEvidence(
        values={facet: {value: ValueStats(a, m, f, _counter(k), _counter(s), _counter(c))
                        for value, (a, m, f, k, s, c) in table.items()}
                for facet, table in values.items()},
        labels={key: _counter(votes) for key, votes in labels.items()},
        name_words=_counter(name_words), org_words=_counter(org_words),
        together=_counter(together), articles=articles)
