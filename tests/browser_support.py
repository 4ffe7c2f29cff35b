"""A real server and a real browser for the UI tests and the README's screenshot.

The app runs under `newsarchive serve` (gunicorn) in a subprocess on 127.0.0.1; the browser
is Debian's chromium driven by Playwright (`playwright install` is not needed or used).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NEWSARCHIVE = Path(sys.executable).with_name("newsarchive")
VIEWPORT = {"width": 1200, "height": 800}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"newsarchive serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no healthy server at {url} after {timeout:.0f} s")


@contextlib.contextmanager
def serving(index_dir: Path, log: Path) -> Iterator[str]:
    """Run `newsarchive serve` on a free port until the block ends; yields the base URL."""
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(NEWSARCHIVE), "serve", "--index", str(index_dir), "--host", "127.0.0.1",
             "--port", str(port), "--workers", "1"],
            stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, server)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def launch(playwright):
    """Debian's chromium, headless, with nothing that would reach the network."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def index(archive_roots: list[Path], index_dir: Path) -> None:
    """Index with the real CLI, as a user would."""
    subprocess.run([str(NEWSARCHIVE), "index", *map(str, archive_roots), "--index",
                    str(index_dir), "-q"], check=True)


SCREENSHOT_SEARCH = "/?q=trade&country=United+States&from=1987-01-01&to=1987-12-31"


def search_screenshot(page, base: str, path: Path, url: str = SCREENSHOT_SEARCH) -> None:
    """The README's view: a query, a facet and a date filter as chips, the histogram, the
    facet sidebar and highlighted hits."""
    page.set_viewport_size(VIEWPORT)
    page.goto(base + url)
    page.locator(".searchbox input[name=q]").blur()  # no focus ring in the picture
    page.screenshot(path=str(path))
