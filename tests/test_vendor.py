"""The book's own copies of front-end files: complete, unchanged, licensed, and used."""
from __future__ import annotations

import json

import yaml

from crossroads import vendor
from repo import ROOT


def test_vendored_files_match_the_lock():
    assert vendor.check() == [], "run python -m crossroads.vendor"


def test_every_package_carries_its_licence():
    for spec, files in vendor.PACKAGES.items():
        assert "LICENSE" in files[0], f"{spec}: the licence is listed first"
        assert (vendor.folder(spec) / files[0]).read_text(encoding="utf-8").strip(), spec


def test_every_cdn_address_has_a_vendored_answer():
    for url, local in vendor.CDN_URLS.items():
        assert (vendor.VENDOR_DIR / local).is_file(), url


def test_no_widget_script_is_loaded_from_elsewhere():
    """myst-nb adds no manager script: crossroads.js loads the vendored one (with the lock's hash)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["nb_ipywidgets_js"] == {}
    assert "@jupyter-widgets/html-manager@1.0.6/dist/embed.js" in json.loads(vendor.LOCK.read_text())


def test_a_changed_file_is_reported(tmp_path, monkeypatch):
    import shutil
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR_DIR, copy)
    monkeypatch.setattr(vendor, "VENDOR_DIR", copy)
    monkeypatch.setattr(vendor, "LOCK", copy / "vendor.lock.json")
    (copy / "jquery@3.7.1" / "dist" / "jquery.min.js").write_text("tampered", encoding="utf-8")
    assert vendor.check() == ["jquery@3.7.1/dist/jquery.min.js: hash differs from vendor.lock.json"]


def test_a_map_page_stores_its_files_inline_and_the_book_links_them_again():
    import html

    from crossroads import maps
    page = maps.base_map().get_root().render()
    written = vendor.inline(page)
    assert all(url not in written.replace(f'data-vendored="{url}"', "") for url in vendor.CDN_URLS), \
        "no CDN address is left outside the inline copies"
    assert "L.control.scale" in written and "jQuery" in written and "url(data:image/png;base64," in written
    assert vendor.restore_addresses(written) == page
    assert vendor.restore_addresses(html.escape(written)) == html.escape(page)  # as in a srcdoc


def test_a_script_that_would_end_its_inline_element_early_is_refused(tmp_path, monkeypatch):
    import shutil

    import pytest
    copy = tmp_path / "vendor"
    shutil.copytree(vendor.VENDOR_DIR, copy)
    monkeypatch.setattr(vendor, "VENDOR_DIR", copy)
    (copy / "jquery@3.7.1" / "dist" / "jquery.min.js").write_text("x='</script>'", encoding="utf-8")
    with pytest.raises(RuntimeError, match="jquery.min.js cannot be written inline"):
        vendor.inline('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')


def test_every_stored_map_draws_without_a_network():
    """Each map a chapter notebook stores carries Leaflet and jQuery inline, not CDN links."""
    import html
    import re

    import nbformat
    maps_seen = 0
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                stored = str(output.get("data", {}).get("text/html", ""))
                for srcdoc in re.findall(r'<iframe srcdoc="([^"]*)"', stored):
                    page, maps_seen = html.unescape(srcdoc), maps_seen + 1
                    assert not re.search(r'<(?:script|link)\b[^>]*\s(?:src|href)="https?://', page), path.name
                    assert all(f'data-vendored="{url}"' in page for url in vendor.CDN_URLS), path.name
    assert maps_seen >= 5


def test_no_stored_output_asks_a_cdn_for_anything():
    """What a notebook shows in JupyterLab (maps, quizzes, explorers) needs no network."""
    import html
    import re

    import nbformat
    cdn = re.compile(r"https://(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|code\.jquery\.com)\S*")
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                text = html.unescape(str(output.get("data", {})))
                text = re.sub(r'data-vendored="[^"]*"', "", text)  # names the file written inline
                assert not cdn.search(text), f"{path.relative_to(ROOT)}: {cdn.search(text).group(0)}"


def test_a_changed_quiz_loader_is_reported():
    import pytest

    from crossroads import quiz
    assert quiz.NO_MATHJAX in quiz.without_mathjax({"application/javascript": quiz.MATHJAX_FROM_CDN})[
        "application/javascript"]
    with pytest.raises(RuntimeError, match="MathJax loader changed"):
        quiz.without_mathjax({"application/javascript": "script.src = 'https://example.org/mathjax.js';"})
