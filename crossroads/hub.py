"""Links that open each chapter on a JupyterHub, through nbgitpuller.

A link ``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...`` makes the hub
clone (or update) this repository in the student's home folder, then open the notebook in
JupyterLab. nbgitpuller clones into a folder named after the repository, so ``urlpath``
starts with that name. The repository address is the one the book's launch buttons use
(``repository`` in ``_config.yml``).
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_HUB = "https://hub.example.edu"  # replace with your own hub's address


class HubError(ValueError):
    """A hub address or notebook the links cannot be made for."""


def repository(config: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """The repository URL and branch from the book's configuration."""
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))["repository"]
    return settings["url"].rstrip("/"), settings.get("branch", "main")


def checked_hub(hub_url: str) -> str:
    """The hub's address without a trailing slash; HubError unless it is an http(s) URL."""
    parsed = urlparse(hub_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise HubError(f"hub address {hub_url!r}: expected a URL such as {EXAMPLE_HUB}")
    return hub_url.rstrip("/")


def nbgitpuller_link(hub_url: str, notebook: str, repo: str | None = None, branch: str | None = None) -> str:
    """The link that opens ``notebook`` (a path inside the repository) on the hub."""
    default_repo, default_branch = repository()
    repo, branch = repo or default_repo, branch or default_branch
    folder = repo.rsplit("/", 1)[-1].removesuffix(".git")
    query = urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"})
    return f"{checked_hub(hub_url)}/hub/user-redirect/git-pull?{query}"


def chapters(root: Path = ROOT) -> list[tuple[str, str]]:
    """(path, title) of every chapter notebook, in order; the title is its first heading."""
    found = []
    for path in sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb")):
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
        heading = "".join(first).splitlines()[0]
        found.append((path.relative_to(root).as_posix(), heading.lstrip("# ").strip()))
    return found


def links_table(hub_url: str = EXAMPLE_HUB) -> pd.DataFrame:
    """One row per chapter: its number and title, and the link that opens it on ``hub_url``."""
    rows = [{"chapter": f"{i}. {title}", "link": nbgitpuller_link(hub_url, path)}
            for i, (path, title) in enumerate(chapters(), start=1)]
    return pd.DataFrame(rows)


def links_html(hub_url: str = EXAMPLE_HUB):
    """The links as an HTML table with clickable, escaped links (for the hub page)."""
    from html import escape

    from IPython.display import HTML

    rows = "".join(f'<tr><td>{escape(r.chapter)}</td><td><a href="{escape(r.link)}">open on the hub</a>'
                   f"<br><code>{escape(r.link)}</code></td></tr>" for r in links_table(hub_url).itertuples())
    return HTML(f'<table class="crossroads-table"><caption>nbgitpuller links for {escape(checked_hub(hub_url))}'
                f'</caption><thead><tr><th scope="col">chapter</th><th scope="col">link</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>")


def main(argv: list[str]) -> int:
    """``python -m crossroads.hub https://your.hub`` prints every chapter's link for that hub."""
    import sys

    if len(argv) != 1:
        print(f"usage: python -m crossroads.hub HUB_URL   (for example {EXAMPLE_HUB})", file=sys.stderr)
        return 2
    try:
        table = links_table(argv[0])
    except HubError as error:
        print(error, file=sys.stderr)
        return 2
    for row in table.itertuples():
        print(f"{row.chapter}\n  {row.link}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
