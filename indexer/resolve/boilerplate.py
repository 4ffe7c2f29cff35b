"""A site's boilerplate across the archive: a name that, in each of its articles, is printed
only in one line those articles all repeat (a blog's "Latest Book" box, a press office's
contact, an agency's standard paragraph, a teaser in every page's sidebar) names nothing the
stories are about, though extraction kept the line.

Read from the articles' stored text, which the other rules never need: the evidence of the
archive counts values, not lines. Cheap where it matters: a name is looked at only when it is
in three articles or more, and its first three articles decide whether the rest are read at
all (a story's name is printed in lines of its own).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Container, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any, Protocol

from newsarchive.indexer.resolve.decisions import Decisions
from newsarchive.indexer.resolve.evidence import ArchiveEvidence, ValueStats
from newsarchive.search.facets import stored_postings

# A name is boilerplate when, in every one of its articles (this many at least), its every
# line is one the others repeat (in one article of its own, a story names it: it stays)...
MIN_ARTICLES = 3
# ... and each of those articles is mostly a story of its own: the lines it shares with them
# hold at most this share of its words (the same story filed twice shares nearly all of them).
SHARED_WORDS = 0.5
SAMPLE = 3  # the first articles read: two of them must print one line naming the value
MAX_READ = 2000  # articles read for one name at most
BODIES_KEPT = 4096  # texts kept in memory while the names are looked at
FACETS = ("person", "org")


class ArticleTexts(Protocol):
    """The stored body texts of the live articles that list each of some stored values, in
    index order (read as they are iterated)."""

    def bodies(self, facet: str, values: Collection[str]) -> dict[str, Iterator[str]]: ...


Found = tuple[int, str, bool]  # a name's articles, why it is boilerplate ("": it is not), and
# whether its first articles decided that (SAMPLE), which articles added after them cannot change


@dataclass
class Remembered:
    """What the last resolution found of each name it looked at, (facet, value) -> Found,
    and the names whose articles changed since (None: any name may have): `changed`, which
    may have lost articles or seen them reordered (a merge), and `appended`, which only
    gained articles after all the others. A name whose articles did not change, or that its
    first articles decided and that only gained others, is not read again: a small run reads
    only the names its new articles give that need it (``indexer.resolve.cache``)."""

    found: dict[tuple[str, str], Found] = field(default_factory=dict)
    changed: Container[tuple[str, str]] | None = None
    appended: Container[tuple[str, str]] = frozenset()

    def recall(self, facet: str, value: str, articles: int) -> Found | None:
        """What was found last time, or None when the name must be read again."""
        key, last = (facet, value), self.found.get((facet, value))
        if self.changed is None or last is None or key in self.changed:
            return None
        if key in self.appended:
            return last if last[2] and last[0] < articles else None
        return last if last[0] == articles else None


@dataclass(frozen=True)
class PageLines:
    """One article's lines (normalized: lower-case words), and those that print the name."""

    lines: Counter[str]  # line -> its words
    naming: dict[str, str]  # the lines that print the name -> as printed


def site_boilerplate(evidence: ArchiveEvidence, texts: ArticleTexts, decisions: Decisions,
                     memory: Remembered | None = None) -> dict[tuple[str, str], Found]:
    """Hide every person and organization value that is a site's boilerplate; returns what
    was found, for the next resolution (given `memory`, the names it knows unchanged are not
    read again)."""
    memory = memory or Remembered()
    found: dict[tuple[str, str], Found] = {}
    for facet in FACETS:
        table = evidence.values.get(facet, {})
        known = {value: memory.recall(facet, value, item.articles)
                 for value, item in table.items()
                 if item.articles >= MIN_ARTICLES and not decisions.decided(facet, value)}
        unknown = [value for value, last in known.items() if last is None]
        bodies = texts.bodies(facet, unknown) if unknown else {}
        for value, last in known.items():  # in the archive's order: its texts cached
            item = table[value]
            if last is None:
                reason, sampled = _repeated_line(value, item, bodies.get(value, iter(())))
            else:
                reason, sampled = last[1], last[2]
            found[(facet, value)] = (item.articles, reason, sampled)
            if reason:
                decisions.hide(facet, value, reason)
    return found


