"""The archive-level stage: decide facet values with the evidence of the whole archive.

Entity recognition and ``indexer.normalize`` see one article at a time. Much of what makes a
facet list trustworthy is only visible across the archive:

- **type votes**: a name NER labels an organization or a place in most of the articles that
  name it is no person ("Bolton", "Benetton"), and the other way round;
- **common words**: a word the archive prints in far more articles than NER calls it a name
  in is no name by itself ("Avg", "Revs", "Shr" of earnings tables; "View", "Home", "World"
  of web pages);
- **family names**: a lone "Baker" is the archive's James Baker when the archive's full names
  with that family name are nearly all his, and stays out of the facet when they are not; a
  given name or a rank alone ("John", "Cmdr") is no person;
- **acronyms and short forms**: an acronym the archive spells out ("International Monetary Fund
  (IMF)", or both named in the same articles) is one organization everywhere, shown as the
  archive most often writes it; so are "U.S. Treasury" and "Treasury" when the archive's
  Treasury is nearly always the U.S. one;
- **fragments**: a name the archive prints almost only inside a longer name of the facet
  ("Securities and Exchange" of "Securities and Exchange Commission") is that longer name;
- **generic words**: an organization named only by a word such as "Bank", "Commission" or
  "Co" is no name;
- **a site's boilerplate**: a name printed, in each of its articles, only in a line they all
  repeat (a sidebar's "Latest Book", a press office's contact) is no value of theirs.

It runs after every ``index`` run from what the index stores (each article's candidate values
with their mentions, and the index's own word statistics), so it needs no NER and is
recomputed as the archive grows: a new article may change how an older article's values are
shown. Its output is a ``search.entities.Resolution`` that every reader applies; the aliases
file is applied last and wins. Thresholds are ratios of article counts, never lists of values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsarchive.indexer.normalize.places import places
from newsarchive.indexer.resolve.boilerplate import (
    ArticleTexts,
    IndexArticleTexts,
    Remembered,
    site_boilerplate,
)
from newsarchive.indexer.resolve.cache import CACHE_DIR, SegmentCache
from newsarchive.indexer.resolve.decisions import Decisions
from newsarchive.indexer.resolve.evidence import (
    ArchiveEvidence,
    IndexTextStats,
    TextStats,
    stored_records,
)
from newsarchive.indexer.resolve.name_parts import NameParts
from newsarchive.indexer.resolve.orgs import initials, resolve_orgs
from newsarchive.indexer.resolve.persons import resolve_persons
from newsarchive.search.entities import Resolution, Target
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.text import fold

__all__ = ["ALIASES_REASON", "CACHE_DIR", "RESOLVE_VERSION", "ArchiveEvidence", "initials",
           "resolve", "resolve_index"]

ALIASES_REASON = "aliases file"


# Bump when a rule below changes: the writer then recomputes the table even if nothing else did.
RESOLVE_VERSION = "49"


def resolve(evidence: ArchiveEvidence, stats: TextStats, aliases: Any = None,
            texts: ArticleTexts | None = None, memory: Remembered | None = None,
            names: NameParts | None = None) -> Resolution:
    """The archive's resolution of every stored value (aliases applied last, and first); with
    the articles' `texts`, a site's boilerplate names are found first (with `memory`, what
    the last resolution found of them, updated in place); `names` may hold an earlier run's
    verdicts on name words."""
    decisions = Decisions()
    if texts is not None:
        found = site_boilerplate(evidence, texts, decisions, memory)
        if memory is not None:
            memory.found = found
    resolve_persons(evidence, stats, decisions, names or NameParts())
    resolve_orgs(evidence, stats, decisions)
    resolution = Resolution()
    for facet in FACET_FIELDS:
        for value in evidence.values.get(facet, {}):
            targets, reason = _with_aliases(facet, value, decisions, aliases)
            if targets != [(facet, value)]:
                resolution.move(facet, value, targets, reason)
    shown = {target for value in evidence.values.get("country", {})
             for facet, target in resolution.targets("country", value) if facet == "country"}
    resolution.names["country"] = country_names(shown)
    return resolution


def country_names(countries: set[str]) -> dict[str, str]:
    """The other names of the archive's countries a query may give (folded): the place
    tables' names and ISO codes ("US", "USA", "America", "UK", "Britain", "Holland")."""
    table = places()
    found = {fold(code): country for code, country in table.codes.items()
             if country in countries}
    found.update((name, country) for name, country in table.names.items()
                 if country in countries)
    return {name: country for name, country in sorted(found.items()) if name != fold(country)}


def _with_aliases(facet: str, value: str, decisions: Decisions, aliases: Any
                  ) -> tuple[list[Target], str]:
    plural = {"person": "persons", "country": "countries", "org": "orgs"}
    move = decisions.moves.get((facet, value))
    reason = move[1] if move else ""
    if aliases is not None:
        own = aliases.canonical(plural[facet], value)
        if own != value:  # the aliases file names this value: its rule wins
            return ([] if own is None else [(facet, own)]), ALIASES_REASON
    targets = decisions.final(facet, value)
    if aliases is not None:
        shown = []
        for target_facet, target in targets:
            own = aliases.canonical(plural[target_facet], target)
            if own is not None:
                shown.append((target_facet, own))
            elif not reason:
                reason = ALIASES_REASON
        if shown != targets and not move:
            reason = ALIASES_REASON
        targets = shown
    return targets, reason


def resolve_index(ix: Any, aliases: Any = None, cache_dir: Path | None = None) -> Resolution:
    """The resolution of the archive in a Whoosh index, as it is committed.

    With `cache_dir` (``indexer.resolve.cache``), what each segment gave is kept there and
    reused by the next call: the same resolution, reading only the segments that changed."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        texts = IndexArticleTexts(searcher)
        if cache_dir is None:
            evidence = ArchiveEvidence.gather(stored_records(reader))
            return resolve(evidence, IndexTextStats(searcher), aliases, texts)
        cache = SegmentCache(cache_dir)
        evidence = cache.evidence(reader)
        stats = IndexTextStats(searcher, cache.counts, cache.analyzed)
        memory = Remembered(cache.boilerplate, cache.changed_values,
                            cache.appended_values or frozenset())
        names = NameParts(cache.names)
        resolution = resolve(evidence, stats, aliases, texts, memory, names)
        cache.boilerplate = memory.found
        cache.names = names.kept()
        cache.save(stats)
        return resolution
