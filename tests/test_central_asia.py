"""Chapter 4's logic on a small hand-made table whose answers are known."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import central_asia as ca

ROWS = [  # id, date, countries, level, kind
    ("a", "2019-05-01", "AZE;KAZ", "bilateral", "declaration"),
    ("b", "2021-06-01", "AZE;UZB", "bilateral", "memorandum"),
    ("c", "2022-03-01", "AZE;TUR;KAZ", "trilateral", "declaration"),
    ("d", "2022-11-11", "AZE;KAZ;KGZ;TUR;UZB", "institutional", "summit"),
    ("e", "2024-08-21", "AZE;UZB", "bilateral", "treaty"),
    ("f", "2025-01-15", "AZE;KAZ", "bilateral", "memorandum"),
    ("g", "2025-04-30", "AZE;UZB", "bilateral", "implementation"),  # ratification of "e"
]


@pytest.fixture
def agreements():
    frame = pd.DataFrame(ROWS, columns=["agreement_id", "date", "countries", "level", "kind"])
    return frame.assign(date=pd.to_datetime(frame["date"]), title=frame["agreement_id"].str.upper(),
                        commits="something", source_id="src", place="Baku")


def test_a_multilateral_row_counts_for_each_central_asian_participant(agreements):
    rows = ca.by_partner(agreements)
    assert sorted(rows.loc[rows["agreement_id"] == "d", "partner"]) == ["KAZ", "KGZ", "UZB"]
    assert "TUR" not in set(rows["partner"]) and "AZE" not in set(rows["partner"])


def test_counts_by_country_and_level(agreements):
    table = ca.by_country_and_level(agreements)
    # the 2019 declaration is listed but falls outside the counted period
    assert table.loc["Kazakhstan"].to_dict() == {"bilateral": 1, "trilateral": 1, "institutional": 1, "total": 3}
    assert table.loc["Tajikistan", "total"] == 0  # every state has a row, even without agreements


def test_pace_counts_only_the_period_and_splits_at_the_invasion(agreements):
    pace = ca.pace(ca.select(agreements))
    assert (pace.before, pace.after) == (1, 4)  # 2019 is outside the period
    assert pace.per_year_after == pytest.approx(4 / pace.years_after)
    assert "1 before 24 February 2022" in pace.reading("All")


def test_select_by_country_level_and_years(agreements):
    assert list(ca.select(agreements, "UZB", "bilateral")["agreement_id"]) == ["b", "e", "g"]
    assert list(ca.select(agreements, "KAZ", first_year=2022, last_year=2024)["agreement_id"]) == ["c", "d"]
    assert len(ca.select(agreements)) == len(agreements)  # 'all' lists each agreement once


@pytest.mark.parametrize("kwargs, message", [
    ({"country": "RUS"}, "unknown country 'RUS'"),
    ({"level": "global"}, "unknown level 'global'"),
    ({"first_year": 2024, "last_year": 2020}, "reversed"),
])
def test_select_explains_bad_input(agreements, kwargs, message):
    with pytest.raises(ca.AgreementsError, match=message):
        ca.select(agreements, **kwargs)


def test_strongest_kind_ranks_a_treaty_above_a_memorandum(agreements):
    assert ca.strongest_kind(agreements[agreements["agreement_id"].isin(["b", "e"])]) == "treaty"


def test_per_year_chart_is_a_described_svg_that_does_not_change_between_runs(agreements):
    first, second = ca.per_year_chart(agreements).html, ca.per_year_chart(agreements).html
    assert first == second and "<svg" in first and 'role="img"' in first
    assert "2022: 2" in first and "2019" not in first.split("aria-label")[1].split('"')[1]


def test_explorer_answers_its_static_controls_and_its_year_range(agreements):
    explorer = ca.agreements_explorer(agreements)
    (country, level), (first, last) = explorer.children[1].children, explorer.children[2].children
    assert "All five Central Asian states, all levels: 1 before" in explorer.panes.shown()
    country.value, level.value = "UZB", "bilateral"
    assert "Uzbekistan, bilateral level: 1 before" in explorer.panes.shown()
    first.value = 2023
    assert "0 before" in explorer.panes.shown() and ">E<" in explorer.panes.shown()
    country.value = "TJK"
    assert "No bilateral agreements with Tajikistan" in explorer.panes.shown()


def test_an_implementation_step_is_listed_but_not_counted(agreements):
    assert "g" in set(ca.select(agreements, "UZB")["agreement_id"])
    assert "g" not in set(ca.counted(agreements)["agreement_id"])
    assert ca.pace(ca.select(agreements, "UZB")).after == 2  # d (OTS) and e, not g


def test_trade_table_keeps_each_side_and_period_apart():
    trade = pd.DataFrame({"year": [2023, 2023, 2024], "partner": ["Kazakhstan"] * 3, "partner_iso3": ["KAZ"] * 3,
                          "flow": ["turnover"] * 3, "value": [529.4, 300.0, 470.0],
                          "side": ["partner", "azerbaijan", "azerbaijan"], "period": ["full year", "Jan-Oct", "full year"]})
    table = ca.trade_by_country(trade)
    assert table.loc["Kazakhstan", 2023] == "529.4 (partner); 300.0 (AZ, Jan-Oct)"
    assert table.loc["Tajikistan", 2024] == "–"
    assert ca.trade_figure(trade, "KAZ", 2024, "azerbaijan") == 470.0
    with pytest.raises(KeyError, match="no partner turnover for KAZ 2024"):
        ca.trade_figure(trade, "KAZ", 2024, "partner")


def test_projects_table_puts_each_step_in_its_column():
    projects = pd.DataFrame({"milestone_id": ["s_announced", "s_opened"], "project": ["School"] * 2,
                             "country_iso3": ["UZB"] * 2, "place": ["Fuzuli"] * 2, "status": ["announced", "opened"],
                             "date": pd.to_datetime(["2021-04-11", "2023-08-01"]), "date_precision": ["day", "month"]})
    row = ca.projects_table(projects).loc["School"]
    assert (row["announced"], row["opened"], row["foundation laid"], row["funded by"]) == \
        ("11 Apr 2021", "Aug 2023", "–", "Uzbekistan")


def test_a_line_to_a_place_missing_from_places_csv_is_refused():
    places = pd.DataFrame({"place_id": ["baku"], "lat": [40.4], "lon": [49.9]})
    with pytest.raises(ca.maps.MapError, match=r"no place \['astana'\] in data/places.csv"):
        ca._line(places, ["baku", "astana"], "Azerbaijan–Kazakhstan", [])


def test_a_link_tooltip_names_the_strongest_and_the_latest_document_with_dates(agreements):
    label = ca._link_label("Uzbekistan", ca.select(agreements, "UZB", "bilateral"))
    assert label.startswith("Azerbaijan–Uzbekistan, 3 documents and summits. Strongest: E (21 Aug 2024).")
    assert "Latest: G (30 Apr 2025)." in label
