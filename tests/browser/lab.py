"""JupyterLab for the browser tests: a server on loopback, and checks of what a student sees.

`LabServer` copies ``chapters/`` into a temporary folder, prepares it exactly as the
README's install and Binder's ``postBuild`` do (``python -m crossroads.lab``, with a
private Jupyter data folder, so the trust database is the test's own), and starts
JupyterLab on 127.0.0.1. Each ``check_*`` function takes a Playwright page showing a
notebook and returns a list of problems, so that the same checks serve the chapter
tests and the sabotage tests in ``test_jupyterlab.py``.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from assets import TILE_HOSTS

ROOT = Path(__file__).resolve().parents[2]
RAW_MYST = re.compile(r"\{(?:glue|cite|term|doc|eval)[:a-z]*\}|```|^:(?:class|label):|data-(?:fact|cite)="
                      r"|Citation Not Found", re.M)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """JupyterLab serving a prepared copy of chapters/ from ``root``."""

    def __init__(self, root: Path):
        self.root, self.token, self.port = root, secrets.token_hex(16), free_port()
        self.env = dict(os.environ, JUPYTER_DATA_DIR=str(root / ".jupyter-data"),
                        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
                        JUPYTERLAB_SETTINGS_DIR=str(root / ".lab-settings"),
                        JUPYTERLAB_WORKSPACES_DIR=str(root / ".lab-workspaces"),
                        JUPYTER_PLATFORM_DIRS="1", PYTHONHASHSEED="0")
        shutil.copytree(ROOT / "chapters", root / "chapters",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def prepare(self, *notebooks: Path) -> str:
        """Run the course's own preparation step (what postBuild runs) on these notebooks."""
        done = subprocess.run([sys.executable, "-m", "crossroads.lab", *map(str, notebooks)],
                              env=self.env, capture_output=True, text=True, timeout=120, check=True)
        return done.stdout

    def start(self) -> None:
        log = open(self.root / "lab.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={self.root}", "--LabApp.news_url=", "--allow-root"],  # CI runs as root
            env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.root)
        deadline = time.time() + 90
        while time.time() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not start: {(self.root / 'lab.log').read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def notebook_url(self, relative: str) -> str:
        return f"{self.url}/lab/tree/{relative}?reset&token={self.token}"

    def is_signed(self, path: Path) -> bool:
        """Whether the file on disk is trusted in the test's own trust database."""
        import nbformat
        from nbformat.sign import NotebookNotary
        notary = NotebookNotary(data_dir=self.env["JUPYTER_DATA_DIR"])
        return notary.check_signature(nbformat.read(path, as_version=4))


def open_notebook(page, server: LabServer, relative: str) -> None:
    """Open a notebook in a fresh workspace and wait until its cells have rendered."""
    page.goto(server.notebook_url(relative))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
    page.wait_for_timeout(2000)  # outputs, widgets and MyST render after the cells appear
    wait_until_rendered(page)
    wait_until_settled(page)


SETTLING = ("aside.myst-exercise", "details.myst-exercise", ".jp-OutputArea-output iframe",
            "div[data-shufflequestions] .MCButton", ".jupyter-widgets.widget-vbox")


def wait_until_settled(page, quiet: int = 6, timeout: float = 30) -> None:
    """Wait until exercises, solutions, maps, quizzes and widgets stop appearing.

    On a cold server the first notebook's extensions load after its cells render, so the
    counts keep rising for a few seconds (CI once saw 0 exercises and 0 quizzes there).
    """
    panel = page.locator(".jp-NotebookPanel:visible")
    counts, same, deadline = None, 0, time.time() + timeout
    while same < quiet and time.time() < deadline:
        now = [panel.locator(s).count() for s in SETTLING]
        same = same + 1 if now == counts and any(now) else 0
        counts = now
        page.wait_for_timeout(500)


def wait_until_rendered(page) -> None:
    """JupyterLab renders markdown cells lazily: scroll through until every one has rendered."""
    panel = page.locator(".jp-NotebookPanel:visible")
    scroller = panel.locator(".jp-WindowedPanel-outer").first
    deadline = time.time() + 30
    while time.time() < deadline:
        cells, rendered = (panel.locator(".jp-MarkdownCell").count(),
                           panel.locator(".jp-MarkdownCell .myst").count())
        if cells and rendered == cells:
            break
        scroller.evaluate("e => { e.scrollTop = e.scrollTop + e.clientHeight >= e.scrollHeight ? 0 "
                          ": e.scrollTop + e.clientHeight; }")
        page.wait_for_timeout(300)
    else:
        raise TimeoutError(f"only {rendered} of {cells} markdown cells rendered")
    scroller.evaluate("e => { e.scrollTop = 0; }")
    page.wait_for_timeout(500)


def texts(locator) -> list[str]:
    """textContent of each element: inner_text is empty for cells scrolled out of view."""
    return locator.evaluate_all("els => els.map(e => e.textContent)")


def rendered_markdown(page) -> str:
    """The text of every rendered markdown cell of the current notebook."""
    return "\n".join(texts(page.locator(".jp-NotebookPanel:visible .jp-MarkdownCell .jp-RenderedMarkdown, "
                                        ".jp-NotebookPanel:visible .jp-MarkdownCell .myst")))


def check_no_raw_markup(page, fact_keys=()) -> list[str]:
    """No MyST role, fence, option, stored element or glue key shown as text."""
    text = rendered_markdown(page)
    if not text.strip():
        return ["no rendered markdown found"]
    problems = [f"raw markup shown: {m.group(0)!r}" for m in RAW_MYST.finditer(text)]
    missing = page.locator('.jp-NotebookPanel:visible [title="Citation Not Found"]')
    problems += [f"citation not found: {t.strip()!r}" for t in texts(missing)]
    problems += [f"glue key shown raw: {k!r}" for k in fact_keys if "_" in k and re.search(rf"\b{k}\b", text)]
    return problems


def check_solutions_collapsed(page) -> list[str]:
    """Exercises render, and every solution starts closed."""
    panel = page.locator(".jp-NotebookPanel:visible")
    exercises = panel.locator("aside.myst-exercise").count()
    solutions = panel.locator("details.myst-exercise")
    problems = [] if exercises >= 3 else [f"only {exercises} exercises rendered"]
    if solutions.count() < 3:
        problems.append(f"only {solutions.count()} collapsed solutions rendered")
    problems += [f"solution {i + 1} is open" for i in range(solutions.count())
                 if solutions.nth(i).get_attribute("open") is not None]
    return problems


def check_interactive_outputs(page, *, maps: int, quizzes: int, explorers: int) -> list[str]:
    """Maps, quizzes and explorers of a trusted notebook show before anything runs."""
    panel = page.locator(".jp-NotebookPanel:visible")
    found = {"maps": panel.locator(".jp-OutputArea-output iframe").count(),
             "quizzes": panel.locator("div[data-shufflequestions] .MCButton").count() and
             panel.locator("div[data-shufflequestions]").count(),
             "explorers": panel.locator(".jupyter-widgets.widget-vbox").count()}
    wanted = {"maps": maps, "quizzes": quizzes, "explorers": explorers}
    return [f"{name}: {found[name]} shown, expected at least {wanted[name]}"
            for name in wanted if found[name] < wanted[name]]


class Offline:
    """A route handler for a student with no network: only the JupyterLab server answers.

    Every other request is aborted and recorded. Map tiles are decoration (the maps draw
    outlines from the course data), so a tile request is not a problem; anything else is.
    """

    def __init__(self, site: str):
        self.site, self.outside = site, []

    def handle(self, route) -> None:
        url = route.request.url
        if url.startswith((self.site, "data:", "about:", "blob:")):
            route.continue_()
            return
        self.outside.append(url)
        route.abort()

    def problems(self) -> list[str]:
        return [f"request outside the server: {url[:120]}" for url in dict.fromkeys(self.outside)
                if not (urlparse(url).hostname or "").endswith(TILE_HOSTS)]


def check_maps_draw(page, timeout: int = 15_000) -> list[str]:
    """Every map in the notebook draws its shapes (country outlines at least) with Leaflet."""
    problems = []
    frames = page.locator(".jp-NotebookPanel:visible figure.crossroads-map iframe")
    for index in range(frames.count()):
        element = frames.nth(index)
        element.scroll_into_view_if_needed()
        frame = element.element_handle().content_frame()
        try:
            frame.wait_for_selector(".leaflet-container .leaflet-interactive", timeout=timeout)
        except Exception:
            problems.append(f"map {index + 1} ({element.get_attribute('title')}): Leaflet drew nothing")
    return problems


def check_not_modified(page) -> list[str]:
    """The notebook's tab is not marked as modified (dirty)."""
    dirty = page.locator(".jp-mod-current.jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty").count()
    return ["the notebook is marked modified"] if dirty else []


def run_all(page, timeout: float = 120) -> float:
    """Run > Run All Cells through the menu; seconds until every cell has run."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    start = time.perf_counter()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    prompts = page.locator(".jp-NotebookPanel:visible .jp-CodeCell .jp-InputPrompt")
    deadline = time.time() + timeout
    while time.time() < deadline:
        shown = texts(prompts)
        if shown and all(re.fullmatch(r"\[\d+\]:", t.strip()) for t in shown):
            return time.perf_counter() - start
        page.wait_for_timeout(200)
    raise TimeoutError("Run All did not finish: " + ", ".join(texts(prompts)))


def check_no_errors(page) -> list[str]:
    panel = page.locator(".jp-NotebookPanel:visible")
    errors = texts(panel.locator('[data-mime-type="application/vnd.jupyter.error"]'))
    stderr = texts(panel.locator('[data-mime-type="application/vnd.jupyter.stderr"]'))
    return [f"error output: {e[:200]}" for e in errors] + [f"stderr output: {e[:200]}" for e in stderr]


def explorer_controls(page):
    """(explorer, control) locators for every drop-down and list of every explorer."""
    boxes = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output > .jupyter-widgets.widget-vbox")
    found = []
    for b in range(boxes.count()):
        box = boxes.nth(b)
        selects = box.locator("select")
        found += [(box, selects.nth(s)) for s in range(selects.count())]
    return found


def pane_of(box) -> str:
    """What the explorer's result area shows now (its last child: the panes)."""
    return box.locator(":scope > .widget-box, :scope > .widget-html").last.inner_text()


def change_control(page, box, control) -> tuple[str, bool]:
    """Change one control with the keyboard (a list: with a click); whether the pane changed."""
    label = control.evaluate("e => (e.closest('.widget-inline-hbox, .widget-select-multiple, "
                             ".widget-dropdown')?.querySelector('label')?.textContent || e.name || '?')")
    before = pane_of(box)
    active = page.locator(".jp-NotebookPanel:visible .jp-Cell.jp-mod-active")
    if control.evaluate("e => e.multiple"):
        active_before = None
        options = control.locator("option")
        selected = control.evaluate("e => [...e.options].map(o => o.selected)")
        target = next(i for i, chosen in enumerate(selected) if not chosen)
        options.nth(target).click()
    else:
        control.focus()
        page.wait_for_timeout(200)
        active_before = active.get_attribute("data-windowed-list-index")
        last = control.evaluate("e => e.selectedIndex === e.options.length - 1")
        page.keyboard.press("ArrowUp" if last else "ArrowDown")
    deadline = time.time() + 10
    while time.time() < deadline and pane_of(box) == before:
        page.wait_for_timeout(100)
    if active_before is not None and active.get_attribute("data-windowed-list-index") != active_before:
        return f"{label} (the key moved to another cell)", False
    return label.strip(), pane_of(box) != before


def answer_quiz(page) -> list[str]:
    quiz = page.locator(".jp-NotebookPanel:visible div[data-shufflequestions]").first
    if quiz.count() == 0:
        return ["no quiz found"]
    quiz.locator(".MCButton").first.click()
    page.wait_for_timeout(300)
    feedback = quiz.locator(".Feedback")
    if feedback.count() == 0 or not feedback.first.inner_text().strip():
        return ["clicking a quiz answer gave no feedback"]
    return []


def save(page) -> None:
    page.locator(".jp-NotebookPanel:visible").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    deadline = time.time() + 20
    while time.time() < deadline and check_not_modified(page):
        page.wait_for_timeout(200)


def check_links_open(page) -> list[str]:
    """A glossary term opens the glossary, a page link opens its notebook, inside JupyterLab."""
    problems = []
    notebook_tab = page.locator(".lm-DockPanel .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel").first
    name = notebook_tab.inner_text()
    for selector in ("a.term", "a.doc"):
        page.locator(".lm-DockPanel .lm-TabBar-tabLabel", has_text=name).first.click()
        wait_until_rendered(page)
        links = page.locator(f".jp-NotebookPanel:visible {selector}")
        scroller = page.locator(".jp-NotebookPanel:visible .jp-WindowedPanel-outer").first
        for _ in range(40):  # a windowed notebook mounts only the cells near the view: scroll to find one
            if links.count():
                break
            scroller.evaluate("e => { e.scrollTop = e.scrollTop + e.clientHeight; }")
            page.wait_for_timeout(250)
        if links.count() == 0:
            problems.append(f"no {selector} link in the notebook")
            continue
        href = links.first.get_attribute("href")
        links.first.scroll_into_view_if_needed()
        links.first.click()
        wanted = href.rsplit("/", 1)[-1]
        deadline, tabs = time.time() + 10, []
        while time.time() < deadline and wanted not in tabs:
            page.wait_for_timeout(250)
            tabs = page.locator(".lm-DockPanel .lm-TabBar-tabLabel").all_inner_texts()
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            problems.append(f"{selector} link {href!r}: {dialog.first.get_attribute('aria-label')}")
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
        elif wanted not in tabs or "/lab" not in page.url:
            problems.append(f"{selector} link {href!r} did not open in JupyterLab (tabs: {tabs})")
    return problems


def check_output_link_opens(page, selector: str = ".jp-OutputArea-output a[href$='.ipynb']") -> list[str]:
    """A link in an output (not markdown) to another notebook opens that notebook in JupyterLab."""
    links = page.locator(f".jp-NotebookPanel:visible {selector}")
    if links.count() == 0:
        return [f"no output link matching {selector}"]
    href = links.first.get_attribute("href")
    links.first.scroll_into_view_if_needed()
    links.first.click()
    wanted, deadline, tabs = href.rsplit("/", 1)[-1], time.time() + 20, []
    while time.time() < deadline and wanted not in tabs:
        page.wait_for_timeout(250)
        tabs = page.locator(".lm-DockPanel .lm-TabBar-tabLabel").all_inner_texts()
    return [] if wanted in tabs and "/lab" in page.url else [f"output link {href!r} did not open in JupyterLab (tabs: {tabs})"]
