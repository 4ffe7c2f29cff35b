"""The archive's resolution kept between runs (indexer.resolve.cache) is the one made from
scratch: an archive grown by small runs of the product's writer (new segments, a merge of
them, changed and removed articles) decides exactly what the same archive resolved anew does,
and a damaged or stale cache file is made again, never trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.optimize import optimize
from newsarchive.indexer.resolve import CACHE_DIR, resolve_index
from newsarchive.indexer.resolve.cache import ARCHIVE_FILE, SegmentCache
from newsarchive.indexer.resolve.evidence import ArchiveEvidence, stored_records
from newsarchive.indexer.writer import update_index
from newsarchive.search.entities import Resolution
from newsarchive.search.store import live_generation

REPO = Path(__file__).resolve().parent.parent
SEED_RECORDS = REPO / "seeds" / "reuters" / "reuters21578-sample.jsonl"


def ordered(value: Any) -> Any:
    """A comparable copy that keeps the order of every dict and Counter (rules break ties by
    it), and the fields of evidence objects."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if hasattr(value, "__dataclass_fields__"):
        return [(name, ordered(getattr(value, name))) for name in value.__dataclass_fields__]
    return value


def table(resolution: Resolution) -> tuple[Any, Any]:
    return ({facet: {value: [tuple(t) for t in targets] for value, targets in moves.items()}
             for facet, moves in resolution.moves.items() if moves},
            {facet: dict(reasons) for facet, reasons in resolution.reasons.items() if reasons})


def assert_as_from_scratch(index_dir: Path) -> None:
    """The table the run saved is the one resolve_index makes without a cache, and the cached
    evidence is the gathered one, in the same order (from the whole archive's entry, and from
    the segments' entries alone)."""
    gen_dir = live_generation(index_dir)
    ix = whoosh_index.open_dir(str(gen_dir))
    assert table(Resolution.load(gen_dir)) == table(resolve_index(ix))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        fresh = ordered(ArchiveEvidence.gather(stored_records(reader)))
        assert ordered(SegmentCache(gen_dir / CACHE_DIR).evidence(reader)) == fresh
        archive = gen_dir / CACHE_DIR / ARCHIVE_FILE
        saved = archive.read_bytes()
        archive.unlink()
        assert ordered(SegmentCache(gen_dir / CACHE_DIR).evidence(reader)) == fresh
        archive.write_bytes(saved)


def test_an_archive_grown_run_by_run_resolves_as_the_same_archive_from_scratch(tmp_path):
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()
    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    extractor = EntityExtractor()  # spaCy loaded once for every run

    def run(**kwargs: Any) -> None:
        report = update_index(index_dir, [root], lambda: extractor, **kwargs)
        if report.merges_due:  # as `index` starts it in the background
            optimize(index_dir)
        assert_as_from_scratch(index_dir)

    (root / "base.jsonl").write_text("\n".join(lines[:120]) + "\n", encoding="utf-8")
    run()
    segments = []
    for number in range(11):  # ten small segments make a merge due
        start = 120 + 15 * number
        (root / f"run-{number:02d}.jsonl").write_text(
            "\n".join(lines[start:start + 15]) + "\n", encoding="utf-8")
        run()
        segments.append(len(whoosh_index.open_dir(str(live_generation(index_dir)))._segments()))
    assert max(segments) > segments[-1]  # a merge happened on the way

    changed = lines[:120]  # articles of the base segment changed: deletions in it
    changed[3] = changed[3].replace("Reuter", "Reuters said")
    changed[7] = changed[7].replace(" the ", " the new ", 1)
    (root / "base.jsonl").write_text("\n".join(changed) + "\n", encoding="utf-8")
    run()
    (root / "run-04.jsonl").unlink()  # removed articles
    run()
    cache_files = sorted(p.name for p in (live_generation(index_dir) / CACHE_DIR).iterdir())
    assert not [name for name in cache_files if name.endswith(".tmp")]


