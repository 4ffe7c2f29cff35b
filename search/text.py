"""Text conventions shared by the indexer and every reader (search/ is the package both may
import): how entity names are compared, and when lines of text are hard-wrapped.

The writer merges "U.S." and "US", "the Kremlin" and "Kremlin" with ``fold``; the article page
and the aliases file compare names the same way. Wire copy is wrapped at about 70 columns:
cleaning joins its lines into paragraphs, entity recognition joins a name broken across two
lines, the article page re-flows it; all three ask ``hard_wrapped`` whether a text is so.
How common a word is in English (``english_counts``) tells did-you-mean a right spelling the
archive lacks, and the indexer a common word from a name.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from importlib import resources

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
# a possessive ending a name ("Reagan's", "Peskov’s", "Reuters'"): the name is without it
POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The comparison key of a name: case, dots, accents, hyphens and a leading "the" removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(".", "").translate(APOSTROPHES).lower()
    text = re.sub(r"[\s\-]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


# Short forms of English given names: "Jim Wright" and "James Wright" are one person when the
# archive names both (the family name must match too), and a filter on one finds the other.
NICKNAMES = {
    "jim": "james", "jimmy": "james", "bob": "robert", "bobby": "robert", "rob": "robert",
    "bill": "william", "billy": "william", "will": "william", "dick": "richard",
    "rick": "richard", "tom": "thomas", "tommy": "thomas", "mike": "michael", "dave": "david",
    "joe": "joseph", "ed": "edward", "ted": "edward", "eddie": "edward", "chuck": "charles",
    "charlie": "charles", "tony": "anthony", "larry": "lawrence", "jerry": "gerald",
    "ron": "ronald", "don": "donald", "jack": "john", "johnny": "john", "ken": "kenneth",
    "steve": "stephen", "pete": "peter", "andy": "andrew", "sam": "samuel", "ben": "benjamin",
    "dan": "daniel", "danny": "daniel", "matt": "matthew", "pat": "patrick",
    "nick": "nicholas", "chris": "christopher", "alex": "alexander", "fred": "frederick",
    "walt": "walter", "liz": "elizabeth", "beth": "elizabeth", "kate": "katherine",
    "kathy": "katherine", "sue": "susan", "jenny": "jennifer", "jeff": "jeffrey",
    "greg": "gregory", "phil": "philip", "doug": "douglas", "al": "albert", "hank": "henry",
    "harry": "henry", "les": "leslie", "len": "leonard", "vic": "victor", "gene": "eugene",
}


def given_name_key(name: str) -> str:
    """The folded name with its first word's short form spelled out: "Jim Baker" -> "james
    baker"; the Latin spellings of a Slavic name's "-y" are one ("Volodymyr Zelenskiy",
    "Zelenskyy" and "Zelensky"; "Dmitriy" and "Dmitry")."""
    first, _, rest = spelling_key(fold(name)).partition(" ")
    return f"{NICKNAMES.get(first, first)} {rest}" if rest else first


def spelling_key(folded: str) -> str:
    """Folded words with "-iy", "-yy" and "-skyi" written "-y" at their end."""
    return _SLAVIC_Y.sub("y", folded)


_SLAVIC_Y = re.compile(r"(?:iy|yy|(?<=sk)yi)\b")


# Hard-wrapped text: at least this many lines, none longer than WRAP_LONGEST characters and
# the median at least WRAP_MEDIAN (wire copy: about 70; a web page: a paragraph per line).
WRAP_LINES = 4
WRAP_LONGEST = 100
WRAP_MEDIAN = 40


def hard_wrapped(lines: list[str]) -> bool:
    """True when the lines are a text wrapped at a fixed width, not one paragraph per line."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    return (len(lengths) >= WRAP_LINES and lengths[-1] <= WRAP_LONGEST
            and lengths[len(lengths) // 2] >= WRAP_MEDIAN)


@lru_cache(maxsize=1)
def english_counts() -> dict[str, int]:
    """The words of symspellpy's English frequency dictionary (82,765 words of Google Books,
    names of people and places among them) with their counts: did-you-mean leaves an English
    word the archive lacks alone, the indexer tells a common word from a name by them."""
    import symspellpy  # only for its data: the dictionary ships inside the package

    path = resources.files(symspellpy) / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.partition(" ")
            counts[sys.intern(word)] = int(count)
    return counts
