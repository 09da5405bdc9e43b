"""Chapter 7: the indicators read from data, the scenario matching and the explorer."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from crossroads import synthesis as sy


@pytest.fixture(scope="module")
def d():
    return sy.load()


@pytest.fixture(scope="module")
def latest(d):
    return sy.indicators(d)


def test_bands_put_a_bound_in_the_upper_level():
    levels = ("low", "mid", "high")
    assert [sy.band(v, (12, 20), levels) for v in (11.99, 12, 19.9, 20)] == ["low", "mid", "mid", "high"]


def test_every_indicator_comes_from_the_data_with_a_source_that_resolves(d, latest):
    from crossroads import data

    known = set(data.load("sources")["source_id"])
    assert set(latest) == set(sy.BY_KEY)
    for key, indicator in latest.items():
        assert indicator.source_id in known, key
        assert indicator.level in sy.BY_KEY[key].levels, key


def test_the_latest_values_are_the_datas_latest(d, latest):
    from crossroads import corridors, energy

    gas = energy.official_series(d["gas_exports"], "Europe")
    assert latest["gas"].value == f"{gas[max(gas)]:g} bcm" and latest["gas"].when == str(max(gas))
    cargo = corridors.series(d["transport_figures"], "middle_tonnes")
    assert latest["cargo"].value == f"{cargo[max(cargo)]:g} million t"
    assert latest["peace"].when == "8 August 2025" and "initialled" in latest["peace"].value


def test_a_later_peace_step_or_a_new_bloc_membership_moves_the_level(d):
    events = d["events"]
    earlier = events[events["event_id"] != "washington_summit_peace_initialled"]
    assert sy.peace_indicator(earlier).when == "13 March 2025"
    joined = pd.concat([d["memberships"], pd.DataFrame([{"org_id": "EAEU", "country_iso3": "AZE",
                                                          "status": "member", "start_year": 2025}])])
    assert sy.russia_indicator(joined, d["trade"], 2025).level == sy.BY_KEY["russia"].levels[0]


def test_missing_data_gets_a_clear_error(d):
    with pytest.raises(sy.ScenarioError, match="none of the peace-process events"):
        sy.peace_indicator(d["events"].iloc[:0])
    with pytest.raises(sy.ScenarioError, match="investment.csv needs cumulative rows"):
        sy.china_indicator(d["investment"][d["investment"]["measure"] == "flow"])
    with pytest.raises(sy.ScenarioError, match="middle_tonnes_target_2027"):
        sy.cargo_indicator(d["transport_figures"][d["transport_figures"]["figure_id"] != "middle_tonnes_target_2027"])


def test_matching_lists_the_unmet_conditions_and_refuses_unknown_levels():
    chosen = {d.key: d.levels[1] for d in sy.DRIVERS}
    found = dict((s.key, unmet) for s, unmet in sy.matching(chosen))
    assert found["balancing_as_before"] == [] and found["open_crossroads"] == ["peace"]
    with pytest.raises(sy.ScenarioError, match="problem with"):
        sy.matching({**chosen, "gas": "a lot"})
    with pytest.raises(sy.ScenarioError):
        sy.matching({"gas": sy.BY_KEY["gas"].levels[0]})


def test_every_scenario_needs_known_levels_and_no_two_are_the_same():
    for scenario in sy.SCENARIOS:
        for key, fits in scenario.needs.items():
            assert fits <= set(sy.BY_KEY[key].levels), (scenario.key, key)
    assert len({tuple(sorted((k, tuple(sorted(v))) for k, v in s.needs.items())) for s in sy.SCENARIOS}) == len(sy.SCENARIOS)


def test_the_default_state_fits_a_scenario_and_every_pane_marks_conditions_in_words(latest):
    box = sy.scenario_explorer(latest)
    assert len(box.panes.leaves) == sy.n_panes() == 3 ** len(sy.DRIVERS)
    assert "Your settings fit <strong>Balancing as before</strong>" in box.panes.shown()
    for pane in box.panes.leaves.values():
        assert pane.value.count("<li><strong>") == len(sy.SCENARIOS)
        assert "✓ met" in pane.value or "✗ not met" in pane.value
    assert "every answer is in the page" in box.children[0].value  # no kernel-only control


def test_moving_a_control_changes_the_pane_in_python_too(latest):
    box = sy.scenario_explorer(latest)
    peace, cargo = box.panes.controls[0], box.panes.controls[2]
    peace.value, cargo.value = peace.options[0], cargo.options[0]
    assert "Your settings fit <strong>Closed crossroads</strong>" in box.panes.shown()


def test_the_explorer_shows_each_latest_value_with_its_source(latest):
    text = sy.latest_html(latest)
    for indicator in latest.values():
        assert indicator.source_id in text
    assert "<script" not in sy.latest_html({**latest, "gas": sy.Indicator("gas", "<script>", "x", "s", "l", "")})


def test_the_movement_table_keeps_units_apart_and_cites_each_latest_value(d):
    table = sy.movement_table(d)
    assert table.loc["gas to Europe, bcm (Azerbaijan's count)", "latest"] == "12.8 (2025)"
    assert table.loc["Middle Corridor cargo, million t", "then"] == "0.586 (2021)"  # flows from 2021
    assert all(re.fullmatch(r"[a-z0-9_;., :]+|.*\.csv.*", s) for s in table["source of latest"])


def test_chapter_facts_are_the_datas(d):
    facts = sy.chapter_facts(d)
    assert facts["scenario_today"] == "Balancing as before"
    assert facts["n_orgs_latest"] == facts["n_orgs_2020"] + 1 and facts["newest_org"] == "D-8"
    assert str(facts["gas_rate_needed"]) == "25%" and facts["cargo_target"] == 10.0
    assert str(facts["cargo_change_last"]) == "fell by 8%"


def test_the_upper_bounds_of_the_levels_are_the_datas_figures(d):
    from crossroads import energy

    assert sy.GAS_BANDS[1] == energy.figure(d["energy_figures"], "eu_mou_target")["value"]
    target = d["transport_figures"].set_index("figure_id").loc["middle_tonnes_target_2027", "value"]
    assert sy.CARGO_BANDS[1] == target
    assert sy.CHINA_BANDS[1] == sy.cumulative(d["investment"], "AZE", "CHN").iloc[-1]["value"]