def test_a_damaged_cache_file_is_made_again_not_trusted(tmp_path):
    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()
    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    extractor = EntityExtractor()
    (root / "a.jsonl").write_text("\n".join(lines[:40]) + "\n", encoding="utf-8")
    update_index(index_dir, [root], lambda: extractor)
    gen_dir = live_generation(index_dir)
    ix = whoosh_index.open_dir(str(gen_dir))
    expected = table(resolve_index(ix))
    cache_dir = gen_dir / CACHE_DIR
    for path in cache_dir.iterdir():  # one flipped byte in each file
        data = bytearray(path.read_bytes())
        data[-3] ^= 0xFF
        path.write_bytes(bytes(data))
    assert SegmentCache(cache_dir).counts == {}
    assert table(resolve_index(ix, cache_dir=cache_dir)) == expected
    assert table(resolve_index(ix, cache_dir=cache_dir)) == expected  # the remade files
    other = tmp_path / "other"  # another archive's files, under this one's names
    (root / "a.jsonl").write_text("\n".join(lines[40:80]) + "\n", encoding="utf-8")
    update_index(other, [root], lambda: extractor)
    other_cache = live_generation(other) / CACHE_DIR
    (other_cache / ARCHIVE_FILE).replace(cache_dir / ARCHIVE_FILE)
    assert table(resolve_index(ix, cache_dir=cache_dir)) == expected


def test_the_archive_counts_live_articles_only(tmp_path):
    """Whoosh's document frequency counts a segment's deleted articles until a merge drops
    them: after a run that rewrote articles the archive's word counts were inflated, and a
    value ("Heifers" on the Reuters dev archive) was hidden as a common word until the next
    merge showed it again. A facet must not depend on when segments were merged."""
    from newsarchive.indexer.resolve.evidence import IndexTextStats

    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    for number in range(3):
        (root / f"cattle-{number}.txt").write_text(
            f"Cattle report {number}\n\nSteers and heifers sold higher at the auction.\n",
            encoding="utf-8")
    extractor = EntityExtractor()
    update_index(index_dir, [root], lambda: extractor)
    (root / "cattle-0.txt").write_text("Cattle report 0\n\nHeifers sold lower on Tuesday.\n",
                                       encoding="utf-8")
    update_index(index_dir, [root], lambda: extractor)  # the old cattle-0 deleted, not merged
    ix = whoosh_index.open_dir(str(live_generation(index_dir)))
    with ix.searcher() as searcher:
        assert searcher.reader().doc_frequency("body", "heifer") == 4  # Whoosh's own count
        assert IndexTextStats(searcher).word_articles("heifers") == 3


def test_name_list_verdicts_are_kept_so_a_later_run_need_not_load_the_name_lists(
        tmp_path, monkeypatch):
    """rigour's name tagger costs seconds to load: a run asks it only about lone words no
    earlier run asked about, and decides the same."""
    from newsarchive.indexer.resolve import name_parts

    lines = SEED_RECORDS.read_text(encoding="utf-8").splitlines()
    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    (root / "a.jsonl").write_text("\n".join(lines[:60]) + "\n", encoding="utf-8")
    extractor = EntityExtractor()
    asked: list[str] = []
    tagged = name_parts._tagged_as_name
    monkeypatch.setattr(name_parts, "_tagged_as_name",
                        lambda word: asked.append(word) or tagged(word))
    update_index(index_dir, [root], lambda: extractor)
    assert asked  # the lone words of the sample were looked up
    gen_dir = live_generation(index_dir)
    kept = SegmentCache(gen_dir / CACHE_DIR).names
    assert kept is not None and set(kept[1]) == set(asked)
    expected = table(Resolution.load(gen_dir))
    asked.clear()
    ix = whoosh_index.open_dir(str(gen_dir))
    assert table(resolve_index(ix, cache_dir=gen_dir / CACHE_DIR)) == expected
    assert asked == []
