"""What the browser tests check on a page, as functions that return problems.

Each ``check_*`` function takes a Playwright page that is already loaded and
returns a list of human-readable problems (empty when all is well), so that the
same checks serve the tests of the book and the tests of this harness.
"""
from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import assets

AXE_JS = assets.package_dir("axe-core@4.10.3") / "axe.min.js"
BLOCKING = {"serious", "critical"}
CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
                 ".svg": "image/svg+xml", ".woff": "font/woff", ".woff2": "font/woff2",
                 ".ttf": "font/ttf", ".eot": "application/vnd.ms-fontobject", ".json": "application/json"}


def blank_png(size: int = 256) -> bytes:
    """A white square PNG: the answer to every map tile request."""
    row = b"\x00" + b"\xff\xff\xff" * size
    raw = zlib.compress(row * size)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


BLANK_TILE = blank_png()


@dataclass
class CdnStub:
    """Answers CDN requests from local npm copies; records anything unexpected."""

    site: str  # origin of the local web server, e.g. http://127.0.0.1:8123
    served: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def handle(self, route) -> None:
        url = route.request.url
        if url.startswith(self.site) or url.startswith("data:") or url.startswith("about:"):
            route.continue_()
            return
        if urlparse(url).hostname in assets.TILE_HOSTS:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
            return
        local = assets.local_file(url)
        if local is None:
            self.unexpected.append(url)
            route.fulfill(status=404, body="not expected by the browser tests")
            return
        self.served.append(url)
        route.fulfill(path=str(local), content_type=CONTENT_TYPES.get(local.suffix, "text/plain"),
                      headers={"Access-Control-Allow-Origin": "*"})


