"""Facts an independent check found wrong (issue 10), held by tests so they stay corrected."""
from __future__ import annotations

import json
import re

import nbformat

from crossroads import data
from repo import ROOT


def membership(org: str, country: str):
    rows = data.load("memberships")
    return rows[(rows["org_id"] == org) & (rows["country_iso3"] == country)].iloc[0]


def test_georgia_signed_the_collective_security_treaty_on_9_december_1993():
    row = membership("CST", "GEO")
    assert "9 Dec 1993" in row["note"] and row["source_id"] == "gibler_alliances_cst"


def test_azerbaijan_left_the_1992_treaty_never_the_csto_founded_in_2002():
    organisations = data.load("organisations").set_index("org_id")
    assert organisations.loc["CSTO", "founded"] == 2002 and organisations.loc["CST", "kind"] == "treaty"
    rows = data.load("memberships")
    assert rows[(rows["org_id"] == "CSTO") & (rows["country_iso3"] == "AZE")].empty
    assert membership("CST", "AZE")["end_year"] == 1999
    assert rows[rows["org_id"] == "CSTO"]["start_year"].min() == 2002


def test_quiz_one_does_not_say_azerbaijan_left_the_csto():
    quiz = json.loads((ROOT / "chapters" / "quizzes" / "01_balancing_between_blocs.json").read_text(encoding="utf-8"))
    right = [a["answer"] for a in quiz[0]["answers"] if a["correct"]]
    assert right == ["The Collective Security Treaty of 1992"]


def test_armenia_signed_its_eaeu_accession_treaty_on_10_october_2014_in_minsk():
    row = membership("EAEU", "ARM")
    assert "10 Oct 2014 in Minsk" in row["note"] and "9 Oct" not in row["note"]


def test_chapter_one_does_not_call_every_eaeu_member_a_neighbour_of_russia():
    nb = nbformat.read(ROOT / "chapters" / "01_balancing_between_blocs.ipynb", as_version=4)
    text = re.sub(r"<[^>]+>", "", " ".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    text = re.sub(r"\s+", " ", text)
    assert "four neighbours of Russia" not in text
    assert "Only Belarus and Kazakhstan border Russia" in text


def test_no_page_calls_the_karabakh_conflict_ended():
    """The peace text was initialled on 8 August 2025, not signed or ratified (partners.csv)."""
    pages = [ROOT / "chapters" / "welcome.md"] + sorted((ROOT / "chapters").glob("0*.ipynb"))
    for path in pages:
        assert "end of the Karabakh conflict" not in path.read_text(encoding="utf-8"), path.name


def test_glossary_sco_entry_names_india_and_pakistan_with_sources():
    text = (ROOT / "chapters" / "appendix" / "glossary.md").read_text(encoding="utf-8")
    assert "India and Pakistan joined in 2017" in text and "rferl_sco_india_pakistan_2017" in text


def test_russias_2021_share_of_eu_gas_imports_is_the_commissions_45_percent_beside_the_councils_50():
    figures = data.load("energy_figures").set_index("figure_id")
    assert figures.loc["russia_share_2021", "value"] == 45 and figures.loc["russia_share_pre_war", "value"] == 50
    nb = nbformat.read(ROOT / "chapters" / "02_energy_diplomacy.ipynb", as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert 'the Commission put it at about <span class="fact" data-fact="russia_2021">45</span> %' in text
    assert 'the Council at "around <span class="fact" data-fact="russia_pre_war">50</span> %"' in text


def test_btc_first_oil_dates_are_given_to_the_day():
    events = data.load("events").set_index("event_id")
    description = events.loc["btc_pipeline_inauguration", "description"]
    assert "28 May 2006" in description and "4 June 2006" in description and "May 2005" in description
    assert "started flowing in June 2006" not in description


def test_southern_gas_corridor_length_says_whose_figure_it_is():
    """3,420 km is the course's own sum of three pipelines; operators give about 3,500 km."""
    figures = data.load("energy_figures").set_index("figure_id")
    assert figures.loc["sgc_length_stated", "value"] == 3500 and figures.loc["sgc_length_stated", "unit"] == "km"
    nb = nbformat.read(ROOT / "chapters" / "02_energy_diplomacy.ipynb", as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert 'about <span class="fact" data-fact="sgc_length_stated">3,500</span> km from the Caspian' in text
    assert "the three lengths in the\ncourse data add up to" in text


def test_the_2_5_billion_is_not_labelled_january_to_november_without_the_caveat():
    """The article says '11 months' but appeared on 23 November 2023: most likely January–October."""
    quiz = json.loads((ROOT / "chapters" / "quizzes" / "03_china_ties.json").read_text(encoding="utf-8"))
    answers = [a for q in quiz for a in q["answers"] if a["correct"] and "imports from China" in a["answer"]]
    assert answers and "January–November" not in answers[0]["answer"] and "23 November 2023" in answers[0]["feedback"]
    nb = nbformat.read(ROOT / "chapters" / "03_china_ties.ipynb", as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "first eleven months" not in text and "Imports, January–November" not in text
    assert text.count("23 November") >= 2


def chapter_text(name: str) -> str:
    nb = nbformat.read(ROOT / "chapters" / name, as_version=4)
    text = re.sub(r"<[^>]+>", "", " ".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    return re.sub(r"\s+", " ", text)


def test_the_three_billion_is_not_called_a_chinese_side_figure_only():
    text = chapter_text("03_china_ties.ipynb")
    assert "matches the **Chinese side**" not in text
    assert "matches both sides' full-year turnover" in text and "implies about 3.1 billion for 2023" in text


def test_chinas_share_of_trade_is_given_to_2024_with_its_source():
    text = chapter_text("03_china_ties.ipynb")
    assert "according to Aliyev, China made up 7.9% of Azerbaijan's foreign trade" in text
    assert "small though growing share" in text and "modest share" not in text


def test_the_2018_trade_base_is_shown_to_be_a_round_figure():
    trade = data.load("trade")
    china_2017 = trade[(trade["partner"] == "China") & (trade["year"] == 2017)]
    assert sorted(china_2017["value"]) == [1200, 1300]
    base = trade[(trade["partner"] == "China") & (trade["year"] == 2018) & (trade["value"] == 1300)].iloc[0]
    assert base["see_also"] == "todayaz_mustafayev_china_2018_trade"
    assert 'Read the multiple as "roughly three times"' in chapter_text("03_china_ties.ipynb")


def test_claim_verdicts_that_rested_on_agreements_or_earlier_trends():
    claims = data.load("claims").set_index("claim_id")
    assert claims.loc["c002_5_tourism", "verdict"] == "partly supported"
    assert claims.loc["c002_6_energy", "verdict"] == "partly supported"
    evidence = claims.loc["c002_2_infrastructure", "evidence_summary"]
    assert "369 trains" in evidence and "25 times" in evidence and "counts differ" in evidence
