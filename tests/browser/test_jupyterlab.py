"""Every chapter studied in real JupyterLab, as a student would, in headless Chromium.

The server is started and stopped by the test, on 127.0.0.1, over a copy of chapters/
prepared by `python -m crossroads.lab` (what the README's install and Binder's postBuild
run), with no network but the server (a student offline). For each chapter: it opens
trusted and unmodified, with maps drawn, quiz and explorer visible and no MyST shown raw; a glossary term and a page link open inside JupyterLab;
Run All gives no error; every explorer control, changed
with the keyboard or a click, changes its pane; a quiz answers; after a save and a
reopen the notebook is still trusted and unmodified. Sabotaged copies prove each check
can fail; no request may leave the server except for map tiles. Screenshots and a summary go to _build/screenshots/jupyterlab/.
"""
from __future__ import annotations

import json

import nbformat
import pytest

import lab
from crossroads import markup, vendor

pytestmark = pytest.mark.integration
SHOTS = lab.ROOT / "_build" / "screenshots" / "jupyterlab"
CHAPTERS = sorted(p.name for p in (lab.ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
APPENDIX = {"appendix/timeline.ipynb": "Events and agreements: ",  # notebook -> text it shows on open
            "appendix/running_on_a_hub.ipynb": "git-pull?repo="}
SUMMARY: dict[str, dict] = {}


def sabotaged(root, source: str, name: str, change) -> str:
    """A changed copy of a chapter in chapters/sabotage/; returns its path under root."""
    folder = root / "chapters" / "sabotage"
    folder.mkdir(exist_ok=True)
    nb = nbformat.read(root / "chapters" / source, as_version=4)
    change(nb)
    nbformat.write(nb, folder / name)
    return f"chapters/sabotage/{name}"


def raw_roles(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = markup.to_roles(cell.source)


def open_solutions(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(":class: dropdown\n", "")


def dead_links(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace('href="appendix/', 'href="appendix/missing-')


def cdn_maps(nb):
    """Map outputs as folium writes them: Leaflet from a CDN, which a student offline cannot reach."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = vendor.restore_addresses(output["data"]["text/html"])


def html_links(nb):
    """The timeline as it was: its panes link the book's pages, not the notebooks."""
    for key, model in nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].items():
        if "value" in model["state"] and isinstance(model["state"]["value"], str):
            model["state"]["value"] = model["state"]["value"].replace(".ipynb\"", ".html\"")


def old_kernelspec(nb):
    nb.metadata.kernelspec["display_name"] = "Python 3"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    server = lab.LabServer(root)
    first = CHAPTERS[0]
    server.sabotage = {
        "raw": sabotaged(root, CHAPTERS[1], "raw.ipynb", raw_roles),
        "open": sabotaged(root, first, "open.ipynb", open_solutions),
        "kernelspec": sabotaged(root, CHAPTERS[-1], "kernelspec.ipynb", old_kernelspec),
        "links": sabotaged(root, CHAPTERS[1], "links.ipynb", dead_links),
        "cdn": sabotaged(root, first, "cdn.ipynb", cdn_maps),
        "html_links": sabotaged(root, "appendix/timeline.ipynb", "html_links.ipynb", html_links),
    }
    server.sabotage["norun"] = sabotaged(root, first, "norun.ipynb", lambda nb: None)
    # Trust is a signature of the content: a copy with other content is not covered.
    sabotaged(root, first, "untrusted.ipynb", lambda nb: nb.metadata.update(copy=True))
    signed = [root / "chapters" / c for c in [*CHAPTERS, *APPENDIX]] + [root / p for p in server.sabotage.values()]
    server.prepare(*signed)  # untrusted.ipynb is deliberately left unsigned
    server.start()
    yield server
    server.stop()
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "summary.json").write_text(json.dumps(SUMMARY, indent=2), encoding="utf-8")


@pytest.fixture
def network(server):
    """No network but the JupyterLab server, as for a student offline (Binder has one)."""
    return lab.Offline(server.url)


@pytest.fixture
def page(browser, server, network):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.route("**/*", network.handle)
    page = context.new_page()
    yield page
    context.close()


def maps_in(nb) -> int:
    """How many maps a chapter stores (chapter 6, on the sources, has none)."""
    return sum("crossroads-map" in str(o.get("data", {}).get("text/html", ""))
               for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_in_jupyterlab(server, page, network, chapter):
    relative = f"chapters/{chapter}"
    nb = nbformat.read(lab.ROOT / relative, as_version=4)
    facts, maps = markup.glued_facts(nb), maps_in(nb)
    lab.open_notebook(page, server, relative)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{chapter[:-6]}-open.png"))
    raw = lab.check_no_raw_markup(page, facts)
    report = {"raw_placeholders_on_open": len(raw), "trusted_on_open": server.is_signed(server.root / relative)}
    problems = raw + lab.check_solutions_collapsed(page) + lab.check_not_modified(page)
    problems += lab.check_interactive_outputs(page, maps=maps, quizzes=1, explorers=1)
    problems += lab.check_maps_draw(page)

    report["run_all_seconds"] = round(lab.run_all(page), 1)
    problems += lab.check_no_errors(page)
    controls = {}
    for box, control in lab.explorer_controls(page):
        label, changed = lab.change_control(page, box, control)
        controls[label] = changed
        if not changed:
            problems.append(f"explorer control {label!r} did not change its pane")
    report["controls"] = controls
    problems += ["no explorer control found"] if not controls else []
    problems += lab.answer_quiz(page)
    page.screenshot(path=str(SHOTS / f"{chapter[:-6]}-after-run.png"))

    lab.save(page)
    problems += [f"after save: {p}" for p in lab.check_not_modified(page)]
    report["trusted_after_save"] = server.is_signed(server.root / relative)
    lab.open_notebook(page, server, relative)
    problems += [f"reopened: {p}" for p in lab.check_not_modified(page)]
    problems += [f"reopened: {p}" for p in lab.check_no_raw_markup(page, facts)]
    problems += [f"reopened: {p}" for p in lab.check_interactive_outputs(page, maps=maps, quizzes=1, explorers=1)]
    problems += lab.check_links_open(page)
    problems += network.problems()
    report["requests_outside_the_server"] = len(network.problems())
    SUMMARY[chapter] = report
    assert report["trusted_on_open"] and report["trusted_after_save"], report
    assert not problems, problems


@pytest.mark.parametrize("notebook", APPENDIX)
def test_appendix_notebook_in_jupyterlab(server, page, notebook):
    """The timeline and hub pages open trusted and unmodified, show their output, run cleanly,
    and every control of the timeline explorer changes its pane after Run All."""
    relative = f"chapters/{notebook}"
    lab.open_notebook(page, server, relative)
    problems = lab.check_not_modified(page)
    shown = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output").all_inner_texts()
    problems += [] if any(APPENDIX[notebook] in text for text in shown) else [f"{APPENDIX[notebook]!r} not shown on open"]
    if "timeline" in notebook:  # a chapter link in the stored pane opens that notebook
        problems += lab.check_output_link_opens(page)
        lab.open_notebook(page, server, relative)
    lab.run_all(page)
    problems += lab.check_no_errors(page)
    controls = [lab.change_control(page, box, control) for box, control in lab.explorer_controls(page)]
    problems += [f"control {label!r} did not change its pane" for label, changed in controls if not changed]
    if "timeline" in notebook and len(controls) != 3:
        problems.append(f"expected the Theme, Actor and Period controls, found {len(controls)}")
    assert server.is_signed(server.root / relative)
    assert not problems, problems


# --- the checks can fail -------------------------------------------------------------

def test_an_unsigned_notebook_hides_its_maps_quiz_and_explorer(server, page):
    lab.open_notebook(page, server, "chapters/sabotage/untrusted.ipynb")
    assert not server.is_signed(server.root / "chapters/sabotage/untrusted.ipynb")
    assert lab.check_interactive_outputs(page, maps=1, quizzes=1, explorers=1)


def test_raw_roles_are_caught(server, page):
    lab.open_notebook(page, server, server.sabotage["raw"])
    facts = markup.glued_facts(nbformat.read(server.root / server.sabotage["raw"], as_version=4))
    problems = lab.check_no_raw_markup(page, facts)
    assert any("glue key shown raw" in p for p in problems), problems
    assert any("citation not found" in p for p in problems), problems


def test_an_open_solution_is_caught(server, page):
    lab.open_notebook(page, server, server.sabotage["open"])
    assert any("is open" in p or "collapsed" in p for p in lab.check_solutions_collapsed(page))


def test_an_old_kernelspec_marks_the_notebook_modified(server, page):
    lab.open_notebook(page, server, server.sabotage["kernelspec"])
    page.wait_for_timeout(2000)
    assert lab.check_not_modified(page)


def test_before_run_all_only_precomputed_controls_answer(server, page):
    """On open, the restored widgets have no kernel behind them: a precomputed control still
    answers (its link runs in the browser), a kernel-only control does not, so the check fails."""
    lab.open_notebook(page, server, server.sabotage["norun"])
    controls = lab.explorer_controls(page)
    static = [c for c in controls if "crossroads-static" in (c[1].evaluate("e => e.closest('.jupyter-widgets').className"))]
    kernel = [c for c in controls if "crossroads-needs-kernel" in c[1].evaluate("e => e.closest('.jupyter-widgets').className")]
    assert static and kernel
    assert lab.change_control(page, *static[0])[1], "a precomputed control did not answer on open"
    label, changed = lab.change_control(page, *kernel[0])
    assert not changed, f"{label} answered without a kernel: the check could not fail"


def test_a_map_that_needs_a_cdn_is_caught_offline(server, page, network):
    lab.open_notebook(page, server, server.sabotage["cdn"])
    assert lab.check_maps_draw(page, timeout=5_000), "the map drew without Leaflet"
    assert any("leaflet" in p for p in network.problems()), network.problems()


def test_dead_links_are_caught(server, page):
    lab.open_notebook(page, server, server.sabotage["links"])
    problems = lab.check_links_open(page)
    assert len(problems) == 2, problems


def test_an_output_link_to_a_page_of_the_book_is_caught(server, page):
    """The timeline's links once pointed to the book's .html pages, which JupyterLab cannot open."""
    lab.open_notebook(page, server, server.sabotage["html_links"])
    problems = lab.check_output_link_opens(page, ".jp-OutputArea-output a[href$='.html']")
    assert problems and "did not open" in problems[0], problems
