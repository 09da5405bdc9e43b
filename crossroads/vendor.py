"""Front-end files the book serves itself, so that no page needs a CDN.

    python -m crossroads.vendor          # fetch again from the npm registry and rewrite the lock

The built book loads Leaflet (folium's maps), jQuery (folium's popups) and the
Jupyter widgets HTML manager (explorers) from ``_static/vendor/`` instead of public
CDNs. The files are committed under ``crossroads/static/vendor/<package>@<version>/``,
with each package's licence, so that the README's build command needs no network.
This module fetches them again from the npm registry at the pinned versions, checks
each tarball against the registry's sha512 integrity, and writes ``vendor.lock.json``
with an SRI hash (sha384) of every file; a test checks the committed files against it.

:data:`CDN_URLS` lists the CDN addresses that folium and the configuration write into
pages, and the vendored file that answers each; the book's extension rewrites them.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

VENDOR_DIR = Path(__file__).with_name("static") / "vendor"
LOCK = VENDOR_DIR / "vendor.lock.json"
REGISTRY = "https://registry.npmjs.org"

# package@version -> files of the npm tarball to keep (under package/), licence first.
PACKAGES = {
    "leaflet@1.9.3": ["LICENSE", "dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                      "dist/images/layers-2x.png", "dist/images/marker-icon.png",
                      "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"],
    "jquery@3.7.1": ["LICENSE.txt", "dist/jquery.min.js"],
    # embed.js is the manager without RequireJS: the course uses only built-in widgets.
    # It loads its chunks and fonts from its own folder (document.currentScript).
    "@jupyter-widgets/html-manager@1.0.6": [
        "LICENSE", "dist/embed.js", "dist/embed.js.LICENSE.txt", "dist/106.embed.js", "dist/330.embed.js",
        "dist/1551f4f60c37af51121f.woff2", "dist/7a3337626410ca2f4071.woff2", "dist/d878b0a6a1144760244f.woff2",
        "dist/2285773e6b4b172f07d9.woff", "dist/bb58e57c48a3e911f15f.woff", "dist/eeccf4f66002c6f2ba24.woff",
        "dist/491974d108fe4002b2aa.ttf", "dist/527940b104eb2ea366c8.ttf", "dist/be9ee23c0c6390141475.ttf",
        "dist/23f19bb08961f37aaf69.eot", "dist/77206a6bb316fa0aded5.eot", "dist/9bbb245e67a133f6e486.eot",
        "dist/2f517e09eb2ca6650ff5.svg", "dist/4689f52cc96215721344.svg", "dist/7a8b4f130182d19a2d7c.svg"],
}

# CDN address written into pages -> vendored file (relative to VENDOR_DIR).
CDN_URLS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet@1.9.3/dist/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet@1.9.3/dist/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery@3.7.1/dist/jquery.min.js",
}


# Leaflet's style sheet names its images relative to itself; inline, they become data URLs.
_CSS_IMAGE = re.compile(r"url\((images/[\w.-]+\.png)\)")


def _inline_css(local: str) -> str:
    css = (VENDOR_DIR / local).read_text(encoding="utf-8")
    base = (VENDOR_DIR / local).parent

    def data_url(match) -> str:
        image = base64.b64encode((base / match.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{image})"
    return _CSS_IMAGE.sub(data_url, css)


def _cdn_tag(url: str) -> str:
    """The tag folium writes for a CDN file."""
    return f'<script src="{url}"></script>' if url.endswith(".js") else f'<link rel="stylesheet" href="{url}"/>'


def _inline_tag(url: str, local: str) -> str:
    """The same file written into the page."""
    if local.endswith(".js"):
        script = (VENDOR_DIR / local).read_text(encoding="utf-8")
        if "</script" in script:  # would end the inline element early
            raise RuntimeError(f"{local} cannot be written inline: it contains '</script'")
        return f'<script data-vendored="{url}">{script}</script>'
    return f'<style data-vendored="{url}">{_inline_css(local)}</style>'


def inline(page: str) -> str:
    """A map page with the CDN files of :data:`CDN_URLS` written into it.

    A notebook's map then draws in JupyterLab with no network: Binder and hubs have
    one, a laptop in a classroom may not. The book puts the addresses back
    (:func:`restore_addresses`), so that its pages share one cached copy.
    """
    for url, local in CDN_URLS.items():
        if _cdn_tag(url) in page:
            page = page.replace(_cdn_tag(url), _inline_tag(url, local))
    return page


def restore_addresses(text: str) -> str:
    """Inline copies made by :func:`inline` -> folium's CDN tags again.

    ``text`` is a built page, where map pages sit HTML-escaped in ``srcdoc``
    attributes; both the escaped and the plain form are restored.
    """
    for element in ("script", "style"):
        for esc in (html.escape, lambda s: s):
            start, end = esc(f'<{element} data-vendored="'), esc(f"</{element}>")
            pattern = re.compile(re.escape(start) + r"([^\"&]+)" + re.escape(esc('">')) + r".*?" + re.escape(end), re.S)
            text = pattern.sub(lambda m: esc(_cdn_tag(m.group(1))), text)
    return text


# The Jupyter widgets manager the book loads (relative to VENDOR_DIR).
WIDGET_MANAGER = "@jupyter-widgets/html-manager@1.0.6/dist/embed.js"


def integrity(name: str) -> str:
    """The SRI hash vendor.lock.json records for a vendored file."""
    return json.loads(LOCK.read_text(encoding="utf-8"))[name]


def folder(spec: str) -> Path:
    """``@jupyter-widgets/html-manager@1.0.6`` -> VENDOR_DIR/@jupyter-widgets/html-manager@1.0.6."""
    return VENDOR_DIR / spec


def sri(data: bytes) -> str:
    """Subresource-integrity hash, as browsers check it."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _tarball(spec: str) -> bytes:
    name, _, version = spec.rpartition("@")
    with urllib.request.urlopen(f"{REGISTRY}/{name.replace('/', '%2F')}/{version}", timeout=60) as answer:
        dist = json.load(answer)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as answer:
        data = answer.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != expected:
        raise RuntimeError(f"{spec}: tarball does not match the registry's integrity {dist['integrity']}")
    return data


def fetch() -> dict:
    """Download every package, keep the listed files, write and return the lock."""
    lock = {}
    for spec, files in PACKAGES.items():
        with tarfile.open(fileobj=io.BytesIO(_tarball(spec))) as archive:
            for path in files:
                data = archive.extractfile(f"package/{path}").read()
                target = folder(spec) / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                lock[f"{spec}/{path}"] = sri(data)
    LOCK.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return lock


def check() -> list[str]:
    """Problems with the committed files: missing, changed, or not in the lock."""
    lock = json.loads(LOCK.read_text(encoding="utf-8"))
    problems = [f"{name}: missing" for name in lock if not (VENDOR_DIR / name).is_file()]
    problems += [f"{name}: hash differs from vendor.lock.json" for name, digest in lock.items()
                 if (VENDOR_DIR / name).is_file() and sri((VENDOR_DIR / name).read_bytes()) != digest]
    expected = {f"{spec}/{path}" for spec, files in PACKAGES.items() for path in files}
    problems += [f"{name}: listed in PACKAGES but not in the lock" for name in sorted(expected - set(lock))]
    return problems


def main() -> int:
    print(f"fetched {len(fetch())} files into {VENDOR_DIR}")
    problems = check()
    print("\n".join(problems) or "all files match vendor.lock.json")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
