"""NER's spans completed from the text around them: names the small model missed, cut,
joined or mislabelled (companies named after people, persons read as companies, list and
results lines, roles, towns with their state, a dateline's places).

Each rule takes the prepared text and the spans so far and returns spans; ``complete_spans``
runs them in order and ``indexer.entities.mentions_from`` turns the result into mentions.
Pure text work: no spaCy here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from newsarchive.indexer.lexicon import (
    CORP_SUFFIXES,
    MONTH,
    NAME_PARTICLES,
    ORG_HEADS,
    ORG_WORDS,
)
from newsarchive.indexer.normalize import names_country, names_state


class Span(NamedTuple):
    """One entity as NER (or a rule) found it in the prepared text."""

    text: str
    label: str
    start: int
    end: int


# A news dateline opening the body: "SALVADOR, Feb 26 -", "LOS GATOS, Calif., April 17 -",
# "HELSINKI (Reuters) -", "LONDON 1996-08-30". Its places are the story's, and NER often misses
# them because they are in capitals.
DATELINE = re.compile(
    r"^\s*(?P<places>[A-Z][A-Z.'\- ]+(?:,\s*[A-Z][A-Za-z.'\- ]*?)*)\s*"
    r"(?:,\s*" + MONTH + r"\s+\d{1,2}\b|\([A-Z][\w ]*\)\s*[-\u2013\u2014]|\d{4}-\d\d-\d\d\s*$"
    r"|\s+(?:--?|\u2013|\u2014)\s)",
    re.IGNORECASE | re.MULTILINE,
)


def dateline_places(text: str, title_len: int) -> list[tuple[str, int, int]]:
    """Places of a dateline on the first line of the body, as (text, start, end); a town and
    the state after it are one place ("BIRMINGHAM, Ala.", read as a town of Alabama)."""
    body_start = text.find("\n", title_len) + 1 if title_len else 0
    while text[body_start: body_start + 1] == "\n":
        body_start += 1
    line_end = text.find("\n", body_start)
    line = text[body_start: line_end if line_end >= 0 else len(text)]
    match = DATELINE.match(line)
    if not match or not match.group("places").split(",")[0].strip().isupper():
        return []
    found: list[tuple[str, int, int]] = []
    for part in re.finditer(r"[^,]+", match.group("places")):
        value = part.group().strip()
        if not value:
            continue
        start = body_start + part.start() + part.group().index(value)
        if found and names_state(value) and not names_state(found[-1][0]) \
                and not names_country(found[-1][0]):  # "BIRMINGHAM, Ala.": the state's town
            found[-1] = (text[found[-1][1]:start + len(value)], found[-1][1], start + len(value))
        else:
            found.append((value, start, start + len(value)))
    return found


# An item of a list line ("14 - Sabri Lamouchi 87th ) , 5 - Laurent Blanc ,"): a name of two to
# four capitalized words between separators, numbers and brackets.
LIST_ITEM = re.compile(
    r"(?:^|[,;(]|\d(?:\s*-|\.)?)\s*(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den|del"
    r"|da|di|du|dos|le|la|el|al|bin|y))* [A-Z][\w'\-]+){0,3})(?=\s*(?:[,;()]|[+\-]?\d|\.?\s*$))")


def list_persons(text: str, ents: list[Span]) -> list[tuple[str, int, int]]:
    """Names of a list line that NER missed, when most names of the line are persons.

    A team sheet or a results list repeats one kind of item: when NER calls a third of the
    line's name-shaped items persons (there, or by the same surname elsewhere in the article),
    the others are persons too ("Alama Ieremia" labelled ORG, or
    not found at all). Returns (name, start, end) of every item of such lines."""
    persons = [(start, end) for _, label, start, end in ents if label == "PERSON"]
    surnames = {t.split()[-1] for t, label, _, _ in ents if label == "PERSON" and t.split()}
    found: list[tuple[str, int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        if line.count(",") + line.count(";") >= 2:
            items = [(m.group("name"), line_start + m.start("name"), line_start + m.end("name"))
                     for m in LIST_ITEM.finditer(line)]
            if len(items) >= 3:
                known = [name.split()[-1] in surnames
                         or any(s < end and start < e for s, e in persons)
                         for name, start, end in items]
                if 3 * sum(known) >= len(items) and sum(known) >= 2:
                    found += items
        line_start += len(line) + 1
    return found


# A results line of two sides and their scores ("Greenock Morton 1 Falkirk 0") and a standings
# row (a name and six or more numbers: played, won, drawn, lost, goals, points): teams.
SCORE_LINE = re.compile(r"^[ \t]*(?P<a>[A-Z][^\d\n]*?)[ \t]+\d{1,3}[ \t]+(?P<b>[A-Z][^\d\n]*?)"
                        r"[ \t]+\d{1,3}(?![\d.,\-])", re.MULTILINE)
STANDINGS_LINE = re.compile(r"^[ \t]*(?P<a>[A-Z][^\d\n]*?)(?:[ \t]+-?\d+){6,}[ \t]*$",
                            re.MULTILINE)


def team_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sides named by results lines and standings rows."""
    spans = []
    for pattern in (SCORE_LINE, STANDINGS_LINE):
        for match in pattern.finditer(text):
            spans += [match.span(g) for g in ("a", "b") if g in match.groupdict()
                      and match.group(g)]
    return spans


