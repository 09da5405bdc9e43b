"""Shared fixtures: the repository paths and a disposable copy of data/."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repo import DATA, ROOT, tree_digest


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def data_untouched():
    """No test, and no code under test, may write into data/."""
    before = tree_digest(DATA)
    yield
    assert tree_digest(DATA) == before, "something wrote into data/"


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per session, exactly as the README does, into _build/.

    ``--all`` rebuilds every page, so that warnings of unchanged pages are not
    hidden by Sphinx's incremental build.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--all", "-W", "-n",
                             "--keep-going"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return ROOT / "_build" / "html"
