"""What warcio says of a broken WARC reaches the user as the indexer's own lines, each naming
the file (warcio wrote "WARNING: Record not followed by newline ... Offset: ... Remainder:
b'...'" and zlib's bare "Error -3 while decompressing data" to stderr, and logged "Replacing
spaces in invalid WARC-Target-URI" through logging's last resort, naming no file)."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.indexer.article import RawArticle, SourceError
from newsarchive.indexer.sources import SourceWarning, iter_sources

PAGE = (b"<html><head><title>Helsinki talks</title></head><body><article><p>"
        + b"The government of Finland said on Monday that the talks in Helsinki went well. " * 5
        + b"</p></article></body></html>")


def record(uri: bytes, page: bytes, number: int, short_by: int = 0) -> bytes:
    """A WARC response record, its Content-Length `short_by` bytes too small."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    return (b"WARC/1.0\r\nWARC-Type: response\r\n"
            b"WARC-Record-ID: <urn:uuid:%d>\r\nWARC-Target-URI: %s\r\n"
            b"WARC-Date: 2023-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % (number, uri, len(http) - short_by)
            + http + b"\r\n\r\n")


def broken_warcs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "length.warc").write_bytes(record(b"http://example.org/a", PAGE, 1, short_by=40)
                                         + record(b"http://example.org/b", PAGE, 2))
    (folder / "spaces.warc").write_bytes(record(b"http://example.org/a page", PAGE, 3))
    words = random.Random(7).choices(["Finland", "NATO", "talks", "said", "Helsinki"], k=20000)
    big = b"<html><body><p>" + " ".join(
        f"{word}{random.Random(n).randint(0, 10**9)}" for n, word in enumerate(words)
    ).encode() + b"</p></body></html>"
    damaged = bytearray(gzip.compress(record(b"http://example.org/big", big, 4)))
    for at in range(len(damaged) * 2 // 3, len(damaged) * 2 // 3 + 100):  # after its start
        damaged[at] ^= 0xA5
    (folder / "damaged.warc.gz").write_bytes(bytes(damaged))
    good = gzip.compress(record(b"http://example.org/c", PAGE, 5))
    junk = random.Random(3).randbytes(600)
    (folder / "junk.warc.gz").write_bytes(good + gzip.compress(junk))
    return folder


def test_a_wrong_length_is_a_warning_naming_the_record_and_both_pages_are_read(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    items = list(iter_sources(broken_warcs(tmp_path / "archive") / "length.warc"))
    assert capfd.readouterr().err == ""
    assert [type(item) for item in items] == [RawArticle, SourceWarning, RawArticle]
    assert items[1].reason.startswith("record 1: its Content-Length looks wrong: no blank "
                                      "line follows it (byte ")


def test_index_says_each_problem_in_one_line_naming_its_file(tmp_path: Path) -> None:
    archive = broken_warcs(tmp_path / "archive")
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "index", str(archive),
         "--index", str(tmp_path / "index")], capture_output=True, text=True, timeout=300)
    lines = done.stderr.splitlines()
    assert done.returncode == 1, done.stderr
    said = {line.split(": ", 2)[1]: line for line in lines if not line.startswith("index ")}
    assert set(said) == {str(archive / name) for name in
                         ("length.warc", "spaces.warc", "damaged.warc.gz", "junk.warc.gz")}, lines
    assert said[str(archive / "length.warc")].startswith(
        "warning: ") and "record 1: its Content-Length looks wrong" in said[
        str(archive / "length.warc")]
    assert said[str(archive / "spaces.warc")] == (
        f"warning: {archive / 'spaces.warc'}: record 1: its WARC-Target-URI holds spaces, read "
        "as %20: http://example.org/a page")
    assert said[str(archive / "damaged.warc.gz")].startswith(
        f"error: {archive / 'damaged.warc.gz'}: record 1: truncated or damaged gzip data "
        "(Error -3 while decompressing data: ")
    assert said[str(archive / "junk.warc.gz")] == (
        f"error: {archive / 'junk.warc.gz'}: not a valid WARC (truncated?) after 1 records: "
        "Invalid WARC record, not a WARC header (binary data)")
    assert lines[-1].endswith("4 indexed, 0 unchanged, 0 removed, 0 skipped, 2 failed")
    assert all(line.isprintable() for line in lines)


def test_the_warnings_follow_the_log_format(tmp_path: Path) -> None:
    archive = broken_warcs(tmp_path / "archive")
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "--log-format", "json", "index",
         str(archive / "spaces.warc"), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=300)
    entries = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    assert [(e["level"], e["message"]) for e in entries] == [
        ("warning", f"{archive / 'spaces.warc'}: record 1: its WARC-Target-URI holds spaces, "
                    "read as %20: http://example.org/a page")], done.stderr
    assert "Replacing spaces" not in done.stderr


def test_a_record_whose_gzip_data_is_damaged_fails_alone(tmp_path: Path) -> None:
    items = list(iter_sources(broken_warcs(tmp_path / "archive") / "damaged.warc.gz"))
    assert [type(item) for item in items] == [SourceError]
