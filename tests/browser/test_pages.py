"""Every page of the built book, opened in Chromium the way a reader sees it."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

import harness

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "_build" / "screenshots"
pytestmark = pytest.mark.integration

# Serious or critical axe rules that the theme (not the course) violates and no
# configuration fixes: rule id -> upstream report. This list may only shrink.
KNOWN_UPSTREAM: dict[str, str] = {}


def pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f"{f}.html" for f in files]


@pytest.fixture(scope="module")
def reports(site, browser):
    """Open each page once; run every check; keep the results for the tests below."""
    results = {}
    for path in pages():
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        stub = harness.CdnStub(site)
        context.route("**/*", stub.handle)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        start = time.perf_counter()
        page.goto(f"{site}/{path}", wait_until="load")
        page.wait_for_timeout(500)
        report = {
            "maps": harness.check_maps(page),
            "widgets": harness.check_widgets(page),
            "quizzes": harness.check_quizzes(page),
            "solutions": harness.check_solutions(page),
        }
        report["axe"], report["axe_frames"] = harness.axe_violations(page)
        slug = path.removesuffix(".html").replace("/", "__")
        report["screenshots"] = harness.screenshot(page, SCREENSHOTS, slug)
        report["errors"], report["unexpected"] = errors, sorted(set(stub.unexpected))
        report["seconds"] = time.perf_counter() - start
        results[path] = report
        context.close()
    return results


@pytest.mark.parametrize("path", pages())
def test_no_javascript_error_and_no_unexpected_request(reports, path):
    report = reports[path]
    assert report["errors"] == [], report["errors"]
    assert report["unexpected"] == [], f"requests the tests do not answer: {report['unexpected']}"


@pytest.mark.parametrize("path", pages())
def test_maps_widgets_quizzes_and_solutions_work(reports, path):
    problems = reports[path]["maps"] + reports[path]["widgets"] + reports[path]["quizzes"] + \
        reports[path]["solutions"]
    assert problems == []


@pytest.mark.parametrize("path", pages())
def test_no_serious_accessibility_violation(reports, path):
    assert harness.blocking(reports[path]["axe"], KNOWN_UPSTREAM) == []


def test_chapter_one_has_been_checked_for_each_kind_of_content(reports, site, browser):
    """Guard against checks that pass because they found nothing to check."""
    context = browser.new_context()
    context.route("**/*", harness.CdnStub(site).handle)
    page = context.new_page()
    page.goto(f"{site}/chapters/01_balancing_between_blocs.html")
    assert page.locator("figure.crossroads-map iframe").count() >= 1
    assert page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count() >= 1
    assert page.locator("div[data-shufflequestions]").count() >= 1
    assert page.locator("div.solution").count() >= 3
    context.close()
    chapter = reports["chapters/01_balancing_between_blocs.html"]
    assert chapter["axe_frames"] >= 2, "axe did not check the map's frame"


def test_screenshots_written_for_every_page(reports):
    for path, report in reports.items():
        assert len(report["screenshots"]) == 2 and all(p.stat().st_size > 5_000 for p in report["screenshots"]), path


def test_known_upstream_issues_are_still_real(reports):
    """The list of tolerated theme violations can only shrink: each must still occur."""
    seen = {v["id"] for report in reports.values() for v in report["axe"]}
    stale = sorted(set(KNOWN_UPSTREAM) - seen)
    assert stale == [], f"remove these fixed rules from KNOWN_UPSTREAM: {stale}"
