"""Article metadata from an HTML page: title, date, author(s), source, URL, language.

Dates follow the issue's order of trust: JSON-LD, then ``<meta>`` tags, then ``<time>``, then the
URL, then the text (htmldate). Every date is returned as ISO 8601, with its time zone when the page
gives one.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import warnings
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from lxml import html as lxml_html

from newsarchive.indexer.lexicon import (
    CORP_SUFFIXES,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MONTHS_ALSO_NAMES,
    WEEKDAYS,
)
from newsarchive.indexer.publisher import publication_name
from newsarchive.search.text import fold

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                  "reviewnewsarticle", "liveblogposting", "scholarlyarticle", "techarticle",
                  "socialmediaposting", "report", "webpage"}
_DATE_META = ("article:published_time", "og:published_time", "og:article:published_time",
              "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
              "publication_date", "sailthru.date", "parsely-pub-date", "dc.date.issued",
              "dcterms.issued", "dc.date", "dcterms.date", "date", "article.published",
              "published_time", "cxenseparse:recs:publishtime", "originalpublicationdate")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")
# Not a publication's name: copyright notices, URLs and the blog platform a site runs on.
_NOT_A_SOURCE = re.compile(r"^https?:|copyright|\u00a9|\(c\)|^(blogger|wordpress|medium|"
                           r"tumblr|drupal|joomla|ghost|squarespace|wix)$", re.I)
SHORT_GUESS = 3  # trafilatura's title guess of fewer words may be a blog's or section's name
_TITLE_SPLIT = re.compile(r"\s+[|\u2013\u2014\-\u00b7:]\s+")


def jsonld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, with ``@graph`` containers flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = (script.text or "").strip().rstrip(";")
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):
            continue
        flatten_jsonld(data, found, depth=0)
    return found


def flatten_jsonld(data: Any, found: list[dict[str, Any]], depth: int) -> None:
    """Collect the dicts of a JSON-LD value, descending into lists and ``@graph``."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            flatten_jsonld(item, found, depth + 1)
    elif isinstance(data, dict):
        found.append(data)
        if "@graph" in data:
            flatten_jsonld(data["@graph"], found, depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def article_jsonld(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON-LD object describing the article itself (a NewsArticle-like type)."""
    ranked = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    ranked.sort(key=lambda o: ("webpage" in _types(o), "articleBody" not in o,
                               "datePublished" not in o))
    return ranked[0] if ranked else None


FIRST_YEAR, LAST_YEAR = 1700, 2100  # a year outside these is a slip or a placeholder ("0001")
_MONTH_WORD = re.compile(rf"\b({'|'.join(MONTHS + MONTH_ABBREVIATIONS)})\b\.?", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
_DAY = re.compile(r"(?<![\d:])\d{1,2}(st|nd|rd|th)?(?![\d:])")
_CLOCK = re.compile(r"\b\d{1,2}:\d\d")
# zone abbreviations of English-language news (dateutil knows only UTC and the local zone)
_ZONES = {name: int(hours * 3600) for name, hours in (
    ("EST", -5), ("EDT", -4), ("CST", -6), ("CDT", -5), ("MST", -7), ("MDT", -6), ("PST", -8),
    ("PDT", -7), ("ET", -5), ("PT", -8), ("BST", 1), ("CET", 1), ("CEST", 2), ("IST", 5.5),
    ("JST", 9), ("AEST", 10), ("AEDT", 11))}


_ISO_BASIC = re.compile(r"(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)?(Z|[+-]\d\d:?\d\d)?")


def normalize_date(value: Any) -> str | None:
    """ISO 8601 for a date string in ISO, RFC 2822 or ``YYYY/MM/DD`` (``HH:MM``) form, or one
    naming its month ("March 3, 2023", "3 March 2023 10:00 UTC"); None when unparsable."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    basic = _ISO_BASIC.fullmatch(text)  # "20210317T180411Z", as some exports write it
    if basic:
        year, month, day, hour, minute, second, zone = basic.groups()
        text = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone or ''}"
    iso = text.replace("Z", "+00:00").replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d", text) \
        else None
    if iso:
        iso = re.sub(r"(\.\d+)(?=[+-]\d\d:?\d\d$|$)", "", iso)  # drop fractions of a second
        iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)
        iso = re.sub(r"T(\d\d:\d\d(:\d\d)?)\s+", r"T\1", iso)
        try:
            parsed = datetime.fromisoformat(iso)
        except ValueError:
            parsed = None
        if parsed is not None:
            return _iso(parsed, date_only=len(iso) == 10)
    if iso or _MONTH_WORD.search(text):  # before email's parser, which reads "5:00 pm" as 5:00
        written = _written_out(text)
        if written:
            return written
    try:
        return _iso(parsedate_to_datetime(text), date_only=False)
    except (TypeError, ValueError, IndexError):
        pass
    match = re.match(r"(\d{4})[/.](\d\d?)[/.](\d\d?)(?:[ T](\d\d?):(\d\d)(?::(\d\d))?)?$",
                     text)
    if match:
        try:
            return _iso(datetime(*(int(part) for part in match.groups() if part is not None)),
                        date_only=match.group(4) is None)
        except ValueError:
            return None
    return None