def expected_overlays(srcdoc: str) -> int:
    """Number of overlay layers a folium map declares for its layer control."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", srcdoc, re.S)
    return len(re.findall(r'^\s*"[^"]*"\s*:', block.group(1), re.M)) if block else 0


def map_frames(page):
    """(name, iframe element, frame) of every course map, each scrolled into view."""
    iframes = page.locator("figure.crossroads-map iframe")
    for index in range(iframes.count()):
        element = iframes.nth(index)
        element.evaluate("e => e.scrollIntoView({block: 'center'})")
        yield f"map {index + 1} ({element.get_attribute('title')})", element, \
            element.element_handle().content_frame()


def check_maps(page) -> list[str]:
    """Every folium map initialises, has its layers, and answers hover and click."""
    problems = []
    for name, element, frame in map_frames(page):
        try:
            frame.wait_for_selector(".leaflet-container .leaflet-interactive", timeout=10_000)
        except Exception:
            problems.append(f"{name}: Leaflet did not draw the map (no interactive shapes)")
            continue
        want = expected_overlays(element.get_attribute("srcdoc") or "")
        have = frame.locator(".leaflet-control-layers-overlays label").count()
        if have != want or want == 0:
            problems.append(f"{name}: layer control lists {have} layers, the map declares {want}")
        if not _opens(page, frame, "hover", ".leaflet-tooltip"):
            problems.append(f"{name}: no tooltip appears when hovering the shapes")
        if not _opens(page, frame, "click", ".leaflet-popup-content"):
            problems.append(f"{name}: no popup opens when clicking the markers")
    return problems


def _opens(page, frame, action: str, selector: str) -> bool:
    """Hover or click visible shapes (markers are drawn last) until ``selector`` shows."""
    container = frame.locator(".leaflet-container").bounding_box()
    shapes = frame.locator("path.leaflet-interactive")
    for i in reversed(range(shapes.count())):
        box = shapes.nth(i).bounding_box()
        if not box or not container:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        inside = (container["x"] + 60 < x < container["x"] + container["width"] - 60 and
                  container["y"] + 60 < y < container["y"] + container["height"] - 60)
        if not inside:
            continue
        page.mouse.move(x, y) if action == "hover" else page.mouse.click(x, y)
        try:
            frame.wait_for_selector(selector, state="visible", timeout=1_500)
            return True
        except Exception:
            continue
    return False


def bring_explorers(page, timeout: int = 15_000) -> None:
    """Scroll to the widgets, as a reader does: the book loads the manager when they are near."""
    page.evaluate("""() => document.querySelector(
        'script[type="application/vnd.jupyter.widget-view+json"]').parentElement.scrollIntoView()""")
    page.wait_for_selector(".jupyter-widgets", timeout=timeout)
    page.wait_for_timeout(500)
    page.evaluate("window.scrollTo(0, 0)")


def check_widgets(page) -> list[str]:
    """Every widget view renders from the stored state, showing its default values."""
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
    if views.count() == 0:
        return []
    state_text = page.locator('script[type="application/vnd.jupyter.widget-state+json"]').first.text_content()
    state = json.loads(state_text)["state"]
    try:
        bring_explorers(page)
    except Exception:
        return [f"{views.count()} widget(s) stored, none rendered (blank boxes)"]
    problems = []
    for model in state.values():
        if model["model_name"] == "IntSliderModel":
            value = str(model["state"]["value"])
            readouts = page.locator(".widget-readout").all_text_contents()
            if value not in [r.strip() for r in readouts]:
                problems.append(f"slider shows {readouts}, stored default is {value}")
        if model["model_name"] == "DropdownModel":
            label = model["state"]["_options_labels"][model["state"]["index"]]
            shown = page.locator(".widget-dropdown select").evaluate_all(  # labels use no-break spaces
                "els => els.map(e => e.options[e.selectedIndex] && e.options[e.selectedIndex].text.replace(/\u00a0/g, ' '))")
            if label not in shown:
                problems.append(f"drop-down shows {shown}, stored default is {label}")
        if model["model_name"] == "HTMLModel" and "<table" in model["state"]["value"]:
            if page.locator(".widget-html-content table").count() == 0:
                problems.append("the explorer's result table is not rendered")
    return problems


def check_quizzes(page) -> list[str]:
    """Every quiz renders its questions and answers a click with feedback."""
    problems = []
    quizzes = page.locator("div[data-shufflequestions]")
    for index in range(quizzes.count()):
        quiz = quizzes.nth(index)
        buttons = quiz.locator(".MCButton")
        if buttons.count() == 0:
            problems.append(f"quiz {index + 1}: no answer buttons rendered")
            continue
        buttons.first.scroll_into_view_if_needed()
        buttons.first.click()
        if quiz.locator(".Feedback").count() == 0 or not quiz.locator(".Feedback").first.inner_text().strip():
            problems.append(f"quiz {index + 1}: clicking an answer gave no feedback")
    return problems


def check_solutions(page) -> list[str]:
    """Every exercise solution starts collapsed and opens on a click."""
    problems = []
    solutions = page.locator("div.solution")
    for index in range(solutions.count()):
        solution = solutions.nth(index)
        body = solution.locator("section").first
        if body.is_visible():
            problems.append(f"solution {index + 1} is open before any click")
            continue
        solution.locator("button.toggle-button").first.click()
        try:
            body.wait_for(state="visible", timeout=3_000)
        except Exception:
            problems.append(f"solution {index + 1} did not open on a click")
    return problems


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'], iframes: false});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def axe_violations(page) -> tuple[list[dict], int]:
    """axe-core violations of the page and of each map frame, and how many frames were checked."""
    page.wait_for_timeout(1_000)  # let opening animations (solutions, popups) finish
    found, checked = [], 0
    for frame in page.frames:
        if frame != page.main_frame and frame.url != "about:srcdoc":
            continue
        checked += 1
        frame.add_script_tag(path=str(AXE_JS))
        where = "page" if frame == page.main_frame else "map frame"
        for violation in frame.evaluate(AXE_RUN):
            found.append({**violation, "frame": where})
    return found, checked


def blocking(violations: list[dict], known: dict[str, str]) -> list[str]:
    """Serious or critical violations whose rule is not a listed upstream issue."""
    return [f"{v['impact']} {v['id']} ({v['frame']}): {v['help']} at {v['targets']}"
            for v in violations if v["impact"] in BLOCKING and v["id"] not in known]


def screenshot(page, folder: Path, slug: str, widths=(("laptop", 1366, 768), ("phone", 390, 844))):
    """Full-page screenshots at a laptop and a phone width; returns the files written.

    The page is reloaded at each width, so that it looks as a reader arriving on
    that device sees it (untouched by the checks, maps laid out for the width).
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for label, width, height in widths:
        page.set_viewport_size({"width": width, "height": height})
        page.reload(wait_until="load")
        for frame in page.locator("iframe").all():  # lazy frames load when scrolled to
            frame.evaluate("e => e.scrollIntoView()")
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(1_000)
        path = folder / f"{slug}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        written.append(path)
    return written


