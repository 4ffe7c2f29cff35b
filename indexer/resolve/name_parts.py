"""Which words people bear as given or family names: Wikidata's name lists, as rigour (the
OpenSanctions name library that followthemoney brings) tags them.

A lone word NER calls a person with nothing else saying so (no title, no verb of speech, no
full name in the archive) is most often a product, a paper, a place or a page's word ("Golf
model", "Handelsblatt daily", "Hahaha"); a name list tells the people among them. rigour's
tagger takes about 4 s and 270 MB to load, so it loads only for a word no earlier run asked
about: ``indexer.resolve.cache`` keeps each run's verdicts for the next.
"""

from __future__ import annotations

from importlib.metadata import version

from newsarchive.search.text import fold


class NameParts:
    """Verdicts on words (folded): True when some person bears the word as a name part."""

    def __init__(self, known: tuple[str, dict[str, bool]] | None = None) -> None:
        tagger, verdicts = known or ("", {})
        self._known = verdicts if tagger == _tagger_version() else {}
        self.used: dict[str, bool] = {}  # the verdicts this run asked for, kept for the next

    def is_name(self, word: str) -> bool:
        key = fold(word)
        found = self.used.get(key)
        if found is None:
            found = self._known.get(key)
            if found is None:
                found = _tagged_as_name(key)
            self.used[key] = found
        return found

    def kept(self) -> tuple[str, dict[str, bool]]:
        """What the cache stores: the verdicts with the tagger's version that gave them."""
        return _tagger_version(), self.used


def _tagger_version() -> str:
    return version("rigour")


def _tagged_as_name(word: str) -> bool:
    from rigour.names import NameTypeTag, analyze_names
    from rigour.names.symbol import SymbolCategory

    names = analyze_names(NameTypeTag.PER, [word], consolidate=False, phonetics=False,
                          numerics=False, rewrite=False)
    return any(symbol.category == SymbolCategory.NAME for name in names
               for symbol in name.symbols)
