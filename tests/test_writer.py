"""The index writer's pieces: documents it stores, article counts for the progress total, and
an interrupted run that leaves the previous index readable and is completed by the next."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest

from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.progress import Progress, estimate_articles
from newsarchive.indexer.writer import parse_date, update_index
from newsarchive.search.engine import SearchRequest, open_archive

REPO = Path(__file__).resolve().parent.parent
SEED_RECORDS = REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl"


def test_dates_are_stored_as_the_article_states_them():
    assert parse_date("2019-11-20T09:22:35+01:00") == datetime(2019, 11, 20, 9, 22, 35)
    assert parse_date("1987-03-31") == datetime(1987, 3, 31)
    assert parse_date("last Tuesday") is None
    assert parse_date(None) is None


def test_an_evening_story_is_found_on_the_day_it_shows(tmp_path):
    """A story of 2021-01-01T23:30:00-05:00 is shown as of January 1, but the index held it in
    UTC: --from/--to 2021-01-01 and date:2021-01-01 missed it, --from 2021-01-02 found it,
    and the chart put it on January 2."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "news.jsonl").write_text(json.dumps({
        "id": "x5", "title": "Council votes late", "date": "2021-01-01T23:30:00-05:00",
        "body": "The city council of Toronto voted on the budget late on Friday evening."})
        + "\n", encoding="utf-8")
    update_index(tmp_path / "ix", [archive], EntityExtractor)
    reader = open_archive(tmp_path / "ix").current()

    def found(**asked) -> list[str]:
        return [hit.date for hit in reader.search(SearchRequest(**asked)).hits]

    day = datetime(2021, 1, 1).date()
    assert found(date_from=day, date_to=day) == ["2021-01-01T23:30:00-05:00"]
    assert found(query="date:2021-01-01") == ["2021-01-01T23:30:00-05:00"]
    assert found(query="date:2021-01-02") == []
    (bucket,) = reader.search(SearchRequest(query="council")).histogram.buckets
    assert (bucket.start, bucket.end) == (day, day)


def test_article_estimate_counts_json_lines_and_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n{"id": 2}\n\n', encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"id": 1}\n{"id": 2}\n{"id": 3}\n')
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    assert estimate_articles([tmp_path]) == 6
    assert estimate_articles([tmp_path / "a.jsonl"]) == 2


def test_progress_total_grows_when_the_estimate_was_low():
    tracker = Progress(total=2, enabled=False)
    for _ in range(5):
        tracker.advance()
    assert tracker.total == 5 and tracker.count == 5
    assert "5/5 articles" in tracker.line(tracker.started + 1.0)


class Interrupted(Exception):
    pass


def test_an_interrupted_run_keeps_the_old_index_and_the_next_run_completes_it(tmp_path):
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()
    root = tmp_path / "archive"
    root.mkdir()
    (root / "wire.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    assert update_index(index_dir, [root], EntityExtractor).indexed == 3

    (root / "wire.jsonl").write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")

    def stop_after_two(articles):
        for number, article in enumerate(articles):
            if number == 2:
                raise Interrupted
            yield article

    with pytest.raises(Interrupted):
        update_index(index_dir, [root], EntityExtractor, progress=stop_after_two)
    reader = open_archive(index_dir).current()
    assert reader.search(SearchRequest()).total == 3  # uncommitted work is not visible
    report = update_index(index_dir, [root], EntityExtractor)
    assert (report.indexed, report.unchanged) == (5, 3)
    assert open_archive(index_dir).current().search(SearchRequest()).total == 8
    ids = [json.loads(line)["id"] for line in lines[:8]]
    found = {open_archive(index_dir).current().article(f"wire.jsonl#{i}") is not None
             for i in ids}
    assert found == {True}


def test_words_of_one_article_are_kept_in_the_term_index_and_found(tmp_path):
    """A term in one article is inlined in its term entry (the Whoosh fix that halves
    segment writing) and is still found: as a word, a phrase, an id, after an update."""
    root = tmp_path / "archive"
    root.mkdir()
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()[:3]
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = json.loads(lines[0])
    index_dir = tmp_path / "index"
    update_index(index_dir, [root], EntityExtractor)
    reader = open_archive(index_dir).current()
    text = f"{first['title']} {first['body']}".lower()
    words = [w for w in first["body"].split() if w.isalpha() and len(w) > 7
             and text.count(w.lower()) == 1]
    rare = next(w for w in words if reader.search(SearchRequest(query=w)).total == 1)
    assert reader.searcher.reader().term_info("id", f"wire.jsonl#{first['id']}").is_inlined()
    phrase = first["title"].split()[:2]
    assert reader.search(SearchRequest(query=f'"{" ".join(phrase)}"')).total >= 1
    (root / "wire.jsonl").write_text("\n".join([lines[0].replace(rare, "zyxwvut")] + lines[1:])
                                     + "\n", encoding="utf-8")
    assert update_index(index_dir, [root], EntityExtractor).indexed == 1
    reader = open_archive(index_dir).current()
    assert reader.search(SearchRequest(query="zyxwvut")).total == 1
    assert reader.search(SearchRequest(query=rare)).total == 0
    assert reader.search(SearchRequest()).total == 3
