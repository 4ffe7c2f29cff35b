"""Did-you-mean: misspelt query words replaced by the likeliest words the archive holds.

Decisions, with figures from ``bench/didyoumean.py`` (300 words of an archive, half in 1-5
articles, each given a random one-edit and two-edit typo; seeds archive / 16,569-article dev
archive):

- **Vocabulary.** Candidates are the archive's own words: the body as written (Whoosh keeps
  the unstemmed body words in ``spell_body``) and the words of the facet values as shown
  (``James Baker`` gives ``james`` and ``baker``, which also covers names only a headline
  holds; a title's own words, ``spell_title``, are never offered: headlines write tickers
  and abbreviations, "BKNE", "ELBTF"). A facet clause
  (``person:Bakr``, ``country:Finlnd``, ``person:"Jmes Baker"``) is compared with the words of
  that facet's values and with its whole values. Each word keeps its document frequency.
- **Built once per reader**, segment by segment (several times faster than Whoosh's merged
  term listing), and kept in a WeakKeyDictionary keyed by the Whoosh reader, so it goes with
  its index generation: 0.05 s / 0.9 MB for the seeds, 0.7-0.9 s / 8.4 MB for the dev archive
  (53,000 words) and 1.2 s / 8.6 MB for the same text repeated as 200,000 articles. Words
  are sorted lists per word length with their frequencies in numpy arrays (looked up by
  bisection, no dict); only words of letters (2 to MAX_WORD) are kept. The titles' words
  (``Vocabulary.title_words``, so a word only titles write is no typo) add 0.1 s and 1.4 MB
  on the dev archive (9.8 MB in all).
- **Distance.** Optimal string alignment (Damerau: a transposition is one edit), computed by
  rapidfuzz over the length buckets a candidate can be in. Any letter may be wrong, the first
  one too. A typed word of 3 letters may be one edit off, a longer one two (``max_edits``).
- **Ranking** is a noisy channel (``Candidate.score``): -ln P(typed | word), the probability
  that one or two typing errors turn the word into what was typed, summed over every way
  they can (``search.typos``: a deletion or transposition is likelier than an inserted or
  substituted letter, which could have been any of 26; an edit of a short word likelier than
  one of a long word at the same place), less FREQUENCY_WEIGHT * ln(articles): a damped
  prior, as searches in an archive ask for rare names far more often than their share of the
  text. Against "fewest edits, then most articles" an edit count (2 nats an edit, ln 26 more
  a letter: ``Edits.rough_cost``) picked the right word for 97% instead of 95% (seeds) and
  93% instead of 85% (dev) of one-edit typos, 83% instead of 70% and 75% instead of 59% of
  two-edit ones; the summed channel (issue 13) restores 2.2 points more two-edit typos on
  the dev archive (mean of seeds 7-11: 75.3% -> 77.5%, one-edit 92.9% -> 93.1%) and 1.7 more
  on the seeds, as the edit count mistook some errors (``jegn`` from ``jeong``: a deletion
  and a transposition, not a deletion and a substitution; ``olhder`` from ``holder``: a
  letter moved by two places). The misses are typos as near to another word (``grve``: grave
  or grove): ``--ceiling`` of the bench shows that even the choice that knows how the bench
  draws its words and typos restores only 93-96% of one-edit and 79-84% of two-edit typos on
  the dev archive. Scoring runs in order of the edits' rough cost (``Edits.rough_cost``) and
  stops ROUGH_MARGIN past the best, so a short typo with 400 candidates scores about 50 of
  them.
- **Correct words are left alone.** A word the archive holds is only questioned when it is in
  SUSPECT_MAX article, has SUSPECT_MIN_LENGTH letters or more, is no word of a facet value
  (names, however rare, are what they are) and one cheap edit (a deletion, transposition or
  doubled letter) from a word in SUSPECT_RATIO times as many articles. On the dev archive 760
  of 53,000 words are so questioned; of 100 drawn at random 95 were the archive's own typos
  (``accross``, ``becasue``, ``governmnet``) and 5 real words (``sentient``, ``potion``,
  ``resent``, ``embers``, ``samford``). Without the name and cheap-edit conditions, 3.3% of
  correctly spelled bench words got a suggestion (names such as ``gelman`` -> ``german``);
  with them, 0-1%, all of them typos in the archive. Nor is a word English has
  (``unite``, one article, is no typo of ``united``; ``pints`` none of ``points``): on dev
  seed 8 correct words given a suggestion fell from 1.3% to 0.7%.
- **The archive's own typos are never offered** (``_best_spelt``): a word so questioned is
  passed over as a correction, so "bitcoin" is not offered "billoin" (one article's slip for
  "billion") and "cpaaicty" gets "capacity", not "capaicty". The bench draws such typos as
  words to restore ("washingon", "thrids"), so its dev figures fell by 0.3-0.7 points
  (seeds 7 / 8 / 9, one-edit 93.3 / 93.0 / 92.0% -> 93.0 / 92.3 / 91.7%, two-edit 76.7 /
  80.3 / 73.3% -> 76.3 / 80.3 / 73.0%); the seeds archive's did not move.
- **A word spelt right that the archive lacks** is left alone when symspellpy's English
  frequency dictionary holds it (82,765 words of Google Books, names such as Kiev, Kohl and
  Reagan among them): a typo is offered a correction only for a word one edit away and
  ENGLISH_RATIO times as common in English ("ember" -> "member", not "roof" -> "proof").
  ``bench/didyoumean.py`` also asks 300 words of CoNLL-2003 dev (news of 1996) that the
  archive lacks: on seed 7 suggestions for them fell from 49.0% to 11.3% (seeds archive) and
  from 60.8% to 39.2% (dev archive, 209 such words; "deported" -> "reported", "heroin" ->
  "herman"), for one-edit restores of 97.0% -> 96.0% and 90.7% -> 90.7%, two-edit 85.3% ->
  85.3% and 75.7% -> 75.3%. What is left are names the dictionary lacks ("wasim" -> "was").
- **Words typed without their space** ("hongkong", "wallstreet") are, besides, read as two
  archive words of MIN_SPLIT_PART letters or more that some article writes side by side (the
  pair fields' document frequency): one deleted letter to the channel, the pair's articles
  as its prior, so "newyork" is "new york" and no longer "network". On the bench (seeds 7-9,
  both archives) no typo's correction changed; of the words the seeds archive lacks, one
  more got a suggestion, "airforce" -> "air force".
- **A name typed as words** ("jim baker") that no article writes, but that names a value of
  the person facet as a facet clause would read it (``FacetTable.value_named``: its short
  given name spelled out, folded), is offered as that value (``person:"James Baker"``),
  before any word is corrected ("jim" is no typo of "him" there).
- **A name with a slip** typed as two to four plain words that find nothing, one or two
  slips from a whole value of a facet, is offered as that value ("Paul Volker" -> "Paul
  Volcker"; ``name_corrected``), before the words are corrected one by one: a slip that
  makes another word of the archive ("Volker", Kurt Volker's) is no typo word by word.
  ``bench/didyoumean.py`` (seeds 7-9) slips one letter of one word of 300 person values
  of two to four words: of those that then find nothing, 0 of 13-23 real-word slips and
  87.5-90.6% of the others were restored on the dev archive before, 95-100% of both now;
  of 300 pairs of archive words that no article holds together none gets a suggestion,
  before and after.
- **An abbreviation typed in capitals** (five letters or fewer) that the archive lacks is
  corrected only by a single slip, and one of three letters or fewer never: any change of
  a letter of "NYC" makes another abbreviation ("NBC") or a word ("IRS" -> "its"), and a
  reader types one in capitals on purpose. ``bench/didyoumean.py`` (seeds 7 and 8) asks
  300 abbreviations of the dev archive and CoNLL-2003 dev that the seeds lack: 68.3% and
  70.3% got a suggestion before, 9.0% and 14.7% now (tickers such as "GENM" -> "GENE"
  are left); typos of the archive's own abbreviations that find nothing are restored less
  (dev archive, 3 letters: 42 -> 26 of 106 and 45 -> 28 of 100; 4-5 letters: 82 -> 79 of
  109 and 64 -> 66 of 99).
- **A facet clause naming another facet's value** (``person:Borman``, where Borman is the
  organization Borman's Inc; ``person:Finland``) is offered that facet (``org:Borman``),
  not a near value of its own facet (``person:Bosma``): the word is spelt right.
- **A city's other name** (``search.place_names``): a query of plain words that finds
  nothing, holding a city's name the archive never writes, is offered the city's other name
  that the archive writes most (of PLACE_TRIES counted) and that finds articles ("kiev" ->
  "kyiv"; "Bombay" -> "Mumbai" in an archive of today, "Mumbai" -> "Bombay" in one of 1987);
  a name of several words only where an article writes it as one (not "beijing city"), and
  a city's own name only that city's other names ("Salem" is an old name of Jerusalem too).
- **Only when it finds clearly more.** The corrected query is counted (``count_hits``, the
  engine's own matching): a query that found nothing needs one article, one that found some
  needs twice as many and two more. When corrections of words the archive holds spoil it,
  the corrections of unknown words alone are tried.
- **A word that is no word is corrected whatever it finds**: one the archive never writes
  and English lacks (``Correction.nonword``), corrected by a single slip of the likeliest
  kind (a letter left out, two swapped, one doubled: ``Edits.cheap``) or to a word of its
  stem, is offered as soon as the correction finds articles, though the typed word finds as
  many through its stem: ``managment`` stems as ``management`` does, ``producs`` as
  "produce", ``airlies`` as "air" (406 articles; "airlines" 248), so no count shows the
  slip, but the reader still sees it. Only single slips: with two, ``montgomerie`` (a
  golfer) was offered "montgomery", a word of its stem. Before English words
  were left alone, offering any correction that found something suggested one for 6 more of
  133 correct words the dev archive lacks (``marches`` -> ``matches``). A word of the typed
  word's stem two slips away is no correction at all ("Federer", which the seeds lack, is
  not "Federal"), and a word a title writes (``spell_title``) is offered only a respelling,
  a word of its stem. That test was the title's stems, which made any slip whose stem a
  headline holds ("airlies": "air") a word only titles write. Seeds 7 / 8 / 9, one-edit
  restored: seeds archive 95.0 / 94.7 / 94.7% -> 95.0 / 95.3 / 94.7%, dev archive 92.3 /
  93.7 / 89.7% -> 93.7 / 94.7 / 90.3%; two-edit, correct words and words only titles write
  unchanged; correct words the dev archive lacks given a suggestion 81 -> 83 of 210
  (``ponting``, a cricketer, -> "pointing"; ``jailing``, which the dictionary lacks, ->
  "mailing", which finds clearly more than "jailing" does through "jail": its stem, a
  headline's, had held it back).
  A word's form with another ending (ENDINGS after the letters the two share) or with a letter
  doubled is no slip: ``mineworker``, where the seeds write "mineworkers", is spelt right,
  and so are ``focusses``, ``dissolver`` and ``mislabelled``, which only titles of the dev
  archive write, beside the body's "focussed", "dissolved", "mislabeled" (offered before
  those two rules: words only titles write given a suggestion, dev seed 8, 0 -> 2.3%). Seeds
  7 / 8 / 9, one-edit restored: seeds archive 94.7 / 94.3 / 94.3% -> 95.0 / 94.7 / 94.7%,
  dev archive 92.3 / 93.3 / 89.3% -> 92.3 / 93.7 / 89.7%; two-edit, correct words and words
  only titles write unchanged; correct words the dev archive lacks given a suggestion 80 ->
  81 of 210 (``attendence`` -> ``attendance``, a typo of CoNLL's own). Without the ending
  rules the seeds archive gave 95.3 / 95.3 / 95.0%, but ``crewe`` (a town) was offered
  ``crewed`` and ``moslems`` ``moslem``.
- **Syntax is kept.** Operators (AND, OR, NOT, ANDNOT, TO), quotes, ``-word``, ``word*``,
  ``word~``, ``word^2``, field prefixes, ``[a TO b]`` ranges and brackets are copied as typed;
  excluded words (``-word``, ``NOT word``) are not corrected (a correction would find fewer
  articles, not more), nor words of other fields (``source:``, ``id:``). A replacement takes
  the typed word's case style (ALLCAPS, Capitalized with a name's own capitals, lowercase);
  in a facet clause the value's own spelling is used, as facet values are matched as written.
  At most MAX_LOOKUPS words of one query are looked up; a suggestion (look-ups and the
  count) takes 2-3 ms at the median and 7-9 ms at the 95th percentile on the dev archive (the
  summed channel adds 0.2-0.4 ms and up to 0.9 ms to them).
"""

