"""Organizations across the archive: generic and table words, type votes, one value per
organization (spellings, fragments, country variants, acronyms and short forms), bodies."""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter, defaultdict
from functools import lru_cache

from newsarchive.indexer.lexicon import (
    ACRONYM_SKIP,
    BODY_WORDS,
    CORP_SUFFIXES,
    GENERIC_ORG_WORDS,
    ORG_WORDS,
    SCHEME_ENDINGS,
    SCHEME_OWNERS,
    THING_ABBREVIATIONS,
)
from newsarchive.indexer.normalize import names_country
from newsarchive.indexer.normalize.orgs import org_key
from newsarchive.indexer.normalize.places import demonym, places
from newsarchive.indexer.resolve.decisions import (
    ENGLISH_COMMON,
    MIN_LONE_ARTICLES,
    Decisions,
    common_words,
    other_type,
    printed_as_common_word,
    spellings,
    votes,
)
from newsarchive.indexer.resolve.evidence import (
    ArchiveEvidence,
    TextStats,
    ValueStats,
    acronym_like,
)
from newsarchive.search.entities import Evidence
from newsarchive.search.text import english_counts, fold

# Last words of a body inside an organization: "Senate Agriculture Committee", "Federal Reserve
# Board" ("House of Representatives" is no body of "House").
SUB_BODIES = frozenset({"committee", "subcommittee", "commission", "council", "board", "panel",
                        "secretariat", "delegation", "mission", "office", "bureau"})
# Products named as Apple names them: "iPhone", "iPad", "iTunes" (the company "iRobot" acts
# in its articles: "iRobot said").
BRAND_PRODUCT = re.compile(r"i[A-Z][a-z]+")
# A web address's ending after a name: "Amazon.com", "Salon.com", "Guardian.co.uk".
WEB_DOMAIN = re.compile(r"(?<=\w)\.(?:com|net|org|co\.uk|com\.au)(?![\w.])", re.IGNORECASE)
# Last words of a company that owns the company of the same name.
HOLDING_WORDS = frozenset({"group", "holdings", "holding", "and", "&"})
POSSESSIVE = re.compile(r"'s?\b")
# Last words that leave a name unfinished: "Economic Club of".
DANGLING = frozenset({"of", "for", "and", "the", "&"})
# A fragment: a value the archive prints inside a longer value of the facet in this share of
# the articles that print it.
FRAGMENT_SHARE = 0.7
# ... checked (word positions read, the slow part) for values of at least this many articles.
MIN_FRAGMENT_ARTICLES = 2
# An acronym or short form goes with the name it is spelled out as or named with most, when
# that name holds this share of its links.
LINK_SHARE = 0.6
# ... and when it is spelled out or named with it in at least this share of its own articles.
LINK_MIN_SHARE = 0.05
# A plain word ("House", "Alliance") goes with a longer name only when that name is in this
# many articles: one article's "House of Seagram" is no reason to read every "House" (the
# Congress's, in the other articles) as the distiller.
MIN_LONG_FORM_ARTICLES = 2
# A one-word name a product's word follows ("USB port", "Android phones") in this share of its
# articles, and that never acts nor has people ("said", "chief executive", "shares"), is a
# product or a technical term, not an organization; decided for names of this many articles or
# more. On the dev archive's half a (tuned on): RSS 0.62, Android 0.27, SEO 0.20, PDF 0.20.
PRODUCT_SHARE = 0.25
MIN_PRODUCT_ARTICLES = 5
# A short name that general knowledge gives a full name (data/known_short_names.tsv) links to
# it as much as one article spelling it out would.
KNOWN_NAME_WEIGHT = 2
# A bare name is a country's ("Treasury" and "U.S. Treasury") when that country is the main
# country of at least this share of the bare name's articles.
COUNTRY_SHARE = 0.5


