"""The organizations facet of one article: one value per organization, its legal form, its
acronym and its bodies merged ("Noranda Inc" = "Noranda", "OECD" = its full name)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsarchive.indexer.lexicon import (
    ACRONYM_SKIP,
    BODY_WORDS,
    BUSINESS_ENDINGS,
    CORP_SUFFIXES,
    CREDIT_WORDS,
    CURRENCY_WORDS,
    EVENT_WORDS,
    MONTH_WORDS,
    NAME_PARTICLES,
    NOT_A_COUNTRY_S_ORG,
    ORG_ENDINGS,
    PARENT_ENDINGS,
    RATING,
    STATE_CODES_NAMING_ORGS,
    TRADE_TERMS,
    UNIT_WORDS,
)
from newsarchive.indexer.mentions import Mention, MentionFlag
from newsarchive.indexer.normalize.common import (
    Cluster,
    after_dash,
    clean_text,
    dedupe,
    key_of,
    org_word,
    strip_numbers,
)
from newsarchive.indexer.normalize.persons import (
    INITIAL_NAME,
    PERSON_LIKE,
    lone_words,
    org_name_word,
    place_then_name,
    surname_key,
)
from newsarchive.indexer.normalize.places import ORG_LABELS, demonym, names_a_people, places
from newsarchive.search.entities import EntityValue, Evidence
from newsarchive.search.text import POSSESSIVE, fold

# An acronym standing for an organization: "EC", "OPEC", "U.N." (two to six letters).
ACRONYM_LIKE = re.compile(r"(?:[A-Z]\.){2,6}|[A-Z]{2,6}|[A-Z][a-z]{3,5}")
IGNORED = MentionFlag.BYLINE | MentionFlag.PROMO


EMAIL = re.compile(r"\S@\S+\.\w")
# an instrument code a wire story prints after the name it quotes (a Reuters Instrument
# Code, linked to its quote on the web: "the London Metal Exchange CMAL3", "sterling GBP=",
# "Apple AAPL.O"): capitals with a digit, an "=" or an exchange suffix, as the name's last word
INSTRUMENT_CODE = re.compile(r"(?<=\S)\s+(?:\.?[A-Z][A-Z0-9]*(?:=[A-Z0-9]*|\.[A-Z]{1,2}|"
                             r"(?<=[A-Z])[0-9][A-Za-z0-9]*))$")


MENU_PATH = re.compile(r"\s-?>\s")
TICKER_END = re.compile(r"^[^\s<>]{1,12}>\s*(?:(?:and|&|,)\s+)?")


def org_name(text: str) -> str | None:
    """A cleaned organization name as the article writes it, or None for junk."""
    if "/" in text.strip() and " " in text.strip():  # "JUSSI NUKARI/Lehtikuva/AFP/Getty Images"
        return None
    if EMAIL.search(text):  # "Joab_Jackson@idg.com": an e-mail address, a byline's
        return None
    if MENU_PATH.search(text):  # "Dashboard > Template > Edit HTML": a page's menu path
        return None
    # a span that starts or ends inside the wire's brackets: "<BKB> and First Chicago Corp"
    # read as "BKB> and First Chicago Corp", "<Ackerly Communications Inc> year" as
    # "Ackerly Communications Inc> year"
    name = TICKER_END.sub("", text)
    if name != text and len(name.split()) < 2:  # "Ahm> Qtly", "UAL> Unit": a word after one
        if name.strip():
            return None
        name = text  # "Cominco>": the end of "<Cominco>"
    name = re.sub(r">.*$", "", name)
    name = re.sub(r"(?<=\S)\s*<[^>]*>?.*$", "", name)  # "Hytek Inc <HTEK.O> 1st Qtr"
    name = INSTRUMENT_CODE.sub("", name)  # "London Metal Exchange CMAL3", "Sterling GBP="
    name = re.sub(r"\b(Inc|Corp|Co|Ltd|Plc|SpA|AG|SA)\.? of .*$", r"\1", name)  # "X Inc of Y"
    name = re.sub(r"\b(Inc|Corp|Ltd|Plc|LLC)\.? [A-Z]\S*.*$", r"\1", name)  # "X Inc Q2"
    # the same in a headline in capitals, re-cased for the model: "Bechtel inc sets Utlity
    # design contract", "Canterbury press inc year"
    name = re.sub(r"\b(inc|corp|ltd|plc|llc)\.?(?: (?!(?:of|inc|corp|ltd|plc)\b)\S.*)$", r"\1",
                  name)
    name = re.sub(r"\s+news(?: agency)?$", "", clean_text(after_dash(clean_text(name))))
    if re.search(r"[A-Za-z] [+\-]?\d[\d.,]* [A-Za-z]|[:;]| \)|\( ", name):
        return None  # "Stirling 1 Dundee 1", "Lindsay ) Davenport": a results line, not a name
    name = strip_numbers(name)
    words = name.split()
    while len(words) > 1 and (words[-1] in {"&", "and", "-"} or words[-1].lower() in MONTH_WORDS):
        words = words[:-1]  # "Opec February": a date after the name
    while len(words) > 1 and words[0].lower() in UNIT_WORDS:
        words = words[1:]  # "Dlr World Bank" of "a 500 mln dlr World Bank loan"
    words = _without_dateline(words)
    name = " ".join(words)
    letters = sum(ch.isalpha() for ch in name)
    if letters < 2 or not name[:1].isalnum() or name.lower() == name or name.lower() in {
            "the", "a", "an", "of", "and"}:
        return None
    if name[:1].islower() and not re.match(r"[a-z]+-?[A-Z]", name):
        return None  # "cts Net": a name does not open with a common word ("eBay" does)
    if fold(name) in MONTH_WORDS | TRADE_TERMS or _currency(words) or RATING.fullmatch(name):
        return None  # "Apr", "U.S. Dollar", "BBB", "FOB": dates, money, ratings, trade terms
    if INITIAL_NAME.fullmatch(name):  # "H. Morris" is a person
        return None
    return name


def _without_dateline(words: list[str]) -> list[str]:
    """"Moody's NEW YORK" -> "Moody's": a dateline's place in capitals run into a mixed-case
    name (a capitals word of the name itself, "Lloyds TSB", stays)."""
    cut = len(words)
    while cut > 1 and words[cut - 1].isupper() and len(words[cut - 1]) > 1:
        cut -= 1
    tail = " ".join(words[cut:])
    mixed = any(len(w) > 1 and w[1:].islower() for w in words[:cut])
    if cut < len(words) and mixed and fold(tail) in places().places:
        return words[:cut]
    return words


def _currency(words: list[str]) -> bool:
    """"Dollar", "U.S. Dollar", "Swiss francs": a currency, alone or with its country."""
    if fold(words[-1]) not in CURRENCY_WORDS:
        return False
    rest = fold(" ".join(words[:-1]))
    return not rest or rest in places().names or demonym(rest) is not None


def acronym(name: str) -> str:
    """Initials of the significant words: "Bank for International Settlements" -> BIS."""
    words = [w for w in name.split() if w.lower() not in ACRONYM_SKIP and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper()


# "U.S. Food and Drug Administration" is the FDA: the country before a name is no initial
_COUNTRY_BEFORE = re.compile(r"^(?:U\.S\.|U\.K\.)\s+")


def is_acronym_of(short: str, name: str) -> bool:
    """"OECD" for "Organisation for Economic Cooperation and Development"; "GM" for "General
    Motors Corp" and "FDA" for "U.S. Food and Drug Administration" too (a company's legal
    ending and a country before the name are no initials)."""
    name = _COUNTRY_BEFORE.sub("", name)
    if not (short.isupper() and 2 <= len(short) <= 6) or any(
            w.isupper() and fold(w) not in CORP_SUFFIXES for w in name.split()):
        return False
    return short in (acronym(name), acronym(org_key(name)))  # org_key: without the ending


def org_key(name: str) -> str:
    """Merge key: "Noranda Inc" and "Noranda" are one company (the fuller spelling is shown)."""
    words = fold(name).split()
    while len(words) > 1 and (words[-1] in CORP_SUFFIXES or words[-1] in {"&", "and"}):
        words = words[:-1]
    return " ".join(words)


# "Ford Motor Co and Chrysler Corp", "Texaco Inc and Pennzoil Co": NER reads two companies
# joined by "and" as one name; a legal ending closes a company's name, so what follows it is
# another: on the dev archive of bench/facets.py, 170 values so joined (with commas too) became
# 5, and First Boston Corp went from 80 to 91 articles. "Merrill Lynch and Co Inc" and
# "Procter & Gamble Co" have no legal ending before the "and"; "Becher GmbH and Co" is one.
_JOINED_AFTER_ENDING = re.compile(
    r"\b(?P<ending>" + "|".join(sorted(CORP_SUFFIXES, key=len, reverse=True)) + r")\b\.?"
    r"(?:,? and |,? & |, )(?=[A-Z])", re.IGNORECASE)


def split_joined_companies(mentions: list[Mention]) -> list[Mention]:
    """Each organization mention of companies joined by "and" as one mention per company."""
    out = []
    for mention in mentions:
        parts = _JOINED_AFTER_ENDING.sub(r"\g<ending>\n", mention.text).split("\n") \
            if mention.label in ORG_LABELS else []
        if len(parts) > 1 and all(any(w.lower().strip(".,") not in CORP_SUFFIXES
                                      for w in part.split()) for part in parts):
            out.extend(Mention(part.strip(), mention.label, mention.flags) for part in parts)
        else:
            out.append(mention)
    return out


def orgs_of(mentions: Sequence[Mention], persons: list[str],
            place_keys: set[str], org_keys: set[str], teams: set[str] = frozenset()
            ) -> list[EntityValue]:
    """Distinct organizations: canonical form, acronym merged into full name, no people/places."""
    person_keys = {fold(p) for p in persons} | {surname_key(p) for p in persons} | {
        fold(p.split()[0]) for p in persons if " " in p}  # "Wang" of "Wang Donghai"
    clusters: dict[str, Cluster] = {}
    alone = lone_words(mentions)
    for index, mention in enumerate(mentions):
        label = mention.label
        if place_then_name(mention, alone):
            continue  # "Ukraine Kurt Volker": a person (persons_of)
        for text in _conjoined_parts(_slash_parts(mention.text), org_keys):
            team = label != "NORP" and fold(strip_numbers(clean_text(text))) in teams
            if label not in ORG_LABELS and not team and not (
                    label == "PERSON" and _org_like(text, org_keys)):
                continue
            name = org_name(text)
            if not name:
                continue
            key = org_key(name)
            if mention.has(IGNORED) or _not_org(name, mention):
                continue
            head, _, rest = key.partition(" ")
            company = key != fold(name)  # "Crazy Eddie Inc": a legal form says company
            words = key.split()
            is_person = not company and (key in person_keys or POSSESSIVE.sub("", key) in
                                         person_keys or (  # "Trump's" of "Trump's July 25"
                rest in person_keys and demonym(head)) or (
                len(words) > 1 and all(w in NAME_PARTICLES for w in words[:-1])
                and words[-1] in person_keys))  # "De Villiers" of "Henri de Villiers"
            if is_person or (key in place_keys and key not in teams):
                continue  # "Orpo", "American Dennis Mitchell"; "Helsinki" used as a place
            cluster = clusters.setdefault(key, Cluster(first=index))
            cluster.add(name, Mention(text, label, mention.flags), index)
            cluster.team = cluster.team or team or mention.has(MentionFlag.SCORE)
    _add_parents(clusters)
    _merge_variants(clusters)
    ordered = sorted((c for c in clusters.values() if c.has(MentionFlag.COMMON_WORD) < c.count),
                     key=lambda c: (-c.count, c.first))  # only ever a common word opening a line
    return dedupe(cluster.value(Evidence.TEAM if cluster.team else Evidence.NONE)
                  for cluster in ordered)


def _parent(name: str, clusters: dict[str, Cluster]) -> str | None:
    """The organization a body's name names: "EC" of "EC Commission", "U.N." of "U.N. Security
    Council", "European Community" of "European Community Commission"; None for "Security
    Council" or "U.S. Senate" (a country is no organization)."""
    words = name.split()
    if len(words) < 2 or fold(words[-1]) not in BODY_WORDS:
        return None
    for cut in (1, 2):
        parent = " ".join(words[:-cut])
        if not parent or not parent[:1].isupper():
            return None
        key = fold(parent)
        if key in places().names or key in places().nations or demonym(key):
            return None
        if (org_key(parent) in clusters or ACRONYM_LIKE.fullmatch(parent) and (
                parent.isupper() or parent.count(".") > 1)) or (
                len(parent.split()) > 1 and fold(parent.split()[-1]) in PARENT_ENDINGS
                and not re.search(r" (?:and|&) ", parent)):
            return parent
    return None