from __future__ import annotations

import bisect
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, Levenshtein
from whoosh.analysis import STOP_WORDS
from whoosh.reading import IndexReader

from newsarchive.search.forms import dotted_start
from newsarchive.search.place_names import other_names
from newsarchive.search.schema import (
    FACET_FIELDS,
    FIELD_ALIASES,
    PAIR_FIELDS,
    SCHEMA,
    TEXT_FIELDS,  # field prefixes whose words are corrected like plain words
    fold_accents,
    stem,
)
from newsarchive.search.text import english_counts, fold
from newsarchive.search.typos import typing_cost

if TYPE_CHECKING:
    from newsarchive.search.facets import FacetTable

SPELL_FIELDS = ("spell_body", "body")  # Whoosh keeps unstemmed words in spell_<field>
TITLE_SPELL_FIELD = "spell_title"
_FIELD_NAMES = frozenset(SCHEMA.names())
MIN_LENGTH = 3  # shorter words are never corrected
# Words of this many letters may be two edits off, shorter ones one: both the typed word
# and the word offered ("neill" is not "nil"). Counting the offered word's length too:
# bench/didyoumean.py two-edit typos restored, dev archive seeds 7 / 8 / 9 76.3 -> 76.7%,
# 80.3 -> 80.7%, 73.0% (the seeds 84.7 -> 85.0% at seed 8; nothing else moved).
TWO_EDITS_FROM = 4
# A candidate's score is -ln P(typed | candidate) (search.typos) less FREQUENCY_WEIGHT *
# ln(articles holding it). Candidates are scored in order of a rough score (ROUGH_EDIT nats an
# edit, ROUGH_LETTER more for an inserted or substituted letter that doubles no neighbour),
# and no further once the rough score is ROUGH_MARGIN worse than the best score found. Over
# the 49,592 candidates of 3,000 dev-archive typos (bench seeds 7-11) the rough cost was at
# most 3.1 nats above the channel's (a wrongly charged letter), and the margin changed no
# choice while scoring a third of them (a sixth for typos with over 100 candidates).
FREQUENCY_WEIGHT = 0.3
# A word typed with a capital ("Calmon", "Opek") asks for a name more often than the archive's
# share of names says: candidates that are words of facet values get this many nats more.
# bench/didyoumean.py --names-capitalized (rare names typed with their capital), two-edit
# typos restored, seeds / dev archive: seed 7 (tuned on) 84.7 -> 86.0% / 79.0 -> 80.3%,
# seed 8 84.0 -> 84.7% / 74.7 -> 75.3%; one-edit typos the same but dev seed 7's 91.0 ->
# 91.3%; 2.0 gave the same as 1.0 on seed 7. Lowercase words are not touched.
NAME_PRIOR = 1.0
ROUGH_EDIT = 2.0
ROUGH_LETTER = math.log(26)
ROUGH_MARGIN = ROUGH_LETTER + 1.0
MAX_ABBREVIATION = 5  # a word typed in capitals up to this long is an abbreviation
MAX_ARCHIVE_SLIPS = 3  # the archive's own typos passed over before no word is offered
SHORT_ABBREVIATION = 3  # ... and one this short is never a slip: "NYC" is not "NBC"
# endings that make a word's other form, not its slip ("focusses", "focussed", "focus")
ENDINGS = frozenset(("", "e", "s", "es", "d", "ed", "r", "er", "ing"))
_DOUBLED = re.compile(r"(.)\1+")  # a letter struck twice or more
MAX_WORD = 30  # longer "words" are joined-up junk, not vocabulary
# A word typed without its space ("hongkong") is read as two archive words of at least this
# many letters each, which some article writes side by side ("hong kong").
MIN_SPLIT_PART = 3
MAX_LOOKUPS = 16  # words looked up per query (a pasted paragraph is not looked up whole)
# a word the archive holds is questioned only when it is in at most SUSPECT_MAX articles, has
# SUSPECT_MIN_LENGTH letters or more, is no word of a facet value, and one cheap edit away is
# a word in SUSPECT_RATIO times as many articles
SUSPECT_MAX = 1
# ... and a word of a facet value (a name) when it is in at most SUSPECT_MAX_NAME articles and
# one cheap edit from another name in NAME_SUSPECT_RATIO times as many: "Volker" (2 articles
# of the dev archive) is offered Volcker (81), "Miyazwa" Miyazawa. On the bench's dev draw of
# seed 7: one more of 300 correct words offered a correction ("sqaure", the archive's own
# slip), one-edit 272 -> 271 restored, two-edit 225 -> 226; the seeds archive unchanged.
SUSPECT_MAX_NAME = 2
NAME_SUSPECT_RATIO = 30
# An English word the archive lacks is taken for a typo only of a word one edit away and
# this many times as common in English: a typist's slip is about one word in a hundred.
ENGLISH_RATIO = 100
SUSPECT_MIN_LENGTH = 5
SUSPECT_RATIO = 50
OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}
NEGATIONS = {"NOT", "ANDNOT"}  # the word after these is excluded (as after "-")
EXPANDING = set("*?~")  # a word with these is a pattern or fuzzy: left as typed
_LETTERS = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)")
_VALUE_WORDS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<field>[A-Za-z_]\w*):(?=[^\s:])    # a field prefix, glued to what it applies to
  | (?P<quoted>"[^"]*"(?:~\d*)?)          # a phrase (and its slop)
  | (?P<range>[\[{][^\]}]*[\]}]?)         # [a TO b], {a TO b}
  | (?P<open>\()
  | (?P<close>\))
  | (?P<minus>-)(?=\S)                    # "-" opening a token excludes it
  | (?P<word>[^\s()"\[{]+)
  | (?P<other>.)
""", re.VERBOSE)


# -- the vocabulary ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Edits:
    """The edits that turn an archive word into what was typed, by kind."""

    deletions: int  # letters of the word the typed text lacks
    insertions: int  # letters the typed text has in excess
    substitutions: int
    transpositions: int
    doubled: int  # insertions that double the letter beside them ("tradde")

    @classmethod
    def between(cls, typed: str, word: str, distance: int) -> Edits:
        """Counted from three distances (OSA, Levenshtein, Indel): a transposition is 1, 2
        and 2 edits in them, a substitution 1, 1 and 2."""
        transpositions = max(0, Levenshtein.distance(typed, word) - distance)
        rest = distance - transpositions
        substitutions = max(0, min(rest, Indel.distance(typed, word) - 2 * transpositions
                                   - rest))
        deletions = max(0, (rest - substitutions + len(word) - len(typed)) // 2)
        insertions = max(0, rest - substitutions - deletions)
        doubled = min(insertions, max(0, _doubles(typed) - _doubles(word)))
        return cls(deletions, insertions, substitutions, transpositions, doubled)

    @property
    def rough_cost(self) -> float:
        """A quick stand-in for the channel's cost (search.typos), to order candidates."""
        edits = self.deletions + self.insertions + self.substitutions + self.transpositions
        letters = self.insertions + self.substitutions - self.doubled
        return ROUGH_EDIT * edits + ROUGH_LETTER * letters

    @property
    def cheap(self) -> bool:
        """One edit that chose no letter: a deletion, a transposition or a doubled letter."""
        edits = self.deletions + self.insertions + self.substitutions + self.transpositions
        return edits == 1 and self.insertions + self.substitutions == self.doubled


def _doubles(text: str) -> int:
    return sum(1 for a, b in zip(text, text[1:], strict=False) if a == b)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A word (or facet value) the archive holds, as a replacement for a typed one."""

    text: str  # as it is written in a correction (a facet value's own spelling)
    key: str  # as the lexicon holds it (lowercase; a whole facet value folded)
    distance: int  # OSA edits from the typed word
    frequency: int  # articles holding it
    edits: Edits  # what turns it into the typed word
    bonus: float = 0.0  # nats more for what the typed word's form asks for (NAME_PRIOR)

    @property
    def prior(self) -> float:
        """A damped prior for common words, in nats."""
        return FREQUENCY_WEIGHT * math.log(max(1, self.frequency)) + self.bonus

    def rough_score(self) -> float:
        return self.edits.rough_cost - self.prior

    def score(self, typed: str) -> float:
        """Lower is likelier: how unlikely the typing errors are, less the prior."""
        return typing_cost(typed, self.key) - self.prior


class Lexicon:
    """Words and their document frequencies, in sorted lists by length."""

    def __init__(self, counts: Mapping[str, int], shown: Mapping[str, str] | None = None
                 ) -> None:
        by_length: dict[int, list[str]] = {}
        for word in counts:
            by_length.setdefault(len(word), []).append(word)
        self._words: dict[int, list[str]] = {}
        self._frequencies: dict[int, np.ndarray] = {}
        for length, words in by_length.items():
            words.sort()
            self._words[length] = words
            self._frequencies[length] = np.fromiter((counts[w] for w in words), np.int32,
                                                    len(words))
        # how a word is written where that is not its key (facet words: "McDonald")
        self._shown = {key: text for key, text in (shown or {}).items() if key != text}

    def __len__(self) -> int:
        return sum(len(words) for words in self._words.values())

    def __iter__(self) -> Iterator[str]:
        for words in self._words.values():
            yield from words

    def frequency(self, key: str) -> int:
        """Articles holding the word (0 when the archive does not)."""
        words = self._words.get(len(key))
        if not words:
            return 0
        at = bisect.bisect_left(words, key)
        return int(self._frequencies[len(key)][at]) if at < len(words) and words[at] == key \
            else 0

    def shown(self, key: str) -> str:
        return self._shown.get(key, key)

    def near(self, key: str, max_distance: int) -> list[Candidate]:
        """Every word within max_distance edits of key (key itself excluded)."""
        found: list[Candidate] = []
        if max_distance < 1:
            return found
        for length in range(len(key) - max_distance, len(key) + max_distance + 1):
            words = self._words.get(length)
            if not words:
                continue
            distances = process.cdist([key], words, scorer=OSA.distance, dtype=np.int32,
                                      score_cutoff=max_distance)[0]
            for at in np.flatnonzero(distances <= max_distance).tolist():
                word = words[at]
                if word != key:
                    distance = int(distances[at])
                    found.append(Candidate(self.shown(word), word, distance,
                                           int(self._frequencies[length][at]),
                                           Edits.between(key, word, distance)))
        return found


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a reader's archive holds: plain words, and per facet its values and their words."""

    words: Lexicon
    facet_words: dict[str, Lexicon]
    facet_values: dict[str, Lexicon]
    seconds: float = 0.0  # time taken to build it
    # the titles' words as written (not in `words`: a word only titles write is spelt right,
    # but headlines' abbreviations and tickers are no corrections to offer)
    title_words: frozenset[str] = frozenset()
    # words the index holds only written with dots after them ("teviy" of "TEVIY.O", "amazon"
    # of "Amazon.com"): a search finds them (search.forms.dotted_names), so no typos
    dotted_starts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, reader: IndexReader, facets: Mapping[str, FacetTable] | None = None
              ) -> Vocabulary:
        started = time.perf_counter()
        dotted: set[str] = set()
        words = _field_counts(reader, _spell_field(reader), dotted)
        shown_words: dict[str, str] = {}
        facet_words: dict[str, Lexicon] = {}
        facet_values: dict[str, Lexicon] = {}
        for facet in FACET_FIELDS:
            values = _facet_counts(reader, facet, facets)
            counts, shown = _value_words(values)
            facet_words[facet] = Lexicon(counts, shown)
            facet_values[facet] = _whole_values(values)
            for key, count in counts.items():
                if count > words.get(key, 0):
                    words[key] = count
                    shown_words[key] = shown[key]
                else:
                    shown_words.setdefault(key, shown[key])
        title_words = frozenset(text for text, _count in _terms(reader, TITLE_SPELL_FIELD))
        dotted.update(start for text in title_words if "." in text
                      and (start := dotted_start(text)))
        return cls(Lexicon(words, shown_words), facet_words, facet_values,
                   time.perf_counter() - started, title_words, frozenset(dotted))

    def is_name(self, key: str) -> bool:
        """Whether a (lowercase) word is a word of some facet value."""
        return any(lexicon.frequency(key) for lexicon in self.facet_words.values())

    def lexicons(self, facet: str | None) -> tuple[Lexicon, Lexicon | None]:
        """The word list to correct a word against, and the whole values for a phrase."""
        if facet is None:
            return self.words, None
        return self.facet_words[facet], self.facet_values[facet]


def _key(word: str) -> str:
    """A word as the vocabulary holds it: as the index reads it, lowercase without accents."""
    return fold_accents(word.lower())


def _is_word(text: str) -> bool:
    return 2 <= len(text) <= MAX_WORD and text.isalpha()


def _spell_field(reader: IndexReader) -> str | None:
    names = set(reader.indexed_field_names())
    return next((name for name in SPELL_FIELDS if name in names), None)


def _terms(reader: IndexReader, name: str) -> Iterator[tuple[str, int]]:
    """A field's terms with their document frequencies, summed over the segments (reading
    each segment is several times faster than Whoosh's merged listing)."""
    for leaf, _offset in reader.leaf_readers():
        if name in leaf.indexed_field_names():
            for btext, info in leaf.iter_field(name):
                yield btext.decode("utf-8", "replace"), info.doc_frequency()


def _field_counts(reader: IndexReader, name: str | None, dotted: set[str]) -> dict[str, int]:
    """A field's words with their article counts; the starts of its words written with dots
    are added to `dotted`."""
    counts: dict[str, int] = {}
    if name is not None:
        for text, count in _terms(reader, name):
            if _is_word(text):
                counts[text] = counts.get(text, 0) + count
            elif "." in text and (start := dotted_start(text)):
                dotted.add(start)
    return counts


def _facet_counts(reader: IndexReader, facet: str,
                  facets: Mapping[str, FacetTable] | None) -> dict[str, int]:
    """A facet's values with their article counts: as the archive shows them when the
    engine's tables are given, else as stored."""
    table = facets.get(facet) if facets else None
    if table is not None and table.value_starts is not None:
        counts = np.diff(table.value_starts).tolist()
        return {value: int(count) for value, count in zip(table.values, counts, strict=True)
                if count}
    counts: dict[str, int] = {}
    for value, count in _terms(reader, facet):
        counts[value] = counts.get(value, 0) + count
    return counts


def _value_words(values: Mapping[str, int]) -> tuple[dict[str, int], dict[str, str]]:
    """The words of facet values: article counts (summed over values) and the spelling of
    each word in its most frequent value."""
    counts: dict[str, int] = {}
    best: dict[str, tuple[int, str]] = {}
    for value, count in values.items():
        for word in set(_VALUE_WORDS.findall(value)):
            key = _key(word)
            if not _is_word(key):
                continue
            counts[key] = counts.get(key, 0) + count
            if count > best.get(key, (0, ""))[0]:
                best[key] = (count, word)
    return counts, {key: word for key, (_count, word) in best.items()}


def _whole_values(values: Mapping[str, int]) -> Lexicon:
    counts: dict[str, int] = {}
    shown: dict[str, tuple[int, str]] = {}
    for value, count in values.items():
        key = fold(value)
        if not key:
            continue
        counts[key] = counts.get(key, 0) + count
        if count > shown.get(key, (0, ""))[0]:
            shown[key] = (count, value)
    return Lexicon(counts, {key: value for key, (_count, value) in shown.items()})


_VOCABULARIES: WeakKeyDictionary[IndexReader, Vocabulary] = WeakKeyDictionary()
_BUILDING = threading.Lock()


def vocabulary(reader: IndexReader, facets: Mapping[str, FacetTable] | None = None
               ) -> Vocabulary:
    """The reader's vocabulary, built on first use (one thread builds, others wait)."""
    found = _VOCABULARIES.get(reader)
    if found is None:
        with _BUILDING:
            found = _VOCABULARIES.get(reader)
            if found is None:
                found = _VOCABULARIES[reader] = Vocabulary.build(reader, facets)
    return found


# -- choosing a replacement ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Correction:
    """One typed word (or quoted facet value) and what to write instead."""

    start: int  # where the typed text is in the query
    end: int
    text: str  # the replacement, in the typed word's case style
    suspect: bool  # the typed word is in the archive (a rare spelling next to a common one)
    # the typed word is no word: written nowhere in the archive, no English word and not the
    # replacement with another ending: a correction that finds anything is offered, even
    # when the typed word finds as much through its stem ("managment" -> "management",
    # "airlies", stemmed "air", -> "airlines")
    nonword: bool = False


def max_edits(length: int) -> int:
    if length < MIN_LENGTH:
        return 0
    return 1 if length < TWO_EDITS_FROM else 2


def _best(typed: str, candidates: Iterable[Candidate]) -> Candidate | None:
    """The likeliest candidate (lowest score, then most articles, then alphabetical); scored
    in order of the rough score, up to ROUGH_MARGIN past the best score found."""
    best: Candidate | None = None
    best_rank: tuple[float, int, str] | None = None
    for candidate in sorted(candidates, key=Candidate.rough_score):
        if best_rank is not None and candidate.rough_score() - ROUGH_MARGIN > best_rank[0]:
            break
        rank = (candidate.score(typed), -candidate.frequency, candidate.text)
        if best_rank is None or rank < best_rank:
            best, best_rank = candidate, rank
    return best


@dataclass(frozen=True, slots=True)
class Replacement:
    candidate: Candidate
    suspect: bool  # the typed word is in the archive too (a rare spelling of a common word)


def _real_word_error(lexicon: Lexicon, key: str, english: int) -> Candidate | None:
    """The archive's word that an English word it lacks was typed for, if any: one edit
    away and ENGLISH_RATIO times as common in English ("ember" for "member"; "roof" is
    "roof", not "proof")."""
    counts = english_counts()
    return _best(key, (c for c in lexicon.near(key, 1)
                       if counts.get(c.key, 0) >= ENGLISH_RATIO * english))


# How many articles write two words side by side (pair_counter: the index's pair fields).
PairCounter = Callable[[str, str], int]


def replacement(vocab: Vocabulary, word: str, facet: str | None = None,
                pairs: PairCounter | None = None) -> Replacement | None:
    """What to write for a typed word (in a facet clause: against that facet's words);
    None when it is spelt right, or nothing near enough is known. With `pairs`, a plain
    word may also be two words typed without their space."""
    key = _key(word)
    lexicon = vocab.lexicons(facet)[0]
    frequency = lexicon.frequency(key)
    if frequency == 0 and facet is None and key in vocab.dotted_starts:
        return None  # a name the index holds with its dots ("amazon" of "Amazon.com")
    # a word titles write ("BKNE" was offered "BEEN", "eases" "cases"): the search finds it,
    # so only a respelling is offered ("managment")
    in_titles = frequency == 0 and facet is None and key in vocab.title_words
    english = english_counts().get(key, 0) if frequency == 0 else 0
    if frequency == 0 and _abbreviation(word) and len(word) <= SHORT_ABBREVIATION:
        return None  # any slip of "NYC" is another abbreviation ("NBC"), or a word ("IRS")
    if english and in_titles:
        return None  # an English word titles write: spelt right
    if english:  # spelt right, though not in this archive (Kiev is no typo of Five) ...
        found = _real_word_error(lexicon, key, english)  # ... unless it is a common slip
        return Replacement(found, False) if found else None
    if frequency == 0:  # two slips in a word of three letters make any other word of three
        candidates = [c for c in lexicon.near(key, max_edits(len(key)))
                      if c.distance <= max_edits(len(c.key))]
        if facet is None and pairs is not None:
            candidates += split_candidates(lexicon, key, pairs)
        if facet is None and word[:1].isupper():  # typed as a name: a name is likelier
            candidates = [replace(c, bonus=NAME_PRIOR) if vocab.is_name(c.key) else c
                          for c in candidates]
        if _abbreviation(word):  # "BSAF" may be BASF; "UCLA" is not two slips from "UEFA"
            candidates = [c for c in candidates if c.distance == 1]
        # a word of the typed word's stem is a single slip from it: two letters off, it is
        # another word or a name ("Federer", which the seeds lack, is not "Federal")
        candidates = [c for c in candidates if c.distance == 1 or stem(c.key) != stem(key)]
        if in_titles:  # a word a title writes: only a respelling ("managment": "management")
            candidates = [c for c in candidates if respelt(key, c.key)]
        found = _best_spelt(vocab, lexicon, key, candidates, facet)
        return Replacement(found, False) if found else None
    found = _archive_slip(vocab, lexicon, key, frequency, facet)
    return Replacement(found, True) if found else None


def _archive_slip(vocab: Vocabulary, lexicon: Lexicon, key: str, frequency: int,
                  facet: str | None) -> Candidate | None:
    """The common word an archive word is the archive's own typo of ("accross" of
    "across"), if it is one (``_questionable``, and one cheap edit from a word in
    SUSPECT_RATIO times as many articles)."""
    if not _questionable(vocab, key, frequency, facet):
        return None
    if vocab.is_name(key):  # a name the archive spells so once or twice: another name's slip
        return _best(key, (c for c in lexicon.near(key, 1)
                           if c.edits.cheap and c.frequency >= NAME_SUSPECT_RATIO * frequency
                           and vocab.is_name(c.key)))
    return _best(key, (c for c in lexicon.near(key, 1)
                       if c.edits.cheap and c.frequency >= SUSPECT_RATIO * frequency))


def _best_spelt(vocab: Vocabulary, lexicon: Lexicon, typed: str, candidates: list[Candidate],
                facet: str | None) -> Candidate | None:
    """The likeliest candidate that is no typo of the archive's own ("bitcoin" is not
    offered "billoin", one article's slip for "billion")."""
    for _ in range(MAX_ARCHIVE_SLIPS + 1):
        found = _best(typed, candidates)
        if found is None or " " in found.key or _archive_slip(
                vocab, lexicon, found.key, found.frequency, facet) is None:
            return found
        candidates = [c for c in candidates if c.key != found.key]
    return None


def _abbreviation(word: str) -> bool:
    """A word typed in capitals, of MAX_ABBREVIATION letters or fewer ("NYC", "BASF"):
    typed so on purpose, an abbreviation is corrected only by one slip, and one of
    SHORT_ABBREVIATION letters or fewer never."""
    return word.isupper() and len(word) <= MAX_ABBREVIATION


def _questionable(vocab: Vocabulary, key: str, frequency: int, facet: str | None) -> bool:
    """Whether a word the archive holds may still be its typo of a common word: a long
    enough word in at most SUSPECT_MAX articles (SUSPECT_MAX_NAME for a name's word), no
    English word."""
    if facet is not None or len(key) < SUSPECT_MIN_LENGTH or key in english_counts():
        return False
    return frequency <= (SUSPECT_MAX_NAME if vocab.is_name(key) else SUSPECT_MAX)


def split_candidates(lexicon: Lexicon, key: str, pairs: PairCounter) -> list[Candidate]:
    """The ways to read a word the archive lacks as two of its words typed without the space
    between them ("hongkong", "wallstreet"), where some article writes them side by side;
    each scored by the channel as one deleted letter (the space), its prior from the
    articles holding the pair. "newyork" is "new york" (one slip), not "network" (two)."""
    found = []
    for at in range(MIN_SPLIT_PART, len(key) - MIN_SPLIT_PART + 1):
        first, second = key[:at], key[at:]
        if not (lexicon.frequency(first) and lexicon.frequency(second)):
            continue
        together = pairs(first, second)
        if together:
            found.append(Candidate(f"{lexicon.shown(first)} {lexicon.shown(second)}",
                                   f"{first} {second}", 1, together, Edits(1, 0, 0, 0, 0)))
    return found


def pair_counter(reader: IndexReader) -> PairCounter:
    """How many articles write two words side by side, in a title or a body (the pair
    fields' terms, as their analyzer makes them from the two words; 0 for stop words)."""
    analyzer = SCHEMA[PAIR_FIELDS["body"]].analyzer

    def count(first: str, second: str) -> int:
        terms = [token.text for token in analyzer(f"{first} {second}")]
        if len(terms) != 1:
            return 0
        return max(reader.doc_frequency(name, terms[0]) for name in PAIR_FIELDS.values())
    return count


def _styled(typed: str, text: str, facet: bool) -> str:
    """text in the case style of typed (in a facet clause, the value's own spelling)."""
    if typed.isupper() and len(typed) > 1:
        return text.upper()
    if facet:
        return text
    if typed.islower():
        return text.lower()
    return text if text != text.lower() else text[:1].upper() + text[1:]


@dataclass
class _Lookups:
    """How many more words one query may look up (MAX_LOOKUPS)."""

    left: int = MAX_LOOKUPS

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _word_corrections(vocab: Vocabulary, token: str, offset: int, facet: str | None,
                      lookups: _Lookups, pairs: PairCounter | None = None
                      ) -> list[Correction]:
    """Corrections of the words of a plain token ("kremln", "Reagn's")."""
    if EXPANDING & set(token) or token in OPERATORS:
        return []
    found = []
    for match in _LETTERS.finditer(token):
        word = match.group()
        if not MIN_LENGTH <= len(word) <= MAX_WORD or word.lower() in STOP_WORDS:
            continue
        if not lookups.take():
            break
        better = replacement(vocab, word, facet, pairs)
        if better is not None:
            text = _styled(word, better.candidate.text, facet is not None)
            found.append(Correction(offset + match.start(), offset + match.end(), text,
                                    better.suspect,
                                    facet is None and _nonword(word, better)))
    return found


def respelt(typed: str, word: str) -> bool:
    """Whether a word (a key) is a typed key's respelling: a word of its stem, and not
    merely its other form (``other_form``)."""
    return " " not in word and stem(typed) == stem(word) and not other_form(typed, word)


def other_form(typed: str, word: str) -> bool:
    """Whether two keys are one word's forms: another ending ("crewe" is no slip of "crew",
    nor "focusses" of "focussed") or a letter doubled ("mislabelled", "mislabeled")."""
    common = len(os.path.commonprefix((typed, word)))
    return ({typed[common:], word[common:]} <= ENDINGS
            or _DOUBLED.sub(r"\1", typed) == _DOUBLED.sub(r"\1", word))


def _nonword(word: str, found: Replacement) -> bool:
    """Whether a typed word is no word (the archive never writes it, English lacks it) and
    its replacement no other form of it."""
    key = _key(word)
    return (not found.suspect and key not in english_counts()
            and not other_form(key, found.candidate.key)
            and found.candidate.distance == 1
            and (found.candidate.edits.cheap or respelt(key, found.candidate.key)))


def _phrase_corrections(vocab: Vocabulary, token: str, offset: int, facet: str | None,
                        lookups: _Lookups, pairs: PairCounter | None = None
                        ) -> list[Correction]:
    """Corrections inside a quoted phrase: a facet's whole value first ("Jmes Baker"),
    else word by word."""
    inner_start, inner_end = 1, token.rindex('"') if token.count('"') > 1 else len(token)
    inner = token[inner_start:inner_end]
    words, values = vocab.lexicons(facet)
    if values is not None and inner.strip() and lookups.take():
        key = fold(inner)
        if values.frequency(key):
            return []
        if all(words.frequency(_key(w)) or w.lower() in english_counts()
               for w in _VALUE_WORDS.findall(inner)):  # spelt right: a name the archive lacks,
            part = _held_part(values, key)  # unless it holds a part ("Ronald Reagan": Reagan)
            return [Correction(offset + inner_start, offset + inner_end, part, False)] \
                if part else []
        whole = _best(key, values.near(key, max_edits(len(key.replace(" ", "")))))
        if whole is not None:
            return [Correction(offset + inner_start, offset + inner_end, whole.text, False)]
    return _word_corrections(vocab, inner, offset + inner_start, facet, lookups, pairs)


def _held_part(values: Lexicon, key: str) -> str | None:
    """The longest run of a name's words that is a value of the facet, the later one of two
    as long (a family name: the archive's "Reagan" for "Ronald Reagan"), as the value is
    written; None when no part is."""
    words = key.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size, -1, -1):
            part = " ".join(words[start:start + size])
            if values.frequency(part):
                return values.shown(part)
    return None


