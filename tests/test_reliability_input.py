"""Bad input end to end (issue 7.1): a hostile archive goes through the real `index` (real
spaCy, real index on disk), every file is accounted for in the report, every good article is
searchable through the API afterwards, and no traceback reaches the user.

The readers' own unit tests of bad input are in tests/test_bad_input.py; this file checks the
whole pipeline, the CLI's output and what a reader of the web UI sees.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.indexer.entities import EntityExtractor
from newsarchive.indexer.writer import IndexReport, update_index
from newsarchive.logs import configure
from newsarchive.web import create_app

REPO = Path(__file__).resolve().parent.parent
STORY = ("The harbour council met on Tuesday to debate the cost of the new sea wall, and "
         "members argued for hours about who should pay for the repairs. ")
XSS_TITLE = "<script>alert('title')</script> Harbour vote"
XSS_BODY = 'A reader wrote <img src=x onerror=alert(1)> and <b onclick="x()">bold</b> xsswordone.'


def page(word: str, title: str = "Harbour news", charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<html><head>{meta}<title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{STORY}Paragraph {n} mentions {word}.</p>" for n in range(4))
            + "</article></body></html>")


@dataclass
class Corpus:
    root: Path
    searchable: dict[str, str] = field(default_factory=dict)  # word -> article id it finds
    counts: dict[str, int] = field(default_factory=dict)  # word -> exact number of hits
    bodies: dict[str, str] = field(default_factory=dict)  # article id -> text its body holds
    bad: set[str] = field(default_factory=set)  # files that must be reported failed/skipped
    vanishing: str = "zz-vanish.txt"
    truncated_warcs: set[str] = field(default_factory=set)  # 2 whole records, a cut third


def warc_bytes(words: list[str], gz: bool) -> tuple[bytes, list[int]]:
    """A WARC with one HTML response per word; returns it and each record's end offset."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    ends = []
    for number, word in enumerate(words):
        payload = page(word, f"Web archive story {number}").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://example.com/{word}", "response",
                                           payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
        ends.append(out.tell())
    return out.getvalue(), ends


def complete_lines_of_truncated_gzip(data: bytes) -> list[bytes]:
    """The whole lines a reader can recover from a truncated gzip stream."""
    prefix = zlib.decompressobj(wbits=31).decompress(data)
    return prefix.split(b"\n")[:-1]


