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

    def html(self, inline: bool = False) -> str:
        # As the book serves it: Leaflet by address (answered by the CDN stub), not inline,
        # so that a sabotaged address really leaves the map without Leaflet.
        page = super().html(inline=False)
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


# --- the offline checks can fail ------------------------------------------------------

def open_offline(browser, origin, url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    offline = harness.Offline(origin)
    context.route("**/*", offline.handle)
    page = context.new_page()
    offline.watch(page)
    page.goto(url)
    page.wait_for_timeout(1500)
    return page, offline


def explorer_page(folder, page_url, name: str, *, link: bool = True, course_js: bool = True) -> str:
    """A page with one explorer, rendered by the vendored widget manager (as in the book)."""
    import shutil

    import ipywidgets
    from ipywidgets.embed import embed_data

    from crossroads import book, energy, vendor

    manager = vendor.folder("@jupyter-widgets/html-manager@1.0.6") / "dist"
    if not (folder / "dist").exists():
        shutil.copytree(manager, folder / "dist")
        shutil.copy(book.STATIC / "crossroads.js", folder / "crossroads.js")
    box = energy.export_scenario_explorer({2024: 12.9, 2025: 12.8}, target=20.0, target_year=2027,
                                           capacities={"design 10": 10.0, "no limit": None}, rate=0.1)
    data = embed_data(views=[box], state=ipywidgets.Widget.get_manager_state(drop_defaults=False)["state"])
    state = data["manager_state"]
    if not link:
        state["state"] = {k: v for k, v in state["state"].items() if v["model_name"] != "LinkModel"}
    scripts = '<script defer src="crossroads.js"></script>' if course_js else ""
    body = (f'<script type="application/vnd.jupyter.widget-state+json">{json.dumps(state)}</script>'
            f'<div><script type="application/vnd.jupyter.widget-view+json">{json.dumps(data["view_specs"][0])}'
            f'</script></div><script src="dist/embed.js"></script>{scripts}')
    return page_url(name, body)


@pytest.fixture
def serve_folder(tmp_path, serve):
    return tmp_path, *serve


def test_a_linked_explorer_with_the_course_script_passes(browser, serve_folder):
    folder, origin, page_url = serve_folder
    page, offline = open_offline(browser, origin, explorer_page(folder, page_url, "ok.html"))
    page.wait_for_selector(".crossroads-explorer select", timeout=15_000)
    page.wait_for_timeout(500)
    assert harness.check_static_explorers(page) == []
    assert harness.check_disabled_controls(page) == []
    assert offline.problems() == []


def test_an_explorer_without_its_browser_links_is_caught(browser, serve_folder):
    folder, origin, page_url = serve_folder
    page, _ = open_offline(browser, origin, explorer_page(folder, page_url, "nolink.html", link=False))
    page.wait_for_selector(".crossroads-explorer select", timeout=15_000)
    problems = harness.check_static_explorers(page)
    assert len(problems) == 2 and all("left the pane as it was" in p for p in problems), problems


def test_a_kernel_control_left_enabled_is_caught(browser, serve_folder):
    folder, origin, page_url = serve_folder
    page, _ = open_offline(browser, origin, explorer_page(folder, page_url, "nojs.html", course_js=False))
    page.wait_for_selector(".crossroads-explorer select", timeout=15_000)
    assert harness.check_disabled_controls(page) == ["'Start year' needs a kernel but is not disabled in the book"]


def test_a_map_without_its_outlines_is_caught(browser, serve):
    origin, page_url = serve
    page, _, _ = open_page(browser, origin, page_url("outline.html", a_map()._repr_html_()))
    assert harness.check_maps_offline(page) == []
    broken = SabotagedMap(a_map(), maps.LAND, "#000001")
    page, _, _ = open_page(browser, origin, page_url("nooutline.html", broken._repr_html_()))
    assert any("country outlines drawn" in p for p in harness.check_maps_offline(page))


def test_missing_files_and_outside_requests_are_caught(browser, serve):
    origin, page_url = serve
    page, offline = open_offline(browser, origin, page_url(
        "requests.html", '<script src="missing.js"></script><img alt="x" src="https://cdn.example.org/x.png">'))
    problems = offline.problems()
    assert any("missing.js" in p and "404" in p for p in problems), problems
    assert any("needs the internet: https://cdn.example.org/x.png" in p for p in problems), problems
