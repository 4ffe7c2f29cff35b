"""The persons facet of one article: people, one value per person, surnames merged into the
full name the article gives ("Peskov" -> "Dmitry Peskov")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from newsarchive.indexer.lexicon import (
    BUSINESS_ENDINGS,
    COMPANY_WORDS,
    CORP_SUFFIXES,
    CREDIT_WORDS,
    CURRENCY_WORDS,
    EVENT_ENDINGS,
    NAME_PARTICLES,
    ORG_ENDINGS,
    ORG_HEADS,
    ORG_WORDS,
    PLACE_ENDINGS,
    ROYAL,
    TITLE_WORDS,
    UNIT_WORDS,
)
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize.common import (
    POSSESSIVE,
    Cluster,
    after_dash,
    clean_text,
    dedupe,
    is_caps,
    key_of,
    label_votes,
    org_word,
    strip_numbers,
    surface_of,
)
from newsarchive.indexer.normalize.places import (
    ORG_LABELS,
    PERSON_LABELS,
    RELABEL_CANDIDATES,
    demonym,
    is_country,
    names_a_people,
    names_country,
    places,
    state_abbreviation,
)
from newsarchive.search.entities import EntityValue, Evidence
from newsarchive.search.text import fold

# A name after a title ("Minister Tamura", "Secretary Jaime Ongpin"), whatever NER labelled it.
_PARTICLE = r"(?: (?:de|da|del|della|der|den|van|von|du|dos|bin|al|el|la|le|di|y))?"
TITLED = re.compile(r"[A-Z][a-z][\w'\-]*(?:" + _PARTICLE + r" [A-Z][\w'\-]+){0,2}")
# Two to four capitalized words: with a nationality in brackets after it, an athlete.
PERSON_LIKE = re.compile(r"[A-Z][\w'\-]+(?:" + _PARTICLE + r" [A-Z][\w'\-]+){1,3}")
# "P. Simmons": one initial and a surname is a person whatever label NER gave it.
INITIAL_NAME = re.compile(r"[A-Z]\. ?[A-Z][\w'\-]+")
# A surname led by a lower-case particle: "Rami al-Saadani", "Ahmed el-Tayeb", "Abdul bin-Hamad".
PARTICLE_SURNAME = re.compile(r"(?:al|el|ad|ar|as|ash|at|az|bin|ibn|abu|ben|da|de|di|du|van|von)"
                              r"-[A-Z][\w'\-]+")
IGNORED = MentionFlag.BYLINE | MentionFlag.PROMO
# Words of organizations' names that no person's name has, wherever they stand ("Deutsche Bank
# Capital Markets"); legal forms only at the end ("Asa Carlsson" is a person, "Norsk Hydro ASA"
# is not).
ORG_NAME_WORDS = (ORG_HEADS - CORP_SUFFIXES) | COMPANY_WORDS
# Last words that end no person's name: a company's, a club's, a venue's, a place's, a unit or
# a currency.
NOT_A_FAMILY_NAME = (ORG_ENDINGS | BUSINESS_ENDINGS | PLACE_ENDINGS | UNIT_WORDS
                     | CURRENCY_WORDS)
# "Bank" in the languages of European banks' names ("Banque", "Banco", "Bankiers", "Volksbank",
# "Rabobank", "Commerzbank"; not the family names Fairbank, Eubank or Burbank).
BANK_WORD = re.compile(r"Ban(?:que|co|ca|kiers)|\w{3,}[soz]bank", re.IGNORECASE)
GENERATIONS = {"jr", "sr", "ii", "iii", "iv"}
# A capital inside a word ("AdWords"), unless after a name's own prefix ("McDonald", "DeLay",
# "O'Brien", "Jones-Drew").
INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
NAME_PREFIX = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|Da|Du|La|Le|Van|Von|Fitz|St|Al|El)[A-Z]|"
                         r"[A-Z][a-z]+-[A-Z]")
# Evidence that a mention is a person whatever else the article says of its text.
STRONG = MentionFlag.TITLED | MentionFlag.LIST_ITEM

# How often a one-word person with no title before it must be named. Once is enough since the
# junk it let in is filtered otherwise (a common word opening a line, "Attendance : 2,000"; a
# unit, "Mln"; a sports story's towns): measured on CoNLL-2003 dev, persons P 0.915 / R 0.892
# with 1 against 0.916 / 0.870 with 2; Reuters people codes 956 against 953 of 982.
ONE_OFF_MIN = 1


# Words that open a clause, which NER takes into a name when they are capitalized ("Which
# Holderbank agreed", "While Smith said"): never a given name.
OPENING_WORDS = frozenset({
    "which", "whose", "whom", "who", "when", "while", "where", "whether", "although", "though",
    "because", "if", "after", "before", "since", "but", "and", "or", "yet", "thus", "meanwhile",
    "however", "moreover", "the", "this", "that", "these", "those", "his", "her", "its",
    "their", "our", "my", "your"})
_DROPPED_FIRST_WORDS = TITLE_WORDS | OPENING_WORDS


def person_name(text: str) -> str | None:
    """A cleaned person name, or None when the mention is not a name (credit, byline, junk)."""
    if "/" in text or "@" in text or "<" in text or ">" in text:
        return None  # a credit, an address, a ticker symbol ("<FWB>")
    if re.fullmatch(r"[A-Z][a-z]{1,4}\.", text.strip()) and state_abbreviation(text.strip()[:-1]):
        return None  # "Penn.", "Calif.": a state's abbreviation
    name = strip_numbers(after_dash(clean_text(text)))
    name = re.split(r"\s+[+\-]?\d[\d.,:\-]*(?:\s+|$)", name)[-1] or strip_numbers(name)
    name = POSSESSIVE.sub("", name)  # "Holcomb's 2016 election": the possessive before a number
    if any(ch.isdigit() for ch in name):  # "Jayasuriya 3 G. McGrath" -> "G. McGrath"
        return None
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in _DROPPED_FIRST_WORDS
                              or demonym(fold(words[0]))):  # "Belgian King Baudouin"
        if len(words) == 2 and words[0].lower() in ROYAL:
            break  # "King Fahd", "Pope Paul": the title is how the name is written
        words = words[1:]
    if len(words) > 2 and is_caps(words[-1]) and not is_caps(" ".join(words[:-1])):
        words = words[:-1]  # "Yuri Kushko TAVILDARA": a byline run into the dateline
    if not words or len(words) > 5 or (
            len(words) == 1 and words[0].lower().rstrip(".") in TITLE_WORDS):
        return None  # "Cmdr": a rank alone names nobody
    folded = {w.lower().strip(".,") for w in words}
    if folded & CREDIT_WORDS or fold(words[-1]) in NOT_A_FAMILY_NAME:
        return None  # "Salomon Bros", "Arnold Foods", "U.S. Dlrs", "Euro"
    if any(org_name_word(w) for w in words):
        return None  # "Deutsche Bank Capital Markets", "Banque Bruxelles Lambert", "Rabobank"
    if not (words[-1][:1].isupper() or PARTICLE_SURNAME.fullmatch(words[-1])) or not any(
            w[:1].isupper() for w in words):
        return None
    if words[0][:1].islower() and words[0] not in NAME_PARTICLES:
        return None  # "qtr Pay": a name does not open with a common word
    if any(not re.fullmatch(r"[\w.'\-]+", w) for w in words):
        return None
    if any(INNER_CAPITAL.search(w) and not NAME_PREFIX.match(w) for w in words):
        return None  # "AdWords", "YouTube": a brand's spelling, not a person's
    if len({w.lower() for w in words}) < len(words):
        return None  # "Gadgetwise Gadgetwise": a heading repeated
    if any(w.islower() and (w not in NAME_PARTICLES or w in ("st", "mc")) for w in words[1:-1]):
        return None  # "Yorkshire at Headingley", "Birmingham v Barnsley": two names, not one
    return " ".join(words)


def org_name_word(word: str) -> bool:
    """A word of organizations' names that no person's name has: "Bank", "Banque", "Rabobank"."""
    return fold(word) in ORG_NAME_WORDS or BANK_WORD.fullmatch(word) is not None


def full_key(name: str) -> str:
    """First and last word: "James A. Baker" and "James Baker" are one person ("John W.
    Johnstone Jr" is "john johnstone", not "john jr")."""
    words = [w for w in fold(name).split() if len(w) > 1 or w.isdigit()]
    while len(words) > 2 and words[-1] in GENERATIONS:
        words = words[:-1]
    return f"{words[0]} {words[-1]}" if len(words) > 1 else fold(name)


def middle_initials(name: str) -> str:
    """The initials of the names between a full name's first and last ("George H.W. Bush" ->
    "hw", "George Walker Bush" -> "w", "George Bush" -> ""); a nickname in quotes or brackets
    is none ("Thomas 'Tip' O'Neill")."""
    words = name.split()
    while len(words) > 2 and fold(words[-1]) in GENERATIONS:
        words = words[:-1]
    letters = []
    for word in words[1:-1]:
        folded = fold(word).replace(" ", "")
        if folded and word[:1].isalpha():
            letters.append(folded if "." in word or len(folded) == 1 else folded[0])
    return "".join(letters)


def people_by_middle(names: Sequence[str]) -> list[list[str]]:
    """Spellings of one first and last word (`full_key`; the most used first) as people: one
    person ("James A. Baker", "James Addison Baker", "James Baker") unless their middle
    initials differ, neither the start of the other ("George H.W. Bush" and "George W. Bush",
    father and son; "John A. Smith" and "John B. Smith"). A spelling without them is the one
    person then so called, or, when there are two, a value of its own: the text does not
    say which."""
    people: list[tuple[str, list[str]]] = []  # (longest initials, spellings)
    bare = []
    for name in names:
        initials = middle_initials(name)
        if not initials:
            bare.append(name)
            continue
        for at, (known, spelled) in enumerate(people):
            if known.startswith(initials) or initials.startswith(known):
                spelled.append(name)
                people[at] = (max(known, initials, key=len), spelled)
                break
        else:
            people.append((initials, [name]))
    if len(people) <= 1:
        return [[*(people[0][1] if people else []), *bare]]
    return [spelled for _, spelled in people] + ([bare] if bare else [])


def surname_key(name: str) -> str:
    words = name.split()
    return fold(words[-1]) if words else ""


def persons_of(mentions: Sequence[Mention], orgs_folded: set[str],
               votes: dict[str, Counter[str]] | None = None, sports: bool = False,
               things: set[str] | None = None) -> list[EntityValue]:
    """Distinct people: surname-only mentions merged into the article's full name.

    ``sports``: the article has score lines (see ``team_keys``), where towns are teams.
    ``things``: the article's ``thing_keys``, when the caller has them already.
    """
    votes = votes if votes is not None else label_votes(mentions)
    things = things if things is not None else thing_keys(mentions)
    names = _person_mentions(mentions, orgs_folded, votes, sports, things)
    alone = lone_words(mentions)
    names += [(name, mention, index) for index, mention in enumerate(mentions)
              if (name := place_then_name(mention, alone))]
    person_of = _person_keys([name for name, _, _ in names if is_full_name(name)])
    full: dict[str, Cluster] = {}
    for name, mention, index in names:
        if is_full_name(name):
            full.setdefault(person_of[name], Cluster(first=index)).add(name, mention, index)
    full = _headline_fragments(_two_word_family_names(
        {key: cluster for key, cluster in full.items()
         if not _headline_company(cluster, orgs_folded)}))
    by_surname: dict[str, str] = {}
    for key, cluster in sorted(full.items(), key=lambda kv: -kv[1].count):
        by_surname.setdefault(surname_key(cluster.best()), key)
    by_first = _by_first_word(full)
    single: dict[str, Cluster] = {}
    for name, mention, index in names + _relabelled(mentions, by_surname):
        if is_full_name(name):
            continue
        key = surname_key(name)  # "von Weizsäcker", "bin Laden": the family name
        if key in by_surname or key in by_first:  # "Peskov" -> "Dmitry Peskov"
            target = full[by_surname.get(key) or by_first[key]]
            target.surfaces[surface_of(mention.text)] += 1
            target.count += 1
        else:
            single.setdefault(key, Cluster(first=index)).add(name, mention, index)
    single = {key: c for key, c in single.items()
              if not _company_short_name(key, c, orgs_folded)}
    kept = {key: c for key, c in single.items() if _keep_one_word(key, c, votes, sports)}
    weak = {key: c for key, c in single.items() if key not in kept and _weak(key, c)}
    ordered = sorted([*full.values(), *kept.values(), *weak.values()],
                     key=lambda c: (-c.count, c.first))
    return dedupe(cluster.value(_evidence(cluster, weak=fold(cluster.best()) in weak))
                  for cluster in ordered)


def _person_keys(full_names: list[str]) -> dict[str, str]:
    """Each full name's person in the article: its `full_key`, and a number after it for a
    second person of the same first and last word (`people_by_middle`)."""
    by_key: dict[str, Counter[str]] = {}
    for name in full_names:
        by_key.setdefault(full_key(name), Counter())[name] += 1
    person_of = {}
    for key, counts in by_key.items():
        for at, spelled in enumerate(people_by_middle([n for n, _ in counts.most_common()])):
            for name in spelled:
                person_of[name] = key if at == 0 else f"{key}|{at}"
    return person_of


def lone_words(mentions: Sequence[Mention]) -> set[str]:
    """The article's mentions of one word, folded ("volker" of "Volker said")."""
    return {key_of(m.text) for m in mentions if " " not in clean_text(m.text)}


def place_then_name(mention: Mention, alone: set[str]) -> str | None:
    """The person an organization's "name" is, when it is a country and two names whose
    second the article names alone ("Ukraine Kurt Volker" of "special envoy to Ukraine Kurt
    Volker", with "Volker said" later; the seeds' AP story listed it as an organization and
    Kurt Volker as no one), else None."""
    if mention.label not in ORG_LABELS:
        return None
    words = clean_text(mention.text).split()
    if len(words) != 3 or not names_country(words[0]):
        return None
    given, family = words[1:]
    if not all(word[:1].isupper() and word[1:].islower() and fold(word) not in ORG_WORDS
               for word in (given, family)) or fold(family) not in alone:
        return None
    return f"{given} {family}"


def _two_word_family_names(full: dict[str, Cluster]) -> dict[str, Cluster]:
    """A two-word name that ends one longer name of the article, and no other, is that
    person called by a family name of two words ("Hernandez Grisanti" of Arturo Hernandez
    Grisanti, "Martinez Cuenca" of Alejandro Martinez Cuenca): one value, not two."""
    longer: dict[str, list[str]] = {}
    for key, cluster in full.items():
        words = fold(cluster.best()).split()
        if len(words) > 2:
            longer.setdefault(" ".join(words[-2:]), []).append(key)
    for key, cluster in list(full.items()):
        if len(cluster.best().split()) != 2:
            continue
        holders = [k for k in longer.get(fold(cluster.best()), ()) if k != key]
        if len(holders) == 1:
            full[holders[0]].absorb(full.pop(key))
    return full


def _headline_fragments(full: dict[str, Cluster]) -> dict[str, Cluster]:
    """A two-word "name" only the headline gives, one of whose words is the family name of
    one person the story names, is that person with a word of the headline beside him
    ("WHITE HOUSE DISAVOWS YEUTTER COMMENTS": Clayton Yeutter, not "Disavows Yeutter";
    "AQUINO DISBANDS VIGILANTE GROUPS", "SHULTZ USSR TRIP FUELS TALK")."""
    family: dict[str, list[str]] = {}
    for key, cluster in full.items():
        if cluster.has(MentionFlag.HEADLINE) < cluster.count:
            family.setdefault(surname_key(cluster.best()), []).append(key)
    for key, cluster in list(full.items()):
        words = fold(cluster.best()).split()
        if len(words) != 2 or cluster.has(MentionFlag.HEADLINE) < cluster.count:
            continue
        holders = {holder for word in words for holder in family.get(word, ())
                   if holder != key}
        if len(holders) == 1:
            full[holders.pop()].absorb(full.pop(key))
    return full


def _headline_company(cluster: Cluster, orgs_folded: set[str]) -> bool:
    """A full "name" only the headline gives, with which a company of the story's body opens
    ("BROWN DISC TO BUY RHONE-POULENC UNIT" over "Brown Disc Products Co Inc said"): the
    company, shortened as headlines do. Only a company, by a legal form or a company's word
    after the name: "Henry Ford" of a story's "Henry Ford Hospital" stays a person."""
    if cluster.has(MentionFlag.HEADLINE) < cluster.count:
        return False
    return _opens_company(fold(cluster.best()) + " ", orgs_folded)


def _company_short_name(key: str, cluster: Cluster, orgs_folded: set[str]) -> bool:
    """A lone word no title precedes, with which a company of the article opens ("Borman"
    of "Borman's Inc", "Wang" of "Wang Laboratories Inc"): the company's short name."""
    if cluster.has(MentionFlag.TITLED):
        return False
    return _opens_company(key + " ", orgs_folded) or _opens_company(key + "'s ", orgs_folded)


def _opens_company(opening: str, orgs_folded: set[str]) -> bool:
    """Whether an organization of the article opens with `opening` (folded) and goes on with a
    legal form or a company's word."""
    return any(org.startswith(opening) and not _COMPANY_TAIL_WORDS.isdisjoint(
        org[len(opening):].split()) for org in orgs_folded)


_COMPANY_TAIL_WORDS = COMPANY_WORDS | CORP_SUFFIXES  # "Products", "Co", "Inc"


def _by_first_word(full: dict[str, Cluster]) -> dict[str, str]:
    """First word -> the article's one full name it opens: "Xi" of Xi Jinping, "Zhao" of Zhao
    Ziyang, "Lee" of Lee Ta-hai, whose family name comes first (and a given name the story
    uses alone, "Matt" of Matt Bevin). A word that opens two of its names says neither, and a
    name only a headline gives ("REAGAN SCRUBS ...": "Reagan Scrubs") takes no one."""
    opening: dict[str, list[str]] = {}
    for key, cluster in full.items():
        if cluster.has(MentionFlag.HEADLINE) < cluster.count:
            opening.setdefault(key.split()[0], []).append(key)
    return {word: keys[0] for word, keys in opening.items() if len(keys) == 1}


def is_full_name(name: str) -> bool:
    """Two words or more, not led by a particle: "von Weizsäcker" and "bin Laden" are family
    names alone, as "Baker" is."""
    words = name.split()
    return len(words) > 1 and not (words[0].islower() and words[0] in NAME_PARTICLES)


def _weak(key: str, cluster: Cluster) -> bool:
    """A one-word name dropped only because it is a common word opening a sentence ("Baker
    said"): kept as a weak value, which the archive shows when it knows the full name."""
    return bool(cluster.has(MentionFlag.COMMON_WORD)) and key not in UNIT_WORDS and not (
        cluster.has(MentionFlag.PLACE_CUE) >= cluster.count or cluster.best().isupper())


def _evidence(cluster: Cluster, weak: bool = False) -> Evidence:
    evidence = Evidence.WEAK if weak else Evidence.NONE
    if cluster.has(MentionFlag.LIST_ITEM) or cluster.has(MentionFlag.NATIONALITY):
        evidence |= Evidence.STRONG
    return evidence


def _relabelled(mentions: Sequence[Mention],
                by_surname: dict[str, str]) -> list[tuple[str, Mention, int]]:
    """Surnames spaCy labelled ORG/PRODUCT/...: "Orpo" (ORG) is Petteri Orpo of the same article."""
    found = []
    for index, mention in enumerate(mentions):
        if mention.label in RELABEL_CANDIDATES:
            name = clean_text(mention.text)
            if " " not in name and fold(name) in by_surname:
                found.append((name, replace(mention, flags=MentionFlag.NONE), index))
    return found


def _person_mentions(mentions: Sequence[Mention], orgs_folded: set[str],
                     votes: dict[str, Counter[str]], sports: bool, things: set[str]
                     ) -> list[tuple[str, Mention, int]]:
    """(name, mention, index) of every mention that names a person, titles dropped."""
    surnames = {key_of(m.text) for m in mentions
                if m.label in PERSON_LABELS and " " not in clean_text(m.text)}
    companies = _company_words(mentions)
    names = []
    for index, mention in enumerate(mentions):
        key = key_of(mention.text)
        if mention.label in PERSON_LABELS and key in companies and not mention.has(
                STRONG | MentionFlag.NATIONALITY):
            continue  # "Magna" of "Magna International Inc"
        if mention.has(IGNORED) or not _names_person(mention, surnames):
            continue
        if (key in things or mention.has(MentionFlag.THING | MentionFlag.RESULTS_SIDE)
                ) and not mention.has(STRONG):
            continue  # a thing, or a side of a results line
        name = person_name(mention.text)
        if not name:
            continue
        words = clean_text(mention.text).split()
        if len(name.split()) < len(words) and fold(words[0]) in TITLE_WORDS:
            # "King Fahd", "President Reagan": the title was part of the entity
            mention = replace(mention, flags=mention.flags | MentionFlag.TITLED)
        strong = mention.has(STRONG) or (mention.has(MentionFlag.NATIONALITY) and " " in name) \
            or INITIAL_NAME.fullmatch(name)
        if is_country(name):
            continue  # "N. Korea", "S. Korean": initials of a place, not of a first name
        if strong or not _is_place_or_org(name, orgs_folded, votes, sports):
            names.append((name, mention, index))
    return names


def thing_keys(mentions: Sequence[Mention]) -> set[str]:
    """Names the article itself calls a thing ("the state oil company Petrobras", "the
    aircraft carrier Carl Vinson"): none of their mentions is a person there, as a story
    uses a name in one sense ("Petrobras will lift the order" is the company too)."""
    return {key_of(m.text) for m in mentions
            if m.has(MentionFlag.THING_NOUN) and not m.has(STRONG)}


def _company_words(mentions: Sequence[Mention]) -> set[str]:
    """Words and names of the article's companies ("Magna International Inc", "Crazy Eddie
    Inc"): the article's short name for the company, not a person."""
    words: set[str] = set()
    for mention in mentions:
        if mention.label == "ORG":
            parts = key_of(mention.text).split()
            if len(parts) > 1 and parts[-1] in CORP_SUFFIXES:
                words.update(w for w in parts[:-1] if len(w) > 2)
                while parts and parts[-1] in CORP_SUFFIXES | {"and", "&"}:
                    parts = parts[:-1]
                words.add(" ".join(parts))  # "Crazy Eddie" of "Crazy Eddie Inc"
    return words


def _names_person(mention: Mention, surnames: set[str]) -> bool:
    """A PERSON mention, or another label with strong evidence of a person: "P. Simmons",
    "Minister Tamura", "Frankie Fredericks ( Namibia )", "Desi Bouterse" when "Bouterse" is a
    PERSON of the article."""
    if mention.label in PERSON_LABELS:
        return True
    if mention.label not in RELABEL_CANDIDATES:
        return False
    cleaned = after_dash(clean_text(mention.text))  # "Romania - Cosmin Contra"
    if INITIAL_NAME.fullmatch(strip_numbers(mention.text)) or (
            mention.has(MentionFlag.TITLED) and TITLED.fullmatch(cleaned)):
        return True
    evidence = mention.has(MentionFlag.NATIONALITY) or surname_key(cleaned) in surnames
    return evidence and PERSON_LIKE.fullmatch(cleaned) is not None and not org_word(cleaned)


def _is_place_or_org(name: str, orgs_folded: set[str], votes: dict[str, Counter[str]],
                     sports: bool = False) -> bool:
    """A PERSON mention that is really a place, an event ("Davis Cup") or an organization of
    the same article."""
    key = fold(name)
    table = places()
    if key in table.names or names_a_people(key) or EVENT_ENDINGS.search(name):
        return True  # ("Briton", "Hutus")
    if sports and " " not in key and key in table.places:
        return True  # in a results story a lone "Kent" or "Surrey" is the county's team
    vote = votes.get(key, Counter())
    if vote["ORG"] + vote["GPE"] + vote["LOC"] + vote["NORP"] > vote["PERSON"]:
        return True
    # "Border Guards" (PERSON) of "The Finnish Border Guard" (ORG)
    return " " in key and key.endswith("s") and any(key[:-1] in org for org in orgs_folded)


def _keep_one_word(key: str, cluster: Cluster, votes: dict[str, Counter[str]],
                   sports: bool) -> bool:
    """A lone one-word "person" never tied to a full name must not only read like a place or a
    platform ("at Salla", "known as Twitter"), nor be an acronym, and unless a title precedes
    it, it must recur (under any label: NER is inconsistent)."""
    if cluster.has(MentionFlag.PLACE_CUE) >= cluster.count or cluster.best().isupper():
        return False
    needed = 2 if sports or key in places().places else ONE_OFF_MIN
    total = sum(votes.get(key, Counter()).values())
    evidence = cluster.has(MentionFlag.TITLED) or cluster.has(MentionFlag.LIST_ITEM)
    if (cluster.has(MentionFlag.COMMON_WORD) or key in UNIT_WORDS) and not evidence:
        return False  # "Attendance : 30,000": a common word opening a line
    return bool(evidence) or max(cluster.count, total) >= needed
