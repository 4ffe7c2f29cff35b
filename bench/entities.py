"""Measure the entity facets (issue 4) on Reuters-21578 codes and CoNLL-2003 gold mentions.

    .venv/bin/python bench/entities.py [--sample N] [--workers 2] [--raw] [--speed]

Reuters-21578 (``dev.jsonl.gz``; each article is its title, and its dateline then body as the
wire printed them: "SALVADOR, Feb 26 - ..."), per (article, code) pair:

- country recall: share of ``places`` codes matched by one of the article's country values;
- country validity: share of emitted country values that are countries (a current ISO 3166 country
  in pycountry or countryinfo, or one of the historic states kept by design);
- person recall against ``people`` codes, organization recall against ``orgs`` codes.

How a facet value matches a code (bench only, the product knows no Reuters code):

- places: the code names a country through pycountry/countryinfo (``el-salvador`` -> El Salvador)
  or the small table ``PLACE_CODES`` below (``usa``, ``uk``, ``ussr``, ...). A successor state
  counts for a dissolved one (``ussr``: Soviet Union or Russia; ``west-germany``: West Germany or
  Germany), since cities map to the current country by design;
- people: the last words agree and the code's words (``james-baker``, or a bare surname
  ``volcker``) are words of the slugified value ("James A. Baker" matches ``james-baker``), or
  the value is that surname alone ("Weizsaecker" matches ``von-weizsaecker``);
- orgs: the slugified value equals the code (dashes ignored), or the value is the acronym or the
  full name given for the code in ``cat-descriptions_120396.txt`` ("European Community (EC)").

CoNLL-2003 (``conll2003/dev.jsonl.gz``): per-document precision and recall of the persons and
orgs facets on distinct gold entities, averaged over documents (a document without gold values
has no recall, one without predicted values no precision). Gold strings are case-folded and a
one-word gold name is joined to a longer gold name of the same document ending with it
("Simmons" -> "Phil Simmons"). A facet value matches a gold entity when it equals one of its
mentions or one of the two is a word-suffix of the other ("Simmons" and "Phil Simmons").

``--raw`` scores raw spaCy (distinct entity texts of PERSON / ORG / GPE-as-country) instead of
the normalized facets, for comparison. ``--speed`` also times bare NER against ``annotate``;
without it spaCy's output is read from the NER cache of ``bench/devarchive.py`` where present.

These are one article at a time (``newsarchive extract``); ``bench/facets.py`` measures the
same figures on what an index shows after the archive-level resolution.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the packages: bench/search.py is a script

from newsarchive.indexer.article import Article  # noqa: E402
from newsarchive.indexer.entities import EntityExtractor, load_nlp, prepare_text  # noqa: E402
from newsarchive.indexer.normalize import clean_text, fold  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578"
CONLL = CORPORA / "conll2003" / "dev.jsonl.gz"

# Reuters place codes that pycountry/countryinfo do not resolve by name, and successor states.
PLACE_CODES = {
    "usa": ["United States"], "uk": ["United Kingdom"], "uae": ["United Arab Emirates"],
    "ussr": ["Soviet Union", "Russia"], "west-germany": ["West Germany", "Germany"],
    "east-germany": ["East Germany", "Germany"], "czechoslovakia": ["Czechoslovakia",
    "Czech Republic", "Slovakia"], "yugoslavia": ["Yugoslavia", "Serbia", "Croatia", "Slovenia"],
    "kampuchea": ["Cambodia"], "zaire": ["Democratic Republic of the Congo"],
    "burma": ["Myanmar"], "ivory-coast": ["Ivory Coast"], "macao": ["Macau"],
    "trinidad-tobago": ["Trinidad and Tobago"], "western-samoa": ["Samoa"],
    "vatican": ["Vatican City"], "yemen-arab-republic": ["Yemen"],
    "yemen-demo-republic": ["Yemen"], "netherlands-antilles": ["Netherlands Antilles", "Curaçao"],
    "us-virgin-islands": ["Virgin Islands, U.S."], "british-virgin-islands":
    ["Virgin Islands, British"], "congo": ["Republic of the Congo"], "gambia": ["The Gambia"],
    "bahamas": ["The Bahamas"], "antigua": ["Antigua and Barbuda"], "south-korea": ["South Korea"],
    "north-korea": ["North Korea"], "hong-kong": ["Hong Kong"],
}
HISTORIC = {"Soviet Union", "West Germany", "East Germany", "Czechoslovakia", "Yugoslavia"}


def slug(text: str) -> str:
    """"James A. Baker" -> "james-a-baker"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------- data


def read_jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def sample(records: list[dict], size: int | None, seed: int = 0) -> list[dict]:
    """A reproducible random sample (all records when size is None)."""
    if not size or size >= len(records):
        return records
    return random.Random(seed).sample(records, size)


def org_descriptions(path: Path) -> dict[str, tuple[str, str]]:
    """Reuters org code -> (full name, acronym) from the collection's category notes."""
    text = path.read_text(encoding="latin-1")
    out = {}
    for match in re.finditer(r"([A-Z][^@\n]*?(?:\n\[[^\]]*\]\n)?)\s*\(([A-Z0-9\-]+)\)@\*", text):
        name = re.sub(r"\[.*?\]|\s+", " ", match.group(1)).strip()
        code = match.group(2).lower()
        out[code] = (name, code.split("-")[0].upper())
    return out


