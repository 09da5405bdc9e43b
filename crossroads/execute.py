"""Re-execute the chapter notebooks in place, so their stored outputs are fresh.

    python -m crossroads.execute                 # every notebook under chapters/
    python -m crossroads.execute chapters/01_balancing_between_blocs.ipynb

Each notebook runs top to bottom in a fresh kernel of the current Python
environment (offline: the course code never touches the network), with its
folder as working directory. Outputs and ipywidgets state are stored, so that
students and the static book see results at once. Random ids (folium element
names, widget model ids) are then renumbered in order of appearance, which makes
the result deterministic: running the command twice gives the same files.
Last, the markdown cells are rendered for JupyterLab (:mod:`crossroads.markup`):
every ``{glue:}`` role shows the value the run just glued, every citation its
author and year.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from . import markup
from .data import DATA_DIR

CHAPTERS = DATA_DIR.parent / "chapters"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# What JupyterLab writes into a notebook it opens with ipykernel's kernel; any other
# display name makes every chapter show as modified the moment it is opened.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
DISPLAY_NAME = KERNELSPEC["display_name"]
RANDOM_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


class CurrentEnvironmentKernels(KernelSpecManager):
    """Always start the kernel with this interpreter, whatever kernelspecs exist."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                "{connection_file}"],
                          display_name=DISPLAY_NAME, language="python")


def notebooks(paths=()) -> list[Path]:
    """The notebooks to run: the given paths, or every notebook under chapters/."""
    if paths:
        return [Path(p).resolve() for p in paths]
    return sorted(p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def renumber_random_ids(text: str, order: str | None = None) -> str:
    """Replace each distinct 32-hex-digit id with a sequential one, consistently.

    Ids are numbered in their order of first appearance in ``order`` (default:
    ``text`` itself). Pass the notebook serialised *without* sorted keys as
    ``order``: creation order is stable between runs, sorted random ids are not.
    """
    mapping: dict[str, str] = {}
    for found in RANDOM_ID.findall(text if order is None else order):
        mapping.setdefault(found, f"{len(mapping) + 1:032x}")
    return RANDOM_ID.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)


def canonical_id_order(nb) -> list[str]:
    """Random ids in an order that does not depend on chance.

    Outputs are read cell by cell (their ids appear in creation order); each widget
    model is followed, depth first, by the models its state refers to; models no
    output reaches come last, ordered by their content.
    """
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order: list[str] = []
    seen: set[str] = set()

    def visit(found: str) -> None:
        if found in seen:
            return
        seen.add(found)
        order.append(found)
        if found in state:
            for ref in RANDOM_ID.findall(json.dumps(state[found], sort_keys=True)):
                visit(ref)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for found in RANDOM_ID.findall(json.dumps(output, sort_keys=True)):
                visit(found)
    for model_id in sorted(state, key=lambda m: RANDOM_ID.sub("", json.dumps(state[m], sort_keys=True))):
        visit(model_id)
    return order


def execute(path: Path, timeout: int = 300) -> float:
    """Execute one notebook in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    os.environ["PYTHONHASHSEED"] = "0"
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvironmentKernels())
    client = NotebookClient(nb, km=manager, timeout=timeout, record_timing=False,
                            store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    markup.render_notebook(path, nb)
    text = renumber_random_ids(nbformat.writes(nb), order=" ".join(canonical_id_order(nb)))
    renumbered = nbformat.reads(text, as_version=4)
    widgets = renumbered.metadata.get("widgets", {}).get(WIDGET_STATE)
    if widgets:  # store models in id order, not in the order they happened to arrive
        widgets["state"] = dict(sorted(widgets["state"].items()))
    text = nbformat.writes(renumbered)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return seconds


def main(argv: list[str]) -> int:
    for path in notebooks(argv):
        seconds = execute(path)
        print(f"executed {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}"
              f" in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