def other_facet(vocab: Vocabulary, token: str, facet: str) -> str | None:
    """The facet that holds what a facet clause typed, when the clause's own facet does not
    ("Borman" is no person of the archive but the organization "Borman's Inc";
    ``person:Finland`` is a country): a word in the words of that facet's values, a
    quoted value as a whole value. The facet with most articles for it; None when the
    clause's own facet holds it, no other does, or its own facet holds a near value in
    NAME_SUSPECT_RATIO times as many articles (a typo, corrected within its facet)."""
    if EXPANDING & set(token):
        return None  # a pattern ("Bak*") is left as typed
    quoted = token.startswith('"')
    if quoted:
        inner = token[1:token.rindex('"')] if token.count('"') > 1 else token[1:]
        keys = [fold(inner)] if inner.strip() else []
    else:
        keys = [_key(word) for word in _LETTERS.findall(token)
                if MIN_LENGTH <= len(word) <= MAX_WORD and word.lower() not in STOP_WORDS]
    if not keys:
        return None

    def articles(name: str) -> int:
        words, values = vocab.lexicons(name)
        lexicon = values if quoted and values is not None else words
        return min(lexicon.frequency(key) for key in keys)

    if articles(facet):
        return None
    held = max(((articles(name), name) for name in FACET_FIELDS if name != facet),
               default=(0, ""))
    if held[0] and not quoted and len(keys) == 1 and (
            near := replacement(vocab, keys[0], facet)) is not None and (
            near.candidate.frequency >= NAME_SUSPECT_RATIO * held[0]):
        return None  # country:Phillipines is Philippines (139), not one story's organization
    return held[1] if held[0] else None


