"""NER with the real spaCy model: the seed article's facets and the streaming contract."""

from pathlib import Path

import pytest

from newsarchive.indexer.article import Article
from newsarchive.indexer.entities import EntityExtractor, ModelNotFoundError, load_nlp, prepare_text

# the project's seed article (a byte-for-byte copy of ../shared/seeds/), kept in the repo so
# this test runs on any clone
SEED = Path(__file__).resolve().parents[1] / "seeds" / "text" / \
    "newsweek-kremlin-nato-troops-finland.txt"


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def seed_article() -> Article:
    """The seed as the indexer stores it: read and cleaned like any .txt file."""
    from newsarchive.indexer.article import RawArticle
    from newsarchive.indexer.clean import clean

    return clean(RawArticle(id=SEED.name, path=SEED.name, kind="text", data=SEED.read_bytes()))


def test_seed_article_facets(extractor: EntityExtractor) -> None:
    article = next(extractor.annotate([seed_article()]))
    assert set(article.persons) == {"Dmitry Peskov", "Vladimir Putin", "Jacek Siewiera",
                                    "Petteri Orpo", "Jens Stoltenberg"}
    assert set(article.countries) - {"Belgium"} == {"Russia", "Finland", "Poland",
                                                    "United States"}
    assert set(article.orgs) == {"NATO", "Kremlin", "EU", "Poland's National Security Bureau",
                                 "Finnish Border Guard"}
    assert ("Peskov", "PERSON") in [(m.text, m.label) for m in article.mentions]


def test_annotate_streams_in_order(extractor: EntityExtractor) -> None:
    articles = [Article(id=str(i), path="p", title=title, body=body) for i, (title, body) in
                enumerate([("Talks in Helsinki", "Kremlin spokesman Dmitry Peskov said the Finns "
                                                 "had been warned. Peskov's remarks followed."),
                           ("", ""),
                           ("OPEC MEETS IN VIENNA", "Ministers of the Organization of Petroleum "
                            "Exporting Countries (OPEC) met in Vienna on Monday.")])]
    out = list(extractor.annotate(iter(articles)))
    assert [a.id for a in out] == ["0", "1", "2"]
    assert out[0].countries == ["Finland"] and out[0].persons == ["Dmitry Peskov"]
    assert out[1].mentions == [] and out[1].persons == []
    assert "Austria" in out[2].countries
    assert out[2].orgs == ["OPEC"]  # spelled out, then the acronym: one value, the acronym


def test_places_are_in_the_country_of_the_articles_day(extractor: EntityExtractor,
                                                        tmp_path: Path) -> None:
    """A 1987 story from Bonn shows West Germany only, not Germany beside it; a 2019 story from
    Berlin shows Germany. The index agrees, written by worker processes or re-normalized from
    its stored mentions (the date is read from the stored article)."""
    import json

    from click.testing import CliRunner

    from newsarchive.cli import cli
    from newsarchive.search.engine import SearchRequest, open_archive
    from newsarchive.search.store import live_generation, read_manifest, write_manifest

    records = [{"id": "bonn", "date": "1987-03-02", "title": "BONN SEES NO RATE CUT",
                "body": "The West German central bank in Bonn said German rates would stay."},
               {"id": "berlin", "date": "2019-11-20", "title": "Talks in Berlin",
                "body": "Germany's chancellor met French officials in Berlin on Tuesday."}]
    articles = [Article(id=r["id"], path="p", title=r["title"], body=r["body"], date=r["date"])
                for r in records]
    old, new = extractor.annotate(articles)
    assert old.countries == ["West Germany"] and "Germany" in new.countries

    root, index_dir = tmp_path / "archive", tmp_path / "index"
    root.mkdir()
    (root / "stories.jsonl").write_text("\n".join(map(json.dumps, records)), encoding="utf-8")
    runner = CliRunner()
    # indexed by worker processes (the day goes to them with the text), then re-normalized
    # as for an older normalizer
    for extra in (["--workers", "2"], []):
        result = runner.invoke(cli, ["index", str(root), "--index", str(index_dir), "-q",
                                     *extra])
        assert result.exit_code == 0, result.output
        reader = open_archive(index_dir).current()
        counts = dict(reader.facet_values("country", top=None))
        assert counts["West Germany"] == 1 and counts["Germany"] == 1, counts
        assert reader.search(SearchRequest(query="country:germany")).total == 2
        live = live_generation(index_dir)
        write_manifest(live, {**read_manifest(live), "normalize_version": "0"})


def test_dateline_place_counts() -> None:
    text, _ = prepare_text("Allied files merger", "DETROIT, April 1 - Allied said it filed.")
    assert text.startswith("Allied files merger\n\nDETROIT")
    ex = EntityExtractor()
    article = next(ex.annotate([Article(id="d", path="d", title="ALLIED FILES MERGER",
                                        body="DETROIT, April 1 - Allied said it filed.")]))
    assert article.countries == ["United States"]


