"""Make the README's screenshots: index seeds/, serve, photograph the search page.

    .venv/bin/python docs/screenshot.py     # writes docs/search.png, docs/search-phone.png
                                            # and docs/search-phone-filters.png

docs/search.png is a 1200 x 800 desktop window; the phone pictures are 390 x 844, the
results and then the facets opened by the Filters button at the top. Uses the same code as
tests/test_browser.py (tests/browser_support.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser_support import (  # noqa: E402
    index,
    launch,
    phone_screenshots,
    search_screenshot,
    serving,
)


def main() -> None:
    docs = REPO / "docs"
    targets = [docs / "search.png", docs / "search-phone.png", docs / "search-phone-filters.png"]
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        index([REPO / "seeds"], index_dir)
        with serving(index_dir, Path(tmp) / "server.log") as base, sync_playwright() as pw:
            browser = launch(pw)
            search_screenshot(browser.new_page(), base, targets[0])
            phone_screenshots(browser.new_page(), base, targets[1], targets[2])
            browser.close()
    for target in targets:
        print(f"{target}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
