"""Trade views, shares and corridors, on hand-made tables."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import claims, corridors, data, maps, trade

ROWS = [  # year, partner, flow, value, side, period
    (2021, "China", "turnover", 1800.0, "azerbaijan", "full year"),
    (2022, "China", "turnover", 2100.0, "azerbaijan", "full year"),
    (2022, "China", "turnover", 2200.0, "azerbaijan", "full year"),
    (2023, "China", "turnover", 3100.0, "partner", "full year"),
    (2023, "China", "imports", 2500.0, "azerbaijan", "Jan-Nov"),
    (2021, "World", "turnover", 36000.0, "azerbaijan", "full year"),
    (2022, "World", "turnover", 52500.0, "azerbaijan", "full year"),
    (2022, "Italy", "turnover", 15000.0, "azerbaijan", "full year"),
]


@pytest.fixture
def table():
    frame = pd.DataFrame(ROWS, columns=["year", "partner", "flow", "value", "side", "period"])
    return frame.assign(rank=pd.NA, source_id="s")


def test_series_keeps_sides_and_full_years_apart(table):
    assert trade.series(table, "China", "turnover", "azerbaijan") == {2021: 1800.0, 2022: 2100.0}
    assert trade.series(table, "China", "turnover", "partner") == {2023: 3100.0}
    assert trade.series(table, "China", "imports", "azerbaijan") == {}  # part-year only
    assert trade.other_figures(table, "China", "turnover", "azerbaijan") == {2022: [2200.0]}


def test_china_share_divides_figures_of_one_side(table):
    shares = trade.china_share(table, "turnover")
    assert shares.loc[2021] == pytest.approx(0.05) and shares.loc[2022] == pytest.approx(0.04)


def test_view_reads_the_table_and_names_gaps_and_doubles(table):
    v = trade.view(table, ["China", "Italy"], "turnover", 2021, 2023, "azerbaijan")
    assert list(v.table.index) == [2021, 2022] and v.table.loc[2022, "Italy"] == 15000.0
    assert "largest was Italy" in v.message and "No figure for 2023" in v.message
    assert "China 2022 (also 2,200)" in v.message and "4.0% in 2022" in v.message


def test_view_answers_every_choice_with_a_message(table):
    assert "Select at least one partner" in trade.view(table, [], "turnover", 2021, 2022, "azerbaijan").message
    assert "is empty" in trade.view(table, ["China"], "turnover", 2023, 2021, "azerbaijan").message
    assert "no full-year exports" in trade.view(table, ["China"], "exports", 2021, 2023, "azerbaijan").message
    with pytest.raises(ValueError, match=r"unknown partner\(s\) \['Atlantis'\]"):
        trade.view(table, ["Atlantis"], "turnover", 2021, 2022, "azerbaijan")
    with pytest.raises(ValueError, match="unknown flow"):
        trade.view(table, ["China"], "barter", 2021, 2022, "azerbaijan")


def test_trade_explorer_reacts_to_its_controls(table):
    explorer = trade.trade_explorer(table, partners=["China"], years=(2021, 2023))
    partners, flow_side, years = explorer.children[1], explorer.children[3], explorer.children[4]
    assert "<svg" in explorer.panes.shown() and "China" in explorer.panes.shown()
    flow_side.children[1].value = "partner"
    assert "3,100" in explorer.panes.shown()
    partners.value = ()
    assert "Select at least one partner" in explorer.panes.shown() and "<svg" not in explorer.panes.shown()
    partners.value = ("China",)
    years.children[0].value = 2023
    years.children[1].value = 2021
    assert "is empty" in explorer.panes.shown()


def test_trade_explorer_names_the_share_table_once(table):
    """Bug: the share table repeated its caption as its column heading."""
    from bs4 import BeautifulSoup

    explorer = trade.trade_explorer(table, partners=["China"])
    soup = BeautifulSoup(explorer.panes.shown(), "html.parser")
    share = [t for t in soup.find_all("table") if "share" in t.caption.get_text()]
    assert len(share) == 1
    headings = [th.get_text() for th in share[0].find_all("th")]
    assert not any("Azerbaijan's total" in h for h in headings), headings


def test_statements_list_every_figure_of_a_year(table):
    rows = trade.statements(table, "China", 2023)
    assert sorted(rows["side"]) == ["azerbaijan", "partner"] and "Jan-Nov" in set(rows["period"])


def test_claims_table_and_verdicts():
    frame = pd.DataFrame({"seed_source_id": ["a", "a", "b"], "claim": ["x", "y", "z"],
                          "verdict": ["supported", "not supported", "supported"],
                          "evidence_summary": ["e"] * 3, "source_id": ["s"] * 3})
    assert list(claims.claims_table(frame, "a")["claim"]) == ["x", "y"]
    assert claims.verdict_counts(frame).to_dict() == {"supported": 2, "partly supported": 0,
                                                      "too early to tell": 0, "not supported": 1}
    with pytest.raises(ValueError, match="no claims from 'c'"):
        claims.claims_table(frame, "c")


def test_corridor_map_has_one_layer_per_family_and_mode_and_refuses_unknown_ids():
    routes, places = data.load("corridors"), data.load("places")
    page = corridors.corridors_map(routes, places, title="t", caption="c",
                                   families=["middle_corridor"]).html(inline=False)
    assert "Middle Corridor (Trans-Caspian route): rail" in page and "sea leg" in page
    assert "Northern route" not in page and "Bandar Abbas" not in page
    with pytest.raises(maps.MapError, match="belongs to no layer"):
        corridors.family("silk_road_2")
