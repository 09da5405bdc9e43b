"""`python -m crossroads.lab` trusts the chapters and installs the course's JupyterLab settings."""
from __future__ import annotations

import json

import nbformat
from nbformat.sign import NotebookNotary

from crossroads import lab
from repo import ROOT

CHAPTER = ROOT / "chapters" / "01_balancing_between_blocs.ipynb"


def test_trust_signs_for_the_current_user(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    nb = nbformat.read(CHAPTER, as_version=4)
    assert not NotebookNotary(data_dir=str(tmp_path)).check_signature(nb)
    lab.trust([CHAPTER])
    assert NotebookNotary(data_dir=str(tmp_path)).check_signature(nb)


def test_overrides_leave_arrow_keys_to_a_focused_drop_down(tmp_path):
    target = lab.install_overrides(str(tmp_path))
    assert target == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    shortcuts = json.loads(target.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    down = [s for s in shortcuts if s["command"] == "notebook:move-cursor-down"]
    assert any(s.get("disabled") for s in down)
    assert any(s["selector"].endswith(":focus:not(select)") and not s.get("disabled") for s in down)
