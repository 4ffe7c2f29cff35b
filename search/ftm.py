"""Whole-result export as FollowTheMoney entities, for Aleph / OpenAleph and the `ftm` tools.

Every matching article becomes exactly one FtM `Article` entity (so the number of entities
is the number of matches), written with search.export's JSON Lines writer: one entity dict
``{"id", "schema": "Article", "properties": {...}}`` per line, as `alephclient
write-entities` and `ftm` read them. The mapping uses the properties Aleph's own ingest
fills for a document, so an exported article looks like one Aleph ingested:

=====================  ============================================================
FtM property           from
=====================  ============================================================
title                  the title (the article id when it has none)
bodyText               the text (left out with --no-body)
publishedAt            the date (FtM's date form: UTC, no offset)
author, publisher      the author, the source
sourceUrl              the URL (FtM keeps only http(s) URLs)
language               the language (ISO 639-3: "en" becomes "eng")
fileName               the article id (its path in the archive, with #record)
peopleMentioned        the people
companiesMentioned     the organizations (Aleph's ingest files ORG names here)
detectedCountry        the countries, as ISO codes (Aleph's ingest files them here)
=====================  ============================================================

The entity id is a hash of the article id, so it is the same on every run and every
export (re-importing updates the entities instead of duplicating them). Values are cleaned
by followthemoney itself; each is kept within its property type's length so the entity
validates: a text longer than 65,000 characters is split at line breaks or spaces into
several bodyText values, a longer title, author or name is cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from newsarchive.search.export import export_rows
from newsarchive.search.schema import split_values

SCHEMA = "Article"
ID_PREFIX = ("newsarchive", "article")  # hashed with the article id into the entity id
# stored field -> the Article property it fills (the facets hold several values each)
PROPERTIES = (
    ("author", "author"),
    ("source", "publisher"),
    ("url", "sourceUrl"),
    ("language", "language"),
    ("date_text", "publishedAt"),
)
MENTIONS = (
    ("person", "peopleMentioned"),
    ("org", "companiesMentioned"),
    ("country", "detectedCountry"),
)


def entity_id(article_id: str) -> str:
    """The FtM id of an article: stable, derived from the article id alone."""
    entity = model.make_entity(SCHEMA)
    return entity.make_id(*ID_PREFIX, article_id)


def _pieces(text: str, limit: int) -> Iterator[str]:
    """text in pieces of at most limit characters, cut at a line break or else a space."""
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        yield text[:cut]
        text = text[cut:]
    yield text


def _add(entity: EntityProxy, name: str, values: Iterable[str | None]) -> None:
    prop = entity.schema.properties[name]
    limit = prop.type.max_length
    for value in values:
        if not value:
            continue
        if prop.type == registry.text:
            for piece in _pieces(value, limit):
                entity.add(prop, piece)
        elif prop.type in (registry.string, registry.name):
            entity.add(prop, value[:limit])
        else:
            entity.add(prop, value)


def article_entity(stored: dict[str, Any], with_body: bool = True) -> dict[str, Any]:
    """One article's stored fields (as the index reader gives them for export) as the dict
    of an FtM Article entity."""
    entity = model.make_entity(SCHEMA)
    entity.id = entity_id(stored["id"])
    _add(entity, "title", [stored.get("title") or stored["id"]])
    _add(entity, "fileName", [stored["id"]])
    for field, name in PROPERTIES:
        _add(entity, name, [stored.get(field)])
    for field, name in MENTIONS:
        _add(entity, name, split_values(stored.get(field)))
    if with_body:
        _add(entity, "bodyText", [stored.get("body")])
    return entity.to_dict()


def ftm_entities(reader: Any, request: Any, with_body: bool = True
                 ) -> Iterator[dict[str, Any]]:
    """Every match of request, in its sort order, as FtM entity dicts (one per article).

    As export_rows: the query is evaluated before this returns (QueryError here).
    """
    return export_rows(reader, request, with_body=with_body, shape=article_entity)