def build_corpus(root: Path) -> Corpus:
    corpus = Corpus(root)
    root.mkdir()

    def good(name: str, content: bytes | str, word: str) -> None:
        path = root / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        corpus.searchable[word] = name

    def bad(name: str, content: bytes | str) -> None:
        path = root / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        corpus.bad.add(name)

    good("good-page.html", page("goodpageword"), "goodpageword")
    good("good.txt", f"A plain story\n\n{STORY} goodtextword", "goodtextword")
    # binary junk with article names, empty and whitespace files
    bad("junk.html", os.urandom(8192))
    bad("junk.json", b"\x00\x01\x02" * 500)
    bad("empty.html", b"")
    bad("whitespace.txt", " \n\t\r\n   \n")
    bad("empty.jsonl", b"")
    # truncated gzip and WARC
    whole = gzip.compress(page("lostword").encode() + os.urandom(4000))
    bad("truncated.html.gz", whole[: len(whole) // 2])
    lines = [json.dumps({"id": f"t{n}", "title": f"Truncated feed {n}",
                         "body": f"{STORY} truncword{'abcdefghij'[n % 10]}{n:03d}"})
             for n in range(300)]
    packed = gzip.compress("\n".join(lines).encode())
    cut = packed[: len(packed) // 2]
    bad("truncated.jsonl.gz", cut)
    recoverable = complete_lines_of_truncated_gzip(cut)
    assert 0 < len(recoverable) < 300
    for n in range(len(recoverable)):
        corpus.bodies[f"truncated.jsonl.gz#t{n}"] = f"truncword{'abcdefghij'[n % 10]}{n:03d}"
    for gz, name in ((True, "truncated.warc.gz"), (False, "truncated.warc")):
        words = [f"warcword{'abc'[i]}{'xy'[gz]}" for i in range(3)]
        data, ends = warc_bytes(words, gz)
        (root / name).write_bytes(data[: ends[1] + (ends[2] - ends[1]) // 2])  # in record 3
        corpus.truncated_warcs.add(name)
        corpus.searchable[words[0]] = name
        corpus.searchable[words[1]] = name
    # invalid UTF-8 and legacy encodings
    good("invalid-utf8.txt", b"Broken bytes\n\nStart \xff\xfe\xc3\x28 badutfword "
         + STORY.encode() + b" \xed\xa0\x80 end", "badutfword")
    good("cp1252.txt", f"Caf\xe9 cr\xe8me report\n\n{STORY} \u201cquoted\u201d cpword "
         "in Caf\xe9 cr\xe8me".encode("cp1252"), "cpword")
    corpus.bodies["cp1252.txt"] = "Café crème"
    good("latin1.html", page("Zürich latinword", "Zürich vote", "iso-8859-1").encode("latin-1"),
         "latinword")
    corpus.bodies["latin1.html"] = "Zürich"
    good("shiftjis.html", page("東京の港 sjisword", "東京", "shift_jis").encode("shift_jis"),
         "sjisword")
    corpus.bodies["shiftjis.html"] = "東京の港"
    good("utf16.txt", f"Wide story\n\n{STORY} utf16word Ελλάδα".encode("utf-16"), "utf16word")
    corpus.bodies["utf16.txt"] = "Ελλάδα"
    # a 50 MB page, 10,000-deep nesting
    bad("huge.html", b"<html><body>" + b"<p>" + b"hugeword " * (50 * 1024 * 1024 // 9) + b"</p>")
    good("deep.html", "<html><head><title>Deep</title></head><body>" + "<div>" * 10_000
         + f"<p>{STORY} deepword</p>" + "</div>" * 10_000 + "</body></html>", "deepword")
    bad("deep.json", '{"title": "x", "body": ' + "[" * 10_000 + "]" * 10_000 + "}")
    deep_line = '{"title": "x", "body": ' + "{\"a\": " * 10_000 + "1" + "}" * 10_000 + "}"
    (root / "deep.jsonl").write_text(deep_line + "\n" + json.dumps(
        {"title": "Next line", "body": f"{STORY} deeplineword"}) + "\n")
    corpus.bad.add("deep.jsonl")
    corpus.searchable["deeplineword"] = "deep.jsonl#2"
    # JSON with wrong types: objects are read leniently, non-objects are failed records
    (root / "wrongtypes.json").write_text(json.dumps([
        {"title": 123, "body": ["list", "of", "wrongtypeone"], "date": {"y": 1}},
        {"id": [1, 2], "title": None, "body": {"text": f"{STORY} wrongtypetwo"}, "url": 5,
         "author": False, "date": 12345},
        "a string", 17, None, [1, 2],
        {"headline": "Proper", "articleBody": f"{STORY} wrongtypethree", "date": "nonsense"},
    ]))
    corpus.bad.add("wrongtypes.json")
    corpus.searchable.update({"wrongtypeone": "wrongtypes.json#1",
                              "wrongtypetwo": "wrongtypes.json#2",
                              "wrongtypethree": "wrongtypes.json#7"})
    bad("scalar.json", "42")
    bad("string.json", '"just a string"')
    # 1,000 articles with the same id
    (root / "a-dups.jsonl").write_text("".join(
        json.dumps({"id": "dup", "title": f"Same id {n}", "body": f"Record {n}. dupword"}) + "\n"
        for n in range(1000)))
    corpus.counts["dupword"] = 1000
    # hostile markup inside article text
    (root / "xss.jsonl").write_text(json.dumps({"id": "x1", "title": XSS_TITLE,
                                                "body": XSS_BODY}) + "\n")
    corpus.searchable["xsswordone"] = "xss.jsonl#x1"
    # unreadable: no permissions (root reads it anyway), and a read that fails with EIO
    good("locked.txt", f"Locked away\n\n{STORY} lockedword", "lockedword")
    (root / "locked.txt").chmod(0)
    if os.geteuid() != 0:
        del corpus.searchable["lockedword"]
        corpus.bad.add("locked.txt")
    if Path("/proc/self/mem").exists():
        (root / "ioerror.html").symlink_to("/proc/self/mem")
        corpus.bad.add("ioerror.html")
    # a file that vanishes while the run is going (deleted when the first article comes out)
    (root / corpus.vanishing).write_text(f"Gone soon\n\n{STORY} vanishword")
    corpus.bad.add(corpus.vanishing)
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not read")  # not an article type: skipped
    corpus.bad.add("notes.docx")
    return corpus


@dataclass
class Run:
    corpus: Corpus
    index_dir: Path
    report: IndexReport
    indexed_ids: list[str]
    output: str


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Index the hostile corpus once, in-process, deleting one file mid-run."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = build_corpus(base / "archive")
    index_dir = base / "index"
    indexed: list[str] = []

    def progress(articles):
        for article in articles:
            if not indexed:
                (corpus.root / corpus.vanishing).unlink()
            indexed.append(article.id)
            yield article

    configure()  # as the command line does: problems logged as "error: ..." on stderr
    capture = io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, capture
    try:
        report = update_index(index_dir, [corpus.root], EntityExtractor, progress=progress)
    finally:
        sys.stderr = sys_stderr
    return Run(corpus, index_dir, report, indexed, capture.getvalue())


@pytest.fixture(scope="module")
def hostile_client(run: Run) -> FlaskClient:
    return create_app({"INDEX_DIR": str(run.index_dir), "TESTING": True}).test_client()


def relative(run: Run, path: str) -> str:
    """A reported path (as the folder was given) relative to the archive's folder."""
    return Path(path).relative_to(run.corpus.root).as_posix()


def test_every_file_is_accounted_for(run: Run) -> None:
    files = {p.relative_to(run.corpus.root).as_posix() for p in run.corpus.root.rglob("*")
             if p.is_file() or p.is_symlink()} | {run.corpus.vanishing}
    indexed_paths = {article_id.split("#")[0] for article_id in run.indexed_ids}
    failed = {relative(run, error.path) for error in run.report.failed}
    skipped = {relative(run, item.path) for item in run.report.skipped}
    assert files <= indexed_paths | failed | skipped, files - indexed_paths - failed - skipped
    assert run.corpus.bad <= failed | skipped, run.corpus.bad - failed - skipped
    assert "notes.docx" in skipped and run.corpus.vanishing in failed
    assert run.report.indexed == len(run.indexed_ids) == len(set(run.indexed_ids))


def test_each_failure_names_its_file_and_reason_without_a_traceback(run: Run) -> None:
    assert "Traceback" not in run.output
    for error in run.report.failed:
        line = f"error: {error}"
        assert line in run.output
        assert error.reason.strip() and "Traceback" not in error.reason
    reasons = {relative(run, error.path): error.reason for error in run.report.failed}
    assert "too large" in reasons["huge.html"]
    assert "empty" in reasons["empty.html"] and "empty" in reasons["whitespace.txt"]
    assert "binary" in reasons["junk.html"]
    assert "gzip" in reasons["truncated.html.gz"]


def test_every_good_article_is_searchable(run: Run, hostile_client: FlaskClient) -> None:
    for word, article_id in run.corpus.searchable.items():
        data = hostile_client.get("/api/search", query_string={"q": word, "size": 100}).get_json()
        ids = [hit["id"] for hit in data["hits"]]
        assert any(i == article_id or i.startswith(article_id + "#") for i in ids), (word, ids)
    for word, count in run.corpus.counts.items():
        data = hostile_client.get("/api/search", query_string={"q": word}).get_json()
        assert data["total"] == count, word


def test_text_of_legacy_encodings_and_recovered_records_is_right(
        run: Run, hostile_client: FlaskClient) -> None:
    for article_id, text in run.corpus.bodies.items():
        response = hostile_client.get("/api/articles/" + quote(article_id, safe="/"))
        assert response.status_code == 200, article_id
        article = response.get_json()
        assert text in article["body"] + article["title"], (article_id, article["body"][:300])


def test_thousand_records_with_one_id_keep_distinct_ids(run: Run) -> None:
    dups = [i for i in run.indexed_ids if i.startswith("a-dups.jsonl#")]
    assert len(dups) == len(set(dups)) == 1000


class _Tags(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def injected_markup(page_html: str) -> list[str]:
    """Inline scripts, event handlers and the payload's <img>/<b> elements found in a page."""
    parser = _Tags()
    parser.feed(page_html)
    found = []
    for tag, attrs in parser.tags:
        if tag == "script" and "src" not in attrs:
            found.append("inline <script>")
        found += [f"<{tag} {name}=...>" for name in attrs if name.startswith("on")]
        if tag == "img" and attrs.get("src") == "x" or tag == "b":
            found.append(f"<{tag}>")
    return found


def test_hostile_text_in_articles_is_never_markup(hostile_client: FlaskClient) -> None:
    """Titles and bodies are text: the page, the snippet and the article view escape them."""
    search = hostile_client.get("/", query_string={"q": "xsswordone"}).get_data(as_text=True)
    api = hostile_client.get("/api/search", query_string={"q": "xsswordone"}).get_json()
    article = hostile_client.get("/article/xss.jsonl%23x1").get_data(as_text=True)
    assert api["total"] == 1
    assert re.sub(r"</?mark>", "", api["hits"][0]["snippet"]).count("<") == 0
    for page_html in (search, article):
        assert injected_markup(page_html) == []
        assert "&lt;script&gt;alert(" in page_html  # shown as text, not dropped


def test_cut_record_of_a_truncated_warc_is_reported(run: Run) -> None:
    """Both WARCs are cut inside their third record: the two whole ones are indexed (checked
    above) and the file is reported as truncated."""
    reasons = {relative(run, error.path): error.reason for error in run.report.failed}
    for name in run.corpus.truncated_warcs:
        assert "truncated" in reasons[name], (name, reasons.get(name))


def test_cli_run_on_the_same_archive_shows_a_summary_not_a_traceback(run: Run) -> None:
    """The user's view: a second `newsarchive index` of the archive, as a real process."""
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "index", str(run.corpus.root),
         "--index", str(run.index_dir)],
        capture_output=True, text=True, timeout=300, cwd=REPO)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    assert done.returncode == 1  # some files failed, the rest is indexed
    summary = re.search(r"(\d+) indexed, (\d+) unchanged, (\d+) removed, (\d+) skipped, "
                        r"(\d+) failed", output)
    assert summary, output[-2000:]
    indexed, unchanged, removed, skipped, failed = map(int, summary.groups())
    assert indexed == 0 and removed == 0
    # the vanished file is gone now: everything else is exactly as in the first run
    assert unchanged == run.report.indexed
    assert failed == len(run.report.failed) - 1
    assert skipped == len(run.report.skipped)