def resolve_orgs(evidence: ArchiveEvidence, stats: TextStats, decisions: Decisions) -> None:
    """Decide every stored organization value: first what is no organization, then one value
    per organization (spellings, fragments, country variants, bodies, acronyms)."""
    orgs = dict(evidence.values.get("org", {}))  # (a value may take a person's counts)
    persons = {fold(value): value for value in evidence.values.get("person", {})}
    for value, item in orgs.items():
        words = fold(value).split()
        if (len(words) == 1 and words[0] in GENERIC_ORG_WORDS) or all(
                w in CORP_SUFFIXES for w in words):
            decisions.hide("org", value, "a generic word, no name")
            continue
        if len(words) == 1 and words[0] in THING_ABBREVIATIONS and sum(
                ch.isupper() for ch in value) >= 2:  # ("Ram" trucks, "Pdf")
            decisions.hide("org", value, "the abbreviation of a thing, no organization")
            continue
        if BRAND_PRODUCT.fullmatch(value) and not item.count(Evidence.AGENT):
            decisions.hide("org", value, "a product's name (an \"i\" before a capital, as "
                                         "in iPhone), and it never acts")
            continue
        if item.count(Evidence.TEAM) * 2 >= item.articles:
            continue  # a town's name on a results table is its team: the votes say "place"
        if item.figures * 2 > item.mentions and org_key(value) == fold(value) and (
                len(words) == 1 or item.articles >= MIN_LONE_ARTICLES):
            decisions.hide("org", value, f"a label of figures in {item.figures} of its "
                                         f"{item.mentions} mentions")
            continue  # (a company with its legal form may head a row of its results)
        key = fold(value)
        other = other_type(evidence.labels.get(key), "O", item)
        if other == "P" and (person := persons.get(key)) in decisions.not_people:
            other = None  # NER's "person" is no one's name: an organization, its mentions too
            decisions.redirect("person", person, ("org", value),
                               f"no one's name, and an organization's: "
                               f"{votes(evidence, key)}")
            orgs[value] = item = _with(item, evidence.values["person"][person])
        if other == "P" and key in persons:
            decisions.send("org", value, ("person", persons[key]),
                           f"a person: {votes(evidence, key)}")
            continue
        if other in ("G", "T", "N") or (other == "P" and len(words) == 1):
            decisions.hide("org", value, f"not an organization: {votes(evidence, key)}")
            continue
        if item.always(Evidence.HEADLINE) and item.articles >= MIN_LONE_ARTICLES:
            decisions.hide("org", value, "named only in headlines")
            continue
        if item.always(Evidence.PAGE_TITLE) and (word := _headline_word(value, item)):
            decisions.hide("org", value, f"named only in a title-case headline, with "
                                         f"'{word}', a common English word")
            continue
        products = item.count(Evidence.PRODUCT)
        if len(words) == 1 and item.articles >= MIN_PRODUCT_ARTICLES and not item.count(
                Evidence.AGENT) and products >= PRODUCT_SHARE * item.articles:
            decisions.hide("org", value, f"a product or a technical term: a product's word "
                                         f"follows it in {products} of its {item.articles} "
                                         f"articles, and it never acts")
            continue
        if len(words) == 1:
            common = common_words(value, evidence, stats)
            if common:
                decisions.hide("org", value, common)
        elif (after := _country_and_common_word(value, item, evidence, stats)) is not None:
            decisions.hide("org", value, after)
        elif (heading := _heading_words(value, item, evidence, stats)) is not None:
            decisions.hide("org", value, heading)
    kept = spellings("org", orgs, org_group_key, decisions)
    _fragments(kept, stats, decisions)
    _country_variants(decisions.undecided("org", kept), decisions)
    kept = decisions.undecided("org", kept)
    _links(kept, _bodies(kept, decisions), evidence, decisions)
    _schemes(orgs, decisions)


def _with(item: ValueStats, other: ValueStats) -> ValueStats:
    """A value's counts with another value's articles counted too (a new record)."""
    merged = ValueStats()
    merged.absorb(item)
    merged.absorb(other)
    return merged


def _country_and_common_word(value: str, item: ValueStats, evidence: ArchiveEvidence,
                             stats: TextStats) -> str | None:
    """Why "U.S. Action", "U.S. Investors", "U.K. Clearing" are no organizations: wire copy
    capitalizes the word after "U.S." ("Monday's U.S. Action"), so NER reads a country's
    abbreviation and a common word (mostly printed outside names, counted unstemmed) as a
    name. One that acts ("U.S. Lines said") is kept; so are names after a country written
    out ("China Daily", "Canada Post")."""
    words = value.split()
    if len(words) != 2 or "." not in words[0] or item.count(Evidence.AGENT):
        return None
    country, word = words[0], fold(words[1])
    if not names_country(country) or word in GENERIC_ORG_WORDS | CORP_SUFFIXES:
        return None
    common = printed_as_common_word(word, evidence, stats)
    return f"a country's abbreviation and a common word: {common}" if common else None


