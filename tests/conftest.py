"""Shared fixtures: the repository paths and a disposable copy of data/."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def tree_digest(folder: Path) -> str:
    """One hash over every file's name and bytes, to prove a folder was not modified."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


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