def _written_out(text: str) -> str | None:
    """A date whose month is a word, or an ISO date with a zone name ("2023-03-03 10:00:00
    UTC"), read by dateutil when it has a year and a day: never "03/04/2023", whose day and
    month could be either way round. dateutil rather than a pattern per form: it knows the
    orders, ordinals, weekdays and zone names such dates come in."""
    from dateutil import parser as date_parser

    if len(_YEAR.findall(text)) != 1 or not _DAY.search(_YEAR.sub(" ", text)):
        return None
    try:
        with warnings.catch_warnings():  # a zone name it does not know: the time as written
            warnings.simplefilter("ignore")
            moment = date_parser.parse(text, default=datetime(2000, 1, 1), tzinfos=_ZONES)
    except (ValueError, OverflowError, TypeError, LookupError):  # dateutil's ways to fail
        return None
    return _iso(moment.replace(microsecond=0), date_only=not _CLOCK.search(text))


def _iso(moment: datetime, date_only: bool) -> str | None:
    """ISO 8601 of a moment, or None for a year out of range or a zone no clock has (dateutil
    reads "+99:00" as an offset that isoformat then refuses: the article was lost)."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    try:
        return moment.date().isoformat() if date_only else moment.isoformat()
    except ValueError:
        return None


def year_out_of_range(text: str) -> bool:
    """Whether a date that could not be read names a year outside FIRST_YEAR..LAST_YEAR."""
    return any(not FIRST_YEAR <= int(year) <= LAST_YEAR for year in _YEAR.findall(text))


def _meta(tree: Any) -> dict[str, str]:
    """``<meta>`` values by lower-cased name/property/itemprop (first one wins)."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content") or meta.get("datetime")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), content.strip())
    return values


def find_date(tree: Any, page: str, url: str | None, ld: dict[str, Any] | None) -> str | None:
    """The publication date, trusting JSON-LD, meta tags, <time>, the URL, then the text."""
    date = _stated_date(tree, ld, ("datePublished", "dateCreated", "uploadDate"))
    if date:
        return date
    for node in tree.xpath("//time[@datetime] | //*[@itemprop='datePublished'][@datetime]"):
        date = normalize_date(node.get("datetime"))
        if date:
            return date
    match = _URL_DATE.search(url or "")
    if match:
        date = normalize_date("-".join(f"{int(part):02d}" for part in match.groups()))
        if date:
            return date
    return _htmldate(page, url)