@dataclass
class _Scope:
    """What applies to the tokens of a bracketed group (or the whole query)."""

    field: str | None = None  # the field prefix of the group, if any
    negated: bool = False


@dataclass
class _Scanner:
    """Walks a query's tokens and collects corrections of the words it may change."""

    vocab: Vocabulary
    found: list[Correction] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=lambda: [_Scope()])
    pending_field: str | None = None  # a field prefix waiting for its token
    pending_field_start: int = 0  # where that prefix is in the query
    pending_not: bool = False  # "-" or NOT waiting for its token
    lookups: _Lookups = field(default_factory=_Lookups)
    pairs: PairCounter | None = None  # words typed without their space, when given

    def run(self, text: str) -> list[Correction]:
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if kind != "space":
                self.token(kind or "other", match)
        return self.found

    def token(self, kind: str, match: re.Match[str]) -> None:
        if kind == "field":
            self.pending_field = match.group("field").lower()  # as search.query reads it
            self.pending_field_start = match.start()
            if (near := near_field(self.pending_field)) is not None:  # titel: -> title:
                self.found.append(Correction(match.start("field"), match.end("field"), near,
                                             False))
            return
        if kind == "minus" or (kind == "word" and match.group() in NEGATIONS):
            self.pending_not = True
            return
        scope = self.scopes[-1]
        fieldname = self.pending_field or scope.field
        prefix_start = self.pending_field_start if self.pending_field else None
        negated = self.pending_not or scope.negated
        self.pending_field, self.pending_not = None, False
        if kind == "open":
            self.scopes.append(_Scope(fieldname, negated))
        elif kind == "close":
            if len(self.scopes) > 1:
                self.scopes.pop()
        elif kind in ("word", "quoted") and not negated:
            self.correct(kind, match, fieldname, prefix_start)

    def correct(self, kind: str, match: re.Match[str], fieldname: str | None,
                prefix_start: int | None = None) -> None:
        facet = FIELD_ALIASES.get(fieldname, fieldname) if fieldname else None
        if facet is not None and facet not in FACET_FIELDS:
            if facet not in TEXT_FIELDS and facet in _FIELD_NAMES:
                return  # id:, source:, date: ... are not words
            facet = None  # title:, body:, or a name no field has (read as plain words)
        if facet is not None and (other := other_facet(self.vocab, match.group(), facet)):
            if prefix_start is not None:  # person:Borman -> org:Borman
                self.found.append(Correction(prefix_start, match.end(),
                                             f"{other}:{match.group()}", False))
            return  # spelt right: in a group (person:(Borman OR ...)) it is left as typed
        if kind == "quoted":
            self.found += _phrase_corrections(self.vocab, match.group(), match.start(), facet,
                                              self.lookups, self.pairs)
        else:
            self.found += _word_corrections(self.vocab, match.group(), match.start(), facet,
                                            self.lookups, self.pairs)