# "Mark Philippoussis ( Australia )": a name and a country in brackets, as results list athletes.
BRACKETED = re.compile(r"(?<![\w'\-])(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den"
                       r"|del|da|di|du|dos|le|la))* [A-Z][\w'\-]+){1,3}) ?\( ?"
                       r"(?P<c>[A-Z][\w. ]{1,30}?) ?\)")


# "Lubomir Moravcik ( 13th )", "Joe-Max Moore ( 3rd minute , 88th on penalty kick )": a goal
# scorer and the minute of the goal; a list of two or more is a scorers list.
SCORER = re.compile(r"(?<![\w'\-])(?P<name>[A-Z][a-z][\w'\-]*(?:(?: (?:van|von|de|der|den"
                    r"|del|da|di|du|dos|le|la))* [A-Z][\w'\-]+){1,3}) ?,? ?\( ?"
                    r"\d{1,3}(?:st|nd|rd|th)\b")


def _missed_persons(items: list[tuple[str, int, int]], ents: list[Span],
                    share: float, least: int = 2) -> list[tuple[str, int, int]]:
    """The items NER did not mark as whole persons, when it marked (part of) at least `least`
    of them, and at least `share` of them, as persons: items of one kind (a results list, a
    scorecard). An item of which NER marked only a part ("Valle" of "Emilio Valle") is
    returned whole."""
    persons = [(start, end) for _, label, start, end in ents if label.startswith("PERSON")]
    known = [any(s < end and start < e for s, e in persons) for _, start, end in items]
    if sum(known) < max(least, share * len(items)):
        return []
    return [item for item in items
            if not any(s <= item[1] and item[2] <= e for s, e in persons)]


def bracketed_persons(text: str, ents: list[Span]) -> list[tuple[str, int, int]]:
    """Names followed by a country in brackets that NER missed, when NER calls a quarter of
    the article's such names persons (a results list: the same kind of item throughout; in
    CoNLL-2003 dev 296 of 300 such names are persons), and goal scorers ("Lubomir Moravcik
    ( 13th )") when there are two or more, or NER marks the one."""
    if "(" not in text:
        return []
    items = [(m.group("name"), m.start("name"), m.end("name")) for m in BRACKETED.finditer(text)
             if names_country(m.group("c"))]
    found = _missed_persons(items, ents, share=0.25)
    scorers = [(m.group("name"), m.start("name"), m.end("name"))
               for m in SCORER.finditer(text)]
    return found + _missed_persons(scorers, ents, share=0.0, least=0 if len(scorers) > 1 else 1)


