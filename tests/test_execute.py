"""`python -m crossroads.execute` is deterministic and reproduces the committed notebook."""
from __future__ import annotations

import shutil

from crossroads import execute
from repo import ROOT

CHAPTER = ROOT / "chapters" / "01_balancing_between_blocs.ipynb"


def test_re_execution_reproduces_the_committed_notebook_byte_for_byte(tmp_path):
    # The whole chapters/ tree: links in the text are written relative to the notebook.
    shutil.copytree(ROOT / "chapters", tmp_path / "chapters")
    copy = tmp_path / "chapters" / CHAPTER.name
    execute.execute(copy)
    first = copy.read_bytes()
    execute.execute(copy)
    assert copy.read_bytes() == first, "two runs gave different files"
    assert first == CHAPTER.read_bytes(), "the committed chapter is stale: run python -m crossroads.execute"
