"""How likely a typed word is as a mistyping of an archive word (did-you-mean's channel model).

A module of its own because it is the one numeric model of ``search.suggest`` and is tested
and tuned apart from the query handling there.

``typing_cost(typed, word)`` is -ln P(typed | word) when the typist meant ``word`` and made one
or two typing errors, each a deletion, insertion, substitution or transposition of adjacent
letters, any of them equally likely (a quarter each) and at any position:

- deleting one of the word's L letters: 1/4 * 1/L
- inserting a letter in one of L + 1 places: 1/4 * 1/(L + 1) * 1/26 (it is one of 26 letters),
  but 1/4 * 1/(L + 1) * 1/2 when it repeats the letter beside it: a key struck twice is a
  common slip of real typists (``tradde`` is ``trade``, not the transposed ``traded``), while
  the bench's typos insert any of 26 letters alike. Counted as half of all insertions, it
  costs the bench about half a point on the dev archive (held-out seeds 9-11: two-edit
  78.8% -> 78.3%, one-edit 94.2% -> 93.6%; as likely as a deletion, the edit-count
  ranking's rule: 77.8% and 93.4%)
- substituting a letter: 1/4 * 1/L * 1/25; transposing two neighbours: 1/4 * 1/(L - 1)
- moving a letter by two places (two transpositions in a row): (1/4 * 1/(L - 1))^2, and
  transposing two letters and mistyping one of them (``tuned`` -> ``tueld``)

It sums over every way (alignment) the errors can turn the word into what was typed, an
alignment with k errors counted k! times (the orders they can be made in). Against the
previous per-kind edit count (from three distances, which mistook ``jeong`` -> ``jegn``, a
deletion and a transposition, for a deletion and a substitution, and had no letter moved by
two places) it restores more two-edit typos on the dev archive (bench seeds 7 and 8, tuned
on: 74.0% -> 75.7%; held-out seeds 9-11: 76.2% -> 78.8%) at about the same one-edit rate
(92.9% -> 93.1% over the five). The letters are equally likely and any of them may be
wrong, the first one too: the bench's typos are uniform, and keyboard-neighbour or
first-letter weighting would need real query logs to be set (on the bench they can only
cost). So are one and two errors, as in the bench: counting two errors e times less likely
(real typists make more single errors) trades one-edit for two-edit typos there (e = 2.7:
+0.6 and -1.4 points on seeds 7-8).

A dynamic programme over the two words: about 20 microseconds for a candidate of 5-8
letters.
"""

from __future__ import annotations

import math

KIND = 0.25  # each of the four kinds of error is equally likely
LETTERS = 26  # an inserted letter is one of these; a substituted one of the 25 others
MAX_ERRORS = 2  # alignments with more errors are not counted (nor suggested)


def _repeats(typed: str, at: int) -> bool:
    """Whether typed[at] repeats a neighbouring letter (an insertion of it is a doubled key)."""
    letter = typed[at]
    return (at > 0 and typed[at - 1] == letter) or (at + 1 < len(typed)
                                                    and typed[at + 1] == letter)


def typing_cost(typed: str, word: str) -> float:
    """-ln P(typed | word) for a typist who meant word (math.inf when more than MAX_ERRORS
    errors are needed)."""
    length, typed_length = len(word), len(typed)
    if abs(length - typed_length) > MAX_ERRORS or not word:
        return math.inf
    deletion = KIND / length
    insertion = KIND / (length + 1) / LETTERS
    doubled = KIND / (length + 1) / 2  # a key struck twice ("tradde")
    substitution = KIND / length / (LETTERS - 1)
    transposition = KIND / max(1, length - 1)
    move = transposition * transposition / 2  # one order only (the total counts two)
    swap_and_substitute = transposition * substitution
    # rows over word[:i]; each row holds, per column j (typed[:j]), the probability mass of
    # alignments with 0, 1 and 2 errors (three lists)
    columns = typed_length + 1
    zero = [0.0] * columns
    one = [0.0] * columns
    two = [0.0] * columns
    zero[0] = 1.0
    if columns > 1:
        one[1] = doubled if _repeats(typed, 0) else insertion
    if columns > 2:
        two[2] = one[1] * (doubled if _repeats(typed, 1) else insertion)
    rows = [(zero, one, two)]
    for i in range(1, length + 1):
        previous = rows[-1]
        p0, p1, p2 = previous
        c0, c1, c2 = [0.0] * columns, [0.0] * columns, [0.0] * columns
        c1[0] = p0[0] * deletion
        c2[0] = p1[0] * deletion
        letter = word[i - 1]
        before = rows[-2] if i > 1 else None
        further = rows[-3] if i > 2 else None
        for j in range(1, columns):
            typed_letter = typed[j - 1]
            if letter == typed_letter:
                c0[j] = p0[j - 1]
                c1[j] = p1[j - 1]
                c2[j] = p2[j - 1]
            else:
                c1[j] = p0[j - 1] * substitution
                c2[j] = p1[j - 1] * substitution
                if (before is not None and j > 1 and letter == typed[j - 2]
                        and word[i - 2] == typed_letter):
                    c1[j] += before[0][j - 2] * transposition
                    c2[j] += before[1][j - 2] * transposition
                elif before is not None and j > 1 and word[i - 2] != letter and (
                        (typed[j - 2] == letter and typed_letter != word[i - 2])
                        or (typed_letter == word[i - 2] and typed[j - 2] != letter)):
                    c2[j] += before[0][j - 2] * swap_and_substitute
            added = doubled if _repeats(typed, j - 1) else insertion
            c1[j] += p0[j] * deletion + c0[j - 1] * added
            c2[j] += p1[j] * deletion + c1[j - 1] * added
            if further is not None and j > 2:
                a, b, c = word[i - 3], word[i - 2], letter
                moved = typed[j - 3:j]
                if not a == b == c and (moved == b + c + a or moved == c + a + b):
                    c2[j] += further[0][j - 3] * move
        rows.append((c0, c1, c2))
        if len(rows) > 3:
            rows.pop(0)
    last = rows[-1]
    total = last[1][typed_length] + 2 * last[2][typed_length]
    return -math.log(total) if total > 0 else math.inf