# "P. Simmons", "H. Morris": an initial and a surname, as scorecards write players.
INITIAL_SURNAME = re.compile(r"(?<![\w.'\-])[A-Z]\. ?(?:(?:de|van|von|di|da|le) )?"
                             r"[A-Z][a-z][\w'\-]+")


def initial_persons(text: str, ents: list[Span]) -> list[tuple[str, int, int]]:
    """Initial-and-surname names NER missed, in an article where NER marks at least two such
    names as persons (a scorecard names every player so)."""
    if ". " not in text:
        return []
    items = [(m.group(), m.start(), m.end()) for m in INITIAL_SURNAME.finditer(text)]
    return _missed_persons(items, ents, share=0.0)


# "Ericsson spokesman Per Zetterquist told": a function word right before a full name.
ROLE_NAME = re.compile(r"\b(?:spokes(?:man|woman|person)|minister|president|chairman|chairwoman"
                       r"|secretary|governor|ambassador|commissioner|envoy|director|coach"
                       r"|captain|analyst|economist|leader|lawyer) "
                       r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z][\w'\-]+){1,2})\b(?! [A-Z])")


def role_persons(text: str, ents: list[Span]) -> list[tuple[str, int, int]]:
    """Full names right after a lower-case role ("spokesman Per Zetterquist") that NER left
    out, or marked only in part as something else ("Zetterquist" as ORG): a role word
    introduces a person."""
    found = []
    for match in ROLE_NAME.finditer(text):
        start, end = match.span("name")
        inside = [(s, e, label) for _, label, s, e in ents if s < end and start < e]
        name = match.group("name")
        if any(s < start or e > end or (s, e) == (start, end) or label == "PERSON"
               for s, e, label in inside) or any(
                w.lower() in ORG_HEADS for w in name.split()):
            continue  # NER's own view stands where it took the whole name or more
        found.append((name, start, end))
    return found


# Words of a law's own name ("the Securities Exchange Act", "Article 65 of ..."): not an org.
LAW_WORDS = {"act", "law", "bill", "code", "treaty", "article", "section", "amendment", "rule"}


def org_headed(name: str) -> bool:
    """A treaty that is also an organization ("the General Agreement on Tariffs and Trade",
    "the International Cocoa Agreement"): the model calls it LAW."""
    words = [w.lower() for w in name.split()]
    return len(words) > 2 and name.split()[-1][:1].isupper() and any(
        w in ORG_HEADS for w in words) and not LAW_WORDS & set(words)


def joined_companies(text: str, ents: list[Span]) -> list[Span]:
    """"American Telephone and Telegraph Co": NER often splits a company name at its "and"
    into two organizations; rejoined when the second part ends in a legal form and the first
    does not ("Ford Motor Co and Chrysler Corp" are two: normalize.orgs.split_joined_companies
    splits what NER itself joined so), or when the first keeps the "and" itself ("Cable and"
    + "Wireless Plc", "Far West Savings and" + "Loan Association")."""
    out: list[Span] = []
    for ent in ents:
        previous = out[-1] if out else None
        if previous and ent.label == "ORG" and previous.label == "ORG" and ((
                text[previous.end:ent.start] in (" and ", " & ") and _legal_ending(ent.text)
                and not _legal_ending(previous.text)) or (
                _DANGLING_AND.search(previous.text) and _one_name_after(previous.text, ent.text)
                and text[previous.end:ent.start] in (" ", "\t"))):
            out[-1] = Span(text[previous.start:ent.end], "ORG", previous.start, ent.end)
        else:
            out.append(ent)
    return out


_DANGLING_AND = re.compile(r"\s(?:and|&)$")


def _one_name_after(first: str, second: str) -> bool:
    """Whether what follows a dangling "and" ends the same name: not when it has an "and" of
    its own ("Bank of Iron County and" + "Summit Savings and Loan Association") or opens
    with the first's word ("Volvo Cars and" + "Volvo Trucks")."""
    return not re.search(r"\s(?:and|&)\s", second) and (
        first.split()[0].lower() != second.split()[0].lower())


def _legal_ending(name: str) -> bool:
    return name.split()[-1].lower().rstrip(".") in CORP_SUFFIXES if name.split() else False


_LEGAL_FORM = "|".join(sorted({form for suffix in CORP_SUFFIXES
                               for form in (suffix.capitalize(), suffix.upper())}
                              | {"SpA", "GmbH"}, key=len, reverse=True))
# what may follow a company's first word on its line: capitalized words up to its legal form
# ("IXL Ltd", "Mining and Smelting Corp"; not "of": "Lynn Reaser of Barnett Banks Inc" is a
# person), or a family firm's ending ("Joseph E. Seagram and Son's", "Alex. Brown and Sons")
_FAMILY_FIRM = r"[ \t]+(?:and|&)[ \t]+(?:Sons?|Son['\u2019]s|Brothers|Bros\.?)(?![\w-])"
_COMPANY_TAIL = re.compile(r"(?:[ \t]+(?:[A-Z][\w'&-]*|&|and)){0,4}?[ \t]+"
                           rf"(?:{_LEGAL_FORM})(?![\w-])|{_FAMILY_FIRM}")
_LEGAL_FORM_NEXT = re.compile(rf"[ \t]+(?:{_LEGAL_FORM})(?![\w-])|{_FAMILY_FIRM}")
# "Gold Fields of South Africa Ltd": "of" and a country before the legal form (an analyst "of
# Barnett Banks Inc" stays a person: what follows "of" there is no country)
_OF_COUNTRY_TAIL = re.compile(r"[ \t]+of[ \t]+(?P<country>[A-Z][\w.'-]*"
                              r"(?:[ \t]+[A-Z][\w.'-]*){0,2}?)"
                              rf"[ \t]+(?:{_LEGAL_FORM})(?![\w-])")


def _company_tail(text: str, end: int) -> re.Match[str] | None:
    """The rest of a company's name after a "person" ending at ``end``, up to its legal form."""
    tail = _COMPANY_TAIL.match(text, end)
    if tail is None and (tail := _OF_COUNTRY_TAIL.match(text, end)) is not None \
            and not names_country(tail["country"]):
        return None
    return tail


_POSSESSIVES = ("'s", "\u2019s")


def company_heads(text: str, ents: list[Span]) -> list[Span]:
    """"Elders IXL Ltd": NER takes a company's first words for a person's name. A person
    followed on its line by capitalized words that end in a legal form is that company, and
    so is the same one-word name elsewhere in the article ("Elders said"), unless the article
    also names a person so (Boesky of "Ivan Boesky", who "Ivan Boesky and Co" is named after).
    A possessive is the owner: "Robert Maxwell's British Printing and Communications Corp".
    A "person" of several words is the company when the article also writes it with its legal
    form right after ("Newmont Gold plans" where it wrote "Newmont Gold Co's")."""
    persons = [ent.text for ent in ents if ent.label == "PERSON"]
    family = {name.split()[-1] for name in persons if " " in name.strip()}
    companies: dict[str, str] = {}  # a "person" as written -> the company it begins
    for name in {name for name in persons if name not in family}:
        tail_of = _COMPANY_TAIL if " " not in name.strip() else _LEGAL_FORM_NEXT
        for found in re.finditer(rf"(?<![\w-]){re.escape(name)}", text):
            tail = tail_of.match(text, found.end())
            if tail is not None:
                companies[name] = text[found.start():tail.end()]
                break
    # family names the article also gives alone ("Boesky said"): "Ivan Boesky and Co" there
    # is the man's firm, and he is in the story too
    alone = {ent.text for ent in ents if ent.label == "PERSON" and " " not in ent.text.strip()
             and not _COMPANY_TAIL.match(text, ent.end)}
    out: list[Span] = []
    taken = -1  # entities inside a company found so end before this
    for ent in ents:
        if ent.start < taken:
            continue
        tail = _company_tail(text, ent.end) if ent.label == "PERSON" and not \
            ent.text.endswith(_POSSESSIVES) else None
        if tail is not None and " " in ent.text.strip() and ent.text.split()[-1] in alone \
                and tail.group().split()[0] in ("and", "&"):
            tail = None
        if tail is not None:
            taken = tail.end()
            out.append(Span(text[ent.start:taken], "ORG", ent.start, taken))
        elif ent.label == "PERSON" and ent.text in companies:  # the company by its first word
            out.append(Span(companies[ent.text], "ORG", ent.start, ent.end))
        else:
            out.append(ent)
    return out


def employers_of_people(text: str, ents: list[Span]) -> list[Span]:
    """"analyst Rosario Ilacqua of L.F. Rothschild": a "person" written right after another
    person's name and "of" is where that person works, a firm named after its founders."""
    out = list(ents)
    for index in range(1, len(ents)):
        name, label, start, end = ents[index]
        before = ents[index - 1]
        if label == "PERSON" and before.label == "PERSON" and _OF.fullmatch(text, before.end,
                                                                            start):
            out[index] = Span(name, "ORG", start, end)
    return out


_OF = re.compile(r"[ \t]+of[ \t]+")


# what joins the names of a list: "A, B and C", "A, B, C", "A; B", "A & B"
_LIST_JOINT = re.compile(r"[ \t]*(?:[,;][ \t]*(?:(?:and|or|&)[ \t]+)?|(?:and|or|&)[ \t]+)")


def _lists(text: str, ents: list[Span]) -> Iterator[tuple[int, int, list[str]]]:
    """Runs of people and organizations written as one list: (first index, end index, the
    joints between them)."""
    first = 0
    while first < len(ents):
        last, joints = first, []
        while last + 1 < len(ents) and ents[last].label in ("PERSON", "ORG") \
                and ents[last + 1].label in ("PERSON", "ORG"):
            joint = _LIST_JOINT.fullmatch(text, ents[last].end, ents[last + 1].start)
            if joint is None:
                break
            joints.append(joint.group().strip())
            last += 1
        yield first, last + 1, joints
        first = last + 1


def firms_in_lists(text: str, ents: list[Span]) -> list[Span]:
    """Names NER takes for people in a list of firms: "Keefe Bruyette, Goldman Sachs and
    Merrill Lynch co-managed the deal", "Ampex Corp, Amphenol Products, Linotype Group". In a
    list of three or more where organizations (or names ending in a legal form) outnumber the
    people, the people are firms too; a list of people with a company among them is left
    alone. "People" joined by commas alone, the last with a legal form, are one firm's name
    ("L.F. Rothschild, Unterberg, Towbin Inc")."""
    out: list[Span | None] = list(ents)
    for first, end, joints in _lists(text, ents):
        if end - first < 3:
            continue
        run = ents[first:end]
        firms = sum(1 for name, label, _, _ in run if label == "ORG" or _legal_ending(name))
        if all(joint == "," for joint in joints) and _legal_ending(run[-1].text) and not any(
                label == "ORG" or _legal_ending(name) for name, label, _, _ in run[:-1]):
            start, stop = run[0].start, run[-1].end
            out[first:end] = [Span(text[start:stop], "ORG", start, stop),
                              *[None] * (end - first - 1)]
        elif 2 * firms > len(run):
            out[first:end] = [Span(name, "ORG", start, stop) for name, _, start, stop in run]
    return [ent for ent in out if ent is not None]


def towns_with_their_state(text: str, ents: list[Span]) -> list[Span]:
    """"San Jose, Calif.", "Manchester, N.H.": a town followed by its state is that state's
    town, one mention (normalize.places reads the state after the comma), where the town's
    name alone is the largest place of the name (Costa Rica's capital, the English city). A
    one-word "person" followed by a state's abbreviation is a town too ("Oshawa, Ont.", both
    taken for people)."""
    joined: list[Span | None] = list(ents)
    for index, (town, label, start, end) in enumerate(ents):
        state, state_label, state_start, state_end = ents[index + 1] if index + 1 < len(
            ents) else ("", "", -1, -1)
        if label == "PERSON" and " " not in town.strip() and (
                after := _STATE_ABBREVIATION_AFTER.match(text, end)) and names_state(
                after["state"]):
            joined[index] = Span(text[start:after.end()], "GPE", start, after.end())
            if start <= state_start < after.end():
                joined[index + 1] = None  # the state, read as a person or a place of its own
            continue
        if label not in ("GPE", "LOC") or names_state(town) or names_country(town):
            continue
        if state_label == "GPE" and re.fullmatch(r",[ \t]*", text[end:state_start]) \
                and names_state(state):
            joined[index] = Span(text[start:state_end], label, start, state_end)
        elif (after := _STATE_AFTER.match(text, end)) and names_state(after["state"]):
            # "Dublin, Calif.-based": NER leaves the state unread when a word is joined to it
            joined[index] = Span(text[start:after.end()], label, start, after.end())
    return [ent for ent in joined if ent is not None]


_STATE_ABBREVIATION = r"[A-Z][a-z]{1,4}\.|[A-Z]\.[ \t]?[A-Z]\."
_STATE_AFTER = re.compile(rf",[ \t]*(?P<state>{_STATE_ABBREVIATION})(?=-)")
_STATE_ABBREVIATION_AFTER = re.compile(rf",[ \t]*(?P<state>{_STATE_ABBREVIATION})")


# A role after a name and a comma, which only a person holds: "Beryl Sprinkel, chairman of
# the Council", "Herve de Carmoy, chief executive international for Midland Bank" (not one
# followed by a name: "Exxon, chairman Lee Raymond said").
APPOSITIVE_ROLE = re.compile(
    r",\s+(?:the\s+)?(?:(?:former|deputy|vice|acting|senior|assistant|managing|chief)\s+)*"
    r"(?:chairman|chairwoman|president|executive|economist|analyst|director|minister"
    r"|secretary|spokesman|spokeswoman|governor|ambassador|founder|co-founder|professor"
    r"|senator|congressman|congresswoman|chancellor|treasurer)\b(?!\s+[A-Z])")
# A person's name as written: two to four capitalized words, particles between them
_PERSON_SHAPE = re.compile(r"[A-Z][a-z]+(?:\s+(?:[a-z]+\s+){0,2}[A-Z][a-z'\-]+){1,3}")


def appositive_persons(text: str, ents: list[Span]) -> list[Span]:
    """A "company" shaped like a person's name (capitalized words, no word of a firm's) that
    a comma and a role follow ("Beryl Sprinkel, chairman of the White House Council") is
    that person: the small model reads some full names as organizations."""
    out = []
    for ent in ents:
        name = ent.text
        words = name.split()
        if ent.label == "ORG" and _PERSON_SHAPE.fullmatch(name) and all(
                word in NAME_PARTICLES for word in words if word.islower()) and not any(
                word.lower() in ORG_WORDS for word in words) and APPOSITIVE_ROLE.match(
                text, ent.end):
            ent = ent._replace(label="PERSON")
        out.append(ent)
    return out


# where an entity NER ran on is two: a blank line, or a line break before a word in capitals
# (a dateline, "LONDON -"); a name a text broke over two lines ("George\nPanayiotopoulos"
# in CoNLL-2003) is one
_ENTITY_BREAK = re.compile(r"\n[^\S\n]*\n\s*|\n[^\S\n]*(?=[A-Z][A-Z.'\-]+\b)")


def split_at_line_breaks(spans: list[Span]) -> list[Span]:
    """An entity NER ran across a paragraph ("BOM Title" + "Body"; a headline's last words
    and the dateline under it, "Panama Canal\n\nWASHINGTON", "Yuri Kushko\nTAVILDARA") is
    its paragraphs' parts, each an entity of that label (the rules below and the normalizers
    judge each). Measured with bench/facets.py --rebuild (dev archive, all): organizations'
    tail 0.717 -> 0.720, "National Football League" among the top 100 (it was a broken
    span), new junk "Week In Review", "P.S. Please"; CoNLL-2003 person recall 0.900 -> 0.891
    and 0.906 -> 0.898 on the two halves: three reporters' names over their datelines
    ("Yuri Kushko\nTAVILDARA"), now bylines as the README says. Splitting at every line
    break also broke names a text wraps, and cost CoNLL organizations 0.011 precision."""
    out: list[Span] = []
    for span in spans:
        if not _ENTITY_BREAK.search(span.text.strip()):
            out.append(span)
            continue
        at = 0
        for part in [*_ENTITY_BREAK.split(span.text)]:
            offset = span.text.index(part, at)
            at = offset + len(part)
            text = part.strip()
            if re.search(r"\w", text):
                start = span.start + offset + part.index(text)
                out.append(Span(text, span.label, start, start + len(text)))
    return out


_TICKER = re.compile(r"[^\S\n]*<(?P<ticker>[A-Z]{2,6})>")


def tickers_as_acronyms(text: str, ents: list[Span]) -> list[Span]:
    """"General Motors Corp <GM>": a wire story gives a company's ticker right after its
    name, and when the ticker is the name's acronym the story then calls it by it ("bearish
    on GM"). The ticker is a mention of that acronym right after the name, as "(GM)" would
    be, so the organizations' rules join the two (indexer.normalize.orgs: an acronym the
    article introduces). A ticker that is no acronym of the name (Ford Motor Co <F>), or
    that the story does not use ("Foster Wheeler Corp <FWC>" and never "FWC"), is left
    alone: the acronym would become the name shown."""
    from newsarchive.indexer.normalize.orgs import is_acronym_of

    out: list[Span] = []
    for ent in ents:
        out.append(ent)
        found = _TICKER.match(text, ent.end) if ent.label == "ORG" else None
        ticker = found.group("ticker") if found else ""
        words = ent.text.split()
        if found and re.search(rf"(?<![<\w]){ticker}(?![>\w])", text) and any(
                is_acronym_of(ticker, " ".join(words[at:])) for at in range(len(words))):
            out.append(Span(found.group("ticker"), "ORG", found.start("ticker"),
                            found.end("ticker")))
    return out


@dataclass(frozen=True)
class CompletedSpans:
    """NER's spans completed by the rules above, and which of them are items of a list line
    of persons (a team sheet, a results list)."""

    spans: list[Span]
    list_items: set[tuple[int, int]]


def complete_spans(text: str, spans: list[Span]) -> CompletedSpans:
    """NER's spans of the prepared text, completed: treaties that are organizations,
    companies joined, cut or named after people, persons the model read as organizations,
    persons of lists, results and roles it missed, towns with their state."""
    ents = [Span(t, "ORG" if label == "LAW" and org_headed(t) else label, start, end)
            for t, label, start, end in split_at_line_breaks(spans)]
    for company_rule in (joined_companies, company_heads, firms_in_lists, employers_of_people,
                         tickers_as_acronyms):
        ents = company_rule(text, ents)
    ents = appositive_persons(text, ents)
    listed = list_persons(text, ents)
    list_spans = {(start, end) for _, start, end in listed}
    if listed:
        person_spans = {(start, end) for _, label, start, end in ents if label == "PERSON"}
        ents = sorted(ents + [Span(name, "PERSON", start, end) for name, start, end in listed
                              if (start, end) not in person_spans], key=lambda e: e.start)
    athletes = bracketed_persons(text, ents) + initial_persons(text, ents) + role_persons(
        text, ents)
    if athletes:
        ents = sorted(ents + [Span(name, "PERSON", start, end) for name, start, end in athletes],
                      key=lambda e: e.start)
    return CompletedSpans(towns_with_their_state(text, ents), list_spans)
