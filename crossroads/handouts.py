"""Print each chapter of the built book to PDF: a student handout and an instructor copy.

    python -m crossroads.handouts                     # every chapter, from _build/html
    python -m crossroads.handouts 06_reading_the_sources

Needs the built book (the README's build command), Chromium (Debian's ``chromium``) and
Playwright (``pip install -r tests/browser/requirements.txt``). Each page is served from
127.0.0.1 with every other request blocked, scrolled to the end so that its maps and
explorers render (in their default state), then printed with the book's print style sheet:
the student copy hides every solution; the instructor copy (``html.crossroads-instructor``)
shows them open. PDFs go to ``_build/handouts/{student,instructor}/``.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .benchmark import serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "handouts"
VERSIONS = ("student", "instructor")


def chapter_pages(site: Path = SITE) -> list[str]:
    """The built chapter pages, in order (their names without .html)."""
    pages = sorted(p.stem for p in (site / "chapters").glob("[0-9][0-9]_*.html"))
    if not pages:
        raise SystemExit(f"no chapter pages in {site}/chapters: build the book first (see the README)")
    return pages


def chromium() -> str:
    """Debian's Chromium, which Playwright drives (its own browser download is not used)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Chromium not found: install Debian's 'chromium' package (see the README)")
    return path


def render(page, url: str, version: str) -> None:
    """Open ``url``, let every map and explorer render, and set up the version's print style."""
    page.goto(url, wait_until="load")
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 900, 900):  # lazy maps and explorers load as they come into view
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(150)
    page.wait_for_timeout(2500)
    if version == "instructor":
        page.evaluate("document.documentElement.classList.add('crossroads-instructor');"
                      "document.querySelectorAll('.solution.toggle-hidden')"
                      ".forEach(e => e.classList.remove('toggle-hidden'))")  # open them, as a click does
    page.evaluate("window.scrollTo(0, 0)")


def print_chapters(names=(), site: Path = SITE, out: Path = OUT) -> list[Path]:
    """Write the student and instructor PDF of each chapter; return their paths."""
    from playwright.sync_api import sync_playwright

    names = list(names) or chapter_pages(site)
    origin, server = serve(site)
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
            for name in names:
                for version in VERSIONS:
                    render(page, f"{origin}/chapters/{name}.html", version)
                    target = out / version / f"{name}.pdf"
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.emulate_media(media="print")
                    page.pdf(path=str(target), format="A4", print_background=True,
                             margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
                    page.emulate_media(media="screen")
                    written.append(target)
            browser.close()
    finally:
        server.shutdown()
    return written


def main(argv: list[str]) -> int:
    for path in print_chapters(argv):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