# the field names a reader types (search.syntax); an unknown one near one of them is a slip
TYPED_FIELDS = ("title", "body", "source", "language", "date", *FACET_FIELDS, *FIELD_ALIASES)


def near_field(name: str) -> str | None:
    """The field a field name no field has was typed for, one or two slips away ("titel"
    found nothing: it was read as the word "titel"), else None."""
    if name in _FIELD_NAMES or name in FIELD_ALIASES or len(name) < MIN_LENGTH:
        return None
    found = process.extractOne(name, TYPED_FIELDS, scorer=OSA.distance,
                               score_cutoff=max_edits(len(name)))
    return found[0] if found and found[0][:1] == name[:1] else None


def corrections(text: str, vocab: Vocabulary, pairs: PairCounter | None = None
                ) -> list[Correction]:
    """Every correction the query's words call for, in order (with `pairs`, a word may be
    two typed without their space)."""
    return _Scanner(vocab, pairs=pairs).run(text)


def apply(text: str, found: Iterable[Correction]) -> str:
    pieces, at = [], 0
    for correction in sorted(found, key=lambda c: c.start):
        pieces += [text[at:correction.start], correction.text]
        at = correction.end
    return "".join(pieces + [text[at:]])


# A word of a query typed as plain words: letters first, no syntax ("jim", "O'Neill", "St.")
_PLAIN_WORD = re.compile(r"[^\W\d_][\w.'\-]*")


