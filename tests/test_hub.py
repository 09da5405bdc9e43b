"""The nbgitpuller links of the hub page: their form, for every chapter."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from crossroads import hub
from repo import ROOT

CHAPTERS = sorted(p.name for p in (ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def test_every_chapter_has_a_well_formed_link():
    repo, branch = hub.repository()
    table = hub.links_table("https://jupyter.example.ac.uk/")
    assert len(table) == len(CHAPTERS) == 7
    for chapter, link in zip(CHAPTERS, table["link"]):
        parsed = urlparse(link)
        assert (parsed.scheme, parsed.netloc, parsed.path) == ("https", "jupyter.example.ac.uk",
                                                               "/hub/user-redirect/git-pull")
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        assert query == {"repo": repo, "branch": branch,
                         "urlpath": f"lab/tree/{repo.rsplit('/', 1)[-1]}/chapters/{chapter}"}
        assert (ROOT / "chapters" / chapter).exists()


def test_a_hub_address_that_is_not_a_url_is_refused_clearly():
    with pytest.raises(hub.HubError, match="expected a URL such as https://hub.example.edu"):
        hub.nbgitpuller_link("hub.example.edu", "chapters/01_balancing_between_blocs.ipynb")


def test_the_hub_page_stores_one_link_per_chapter():
    nb = json.loads((ROOT / "chapters/appendix/running_on_a_hub.ipynb").read_text(encoding="utf-8"))
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"]
                   if c["cell_type"] == "code" for o in c["outputs"])
    for chapter in CHAPTERS:
        assert html.count(f"chapters%2F{chapter}") == 2, chapter  # the link and its text


def test_the_command_prints_the_links_and_refuses_a_bad_address(capsys):
    assert hub.main(["https://hub.example.edu"]) == 0
    assert capsys.readouterr().out.count("git-pull?repo=") == len(CHAPTERS)
    assert hub.main(["not a url"]) == 2
