"""Prepare JupyterLab for the course: trusted chapters and explorer-friendly keys.

    python -m crossroads.lab

Run once after installing (the README's install command does, and repo2docker
runs it from ``postBuild`` on Binder or a hub). It

* signs every notebook under ``chapters/`` in this user's trust database, so that
  JupyterLab shows the committed maps, quizzes and explorers at once instead of
  hiding them until the cells are run (a notebook from someone else is untrusted
  until signed; JupyterLab re-signs it on each save, so it stays trusted);
* installs ``jupyterlab/overrides.json`` as JupyterLab's default settings for this
  environment: the arrow keys, which move between cells in command mode, are left
  to a focused drop-down (``<select>``) so that a student can change an explorer's
  value with the keyboard.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
from nbformat.sign import NotebookNotary

from .execute import notebooks

OVERRIDES = Path(__file__).with_name("jupyterlab") / "overrides.json"


def settings_dir(prefix: str = sys.prefix) -> Path:
    """Where JupyterLab reads the environment's default settings (overrides.json)."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def trust(paths) -> list[Path]:
    """Sign each notebook for the current user; return the paths signed."""
    notary = NotebookNotary()
    for path in paths:
        notary.sign(nbformat.read(path, as_version=4))
    return list(paths)


def install_overrides(prefix: str = sys.prefix) -> Path:
    """Copy the course's JupyterLab settings overrides into the environment."""
    target = settings_dir(prefix) / "overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(OVERRIDES, target)
    return target


def main(argv: list[str]) -> int:
    signed = trust(notebooks(argv))
    print(f"trusted {len(signed)} notebooks; JupyterLab settings in {install_overrides()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
