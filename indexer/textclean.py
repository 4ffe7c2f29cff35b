"""Clean scraped plain text: keep the story, drop what the scraper picked up around it.

What goes (see ``shared/seeds/README.md``): share-counter lines ("0", "34", "1.2K"), photo
credit lines ("JUSSI NUKARI/Lehtikuva/AFP/Getty Images"; the caption itself stays), promo footers
("Do you have a tip ... Let us know via [email protected].") and Cloudflare e-mail protection
leftovers. Angle brackets are text here (Reuters tickers such as ``<SRD>``), never markup.
"""

from __future__ import annotations

import re
import unicodedata

from newsarchive.indexer.lexicon import AGENCY_PATTERN, PROMO_FOOTER
from newsarchive.search.text import hard_wrapped

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_COUNTER = re.compile(r"^[\d.,]+\s*[KkMm]?$")
_SOCIAL = re.compile(
    r"^(share|shares|tweet|comments?|print|e-?mail|copy link|facebook|twitter|linkedin|whatsapp"
    r"|pinterest|reddit|share this( article| story)?|share on \w+|\d+\s+(comments?|shares?))$",
    re.I)
_CREDIT = re.compile(
    rf"(^(photo|photograph|image|picture|credit|source|foto)s?\s*(by|credit)?\s*[:©]"
    rf"|^©|/\s*({AGENCY_PATTERN})\b|\b({AGENCY_PATTERN})\s*(/|$)|\((photo|image|credit):)",
    re.I)
_EMAIL_PROTECTED = re.compile(r"\[\s*email\s*(&#160;|\u00a0|\s)*protected\s*\]", re.I)
# the wire's last line: "Reuter", and "REUTER" in a quarter of Reuters-21578's stories
REUTER_SIGNOFF = re.compile(r"(?:^|\n)[ \t]*Reuters?[ \t]*$", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """Unicode NFC, unified newlines and spaces, no invisible characters, at most one blank line."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def is_counter(line: str) -> bool:
    """A share/comment counter or social button label standing on its own line."""
    return bool(_COUNTER.match(line) or _SOCIAL.match(line))


_CREDIT_SMALL_WORDS = frozenset(("by", "via", "for", "of", "and", "the", "courtesy", "de",
                                  "van", "von", "photo", "file"))


def is_credit(line: str) -> bool:
    """A photo credit line: short, no sentence, naming a photographer/agency or 'Photo:'.
    Names and agencies are capitalized: a line with other words in lower case (more than
    one; two beside a "Name/Agency") is prose ("Source: company filings show revenue rose",
    "What executives told AFP"), kept."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 120:
        return False
    if sum(word[:1].islower() and word.isalpha() and word not in _CREDIT_SMALL_WORDS
           for word in words) > (2 if "/" in line else 1):
        return False
    if line.endswith((".", "?", "!", ":", "\u201d", '"')) and not re.search(r"\bImages?\.$", line):
        return False
    return bool(_CREDIT.search(line))


def is_promo(paragraph: str) -> bool:
    """A promotional or contact footer, not story text."""
    return bool(PROMO_FOOTER.search(paragraph)) and len(paragraph) < 400


def _paragraphs(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.split("\n\n") if block.strip()]


def _clean_block(lines: list[str]) -> list[str]:
    """Drop counters and photo credit lines. The caption above a credit stays: it is a
    sentence about the story and may be the only place it names someone ("the EU country")."""
    return [line for line in lines if not is_counter(line) and not is_credit(line)]


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (wire copy wraps at ~70 columns) into paragraphs.

    Only for text that is hard-wrapped (``search.text.hard_wrapped``). A blank line or an
    indented line starts a paragraph (the wire's convention), so tables of indented figures keep
    one row a line.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not hard_wrapped(lines):
        return text
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and (not line.strip() or line[:1] in " \t"):
            paragraphs.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def clean_text(text: str, drop_signoff: bool = False) -> str:
    """The story text of scraped plain text (see module doc); ``drop_signoff`` drops 'Reuter'."""
    text = normalize_text(unwrap(text))
    blocks = [_clean_block(lines) for lines in _paragraphs(text)]
    blocks = [block for block in blocks if block]
    while blocks and is_promo(" ".join(blocks[-1])):
        blocks.pop()
    paragraphs = []
    for block in blocks:
        paragraph = "\n".join(block)
        if _EMAIL_PROTECTED.search(paragraph):
            if is_promo(paragraph):
                continue
            paragraph = _EMAIL_PROTECTED.sub("", paragraph)
        paragraphs.append(paragraph)
    body = "\n\n".join(paragraphs).strip()
    if drop_signoff:
        body = REUTER_SIGNOFF.sub("", body).rstrip()
    return body


def split_title(text: str) -> tuple[str, str]:
    """(title, rest) when the first non-empty line is a headline followed by a blank line."""
    text = normalize_text(text)
    head, sep, rest = text.partition("\n\n")
    if sep and "\n" not in head and 0 < len(head) <= 300 and not is_counter(head):
        return head, rest
    return "", text