def test_capitals_headline_is_recased_from_the_body() -> None:
    text, title_len = prepare_text("LEICESTERSHIRE TAKE OVER AT TOP",
                                   "Leicestershire beat Somerset by an innings.")
    assert text[:title_len] == "Leicestershire take over at top"


def test_ner_only_pipeline_and_missing_model() -> None:
    assert load_nlp().pipe_names == ["ner"]
    with pytest.raises(ModelNotFoundError, match="not installed"):
        load_nlp("no_such_model_xx")


def run_with_workers(then: str) -> str:
    """Run `then` in a fresh Python after starting a 2-worker annotate stream over 400
    articles (as `stream`); its standard output."""
    import subprocess
    import sys

    script = (
        # a hang prints every thread's stack (in the assertion below) before the timeout
        "import faulthandler\nfaulthandler.dump_traceback_later(170, exit=True)\n"
        "import multiprocessing, os, signal\n"
        "from newsarchive.indexer.article import Article\n"
        "from newsarchive.indexer.entities import EntityExtractor\n"
        "from newsarchive.indexer.ner_workers import WorkerDied\n"
        "items = (Article(id=str(i), path='p', title='Talks in Helsinki',\n"
        "                 body='Finnish Prime Minister Petteri Orpo met NATO officials. ' * 40)\n"
        "         for i in range(400))\n"
        "stream = EntityExtractor(workers=2, batch_size=8).annotate(items)\n"
    ) + then
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_stopping_early_with_workers_does_not_hang() -> None:
    """A caller that stops reading (Ctrl-C, an error downstream) must get its process back."""
    output = run_with_workers(
        "for i, article in enumerate(stream):\n"
        "    if i == 10:\n"
        "        break\n"
        "stream.close()\n"
        "print(article.persons)\n"
    )
    assert "Petteri Orpo" in output


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    """A worker killed mid-run (out of memory) ends the run with a message, not a hang."""
    output = run_with_workers(
        "next(stream)\n"
        "os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)\n"
        "try:\n"
        "    for article in stream:\n"
        "        pass\n"
        "except WorkerDied as error:\n"
        "    print('stopped:', error)\n"
    )
    assert "stopped: an entity-recognition worker process ended" in output


HALF_SENT = """
import faulthandler, os, struct, time
faulthandler.dump_traceback_later(60, exit=True)
from concurrent.futures import ProcessPoolExecutor
from newsarchive.indexer import ner_workers

def square(x):
    return x * x

executor = ProcessPoolExecutor(2, mp_context=ner_workers._context())
assert executor.submit(square, 3).result() == 9
# a worker killed while it sent a batch: a message's length, then only its start
os.write(executor._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
time.sleep(0.5)  # the pool's manager thread now waits for the other 990 bytes
for process in ner_workers._processes(executor):
    process.kill()
ner_workers._end_results(executor)
executor.shutdown(wait=True, cancel_futures=True)
print("shut down")
"""


def test_a_worker_killed_mid_message_does_not_hang_the_pool_s_shutdown() -> None:
    """A fresh-clone run hung 170 s in the pool's shutdown after a killed worker: it had died
    while sending a batch, and the pool's manager thread waited for the rest of the message.
    With the workers dead, the pool's result pipe is closed, so that read ends."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", HALF_SENT], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and "shut down" in done.stdout, done.stderr


def test_results_lines_teams_and_athletes(extractor: EntityExtractor) -> None:
    """Sides of score lines are teams, not people; athletes of a results list are people even
    where the model misses them; a company's short name is not a person."""
    results = Article(id="r", path="r", title="SOCCER - SCOTTISH LEAGUE RESULTS .",
                      body="GLASGOW 1996-08-31\nResults of Scottish league matches on Saturday :\n"
                           "Greenock Morton 1 Falkirk 0\nPartick 1 St Mirren 1\n"
                           "Stirling 2 Clydebank 0\n")
    tennis = Article(id="t", path="t", title="TENNIS - RESULTS FROM THE U.S. OPEN .",
                     body="NEW YORK 1996-08-30\nResults on Friday :\n"
                          "Goran Ivanisevic ( Croatia ) beat Scott Draper ( Australia ) 6-3 6-4\n"
                          "Tim Henman ( Britain ) beat Doug Flach ( U.S. ) 6-3 6-4 6-2\n"
                          "Mark Philippoussis ( Australia ) beat Andrei Olhovskiy ( Russia ) 6-3\n")
    company = Article(id="c", path="c", title="Ericsson wins order",
                      body="STOCKHOLM 1996-08-30\nSwedish telecoms group LM Ericsson AB said on "
                           "Friday it won an order. Ericsson said the deal was worth 1.2 billion "
                           "crowns. Ericsson shares rose.")
    out = list(extractor.annotate([results, tennis, company]))
    assert "Greenock Morton" not in out[0].persons
    assert {"Goran Ivanisevic", "Scott Draper", "Tim Henman", "Mark Philippoussis",
            "Andrei Olhovskiy"} <= set(out[1].persons)
    assert out[2].persons == []
