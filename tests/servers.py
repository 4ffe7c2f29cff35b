"""A real `newsarchive serve` for the tests that need one: on a free port, started in its own
process group, waited for until /healthz answers, stopped (and killed if it must be) after."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """Where a test server listens."""

    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(index_dir: Path, log: Path, *options: str, env: dict[str, str] | None = None,
            timeout: float = 60.0, program: tuple[str, ...] = (sys.executable, "-m", "newsarchive"),
            cwd: Path = REPO) -> Iterator[Served]:
    """`newsarchive serve --index index_dir [options]` until the block ends; its output goes
    to `log` (shown when it exits before it is healthy). `program`: the command that runs
    newsarchive (another environment's `bin/newsarchive`, say)."""
    served = Served(free_port())
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*program, "serve", "--index", str(index_dir),
             "--host", "127.0.0.1", "--port", str(served.port), *options],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_healthy(served.base, process, log, timeout)
            yield served
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_healthy(base: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"newsarchive serve exited with {process.returncode}:\n"
                               + log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no healthy server at {base} after {timeout:.0f} s")
