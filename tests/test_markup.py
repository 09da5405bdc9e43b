"""Chapter text reads like the book in JupyterLab, and cannot drift from the data.

Each chapter's markdown stores facts, citations, terms and page links as HTML
elements that JupyterLab renders as readable text (crossroads.markup). These tests
prove that (1) no MyST role is left for JupyterLab to show raw, (2) every stored
value equals the notebook's glue output, which strict nbval ties to the data, and
every citation label matches data/sources.csv, and (3) the book's extension turns
the elements back into exactly the roles the book has always rendered.
"""
from __future__ import annotations

import re

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from crossroads import markup
from crossroads.book import restore_roles
from repo import ROOT

NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
SOURCES = pd.DataFrame({"source_id": ["a", "b"], "title": ["T \"one\"", "Two"],
                        "publisher": ["Trend News Agency", "BBC"], "author": [None, "Ann Smith and Bo Lee"],
                        "date": ["2023-05-01", None], "url": ["https://example.org/a?x=1&y=2", None]})


def context(folder: Path = ROOT / "chapters") -> markup.Context:
    return markup.Context(folder=folder, facts={"target": "20", "when": "27 September 2020"},
                          sources=SOURCES, glossary={"bcm": "Billion cubic metres <of gas>."})


def test_roles_become_readable_elements_and_come_back():
    text = ("At least {glue:}`target` bcm {cite:p}`a,b`; {cite:t}`a` said so on {glue:}`when`, "
            "as {cite:t}`a,b` (and {cite:p}`b`) did. "
            "See {term}`gas <bcm>` and {doc}`the data <appendix/data_and_sources>`.")
    stored = markup.render(text, context())
    assert '<span class="fact" data-fact="target">20</span>' in stored
    assert ('(<a class="cite" data-cite="a" href="https://example.org/a?x=1&amp;y=2" title="Trend News '
            'Agency, 2023-05-01: “T &quot;one&quot;”. Listed in the bibliography.">Trend News Agency, 2023</a>; '
            '<span class="cite" data-cite="b" title=') in stored
    assert "Smith and Lee, n.d.</span>)" in stored, "a source without an address is not a link"
    assert 'data-textual="" href="https://example.org/a?x=1&amp;y=2"' in stored
    assert "Trend News Agency</a> (2023) said" in stored
    assert 'href="appendix/glossary.md" title="Billion cubic metres &lt;of gas&gt;.">gas</a>' in stored
    assert '<a class="doc" href="appendix/data_and_sources.ipynb">the data</a>' in stored
    assert not markup.ROLE.search(stored)
    assert not markup.LEFTOVER.search(markup.to_roles(stored))
    assert markup.to_roles(stored) == text
    assert markup.render(stored, context()) == stored, "rendering twice changes nothing"


def test_stale_values_are_refreshed_from_the_facts():
    stale = 'at least <span class="fact" data-fact="target">15</span> bcm'
    assert markup.render(stale, context()) == 'at least <span class="fact" data-fact="target">20</span> bcm'


def test_roles_in_inline_code_stay_as_written():
    text = "Cite with `{cite:p}` and a `source_id`."
    assert markup.render(text, context()) == text


@pytest.mark.parametrize("text, message", [
    ("{glue:}`missing`", r"x.ipynb: \{glue:\}`missing` has no glue output"),
    ("{cite:p}`nope`", r"`nope` is not a source_id of data/sources.csv"),
    ("{term}`Unknown`", r"`Unknown` is not an entry of glossary.md"),
    ("{doc}`nowhere`", r"names no notebook or page"),
])
def test_unknown_names_are_refused_with_the_notebook_and_name(text, message):
    bad = markup.Context(folder=ROOT / "chapters", facts={}, sources=SOURCES, glossary={}, name="x.ipynb")
    with pytest.raises(markup.MarkupError, match=message):
        markup.render(text, bad)


def test_glossary_is_read_from_the_glossary_page():
    glossary = markup.read_glossary()
    assert glossary["bcm"].startswith("Billion cubic metres")
    assert "southern gas corridor" in glossary


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_text_is_rendered_and_fresh(path: Path):
    """No role left raw for JupyterLab; every value and label equal to what the data give.

    A failure means the text and the data (or sources.csv, or the glossary) have moved
    apart: run `python -m crossroads.execute` on the notebook.
    """
    nb = nbformat.read(path, as_version=4)
    ctx = markup.context_for(path, nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        assert not markup.ROLE.search(cell.source), f"cell {index}: a MyST role is stored raw"
        leftover = markup.LEFTOVER.search(markup.to_roles(cell.source))
        assert not leftover, f"cell {index}: a stored element the book cannot read: {leftover.group(0)!r}"
        fresh = markup.render(cell.source, ctx)
        assert fresh == cell.source, f"cell {index} of {path.name} is stale"


def test_a_stale_number_fails_the_freshness_check():
    path = ROOT / "chapters" / "02_energy_diplomacy.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if 'data-fact="target"' in c.source)
    stale = cell.source.replace('data-fact="target">20<', 'data-fact="target">15<', 1)
    assert stale != cell.source
    assert markup.render(stale, markup.context_for(path, nb)) == cell.source


class FakeEnv:
    def doc2path(self, docname):
        return f"{docname}.ipynb"


class FakeApp:
    env = FakeEnv()


def test_the_book_parses_roles_again():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markup.render("{glue:}`target` {cite:p}`a`", context())),
                nbformat.v4.new_code_cell("x = '<span class=\"fact\" data-fact=\"target\">20</span>'")]
    source = [nbformat.writes(nb)]
    restore_roles(FakeApp(), "chapters/x", source)
    cells = json.loads(source[0])["cells"]
    assert cells[0]["source"] == "{glue:}`target` {cite:p}`a`"
    assert "data-fact" in "".join(cells[1]["source"]), "code cells are left alone"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_kernelspec_is_what_jupyterlab_writes(path: Path):
    """Any other display name marks the notebook modified as soon as it opens."""
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec == {"display_name": "Python 3 (ipykernel)", "language": "python",
                                      "name": "python3"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_bare_dollar_sign_in_chapter_text(path: Path):
    """MyST's dollarmath pairs two bare '$' into inline maths, which shows the text between
    them raw (it happened with "$1.3 billion ... $3 billion"). Write '\\$' or 'dollars'."""
    nb = nbformat.read(path, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            text = re.sub(r"<[^>]*>", "", re.sub(r"`[^`]*`", "", cell.source))  # tags and code may hold '$'
            assert not re.search(r"(?<!\\)\$", text), f"cell {index} of {path.name}: a bare '$'"