# an organization's words, and a body's ("Chicago Board of Trade", "Senate Agriculture Committee")
ORGANIZATION_WORDS = ORG_WORDS | BODY_WORDS


def _headline_word(value: str, item: ValueStats) -> str | None:
    """Why "Response To Hurricane Sandy" or "Campaigning Resumes After Weekend Pause", named
    only in a page's title-case headline, are no organization: NER reads a run of its
    capitalized words as a name. A name of several words, half of them or more common
    English words (symspellpy's counts), is the headline's, unless it acts or has an
    organization's word ("Bay Co Bldg Auth" of a wire's headline stays, and so do "El Al"
    and a lone "Boeing", whose name Google Books counts as often as a word)."""
    words = [word for word in fold(value).split() if word not in ACRONYM_SKIP]
    if len(words) < 2 or item.count(Evidence.AGENT) or any(
            word in ORGANIZATION_WORDS for word in words):
        return None
    counts = english_counts()
    common = [word for word in words if len(word) > 2 and word.isalpha()
              and counts.get(word, 0) >= ENGLISH_COMMON]
    return common[0] if 2 * len(common) >= len(words) else None


def _heading_words(value: str, item: ValueStats, evidence: ArchiveEvidence,
                   stats: TextStats) -> str | None:
    """Why "Previous Post", "Most Popular Post", "Comments Print Recipe" or "Success Stories"
    are no organizations: a web page's headings and link lists capitalize every word, and NER
    reads some runs of them as a name. A name of several words printed only in such lines (in
    no headline: the wire names companies there, "KINCAID FURNITURE 1ST QTR"), that never
    acts, has no organization's word, and whose every word (but "of", "and", ...) the archive
    mostly prints outside names (counted unstemmed), is a heading's words."""
    if len(value.split()) < 2 or item.count(Evidence.AGENT) or item.count(
            Evidence.HEADLINE) or not item.always(Evidence.HEADINGS):
        return None  # (one word: "T-Mobile" is two common words to the counts)
    words = [word for word in fold(value).split() if word not in ACRONYM_SKIP]
    if not words or any(word in ORGANIZATION_WORDS for word in words):
        return None
    common = [printed_as_common_word(word, evidence, stats) for word in words]
    if not all(common):
        return None
    return f"common words printed only in headings or link lists: {'; '.join(common)}"


def _schemes(orgs: dict[str, ValueStats], decisions: Decisions) -> None:
    """A programme, a plan, a monetary system or a law (an Act) is no organization, nor is
    the value it was merged with: "European Monetary System" and "EMS", "Export Enhancement
    Program" and "EEP" (after the acronyms are linked, so that the acronym goes too)."""
    for value, item in orgs.items():
        if not any(_scheme(name) for name in (value, *item.surfaces)):
            continue  # (an article that spells out "EMS" stored one value, "EMS")
        for facet, shown in decisions.final("org", value):
            if facet == "org":
                decisions.hide("org", shown, f"a scheme or a law, not an organization: {value}")


OFFICE_WORDS = frozenset({"department", "ministry"})
# "AT&T" is "ATT", "Standard & Poor's" "Standard and Poor's"
AMPERSAND = re.compile(r"(?<=\w)(&)(?=\w)|\s*&\s*")


@lru_cache(maxsize=1 << 18)  # asked of every value by several rules
def org_group_key(value: str) -> str:
    """"Goldman, Sachs and Co", "Goldman Sachs & Co" and "Goldman Sachs" are one spelling, and
    so are "E.F. Hutton Group Inc" and "E.F. Hutton", "AT&T" and "ATT", "Standard & Poor's"
    and "Standard and Poor's", and "Amazon.com" and "Amazon" (a company named by its web
    address)."""
    key = AMPERSAND.sub(lambda m: "" if m.group(1) else " and ", org_key(WEB_DOMAIN.sub("", value)))
    words = re.sub(r"[^\w\s']", " ", key).split()
    while len(words) > 2 and words[-1] in HOLDING_WORDS:
        words = words[:-1]
    return " ".join(_office_last(words))


