"""The filters in force on a search page: its chips, the values the sidebar shows as
chosen, the date form's days, and the search without them. From the URL's parameters and
the clauses typed in the query, as the archive names their values."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from werkzeug.datastructures import MultiDict

from newsarchive.search.engine import ArchiveReader
from newsarchive.search.facets import language_name
from newsarchive.search.query import FacetClause, date_clauses, filter_clauses
from newsarchive.search.schema import FACET_FIELDS
from newsarchive.search.text import fold
from newsarchive.web.urls import FACET_LABELS, replaced_value, search_url, without_value

FACET_SINGULAR = FACET_LABELS  # "Person", "Country", "Organization"


@dataclass
class Chip:
    """One active filter, shown above the results with a link that removes it."""

    label: str
    value: str
    remove_url: str
    kind: str = "include"


def active_chips(args: MultiDict, reader: ArchiveReader | None = None) -> list[Chip]:
    """The filters in force: sidebar filters, then the facet clauses typed in the query that
    filter it as a whole (person:Baker; not one inside brackets or beside OR) and its date
    clauses, each with a link that removes it. With the reader, a value typed otherwise than
    the archive shows it says which it is ("UK (United Kingdom)", "US (any)" for a word
    clause finding several)."""
    chips = [Chip(FACET_SINGULAR[f], _as_shown(v, _named(reader, f, v)),
                  without_value(args, f, v), f)
             for f in FACET_FIELDS for v in args.getlist(f)]
    chips += [Chip(f"Not {FACET_SINGULAR[f].lower()}", _as_shown(v, _named(reader, f, v)),
                   without_value(args, f"not_{f}", v), "exclude")
              for f in FACET_FIELDS for v in args.getlist(f"not_{f}")]
    query = args.get("q", "")
    for clause in filter_clauses(query):
        label = FACET_SINGULAR[clause.field]
        value = clause.value if clause.exact or reader is None else _as_shown(
            clause.value, _clause_value(reader, clause), "any")
        chips.append(Chip(f"Not {label.lower()}" if clause.negated else label, value,
                          search_url(args, q=clause.without(query) or None),
                          "exclude" if clause.negated else clause.field))
    for typed in date_clauses(query):
        span = f"{typed.first or '…'} – {typed.last or '…'}"
        chips.append(Chip("Not date" if typed.negated else "Date", span,
                          search_url(args, q=typed.without(query) or None),
                          "exclude" if typed.negated else "date"))
    if args.get("from") or args.get("to"):
        span = f"{args.get('from') or '…'} – {args.get('to') or '…'}"
        chips.append(Chip("Date", span, search_url(args, **{"from": None, "to": None}), "date"))
    if args.get("source"):
        chips.append(Chip("Source", args["source"], search_url(args, source=None), "source"))
    chips += [Chip("Language", language_name(v.lower()), without_value(args, "lang", v),
                   "language") for v in args.getlist("lang") if v]
    return chips


def active_values(args: MultiDict, reader: ArchiveReader) -> dict[str, dict[str, str]]:
    """Per facet, the values a filter keeps (a sidebar filter, or a facet clause of the
    query that names one value: country:Japan, ?country=UK), as the sidebar lists them, each
    with the link that removes its filter. The sidebar marks them as chosen, so a click
    takes the filter off rather than adding the same one again."""
    active: dict[str, dict[str, str]] = {f: {} for f in (*FACET_FIELDS, "lang", "source")}
    query = args.get("q", "")
    for clause in filter_clauses(query):
        value = _clause_value(reader, clause)
        if value is not None and not clause.negated:
            active[clause.field].setdefault(value, search_url(args, q=clause.without(query)
                                                              or None))
    for field in FACET_FIELDS:
        for typed in args.getlist(field):
            value = _named(reader, field, typed) or typed
            active[field].setdefault(value, without_value(args, field, typed))
    for code in args.getlist("lang"):
        active["lang"].setdefault(code.lower(), without_value(args, "lang", code))
    if (typed := args.get("source", "").strip()) and (
            source := reader.sources.value_named(typed)) is not None:
        active["source"][source] = search_url(args, source=None)
    return active


@dataclass
class OtherHolders:
    """A filter value the archive took as one of its values ("Baker": James Baker) while
    other values hold the same word (Howard Baker): each with the link that filters on it
    instead, and the link that asks for every value holding the word (person:Baker)."""

    facet: str
    typed: str
    taken_as: str
    others: list[tuple[str, str]]  # (value, its search URL)
    every_url: str


MAX_OTHER_HOLDERS = 3


def other_holders(args: MultiDict, reader: ArchiveReader) -> list[OtherHolders]:
    """For each facet filter typed as one word that the archive took as a fuller value
    (?person=Baker is James Baker), the other values holding that word: the journalist
    filtering on "Baker" is told of Howard Baker instead of losing his articles unseen."""
    found = []
    for field in FACET_FIELDS:
        for typed in args.getlist(field):
            taken = _named(reader, field, typed)
            if taken is None or fold(taken) == fold(typed) or " " in typed.strip():
                continue
            table = reader.facets[field]
            others = sorted((value for value in table.values_with_words(typed)
                             if value != taken),
                            key=lambda value: -len(table.docs_of(value.encode("utf-8"))))
            others = others[:MAX_OTHER_HOLDERS]  # the most named first
            if others:
                query = " ".join(part for part in (args.get("q", "").strip(),
                                                   f"{field}:{typed.strip()}") if part)
                found.append(OtherHolders(
                    field, typed, taken,
                    [(value, replaced_value(args, field, typed, value)) for value in others],
                    search_url(args, q=query, **{field: [v for v in args.getlist(field)
                                                         if v != typed]})))
    return found


def _named(reader: ArchiveReader | None, field: str, typed: str) -> str | None:
    """The value a typed facet value is, as the archive shows it ("UK": United Kingdom)."""
    return None if reader is None else reader.facets[field].value_named(typed)


def _clause_value(reader: ArchiveReader, clause: FacetClause) -> str | None:
    """The one value a facet clause keeps: its quoted value, or the only value holding its
    word(s) (country:US: United States); None when it keeps several, or none."""
    if clause.exact:
        return _named(reader, clause.field, clause.value)
    values = reader.facets[clause.field].values_with_words(clause.value)
    return values[0] if len(values) == 1 else None


def _as_shown(typed: str, value: str | None, otherwise: str | None = None) -> str:
    """A typed value for a chip: as typed when the archive writes it so, else with the
    archive's value ("UK (United Kingdom)"), or `otherwise` ("US (any)") when it is none."""
    if value is not None:
        return value if fold(value) == fold(typed) else f"{typed} ({value})"
    return f"{typed} ({otherwise})" if otherwise else typed


@dataclass
class DateForm:
    """The sidebar's date form: the days its boxes show, and the search it keeps (hidden)."""

    first: str
    last: str
    kept: MultiDict


def date_form(args: MultiDict) -> DateForm:
    """The date form of a search. A date typed in the query (oil date:1987-03) is the range
    the boxes show, and the form replaces it: the boxes were empty, and a day entered there
    was added to the typed range (an empty result when they did not overlap)."""
    query = args.get("q", "")
    typed = date_clauses(query)
    if args.get("from") or args.get("to") or len(typed) != 1 or typed[0].negated:
        return DateForm(args.get("from", ""), args.get("to", ""), args)
    kept = args.copy()
    kept.setlist("q", [typed[0].without(query)] if typed[0].without(query) else [])
    return DateForm(str(typed[0].first or ""), str(typed[0].last or ""), kept)


def clear_all_url(args: MultiDict) -> str:
    """The search without any filter: the query's words kept, the clauses that are chips taken
    out."""
    query = args.get("q", "")
    typed = [*filter_clauses(query), *date_clauses(query)]
    for clause in sorted(typed, key=lambda clause: clause.start, reverse=True):
        query = clause.without(query)
    return url_for("pages.search", q=query) if query else url_for("pages.search")
