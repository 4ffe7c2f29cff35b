"""The aliases file: merge and hide facet values from stored mentions, no NER pass."""

from pathlib import Path

import pytest

from newsarchive.indexer.aliases import AliasesError, load_aliases
from newsarchive.indexer.normalize import normalize

STORED = [("EC", "ORG"), ("Newsweek", "ORG"), ("Dmitri Peskov", "PERSON"),
          ("U.S.", "GPE"), ("Border Guards", "PERSON")]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_merge_and_hide_from_stored_mentions(tmp_path: Path) -> None:
    aliases = load_aliases(write(tmp_path, """
# curation
[persons]
Dmitry Peskov = Dmitri Peskov | D. Peskov
- Border Guards
[orgs]
European Community = EC
!Newsweek
[countries]
USA = United States
"""))
    persons, countries, orgs = normalize(STORED, aliases)
    assert persons == ["Dmitry Peskov"]
    assert orgs == ["European Community"]
    assert countries == ["USA"]


def test_all_section_and_version_changes_with_rules(tmp_path: Path) -> None:
    first = load_aliases(write(tmp_path, "- EC\n"))
    assert normalize(STORED, first)[2] == ["Newsweek"]
    same = load_aliases(write(tmp_path, "# a comment\n[all]\n-   ec   # hidden\n"))
    other = load_aliases(write(tmp_path, "- Newsweek\n"))
    assert first.version == same.version != other.version
    none = load_aliases(None)
    assert not none and none.version == load_aliases(write(tmp_path, "# nothing\n")).version
    assert none.version not in (first.version, "")


def test_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(AliasesError, match=r"aliases.txt:2: "):
        load_aliases(write(tmp_path, "[orgs]\nno rule here\n"))
    with pytest.raises(AliasesError, match="unknown section"):
        load_aliases(write(tmp_path, "[people]\n"))
    with pytest.raises(AliasesError, match=r"aliases.txt:1: no variant after '='"):
        load_aliases(write(tmp_path, "Foo =\n"))  # was accepted, merging nothing


def test_stored_json_mentions_normalize_like_fresh_ones() -> None:
    import json

    mentions = [("Vladimir Putin's", "PERSON"), ("Newsweek", "ORG", "p"), ("Finns", "NORP"),
                ("DETROIT", "GPE", "d")]
    stored = json.loads(json.dumps(mentions))  # how the index keeps them: lists
    assert normalize(stored) == normalize(mentions) == (
        ["Vladimir Putin"], ["Finland", "United States"], [])
