"""The data package is valid, complete and sourced."""
from __future__ import annotations

import csv

import re

import pandas as pd
import pytest
import yaml
from frictionless import Package

from crossroads import bib, data
from repo import DATA, ROOT


def test_frictionless_validates_the_package():
    report = Package(str(DATA / "datapackage.json")).validate()
    errors = report.flatten(["rowNumber", "fieldName", "type", "note"]) if not report.valid else []
    assert report.valid, errors[:10]


def test_every_file_in_data_is_described():
    described = {r["path"] for r in data.read_descriptor()["resources"]}
    on_disk = {p.name for p in DATA.iterdir() if p.name != "datapackage.json"}
    assert on_disk == described


@pytest.mark.parametrize("name", data.resource_names())
def test_every_resource_loads_and_every_source_id_resolves(name):
    # load() raises DataError on any unresolved source_id or foreign key.
    loaded = data.load(name)
    rows = loaded["features"] if isinstance(loaded, dict) else loaded.to_dict("records")
    assert len(rows) > 0
    sources = set(data.load("sources")["source_id"])
    for row in rows:
        source_id = row["properties"]["source_id"] if isinstance(loaded, dict) else row["source_id"]
        assert source_id in sources


def test_every_table_row_carries_a_source_id():
    for name in data.resource_names():
        resource = data.describe(name)
        if resource.get("format") == "geojson":
            assert "source_id" in resource["x-feature-properties"]
        else:
            fields = [f["name"] for f in resource["schema"]["fields"]]
            assert "source_id" in fields, name


def test_every_source_but_a_seed_article_has_an_address():
    sources = data.load("sources")
    missing = sources[sources["url"].isna() & (sources["kind"] != "seed_article")]
    assert missing.empty, list(missing["source_id"])


def test_every_source_is_used_or_cited():
    """A source nobody uses is a sign of a deleted row or a typo in an id."""
    used = set()
    for name in data.resource_names():
        loaded = data.load(name)
        if isinstance(loaded, dict):
            used |= {f["properties"]["source_id"] for f in loaded["features"]}
            used |= {s for f in loaded["features"] for s in str(f["properties"].get("see_also") or "").split(";")}
        elif name != "sources":
            for column in [c for c in loaded.columns if c.endswith("source_id")]:
                used |= set(loaded[column].dropna())
            if "see_also" in loaded.columns:
                used |= {s for v in loaded["see_also"].dropna() for s in v.split(";")}
            if "note" in loaded.columns:  # a note may point to a supporting source
                used |= {k for n in loaded["note"].dropna() for k in re.findall(r"[a-z0-9_]{6,}", n)}
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "chapters").rglob("*")
             if p.suffix in {".ipynb", ".md"}]
    cited = {key for text in texts for key in re.findall(r"[a-z0-9_]{6,}", text)}
    unused = set(data.load("sources")["source_id"]) - used - cited
    assert not unused, f"sources neither used in data nor cited: {sorted(unused)}"


def test_every_figure_is_dated():
    for name, column in [("memberships", "start_year"), ("events", "date"),
                         ("partners", "key_document_date")]:
        assert data.load(name)[column].notna().all(), name


def test_references_bib_is_generated_from_sources():
    committed = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert committed == bib.render(data.load("sources")), \
        "references.bib is stale: run `python -m crossroads.bib`"


def test_readme_binder_link_uses_the_configured_repository():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"mybinder.org/v2/gh/{url}/" in readme


def test_requirements_are_exact_pins_and_jupyter_book_1():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    for line in lines:
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.]*", line), line
    book = next(l for l in lines if l.startswith("jupyter-book=="))
    assert book.split("==")[1].startswith("1."), "the course needs Jupyter Book 1.x"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"


def test_memberships_end_after_they_start():
    m = data.load("memberships")
    ended = m[m["end_year"].notna()]
    bad = ended[ended["end_year"] < ended["start_year"]]
    assert bad.empty, bad.to_dict("records")


def test_route_files_are_in_step_with_places():
    """Each schematic line passes exactly through its named waypoints (python -m crossroads.routes)."""
    from crossroads import routes
    places = data.load("places")
    for name in data.resource_names():
        resource = data.describe(name)
        if "waypoints" in resource.get("x-feature-properties", []):
            committed = data.load(name)
            assert committed == routes.synced(committed, places, resource["path"]), \
                f"{resource['path']} is stale: run python -m crossroads.routes {name}"


TWO_SOURCE_TABLES = ["events", "memberships", "partners", "claims", "energy_figures", "agreements",
                     "karabakh_projects", "transport_figures", "route_legs", "outlets", "investment"]
# Issue 10's goal: at least 90 % of rows with two sources. Energy figures fall short because
# several are rival figures kept side by side (2 % or 2.4 %), each with one source; transport
# figures because many port and cargo figures have only their operator's or ministry's word.
AT_GOAL = ["events", "memberships", "partners", "claims", "agreements", "karabakh_projects"]


def test_two_source_rule_is_recorded_on_every_row(capsys):
    """Each row has a second source or a single-source mark; the counts are reported."""
    from crossroads import data as loader

    coverage = loader.two_source_coverage()  # the loader refuses a row with neither, or both
    assert sorted(coverage.index) == sorted(f"data/{t}.csv" for t in TWO_SOURCE_TABLES)
    with capsys.disabled():
        print("\n" + coverage.to_string())
    for name in AT_GOAL:
        row = coverage.loc[f"data/{name}.csv"]
        assert row["with a second source"] >= 0.9 * row["rows"], (name, row.to_dict())


def test_a_row_without_second_source_or_mark_is_refused(data_copy):
    import pytest
    from crossroads import data as loader

    path = data_copy / "partners.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["see_also"] = rows[0]["single_source"] = ""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(loader.DataError, match=r"partners\.csv, line 2, column 'see_also'/'single_source'.*neither"):
        loader.load("partners", data_copy)