def plain_query_words(text: str, fewest: int, most: int) -> list[str] | None:
    """The words of a query of `fewest` to `most` plain words (no operator, field, quote or
    figure), else None: what a name is typed as."""
    words = text.split()
    if not fewest <= len(words) <= most or OPERATORS & set(words) or not all(
            _PLAIN_WORD.fullmatch(word) for word in words):
        return None
    return words


def person_named(text: str, facets: Mapping[str, FacetTable]) -> str | None:
    """A facet clause for the person a query of two to four plain words names, when no
    article writes those words but the person facet holds the name as a person: the articles
    say "James Baker" where "jim baker" was typed. None when the words name nobody."""
    table = facets.get("person")
    words = plain_query_words(text, 2, 4)
    if table is None or words is None:
        return None
    value = table.value_named(" ".join(words))
    return f'person:"{value}"' if value and '"' not in value else None


def _changes_a_held_word(typed: str, named: str, vocab: Vocabulary) -> bool:
    """Whether a name offered for the typed words changes one the archive holds."""
    return any(_key(word) != _key(other) and vocab.words.frequency(_key(word))
               for word, other in zip(typed.split(), named.split(), strict=False))


def name_corrected(text: str, vocab: Vocabulary) -> str | None:
    """A query of two to four plain words one or two slips from a name some facet holds
    whole, written as that name ("Paul Volker" -> "Paul Volcker"): a slip that makes
    another word of the archive ("Volker", Kurt Volker's) is no typo word by word, but the
    words together name nobody the archive knows. The likeliest value over the facets
    (the channel of the word corrections); None when the words are a value already."""
    words = plain_query_words(text, 2, 4)
    if words is None:
        return None
    typed = " ".join(words)
    key = fold(typed)
    if any(vocab.facet_values[facet].frequency(key) for facet in FACET_FIELDS):
        return None
    found = [_best(key, vocab.facet_values[facet].near(key, max_edits(len(key))))
             for facet in FACET_FIELDS]
    held = [candidate for candidate in found if candidate is not None]
    if not held:
        return None
    best = min(held, key=lambda candidate: (candidate.score(key), -candidate.frequency))
    return _styled(typed, best.text, False)