def _add_parents(clusters: dict[str, Cluster]) -> None:
    """Add the organization each body belongs to ("EC" for "EC Commission"): an article about
    the EC Commission is one a reader filtering on the EC wants."""
    for key in list(clusters):
        cluster = clusters[key]
        parent = _parent(cluster.best(), clusters)
        if parent is None:
            continue
        target = clusters.setdefault(org_key(parent), Cluster(first=cluster.first))
        if not target.count:
            target.forms[parent] += cluster.count
            target.surfaces.update(cluster.surfaces)
            target.count = cluster.count
            target.body_first = cluster.body_first
            target.positions = list(cluster.positions)
            target.flags = cluster.flags.copy()


def _not_org(name: str, mention: Mention) -> bool:
    """A country, a people or faith ("Chechens", "Sikhs"), a state's postal code ("Hartford,
    CT"), a country and a common word ("U.S. Economy"), an event ("UEFA Cup") or an athlete
    ("Name ( Country )")."""
    key = fold(name)
    table = places()
    if key in table.names or key in table.nations or names_a_people(key):
        return True
    if len(name) == 2 and name in table.state_codes and name not in STATE_CODES_NAMING_ORGS:
        return True
    head, _, last = key.rpartition(" ")
    if last in NOT_A_COUNTRY_S_ORG and (head in table.names or names_a_people(head)):
        return True  # "U.S. Economy", "U.S. Securities" (houses): a country and a common word
    if EVENT_WORDS.search(name):
        return True
    return mention.has(MentionFlag.NATIONALITY) and PERSON_LIKE.fullmatch(name) is not None \
        and not org_word(name)


