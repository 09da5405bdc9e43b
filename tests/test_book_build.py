"""The book builds with no warnings, and every page shows what it should.

The `built_book` fixture (tests/conftest.py) builds once per session with the
README's flags: `jupyter-book build . -W -n --keep-going` (plus `--all`).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from repo import ROOT


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part["chapters"]]
    return files


def page(html_dir: Path, toc_file: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{toc_file}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_toc_entry_produced_a_page(built_book):
    for toc_file in toc_files():
        assert (built_book / f"{toc_file}.html").exists(), toc_file


def test_no_page_shows_an_error_output(built_book):
    for html in built_book.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, html.name
        assert 'class="output error"' not in text and "output_error" not in text, html.name


def test_chapter_one_has_map_widget_state_quiz_and_collapsed_solutions(built_book):
    soup = page(built_book, "chapters/01_balancing_between_blocs")
    maps = soup.select("figure.crossroads-map iframe[srcdoc]")
    assert maps and maps[0].get("title"), "the chapter map is missing or has no title"
    assert "L.control.layers" in maps[0]["srcdoc"]
    state = soup.find("script", attrs={"type": "application/vnd.jupyter.widget-state+json"})
    assert state is not None and "DropdownModel" in state.string
    assert soup.find("script", attrs={"type": "application/vnd.jupyter.widget-view+json"})
    assert "show_questions(" in str(soup), "the quiz script is missing"
    solutions = soup.select("div.solution")
    assert len(solutions) >= 3
    assert all("dropdown" in s.get("class", []) for s in solutions), "a solution is not collapsed"
    assert len(soup.select("div.exercise")) >= 3


def test_citations_and_glossary_links_resolve(built_book):
    soup = page(built_book, "chapters/01_balancing_between_blocs")
    assert soup.select('a[href*="glossary.html#term-"]'), "no glossary link"
    assert soup.select('a[href*="bibliography.html#id"]') or soup.select("a.reference.internal[href*='bibliography']")
    text = soup.get_text()
    assert not re.search(r"\{glue:?\w*\}|\{cite", text), "an unrendered role is left in the page"


def test_welcome_page_is_the_root(built_book):
    soup = page(built_book, "chapters/welcome")
    assert "Three ways to use it" in soup.get_text()
    assert (built_book / "index.html").exists()


def test_launch_and_download_buttons(built_book):
    text = (built_book / "chapters" / "01_balancing_between_blocs.html").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in text and "urlpath=lab" in text
    assert "download" in text.lower()


def test_theme_override_is_the_installed_theme_without_fontawesome_js(built_book):
    """crossroads/templates/static/webpack-macros.html: the theme's own file minus one script."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    original = (theme / "webpack-macros.html").read_text(encoding="utf-8")
    ours = (ROOT / "crossroads" / "templates" / "static" / "webpack-macros.html").read_text(encoding="utf-8")
    body = lambda text: [l for l in text.split("-->", 1)[1].splitlines()
                         if "fontawesome.js" not in l and "custom icons" not in l]
    assert body(ours) == body(original), "the theme changed: update the override"
    page = (built_book / "chapters" / "02_energy_diplomacy.html").read_text(encoding="utf-8")
    assert "fontawesome.js" not in page and "bootstrap.js" in page


def test_exercise_and_solution_ids_are_unique(built_book):
    soup = page(built_book, "chapters/02_energy_diplomacy")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert "exercise-content-2" in ids and "solution-content-2" in ids


def test_no_built_page_can_load_a_script_from_a_cdn(built_book):
    """Not only what the offline browser test saw loaded: no fallback path may fetch from a CDN.

    The one exception is sphinx-thebe's THEBE_JS_URL, used only if live code is switched on
    (it is not: _config.yml has no thebe launch button).
    """
    cdn = re.compile(r"(?:src\s*=\s*|href=)['\"]https://(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|code\.jquery\.com)")
    for html in built_book.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not cdn.search(text), f"{html.relative_to(built_book)}: {cdn.search(text).group(0)}"


def test_map_frames_link_the_books_copies_instead_of_inline_ones(built_book):
    """The notebooks store Leaflet inline (for JupyterLab offline); pages share one cached copy."""
    frames = 0
    for html in (built_book / "chapters").glob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "data-vendored" not in text, html.name
        frames += text.count("_static/vendor/leaflet@1.9.3/dist/leaflet.js")
    assert frames >= 5


def test_links_to_notebooks_become_links_to_pages(built_book):
    """The timeline's panes (widget state) link chapter notebooks; in the book they link pages."""
    text = (built_book / "chapters" / "appendix" / "timeline.html").read_text(encoding="utf-8")
    assert not re.search(r'href=\\?"\.\./\d\d_[^"\\]*\.ipynb', text)
    assert r'href=\"../01_balancing_between_blocs.html\"' in text
