"""The search contract, spelled once: every parameter of a search, its name in a URL and on
the command line, and how its text becomes part of a SearchRequest.

The URL reader (web/params.py), the `search` and `export` options (newsarchive/cli.py), the
parameters a link carries (web/urls.py) and the API document (web/openapi.py) are all built
from PARAMETERS and read through `request_from`, so a new filter is one row here and its
field on SearchRequest, and the URL and the command line cannot disagree on a limit or a
message.
"""

from __future__ import annotations

import enum
import keyword
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from newsarchive.search.engine import MAX_PAGE_SIZE, SORTS, SearchRequest
from newsarchive.search.forms import straight_quotes
from newsarchive.search.schema import FACET_FIELDS, LANGUAGE_CODE, not_a_language_code

MAX_QUERY_CHARS = 1000
MAX_PAGE = 10_000
FACET_NOUNS = {"person": "person", "country": "country", "org": "organization"}
# a language code (search.schema.LANGUAGE_CODE) outside it is a 400, as a bad date is; an
# empty one is no filter, as an empty person= is (the OpenAPI pattern says both)
LANGUAGE_PATTERN = f"^(?:{LANGUAGE_CODE.pattern})?$"


class ParameterError(ValueError):
    """A parameter a user (or a link) got wrong; the message names it and what to write.
    `names`: the URL parameters at fault, which an error page's links leave out."""

    def __init__(self, message: str, names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.names = names


class Kind(enum.Enum):
    TEXT = "text"
    DATE = "date"  # YYYY-MM-DD
    INTEGER = "integer"
    CHOICE = "choice"
    CODE = "code"  # a language code (LANGUAGE_CODE): fr, en, pt-br


@dataclass(frozen=True)
class Parameter:
    """One parameter of a search."""

    name: str  # in URLs and the API
    flag: str | None  # the command line's option; None: the command line spells it otherwise
    kind: Kind
    help: str
    repeat: bool = False  # may be given several times (all must match)
    choices: tuple[str, ...] = ()
    default: int | str | None = None
    low: int | None = None
    high: int | None = None
    carried: bool = True  # kept by a link that changes the search (not so the page number)

    @property
    def key(self) -> str:
        """The Python name of the command-line option's value ("from" -> "from_")."""
        name = self.name
        return f"{name}_" if keyword.iskeyword(name) else name


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("q", None, Kind.TEXT, "The query (see the query syntax); empty: every article."),
    *(Parameter(facet, f"--{facet}", Kind.TEXT, f"Only articles naming this {noun} "
                "(repeatable; all must match).", repeat=True)
      for facet, noun in FACET_NOUNS.items()),
    *(Parameter(f"not_{facet}", f"--not-{facet}", Kind.TEXT,
                f"Leave out articles naming this {noun} (repeatable).", repeat=True)
      for facet, noun in FACET_NOUNS.items()),
    Parameter("from", "--from", Kind.DATE, "Only articles dated on or after this day."),
    Parameter("to", "--to", Kind.DATE, "Only articles dated on or before this day."),
    Parameter("source", "--source", Kind.TEXT, "Only this publication."),
    Parameter("lang", "--language", Kind.CODE, "Only articles in this language, an ISO "
              "639-1 code such as fr (repeatable; any may match).", repeat=True),
    Parameter("sort", "--sort", Kind.CHOICE, "Order of hits (relevance: ties newest first).",
              choices=SORTS, default="relevance"),
    Parameter("page", "--page", Kind.INTEGER, "Page number, from 1.", default=1, low=1,
              high=MAX_PAGE, carried=False),
    Parameter("size", "--limit", Kind.INTEGER, "Hits per page.", default=10, low=1,
              high=MAX_PAGE_SIZE),
)
BY_NAME = {parameter.name: parameter for parameter in PARAMETERS}
MAX_FACET_VALUES = 1000
# a facet's value list (/api/facets/<facet>, `newsarchive entities`): besides the search
FACET_PREFIX = Parameter("prefix", "--prefix", Kind.TEXT, "Only values with a word starting "
                         "with this text (Pesk: Dmitry Peskov).")
FACET_TOP = Parameter("top", "--top", Kind.INTEGER, "How many values, most frequent first.",
                      default=50, low=1, high=MAX_FACET_VALUES)
FACET_LIST_PARAMETERS = (FACET_PREFIX, FACET_TOP)

