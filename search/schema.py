"""The one Whoosh schema, shared by the indexer (the only writer) and every reader.

Facet fields hold whole entity names ("Dmitry Peskov") as single terms: values are joined
with newlines in the document and split back by a tokenizer that only breaks on newlines.
"""

from __future__ import annotations

from whoosh import analysis, fields

FACET_FIELDS = ("person", "country", "org")
# the JSON contract names the facet lists in the plural
FACET_KEYS = {"person": "persons", "country": "countries", "org": "orgs"}
FACET_SEPARATOR = "\n"
SCHEMA_VERSION = 1


class FacetField(fields.KEYWORD):
    """A multi-valued, case-preserving field whose terms are whole names."""

    def __init__(self) -> None:
        super().__init__(stored=True, lowercase=False, commas=False, scorable=False)
        self.analyzer = analysis.RegexTokenizer(r"[^\n]+")


def join_values(values: list[str]) -> str:
    """Values as stored in a facet field (names never contain newlines)."""
    return FACET_SEPARATOR.join(" ".join(value.split()) for value in values if value.strip())


def split_values(stored: str | None) -> list[str]:
    return [value for value in (stored or "").split(FACET_SEPARATOR) if value]


def make_schema() -> fields.Schema:
    text = analysis.StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(stored=True, sortable=True),
        root=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(stored=True, analyzer=text, field_boost=2.0),
        body=fields.TEXT(stored=True, analyzer=text, spelling=True),
        date=fields.DATETIME(stored=True, sortable=True),
        date_text=fields.STORED(),
        author=fields.TEXT(stored=True),
        source=fields.ID(stored=True, sortable=True),
        url=fields.STORED(),
        language=fields.ID(stored=True),
        person=FacetField(),
        country=FacetField(),
        org=FacetField(),
        mentions=fields.STORED(),
        content_hash=fields.ID(stored=True, sortable=True),
    )


SCHEMA = make_schema()
