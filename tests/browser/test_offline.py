"""Every page of the built book with the network cut, as in a classroom without internet.

Each page is opened in Chromium with every request that leaves 127.0.0.1 aborted
(map tiles included: they are decoration). On each page: none of the book's own
files fails to load and nothing else is asked of the internet; every map draws its
country outlines and shapes and opens a tooltip; every explorer's precomputed control
changes its pane; every control that needs a kernel is disabled and says why; every
quiz answers; and each map fits a 1280×720 projector at 100 % and at 200 % zoom.
Screenshots: _build/screenshots/offline/. test_harness.py proves each check can fail.
"""
from __future__ import annotations

import pytest

import harness
from test_pages import SCREENSHOTS, pages

pytestmark = pytest.mark.integration


def open_offline(browser, site, path, viewport=(1280, 720)):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    offline = harness.Offline(site)
    context.route("**/*", offline.handle)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    offline.watch(page)
    page.goto(f"{site}/{path}", wait_until="load")
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        harness.bring_explorers(page, timeout=20_000)
        page.wait_for_selector(".crossroads-explorer select", timeout=20_000)
    page.wait_for_timeout(800)
    return context, page, offline, errors


@pytest.mark.parametrize("path", pages())
def test_page_works_offline(browser, site, path):
    context, page, offline, errors = open_offline(browser, site, path)
    try:
        problems = [f"JavaScript error: {e}" for e in errors]
        problems += harness.check_maps_offline(page)
        problems += harness.check_static_explorers(page)
        problems += harness.check_disabled_controls(page)
        problems += harness.check_quizzes(page)
        folder = SCREENSHOTS / "offline"
        folder.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(folder / f"{path.replace('/', '_')[:-5]}.png"), full_page=True)
        problems += offline.problems()  # last: the checks above load lazy frames and chunks
        assert not problems, problems
    finally:
        context.close()


@pytest.mark.parametrize("zoom", [1, 2])
@pytest.mark.parametrize("path", [p for p in pages() if p.startswith("chapters/0")])
def test_maps_fit_a_projector(browser, site, path, zoom):
    """1280×720 at 200 % zoom is a 640×360 CSS viewport: the whole map must fit in it."""
    context, page, _, _ = open_offline(browser, site, path, viewport=(1280 // zoom, 720 // zoom))
    try:
        for frame in page.locator("figure.crossroads-map iframe").all():
            frame.scroll_into_view_if_needed()
            box = frame.bounding_box()
            assert box["height"] <= 720 / zoom and box["width"] <= 1280 / zoom, (path, zoom, box)
    finally:
        context.close()
