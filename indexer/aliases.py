"""Curation of facet values across the archive: merge spelling variants, hide junk.

Aliases file format (UTF-8 text, one rule per line)::

    # comments start with "#"; blank lines are ignored
    [persons]                      # rules below apply to persons only
    Dmitry Peskov = Dmitri Peskov | D. Peskov
    - Border Guards                # hide this value
    [countries]
    United States = US | USA | America
    [orgs]
    European Community = EC | European Economic Community
    !Newsweek                      # "!value" hides too
    [all]                          # rules below apply to every facet (also the default
    - Reuters                      #   before the first section header)

- ``Canonical = variant | variant | ...``: every variant (and the canonical name itself) is shown
  as ``Canonical``. Matching ignores case, dots, accents and a leading "the", so ``U.S.`` and
  ``us`` are the same variant.
- ``- value`` or ``!value``: the value is hidden from that facet. Hiding wins over merging:
  ``- US`` together with ``United States = US`` hides the merged value too.
- Section headers: ``[persons]``, ``[countries]``, ``[orgs]``, ``[all]``.

Aliases are applied to the normalized values, from the raw mentions stored in the index, so a
changed file needs no new NER pass; ``Aliases.version`` (a hash of the rules and of
``indexer.normalize.NORMALIZE_VERSION``) tells the index writer when stored facets are stale, so
an upgraded normalizer also re-normalizes the archive from its stored mentions.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive.search.text import fold

FACETS = ("persons", "countries", "orgs")
SECTIONS = FACETS + ("all",)


class AliasesError(ValueError):
    """A line of the aliases file that is not a rule: the message names the file and line."""


@dataclass
class Aliases:
    """Merge and hide rules per facet ("all" applies to every facet)."""

    merge: dict[str, dict[str, str]] = field(default_factory=lambda: {s: {} for s in SECTIONS})
    hide: dict[str, set[str]] = field(default_factory=lambda: {s: set() for s in SECTIONS})
    version: str = ""  # set by parse(); see _digest

    @classmethod
    def parse(cls, text: str, source: str = "<aliases>") -> Aliases:
        """Read rules from the text of an aliases file; raise AliasesError on a malformed line."""
        aliases = cls()
        section = "all"
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip().lower()
                if section not in SECTIONS:
                    raise AliasesError(f"{source}:{number}: unknown section [{section}]; "
                                       f"use one of {', '.join(SECTIONS)}")
                continue
            if line[0] in "-!":
                value = line[1:].strip()
                if not value:
                    raise AliasesError(f"{source}:{number}: nothing to hide after {line[0]!r}")
                aliases.hide[section].add(fold(value))
                continue
            if "=" not in line:
                raise AliasesError(f"{source}:{number}: expected 'Canonical = variant | ...', "
                                   f"'- value' or '[section]', got {raw.strip()!r}")
            canonical, variants = (part.strip() for part in line.split("=", 1))
            if not canonical:
                raise AliasesError(f"{source}:{number}: empty canonical name")
            if not variants.strip(" |"):  # "Foo =" merges nothing: a rule half written
                raise AliasesError(f"{source}:{number}: no variant after '=': write "
                                   f"'{canonical} = variant | variant'")
            for variant in [canonical, *variants.split("|")]:
                if variant.strip():
                    aliases.merge[section][fold(variant)] = canonical
        aliases.version = aliases._digest()
        return aliases

    def _digest(self) -> str:
        """A hash of the rules (not of comments or layout, so reformatting the file is free) and
        of the normalizer's version, so stored facets are recomputed when either changes."""
        from newsarchive.indexer.normalize import NORMALIZE_VERSION

        parts = [f"normalize:{NORMALIZE_VERSION}"]
        for section in SECTIONS:
            parts += [f"{section}:{k}={v}" for k, v in sorted(self.merge[section].items())]
            parts += [f"{section}:-{k}" for k in sorted(self.hide[section])]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]

    def __bool__(self) -> bool:
        return any(self.merge.values()) or any(self.hide.values())

    def canonical(self, facet: str, value: str) -> str | None:
        """The value as the archive shows it, or None when it is hidden."""
        key = fold(value)
        merged = self.merge[facet].get(key) or self.merge["all"].get(key) or value
        hidden = self.hide[facet] | self.hide["all"]
        if key in hidden or fold(merged) in hidden:
            return None
        return merged

    def apply(self, facet: str, values: Iterable[str]) -> list[str]:
        """Map each value to its canonical name, drop hidden ones, keep order, no duplicates."""
        out: list[str] = []
        seen: set[str] = set()
        for value in values:
            shown = self.canonical(facet, value)
            if shown is not None and fold(shown) not in seen:
                seen.add(fold(shown))
                out.append(shown)
        return out


def load_aliases(path: Path | str | None) -> Aliases:
    """Aliases from a file, or no rules at all when ``path`` is None."""
    if path is None:
        return Aliases.parse("")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise AliasesError(f"{path}: aliases file not found") from error
    except UnicodeDecodeError as error:
        raise AliasesError(f"{path}: not UTF-8 text ({error.reason})") from error
    return Aliases.parse(text, source=str(path))


SAVED_ALIASES = "aliases.txt"  # in the index directory: the rules of the last --aliases


def saved_aliases(index_dir: Path) -> Path:
    """Where an index keeps the aliases file it was last given, so that a later run without
    --aliases (a daily `newsarchive index archive/`) keeps the journalist's curation."""
    return Path(index_dir) / SAVED_ALIASES


def save_aliases(index_dir: Path, source: Path | None) -> None:
    """Keep a copy of the aliases file `source` with the index (None: keep none)."""
    target = saved_aliases(index_dir)
    if source is None:
        target.unlink(missing_ok=True)
        return
    partial = target.with_name(f".{SAVED_ALIASES}.partial")
    partial.write_bytes(Path(source).read_bytes())
    os.replace(partial, target)

