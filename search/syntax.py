"""The query language's contract, as one table: each form, what it finds, an example, and the
same search written without it.

The README's syntax table is rendered from it (`markdown_table`; a test checks the README
holds exactly that) and the API's description of `q` lists its forms (`forms_summary`).
tests/test_query_syntax.py runs every example on a real index and compares it with its
equivalent, so a documented form that misbehaves fails a test.

An equivalent is written as URL parameters (the same names as the command line's flags:
`not_country=Finland` is `--not-country Finland`), or as two of them combined with
`&` (articles in both), `|` (in either) or `-` (in the first, not the second). A form
without one (phrases, word*, word~, title:) is compared with Whoosh's own evaluation of the
same parsed query instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueryForm:
    """One documented form of the query language."""

    form: str  # how it is written, in general
    finds: str  # what it finds
    example: str  # a query on the sample archive (seeds/)
    same_as: str | None  # the example's equivalent (see the module docstring), if any

    def markdown_row(self) -> str:
        cells = [f"`{self.form}`", self.finds, f"`{self.example}`",
                 f"`{self.same_as}`" if self.same_as else "—"]
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


SYNTAX: tuple[QueryForm, ...] = (
    QueryForm("word word", "articles with every word (stemmed: `border` finds `borders`)",
              "border troops", "q=border & q=troops"),
    QueryForm("word OR word", "articles with either", "finland OR sweden",
              "q=finland | q=sweden"),
    QueryForm("NOT word", "leaves out articles with the word", "border NOT finland",
              "q=border - q=finland"),
    QueryForm("-word", "the same as NOT word", "border -finland", "q=border NOT finland"),
    QueryForm('"exact phrase"', "those words in that order with nothing between them, stop "
              "words included", '"bank of england"', None),
    QueryForm('"phrase"~N', "the words in order, each at most N positions after the previous",
              '"trade deficit"~2', None),
    QueryForm("A&B / G-7 / cease-fire", "a word joined by `&`, `-` or `/` is the exact phrase of "
              "its parts, as if quoted (`AT&T`, `F-16`, not every `16`; `U.S.-made`)", "S&P", None),
    QueryForm("co-operation / cooperation", "letters joined by `-` are also the word written "
              "closed up (`e-mail`: `email`, `re-election`: `reelection`); in quotes, the "
              "hyphenated form only", "co-operation", 'q="co-operation" | q=cooperation'),
    QueryForm("G7 / G-7", "letters and a number, written joined or apart: either form finds "
              "both (`F16`, `F-16`, `COVID19`)", "G7", 'q="G-7" | q="G7"'),
    QueryForm("UK / U.K.", "a word of two or three capitals is the acronym, written with "
              "dots or in capitals (`UK` finds `U.K.`, `USA` also `U.S.`; not a headline all "
              "in capitals); so is a stop word typed so (`US`, `IT`: not every `us` or `it`; "
              "`WHO` not every `who`), which beside other words ranks the articles writing it "
              "first (`US sanctions`: every `sanctions`)", "U.K.", "q=UK"),
    QueryForm("word / word.com", "a word also finds it written with a web domain or a "
              "ticker's exchange after a dot (`amazon`: `Amazon.com`; `vowg`: "
              "Volkswagen's `VOWG.F`); in quotes (`\"amazon\"`), the word alone", "vowg",
              "q=vowg.f"),
    QueryForm("word*", "any word starting so, as typed or as its stem (ncty*: NCTY.O); "
              "`?` is any one letter (`b?rder`)", "bord*", None),
    QueryForm("word~ / word~2", "near spellings, one (two) edits, same first letter; "
              "each edit halves a word's weight (`~3` and more are `~2`)", "finlnd~", None),
    QueryForm("title:word / body:word", "the word in the title (body) only", "title:nato",
              None),
    QueryForm('person:"Full Name"', "articles naming that person (the facet value)",
              'person:"Dmitry Peskov"', "person=Dmitry Peskov"),
    QueryForm("person:word", "articles naming any person whose name holds the word "
              "(every Baker; `person:Baker's` too)", "person:Peskov", "person=Dmitry Peskov"),
    QueryForm("country:Name / org:Name", "the same for countries and organizations",
              "country:Finland", "country=Finland"),
    QueryForm("country:Code", "a country by its ISO code or another name it goes by (`US`, "
              "`USA`, `UK`, `Britain`, `Holland`), in a filter too", "country:UK",
              "country=Britain"),
    QueryForm("-person:… / -country:… / -org:…", "leaves out articles naming the value",
              "border -country:Finland", "q=border&not_country=Finland"),
    QueryForm("source:Name", "one publication", "source:Reuters", "source=Reuters"),
    QueryForm("language:code", "articles in that language (ISO 639-1: `en`, `fr`, `de`)",
              "border language:en", "q=border&lang=en"),
    QueryForm("date:[A TO B]", "published from day A to day B, both included",
              "date:[1987-03-01 TO 1987-03-31]", "from=1987-03-01&to=1987-03-31"),
    QueryForm("date:[YYYY-MM TO YYYY-MM]", "whole months (and `YYYY`: whole years)",
              "date:[1987-03 TO 1987-03]", "from=1987-03-01&to=1987-03-31"),
    QueryForm("date:[A TO] / date:[TO B]", "open ranges", "date:[TO 1987-03-31]",
              "to=1987-03-31"),
    QueryForm("date:A", "published on that day (that month, that year)", "date:1987-03",
              "from=1987-03-01&to=1987-03-31"),
    QueryForm("date:>A / >= / < / <=", "published after (from, before, up to) day A",
              "date:>1987-03-31", "from=1987-04-01"),
    QueryForm("-date:[A TO B]", "leaves a period out", "-date:[1987-03-01 TO 1987-03-31]",
              "q= - from=1987-03-01&to=1987-03-31"),
)


def markdown_table() -> str:
    """The README's syntax table."""
    head = ["| form | finds | example | same as |", "| --- | --- | --- | --- |"]
    return "\n".join(head + [form.markdown_row() for form in SYNTAX])


def forms_summary() -> str:
    """The forms in one line, for the API description of `q`."""
    return "; ".join(form.form for form in SYNTAX)