def _htmldate(page: str, url: str | None) -> str | None:
    """htmldate's search of the page (headers, scripts, text), original publication date.

    Not the day a saving tool wrote into the page (SingleFile's "saved date"), nor January 1
    of the copyright year in the footer, which htmldate offers when it finds nothing else
    ("© 2023" is no publication date)."""
    page = _SAVER_COMMENT.sub("", page)
    try:
        from htmldate import find_date as htmldate_find

        found = htmldate_find(page, extensive_search=True, original_date=True, url=url,
                              outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a date is optional, never a reason to fail
        return None
    if not found or _copyright_new_year(page, found):
        return None
    return normalize_date(found)


_SAVER_COMMENT = re.compile(r"<!--\s*Page saved with SingleFile.*?-->", re.S | re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->|"
                         r"<!--\s*Page saved with SingleFile\s+url:\s*(https?://\S+)", re.I)


def _copyright_new_year(page: str, found: str) -> bool:
    """Whether a date htmldate found is only January 1 of a year the page's copyright notice
    names, with no such day written anywhere."""
    year, rest = found[:4], found[4:]
    if rest != "-01-01":
        return False
    notice = re.search(rf"(?:©|&copy;|\(c\)|copyright)\s*(?:\d{{4}}\s*[-\u2013/]\s*)?{year}\b",
                       page, re.I)
    if not notice:
        return False
    written = re.search(rf"{year}-01-01|01/01/{year}|\bJan(?:uary|\.)? 1(?:st)?,? {year}|"
                        rf"\b1(?:st)? Jan(?:uary|\.)? {year}", page, re.I)
    return written is None


def saved_from(page: str) -> str | None:
    """The address a browser or SingleFile saved the page from, as they note it in a comment."""
    match = _SAVED_FROM.search(page[:5000])
    return (match.group(1) or match.group(2)) if match else None


def meta_date(tree: Any) -> str | None:
    """The date a page states about itself in JSON-LD or meta tags (the benchmark's reference)."""
    return _stated_date(tree, article_jsonld(jsonld_objects(tree)), ("datePublished",))


def _stated_date(tree: Any, ld: dict[str, Any] | None, ld_keys: tuple[str, ...]) -> str | None:
    """The first date among the JSON-LD keys, then the meta tags that name a publication date."""
    meta = _meta(tree)
    stated = [ld.get(key) for key in ld_keys] if ld else []
    for value in (*stated, *(meta.get(key) for key in _DATE_META)):
        date = normalize_date(value)
        if date:
            return date
    return None


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD author value (string, object or list of them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:10] for name in _names(item)]
    return []


# a byline's date run into the name: "Ann Lee, Nov. 20, 2019", "JERUSALEM POST STAFF NOVEMBER"
# (read without its digits). Any month before a day's number ends a byline; without a number,
# only a month or weekday that is nobody's name (not May, June, March, April, August...)
_MONTH = rf"(?:{'|'.join(MONTHS + MONTH_ABBREVIATIONS)})\b\.?"
_NOBODYS_NAME = rf"(?:{'|'.join(m for m in MONTHS + WEEKDAYS if m not in MONTHS_ALSO_NAMES)})\b"
_BYLINE_DATE = re.compile(rf"(?:(?:^|[\s,|\u2013\u2014-]+)(?:{_MONTH}\s*\d[\s\d,.:apm]*|"
                          rf"{_NOBODYS_NAME}[\s\d,.:apm]*))+$", re.I)


def _join_authors(names: list[str]) -> str | None:
    seen: list[str] = []
    names = [part for name in names for part in re.split(r"\s*;\s*", name)]
    for name in names:
        name = re.sub(r"^\s*by\s+", "", re.sub(r"\s+", " ", name), flags=re.I).strip(" ,")
        name = _BYLINE_DATE.sub("", name).strip(" ,")
        if name and not name.startswith("http") and len(name) < 100 and name not in seen:
            seen.append(name)
    return ", ".join(seen) or None


def record_author(value: str) -> str | None:
    """A record's author field as a page's byline is read: without "By ", a date run in."""
    return _join_authors([value]) if value else None


def find_author(tree: Any, ld: dict[str, Any] | None, fallback: str | None) -> str | None:
    """Author(s): JSON-LD, then ``<meta name=author>``-like tags, then trafilatura's guess."""
    if ld:
        author = _join_authors(_names(ld.get("author")) or _names(ld.get("creator")))
        if author:
            return author
    meta = _meta(tree)
    for key in ("author", "article:author", "dc.creator", "byl", "sailthru.author",
                "parsely-author", "dcterms.creator"):
        author = _join_authors([meta.get(key, "")])
        if author:
            return author
    return _join_authors([fallback]) if fallback else None


