"""Measure what the course promises about speed, size and accessibility, and print it.

    python -m crossroads.benchmark            # run times, notebook and page sizes
    python -m crossroads.benchmark --audit    # and Lighthouse + pa11y on every page

Re-executes each chapter notebook into a temporary copy of ``chapters/`` (timing it),
builds the book into a temporary folder (timing it), and reports the size of every
notebook and built page. With ``--audit`` it serves the built book on 127.0.0.1 with
gzip (as a web host would) and runs, on every page, Lighthouse (desktop preset:
performance and accessibility scores, bytes transferred) and pa11y (WCAG 2 AA errors),
both from npm at pinned versions in Debian's Chromium, with map tiles blocked. The audit
needs Node.js, npm and ``/usr/bin/chromium``; the tools are installed on first use into
``_build/audit-tools``. Nothing in the repository is modified; the numbers are reported,
not enforced (see the README for the targets).
"""
from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .execute import CHAPTERS, execute, notebooks
from .vendor import WIDGET_MANAGER

ROOT = CHAPTERS.parent
TOOLS = ROOT / "_build" / "audit-tools"
NPM_TOOLS = ["lighthouse@12.2.3", "pa11y@9.0.1"]  # the newest releases that run on Node 20
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as GitHub Pages does)."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or path.suffix not in COMPRESSIBLE:
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(folder: Path):
    """Serve ``folder`` on a free loopback port; returns (origin, server)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def install_tools() -> Path:
    """npm-install Lighthouse and pa11y into _build/audit-tools (no browser download)."""
    binaries = TOOLS / "node_modules" / ".bin"
    if not (binaries / "lighthouse").exists() or not (binaries / "pa11y").exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS), "-E", *NPM_TOOLS],
                       check=True, capture_output=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return binaries


def lighthouse(binaries: Path, url: str) -> dict:
    """Performance and accessibility scores (0-100) and bytes transferred, desktop preset."""
    done = subprocess.run(
        [str(binaries / "lighthouse"), url, "--preset=desktop", "--only-categories=performance,accessibility",
         "--output=json", "--output-path=stdout", "--quiet", "--blocked-url-patterns=*tile.openstreetmap.org*",
         f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    report = json.loads(done.stdout)
    audits = report["audits"]
    return {"performance": round(100 * report["categories"]["performance"]["score"]),
            "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
            "transfer_kib": round(audits["total-byte-weight"]["numericValue"] / 1024),
            "blocking_ms": round(audits["total-blocking-time"]["numericValue"]),
            "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2)}


def pa11y(binaries: Path, url: str, config: Path) -> list[dict]:
    """pa11y's WCAG 2 AA errors for one page."""
    done = subprocess.run([str(binaries / "pa11y"), "--config", str(config), "--standard", "WCAG2AA",
                           "--reporter", "json", url], capture_output=True, text=True, timeout=300)
    return [issue for issue in json.loads(done.stdout or "[]") if issue.get("type") == "error"]


def audit(html: Path) -> None:
    """Lighthouse and pa11y on every page of a built book."""
    binaries = install_tools()
    origin, server = serve(html)
    config = html.parent / "pa11y.json"
    config.write_text(json.dumps({"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROME_FLAGS},
                                  "timeout": 120000, "wait": 1500,
                                  "hideElements": "figure.crossroads-map iframe"}), encoding="utf-8")
    pages = ["index.html"] + sorted(str(p.relative_to(html)) for p in (html / "chapters").rglob("*.html"))
    manager = html / "_static" / "vendor" / WIDGET_MANAGER
    lazy = len(gzip.compress(manager.read_bytes(), compresslevel=6)) / 1024
    print(f"\nLighthouse counts what a page loads at first. A page with an explorer loads the widget "
          f"manager ({lazy:.0f} KiB gzipped) when the reader scrolls near it: add that for the total.")
    print(f"\n{'page':45} {'perf':>5} {'a11y':>5} {'KiB sent':>9} {'TBT ms':>7} {'LCP s':>6} {'pa11y errors':>13}")
    try:
        for page in pages:
            scores = lighthouse(binaries, f"{origin}/{page}")
            errors = pa11y(binaries, f"{origin}/{page}", config)
            print(f"{page:45} {scores['performance']:5} {scores['accessibility']:5} {scores['transfer_kib']:9} "
                  f"{scores['blocking_ms']:7} {scores['lcp_s']:6} {len(errors):13}")
            for error in errors:
                print(f"    pa11y: {error['code']}: {error['message'][:120]} ({error['selector'][:60]})")
    finally:
        server.shutdown()


def main(argv: list[str]) -> int:
    print(f"{'notebook':55} {'run (s)':>8} {'size (KiB)':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        # A copy of the whole tree: the text links pages relative to each notebook.
        shutil.copytree(CHAPTERS, Path(tmp) / "chapters", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for path in notebooks():
            seconds = execute(Path(tmp) / path.relative_to(ROOT))
            print(f"{str(path.relative_to(ROOT)):55} {seconds:8.1f} {path.stat().st_size / 1024:11.0f}")
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
                        "--all", "--path-output", tmp, "-W", "-n", "--keep-going"],
                       check=True, capture_output=True)
        print(f"\nbook build (--all): {time.perf_counter() - start:.1f} s")
        html = Path(tmp) / "_build" / "html"
        total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
        print(f"built site: {total / 1024 / 1024:.1f} MiB")
        print(f"  {'page':53} {'KiB':>8} {'gzip KiB':>9}")
        for page in sorted((html / "chapters").rglob("*.html")):
            raw = page.read_bytes()
            print(f"  {str(page.relative_to(html)):53} {len(raw) / 1024:8.0f} "
                  f"{len(gzip.compress(raw, compresslevel=6)) / 1024:9.0f}")
        if "--audit" in argv:
            audit(html)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
