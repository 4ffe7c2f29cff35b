"""Only regular files are read as articles. A named pipe blocks the run for ever (opening it
waits for a writer, reading it for data) and a device such as /dev/zero never ends, so
anything else is named for what it is and left alone; a file is opened without waiting and
checked again once open, in case a pipe took its place after the walk saw it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def special_kind(mode: int) -> str | None:
    """What a file of this st_mode is when it is not a regular file; None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a file of a known type")


class NotRegularFile(OSError):
    """An article file that turned out to be a pipe, a device or a socket when opened."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file ({kind})")
        self.kind = kind


def open_regular(path: Path | str) -> BinaryIO:
    """The file opened for reading, or NotRegularFile: O_NONBLOCK so that opening a pipe
    does not wait for a writer, then the open file's own type is checked."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise NotRegularFile(kind)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
