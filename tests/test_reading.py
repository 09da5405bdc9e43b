"""Chapter 6's claim checker and verdict counts, on a small hand-made table."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import reading

SOURCES = pd.DataFrame({
    "source_id": ["seed_a", "seed_b", "s1", "s2"],
    "kind": ["seed_article", "seed_article", "news", "official"],
    "publisher": ["Outlet A", "Outlet B", "Paper", "Ministry"],
    "author": ["", "X", "", ""], "title": ["A", "B", "T1", "T2"]})
CLAIMS = pd.DataFrame({
    "claim_id": ["a1", "a2", "b1"], "seed_source_id": ["seed_a", "seed_a", "seed_b"],
    "claim": ["Claim one", "Claim two", "Claim three"], "evidence_summary": ["E1", "E2", "E3 <b>"],
    "verdict": ["supported", "not supported", "partly supported"],
    "source_id": ["s1", "s1", "s2"], "see_also": ["s2", None, None]})


def test_verdicts_are_counted_per_article_with_the_share_supported():
    table = reading.verdicts_by_article(CLAIMS, SOURCES)
    assert table.loc["Outlet A", "supported"] == 1 and table.loc["Outlet A", "not supported"] == 1
    assert table.loc["Outlet A", "share supported"] == "50%" and table.loc["Outlet B", "claims checked"] == 1


def test_a_claim_pane_gives_verdict_evidence_and_every_source_escaped():
    pane = reading.claim_pane(CLAIMS, SOURCES, "b1")
    assert "Verdict: partly supported." in pane and "E3 &lt;b&gt;" in pane
    assert reading.claim_pane(CLAIMS, SOURCES, "a1").count("<li>") == 2


def test_unknown_claims_and_articles_are_refused():
    with pytest.raises(reading.ReadingError, match="unknown claim 'zz'"):
        reading.claim_pane(CLAIMS, SOURCES, "zz")
    with pytest.raises(reading.ReadingError, match=r"missing from data/sources.csv: \['seed_c'\]"):
        reading.articles(CLAIMS.assign(seed_source_id="seed_c"), SOURCES)


def test_the_checker_answers_in_the_static_book():
    checker = reading.claim_checker(CLAIMS, SOURCES)
    picker = checker.children[1]
    assert picker.options[0][0].startswith("Outlet A: Claim one")
    picker.value = "b1"
    assert "Outlet B" in checker.panes.shown() and "Claim three" in checker.panes.shown()


def test_chapter_facts_name_the_article_whose_claims_hold_best():
    outlets = pd.DataFrame({"outlet": ["Outlet A", "Outlet A"]})
    facts = reading.chapter_facts(CLAIMS, SOURCES, outlets, checked_here="Outlet B")
    assert facts["best_article"] == "Outlet A" and facts["best_share"] == "1 of 2 (50%)"
    assert (facts["tt_claims"], facts["tt_supported"], facts["tt_partly"]) == (1, 0, 1)
    with pytest.raises(reading.ReadingError, match="no checked claim of 'Outlet C'"):
        reading.chapter_facts(CLAIMS, SOURCES, outlets, checked_here="Outlet C")
    assert facts["worst_share"] == "0 of 1 (0%)" and facts["n_claims"] == 3 and facts["n_described_outlets"] == 1
    assert reading.percent(1 / 8) == "13%"


def test_the_static_note_of_a_checker_without_kernel_controls_does_not_mention_any():
    note = reading.claim_checker(CLAIMS, SOURCES).children[0].value
    assert "every answer is in the page" in note and "greyed-out" not in note
