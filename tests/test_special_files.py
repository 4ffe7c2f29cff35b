"""A named pipe, a socket or a device in an archive (or given as one) is said to be no regular
file and never read: /dev/zero and a link to it were "a link to nothing (broken, or a loop)"
or "no such file or directory", a pipe or a socket in a folder was not mentioned at all, and
a pipe put where the walk saw a file blocked the run for ever."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from newsarchive.cli import cli
from newsarchive.indexer.article import SourceError
from newsarchive.indexer.sources import Skipped, iter_sources, read_file

STORY = "A story\n\nThe government of Finland said on Monday that talks in Helsinki went well.\n"


@pytest.fixture()
def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY)
    os.mkfifo(folder / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "sock.html"))
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.html").symlink_to("/dev/null")
    (folder / "to-pipe.json").symlink_to(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "nothing.txt")
    return folder


def test_each_special_file_in_a_folder_is_named_for_what_it_is(odd_folder: Path) -> None:
    skipped = {item.path: item.reason for item in iter_sources(odd_folder)
               if isinstance(item, Skipped)}
    assert skipped == {
        "gone.txt": "a link to nothing (broken, or a loop)",
        "null.html": "a link to a character device, not a regular file",
        "pipe.txt": "not a regular file (a named pipe)",
        "sock.html": "not a regular file (a socket)",
        "to-pipe.json": "a link to a named pipe, not a regular file",
        "zero.txt": "a link to a character device, not a regular file",
    }


def test_index_says_so_and_reads_the_rest(odd_folder: Path, tmp_path: Path, runner) -> None:
    result = runner.invoke(cli, ["index", str(odd_folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert f"skipped: {odd_folder / 'pipe.txt'}: not a regular file (a named pipe)\n" \
        in result.stderr
    assert result.stderr.endswith(": 1 indexed, 0 unchanged, 0 removed, 6 skipped, 0 failed\n")


@pytest.mark.parametrize(("given", "kind"), [("/dev/zero", "a character device"),
                                             ("pipe.txt", "a named pipe"),
                                             ("zero.txt", "a character device")])
def test_a_special_file_given_to_index_is_an_error_saying_what_it_is(
        odd_folder: Path, tmp_path: Path, runner, given: str, kind: str) -> None:
    path = odd_folder / given if not given.startswith("/") else Path(given)
    result = runner.invoke(cli, ["index", str(path), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: not a regular file ({kind})\n")


@pytest.mark.parametrize("name", ["pipe.txt", "pipe.html.gz", "pipe.jsonl", "pipe.json",
                                  "pipe.warc", "pipe.warc.gz", "pipe.mhtml"])
def test_a_pipe_where_a_file_was_is_never_waited_for(tmp_path: Path, name: str) -> None:
    """The walk saw a file; a pipe took its place before it was read (no writer ever comes)."""
    os.mkfifo(tmp_path / name)
    items: list = []
    reader = threading.Thread(target=lambda: items.extend(read_file(tmp_path / name, name)),
                              daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "read_file blocked on a named pipe"
    assert [type(item) for item in items] == [SourceError]
    assert "not a regular file (a named pipe)" in items[0].reason
