"""The UI in a real browser: Debian's chromium (Playwright) against `newsarchive serve`
(gunicorn) on 127.0.0.1, with seeds/ plus one hostile article indexed by the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import (
    CHROMIUM,
    VIEWPORT,
    chromium,
    index,
    phone_screenshots,
    search_screenshot,
    serving,
)
from tests.conftest import SEED_ARTICLE_ID, SEEDS

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"no chromium at {CHROMIUM} (make browser installs it)")

HOSTILE_TITLE = "<script>alert(1)</script> Trade talks in <b>Finland</b>"
HOSTILE_BODY = ('The Finnish trade minister met officials in Helsinki. <img src=x '
                'onerror=alert(2)> Then "><svg onload=alert(3)> was posted by Dmitry Peskov '
                "about Finland and Russia trade. javascript:alert(4)\n")


@pytest.fixture(scope="module")
def server(seed_index: Path, tmp_path_factory: pytest.TempPathFactory):
    """seeds/ and a hostile article, indexed by the CLI and served by gunicorn."""
    work = tmp_path_factory.mktemp("browser")
    hostile = work / "hostile"
    hostile.mkdir()
    (hostile / "xss.txt").write_text(f"{HOSTILE_TITLE}\n\n{HOSTILE_BODY}", encoding="utf-8")
    index_dir = work / "index"
    shutil.copytree(seed_index, index_dir, symlinks=True)  # unchanged articles skip NER
    index([SEEDS, hostile], index_dir)
    with serving(index_dir, work / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Watch:
    """What a page did that it should not: dialogs, console errors, script errors, requests
    that leave the server (a CDN, a font)."""

    def __init__(self, page, base: str) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route("**/*", lambda route: self._route(route, base))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route, base: str) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.watch = Watch(tab, server)
    yield tab
    context.close()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def total(page) -> int:
    return int(page.locator(".summary strong").inner_text().replace(",", ""))


def test_search_facet_chip_pages_article_and_entity_link(page, server):
    expect = playwright_api.expect
    page.goto(server + "/")
    search_box = page.locator('.searchbox input[name="q"]')
    expect(search_box).to_be_focused()  # autofocus: type straight away
    page.keyboard.type("trade")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=trade")
    expect(search_box).to_have_value("trade")  # the query is kept after submit
    everything = total(page)
    assert everything > 10 and page.locator(".hit").count() == 10
    expect(page.locator(".hit mark").first).to_be_visible()

    page.locator('section[data-facet="countries"] a.facet-value', has_text="Japan").click()
    page.wait_for_url("**country=Japan**")
    chip = page.locator(".chips .chip")
    expect(chip).to_have_count(1)
    expect(chip).to_contain_text("Japan")
    narrowed = total(page)
    assert 0 < narrowed < everything

    chip.click()
    page.wait_for_load_state()
    expect(page.locator(".chips .chip")).to_have_count(0)
    assert query(page) == {"q": ["trade"]} and total(page) == everything

    first_page = page.locator(".hit h2 a").all_inner_texts()
    page.locator('.pager a[rel="next"]').click()
    page.wait_for_url("**page=2**")
    assert page.locator(".hit h2 a").all_inner_texts() != first_page
    expect(page.locator('.pager strong[aria-current="page"]')).to_have_text("2")

    page.goto(server + "/?q=Peskov")
    page.locator(".hit h2 a", has_text="Kremlin").click()
    page.wait_for_url(f"**/article/{SEED_ARTICLE_ID}?q=Peskov")  # it carries the search
    expect(page.locator("h1")).to_contain_text("Kremlin")
    expect(page.locator(".back a")).to_have_attribute("href", "/?q=Peskov")
    page.locator(".body a.ent", has_text="Dmitry Peskov").first.click()
    page.wait_for_url("**person=Dmitry+Peskov**")
    expect(page.locator(".chips .chip")).to_contain_text("Dmitry Peskov")
    assert total(page) >= 1
    page.watch.assert_clean()


def test_hostile_article_and_query_execute_nothing(page, server):
    payload = '"><script>alert(5)</script><img src=x onerror=alert(6)>'
    page.goto(server + "/?" + f"q=trade+finnish+{payload}".replace("#", "%23"))
    expect = playwright_api.expect
    expect(page.locator('.searchbox input[name="q"]')).to_have_value(f"trade finnish {payload}")
    page.goto(server + "/?q=%22finnish+trade+minister%22")  # only the hostile article
    link = page.locator(".hit h2 a").first
    expect(link).to_have_text(HOSTILE_TITLE)  # shown as text, not markup
    link.click()
    page.wait_for_url("**/article/xss.txt?**")
    expect(page.locator("h1")).to_have_text(HOSTILE_TITLE)
    expect(page.locator(".body")).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.locator(".body img, .body svg, h1 b, h1 script").count() == 0
    page.wait_for_timeout(300)  # give any injected handler a chance to fire
    page.watch.assert_clean()


def test_keyboard_alone_can_apply_a_facet(page, server):
    page.goto(server + "/?q=trade")
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        if "facet-value" in focused:
            break
    else:
        pytest.fail("no facet value reachable with Tab")
    value = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    playwright_api.expect(page.locator(".chips .chip")).to_contain_text(value)
    page.watch.assert_clean()


def test_facet_filter_box_narrows_while_typing(page, server):
    page.goto(server + "/?q=trade")
    section = page.locator('section[data-facet="persons"]')
    section.locator("input[data-facet-filter]").fill("zzq")
    playwright_api.expect(section.locator("[data-facet-hint]")).to_be_visible()
    section.locator("input[data-facet-filter]").fill("bak")
    playwright_api.expect(section.locator("[data-facet-hint]")).to_be_hidden()
    visible = section.locator(".facet-values li:visible .facet-value")
    playwright_api.expect(visible).to_have_text(["James Baker"])
    section.locator("input[data-facet-filter]").press("Enter")  # and the server agrees
    page.wait_for_url("**filter_person=bak**")
    playwright_api.expect(section.locator(".facet-value")).to_have_text(["James Baker"])
    page.watch.assert_clean()


def test_dragging_across_the_histogram_filters_by_that_range(page, server):
    page.goto(server + "/?from=1987-01-01&to=1987-12-31")
    bars = page.locator("figure.histogram a.bar")
    assert bars.count() >= 3, "the seed archive's 1987 spans several months: the chart has bars"
    first, third = bars.nth(0), bars.nth(2)
    expected = {"from": [first.get_attribute("data-from")], "to": [third.get_attribute("data-to")]}
    start, end = first.bounding_box(), third.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_url(f"**to={expected['to'][0]}**")
    assert query(page) == expected
    playwright_api.expect(page.locator(".chips .chip.date")).to_be_visible()
    page.watch.assert_clean()


def test_phone_width_has_no_sideways_scrolling(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    for url in ("/?q=trade&country=Japan", f"/article/{SEED_ARTICLE_ID}"):
        page.goto(server + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, url
    page.watch.assert_clean()


def test_screenshots_of_search_and_article(page, server, tmp_path):
    """The code behind docs/*.png (docs/screenshot.py): desktop, and a phone with and
    without the facets open."""
    search_png, article_png = tmp_path / "search.png", tmp_path / "article.png"
    phone_png, filters_png = tmp_path / "search-phone.png", tmp_path / "search-phone-filters.png"
    search_screenshot(page, server, search_png)
    page.goto(f"{server}/article/{SEED_ARTICLE_ID}")
    page.screenshot(path=str(article_png))
    phone_screenshots(page, server, phone_png, filters_png)
    for png in (search_png, article_png, phone_png, filters_png):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert phone_png.read_bytes() != filters_png.read_bytes()
    print(f"screenshots: {search_png} {article_png} {phone_png} {filters_png}")
    page.watch.assert_clean()


def test_everything_but_the_drag_works_without_javascript(browser, server):
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    expect = playwright_api.expect
    try:
        page.goto(server + "/?q=trade")
        page.locator('section[data-facet="orgs"] a.facet-value').first.click()
        page.wait_for_url("**org=**")
        expect(page.locator(".chips .chip")).to_have_count(1)
        page.locator('section[data-facet="countries"] a.exclude').first.click()
        page.wait_for_url("**not_country=**")
        expect(page.locator(".chips .chip.exclude")).to_have_count(1)
        page.locator(".chips a.clear").click()
        page.wait_for_url("**/?q=trade")
        filter_box = page.locator('section[data-facet="persons"] input[name="filter_person"]')
        filter_box.fill("bak")
        filter_box.press("Enter")
        page.wait_for_url("**filter_person=bak**")
        expect(page.locator('section[data-facet="persons"] .facet-value')).to_have_text(
            ["James Baker"])
        bar = page.locator("figure.histogram a.bar").first
        start, end = bar.get_attribute("data-from"), bar.get_attribute("data-to")
        bar.click()
        page.wait_for_url("**from=**")
        assert query(page)["from"] == [start] and query(page)["to"] == [end]
        page.locator(".hit h2 a").first.click()
        page.wait_for_url("**/article/**")
        expect(page.locator(".article h1")).to_be_visible()
    finally:
        context.close()
