"""Chapter 6, reading the sources: the seed articles' checked claims, gathered and compared.

Every claim that chapters 1–5 checked is a row of ``data/claims.csv`` whose
``seed_source_id`` names the article. This module counts the verdicts per article and
builds the claim checker, whose panes are precomputed (the set of claims is finite), so
that it works in full in the static book.
"""
from __future__ import annotations

import math

import pandas as pd

from . import claims as cl
from .maps import escape


TEHRAN_TIMES = "Tehran Times"  # the article whose claims chapter 6 itself checks


class ReadingError(ValueError):
    """A claim or article the checker does not know."""


def percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up (1 of 8 is 13 %, not 12 %)."""
    return f"{math.floor(share * 100 + 0.5)}%"


def articles(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per seed article with checked claims: outlet, author, title."""
    seeds = sources[sources["kind"] == "seed_article"].set_index("source_id")
    used = [s for s in dict.fromkeys(claims["seed_source_id"]) if s in seeds.index]
    unknown = sorted(set(claims["seed_source_id"]) - set(seeds.index))
    if unknown:
        raise ReadingError(f"claims name seed articles missing from data/sources.csv: {unknown}")
    return seeds.loc[used, ["publisher", "author", "title"]]


def verdicts_by_article(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares of each verdict per article (rows), in the course's verdict order."""
    names = articles(claims, sources)["publisher"]
    table = pd.crosstab(claims["seed_source_id"].map(names), claims["verdict"])
    table = table.reindex(columns=cl.VERDICT_ORDER, fill_value=0)
    table["claims checked"] = table.sum(axis=1)
    table["share supported"] = (table["supported"] / table["claims checked"]).map(percent)
    table.index.name, table.columns.name = "article (outlet)", None
    return table


def claim_pane(claims: pd.DataFrame, sources: pd.DataFrame, claim_id: str) -> str:
    """The checker's answer for one claim: article, claim, verdict, evidence and sources, as HTML."""
    rows = claims[claims["claim_id"] == claim_id]
    if rows.empty:
        raise ReadingError(f"unknown claim {claim_id!r}; see the claim_id column of data/claims.csv")
    row = rows.iloc[0]
    by_id = sources.set_index("source_id")
    ids = [row["source_id"]] + ([] if pd.isna(row["see_also"]) else str(row["see_also"]).split(";"))
    items = "".join(f"<li>{escape(by_id.loc[i, 'publisher'])}: {escape(by_id.loc[i, 'title'])} "
                    f"<code>{escape(i)}</code></li>" for i in ids if i in by_id.index)
    article = by_id.loc[row["seed_source_id"], "publisher"]
    return (f"<p><strong>{escape(article)}</strong> claims: {escape(row['claim'])}</p>"
            f"<p><strong>Verdict: {escape(row['verdict'])}.</strong> {escape(row['evidence_summary'])}</p>"
            f"<p>Sources ({len(ids)}):</p><ul>{items}</ul>")


def claim_checker(claims: pd.DataFrame, sources: pd.DataFrame):
    """One drop-down of every checked claim, grouped by article; each answer is precomputed."""
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box

    names = articles(claims, sources)["publisher"]
    ordered = claims.assign(article=claims["seed_source_id"].map(names)).sort_values(["article", "claim_id"])
    options = [(f"{r.article}: {r.claim[:90]}{'…' if len(r.claim) > 90 else ''}", r.claim_id)
               for r in ordered.itertuples()]
    picker = widgets.Dropdown(options=options, description="Claim", layout=widgets.Layout(width="95%"))
    panes = LinkedPanes([picker], lambda claim_id: claim_pane(claims, sources, claim_id))
    return explorer_box([picker], panes, kernel_controls=[])


def chapter_facts(claims: pd.DataFrame, sources: pd.DataFrame, outlets: pd.DataFrame,
                  checked_here: str = TEHRAN_TIMES) -> dict:
    """Every figure that chapter 6 states in its text, computed from the data.

    ``checked_here`` is the outlet whose claims the chapter itself gathers (chapter 2 tested two of them).
    """
    table = verdicts_by_article(claims, sources)
    if checked_here not in table.index:
        raise ReadingError(f"no checked claim of {checked_here!r} in data/claims.csv; chapter 6 states its verdicts")
    share = table["supported"] / table["claims checked"]
    best, worst = share.idxmax(), share.idxmin()
    return {
        "n_claims": int(table["claims checked"].sum()), "n_articles": len(table),
        "best_article": best.split(" (")[0],
        "best_share": f"{table.loc[best, 'supported']} of {table.loc[best, 'claims checked']} ({percent(share[best])})",
        "worst_article": worst.split(" (")[0],
        "worst_share": f"{table.loc[worst, 'supported']} of {table.loc[worst, 'claims checked']} ({percent(share[worst])})",
        "n_supported": int(table["supported"].sum()), "n_partly": int(table["partly supported"].sum()),
        "n_not": int(table["not supported"].sum()), "n_too_early": int(table["too early to tell"].sum()),
        "tt_claims": int(table.loc[checked_here, "claims checked"]),
        "tt_supported": int(table.loc[checked_here, "supported"]),
        "tt_partly": int(table.loc[checked_here, "partly supported"]),
        "n_descriptions": len(outlets), "n_described_outlets": outlets["outlet"].nunique(),
    }
