"""Export scenarios, charts and schematic routes, on hand-made inputs."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from crossroads import charts, energy, routes
from crossroads.data import DataError


def test_path_compounds_the_rate():
    p = energy.path(2021, 8.0, 0.25, until=2024)
    assert list(p["year"]) == [2021, 2022, 2023, 2024]
    assert p["exports"].iloc[-1] == pytest.approx(8.0 * 1.25 ** 3)


def test_required_rate_doubles_in_the_given_years():
    rate = energy.required_rate(8.0, 16.0, 6)
    assert (1 + rate) ** 6 == pytest.approx(2.0)
    with pytest.raises(ValueError, match="must come after"):
        energy.required_rate(8.0, 16.0, 0)


def test_bad_inputs_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="start value must be positive"):
        energy.path(2021, 0, 0.1)
    with pytest.raises(ValueError, match="above -100"):
        energy.path(2021, 5, -1.5)


def test_scenario_on_time_late_never_and_capacity():
    on_time = energy.scenario(2021, 10.0, 0.15, 20.0, 2027, capacity=25.0)
    assert on_time.reached_in == 2026 and "on time" in on_time.message
    assert "Up to 2027 the path stays within the assumed capacity of 25" in on_time.message
    late = energy.scenario(2021, 10.0, 0.05, 20.0, 2027, capacity=12.0)
    assert late.reached_in == 2036 and "9 year(s) late" in late.message
    assert "From 2025 the path exceeds the pipeline capacity of 12" in late.message
    assert "The target itself is above that capacity" in late.message
    never = energy.scenario(2021, 10.0, 0.0, 20.0, 2027)
    assert never.reached_in is None and "do not reach 20 bcm before 2040" in never.message
    assert never.required_rate == pytest.approx(2 ** (1 / 6) - 1)


def series_paths(svg: str) -> list[str]:
    """The path data of each series of a chart, in order (groups ``<key>-series-<n>``)."""
    import re
    return [d for _, d in sorted(re.findall(r'id="[^"]*-series-(\d+)"><path d="([^"]*)"', svg))]


def vertices(path: str) -> int:
    return path.count("M") + path.count("L")


def test_chart_labels_every_series_and_escapes_text():
    svg = charts.line_chart([charts.Series("a<b", [(2020, 1.0), (2021, 2.0)]),
                             charts.Series("target", [(2020, 3.0), (2021, 3.0)], dashed=True)],
                            title="T & t", description="D", y_label="bcm")
    assert "a&lt;b" in svg and "a<b" not in svg and 'aria-label="T &amp; t. D"' in svg
    assert len(series_paths(svg)) == 2 and "stroke-dasharray" in svg
    assert "no data" in charts.line_chart([], title="x", description="", y_label="")


def test_two_charts_on_one_page_share_no_element_id():
    import re
    one = charts.line_chart([charts.Series("x", [(2020, 1.0), (2021, 2.0)])], title="one", description="d", y_label="y")
    two = charts.line_chart([charts.Series("x", [(2020, 1.0), (2021, 2.0)])], title="two", description="d", y_label="y")
    ids_one, ids_two = (re.findall(r'\sid="([^"]+)"', chart) for chart in (one, two))
    assert ids_one and not set(ids_one) & set(ids_two)
    references = re.findall(r'(?:href="#|url\(#)([^")]+)', one)
    assert references and set(references) <= set(ids_one), "every reference points inside its own chart"


def test_scenario_explorer_reacts_to_both_pickers():
    history = {2021: 8.0, 2022: 11.0, 2023: 12.0}
    explorer = energy.export_scenario_explorer(history, target=20.0, target_year=2027,
                                                capacities={"design 15": 15.0, "none": None}, rate=0.1)
    start, rate = explorer.children[1].children
    capacity = explorer.children[2]
    assert start.value == 2023 and "Starting from 12.0 bcm in 2023" in explorer.panes.shown()
    assert "From 2026 the path exceeds the pipeline capacity of 15" in explorer.panes.shown()
    rate.value = 0.0
    assert "do not reach 20 bcm" in explorer.panes.shown() and "<svg" in explorer.panes.shown()
    start.value = 2021
    assert "Starting from 8.0 bcm in 2021" in explorer.panes.shown()
    capacity.value = "none"
    assert "capacity" not in explorer.panes.shown().split("<svg")[0]
    with pytest.raises(ValueError, match="no export figure before the target year"):
        energy.export_scenario_explorer({2030: 1.0}, target=20, target_year=2027, capacities={}, rate=0)


def test_recorded_exports_above_the_capacity_figure_are_explained():
    result = energy.scenario(2025, 12.8, 0.1, 20.0, 2027, capacity=10.0)
    assert "already exceed the 10 bcm capacity figure" in result.message


def test_chart_axis_covers_the_highest_value():
    """The highest point lies inside the plot area, not above it."""
    import re
    svg = charts.line_chart([charts.Series("x", [(2020, 1.0), (2021, 23.7)])], title="t",
                            description="d", y_label="y")
    top = min(float(y) for y in re.findall(r"[ML] [\d.]+ ([\d.]+)", series_paths(svg)[0]))
    plot_top = float(re.search(r'<path d="M [\d.]+ [\d.]+ L [\d.]+ [\d.]+ L [\d.]+ ([\d.]+)', svg.split("</g>", 1)[1]).group(1))
    assert top >= plot_top


def test_routes_take_coordinates_from_places():
    places = pd.DataFrame({"place_id": ["a", "b"], "lon": [49.9, 44.8], "lat": [40.4, 41.7]})
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"waypoints": "a; b"}, "geometry": None}]}
    line = routes.synced(collection, places, "x.geojson")["features"][0]["geometry"]
    assert line == {"type": "LineString", "coordinates": [[49.9, 40.4], [44.8, 41.7]]}
    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"waypoints": "a;zz"}, "geometry": None}]}
    with pytest.raises(DataError, match=r"x\.geojson, feature 1: waypoint 'zz' is not a place_id"):
        routes.synced(bad, places, "x.geojson")
    assert not math.isnan(line["coordinates"][0][0])


def test_a_missing_year_breaks_the_line():
    svg = charts.line_chart([charts.Series("x", [(2018, 1.0), (2019, 2.0), (2021, 3.0)])],
                            title="t", description="d", y_label="y")
    assert series_paths(svg)[0].count("M") == 2, "2018–2019, then 2021 on its own"


def test_every_series_of_two_or_more_points_is_drawn_as_a_line():
    """Bug: target and capacity lines were one-point polylines, so only their labels showed."""
    history = {2021: 8.2, 2022: 11.4, 2023: 11.8, 2024: 12.9, 2025: 12.8}
    svg = energy.scenario_html(history, 2025, 0.1, target=20.0, target_year=2027, capacity=10.0)
    paths = series_paths(svg)
    assert len(paths) == 4, "recorded, projected, target and capacity"
    assert all(vertices(path) >= 2 for path in paths), [vertices(path) for path in paths]
    reference = charts.line_chart([charts.Series("target", [(2018, 20.0), (2030, 20.0)], dashed=True)],
                                  title="t", description="d", y_label="y")
    assert [vertices(path) for path in series_paths(reference)] == [2]


def test_no_capacity_limit_is_shown_as_the_selected_option():
    """Bug: choosing "no capacity limit" (value None) left the drop-down showing nothing."""
    explorer = energy.export_scenario_explorer({2024: 12.9, 2025: 12.8}, target=20.0, target_year=2027,
                                                capacities={"design 10": 10.0, "no capacity limit": None},
                                                rate=0.1)
    capacity = explorer.children[2]
    capacity.value = "no capacity limit"
    assert capacity.index == 1 and capacity.label == "no capacity limit"
    assert "capacity" not in explorer.panes.shown().split("<svg")[0]
