"""The tiered merge policy (indexer/merging.py): an archive grown by many small runs keeps few
segments, and answers exactly as one built in one go."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.indexer import merging
from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.optimize import optimize
from newsarchive.indexer.writer import update_index
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.store import live_generation
from tests.conftest import REPO

SEED_RECORDS = REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl"


@dataclass
class Sized:
    documents: int

    def doc_count(self) -> int:
        return self.documents


def grow(archive: list[Sized], runs: int, per_run: int) -> tuple[list[Sized], int]:
    """Commits of per_run documents with the policy; (segments after, documents rewritten)."""
    rewritten = 0
    for _ in range(runs):
        chosen = merging.segments_to_merge(archive)
        rewritten += sum(segment.documents for segment in chosen)
        archive = [s for s in archive if s not in chosen] + [
            Sized(per_run + sum(segment.documents for segment in chosen))]
    return archive, rewritten


def test_a_hundred_daily_runs_keep_few_segments_and_rewrite_little() -> None:
    """The issue's growth: 100,000 articles, then 100 runs of 1,000 each."""
    built, _ = grow([], 20, 5_000)  # a one-go build commits every 5,000 articles
    assert len(built) <= merging.MERGE_FACTOR
    grown, rewritten = grow(built, 100, 1_000)
    assert sum(segment.documents for segment in grown) == 200_000
    assert len(grown) <= 2 * (merging.MERGE_FACTOR - 1)  # at most 9 per tier, 2 tiers in use
    assert rewritten <= 3 * 200_000  # each article rewritten about once per tier it climbs


def test_no_tier_holds_more_than_merge_factor_segments() -> None:
    """A tier filled by the last commit is merged by the next one."""
    archive: list[Sized] = []
    for run in range(500):
        archive, _ = grow(archive, 1, 1 + (run * 7919) % 3_000)  # runs of varying size
        tiers = [merging.tier(segment.documents) for segment in archive]
        assert all(tiers.count(level) <= merging.MERGE_FACTOR for level in set(tiers))


def test_a_commit_merges_no_more_than_its_budget() -> None:
    """A run's commit merges the lower tiers that fit in what it wrote and leaves the
    rest (to optimize)."""
    archive = [Sized(500)] * 10 + [Sized(5_000)] * 9
    assert merging.segments_to_merge(archive) == archive  # the cascade: 9,500 land in tier 1
    assert merging.segments_to_merge(archive, budget=5_000) == archive[:10]
    assert merging.segments_to_merge(archive, budget=4_999) == []


def segment_count(index_dir: Path) -> int:
    from whoosh import index as whoosh_index

    return len(whoosh_index.open_dir(str(live_generation(index_dir)))._segments())


def test_an_archive_grown_by_small_runs_answers_as_one_built_in_one_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiers of 2, 6, 18... documents, so 12 runs of 3 articles exercise two tiers of merges
    on a real index."""
    monkeypatch.setattr(merging, "SMALLEST_TIER", 2)
    monkeypatch.setattr(merging, "MERGE_FACTOR", 3)
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()[:36]
    extractor = EntityExtractor()
    grown_root, grown = tmp_path / "grown", tmp_path / "grown-index"
    grown_root.mkdir()
    counts = []
    for run in range(12):
        (grown_root / f"day-{run:02d}.jsonl").write_text(
            "\n".join(lines[run * 3:run * 3 + 3]) + "\n", encoding="utf-8")
        report = update_index(grown, [grown_root], lambda: extractor)
        assert report.indexed == 3
        if report.merges_due:  # as `index` starts it in the background
            optimize(grown)
        counts.append(segment_count(grown))
    assert max(counts) <= 2 * (merging.MERGE_FACTOR - 1) + 1, counts
    assert min(counts[3:]) < max(counts), f"no merge happened: {counts}"
    one_go = tmp_path / "one-go-index"
    update_index(one_go, [grown_root], lambda: extractor)
    for query in ("", "trade", "oil prices", 'country:"United States"'):
        request = SearchRequest(query=query, page_size=50)
        a = open_archive(grown).current().search(request)
        b = open_archive(one_go).current().search(request)
        assert a.total == b.total and a.facets == b.facets, query
        assert {hit.id for hit in a.hits} == {hit.id for hit in b.hits}, query
    ids = json.dumps(sorted(hit.id for hit in open_archive(grown).current().search(
        SearchRequest(query="", page_size=50)).hits))
    assert ids.count("#") == 36
