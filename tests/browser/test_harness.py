"""The browser checks can fail: broken pages made here must be reported.

Each test writes a small page into a temporary folder, serves it on loopback and
runs the same checks as tests/browser/test_pages.py on it.
"""
from __future__ import annotations

import functools
import json
import threading
from http.server import ThreadingHTTPServer

import pytest

import harness
from conftest import QuietHandler
from crossroads import data, maps

pytestmark = pytest.mark.integration


@pytest.fixture
def serve(tmp_path):
    """Write pages into a folder and serve it; yields a function name -> URL."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    def page_url(name: str, body: str) -> str:
        (tmp_path / name).write_text(f"<!DOCTYPE html><html lang='en'><head><title>t</title></head>"
                                     f"<body><main>{body}</main></body></html>", encoding="utf-8")
        return f"{origin}/{name}"

    yield origin, page_url
    server.shutdown()


def open_page(browser, origin, url):
    context = browser.new_context()
    stub = harness.CdnStub(origin)
    context.route("**/*", stub.handle)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_timeout(300)
    return page, stub, errors


class SabotagedMap(maps.MapFigure):
    """A map whose page has one string replaced, to simulate a failure."""

    def __init__(self, figure: maps.MapFigure, old: str, new: str):
        super().__init__(figure.map, figure.title, figure.caption, figure.height)
        self.old, self.new = old, new

    def html(self) -> str:
        page = super().html()
        assert self.old in page, f"test setup: {self.old!r} not in the map page"
        return page.replace(self.old, self.new)


def a_map() -> maps.MapFigure:
    fmap = maps.base_map()
    maps.add_countries(fmap, data.load("countries"), {"AZE": "Azerbaijan"}, name="A", colour="#000000")
    maps.add_points(fmap, [{"lat": 40.4, "lon": 49.9, "label": "Baku", "popup": [("x", "y")]}], name="B")
    return maps.finish(fmap, title="Test map", caption="c", legend_title="L", legend_items=[])


def test_a_working_map_passes(browser, serve):
    origin, page_url = serve
    page, stub, errors = open_page(browser, origin, page_url("ok.html", a_map()._repr_html_()))
    assert harness.check_maps(page) == [] and errors == [] and stub.unexpected == []


def test_a_map_whose_data_does_not_load_fails(browser, serve):
    origin, page_url = serve
    broken = SabotagedMap(a_map(), "leaflet@1.9.3/dist/leaflet.js", "leaflet@1.9.3/dist/missing.js")
    page, stub, errors = open_page(browser, origin, page_url("broken.html", broken._repr_html_()))
    problems = harness.check_maps(page)
    assert problems and "did not draw the map" in problems[0]
    assert stub.unexpected, "the request for the missing script was not reported"


def test_a_map_missing_a_layer_fails(browser, serve):
    origin, page_url = serve
    # The layer control never reaches the map: the page declares layers nobody can switch.
    broken = SabotagedMap(a_map(), "L.control.layers(", "(() => ({addTo() {}}))(")
    page, _, _ = open_page(browser, origin, page_url("layers.html", broken._repr_html_()))
    assert any("layer control" in p for p in harness.check_maps(page))


def test_an_unexpected_cdn_request_is_reported(browser, serve):
    origin, page_url = serve
    page, stub, _ = open_page(browser, origin, page_url(
        "cdn.html", '<script src="https://cdn.example.org/new-dependency.js"></script>'))
    assert stub.unexpected == ["https://cdn.example.org/new-dependency.js"]


def test_a_javascript_error_is_caught(browser, serve):
    origin, page_url = serve
    _, _, errors = open_page(browser, origin, page_url("error.html", "<script>undefinedFunction()</script>"))
    assert errors and "undefinedFunction" in errors[0]


def test_a_widget_without_state_is_a_blank_box(browser, serve):
    origin, page_url = serve
    view = json.dumps({"version_major": 2, "version_minor": 0, "model_id": "abc"})
    state = json.dumps({"version_major": 2, "version_minor": 0, "state": {}})
    body = (f'<script type="application/vnd.jupyter.widget-state+json">{state}</script>'
            f'<script type="application/vnd.jupyter.widget-view+json">{view}</script>')
    page, _, _ = open_page(browser, origin, page_url("widget.html", body))
    assert harness.check_widgets(page) == ["1 widget(s) stored, none rendered (blank boxes)"]


def test_an_open_solution_and_a_dead_quiz_are_reported(browser, serve):
    origin, page_url = serve
    body = ('<div class="solution"><p class="admonition-title">Solution</p><section>shown</section></div>'
            '<div data-shufflequestions="False"></div>')
    page, _, _ = open_page(browser, origin, page_url("solution.html", body))
    assert harness.check_solutions(page) == ["solution 1 is open before any click"]
    assert harness.check_quizzes(page) == ["quiz 1: no answer buttons rendered"]


def test_axe_reports_a_serious_violation(browser, serve):
    origin, page_url = serve
    page, _, _ = open_page(browser, origin, page_url("axe.html", '<img src="x.png">'))
    violations, frames = harness.axe_violations(page)
    assert frames == 1
    assert any(v["id"] == "image-alt" for v in violations)
    assert harness.blocking(violations, {}) and not harness.blocking(violations, {"image-alt": "url"})
