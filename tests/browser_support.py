"""A real server and a real browser for the UI tests and the README's screenshots.

The app runs under `newsarchive serve` (gunicorn) in a subprocess on 127.0.0.1; the browser
is Debian's chromium driven by Playwright (`playwright install` is not needed or used).
The accessibility checks run axe-core itself (bundled by axe-playwright-python) in the page.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests import servers

CHROMIUM = os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NEWSARCHIVE = Path(sys.executable).with_name("newsarchive")
VIEWPORT = {"width": 1200, "height": 800}
PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def serving(index_dir: Path, log: Path) -> Iterator[str]:
    """Run `newsarchive serve` (one worker) on a free port until the block ends; yields the
    base URL."""
    with servers.serving(index_dir, log, "--workers", "1") as served:
        yield served.base


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


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


def phone_screenshots(page, base: str, results: Path, filters: Path,
                      url: str = SCREENSHOT_SEARCH) -> None:
    """The same search on a 390 x 844 phone: the results, then the facets opened in place by
    the Filters button at the top."""
    page.set_viewport_size(PHONE)
    page.goto(base + url)
    page.screenshot(path=str(results))
    page.locator(".filters-toggle").click()
    page.locator(".filters-toggle").blur()
    page.screenshot(path=str(filters))


# -- accessibility --------------------------------------------------------------------------

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page, tags: list[str] = WCAG_TAGS) -> list[str]:
    """axe-core's violations of the rules with these tags on the page as it is now, one line
    each: rule, impact, how many elements and the first few of them."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']} - "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3]) for v in found]


def axe_version(page) -> str:
    return page.evaluate("window.axe ? axe.version : ''")


_DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  window.focusSeen = window.focusSeen || new WeakSet();
  const seen = window.focusSeen.has(el);
  const again = window.focusLast === el;  // a date field's parts are stops of one element
  window.focusSeen.add(el);
  window.focusLast = el;
  const box = el.getBoundingClientRect();
  const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
  const kind = `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}`;
  return {name: `${kind} "${text.slice(0, 40)}"`, seen: seen, again: again,
          x: box.left, y: box.top, width: box.width, height: box.height,
          inResult: !!el.closest('.hit h2')};
}"""


def focused(page) -> dict | None:
    """What has the focus: a description and its box in the viewport (None: the page)."""
    return page.evaluate(_DESCRIBE_FOCUS)


def tabs_until(page, condition, limit: int = 100) -> int:
    """Press Tab until condition(focused(page)) holds; the number of presses, or None."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if condition(focused(page) or {}):
            return presses
    return None


def _clip(page, box: dict, pad: int = 6) -> dict:
    size = page.viewport_size
    x, y = max(0, box["x"] - pad), max(0, box["y"] - pad)
    right = min(size["width"], box["x"] + box["width"] + pad)
    bottom = min(size["height"], box["y"] + box["height"] + pad)
    return {"x": x, "y": y, "width": max(1, right - x), "height": max(1, bottom - y)}


def focus_shows(page) -> bool:
    """Whether the focused element looks different from the same element unfocused: the
    pixels around it are compared with and without the focus (the caret is hidden)."""
    box = focused(page)
    handle = page.evaluate_handle("document.activeElement")
    clip = _clip(page, box)
    with_focus = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("document.activeElement.blur()")
    without = page.screenshot(clip=clip, animations="disabled")
    handle.evaluate("element => element.focus()")  # Tab goes on from here
    return with_focus != without


def tab_stops(page, limit: int = 250) -> list[dict]:
    """Every Tab stop of the page from the top, in order, each with whether its focus is
    visible (focus_shows)."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is not None and now["again"]:
            continue
        if now is None or now["seen"]:  # past the last stop, or round again
            return stops
        stops.append({"name": now["name"], "visible": focus_shows(page)})
    return stops


_SMALL_TARGETS = """(exempt) => {
  const targets = document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]');
  const small = [];
  for (const el of targets) {
    if (exempt && el.matches(exempt)) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const hidden = !el.getClientRects().length || style.visibility === 'hidden'
      || box.right <= 0 || box.bottom <= 0 || el.closest('.visually-hidden');
    if (hidden) continue;
    if (box.width < 24 || box.height < 24)
      small.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} `
        + `"${(el.textContent || el.value || '').trim().slice(0, 30)}" `
        + `${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
  }
  return small;
}"""

# WCAG 2.5.8's own exception: a link inside a sentence, sized by the text's line height
INLINE_TARGETS = ".body a.ent"


def small_targets(page, exempt: str = INLINE_TARGETS) -> list[str]:
    """Every shown link, button, field or summary whose box is under 24 x 24 px."""
    return page.evaluate(_SMALL_TARGETS, exempt)


class NetworkLog:
    """Chromium's own account of a page's requests (DevTools protocol): bytes on the wire
    (headers and the body as sent, so compressed) and whether the cache answered."""

    def __init__(self, page) -> None:
        self.requests: dict[str, dict] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _entry(self, event: dict) -> dict:
        return self.requests.setdefault(event["requestId"], {"cached": False, "bytes": 0})

    def _sent(self, event: dict) -> None:
        self._entry(event)["url"] = event["request"]["url"]

    def _cached(self, event: dict) -> None:
        self._entry(event)["cached"] = True

    def _response(self, event: dict) -> None:
        response = event["response"]
        entry = self._entry(event)
        entry["status"] = response["status"]
        entry["encoding"] = {k.lower(): v for k, v in response["headers"].items()
                             }.get("content-encoding")
        entry["cached"] = entry["cached"] or bool(response.get("fromDiskCache"))

    def _finished(self, event: dict) -> None:
        self._entry(event)["bytes"] = event["encodedDataLength"]

    def clear(self) -> None:
        self.requests.clear()

    def fetched(self) -> list[dict]:
        """The requests the network answered (not the cache)."""
        return [entry for entry in self.requests.values() if not entry["cached"]]