def _office_last(words: list[str]) -> list[str]:
    """"Department of Agriculture" as "Agriculture Department", "Ministry of International
    Trade and Industry" as "International Trade and Industry Ministry": one spelling (the
    dev archive showed the U.S. Department of Agriculture beside the U.S. Agriculture
    Department, the Department of the Treasury beside the Treasury Department)."""
    for at, word in enumerate(words[:-2]):
        if word in OFFICE_WORDS and words[at + 1] == "of":
            rest = words[at + 2:]
            rest = rest[1:] if rest[0] == "the" and len(rest) > 1 else rest
            return [*words[:at], *rest, word]
    return words


def _country_variants(orgs: dict[str, ValueStats], decisions: Decisions) -> None:
    """"Treasury" and "U.S. Treasury", "Senate" and "U.S. Senate": one value when the bare
    name's articles are mostly about that country ("Canadian House of Commons" stays apart
    from an archive's British "House of Commons")."""
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    by_key = {org_group_key(v): v for v in orgs}
    for value, item in orgs.items():
        bare = _without_country(value)
        bare = org_group_key(bare) if bare else None  # "U.S. Department of the Treasury"
        if bare and bare in by_key and by_key[bare] != value:  # is "Treasury Department"
            variants[by_key[bare]][value] += item.articles
    for bare, prefixed in variants.items():
        home = orgs[bare].countries.most_common(1)
        if not home or home[0][1] < COUNTRY_SHARE * orgs[bare].articles:
            continue
        # the bare name's country's variants only ("Canadian General Electric Co Ltd", a
        # company of its own, kept "U.S. General Electric Co" from General Electric Co)
        mine = Counter({value: count for value, count in prefixed.items()
                        if _country_of_prefix(value) == home[0][0]})
        if not mine:
            continue
        (best, count), = mine.most_common(1)
        if count < LINK_SHARE * sum(mine.values()):
            continue
        shown, other = (bare, best) if orgs[bare].articles >= count else (best, bare)
        decisions.send("org", other, ("org", shown),
                       f"one organization: {bare} is {best} in this archive (the main country "
                       f"of {home[0][1]} of its {orgs[bare].articles} articles)")


def _bodies(orgs: dict[str, ValueStats], decisions: Decisions) -> dict[str, str]:
    """"Federal Reserve Board" also names the Federal Reserve, as "EC Commission" names the EC,
    when the archive names that organization on its own. Returns body -> organization.

    The organization is the body's first words as written: a company whose name they are
    without its "Co" is none ("Federal Co", a meat packer, is no parent of the Federal
    Trade Commission and every "Federal ... Board")."""
    by_key = {org_group_key(v): v for v in orgs}
    roots = {}
    for value in orgs:
        words = value.split()
        if len(words) < 2 or fold(words[-1]) not in SUB_BODIES:
            continue
        for cut in range(len(words) - 1, 0, -1):  # "House Ways and Means Committee": House
            parent = by_key.get(org_group_key(" ".join(words[:-cut])))
            if parent and parent != value and orgs[parent].articles >= 2 and not (
                    fold(parent) in places().places or fold(parent) in places().names) \
                    and len(parent.split()) <= len(words) - cut:
                decisions.also("org", value, ("org", parent), f"a body of {parent}")
                roots[value] = parent
                break
    return roots