Values = Callable[[str], list[str]]  # a parameter's name -> the texts given for it


def request_from(values: Values, spell: Callable[[Parameter], str] = lambda p: p.name,
                 *, strict: bool = True) -> SearchRequest:
    """The SearchRequest that the parameters' texts ask for; ParameterError names the first
    one that is wrong (as `spell` writes it: "from" in a URL, "--from" on the command line).

    A blank text (a query, a filter value, a source) is no filter. A date, number or choice
    given empty ("from=") is an error when `strict` (the JSON API, the command line); else
    it is the same as leaving it out, as an HTML form sends an empty date box (the pages,
    and the feed and exports they link to with the page's parameters)."""
    read = {p.name: _read(p, _given(p, values(p.name), strict), spell) for p in PARAMETERS}
    if read["from"] and read["to"] and read["from"] > read["to"]:
        raise ParameterError(f"{spell(BY_NAME['from'])} must not be after "
                             f"{spell(BY_NAME['to'])}", ("from", "to"))
    return SearchRequest(
        query=read["q"] or "",
        filters={f: read[f] for f in FACET_FIELDS if read[f]},
        excludes={f: read[f"not_{f}"] for f in FACET_FIELDS if read[f"not_{f}"]},
        date_from=read["from"], date_to=read["to"], source=read["source"] or None,
        languages=read["lang"],
        sort=read["sort"], page=read["page"], page_size=read["size"],
    )


def read_parameter(parameter: Parameter, values: Values, strict: bool = True) -> object:
    """One parameter's value (or its default); ParameterError when it is wrong."""
    return _read(parameter, _given(parameter, values(parameter.name), strict),
                 lambda p: p.name)


def _given(parameter: Parameter, texts: list[str], strict: bool) -> list[str]:
    """The texts that count: blank texts are no filter, and empty typed values are not
    given unless strict."""
    if parameter.kind is Kind.TEXT:
        return [text for text in texts if text.strip()]
    if parameter.kind is Kind.CODE:  # "lang=" is no filter; " fr" is no code (a 400)
        return [text for text in texts if text]
    return texts if strict else [text for text in texts if text]


# Only ASCII digits: int() and date.fromisoformat() also take "1_000", " 12", "+3", "١٢",
# "20231130" or "2023-W48-4", which no link writes and the API document does not allow.
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _read(parameter: Parameter, texts: list[str], spell: Callable[[Parameter], str]
          ) -> object:
    """The parameter's value; a ParameterError names it as the one at fault."""
    try:
        return _value(parameter, texts, spell)
    except ParameterError as error:
        error.names = error.names or (parameter.name,)
        raise


def _value(parameter: Parameter, texts: list[str], spell: Callable[[Parameter], str]
           ) -> object:
    if parameter.kind is Kind.CODE:  # lowercase, as the index stores languages
        for text in texts:
            if not LANGUAGE_CODE.fullmatch(text):
                raise ParameterError(not_a_language_code(spell(parameter), text))
        return [text.lower() for text in texts]
    if parameter.repeat:
        return texts
    if not texts:
        return parameter.default
    text, name = texts[0], spell(parameter)
    if parameter.name == "q":
        if len(text) > MAX_QUERY_CHARS:
            raise ParameterError(f"the query is longer than {MAX_QUERY_CHARS} characters")
        return straight_quotes(text)
    if parameter.kind is Kind.DATE:
        try:
            if not ISO_DAY.fullmatch(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise ParameterError(f"{name} must be a date like 2023-11-30, not {text!r}") from None
    if parameter.kind is Kind.INTEGER:
        if not WHOLE_NUMBER.fullmatch(text):
            raise ParameterError(f"{name} must be a whole number (digits 0-9 only), "
                                 f"not {text!r}")
        shown = text if len(text) <= 20 else f"{text[:20]}..."
        if (len(text.lstrip("-0")) > len(str(parameter.high))
                or not parameter.low <= int(text) <= parameter.high):  # type: ignore[operator]
            raise ParameterError(f"{name} must be between {parameter.low} and "
                                 f"{parameter.high}, not {shown}")
        return int(text)
    if parameter.kind is Kind.CHOICE and text not in parameter.choices:
        raise ParameterError(f"{name} must be one of {', '.join(parameter.choices)}, "
                             f"not {text!r}")
    return text.strip()