def find_source(tree: Any, ld: dict[str, Any] | None, url: str | None,
                fallback: str | None, title: str = "") -> str | None:
    """Publication or site name: JSON-LD publisher, og:site_name, trafilatura's guess, then
    account handles (twitter:site, the Facebook page).

    The name the page's domain spells wins, a handle only when no name does
    (indexer.publisher); without one, the first name; without any, the host name.
    """
    meta = _meta(tree)
    names = _names(ld.get("publisher")) if ld else []
    names += [meta.get(key, "") for key in ("og:site_name", "application-name", "publisher")]
    if fallback and fold(fallback) != fold(title):  # trafilatura's guess may be the headline
        names.append(fallback)
    handles = [meta.get("twitter:site", "")]
    publisher_page = meta.get("article:publisher", "")
    if publisher_page.startswith("http"):
        handles.append(publisher_page.rstrip("/").rsplit("/", 1)[-1])
    return publication_name(_source_names(names), _source_names(handles), url)


def _source_names(candidates: list[Any]) -> list[str]:
    names = [_without_end_dot(re.sub(r"\s+", " ", name).lstrip("@").strip())
             for name in candidates if isinstance(name, str)]
    return [name for name in names if name and len(name) < 100 and not _NOT_A_SOURCE.search(name)]


def _without_end_dot(name: str) -> str:
    """"Poynter." is Poynter: a site's name written as a sentence; an abbreviation keeps its
    dot ("Dow Jones & Co.", "U.S.")."""
    words = name.split()
    last = words[-1].rstrip(".").lower() if words else ""
    if not name.endswith(".") or name.endswith("..") or len(last) <= 2 or "." in last \
            or last in CORP_SUFFIXES:
        return name
    return name[:-1]


def find_title(tree: Any, ld: dict[str, Any] | None, fallback: str | None) -> str:
    """Headline: JSON-LD, og:title, trafilatura's title when ``<title>`` shares a word with it
    (and holds it in no longer line, when it is a name of one or two words), else ``<title>``
    without the site name."""
    meta = _meta(tree)
    stated = [_clean_title(meta[key]) for key in ("og:title", "twitter:title", "headline",
                                                  "title") if meta.get(key)]
    if ld and isinstance(ld.get("headline"), str) and ld["headline"].strip():
        return _without_site_name(_clean_title(ld["headline"]), stated)
    if stated:
        return _without_site_name(stated[0], stated[1:])
    titles = tree.xpath("//title/text()")
    parts = _TITLE_SPLIT.split(titles[0].strip()) if titles else []
    tag = _clean_title(max(parts, key=len)) if parts else ""
    guess = _clean_title(fallback or "")
    if guess and (not tag or _shared_words(guess, tag)) and not (
            len(guess.split()) < SHORT_GUESS and len(tag.split()) >= len(guess.split()) + 3):
        return guess
    # trafilatura's guess was a widget's heading ("Translate", "Share this:"), or a heading
    # of one or two words that the page's <title> holds in a longer one (a blog's name,
    # "Rand's Blog", "zenhabits"; a section's, "Maps"): 60 of the 1,353 Dragnet pages
    return tag


def _shared_words(first: str, second: str) -> bool:
    def words(text: str) -> set[str]:
        return {word for word in re.findall(r"[^\W\d_]{3,}", text.lower())}

    return bool(words(first) & words(second))


_SITE_SUFFIX = re.compile(r"\s+[|\u2013\u2014\-\u00b7:]\s+\S.{0,40}")


def _without_site_name(title: str, others: list[str]) -> str:
    """The title without a site name after it ("... campaign | TheHill") when another title
    the page states is the same without it (its og:title): the publication is shown apart."""
    for other in others:
        if len(other) < len(title) and title.startswith(other) and \
                _SITE_SUFFIX.fullmatch(title[len(other):]):
            return other
    return title


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(title)).strip()