def _links(orgs: dict[str, ValueStats], roots: dict[str, str], evidence: ArchiveEvidence,
           decisions: Decisions) -> None:
    """One value for an acronym or short form and the name it stands for."""
    links: dict[str, Counter[str]] = defaultdict(Counter)  # short form -> long forms, weighted
    by_key = {org_group_key(v): v for v in orgs}
    by_bare_key = {org_group_key(bare): v for v in orgs if (bare := _without_country(v))}

    def link(first: str, second: str, weight: int) -> None:
        short, long = sorted((first, second), key=len)
        links[short][roots.get(long, long)] += weight

    for value, item in orgs.items():  # spelled out in one article: "IMF" with its full name
        for surface, count in item.surfaces.items():
            other = by_key.get(org_group_key(surface))
            if other and other != value and _same_org(other, value):
                link(value, other, 2 * count)
    canonical = {}
    for facet_value in evidence.values.get("org", {}):
        final = decisions.final("org", facet_value)
        if final and final[0][1] in orgs:
            canonical[facet_value] = final[0][1]
    for (first, second), count in evidence.together.items():
        first, second = canonical.get(first), canonical.get(second)
        if first and second and first != second and _same_org(first, second):
            link(first, second, count)
    known: set[tuple[str, str]] = set()  # (short, long) that general knowledge links
    for value in orgs:  # a well-known short name, never spelled out: as if it were once
        for key in _known_short_names().get(_short_key(value), ()):
            other = by_key.get(key) or by_bare_key.get(key)
            if other and other != value:
                link(value, other, KNOWN_NAME_WEIGHT)
                known.add((value, roots.get(other, other)))
    for short, longs in links.items():
        longs.pop(short, None)  # its own bodies ("House Agriculture Committee" of the House)
        if not longs:
            continue
        (best, count), = longs.most_common(1)
        if count < LINK_SHARE * sum(longs.values()):
            continue
        if count < 2 and not (acronym_like(short) and orgs[short].articles == 1):
            continue  # one article is enough for an acronym printed only there ("U.N.")
        if count < LINK_MIN_SHARE * orgs[short].articles:
            continue  # "ABC" spelled out as "Arab Banking Corp" in 4 of its 200 articles
        if not acronym_like(short) and " " not in short \
                and orgs[best].articles < MIN_LONG_FORM_ARTICLES:
            continue
        short_first = orgs[short].articles >= orgs[best].articles and (
            acronym_like(short) or org_group_key(_without_country(best) or "")
            == org_group_key(short))  # "General Electric Co" (20), not "U.S. ..." (1)
        shown, other = (short, best) if short_first else (best, short)
        if (short, best) in known:
            count -= KNOWN_NAME_WEIGHT
            why = "a well-known short name" + (
                f"; named together or spelled out in {count} articles" if count else "")
        else:
            why = f"named together or spelled out in {count} articles"
        decisions.send("org", other, ("org", shown), f"one organization: {short} = {best} ({why})")


def _scheme(name: str) -> bool:
    key = fold(name)
    return key.endswith(SCHEME_ENDINGS) and not SCHEME_OWNERS & set(key.split())


def initials(name: str) -> str:
    """"U.S. Agriculture Department" -> "USAD": first letters, dotted abbreviations whole."""
    letters = []
    for word in name.split():
        if word.lower() in ACRONYM_SKIP or not word[:1].isalpha():
            continue
        letters.append(word.replace(".", "") if "." in word.rstrip(".") else word[0])
    return "".join(letters).upper()


def _same_org(first: str, second: str) -> bool:
    """An acronym and its full name ("IMF", "International Monetary Fund"; "USDA", "U.S.
    Agriculture Department": the same initials in another order), a short form and its name
    ("Fed", "Federal Reserve", "Stanford" of Stanford University), or a name with and without
    its country."""
    short, long = sorted((first, second), key=len)
    if _known_short_name(short, long):
        return True
    if acronym_like(short):
        letters = short.replace(".", "")
        options = {initials(long), initials(org_key(long))}
        if _country_of_prefix(long) is not None:  # "FDA" of "U.S. Food and Drug Administration"
            options.add(initials(" ".join(long.split()[1:])))
        return letters in options or (len(letters) > 2 and any(
            sorted(letters) == sorted(option) for option in options))
    folded_short, folded_long = fold(short), fold(long)
    if " " not in folded_short and len(folded_short) >= 3:
        words = folded_long.split()
        if words[1:] in (["university"], ["college"]) and words[0] == folded_short:
            return True  # "Stanford" of "Stanford University": a university called by its name
        if words[0] == folded_short:  # "House" of "House of Representatives": the head noun
            return len(words) > 2 and words[1] in ("of", "for")  # ("House Agriculture" is no
        if _nickname_of_town(folded_short, words):  # "Lions" of "Detroit Lions"
            return True
        return words[0].startswith(folded_short)  # House); "Fed" of "Federal Reserve"
    return _without_country(long) == folded_short


KNOWN_SHORT_NAMES = importlib.resources.files("newsarchive.indexer") / "data" / \
    "known_short_names.tsv"