PLACE_TRIES = 3  # other names of a city counted, the archive's most written first


def place_renamed(text: str, vocab: Vocabulary, count_hits: Callable[[str], int]
                  ) -> str | None:
    """The query of one to four plain words with a city's name the archive never writes
    replaced by another name of that city the archive does write ("kiev" -> "kyiv",
    "Bombay" -> "Mumbai"), when that finds articles; None otherwise. A name the typed one
    may be a slip of comes first, likeliest first (geonames lists the slip "Bejing" as a
    name of Beijing, and the dev archive writes Peking five times as often); then the
    archive's most written."""
    words = plain_query_words(text, 1, 4)
    if words is None:
        return None
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            typed = " ".join(words[start:start + size])
            if all(vocab.words.frequency(_key(w)) for w in typed.split()):
                continue  # the archive writes it: not what made the query find nothing
            if size == 1 and (slip := replacement(vocab, typed)) and \
                    slip.candidate.distance == 1:
                continue  # one slip from an archive word: "vitorio" is Vittorio mistyped,
                # though geonames lists it as a name of Vitória, which the archive writes
                # as Victoria
            held = sorted(((frequency, name) for name in other_names(typed) if (
                frequency := min(vocab.words.frequency(_key(w)) for w in name.split()))),
                key=lambda item: (_slip_score(typed, *item), -item[0]))
            for _frequency, name in held[:PLACE_TRIES]:
                renamed = " ".join([*words[:start], _styled(typed, name, False),
                                    *words[start + size:]])
                try:
                    if (" " not in name or count_hits(f'"{name}"') > 0) and \
                            count_hits(renamed) > 0:  # a name of words: written as one
                        return renamed
                except ValueError:
                    continue
    return None


