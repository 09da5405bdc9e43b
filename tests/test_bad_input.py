"""Bad data stops with a clear message (file, line, column, expectation), never silently."""
from __future__ import annotations

import json

import pytest

from crossroads import data, maps, memberships as ms
from crossroads.data import DataError
from repo import DATA, tree_digest


def rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_malformed_csv_row_names_file_and_line(data_copy):
    rewrite(data_copy / "places.csv", "baku,Baku,capital", "baku,Baku,extra,capital")
    width = len(data.describe("places")["schema"]["fields"])
    with pytest.raises(DataError, match=rf"places\.csv, line 2: malformed row with {width + 1} cells; expected {width}"):
        data.load("places", data_copy)


def test_missing_column_is_named(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(l.split(",")[:-1]) for l in lines) + "\n", encoding="utf-8")
    last = data.describe("places")["schema"]["fields"][-1]["name"]
    with pytest.raises(DataError, match=rf"places\.csv, line 1: missing column\(s\) \['{last}'\]"):
        data.load("places", data_copy)


def test_wrong_type_names_line_column_and_expectation(data_copy):
    rewrite(data_copy / "memberships.csv", "UN,AZE,member,1992", "UN,AZE,member,nineteen92")
    with pytest.raises(DataError) as error:
        data.load("memberships", data_copy)
    message = str(error.value)
    assert "memberships.csv, line 2, column 'start_year'" in message
    assert "expected a year" in message and "'nineteen92'" in message


def test_value_outside_enum_is_rejected(data_copy):
    rewrite(data_copy / "memberships.csv", "UN,AZE,member,", "UN,AZE,ally,")
    with pytest.raises(DataError, match=r"column 'status': expected one of"):
        data.load("memberships", data_copy)


def test_unknown_source_id_does_not_resolve(data_copy):
    rewrite(data_copy / "places.csv", "geonames_search_az", "no_such_source")
    with pytest.raises(DataError, match=r"places\.csv, line 2, column 'source_id': 'no_such_source' does not resolve"):
        data.load("places", data_copy)


def test_unknown_organisation_in_memberships_does_not_resolve(data_copy):
    rewrite(data_copy / "memberships.csv", "UN,AZE,member", "UNO,AZE,member")
    with pytest.raises(DataError, match=r"column 'org_id': 'UNO' does not resolve"):
        data.load("memberships", data_copy)


def test_latitude_out_of_range(data_copy):
    rewrite(data_copy / "places.csv", "40.38,49.89", "140.38,49.89")
    with pytest.raises(DataError, match=r"places\.csv, line 2, column 'lat': expected a value of at most 90"):
        data.load("places", data_copy)


def test_geojson_coordinates_out_of_range(data_copy):
    path = data_copy / "countries.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][0]["geometry"]["coordinates"][0][0][0] = [49.9, 140.0]
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataError, match=r"countries\.geojson, feature 1: coordinate \(49\.9, 140\.0\) out of range"):
        data.load("countries", data_copy)


def test_geojson_feature_without_source(data_copy):
    path = data_copy / "countries.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    del collection["features"][2]["properties"]["source_id"]
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataError, match=r"feature 3: property 'source_id' is missing"):
        data.load("countries", data_copy)


def test_duplicate_key_is_rejected(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    duplicate_line = len(lines) + 1
    with pytest.raises(DataError, match=rf"line {duplicate_line}, column 'place_id': value 'baku' already appears on line 2"):
        data.load("places", data_copy)


def test_script_in_a_name_is_escaped_on_the_map_and_in_the_widget(data_copy):
    rewrite(data_copy / "places.csv", "baku,Baku,", "baku,<script>alert(1)</script>,")
    rewrite(data_copy / "organisations.csv", ",Organization of Turkic States,",
            ",<script>alert(2)</script>,")
    loaded = {n: data.load(n, data_copy) for n in
              ["memberships", "organisations", "partners", "places", "countries"]}
    names = data.country_names(data_copy)
    figure = ms.partners_map(loaded["memberships"], loaded["organisations"], loaded["partners"],
                             loaded["places"], loaded["countries"], names)
    page = figure.html(inline=False)
    assert "<script>alert(1)</script>" not in page and "<script>alert(2)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    explorer = ms.membership_explorer(loaded["memberships"], loaded["organisations"], names,
                                           year=2025, org_ids=["OTS"])
    picker, result = explorer.children[2], explorer.children[-1]
    assert any("<script>alert(2)</script>" in label for label, _ in picker.options)  # plain text
    assert all("<script>" not in pane.value for pane in explorer.panes.leaves.values())


def test_loading_never_writes_to_data():
    before = tree_digest(DATA)
    for name in data.resource_names():
        data.load(name)
    assert tree_digest(DATA) == before


def test_unknown_resource_lists_the_known_ones():
    with pytest.raises(DataError, match="no resource named 'railways'.*known: sources"):
        data.load("railways")


def test_map_refuses_a_country_without_outline():
    outlines = data.load("countries")
    fmap = maps.base_map()
    with pytest.raises(maps.MapError, match=r"no outline for \['FRA'\]"):
        maps.add_countries(fmap, outlines, {"FRA": "France"}, name="EU", colour="#000000")


def test_unknown_source_in_a_see_also_list(data_copy):
    path = data_copy / "gas_exports.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ";no_such_source" if lines[1].endswith(tuple("abcdefghijklmnopqrstuvwxyz0123456789_")) else lines[1] + "no_such_source"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"gas_exports\.csv, line 2, column 'see_also': 'no_such_source' does not resolve"):
        data.load("gas_exports", data_copy)
