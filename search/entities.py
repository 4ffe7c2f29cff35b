"""Entity values as the index holds them, and the archive's resolution of them.

Two records, both written by the indexer and read here, so the read side never guesses:

- ``ArticleEntities``: one article's candidate values per facet, each with the mentions behind
  it (``Belgium`` via ``Brussels``) and what the article says of it; stored per article in the
  ``entities`` column. The ``person``/``country``/``org`` index fields hold the same values.
- ``Resolution``: what the whole archive decided about those values (``Avg`` is no person,
  ``IMF`` and ``International Monetary Fund`` are one organization, a lone ``Baker`` is James
  Baker), as a table of the values that change. It is recomputed by every ``index`` run from
  the stored records (seconds, no NER) and saved next to the segments; every reader applies it
  to facet counts, filters, hits, exports and the article page. A value the table does not
  name is shown as stored.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.text import fold

RESOLUTION_FILE = "entities.json"
RESOLUTION_FORMAT = 1


class Evidence(enum.Flag):
    """What one article says of one of its values, beyond its mentions' count. The bits are
    stored in the index: a flag keeps its value forever."""

    NONE = 0
    TITLED = 1  # a title or rank precedes a mention ("President Reagan")
    STRONG = 4  # a list item, an athlete with a nationality: a person whatever NER said
    TEAM = 8  # a side of a score or a results table: a town's name is its team
    HEADLINE = 16  # named only in the headline, where capitals say little
    HEADINGS = 32  # named only in the headline and title-case lines (link lists)
    WEAK = 64  # only NER's word for it, and a common word opening a sentence ("Baker said"):
    # shown only when the archive ties it to a full name
    PRODUCT = 128  # a product's word follows a mention ("USB port", "Android phones")
    AGENT = 256  # a mention acts or has people ("Intel said", "Intel's chief executive"; a
    # person's: "Silver said")
    PAGE_TITLE = 512  # named only in the headline, and that headline is in mixed case (a web
    # page's title, whose every word is capitalized: no wire's capitals)


@lru_cache(maxsize=1024)
def _evidence(bits: int) -> Evidence:
    """Evidence from its stored bits (cached: building a Flag is slow, and there are few); a
    bit no flag has (a retired one) is ignored."""
    return Evidence(bits & sum(flag.value for flag in Evidence))


@dataclass(frozen=True, slots=True)
class EntityValue:
    """One facet value of one article, with the mentions behind it."""

    value: str
    mentions: int = 1
    surfaces: tuple[str, ...] = ()  # the texts as written, most frequent first
    figures: int = 0  # mentions in rows of figures or right after a figure ("2300 GMT")
    evidence: Evidence = Evidence.NONE

    def encoded(self) -> list[Any]:
        return [self.value, self.mentions, list(self.surfaces), self.figures,
                self.evidence.value]

    @classmethod
    def decoded(cls, item: list[Any]) -> EntityValue:
        value, mentions, surfaces, figures, evidence = item
        return cls(value, mentions, tuple(surfaces), figures, _evidence(evidence))


@dataclass
class ArticleEntities:
    """An article's candidate values per facet field, and the labels NER gave its names.

    ``labels`` maps each folded mention text to the label classes it got in the article:
    ``P`` person, ``O`` organization, ``G`` place, ``N`` nationality, ``T`` a thing (product,
    work, event, law); the archive counts them to tell a club from a person ("Bolton"), a town
    from a company, a product from its maker.
    """

    values: dict[str, list[EntityValue]] = field(
        default_factory=lambda: {f: [] for f in FACET_FIELDS})
    labels: dict[str, str] = field(default_factory=dict)

    def names(self, facet: str, weak: bool = False) -> list[str]:
        """The values of one facet; the weak ones only when asked (the index keeps them for
        the archive to decide, an article on its own does not show them)."""
        return [item.value for item in self.values.get(facet, [])
                if weak or not item.evidence & Evidence.WEAK]

    def to_json(self) -> str:
        return json.dumps({"values": {f: [v.encoded() for v in items]
                                      for f, items in self.values.items()},
                           "labels": self.labels}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes | None) -> ArticleEntities:
        """The record of an article (empty for a missing or unreadable one)."""
        try:
            data = json.loads(text or "{}")
            values = {f: [EntityValue.decoded(item) for item in data.get("values", {}).get(f, [])]
                      for f in FACET_FIELDS}
            labels = {str(k): str(v) for k, v in data.get("labels", {}).items()}
        except (ValueError, TypeError, AttributeError):
            return cls()
        return cls(values, labels)


Target = tuple[str, str]  # (facet field, value)


@dataclass(frozen=True)
class Decision:
    """What the archive did with one stored value, for people to read."""

    value: str
    shown_as: list[str]  # empty: hidden
    reason: str


@dataclass
class Resolution:
    """The archive's decisions about stored values: only the values that change.

    ``moves[facet][value]`` is what a stored value becomes: a list of (facet, value) targets,
    empty when the value is hidden. ``reasons[facet][value]`` says why, for
    ``newsarchive entities --why``. ``names[facet][name]`` is a shown value's other name
    that a query or filter may give it, folded (``country:US``, ``country=Britain``).
    """

    moves: dict[str, dict[str, list[Target]]] = field(
        default_factory=lambda: {f: {} for f in FACET_FIELDS})
    reasons: dict[str, dict[str, str]] = field(
        default_factory=lambda: {f: {} for f in FACET_FIELDS})
    names: dict[str, dict[str, str]] = field(
        default_factory=lambda: {f: {} for f in FACET_FIELDS})

    def targets(self, facet: str, value: str) -> list[Target]:
        moved = self.moves.get(facet, {}).get(value)
        return [(facet, value)] if moved is None else moved

    def move(self, facet: str, value: str, targets: list[Target], reason: str) -> None:
        self.moves.setdefault(facet, {})[value] = targets
        self.reasons.setdefault(facet, {})[value] = reason

    def apply(self, values: dict[str, list[str]]) -> dict[str, list[str]]:
        """Stored values per facet field -> shown values per field (order kept, no repeats)."""
        out: dict[str, list[str]] = {f: [] for f in FACET_FIELDS}
        seen: set[Target] = set()
        for facet in FACET_FIELDS:
            for value in values.get(facet, []):
                for target in self.targets(facet, value):
                    key = (target[0], fold(target[1]))
                    if key not in seen:
                        seen.add(key)
                        out[target[0]].append(target[1])
        return out

    def same_facet_aliases(self, facet: str) -> Iterator[tuple[str, str]]:
        """(stored value, shown value) pairs within one facet: an old link to a merged value
        ("org=International Monetary Fund") still finds its articles."""
        for value, targets in self.moves.get(facet, {}).items():
            for target_facet, target in targets:
                if target_facet == facet and target != value:
                    yield value, target

    def explain(self, facet: str, prefix: str) -> list[Decision]:
        """The decisions about stored values starting with prefix, or shown as such a value
        (case and accents ignored), in name order."""
        wanted = fold(prefix)
        found = []
        for value, targets in sorted(self.moves.get(facet, {}).items()):
            names = [f"{target}" if target_facet == facet else f"{target} ({target_facet})"
                     for target_facet, target in targets]
            if fold(value).startswith(wanted) or any(fold(t).startswith(wanted)
                                                     for _, t in targets):
                found.append(Decision(value, names, self.reasons.get(facet, {}).get(value, "")))
        return found

    # -- the file --------------------------------------------------------------------------
    def save(self, directory: Path, extra: dict[str, Any] | None = None) -> None:
        """Write atomically: a reader sees the old table or the new one, never half."""
        path = Path(directory) / RESOLUTION_FILE
        data = {"format": RESOLUTION_FORMAT, **(extra or {}),
                "moves": {f: {v: [list(t) for t in ts] for v, ts in sorted(m.items())}
                          for f, m in self.moves.items()},
                "reasons": self.reasons, "names": self.names}
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True),
                       encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, directory: Path) -> Resolution:
        """The saved table, or an empty one (every value shown as stored) when there is none
        or it cannot be read: the next `index` run writes it again."""
        path = Path(directory) / RESOLUTION_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != RESOLUTION_FORMAT:
                return cls()
            moves = {f: {str(v): [(str(t[0]), str(t[1])) for t in ts if t[0] in FACET_FIELDS]
                         for v, ts in data.get("moves", {}).get(f, {}).items()}
                     for f in FACET_FIELDS}
            reasons = {f: dict(data.get("reasons", {}).get(f, {})) for f in FACET_FIELDS}
            names = {f: {str(name): str(value) for name, value
                         in data.get("names", {}).get(f, {}).items()} for f in FACET_FIELDS}
        except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
            return cls()
        return cls(moves, reasons, names)


def resolution_info(directory: Path) -> dict[str, Any]:
    """What the saved table was made from (the writer's own notes in it), or {}."""
    try:
        data = json.loads((Path(directory) / RESOLUTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if key not in ("moves", "reasons", "names")}


def resolution_stamp(directory: Path) -> tuple[int, int]:
    """What identifies the saved table on disk: readers reopen when it changes."""
    try:
        info = (Path(directory) / RESOLUTION_FILE).stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)
