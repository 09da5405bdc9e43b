"""Re-execute the chapter notebooks in place, so their stored outputs are fresh.

    python -m crossroads.execute                 # every notebook under chapters/
    python -m crossroads.execute chapters/01_balancing_between_blocs.ipynb

Each notebook runs top to bottom in a fresh kernel of the current Python
environment (offline: the course code never touches the network), with its
folder as working directory. Outputs and ipywidgets state are stored, so that
students and the static book see results at once. Random ids (folium element
names, widget model ids) are then renumbered in order of appearance, which makes
the result deterministic: running the command twice gives the same files.
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from .data import DATA_DIR

CHAPTERS = DATA_DIR.parent / "chapters"
RANDOM_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


class CurrentEnvironmentKernels(KernelSpecManager):
    """Always start the kernel with this interpreter, whatever kernelspecs exist."""

    def get_kernel_spec(self, kernel_name):
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                "{connection_file}"],
                          display_name="Python 3", language="python")


def notebooks(paths=()) -> list[Path]:
    """The notebooks to run: the given paths, or every notebook under chapters/."""
    if paths:
        return [Path(p).resolve() for p in paths]
    return sorted(p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def renumber_random_ids(text: str) -> str:
    """Replace each distinct 32-hex-digit id with a sequential one, consistently."""
    mapping: dict[str, str] = {}

    def replace(match):
        return mapping.setdefault(match.group(0), f"{len(mapping) + 1:032x}")

    return RANDOM_ID.sub(replace, text)


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
    text = renumber_random_ids(nbformat.writes(nb))
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