# --- offline: the book with the network cut --------------------------------------------

LAND_FILL = "#f3efe6"  # crossroads.maps.LAND: the country outlines drawn from data


@dataclass
class Offline:
    """Aborts every request that leaves the loopback origin, as a classroom without
    internet would; records those requests and every failed request of the book itself."""

    site: str
    aborted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def handle(self, route) -> None:
        url = route.request.url
        if url.startswith(self.site) or url.startswith(("data:", "about:", "blob:")):
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort()

    def watch(self, page) -> None:
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.url.startswith(self.site) else None)
        page.on("requestfailed", lambda r: self.failed.append(f"failed {r.url}")
                if r.url.startswith(self.site) else None)

    def problems(self) -> list[str]:
        """Same-origin failures, and outside requests other than map tiles (decoration)."""
        needs_internet = [u for u in self.aborted if urlparse(u).hostname not in assets.TILE_HOSTS]
        return ([f"the book's own file failed: {f}" for f in self.failed] +
                [f"needs the internet: {u}" for u in needs_internet])


def check_maps_offline(page) -> list[str]:
    """Every map draws its country outlines and its data shapes, and opens a tooltip."""
    problems = []
    for name, _, frame in map_frames(page):
        try:
            frame.wait_for_selector(".leaflet-container path", timeout=10_000)
        except Exception:
            problems.append(f"{name}: Leaflet drew nothing")
            continue
        outlines = frame.locator(f'path[fill="{LAND_FILL}"]').count()
        if outlines < 5:
            problems.append(f"{name}: {outlines} country outlines drawn, the map needs its base")
        if frame.locator("path.leaflet-interactive").count() == 0:
            problems.append(f"{name}: no lines, areas or points drawn")
        if not _opens(page, frame, "hover", ".leaflet-tooltip"):
            problems.append(f"{name}: no tooltip appears when hovering the shapes")
    return problems


def _pane(explorer) -> str:
    return explorer.locator(":scope > .widget-box").last.inner_text()


def check_static_explorers(page) -> list[str]:
    """Every explorer's precomputed control changes the pane without a kernel."""
    problems = []
    explorers = page.locator(".crossroads-explorer")
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        controls = explorer.locator(".crossroads-static select")
        if controls.count() == 0:
            problems.append(f"explorer {index + 1}: no control works without a kernel")
        for c in range(controls.count()):
            control = controls.nth(c)
            before = _pane(explorer)
            chosen = control.evaluate("e => e.selectedIndex")
            control.select_option(index=0 if chosen else 1)
            page.wait_for_timeout(300)
            if _pane(explorer) == before:
                label = control.evaluate("e => e.labels[0] ? e.labels[0].textContent : e.id")
                problems.append(f"explorer {index + 1}: choosing another {label!r} left the pane as it was")
            control.select_option(index=chosen)
    return problems


def check_disabled_controls(page) -> list[str]:
    """Controls that need a kernel are disabled in the book and say why, visibly."""
    problems = []
    for field_ in page.locator(".crossroads-explorer .crossroads-needs-kernel select, "
                               ".crossroads-explorer .crossroads-needs-kernel input").all():
        label = field_.evaluate("e => e.labels && e.labels[0] ? e.labels[0].textContent : e.id")
        if not field_.is_disabled():
            problems.append(f"{label!r} needs a kernel but is not disabled in the book")
            continue
        note_id = field_.get_attribute("aria-describedby")
        note = page.locator(f"[id='{note_id}']") if note_id else None
        if not field_.get_attribute("title") or note is None or note.count() == 0 or not note.is_visible() \
                or "Binder" not in note.inner_text():
            problems.append(f"{label!r} is disabled without a visible reason")
    return problems
