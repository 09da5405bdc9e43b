"""Measure what the course promises about speed and size, and print it.

    python -m crossroads.benchmark

Re-executes each chapter notebook into a temporary copy (timing it), builds the
book into a temporary folder (timing it), and reports the size of every notebook
and built page. Nothing in the repository is modified. The numbers are reported,
not enforced: see the README for the targets.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .execute import CHAPTERS, execute, notebooks

ROOT = CHAPTERS.parent


def main() -> int:
    print(f"{'notebook':55} {'run (s)':>8} {'size (KiB)':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for path in notebooks():
            copy = Path(tmp) / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, copy)
            seconds = execute(copy)
            print(f"{str(path.relative_to(ROOT)):55} {seconds:8.1f} {path.stat().st_size / 1024:11.0f}")
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
                        "--all", "--path-output", tmp, "-W", "-n", "--keep-going"],
                       check=True, capture_output=True)
        print(f"\nbook build (--all): {time.perf_counter() - start:.1f} s")
        html = Path(tmp) / "_build" / "html"
        total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
        print(f"built site: {total / 1024 / 1024:.1f} MiB")
        for page in sorted((html / "chapters").rglob("*.html")):
            print(f"  {str(page.relative_to(html)):53} {page.stat().st_size / 1024:8.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