def _slash_parts(text: str) -> list[str]:
    """"International Monetary Fund/World Bank" names two organizations (a credit does not)."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) > 1 and all(len(part) > 2 and part[:1].isupper() for part in parts) and not (
            {w.lower() for w in re.findall(r"\w+", text)} & CREDIT_WORDS):
        return parts
    return [text]


def _conjoined_parts(texts: list[str], org_keys: set[str]) -> list[str]:
    """"the World Bank and IMF" names two organizations when the article also names each alone
    (a name such as "Food and Agriculture Organization" is kept whole)."""
    out = []
    for text in texts:
        parts = re.split(r"\s+and\s+", clean_text(text))
        if len(parts) > 1 and all(fold(part) in org_keys for part in parts):
            out += parts
        else:
            out.append(text)
    return out


def _org_like(text: str, org_keys: set[str]) -> bool:
    """A PERSON mention that is an org: "Border Guards" of "Finnish Border Guard" in the same
    article, or a name ending like a company, a club, a business or a venue ("Salomon Bros",
    "Manchester United", "Arnold Foods", "Semper Opera"), or with a word only organizations'
    names have."""
    key = key_of(text)
    if " " in key and key.split()[-1] in ORG_ENDINGS | BUSINESS_ENDINGS:
        return True
    if any(org_name_word(word) for word in clean_text(text).split()):
        return True  # "Deutsche Bank Capital Markets", "Banque Nationale de Paris", "Rabobank"
    singular = key[:-1] if key.endswith("s") else key
    return " " in key and any(singular in org for org in org_keys)


def _merge_variants(clusters: dict[str, Cluster]) -> None:
    """Merge an acronym into its full name, and a shorter or plural variant into the longer name."""
    keys = sorted(clusters, key=len, reverse=True)
    for key in keys:
        if key not in clusters:
            continue
        target = _variant_target(key, clusters)
        if target:
            big, small = clusters[target], clusters.pop(key)
            if is_acronym_of(small.best(), big.best()):
                big.shown = small.best()  # "OECD": one spelling across the archive
            big.absorb(small)


def _introduces(name: Cluster, short: Cluster) -> bool:
    """The article spells the name out and then (within two mentions) uses the acronym."""
    return any(0 < b - a <= 2 for a in name.positions for b in short.positions)


def _variant_target(key: str, clusters: dict[str, Cluster]) -> str | None:
    form = clusters[key].best()
    singular = key[:-1] if key.endswith("s") else key
    for other in clusters:
        if other == key:
            continue
        other_form = clusters[other].best()
        # "OPEC" -> "Organization of Petroleum Exporting Countries" when the article spells the
        # name out before using the acronym (so "EC" stays apart from a later "European
        # Commission": in a 1987 story EC is the European Community)
        if is_acronym_of(form, other_form) and _introduces(clusters[other], clusters[key]):
            return other
        # "Border Guard(s)" -> "Finnish Border Guard": only when the short one is several words
        suffix = other.endswith(" " + singular) or other.endswith(" " + key)
        if " " in key and len(other) > len(key) and suffix:
            return other
        # "Allied" -> "Allied Supermarkets" (an acronym stays apart: "EC" vs "EC Commission",
        # and so does an organization from its body: "Opec" vs "Opec Conference")
        if not form.isupper() and other.startswith(key + " ") and (
                other.split()[-1] not in BODY_WORDS):
            return other
    return None