def country_names() -> set[str]:
    """Folded names of real countries, straight from the packages (independent of places.json)."""
    import pycountry
    from countryinfo._cache import load_countries

    names = {fold(n) for n in HISTORIC}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(country, attr, None):
                names.add(fold(getattr(country, attr)))
    for info in load_countries()["countries"].values():
        if (info.get("ISO") or {}).get("alpha2"):
            names.add(fold(info["name"]))
    return names


def place_code_names(code: str, known: set[str]) -> set[str]:
    """Folded country names a Reuters place code stands for."""
    names = {fold(n) for n in PLACE_CODES.get(code, [])}
    plain = fold(code.replace("-", " "))
    if plain in known:
        names.add(plain)
    return names


# ---------------------------------------------------------------- matching


def person_matches(value: str, code: str) -> bool:
    words, code_words = slug(value).split("-"), code.split("-")
    if words[-1] != code_words[-1]:
        return False
    return len(words) == 1 or set(code_words) <= set(words)


def org_matches(value: str, code: str, descriptions: dict[str, tuple[str, str]]) -> bool:
    flat = slug(value).replace("-", "")
    if flat == code.replace("-", ""):
        return True
    name, acronym = descriptions.get(code, ("", code.upper()))
    spelled = fold(value).replace("organization", "organisation")
    return value.replace(".", "").upper() == acronym or (bool(name) and spelled == fold(name))


def word_suffix(short: str, long: str) -> bool:
    return short == long or long.endswith(" " + short)


def gold_entities(values: Iterable[str]) -> list[set[str]]:
    """Distinct gold entities: folded strings, one-word names joined to the longer name that
    ends with them ("Shearer" of Alan Shearer) or else to the one longer name that opens with
    them ("Wang" of Wang Donghai, "Naina" of Naina Yeltsin, in the same story)."""
    names = sorted({v.casefold() for v in values}, key=lambda v: -len(v.split()))
    entities: list[set[str]] = []
    for name in names:
        home = None
        if " " not in name:
            home = next((e for e in entities if any(m.endswith(" " + name) for m in e)), None)
            opened = [e for e in entities if any(m.startswith(name + " ") for m in e)]
            if home is None and len(opened) == 1:
                home = opened[0]
        if home is None and _acronym(name):
            home = next((e for e in entities if any(_spells_out(name, m) for m in e)), None)
        if home is None:
            entities.append({name})
        else:
            home.add(name)
    return entities


_NOT_INITIALS = {"of", "the", "and", "for", "in", "on", "de", "&"}


def _acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return " " not in name and 2 <= len(letters) <= 6 and letters.isalpha()


def _spells_out(acronym: str, name: str) -> bool:
    """Whether a story's gold ``name`` is what its gold ``acronym`` stands for ("nfl",
    "national football league"; "pdi", "indonesian democratic party": the same letters in
    another order, as acronyms of translated names have). The gold labels spans, not
    entities, so without this a story naming both counts two organizations where there is
    one."""
    words = [w for w in name.split() if w not in _NOT_INITIALS]
    if len(words) < 2:
        return False
    letters, first = acronym.replace(".", ""), "".join(w[0] for w in words)
    return sorted(letters) == sorted(first)


def value_matches(value: str, entity: set[str]) -> bool:
    key = value.casefold()
    return any(word_suffix(key, m) or word_suffix(m, key) for m in entity)


def prf(predicted: list[str] | dict[str, set[str]], gold: list[str]
        ) -> tuple[float | None, float | None]:
    """Per-document (precision, recall) on distinct entities; None where undefined.
    `predicted` may map each value to the names it answers for (itself among them)."""
    names = predicted if isinstance(predicted, dict) else {v: {v} for v in predicted}
    entities = gold_entities(gold)

    def matches(value: str, entity: set[str]) -> bool:
        return any(value_matches(name, entity) for name in names[value])

    precision = recall = None
    if names:
        precision = sum(any(matches(v, e) for e in entities) for v in names) / len(names)
    if entities:
        recall = sum(any(matches(v, e) for v in names) for e in entities) / len(entities)
    return precision, recall


def mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


# ---------------------------------------------------------------- running


def raw_facets(article: Article) -> tuple[list[str], list[str], list[str]]:
    """Raw spaCy as facets: distinct entity texts, GPE taken as countries."""
    def distinct(labels: set[str]) -> list[str]:
        seen: dict[str, str] = {}
        for text, label, *_ in article.mentions:
            if label in labels:
                seen.setdefault(clean_text(text).casefold(), clean_text(text))
        return list(seen.values())
    return distinct({"PERSON"}), distinct({"GPE"}), distinct({"ORG"})


def annotate(extractor: EntityExtractor, articles: list[Article], raw: bool) -> Iterator[Article]:
    for article in extractor.annotate(articles):
        if raw:
            article.persons, article.countries, article.orgs = raw_facets(article)
        yield article


