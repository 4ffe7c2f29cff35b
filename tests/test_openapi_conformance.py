"""The OpenAPI document is the truth (issue 14): schemathesis takes /api/openapi.json as the
app serves it and throws generated requests at every operation of a running `newsarchive
serve` on the seed index: the document's examples, its boundary and coverage cases, and
random valid and invalid parameters, with every check on each answer (as `schemathesis run
--checks all`): no server error; status codes, content types, headers and bodies as
declared; a request the document forbids refused with a 4xx, one it allows answered.

JSON Schema cannot say two rules that the document states in words: `from` must not be after
`to`, and `q` must be a query the syntax can read (not only stop words or operators, at most
3 words with *, ?, ~ or a range). Such a request is valid to the schema and refused with a
400; the acceptance check lets exactly those 400s through: the request breaks the rule and
the answer names it with the rule's own message. tests/test_hostile_queries.py throws
hostile queries at the same routes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from newsarchive.search.forms import straight_quotes
from newsarchive.search.query import QueryError, parse_query
from newsarchive.web import create_app
from tests.conftest import SEED_ARTICLE_ID
from tests.servers import Served, serving

MAX_EXAMPLES = 150  # random cases per operation, besides the examples and coverage phases
sent: dict[str, int] = {}  # operation -> generated requests (cases) sent

with tempfile.TemporaryDirectory() as nowhere:  # serving the document needs no index
    DOCUMENT = create_app({"INDEX_DIR": str(Path(nowhere) / "none")}).test_client().get(
        "/api/openapi.json").get_json()
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(scope="module")
def server(seed_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`newsarchive serve` on the seed index, with no time budget: a slow answer on a busy
    machine is not a change of contract (test_hostile_queries.py tests the budgets)."""
    env = {**os.environ, "NEWSARCHIVE_QUERY_SECONDS": "60",
           "NEWSARCHIVE_QUERY_WALL_SECONDS": "60"}
    log = tmp_path_factory.mktemp("conformance") / "server.log"
    with serving(seed_index, log, "--workers", "1", env=env) as served:
        yield served
    print(f"\nschemathesis: {sum(sent.values())} cases, every answer checked:")
    for operation, count in sorted(sent.items()):
        print(f"  {operation}: {count}")


def _rules_in_words_broken(case) -> list[str]:
    """The 400 messages of the rules the document states in words only that the request
    breaks (see the module's docstring): a request may break both, and the server names the
    one it checks first."""
    query = case.query or {}
    broken = []
    try:
        if query.get("from") and query.get("to") and (
                date.fromisoformat(str(query["from"])) > date.fromisoformat(str(query["to"]))):
            broken.append("from must not be after to")
    except ValueError:
        pass  # not a date: the schema's own business
    try:  # the query as the server reads it: typed quotes are the syntax's (« is ")
        parse_query(straight_quotes(str(query.get("q") or "")))
    except QueryError as error:
        broken.append(str(error))
    return broken


def _valid_as_sent(case) -> bool:
    """Whether the query string the case sends is valid to the document, read as the server
    reads it: a form-style array is the list of values sent, so the string "" that a negative
    case puts in place of an array is the URL of the valid array [""]; and an empty value of
    an allowEmptyValue parameter is no value (the document says so in words)."""
    declared = {spec["name"]: spec for spec in DOCUMENT["paths"][case.operation.path]["get"]
                .get("parameters", []) if spec["in"] == "query"}
    sent = parse_qs(urlencode(case.query or {}, doseq=True), keep_blank_values=True)
    for name, values in sent.items():
        spec = declared.get(name)
        if spec is None:
            return False
        if spec.get("allowEmptyValue"):
            values = [value for value in values if value != ""]
        schema = spec["schema"]
        single = schema.get("items", schema)
        if single.get("type") == "integer":
            if not all(value.isascii() and value.isdigit() for value in values):
                return False
            values = [int(value) for value in values]
        if not values:
            continue
        if schema.get("type") != "array" and len(values) > 1:
            return False
        if not jsonschema_rs.Draft4Validator(schema, validate_formats=True).is_valid(
                values if schema.get("type") == "array" else values[0]):
            return False
    return True


