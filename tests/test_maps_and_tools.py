"""Maps, the quiz loader, the bibliography and the re-execution tool."""
from __future__ import annotations

import json

import pytest

from crossroads import bib, data, energy, execute, maps, memberships as ms, quiz
from repo import ROOT


def test_map_figure_has_title_caption_layers_and_escaped_legend():
    fmap = maps.base_map()
    outlines = data.load("countries")
    maps.add_countries(fmap, outlines, {"AZE": "A & B"}, name="Layer <1>", colour="#000000")
    maps.add_points(fmap, [{"lat": 40.4, "lon": 49.9, "label": "Baku", "popup": [("x", "<b>")]}],
                    name="Points")
    figure = maps.finish(fmap, title="Map title", caption="Caption <i>", legend_title="Legend",
                         legend_items=[("#000000", False, "item <u>")])
    html = figure._repr_html_()
    assert 'title="Map title"' in html and "<figcaption>Caption &lt;i&gt; Country outlines" in html
    assert "needs one and is decoration only" in html, "the caption says what needs a network"
    assert html.index("</iframe>") < html.index("item &lt;u&gt;"), "the legend sits below the map"
    assert "height:min(600px,70vh)" in html, "fits a 720 px projector at 200 % zoom"
    page = figure.html(inline=False)
    # Leaflet inserts layer names as HTML: the name must arrive pre-escaped.
    assert "L.control.layers" in page and '"Layer \\u0026lt;1\\u0026gt;"' in page
    assert "&lt;b&gt;" in page
    assert "L.control.scale({imperial: false, metric: true})" in page
    overlays = page.split("overlays :", 1)[1].split("}", 1)[0]
    assert '"Points"' in overlays and "Country outlines" not in overlays, "outlines are the base, not a layer"
    assert maps.feature_labels(fmap) == ["A &amp; B"]


def test_points_out_of_range_are_refused():
    with pytest.raises(maps.MapError, match="out of range"):
        maps.add_points(maps.base_map(), [{"lat": 95, "lon": 0, "label": "x"}], name="bad")


def test_chapter_map_has_every_organisation_layer_and_popups():
    loaded = {n: data.load(n) for n in ["memberships", "organisations", "partners", "places", "countries"]}
    figure = ms.partners_map(loaded["memberships"], loaded["organisations"], loaded["partners"],
                             loaded["places"], loaded["countries"], data.country_names())
    page = figure.html(inline=False)
    for org_id in ms.MAP_ORGS:
        short = loaded["organisations"].set_index("org_id").loc[org_id, "short_name"]
        assert f"{short} in {ms.AS_OF}" in page, org_id
    political = loaded["places"]["kind"].isin(["capital", "city"]).sum()
    assert page.count("bindPopup") == political  # one popup per capital or city, no route towns
    assert "Shusha Declaration" in page


def test_renumbering_random_ids_is_consistent_and_deterministic():
    a, b = "a" * 32, "0123456789abcdef" * 2
    text = f"map_{a} {b} map_{a} not-{'f' * 31}"
    once = execute.renumber_random_ids(text)
    assert once == f"map_{'0' * 31}1 {'0' * 31}2 map_{'0' * 31}1 not-{'f' * 31}"
    assert execute.renumber_random_ids(once) == once
    # numbered by first appearance in `order`, applied to `text`
    assert execute.renumber_random_ids(f"{b} {a}", order=f"{a} {b}") == f"{'0' * 31}2 {'0' * 31}1"


def test_quiz_files_are_valid_and_agree_with_the_data():
    chapter_facts = {**ms.chapter_facts(*(data.load(n) for n in
                                               ["memberships", "organisations", "partners", "events"])),
                     **energy.chapter_facts(*(data.load(n) for n in
                                            ["gas_exports", "energy_figures", "oil_exports", "pipelines", "events"]))}
    for path in sorted(quiz.QUIZ_DIR.glob("*.json")):
        for question in quiz.load_quiz(path.stem):
            check = question.get("check")
            if check:
                right = [a for a in question["answers"] if a.get("correct")][0]
                assert right["answer"] == str(chapter_facts[check["fact"]]), question["question"]


def test_quiz_without_correct_answer_is_rejected(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps([{"question": "Q?", "type": "multiple_choice",
                                                    "answers": [{"answer": "A", "feedback": "f"}]}]))
    with pytest.raises(ValueError, match=r"bad\.json, question 1: no answer is marked correct"):
        quiz.load_quiz("bad", tmp_path)


def test_bib_entry_escapes_and_falls_back_to_the_publisher():
    sources = data.load("sources")
    row = sources.iloc[0].copy()
    row["author"], row["publisher"], row["title"] = None, "A & B", "50% of_it"
    text = bib.entry(row)
    assert "author = {{A \\& B}}" in text and "50\\% of\\_it" in text


def test_every_glued_name_in_chapters_is_stored():
    """A {glue:} reference to a name no cell glued would render as a build warning."""
    import nbformat
    import re
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        used = set(re.findall(r"\{glue(?::[a-z]+)?\}`([A-Za-z_0-9]+)`", text))
        stored = {o.get("metadata", {}).get("scrapbook", {}).get("name")
                  for c in nb.cells if c.cell_type == "code" for o in c.outputs}
        assert used <= stored, f"{path.name}: glued in text but never stored: {used - stored}"
