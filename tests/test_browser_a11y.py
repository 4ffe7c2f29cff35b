"""Issue 15's goals, measured in a real Chromium (Playwright) against `newsarchive serve`:
axe-core finds no WCAG 2.2 A/AA violation on any page type, desktop and phone; at most 15
Tab presses from the top of a search page to the first result; every focus visible; on a
phone the facets one tap from the top and no target under 24 x 24 px; a search page of 10
hits at most 25 KB on the wire, and a repeat view fetches no static file."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import (
    CHROMIUM,
    PHONE,
    VIEWPORT,
    NetworkLog,
    axe_version,
    axe_violations,
    chromium,
    focus_shows,
    focused,
    serving,
    small_targets,
    tab_stops,
    tabs_until,
)
from tests.conftest import SEED_ARTICLE_ID

playwright_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no chromium at {CHROMIUM} (make browser installs it)")

SEARCH = "/?q=trade"
FILTERED = ("/?q=trade&country=Japan&not_person=James+Baker&from=1987-01-01&to=1987-12-31"
            "&sort=newest")
PAGE_TYPES = {
    "home": ("/", 200),
    "search": (SEARCH, 200),
    "filtered search": (FILTERED, 200),
    "no results": ("/?q=zzzyqx&country=Japan", 200),
    "a filter value no article has": ("/?q=border&country=Finlnd", 200),
    "article": (f"/article/{SEED_ARTICLE_ID}?q=trade&country=Finland", 200),
    "404": ("/article/no/such/article.html", 404),
    "400": ("/?page=-1", 400),
}
VIEWPORTS = {"desktop": VIEWPORT, "phone": PHONE}
MAX_TABS_TO_FIRST_RESULT = 15
MAX_SEARCH_PAGE_BYTES = 25_000


@pytest.fixture(scope="module")
def server(seed_index: Path, tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("a11y")
    index_dir = work / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)
    with serving(index_dir, work / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Page:
    """A fresh browser context and page; script errors and console errors are collected.
    No request routing: Playwright's routing would switch the HTTP cache off."""

    def __init__(self, browser, viewport: dict, error_page: bool = False, **options) -> None:
        # a 404 or 400 page is reported by the console as a resource that failed to load
        self.allowed = "the server responded with a status of 4" if error_page else None
        self.context = browser.new_context(viewport=viewport, **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console",
                     lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def __enter__(self):
        return self.page

    def __exit__(self, *exc) -> None:
        self.context.close()
        if exc[0] is None:
            allowed = [self.allowed, getattr(self.page, "errors_allowed", None)]
            errors = [e for e in self.errors if not any(a and a in e for a in allowed)]
            assert errors == [], errors


# -- axe-core -------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_wcag_violation(browser, server, kind, viewport):
    url, status = PAGE_TYPES[kind]
    with Page(browser, VIEWPORTS[viewport], error_page=status >= 400) as page:
        assert page.goto(server + url).status == status
        violations = axe_violations(page)
        print(f"axe-core {axe_version(page)}: {kind}, {viewport}: {len(violations)} violations")
        assert violations == [], "\n".join(violations)
        toggle = page.locator(".filters-toggle")
        if toggle.count() and toggle.is_visible():  # and with the phone's facets open
            toggle.click()
            assert axe_violations(page) == [], "with the facets open"


def test_axe_on_the_pages_as_served_without_their_script(browser, server):
    """The pages as the server sends them, as a browser without JavaScript shows them (the
    facets in place on a phone, every bar a link): app.js is not loaded, while axe itself
    still runs (it needs JavaScript, so the context cannot switch it off)."""
    for viewport in VIEWPORTS.values():
        with Page(browser, viewport) as page:
            page.route("**/static/app.js*", lambda route: route.abort())
            page.errors_allowed = "net::ERR_FAILED"
            for url in (SEARCH, FILTERED):
                page.goto(server + url)
                assert page.evaluate("document.documentElement.className") == ""
                assert axe_violations(page) == [], url


# -- keyboard ---------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_few_tab_stops_from_the_top_to_the_first_result(browser, server, viewport):
    counts = {}
    with Page(browser, VIEWPORTS[viewport]) as page:
        for url in (SEARCH, FILTERED):
            page.goto(server + url)
            counts[url] = tabs_until(page, lambda now: now.get("inResult"), limit=60)
            assert focused(page)["name"].startswith("a."), counts
        print(f"Tab presses to the first result ({viewport}): {counts}")
        assert all(n is not None and n <= MAX_TABS_TO_FIRST_RESULT for n in counts.values()), counts

        # the first Tab stop is the skip link, and it leads to the results
        page.goto(server + SEARCH)
        page.keyboard.press("Tab")
        assert focused(page)["name"].startswith('a.skip "Skip to results"')
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert focused(page)["inResult"], focused(page)


def test_chips_come_right_after_the_search_box(browser, server):
    with Page(browser, VIEWPORT) as page:
        page.goto(server + FILTERED)
        page.locator(".searchbox button").focus()
        page.keyboard.press("Tab")
        assert focused(page)["name"].startswith("a.chip ")


def test_every_tab_stop_shows_its_focus(browser, server):
    seen = {}
    with Page(browser, VIEWPORT, error_page=True) as page:
        for url in (FILTERED, f"/article/{SEED_ARTICLE_ID}?q=trade", "/article/missing"):
            page.goto(server + url)
            stops = tab_stops(page)
            seen[url] = len(stops)
            assert [stop["name"] for stop in stops if not stop["visible"]] == [], url
        # the links reached with the arrow keys too: a facet list and the chart
        page.goto(server + SEARCH)
        tabs_until(page, lambda now: "facet-value" in now.get("name", ""))
        for key in ("ArrowDown", "ArrowRight", "ArrowDown"):
            page.keyboard.press(key)
            assert focus_shows(page), focused(page)
        page.goto(server + "/?from=1987-01-01&to=1987-12-31")
        tabs_until(page, lambda now: now.get("name", "").startswith("a.bar"))
        page.keyboard.press("ArrowRight")
        assert focused(page)["name"].startswith("a.bar") and focus_shows(page)
    with Page(browser, PHONE) as page:
        page.goto(server + FILTERED)
        page.locator(".filters-toggle").click()
        stops = tab_stops(page)
        seen["phone, facets open"] = len(stops)
        assert [stop["name"] for stop in stops if not stop["visible"]] == []
    print(f"Tab stops checked for a visible focus: {seen}")
    assert all(count >= 5 for count in seen.values()), seen


def test_a_facet_list_is_one_tab_stop_with_arrow_keys_inside(browser, server):
    with Page(browser, VIEWPORT) as page:
        page.goto(server + SEARCH)
        tabs_until(page, lambda now: "facet-value" in now.get("name", ""))
        first = focused(page)["name"]
        page.keyboard.press("Tab")  # out of the list: its "Show more"
        assert "facet-value" not in focused(page)["name"] and "exclude" not in focused(page)["name"]
        page.keyboard.press("Shift+Tab")  # back to the value it left
        assert focused(page)["name"] == first
        page.keyboard.press("ArrowDown")
        second = page.evaluate("document.activeElement.textContent.trim()")
        assert focused(page)["name"] != first and "facet-value" in focused(page)["name"]
        page.keyboard.press("ArrowRight")  # its "−"
        assert "exclude" in focused(page)["name"]
        page.keyboard.press("Enter")
        page.wait_for_url("**not_person=**")
        assert parse_qs(urlparse(page.url).query)["not_person"] == [second]


def test_arrow_keys_go_on_into_the_values_show_more_opened(browser, server):
    """ArrowDown stopped at the eighth value: the opened "Show N more" list was a list of its
    own, a second Tab stop, and its summary still said "Show N more"."""
    with Page(browser, VIEWPORT) as page:
        page.goto(server + SEARCH)
        section = page.locator('section[data-facet="persons"]')
        summary = section.locator("details.more summary")
        assert summary.inner_text().startswith("Show ") and "more" in summary.inner_text()
        summary.click()
        assert summary.inner_text() == "Show fewer"
        values = section.locator("a.facet-value")
        names = values.evaluate_all("links => links.map(a => a.textContent.trim())")
        assert len(names) > 9
        values.first.focus()
        for _ in range(8):
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.textContent.trim()") == names[8]
        page.keyboard.press("End")
        assert page.evaluate("document.activeElement.textContent.trim()") == names[-1]


def test_a_facet_filter_sent_with_enter_comes_back_in_view_with_the_focus(browser, server):
    """On a phone the page came back with the Filters panel closed and the focus nowhere."""
    for viewport in (PHONE, VIEWPORT):
        with Page(browser, viewport) as page:
            page.goto(server + SEARCH)
            toggle = page.locator(".filters-toggle")
            if toggle.is_visible():
                toggle.click()
            box = page.locator('section[data-facet="persons"] input[data-facet-filter]')
            box.fill("bak")
            box.press("Enter")
            page.wait_for_url("**filter_person=bak**")
            box = page.locator('section[data-facet="persons"] input[data-facet-filter]')
            playwright_api.expect(box).to_be_focused()
            assert box.is_visible() and "Baker" in page.locator(
                'section[data-facet="persons"] .facet-values').first.inner_text()


def test_the_chart_is_one_tab_stop_and_empty_bars_none(browser, server):
    with Page(browser, VIEWPORT) as page:
        page.goto(server + "/?from=1987-01-01&to=1987-12-31")
        bars = page.locator("figure.histogram a.bar")
        assert bars.count() >= 3
        labels = bars.evaluate_all("bars => bars.map(b => b.getAttribute('aria-label'))")
        assert all(not label.endswith(": 0 articles") for label in labels), labels
        assert page.locator("figure.histogram .bar.empty[href], figure.histogram "
                            ".bar.empty a").count() == 0
        tabs_until(page, lambda now: now.get("name", "").startswith("a.bar"))
        first = focused(page)["name"]
        page.keyboard.press("Tab")
        assert not focused(page)["name"].startswith("a.bar")  # one stop for the whole chart
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("ArrowRight")
        assert focused(page)["name"].startswith("a.bar") and focused(page)["name"] != first
        # the chart's name is words, not its labels run together
        name = page.locator("figure.histogram svg").get_attribute("aria-label")
        assert name.startswith("Articles per ")


# -- phone ------------------------------------------------------------------------------------

def test_phone_filters_are_one_tap_from_the_top(browser, server):
    with Page(browser, PHONE, has_touch=True) as page:
        page.goto(server + FILTERED)
        toggle = page.locator(".filters-toggle")
        box = toggle.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], "the Filters button is on screen"
        value = page.locator('section[data-facet="persons"] a.facet-value').first
        assert not value.is_visible()
        toggle.tap()
        playwright_api.expect(toggle).to_have_attribute("aria-expanded", "true")
        assert value.is_visible()
        assert value.bounding_box()["y"] < PHONE["height"], "the facets open where it is"
        value.tap()
        page.wait_for_url("**person=**")
    with Page(browser, PHONE, java_script_enabled=False) as page:  # a link down to them
        page.goto(server + FILTERED)
        link = page.locator(".to-filters")
        assert link.bounding_box()["y"] < PHONE["height"]
        link.click()
        page.wait_for_url("**#filters")
        heading = page.locator("#facet-persons").bounding_box()
        assert 0 <= heading["y"] < PHONE["height"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_target_is_under_24_by_24_px(browser, server, viewport):
    with Page(browser, VIEWPORTS[viewport], error_page=True) as page:
        for url in (SEARCH, FILTERED, "/?q=zzzyqx&country=Japan", "/?q=tradde",
                    f"/article/{SEED_ARTICLE_ID}?q=trade", "/article/missing", "/?page=99"):
            page.goto(server + url)
            toggle = page.locator(".filters-toggle")
            if toggle.count() and toggle.is_visible():
                toggle.click()
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            for skip in page.locator(".skips a").all():  # each as it shows when focused
                skip.focus()
                box = skip.bounding_box()
                assert box["width"] >= 24 and box["height"] >= 24, url
            assert small_targets(page) == [], url


def test_the_phone_chart_has_bars_wide_enough_to_tap(browser, server):
    with Page(browser, PHONE) as page:
        for url in ("/", SEARCH, "/?from=1987-01-01&to=1987-12-31", "/?q=russia"):
            page.goto(server + url)
            for box in [bar.bounding_box() for bar in page.locator("figure a.bar").all()]:
                assert box["width"] >= 24 and box["height"] >= 24, url


# -- weight ----------------------------------------------------------------------------------

def test_a_search_page_is_small_and_a_repeat_view_fetches_no_static_file(browser, server):
    with Page(browser, VIEWPORT) as page:
        log = NetworkLog(page)
        page.goto(server + SEARCH, wait_until="networkidle")
        assert page.locator(".hit").count() == 10
        first_view = log.fetched()
        html = next(entry for entry in first_view if entry["url"] == server + SEARCH)
        assert html["encoding"] in ("zstd", "br", "gzip", "deflate"), html
        statics = [entry for entry in first_view if "/static/" in entry["url"]]
        assert {"style.css", "app.js"} <= {urlparse(e["url"]).path.rsplit("/", 1)[1]
                                           for e in statics}
        assert all(entry["encoding"] for entry in statics if ".css" in entry["url"]
                   or ".js" in entry["url"])
        total = sum(entry["bytes"] for entry in first_view)
        print(f"first view of {SEARCH}: {total:,} bytes on the wire "
              f"(HTML {html['bytes']:,}); " + ", ".join(
                  f"{urlparse(e['url']).path} {e['bytes']:,}" for e in statics))
        assert total <= MAX_SEARCH_PAGE_BYTES

        for url in (server + "/?q=trade&page=2", server + SEARCH):  # repeat views
            log.clear()
            page.goto(url, wait_until="networkidle")
            fetched = [entry["url"] for entry in log.fetched()]
            assert fetched == [url], fetched  # the HTML only
            assert any("/static/" in entry.get("url", "") for entry in log.requests.values())


# -- context -----------------------------------------------------------------------------------

def test_an_article_links_back_to_the_search_it_came_from(browser, server):
    search = "/?q=trade&country=Japan&sort=newest&page=2"
    with Page(browser, VIEWPORT) as page:
        page.goto(server + search)
        assert "trade" in page.title() and "Japan" in page.title() and "page 2" in page.title()
        page.locator(".hit h2 a").first.click()
        page.wait_for_url("**/article/**")
        back = page.locator(".article .back a")
        playwright_api.expect(back).to_contain_text("Country: Japan")
        back.click()
        page.wait_for_url(server + search)
        assert page.locator('.pager strong[aria-current="page"]').inner_text() == "2"
