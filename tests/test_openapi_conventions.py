"""The OpenAPI document's conventions (issue 17): every operation has a unique camelCase
operationId and tags that the document's top-level `tags` list describes, every route the
app serves that the document lists is named, and the document is valid OpenAPI 3.1 (checked
with the OpenAPI 3.1 JSON Schema that schemathesis ships, the one it loads documents with;
tests/test_openapi_conformance.py checks the answers against it)."""

from __future__ import annotations

import re

from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from newsarchive.web.openapi import OPERATIONS, TAGS

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
CAMEL_CASE = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)*")


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(path, method, operation) for path, item in document["paths"].items()
            for method, operation in item.items() if method in METHODS]


def test_every_operation_has_a_unique_camel_case_operation_id_and_declared_tags(client):
    document = client.get("/api/openapi.json").get_json()
    found = operations(document)
    assert len(found) >= 9
    ids = [operation.get("operationId") for _, _, operation in found]
    assert all(ids), [f"{m.upper()} {p}" for p, m, o in found if not o.get("operationId")]
    assert len(ids) == len(set(ids)), ids
    assert all(CAMEL_CASE.fullmatch(operation_id) for operation_id in ids), ids
    declared = [tag["name"] for tag in document["tags"]]
    assert len(declared) == len(set(declared))
    assert all(tag.get("description") for tag in document["tags"])
    used = set()
    for path, method, operation in found:
        assert operation.get("tags"), f"{method.upper()} {path} has no tags"
        assert set(operation["tags"]) <= set(declared), f"{method.upper()} {path}"
        used.update(operation["tags"])
    assert used == set(declared)  # no tag describes nothing


def test_the_names_are_stable(client):
    """Generated clients call these: renaming one breaks them."""
    document = client.get("/api/openapi.json").get_json()
    named = {(path, method): operation["operationId"]
             for path, method, operation in operations(document)}
    assert named[("/api/search", "get")] == "searchArticles"
    assert named[("/api/articles/{id}", "get")] == "getArticle"
    assert named[("/export.csv", "get")] == "exportCsv"
    assert named[("/feed.atom", "get")] == "getSearchFeed"
    for key, operation_id in named.items():
        assert OPERATIONS[key][0] == operation_id
    ids = [operation_id for operation_id, _ in OPERATIONS.values()]
    assert len(ids) == len(set(ids))
    assert {tag for _, tags in OPERATIONS.values() for tag in tags} == {
        tag["name"] for tag in TAGS}


def test_every_served_route_the_table_names_is_in_the_document(app, client):
    """A route listed in OPERATIONS (the FollowTheMoney export, once it is served, too) is
    described by the document under that name."""
    document = client.get("/api/openapi.json").get_json()
    rules = {rule.rule.replace("<article_id:article_id>", "{id}").replace("<facet>", "{facet}")
             for rule in app.url_map.iter_rules()}
    for path, method in OPERATIONS:
        if path in rules:
            assert document["paths"][path][method]["operationId"] == OPERATIONS[path, method][0]


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get("/api/openapi.json").get_json()
    errors = [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    assert errors == []
    broken = {**document, "tags": [{"description": "a tag without a name"}]}
    assert not OPENAPI_31_VALIDATOR.is_valid(broken)  # the validator does check
