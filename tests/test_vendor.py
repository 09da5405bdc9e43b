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