def _repeated_line(value: str, item: ValueStats, bodies: Iterator[str]) -> tuple[str, bool]:
    """Why the value is boilerplate ("": it is not), and whether its first SAMPLE articles
    alone decided that."""
    forms = _written(value, item)
    first = list(islice(bodies, SAMPLE))
    whole = len(first) == SAMPLE  # (fewer: articles added later would join the sample)
    sample = {body: _naming_lines(body, forms) for body in first}  # (copies say nothing)
    in_sample = Counter(line for naming in sample.values() for line in naming)
    if max(in_sample.values(), default=0) < 2:
        return "", whole  # the common case, decided without splitting the texts into lines
    pages = [_page(body, forms, naming) for body, naming in sample.items()]
    if len(_own_stories(pages)) < 2:
        return "", whole  # (copies of one story stop here, whatever their number)
    pages += [_page(body, forms) for body in islice(bodies, MAX_READ - SAMPLE)]
    naming = Counter(line for page in pages for line in page.naming)
    repeated = {line for line, count in naming.items() if count >= MIN_ARTICLES}
    own = _own_stories([page for page in pages
                        if page.naming and page.naming.keys() <= repeated])
    if len(own) < max(MIN_ARTICLES, item.articles):
        return "", False
    line = naming.most_common(1)[0][0]
    printed = next(page.naming[line] for page in own if line in page.naming).strip()
    shown = printed if len(printed) <= 60 else printed[:57] + "..."
    return (f"a site's boilerplate: printed only in a line its {item.articles} articles "
            f"repeat, each about something else (\"{shown}\")"), False


def _own_stories(pages: list[PageLines]) -> list[PageLines]:
    """The pages whose words are mostly in lines no other of these pages prints."""
    printed = Counter(line for page in pages for line in page.lines)
    return [page for page in pages if sum(
        words for line, words in page.lines.items() if printed[line] > 1
    ) <= SHARED_WORDS * sum(page.lines.values())]


def _written(value: str, item: ValueStats) -> tuple[str, ...]:
    """The value as its articles print it: the value and an organization's written forms."""
    return tuple({value, *(form for form, _count in item.surfaces.most_common(5))})


def _naming_lines(body: str, forms: tuple[str, ...]) -> dict[str, str]:
    """The lines of body that print the name as a word of its own, normalized -> as printed
    (found with str.find: a regular expression compiled per value cost more than the
    search)."""
    found = {}
    for form in forms:
        at = body.find(form)
        while at >= 0:
            end = at + len(form)
            if not (at and body[at - 1].isalnum()) and not (
                    end < len(body) and body[end].isalnum()):
                start = body.rfind("\n", 0, at) + 1
                stop = body.find("\n", end)
                line = body[start:stop if stop >= 0 else len(body)]
                found.setdefault(_normalized(line), line)
            at = body.find(form, end)
    return found


def _normalized(line: str) -> str:
    return " ".join(re.findall(r"\w+", line.lower()))


def _page(body: str, forms: tuple[str, ...], naming: dict[str, str] | None = None
          ) -> PageLines:
    """An article's lines, with those that print the name (`naming`, when already found)."""
    lines: Counter[str] = Counter()
    for raw in body.split("\n"):
        line = _normalized(raw)
        if line:
            lines[line] = line.count(" ") + 1
    return PageLines(lines, _naming_lines(body, forms) if naming is None else naming)


class IndexArticleTexts:
    """ArticleTexts from a Whoosh searcher: the facet field's postings (of the values asked
    for, read in one pass over the field), the stored bodies."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        # the names of one article are looked at one after another: its text read once
        self.body = lru_cache(maxsize=BODIES_KEPT)(self._body)

    def bodies(self, facet: str, values: Collection[str]) -> dict[str, Iterator[str]]:
        return {value: map(self.body, docs.tolist()) for value, docs
                in stored_postings(self.searcher.reader(), facet, values)}

    def _body(self, docnum: int) -> str:
        return self.searcher.stored_fields(docnum).get("body") or ""
