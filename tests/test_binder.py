"""Binder (repo2docker) would build this repository with Python 3.11 and requirements.txt.

repo2docker needs Docker to *build*; none runs here, so the test asks its build
packs, offline, which one claims the repository and what build script it would
render. Marked `integration` (repo2docker is installed by .ci/run).
"""
from __future__ import annotations

import pytest

from repo import ROOT

pytestmark = pytest.mark.integration


@pytest.fixture
def buildpack(monkeypatch):
    from repo2docker.app import Repo2Docker

    monkeypatch.chdir(ROOT)  # build packs inspect the current directory
    app = Repo2Docker()
    for cls in app.buildpacks:  # the order repo2docker itself tries them
        pack = cls(base_image=app.base_image)
        pack.platform = "linux/amd64"
        if pack.detect():
            return pack
    pytest.fail("no repo2docker build pack recognises this repository")


def test_the_python_build_pack_is_chosen_with_python_3_11(buildpack):
    assert type(buildpack).__name__ == "PythonBuildPack"
    assert buildpack.python_version == "3.11"  # from runtime.txt


def test_requirements_are_installed_after_the_repository_is_copied(buildpack):
    dockerfile = buildpack.render()
    install = dockerfile.index('pip install --no-cache-dir -r "requirements.txt"')
    copy_repo = dockerfile.index("src/ ${REPO_DIR}/")
    assert copy_repo < install, "the `-e .` line needs the repository in place before pip runs"
    assert "environment.py-3.11" in " ".join(buildpack.get_build_script_files())


def test_the_check_reads_this_repository_not_a_default(tmp_path, monkeypatch):
    """Sanity check of the test itself: another runtime.txt gives another Python."""
    from repo2docker.buildpacks import PythonBuildPack

    (tmp_path / "requirements.txt").write_text("pandas\n")
    (tmp_path / "runtime.txt").write_text("python-3.10\n")
    monkeypatch.chdir(tmp_path)
    pack = PythonBuildPack(base_image="docker.io/library/buildpack-deps:jammy")
    assert pack.detect() and pack.python_version == "3.10"


def test_post_build_trusts_the_chapters_after_the_install(buildpack):
    """repo2docker runs postBuild as the notebook user, after requirements.txt."""
    dockerfile = buildpack.render()
    assert "postBuild" in " ".join(buildpack.get_post_build_scripts())
    assert dockerfile.index('pip install --no-cache-dir -r "requirements.txt"') < dockerfile.index("RUN ./postBuild")
    assert dockerfile.rindex("USER ${NB_USER}", 0, dockerfile.index("RUN ./postBuild")) > 0, "runs as the notebook user"
    assert "python -m crossroads.lab" in (ROOT / "postBuild").read_text(encoding="utf-8")
