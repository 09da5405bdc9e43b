"""Azerbaijan's foreign trade by partner: the logic behind chapter 3.

Pure functions over the ``trade`` table (one figure per row, as one source
states it). Values are million US dollars; ``flow`` is exports, imports or
turnover from Azerbaijan's point of view. Figures from different sides
(Azerbaijan's, the partner's, independent) are never mixed in one series; when
one side gives several figures for a year, series use the first listed in the
data and the others are reported, never averaged.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FLOWS = ("exports", "imports", "turnover")
WORLD = "World"
SIDES = {"azerbaijan": "Azerbaijani sources", "partner": "the partner's sources",
         "independent": "independent sources"}


@dataclass(frozen=True)
class TradeView:
    """What the trade explorer shows for one choice of partners, flow and years."""

    table: pd.DataFrame  # years (rows) x partners (columns), million USD
    shares: pd.DataFrame  # China's share of Azerbaijan's total, by year (may be empty)
    message: str


def full_years(trade: pd.DataFrame, side: str) -> pd.DataFrame:
    """Full-year rows with a value, from one side."""
    return trade[(trade["side"] == side) & (trade["period"] == "full year") & trade["value"].notna()]


def series(trade: pd.DataFrame, partner: str, flow: str, side: str) -> dict[int, float]:
    """Year -> value for one partner and flow from one side (first listed if several)."""
    rows = full_years(trade, side)
    rows = rows[(rows["partner"] == partner) & (rows["flow"] == flow)]
    out: dict[int, float] = {}
    for row in rows.itertuples():
        out.setdefault(int(row.year), float(row.value))
    return dict(sorted(out.items()))


def other_figures(trade: pd.DataFrame, partner: str, flow: str, side: str) -> dict[int, list[float]]:
    """Year -> the further figures the same side gives for a year (not charted)."""
    rows = full_years(trade, side)
    rows = rows[(rows["partner"] == partner) & (rows["flow"] == flow)]
    grouped = rows.groupby("year")["value"].apply(list)
    return {int(y): [float(v) for v in values[1:]] for y, values in grouped.items() if len(values) > 1}


def view(trade: pd.DataFrame, partners, flow: str, first_year: int, last_year: int,
         side: str) -> TradeView:
    """Trade with the chosen partners over a year range, and China's share of the total.

    Every combination gives a TradeView: an unknown partner or flow raises a
    ValueError naming the known ones; no partner, an empty year range or a range
    without data give an empty table and a message saying why.
    """
    known = sorted(set(trade["partner"]) - {WORLD})
    unknown = sorted(set(partners) - set(known))
    if unknown:
        raise ValueError(f"unknown partner(s) {unknown}; known: {known}")
    if flow not in FLOWS:
        raise ValueError(f"unknown flow {flow!r}; expected one of {FLOWS}")
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}; expected one of {sorted(SIDES)}")
    empty = pd.DataFrame()
    if not partners:
        return TradeView(empty, empty, "Select at least one partner.")
    if first_year > last_year:
        return TradeView(empty, empty, f"The year range {first_year}–{last_year} is empty: "
                                       "choose a first year before the last.")
    years = range(first_year, last_year + 1)
    columns = {p: series(trade, p, flow, side) for p in partners}
    table = pd.DataFrame({p: [s.get(y) for y in years] for p, s in columns.items()},
                         index=list(years)).dropna(how="all")
    if table.empty:
        return TradeView(empty, empty, f"The data hold no full-year {flow} figures from "
                                       f"{SIDES[side]} for {', '.join(partners)} in "
                                       f"{first_year}–{last_year}.")
    table.index.name = "year"
    shares = china_share(trade, flow, side)
    shares = shares[(shares.index >= first_year) & (shares.index <= last_year)]
    extra = {p: other_figures(trade, p, flow, side) for p in partners}
    message = _reading(table, flow, side, shares, extra, first_year, last_year)
    return TradeView(table, shares.rename_axis("year").to_frame("share"), message)


def china_share(trade: pd.DataFrame, flow: str, side: str = "azerbaijan") -> pd.Series:
    """China's share (0–1) of Azerbaijan's total ``flow``, for years with both figures.

    Only figures from the same side are divided: a Chinese figure over an
    Azerbaijani total would mix two statistics.
    """
    china, world = series(trade, "China", flow, side), series(trade, WORLD, flow, side)
    years = sorted(set(china) & set(world))
    return pd.Series({y: china[y] / world[y] for y in years}, name="share", dtype="float64")


def _reading(table, flow, side, shares, extra, first_year, last_year) -> str:
    years = [int(y) for y in table.index]
    missing = [y for y in range(first_year, last_year + 1) if y not in years]
    last = max(years)
    latest = table.loc[last].dropna().sort_values(ascending=False)
    text = (f"{SIDES[side].capitalize()} give full-year {flow} for {len(years)} of the "
            f"{last_year - first_year + 1} years chosen. Of the selected partners with a {last} "
            f"figure, the largest was {latest.index[0]} ({latest.iloc[0]:,.0f} million USD).")
    if missing:
        text += f" No figure for {', '.join(map(str, missing))}."
    if not shares.empty:
        y = int(shares.index.max())
        text += f" China's share of Azerbaijan's total {flow}: {shares.loc[y]:.1%} in {y}."
    doubles = [f"{p} {y} (also {', '.join(f'{v:,.0f}' for v in vs)})"
               for p, ys in extra.items() for y, vs in ys.items() if first_year <= y <= last_year]
    if doubles:
        text += f" The same side gives further figures for {'; '.join(doubles)}: the chart uses the first."
    return text


def statements(trade: pd.DataFrame, partner: str, year: int) -> pd.DataFrame:
    """Every figure in the data for one partner and year: what each source says."""
    rows = trade[(trade["partner"] == partner) & (trade["year"] == year)]
    return pd.DataFrame({"flow": rows["flow"], "period": rows["period"],
                         "million USD": rows["value"].map(lambda v: "–" if pd.isna(v) else f"{v:,.0f}"),
                         "rank": rows["rank"].map(lambda r: "–" if pd.isna(r) else str(int(r))),
                         "side": rows["side"], "source": rows["source_id"]}).reset_index(drop=True)
