"""How to cite: CITATION.cff, the welcome page and the README give the same reference."""
from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from repo import ROOT

CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def cited(path) -> str:
    """The quoted reference under '## How to cite', as one line of plain text."""
    text = (ROOT / path).read_text(encoding="utf-8")
    section = text.split("## How to cite", 1)[1]
    quote = " ".join(line[1:].strip() for line in section.splitlines() if line.startswith(">"))
    return re.sub(r"[*<>]", "", quote)


def expected() -> str:
    year = str(CFF["date-released"])[:4]
    return (f"{CFF['authors'][0]['name']} ({year}). {CFF['title']} (version {CFF['version']}). "
            f"Open course. {CFF['repository-code']}.")


@pytest.mark.parametrize("path", ["chapters/welcome.md", "README.md"])
def test_the_reference_agrees_with_citation_cff(path):
    assert cited(path).startswith(expected()), (cited(path), expected())


def test_citation_cff_agrees_with_the_package_and_the_book():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert CFF["version"] == version and CFF["cff-version"] == "1.2.0"
    assert CFF["title"] == config["title"] and CFF["authors"][0]["name"] == config["author"]
    assert CFF["repository-code"] == config["repository"]["url"]
    assert str(CFF["date-released"])[:4] == str(config["copyright"])


def test_a_changed_title_would_be_caught():
    assert not cited("README.md").startswith(expected().replace("Karabakh", "the war"))
