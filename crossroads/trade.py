"""Azerbaijan's foreign trade by partner: the logic behind chapter 3.

Pure functions over the ``trade`` table (one figure per row, as one reporter
states it). Values are million US dollars; ``flow`` is exports, imports or
turnover from Azerbaijan's point of view. Figures from different reporters
(Azerbaijani customs, Chinese customs) are never mixed in one series.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

FLOWS = ("exports", "imports", "turnover")
WORLD = "World"


@dataclass(frozen=True)
class TradeView:
    """What the trade explorer shows for one choice of partners, flow and years."""

    table: pd.DataFrame  # years (rows) x partners (columns), million USD
    shares: pd.DataFrame  # China's share of Azerbaijan's total, by year (may be empty)
    message: str


def full_years(trade: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """Full-year rows of one reporter."""
    return trade[(trade["reporter"] == reporter) & (trade["period"] == "full year")]


def series(trade: pd.DataFrame, partner: str, flow: str, reporter: str) -> dict[int, float]:
    """Year -> value for one partner and flow; ValueError if a year has two values."""
    rows = full_years(trade, reporter)
    rows = rows[(rows["partner"] == partner) & (rows["flow"] == flow)]
    out: dict[int, float] = {}
    for row in rows.itertuples():
        if int(row.year) in out and out[int(row.year)] != float(row.value):
            raise ValueError(f"{reporter} gives two values for {partner} {flow} in {row.year}: "
                             f"{out[int(row.year)]} and {row.value}")
        out[int(row.year)] = float(row.value)
    return dict(sorted(out.items()))


def view(trade: pd.DataFrame, partners, flow: str, first_year: int, last_year: int,
         reporter: str) -> TradeView:
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
    empty = pd.DataFrame()
    if not partners:
        return TradeView(empty, empty, "Select at least one partner.")
    if first_year > last_year:
        return TradeView(empty, empty, f"The year range {first_year}–{last_year} is empty: "
                                       "choose a first year before the last.")
    years = range(first_year, last_year + 1)
    columns = {p: series(trade, p, flow, reporter) for p in partners}
    table = pd.DataFrame({p: [s.get(y) for y in years] for p, s in columns.items()},
                         index=list(years)).dropna(how="all")
    if table.empty:
        return TradeView(empty, empty, f"{reporter} reports no full-year {flow} for "
                                       f"{', '.join(partners)} in {first_year}–{last_year}.")
    table.index.name = "year"
    shares = china_share(trade, flow, reporter).loc[lambda s: s.index.isin(table.index)]
    message = _reading(table, flow, reporter, shares)
    return TradeView(table, shares.to_frame("China's share of the total"), message)


def china_share(trade: pd.DataFrame, flow: str, reporter: str) -> pd.Series:
    """China's share (0–1) of Azerbaijan's total ``flow``, for years with both figures."""
    china, world = series(trade, "China", flow, reporter), series(trade, WORLD, flow, reporter)
    years = sorted(set(china) & set(world))
    return pd.Series({y: china[y] / world[y] for y in years}, name="share", dtype="float64")


def _reading(table: pd.DataFrame, flow: str, reporter: str, shares: pd.Series) -> str:
    last = table.index.max()
    latest = table.loc[last].dropna().sort_values(ascending=False)
    leader = f"In {last} the largest of the selected partners for {flow} was {latest.index[0]} " \
             f"({latest.iloc[0]:,.0f} million USD, {reporter})."
    if not shares.empty:
        y = shares.index.max()
        leader += f" China's share of Azerbaijan's total {flow} was {shares.loc[y]:.1%} in {y}."
    return leader


def asymmetry(trade: pd.DataFrame, partner: str, reporter: str) -> pd.DataFrame:
    """Exports, imports and the ratio imports/exports for one partner, by year."""
    exports, imports = (series(trade, partner, f, reporter) for f in ("exports", "imports"))
    years = sorted(set(exports) & set(imports))
    return pd.DataFrame({"exports": [exports[y] for y in years], "imports": [imports[y] for y in years],
                         "imports per dollar of exports": [imports[y] / exports[y] for y in years]},
                        index=pd.Index(years, name="year"))
