"""Local copies of CDN scripts for the browser tests' own pages, and axe-core.

The built book asks no CDN for anything (it serves its own copies). The harness pages
of test_harness.py still load folium's CDN addresses; the tests answer those requests
from these copies, so they run offline yet load the very files folium names. Each entry says which npm package (exact
version) holds the file a URL points to. Fetch them once with

    python tests/browser/assets.py

(`npm pack`, from the npm registry; .ci/run does this). The copies live in
``tests/browser/.assets/`` (not committed).
"""
from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ASSET_DIR = Path(__file__).resolve().parent / ".assets"

# npm packages served under https://cdn.jsdelivr.net/npm/<name>@<version>/<path>. The book
# itself needs none of them (it serves crossroads/static/vendor/); the harness pages made by
# tests/browser/test_harness.py load folium's CDN addresses, and every page gets axe-core.
NPM_PACKAGES = [
    "leaflet@1.9.3",
    "jquery@3.7.1",
    "axe-core@4.10.3",
]
# Other CDN addresses the book uses, and the npm file that is the same file.
OTHER_URLS = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery@3.7.1/dist/jquery.min.js",
}
TILE_HOSTS = ("tile.openstreetmap.org",)
JSDELIVR_NPM = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+@[^/]+)/(.+)$")


def package_dir(spec: str) -> Path:
    """Folder of an unpacked package, e.g. ``.assets/@jupyter-widgets+html-manager@1.0.6``."""
    return ASSET_DIR / spec.replace("/", "+")


def local_file(url: str) -> Path | None:
    """The local copy answering ``url``, or None if the tests do not expect it."""
    url = url.split("?", 1)[0].split("#", 1)[0]
    if url in OTHER_URLS:
        spec, _, path = OTHER_URLS[url].partition("/dist/")
        return package_dir(spec) / "dist" / path
    match = JSDELIVR_NPM.match(url)
    if match and match.group(1) in NPM_PACKAGES:
        candidate = package_dir(match.group(1)) / match.group(2)
        return candidate if candidate.is_file() else None
    return None


def missing() -> list[str]:
    """Packages not yet unpacked into ASSET_DIR."""
    return [spec for spec in NPM_PACKAGES if not (package_dir(spec) / "package.json").exists()]


def fetch() -> None:
    """Download and unpack every package with `npm pack` (checks npm's integrity hashes)."""
    ASSET_DIR.mkdir(exist_ok=True)
    for spec in missing():
        with tempfile.TemporaryDirectory() as tmp:
            name = subprocess.run(["npm", "pack", spec, "--silent", "--pack-destination", tmp],
                                  check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            target = package_dir(spec)
            with tarfile.open(Path(tmp) / name) as archive:
                archive.extractall(tmp, filter="data")
            (Path(tmp) / "package").rename(target)
            print(f"unpacked {spec} -> {target.relative_to(ASSET_DIR.parent)}")


if __name__ == "__main__":
    fetch()
    sys.exit(1 if missing() else 0)