def accepted_unless_refused_by_a_rule_in_words(ctx, response, case):
    """positive_data_acceptance, except for the 400 that names the rule in words the request
    breaks (the same message, so no other 400 hides behind it); and negative_data_rejection,
    except for a request that is valid as its URL carries it (_valid_as_sent), answered."""
    broken = _rules_in_words_broken(case)
    if response.status_code == 400 and response.json().get("error") in broken:
        return None
    if response.status_code < 400 and _valid_as_sent(case):
        return None
    negative_data_rejection(ctx, response, case)
    return positive_data_acceptance(ctx, response, case)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@seed(14)
def test_every_answer_is_what_the_document_says(case, server: Served) -> None:
    sent[case.operation.label] = sent.get(case.operation.label, 0) + 1
    case.call_and_validate(base_url=server.base,
                           excluded_checks=[positive_data_acceptance, negative_data_rejection],
                           additional_checks=[accepted_unless_refused_by_a_rule_in_words])


def test_an_article_and_its_facets_are_what_the_document_says(server: Served) -> None:
    """Generated ids are never the archive's: one real article, through the same checks."""
    article = schema["/api/articles/{id}"]["GET"].Case(path_parameters={"id": SEED_ARTICLE_ID})
    assert article.call_and_validate(base_url=server.base).status_code == 200
    facets = schema["/api/facets/{facet}"]["GET"].Case(path_parameters={"facet": "persons"},
                                                      query={"q": "border", "prefix": "D"})
    assert facets.call_and_validate(base_url=server.base).json()["values"]


@pytest.mark.parametrize("number", ["1_000", " 12", "12 ", "+3", "١٢", "2.0", "0x10", ""])
@pytest.mark.parametrize("path", ["/api/search", "/api/facets/persons"])
def test_numbers_are_plain_ascii_digits(client, path: str, number: str) -> None:
    response = client.get(path, query_string={"q": "border", "page": number})
    assert response.status_code == 400
    assert response.get_json()["error"] == f"page must be a whole number (digits 0-9 only), " \
                                            f"not {number!r}"


def test_the_pages_take_digits_only_too_but_an_empty_box_is_no_error(client) -> None:
    assert client.get("/?q=border&page=1_000").status_code == 400
    assert client.get("/?q=border&from=%2B2023-01-01").status_code == 400
    # the date form sends an empty box as from= or to=; the feed and exports links carry it
    for path in ("/", "/feed.atom", "/export.csv", "/export.jsonl"):
        with client.get(f"{path}?q=trade&from=&to=1987-12-31&sort=&page=&size=") as response:
            assert response.status_code == 200, path  # (closed: an export holds its slot)
    feed = client.get("/feed.atom?q=trade&sort=&size=").get_data(as_text=True)
    assert feed.count("<entry>") == 20  # the feed's own defaults: the newest 20


@pytest.mark.parametrize("value", ["", "20231130", "2023-W48-4", " 2023-11-30", "2023-11-31"])
def test_the_api_takes_a_date_as_yyyy_mm_dd_and_no_empty_one(client, value: str) -> None:
    response = client.get("/api/search", query_string={"to": value})
    assert response.status_code == 400
    assert response.get_json()["error"] == f"to must be a date like 2023-11-30, not {value!r}"


def test_errors_of_the_feed_and_exports_are_json_as_declared(client) -> None:
    for path in ("/feed.atom", "/export.csv", "/export.jsonl"):
        with client.get(f"{path}?page=x") as response:
            assert response.status_code == 400 and response.mimetype == "application/json"
            assert response.get_json() == {
                "error": "page must be a whole number (digits 0-9 only), not 'x'", "status": 400}


def test_export_content_types_name_their_charset_once(client) -> None:
    for path, content_type in (("/export.csv", "text/csv; charset=utf-8"),
                               ("/export.jsonl", "application/x-ndjson; charset=utf-8")):
        with client.get(f"{path}?q=border") as response:
            assert response.headers["Content-Type"] == content_type