def reuters_article(record: dict) -> Article:
    """The article as the wire printed it: the dateline ("SALVADOR, Feb 26 -") opens the body."""
    from devarchive import wire_body

    return Article(id=str(record["id"]), path="reuters", title=record["title"],
                   body=wire_body(record))


def bench_reuters(extractor: EntityExtractor, size: int | None, raw: bool) -> dict[str, float]:
    records = sample(read_jsonl(REUTERS / "dev.jsonl.gz"), size)
    descriptions = org_descriptions(REUTERS / "cat-descriptions_120396.txt")
    known = country_names()
    articles = [reuters_article(r) for r in records]
    hits = {"places": [0, 0], "people": [0, 0], "orgs": [0, 0], "valid": [0, 0], "cprec": [0, 0]}
    for record, article in zip(records, annotate(extractor, articles, raw), strict=True):
        values = {fold(c) for c in article.countries}
        for code in record["places"]:
            hits["places"][0] += bool(values & place_code_names(code, known))
            hits["places"][1] += 1
        code_names = set().union(*(place_code_names(c, known) for c in record["places"]))
        for value in values:
            hits["valid"][0] += value in known
            hits["valid"][1] += 1
            if record["places"]:
                hits["cprec"][0] += value in code_names
                hits["cprec"][1] += 1
        for code in record["people"]:
            hits["people"][0] += any(person_matches(v, code) for v in article.persons)
            hits["people"][1] += 1
        for code in record["orgs"]:
            hits["orgs"][0] += any(org_matches(v, code, descriptions) for v in article.orgs)
            hits["orgs"][1] += 1
    ratio = {key: (h / n if n else 0.0) for key, (h, n) in hits.items()}
    print(f"Reuters-21578: {len(records)} articles")
    print(f"  country recall    {ratio['places']:.3f}  ({hits['places'][1]} place codes)")
    print(f"  country validity  {ratio['valid']:.3f}  ({hits['valid'][1]} country values)")
    print(f"  (country values among the place codes {ratio['cprec']:.3f}; codes list main places)")
    print(f"  person recall     {ratio['people']:.3f}  ({hits['people'][1]} people codes)")
    print(f"  org recall        {ratio['orgs']:.3f}  ({hits['orgs'][1]} org codes)")
    return ratio


def bench_conll(extractor: EntityExtractor, size: int | None, raw: bool) -> None:
    docs = sample(read_jsonl(CONLL), size)
    articles = []
    for doc in docs:
        title, _, body = doc["text"].partition("\n")
        articles.append(Article(id=doc["id"], path="conll", title=title, body=body))
    scores: dict[str, list[tuple[float | None, float | None]]] = {"persons": [], "orgs": []}
    for doc, article in zip(docs, annotate(extractor, articles, raw), strict=True):
        scores["persons"].append(prf(article.persons, doc["persons"]))
        scores["orgs"].append(prf(article.orgs, doc["orgs"]))
    print(f"CoNLL-2003 dev: {len(docs)} documents (per-document mean on distinct entities)")
    for facet, pairs in scores.items():
        precision, recall = mean(p for p, _ in pairs), mean(r for _, r in pairs)
        print(f"  {facet:<8} P {precision:.3f}  R {recall:.3f}")


def bench_speed(extractor: EntityExtractor, size: int | None) -> None:
    """Words per second of bare nlp.pipe against the full annotate() on the same articles."""
    records = sample(read_jsonl(REUTERS / "dev.jsonl.gz"), size or 2000)
    texts = [prepare_text(a.title, a.body)[0] for a in map(reuters_article, records)]
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp(extractor.model)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=extractor.batch_size, n_process=extractor.workers):
        pass
    bare = time.perf_counter() - start
    articles = [reuters_article(r) for r in records]
    start = time.perf_counter()
    for _ in extractor.annotate(articles):
        pass
    full = time.perf_counter() - start
    print(f"Speed ({len(records)} articles, {words} words, workers={extractor.workers}):")
    print(f"  bare NER  {words / bare:,.0f} words/s")
    print(f"  annotate  {words / full:,.0f} words/s  ({bare / full:.2f} of bare NER)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=None, help="random sample of N articles")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--model", default=None)
    parser.add_argument("--raw", action="store_true", help="score raw spaCy entities instead")
    parser.add_argument("--speed", action="store_true", help="also time bare NER vs annotate")
    parser.add_argument("--only", choices=("reuters", "conll"), default=None)
    args = parser.parse_args(argv)
    if args.speed:  # timing needs real NER
        extractor = EntityExtractor(model=args.model, workers=args.workers,
                                    batch_size=args.batch_size)
    else:  # the facets are the same with spaCy's output read from bench/.cache
        from devarchive import CachedExtractor

        extractor = CachedExtractor(model=args.model, batch_size=args.batch_size)
    print(f"model {extractor.model}{' (raw spaCy)' if args.raw else ''}")
    if args.only != "conll":
        bench_reuters(extractor, args.sample, args.raw)
    if args.only != "reuters":
        bench_conll(extractor, args.sample, args.raw)
    if args.speed:
        bench_speed(extractor, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
