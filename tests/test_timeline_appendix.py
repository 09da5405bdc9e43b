"""The timeline appendix: every event and agreement, filterable, linked to its chapters."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import data
from crossroads import timeline as tl
from repo import ROOT


@pytest.fixture(scope="module")
def table():
    return tl.entries(data.load("events"), data.load("agreements"))


def test_every_event_and_agreement_is_on_the_timeline_in_date_order(table):
    events, agreements = data.load("events"), data.load("agreements")
    assert len(table) == len(events) + agreements["agreement_id"].nunique()
    assert table["date"].is_monotonic_increasing
    assert set(table["theme"]) <= set(tl.THEME_NAMES_ALL)


def test_an_entry_links_to_its_themes_chapters_and_to_those_citing_its_source():
    entry = pd.Series({"theme": "energy", "source_id": "src_a"})
    cited = {"03_china_ties": {"src_a", "other"}, "05_corridors": {"src_a_longer"}}
    assert tl.chapters_of(entry, cited) == ["02_energy_diplomacy", "03_china_ties"]


def test_filters_combine_and_unknown_themes_are_refused(table):
    china = tl.selected(table, "china")
    assert len(china) and set(china["theme"]) == {"china"}
    both = tl.selected(table, "china", actor="CHN", period=tl.PERIODS[-1][2])
    assert len(both) <= len(china) and (both["date"].dt.year >= 2024).all()
    with pytest.raises(ValueError, match="unknown theme 'sport'"):
        tl.selected(table, "sport")


def test_a_theme_without_a_chapter_is_a_clear_error():
    events = data.load("events").assign(theme="sport")
    with pytest.raises(ValueError, match=r"themes \['sport'\] have no chapter"):
        tl.entries(events, data.load("agreements"))


def test_the_table_escapes_text_and_links_chapters(table):
    row = table.iloc[:1].assign(title="<b>x</b>")
    html = tl.timeline_html(row, {}, {"01_balancing_between_blocs": "1. Balancing"}, {}, "T")
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html
    assert tl.timeline_html(row.iloc[:0], {}, {}, {}, "T").startswith("<p>No event or agreement matches: T")


def test_chapter_links_open_the_notebook_in_jupyterlab(table):
    """A link to the notebook works in JupyterLab; the book turns it into a page link."""
    row = table.iloc[:1]
    first = tl.chapters_of(row.iloc[0], {})[0]
    html = tl.timeline_html(row, {}, {}, {}, "T")
    assert f'href="../{first}.ipynb"' in html and ".html" not in html


def test_the_theme_answers_without_a_kernel_and_the_others_need_one():
    box = tl.timeline_explorer(data.load("events"), data.load("agreements"), data.country_names(),
                               ROOT / "chapters")
    theme = box.panes.controls[0]
    assert len(box.panes.leaves) == len(theme.options)
    before = box.panes.shown()
    theme.value = "energy"
    assert box.panes.shown() != before and "Events and agreements: " in box.panes.shown()
    assert "<strong>Theme</strong> answers at once. The greyed-out controls need" in box.children[0].value
