"""The pure logic of chapter 1, on small hand-made tables whose answers are known."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import facts, memberships as ms, timeline

NAMES = {"AZE": "Azerbaijan", "GEO": "Georgia", "RUS": "Russia", "TUR": "Türkiye"}


@pytest.fixture
def organisations():
    return pd.DataFrame({"org_id": ["CST", "CSTO", "OTS", "SCO"],
                         "name": ["Collective Security Treaty", "Collective Security Treaty Organization",
                                  "Organization of Turkic States", "Shanghai Cooperation Organisation"],
                         "short_name": ["CST", "CSTO", "OTS", "SCO"], "founded": [1992, 2002, 2009, 2001],
                         "kind": ["treaty", "security", "political", "security"]})


@pytest.fixture
def memberships():
    rows = [("CST", "AZE", "former_member", 1993, 1999), ("CST", "RUS", "member", 1992, None),
            ("CST", "GEO", "former_member", 1993, 1999), ("CSTO", "RUS", "member", 2002, None), ("OTS", "AZE", "member", 2009, None),
            ("OTS", "TUR", "member", 2009, None), ("SCO", "AZE", "dialogue_partner", 2015, None),
            ("SCO", "RUS", "member", 2001, None), ("SCO", "TUR", "dialogue_partner", 2012, None)]
    frame = pd.DataFrame(rows, columns=["org_id", "country_iso3", "status", "start_year", "end_year"])
    return frame.astype({"start_year": "Int64", "end_year": "Int64"})


def test_a_status_ends_in_its_end_year(memberships):
    assert set(ms.active_in(memberships, 1998)["country_iso3"]) == {"AZE", "GEO", "RUS"}
    assert set(ms.active_in(memberships, 1999)["country_iso3"]) == {"RUS"}


def test_snapshot_puts_azerbaijan_first_and_reads_the_table(memberships, organisations):
    snap = ms.snapshot(memberships, organisations, 2020, ["CSTO", "OTS", "SCO"], NAMES)
    assert list(snap.table.index) == ["Azerbaijan", "Russia", "Türkiye"]
    assert snap.table.loc["Azerbaijan", "OTS"] == "member since 2009"
    assert snap.table.loc["Azerbaijan", "SCO"] == "dialogue partner since 2015"
    assert snap.table.loc["Azerbaijan", "CSTO"] == "–"
    assert "full member of 1 of the 3" in snap.message
    assert "weaker status in SCO" in snap.message and "outside CSTO" in snap.message


def test_an_organisation_founded_later_is_not_one_azerbaijan_stood_outside(memberships, organisations):
    snap = ms.snapshot(memberships, organisations, 1998, ["CST", "CSTO"], NAMES)
    assert snap.table.loc["Azerbaijan", "CST"] == "member since 1993"
    assert "full member of 1 of the 2 selected organisations and treaties (CST)" in snap.message
    assert "not yet founded: CSTO (2002)" in snap.message and "outside CSTO" not in snap.message


def test_snapshot_of_an_empty_selection_explains_itself(memberships, organisations):
    snap = ms.snapshot(memberships, organisations, 2020, [], NAMES)
    assert snap.table.empty and "Select at least one organisation" in snap.message


def test_snapshot_of_a_year_without_members_names_founding_years(memberships, organisations):
    snap = ms.snapshot(memberships, organisations, 1991, ["OTS"], NAMES)
    assert snap.table.empty and "none of the selected organisations" in snap.message
    assert "OTS 2009" in snap.message


def test_snapshot_rejects_an_unknown_organisation(memberships, organisations):
    with pytest.raises(ValueError, match=r"unknown organisation id\(s\) \['NATO'\]"):
        ms.snapshot(memberships, organisations, 2020, ["NATO"], NAMES)


def test_members_of_and_shared_organisations(memberships):
    assert ms.members_of(memberships, 1998, "CST") - ms.members_of(memberships, 2000, "CST") == {"AZE", "GEO"}
    assert ms.members_of(memberships, 2020, "SCO", full_only=False) == {"AZE", "RUS", "TUR"}
    assert ms.shared_organisations(memberships, 2020, "AZE", "TUR") == ["OTS"]
    assert ms.shared_organisations(memberships, 2020, "AZE", "TUR", full_only=False) == ["OTS", "SCO"]
    assert ms.shared_organisations(memberships, 1995, "AZE", "RUS") == ["CST"]


def test_azerbaijan_record_shows_former_and_missing_memberships(memberships, organisations):
    organisations = pd.concat([organisations, pd.DataFrame(
        {"org_id": ["EAEU"], "name": ["Eurasian Economic Union"], "short_name": ["EAEU"], "founded": [2015],
         "kind": ["economic"]})])
    record = ms.azerbaijan_record(memberships, organisations).set_index("abbreviation")
    assert record.loc["CST", "status"] == "former member" and record.loc["CST", "until"] == 1999
    assert record.loc["CSTO", "status"] == "not a member"
    assert record.loc["EAEU", "status"] == "not a member" and pd.isna(record.loc["EAEU", "from"])
    assert list(record.index[:1]) == ["CST"]  # oldest first


def test_explorer_reacts_to_every_control(memberships, organisations):
    explorer = ms.membership_explorer(memberships, organisations, NAMES, year=2020,
                                           org_ids=["CST"], first_year=1991, last_year=2025)
    _, year, picker, _, _ = explorer.children
    assert "<th scope=\"row\">Russia</th>" in explorer.panes.shown() and "<th scope=\"row\">Azerbaijan</th>" not in explorer.panes.shown()
    year.value = 1995
    assert "<th scope=\"row\">Azerbaijan</th>" in explorer.panes.shown() and "member since 1993" in explorer.panes.shown()
    picker.value = ()
    assert "Select at least one organisation" in explorer.panes.shown() and "<table" not in explorer.panes.shown()
    picker.value = ("OTS",)
    year.value = 1991
    assert "none of the selected organisations" in explorer.panes.shown()


def test_timeline_periods_and_filters():
    events = pd.DataFrame({"event_id": ["a", "b", "c"], "theme": ["energy", "energy", "china"],
                           "date": pd.to_datetime(["1994-09-20", "2006-07-13", "2024-07-03"]),
                           "actors": ["AZE", "AZE;TUR;GEO", "AZE;CHN"]})
    table = timeline.events_by_period(events)
    assert table.loc["total", "total"] == 3
    assert table.loc[timeline.period_of(2024), "China"] == 1
    assert list(timeline.filter_events(events, actor="TUR")["event_id"]) == ["b"]
    assert timeline.filter_events(events, themes=["china"], last_year=2020).empty
    with pytest.raises(ValueError, match="outside the course periods"):
        timeline.period_of(1980)


def test_facts_count_and_format(memberships, organisations):
    assert facts.format_date("2020-09-27") == "27 September 2020"
    assert ms.first_year(memberships, "SCO", "TUR") == 2012
    with pytest.raises(KeyError, match="GEO has no status in OTS"):
        ms.first_year(memberships, "OTS", "GEO")
