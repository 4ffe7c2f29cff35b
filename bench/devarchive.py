"""The facet bench's dev archive, and a cache of NER output so rebuilding it is cheap.

The dev archive mixes Reuters-21578 dev (each story as the wire printed it: the dateline opens
the body, "SALVADOR, Feb 26 - ...") with the Dragnet news and blog pages, as files the indexer
reads (``reuters.jsonl`` and ``dragnet/<id>.html.gz``). It comes in two halves: **A** (Reuters
stories with an even NEWID, the first half of the Dragnet pages by id) is the one rules may be
tuned on; **B** (the rest) is the held-out half, reported beside it.

NER is the slow part of an index build (minutes for 16,000 articles); everything after it is
the product's own code. ``CachedExtractor`` is the indexer's ``EntityExtractor`` with spaCy's
output kept in ``bench/.cache/ner.sqlite`` (keyed by model and prepared text), so an index can
be rebuilt after a change to the mention rules, normalization or resolution without a new NER
pass. The cache holds what NER returned (entity spans), never facets.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsarchive.indexer.entities import (  # noqa: E402
    EntityExtractor,
    TextToAnnotate,
    is_page_title,
    mentions_from,
    prepare_text,
    spans_of,
)
from newsarchive.indexer.normalize import article_entities  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
REUTERS = CORPORA / "reuters21578" / "dev.jsonl.gz"
DRAGNET = CORPORA / "dragnet" / "html"
CACHE = ROOT / "bench" / ".cache"
HALVES = ("a", "b")


def reuters_records() -> list[dict]:
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def wire_body(record: dict) -> str:
    """The body as the wire printed it: the dateline ("SALVADOR, Feb 26 -") opens it."""
    dateline = record.get("dateline") or ""
    return f"{dateline} - {record['body']}" if dateline else record["body"]


def dragnet_pages() -> list[Path]:
    return sorted(DRAGNET.glob("*.html.gz"), key=lambda p: p.name)


def build_folders(base: Path = CACHE / "devarchive") -> dict[str, Path]:
    """The two halves as folders of archive files (made once; returns half -> folder)."""
    folders = {half: base / half for half in HALVES}
    if all((folder / "reuters.jsonl").exists() for folder in folders.values()):
        return folders
    pages = dragnet_pages()
    for half, folder in folders.items():
        (folder / "dragnet").mkdir(parents=True, exist_ok=True)
        parity = 0 if half == "a" else 1
        with open(folder / "reuters.jsonl.tmp", "w", encoding="utf-8") as out:
            for record in reuters_records():
                if record["id"] % 2 == parity:
                    out.write(json.dumps({"id": record["id"], "title": record["title"],
                                          "date": record["date"], "source": "Reuters",
                                          "body": wire_body(record)}) + "\n")
        os.replace(folder / "reuters.jsonl.tmp", folder / "reuters.jsonl")
        chosen = pages[: len(pages) // 2] if half == "a" else pages[len(pages) // 2:]
        for page in chosen:
            link = folder / "dragnet" / page.name
            if not link.exists():
                link.symlink_to(page)
    return folders


def warm_cache(roots: list[Path], processes: int = 2) -> int:
    """Run NER, with spaCy's own worker processes, on every article under roots that the
    cache does not hold yet (a first build would otherwise run it in one process)."""
    from newsarchive.indexer.article import RawArticle, SourceError
    from newsarchive.indexer.clean import clean
    from newsarchive.indexer.sources import iter_sources

    pairs = []
    for root in roots:
        for item in iter_sources(root):
            if isinstance(item, RawArticle):
                try:
                    article = clean(item)
                except SourceError:
                    continue
                pairs.append((article.title, article.body))
    return CachedExtractor().warm(pairs, processes=processes)


class NerCache:
    """NER spans per prepared text, in SQLite (one file, shared by every bench)."""

    def __init__(self, path: Path = CACHE / "ner.sqlite") -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS spans (key TEXT PRIMARY KEY, spans TEXT)")

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha1(f"{model}\0{text}".encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, list]:
        found: dict[str, list] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, spans in self.db.execute(
                    f"SELECT key, spans FROM spans WHERE key IN ({marks})", chunk):
                found[key] = json.loads(spans)
        return found

    def put_many(self, items: Iterable[tuple[str, list]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO spans VALUES (?, ?)",
                            ((key, json.dumps(spans)) for key, spans in items))
        self.db.commit()


class CachedExtractor(EntityExtractor):
    """The indexer's extractor, with NER's spans read from (and added to) the cache.

    Runs in one process (the cache is one SQLite connection); ``warm`` runs NER over many
    texts at once with spaCy's own ``n_process`` before an index build."""

    def __init__(self, *args, cache: NerCache | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workers = 1
        self.cache = cache or NerCache()

    def warm(self, pairs: list[tuple[str, str]], processes: int = 2) -> int:
        """Run NER on every (title, body) not yet cached; returns how many ran."""
        nlp = self.nlp
        prepared = [prepare_text(title, body, self.lexicon)[0] for title, body in pairs]
        keys = [self.key(text) for text in prepared]
        known = self.cache.get_many(keys)
        todo = {key: text for key, text in zip(keys, prepared, strict=True) if key not in known}
        done: list[tuple[str, list]] = []
        for key, doc in zip(todo, nlp.pipe(todo.values(), batch_size=64, n_process=processes),
                            strict=True):
            done.append((key, spans_of(doc)))
            if len(done) >= 1000:
                self.cache.put_many(done)
                done = []
        self.cache.put_many(done)
        return len(todo)

    def key(self, text: str) -> str:
        return NerCache.key(self.model, text)

    def annotate_texts(self, texts: list[TextToAnnotate]):
        nlp = self.nlp
        prepared = [prepare_text(text.title, text.body, self.lexicon) for text in texts]
        keys = [self.key(text) for text, _ in prepared]
        known = self.cache.get_many(keys)
        missing = [(key, text) for key, (text, _) in zip(keys, prepared, strict=True)
                   if key not in known]
        if missing:
            fresh = [(key, spans_of(doc)) for (key, _), doc in
                     zip(missing, nlp.pipe(text for _, text in missing), strict=True)]
            self.cache.put_many(fresh)
            known.update(fresh)
        annotations = []
        for key, (text, title_len), asked in zip(keys, prepared, texts, strict=True):
            spans = [tuple(span) for span in known[key]]
            mentions = mentions_from(text, spans, title_len, self.lexicon,
                                     is_page_title(asked.title))
            annotations.append((mentions, article_entities(mentions, asked.day)))
        return annotations


def index_with_cache(index_dir: Path, roots: list[Path], label: str) -> Path:
    """index_dir built (or brought up to date) from roots by the product's writer, with NER
    from the cache; prints the run's summary as `index LABEL: ...`."""
    import time

    from newsarchive.indexer.writer import update_index

    started = time.perf_counter()
    report = update_index(index_dir, roots, lambda: CachedExtractor(),
                          on_failure=lambda error: None)
    print(f"  index {label}: {report.summary()} ({time.perf_counter() - started:.0f} s)",
          file=sys.stderr)
    return index_dir
