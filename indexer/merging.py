"""Which segments a commit merges: a tiered policy, so an archive indexed a little every day
keeps about as few segments as one built in one go.

Whoosh's own policy (MERGE_SMALL) merges only while the smallest segments together hold
fewer documents than a Fibonacci number of their count (34 for five segments): a daily run
of a few hundred articles or more never qualifies, so each run leaves one more segment, and
every search pays per segment (issue 18). Here, as in Lucene's LogMergePolicy, segments fall
into tiers by size (each tier MERGE_FACTOR times the one below, live documents counted) and
a tier holding MERGE_FACTOR segments is merged into one segment of the tier above. A
document is then rewritten about once per tier it climbs (log base 10 of the archive's size
over a run's), and an archive holds at most MERGE_FACTOR - 1 segments per tier.

A small run must not pay for rewriting a tier: a commit merges only as many documents as its
run wrote (`budget`), and `newsarchive optimize` (indexer.optimize) merges the rest
outside the run, while the index answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

MERGE_FACTOR = 10
SMALLEST_TIER = 1_000  # documents: every segment smaller is in the first tier


class Segment(Protocol):
    def doc_count(self) -> int: ...


def tier(documents: int) -> int:
    """0 below SMALLEST_TIER documents, 1 below 10 times that, and so on."""
    if documents < SMALLEST_TIER:
        return 0
    return 1 + int(math.log(documents / SMALLEST_TIER, MERGE_FACTOR))


def segments_to_merge(segments: Sequence[Segment], budget: int | None = None
                      ) -> list[Segment]:
    """The segments to merge into one: every tier holding at least MERGE_FACTOR segments,
    and the tiers above that the merged one then fills (cascading, as the merged segment
    lands in the tier above), from the lowest tier up while they hold at most `budget`
    documents together (no limit when None)."""
    by_tier: dict[int, list[Segment]] = {}
    for segment in segments:
        by_tier.setdefault(tier(segment.doc_count()), []).append(segment)
    chosen: list[Segment] = []
    carried = 0  # documents already chosen, which the merged segment will hold
    for level in sorted(by_tier):
        group = by_tier[level]
        lands_here = 1 if carried and tier(carried) == level else 0
        if len(group) + lands_here >= MERGE_FACTOR:
            documents = sum(segment.doc_count() for segment in group)
            if budget is not None and carried + documents > budget:
                break
            chosen.extend(group)
            carried += documents
    return chosen
