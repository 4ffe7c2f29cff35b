"""The FollowTheMoney export (search/ftm.py): `newsarchive export --format ftm` and
/export.ftm.json write one FtM Article entity per matching article, which followthemoney's
own model (and its `ftm` command) reads back as valid, unchanged entities."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData

from newsarchive.cli import cli
from newsarchive.search.ftm import entity_id
from tests.conftest import SEED_ARTICLE_ID

QUERY = "border"
HOSTILE_TITLE = "=HYPERLINK(\"http://evil.example\",\"x\") <script>alert('t')</script> &amp;"
HOSTILE_AUTHOR = "@SUM(1+1) <b>Jane & Joe</b>"
HOSTILE_BODY = ("+cmd|' /C calc'!A0\n<img src=x onerror=alert(1)> Tom Baker met the board of "
                "Acme Corporation in Berlin, Germany.\n")


def valid_entities(text: str) -> list[dict]:
    """Each line of an FtM export as an entity dict, checked with followthemoney's model: an
    Article with a stable id, only Article properties, every value valid for its property's
    type and already in the form followthemoney cleans it to (a round trip keeps it)."""
    schema = model.get("Article")
    entities = []
    for line in text.splitlines():
        data = json.loads(line)
        assert set(data) == {"id", "schema", "properties"}
        assert data["schema"] == "Article" and data["id"]
        assert set(data["properties"]) <= set(schema.properties), data["properties"].keys()
        try:
            assert schema.validate(data) is None
        except InvalidData as error:  # the message names the values
            raise AssertionError(f"{data['id']}: {error.errors}") from error
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again
        assert proxy.schema.name == "Article" and proxy.id == data["id"]
        assert proxy.to_dict()["properties"] == data["properties"]
        for name, values in data["properties"].items():
            prop = schema.properties[name]
            assert not prop.stub and values
            assert all(prop.type.validate(value) for value in values), (name, values)
        entities.append(data)
    return entities


def export_ftm(runner, index: Path, *args: str) -> str:
    result = runner.invoke(cli, ["export", *args, "--index", str(index), "--format", "ftm"])
    assert result.exit_code == 0, result.output
    return result.stdout


def search_total(runner, index: Path, query: str) -> int:
    result = runner.invoke(cli, ["search", query, "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["total"]


def test_cli_export_ftm_is_one_valid_article_entity_per_match(runner, seed_index):
    entities = valid_entities(export_ftm(runner, seed_index, QUERY))
    assert len(entities) == search_total(runner, seed_index, QUERY) >= 1
    assert len({entity["id"] for entity in entities}) == len(entities)
    seed = next(e for e in entities if e["properties"]["fileName"] == [SEED_ARTICLE_ID])
    assert seed["id"] == entity_id(SEED_ARTICLE_ID)
    props = seed["properties"]
    assert props["title"] == ["NATO ‘Troops’ at Russia Border ‘Excessive’: Kremlin"]
    assert "Dmitry Peskov" in props["peopleMentioned"]
    assert "NATO" in props["companiesMentioned"]
    assert {"fi", "ru"} <= set(props["detectedCountry"])
    assert "Peskov" in props["bodyText"][0]
    # the whole archive: still one entity per article; ids are the same on every run
    everything = valid_entities(export_ftm(runner, seed_index, "", "--no-body"))
    assert len(everything) == search_total(runner, seed_index, "") > 300
    assert not any("bodyText" in entity["properties"] for entity in everything)
    again = {e["id"] for e in valid_entities(export_ftm(runner, seed_index, QUERY))}
    assert again == {e["id"] for e in entities} <= {e["id"] for e in everything}


def test_the_ftm_tool_reads_the_export_back(runner, seed_index, tmp_path):
    exported = tmp_path / "border.ftm.json"
    result = runner.invoke(cli, ["export", QUERY, "--index", str(seed_index), "--format",
                                 "ftm", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    ftm = Path(sys.executable).parent / "ftm"
    checked = subprocess.run([str(ftm), "validate", "-i", str(exported)], capture_output=True,
                             text=True, check=True, timeout=120).stdout
    reread = {e["id"]: e["properties"] for e in map(json.loads, checked.splitlines())}
    written = {e["id"]: e["properties"] for e in valid_entities(exported.read_text("utf-8"))}
    assert reread == written


def test_web_export_ftm_matches_the_search(client):
    total = client.get("/api/search", query_string={"q": QUERY}).get_json()["total"]
    response = client.get("/export.ftm.json", query_string={"q": QUERY})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="newsarchive-border.ftm.json"')
    entities = valid_entities(response.data.decode("utf-8"))
    assert len(entities) == total >= 1
    seed = next(e for e in entities if e["id"] == entity_id(SEED_ARTICLE_ID))
    assert "Dmitry Peskov" in seed["properties"]["peopleMentioned"]
    # a facet filter narrows the entities as it narrows the search
    args = {"q": QUERY, "person": "Dmitry Peskov"}
    narrowed = client.get("/api/search", query_string=args).get_json()["total"]
    lines = valid_entities(client.get("/export.ftm.json", query_string=args).data.decode())
    assert len(lines) == narrowed and all(
        "Dmitry Peskov" in e["properties"]["peopleMentioned"] for e in lines)
    bad = client.get("/export.ftm.json", query_string={"page": "x"})
    assert bad.status_code == 400 and bad.mimetype == "application/json"


def test_hostile_text_is_carried_as_data_unchanged(runner, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    long_body = HOSTILE_BODY + "lorem ipsum dolor sit amet\n" * 2800  # past 65,000 chars
    (archive / "hostile.json").write_text(json.dumps([
        {"id": "one", "title": HOSTILE_TITLE, "author": HOSTILE_AUTHOR, "body": HOSTILE_BODY,
         "url": "javascript:alert(1)", "date": "2023-11-30T09:15:00+02:00"},
        {"id": "two", "title": "A long one", "body": long_body},
    ]), encoding="utf-8")
    index = tmp_path / "index"
    result = runner.invoke(cli, ["index", str(archive), "--index", str(index), "-q"])
    assert result.exit_code == 0, result.output
    entities = {e["properties"]["fileName"][0]: e
                for e in valid_entities(export_ftm(runner, index, ""))}
    assert set(entities) == {"hostile.json#one", "hostile.json#two"}
    hostile = entities["hostile.json#one"]["properties"]
    # no spreadsheet guard, no HTML escaping (the record's "&amp;" was read as "&" when it
    # was indexed, as a CMS's "AT&amp;T" is)
    assert hostile["title"] == [HOSTILE_TITLE.replace("&amp;", "&")]
    assert hostile["author"] == [HOSTILE_AUTHOR]
    assert hostile["bodyText"] == [HOSTILE_BODY.strip()]
    assert "sourceUrl" not in hostile  # FtM keeps web links only
    assert hostile["publishedAt"] == ["2023-11-30T07:15:00"]  # FtM dates are UTC
    # a text longer than a text value may be is split into valid values, none of it lost
    pieces = entities["hostile.json#two"]["properties"]["bodyText"]
    assert len(pieces) == 2 and all(len(piece) <= 65000 for piece in pieces)
    assert " ".join(pieces).split() == long_body.split()


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(runner, tmp_path):
    """The CSV export (command line and /export.csv) puts a `'` before a cell opening with
    `=`, `+`, `-` or `@`, so a spreadsheet shows the text instead of running it; the JSON
    Lines export carries the values unchanged."""
    import csv
    import io

    from newsarchive.web import create_app

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "hostile.json").write_text(json.dumps([
        {"id": "one", "title": HOSTILE_TITLE, "author": HOSTILE_AUTHOR, "body": HOSTILE_BODY,
         "source": "-Evil Source", "date": "2023-11-30T09:15:00+02:00"}]), encoding="utf-8")
    index = tmp_path / "index"
    assert runner.invoke(cli, ["index", str(archive), "--index", str(index), "-q"]
                         ).exit_code == 0
    cli_csv = runner.invoke(cli, ["export", "", "--index", str(index), "--format", "csv"])
    web_csv = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client().get(
        "/export.csv").get_data(as_text=True)
    for text in (cli_csv.stdout, web_csv):
        (row,) = list(csv.DictReader(io.StringIO(text)))
        assert row["title"] == "'" + HOSTILE_TITLE.replace("&amp;", "&")
        assert row["author"] == "'" + HOSTILE_AUTHOR
        assert row["source"] == "'-Evil Source"
        assert not any(value[:1] in "=+-@" for value in row.values() if value)
    jsonl = runner.invoke(cli, ["export", "", "--index", str(index), "--format", "jsonl"])
    assert json.loads(jsonl.stdout)["author"] == HOSTILE_AUTHOR