@lru_cache(maxsize=1)
def _known_short_names() -> dict[str, frozenset[str]]:
    """``data/known_short_names.tsv``: a short name's key -> its full names' group keys."""
    full_names: dict[str, set[str]] = defaultdict(set)
    for line in KNOWN_SHORT_NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, full = line.split("\t")
            full_names[_short_key(short)].add(org_group_key(full))
    return {short: frozenset(keys) for short, keys in full_names.items()}


def _short_key(value: str) -> str:
    """"U.N." and "UN", "BofA" and "BOFA": one short name."""
    return fold(value).replace(".", "")


def _known_short_name(short: str, full: str) -> bool:
    """Whether general knowledge says `short` names the organization `full` names: "GOP" the
    Republican Party, "DOJ" the (U.S.) Justice Department, "NFL" the National Football League.
    The archive rarely spells these out (its writers take them as known), so its own
    evidence cannot tell; the table can."""
    keys = _known_short_names().get(_short_key(short))
    if not keys:
        return False
    bare = _without_country(full)
    return org_group_key(full) in keys or (bare is not None and org_group_key(bare) in keys)


def _nickname_of_town(short: str, words: list[str]) -> bool:
    """A team or paper named by its town and a plural word, called by the word alone: "Lions"
    of "Detroit Lions", "Saints" of "New Orleans Saints", "Times" of "New York Times" (not a
    body's word: "Senate" of "Texas Senate" is not plural, "Airlines" an organization's word)."""
    return (len(words) > 1 and words[-1] == short and short.endswith("s")
            and not short.endswith("ss") and short not in ORGANIZATION_WORDS
            and " ".join(words[:-1]) in places().places)


def _without_country(value: str) -> str | None:
    """"U.S. Treasury" -> "treasury": the name without a leading country or demonym."""
    words = value.split()
    if len(words) < 2 or _country_of_prefix(value) is None:
        return None
    return fold(" ".join(words[1:]))


def _country_of_prefix(value: str) -> str | None:
    """The country a name's first word names: "U.S. Treasury" -> United States."""
    head = fold(value.split()[0])
    return places().names.get(head) or demonym(head)


def _fragments(orgs: dict[str, ValueStats], stats: TextStats, decisions: Decisions) -> None:
    """A name the archive prints almost only inside a longer value is that value ("Poor's
    Corp" of "Standard and Poor's Corp"); one ending in "of" or "and" is cut short."""
    containing: dict[str, list[str]] = defaultdict(list)  # word prefix or suffix -> values
    for value in orgs:
        words = _contains_key(value).split()
        for cut in range(1, len(words)):
            containing[" ".join(words[:cut])].append(value)
            containing[" ".join(words[cut:])].append(value)
    for value in orgs:
        if decisions.decided("org", value):
            continue
        words = _contains_key(value).split()
        if not words:
            continue
        dangling = words[-1] in DANGLING
        key = " ".join(words[:-1] if dangling else words)
        candidates = [other for other in set(containing.get(key, ())) if other != value
                      and stats.words(other) != stats.words(value)]
        if dangling:  # "Group of" is cut from a name that goes on so ("Group of Seven"), not
            # from any name holding "Group" ("USAir Group")
            candidates = [other for other in candidates
                          if _contains_key(other).startswith(" ".join(words) + " ")]
        if not candidates:
            if dangling:
                decisions.hide("org", value, "a fragment of a name")
            continue
        best = max(candidates, key=lambda v: (orgs[v].articles, v))
        printed = stats.phrase_articles(value)
        if dangling:  # the longer name it is printed in, if nearly always the same one
            inside = stats.exact_phrase_articles(best) if printed else 0
            if printed and inside >= FRAGMENT_SHARE * printed:
                decisions.send("org", value, ("org", best), f"a fragment of {best}")
            else:
                decisions.hide("org", value, "a fragment of a name")
        elif orgs[value].articles >= MIN_FRAGMENT_ARTICLES and printed and (
                stats.phrase_articles(best) >= FRAGMENT_SHARE * printed) and (
                inside := stats.exact_phrase_articles(best)) >= FRAGMENT_SHARE * printed:
            decisions.send("org", value, ("org", best),
                           f"a fragment of {best} (printed in {printed} articles, {inside} of "
                           f"them in the longer name)")


@lru_cache(maxsize=1 << 18)
def _contains_key(value: str) -> str:
    """"Moody's Investors Service" -> "moody investors service": words to match fragments."""
    return POSSESSIVE.sub("", fold(value))


