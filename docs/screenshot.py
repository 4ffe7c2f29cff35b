"""Make docs/search.png, the README's screenshot: index seeds/, serve, photograph the search.

    .venv/bin/python docs/screenshot.py            # writes docs/search.png

Uses the same code path as tests/test_browser.py (tests/browser_support.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_support import index, launch, search_screenshot, serving  # noqa: E402


def main() -> None:
    target = REPO / "docs" / "search.png"
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        index([REPO / "seeds"], index_dir)
        with serving(index_dir, Path(tmp) / "server.log") as base, sync_playwright() as pw:
            browser = launch(pw)
            search_screenshot(browser.new_page(), base, target)
            browser.close()
    print(f"{target}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