def find_url(tree: Any, ld: dict[str, Any] | None, known: str | None, page: str = ""
             ) -> str | None:
    """The article URL: the container's, else canonical link, og:url or JSON-LD url, else
    the address the page was saved from."""
    if known:
        return known
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if href.startswith("http"):
            return href.strip()
    meta = _meta(tree)
    if meta.get("og:url", "").startswith("http"):
        return meta["og:url"]
    if ld and isinstance(ld.get("url"), str) and ld["url"].startswith("http"):
        return ld["url"]
    return saved_from(page)


def page_language(tree: Any) -> str | None:
    """The page's declared language (``<html lang>`` or content-language), as a 2-letter code."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        lang = _meta(tree).get("content-language") or _meta(tree).get("og:locale")
    return language_code(lang) if lang else None


# The languages of most news archives by their ISO 639-2 codes (bibliographic and terminology)
# and their names, in English and in their own words: what exports write in a "language"
# field besides "fr" and "fr-FR". A table, not pycountry (a build-time package only here), as
# the detector's answer is what counts when it is sure (``detect_language``).
_LANGUAGE_NAMES = {
    "en": "eng english", "fr": "fra fre french francais français",
    "de": "deu ger german deutsch", "es": "spa spanish espanol español castellano",
    "it": "ita italian italiano", "pt": "por portuguese portugues português",
    "nl": "nld dut dutch nederlands", "ru": "rus russian русский", "zh": "zho chi chinese 中文",
    "ja": "jpn japanese 日本語", "ar": "ara arabic العربية", "sv": "swe swedish svenska",
    "da": "dan danish dansk", "no": "nor norwegian norsk nob nno", "fi": "fin finnish suomi",
    "pl": "pol polish polski", "tr": "tur turkish türkçe", "el": "ell gre greek ελληνικά",
    "he": "heb hebrew עברית", "ko": "kor korean 한국어", "uk": "ukr ukrainian українська",
    "cs": "ces cze czech čeština", "hu": "hun hungarian magyar", "ro": "ron rum romanian română",
    "hi": "hin hindi हिन्दी", "id": "ind indonesian bahasa", "vi": "vie vietnamese",
    "hr": "hrv croatian hrvatski", "sr": "srp serbian", "th": "tha thai",
    "fa": "fas per persian farsi", "bg": "bul bulgarian", "sk": "slk slo slovak",
    "sl": "slv slovenian", "ca": "cat catalan",
}
_LANGUAGE_CODES = {name: code for code, names in _LANGUAGE_NAMES.items()
                   for name in names.split()}


def language_code(declared: str) -> str | None:
    """A declared language as its 2-letter code: "fr", "fr-FR", "en_US", "eng", "English",
    "Deutsch"; None for what is none of these."""
    text = re.sub(r"\s*\(.*\)$", "", declared.strip().lower())  # "English (US)"
    code = re.split(r"[-_]", text)[0]
    if re.fullmatch(r"[a-z]{2}", code):
        return code
    return _LANGUAGE_CODES.get(code) or _LANGUAGE_CODES.get(text)


_RARE_LABELS = {"vo", "ia", "ie", "io", "eo", "la", "oc", "an", "wa", "li", "sa"}
_MIN_LANGUAGE_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's model, limited to ISO 639-1 languages a news archive holds, with
    probabilities (so a guess on numbers or tables can be told from a real answer)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([label for label in identifier.labels
                              if len(label) == 2 and label not in _RARE_LABELS])
    return identifier


def detect_language(text: str, declared: str | None = None) -> str | None:
    """Language of ``text`` (py3langid); the declared one when the guess is not confident.

    The first 1,000 characters decide: on 3,320 news texts they agree with 5,000 in all but two
    low-confidence cases, for two thirds of the time (the indexer does this for every article)."""
    sample = text[:1000]
    if len(sample) < 40:
        return declared
    try:
        code, confidence = _language_identifier().classify(sample)
    except Exception:  # noqa: BLE001 - language is optional metadata
        return declared
    return code if confidence >= _MIN_LANGUAGE_CONFIDENCE else declared


def parse_html(page: str) -> Any:
    """An lxml tree of the page, tolerant of broken markup; an empty document when unparsable."""
    try:
        tree = lxml_html.document_fromstring(page)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        tree = lxml_html.document_fromstring("<html><body></body></html>")
    return tree
