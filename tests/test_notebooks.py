"""Chapter notebooks are committed executed, in order, with widget state.

Strict nbval (run by plain `pytest`, see pyproject.toml) re-runs each notebook and compares
every output; these checks catch what nbval cannot see: a cell never executed has no output
to compare, and a missing widget state would leave a blank box in the static book.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from repo import ROOT

NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_without_errors(path: Path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "re-run `python -m crossroads.execute`"
    for cell in code_cells(nb):
        assert all(o.output_type != "error" for o in cell.outputs)
        assert not any(o.get("name") == "stderr" for o in cell.outputs), cell.source


def widget_views(nb) -> list[str]:
    return [o.data["application/vnd.jupyter.widget-view+json"]["model_id"]
            for c in code_cells(nb) for o in c.outputs
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_widget_shown_has_stored_state(path: Path):
    nb = nbformat.read(path, as_version=4)
    views = widget_views(nb)
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    assert set(views) <= set(state.get("state", {}))


def test_chapter_one_shows_a_widget():
    nb = nbformat.read(ROOT / "chapters" / "01_balancing_between_blocs.ipynb", as_version=4)
    assert widget_views(nb)


def test_every_chapter_notebook_is_tested_by_nbval():
    """pytest's testpaths include chapters/, and --nbval (never --nbval-lax) is set."""
    import tomllib
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "chapters" in pytest_options["testpaths"]
    flags = pytest_options["addopts"].split()
    assert "--nbval" in flags and "--nbval-lax" not in flags
    assert NOTEBOOKS, "no chapter notebooks found"