def _slip_score(typed: str, frequency: int, name: str) -> float:
    """How likely `typed` is a slip of `name`, as a candidate word is scored (lower is
    likelier; infinite when more than two slips away)."""
    cost = typing_cost(fold(typed), fold(name))
    return cost - FREQUENCY_WEIGHT * math.log(max(1, frequency))


def near_values(vocab: Vocabulary, table: FacetTable, facet: str, typed: str
                ) -> tuple[list[str], list[str]]:
    """Values of a facet that a filter value no article has may have meant: those holding
    its words ("Baker": James Baker, Howard Baker), and those one or two slips from it
    whole ("Jmes Baker"), likeliest first, as the archive shows them."""
    key = fold(typed)
    slips = sorted(vocab.facet_values[facet].near(key, max_edits(len(key))),
                   key=lambda candidate: (candidate.score(key), -candidate.frequency))
    holding = table.values_with_words(typed)
    if not holding:  # "Bakr": the values holding its words as corrected ("Baker")
        words = _VALUE_WORDS.findall(typed)
        fixed = [replacement(vocab, word, facet) for word in words]
        if any(fixed):
            holding = table.values_with_words(" ".join(
                found.candidate.text if found else word
                for word, found in zip(words, fixed, strict=True)))
    return holding, [candidate.text for candidate in slips]


def clearly_more(found: int, now: int) -> bool:
    """Whether a corrected query's count is worth offering over the typed query's."""
    return found > 0 if now == 0 else found >= max(2 * now, now + 2)


# "finland or sweden": a lowercase "or" between two words, outside quotes
_LOWER_OR = re.compile(r'"[^"]*"?|(?<=[\w")])(\s+)or(\s+)(?=[\w"(-])')


def or_in_capitals(text: str) -> str:
    """The query with a lowercase "or" between words written as the operator: the search
    reads "or" as a word too common to search for, so `finland or sweden` found the 8
    articles with both, and OR finds the 104 with either."""
    return _LOWER_OR.sub(lambda m: m.group() if m.group().startswith('"')
                         else f"{m.group(1)}OR{m.group(2)}", text)


def suggest(text: str, reader: IndexReader, count_hits: Callable[[str], int], hits_now: int,
            facets: Mapping[str, FacetTable] | None = None) -> str | None:
    """A corrected query string with clearly more hits than `hits_now`, else None.

    `facets` (the engine's tables) gives facet values as the archive shows them; without
    it they are read from the index as stored.
    """
    if hits_now == 0 and facets is not None and (named := person_named(text, facets)):
        try:
            if count_hits(named) > 0:
                return named
        except ValueError:
            pass
    vocab = vocabulary(reader, facets)
    if hits_now == 0 and (renamed := place_renamed(text, vocab, count_hits)):
        return renamed
    found = corrections(text, vocab, pair_counter(reader))
    sure = [c for c in found if not c.suspect]  # words the archive does not hold at all
    tries = [apply(text, chosen) for chosen in
             ((found, sure) if len(sure) < len(found) else (found,)) if chosen]
    if (either := or_in_capitals(text)) != text:
        tries.insert(0, either)
    if hits_now == 0 and (named := name_corrected(text, vocab)):
        # words that all but name someone the archive holds ("Paul Volker"), first unless
        # the name changes a word the archive holds beside a typo the words' own
        # corrections mend ("presidental debate" is not a headline's "Presidential Debates")
        tries.insert(len(tries) if found and _changes_a_held_word(text, named, vocab) else 0,
                     named)
    # only words that are no words corrected: whatever they find, the spelling is mended
    mended = apply(text, [c for c in found if c.nonword])
    for corrected in tries:
        if corrected == text:
            continue
        try:
            count = count_hits(corrected)
            if clearly_more(count, hits_now) or (
                    corrected == mended and count > 0):
                return corrected
        except ValueError:  # the corrected query is unreadable or too expensive
            continue
    return None
