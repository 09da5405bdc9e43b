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

from .facts import Text, event_when
from .maps import escape

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


# --- chapter 3: its explorer and the figures its text states ----------------------

def trade_explorer(trade: pd.DataFrame, *, partners, flow: str = "turnover",
                   side: str = "azerbaijan", years: tuple[int, int] | None = None) -> widgets.VBox:
    """Partner, flow, side and year-range pickers over :func:`view`."""
    import ipywidgets as widgets

    from . import charts
    from .widgets import LinkedPanes, explorer_box, table_html

    known = sorted(set(trade["partner"]) - {WORLD})
    all_years = sorted(int(y) for y in trade["year"].unique())
    first, last = years or (all_years[0], all_years[-1])
    partner_picker = widgets.SelectMultiple(options=known, value=tuple(partners), rows=min(8, len(known)),
                                            description="Partners")
    flow_picker = widgets.Dropdown(options=list(FLOWS), value=flow, description="Flow")
    side_picker = widgets.Dropdown(options=[(label, key) for key, label in SIDES.items()],
                                   value=side, description="Figures from",
                                   style={"description_width": "initial"})
    first_picker = widgets.Dropdown(options=all_years, value=first, description="From")
    last_picker = widgets.Dropdown(options=all_years, value=last, description="To")
    hint = widgets.HTML("<small>Hold Ctrl (Cmd on a Mac) and click to select several partners.</small>")

    def pane(flow: str, side: str) -> str:
        v = view(trade, list(partner_picker.value), flow, first_picker.value, last_picker.value, side)
        body = f"<p>{escape(v.message)}</p>"
        if not v.table.empty:
            lines = [charts.Series(p, [(int(y), float(x)) for y, x in v.table[p].dropna().items()])
                     for p in v.table.columns if v.table[p].notna().any()]
            body += charts.line_chart(lines, title=f"Azerbaijan's {flow} with selected partners",
                                      description=v.message, y_label="million USD")
            shown = v.table.map(lambda x: "–" if pd.isna(x) else f"{x:,.0f}")
            body += table_html(shown, f"{flow}, million USD")
        if not v.shares.empty:
            body += table_html(v.shares.map(lambda x: f"{x:.1%}"), f"China's share of Azerbaijan's total {flow}")
        return body

    panes = LinkedPanes([flow_picker, side_picker], pane)
    return explorer_box([partner_picker, hint, widgets.HBox([flow_picker, side_picker]),
                         widgets.HBox([first_picker, last_picker])], panes,
                        kernel_controls=[partner_picker, first_picker, last_picker])


# The growth base of chapter 3: two officials gave about $1.3bn for 2018 (data/trade.csv).
TRADE_BASE_YEAR = 2018
# Year-on-year growth Aliyev gave with the 2024 figure (vestikavkaza_aliyev_xinhua_trade_2024).
GROWTH_2024 = 0.207


def chapter_facts(trade, claims, events, transport_figures) -> dict:
    """Every data figure that chapter 3 states in its text."""
    from . import claims as cl

    def value(partner, year, flow, side, period="full year"):
        rows = trade[(trade["partner"] == partner) & (trade["year"] == year) & (trade["flow"] == flow)
                     & (trade["side"] == side) & (trade["period"] == period) & trade["value"].notna()]
        if rows.empty:
            raise KeyError(f"no {side} {flow} figure for {partner} {year} ({period}) in data/trade.csv")
        return float(rows["value"].iloc[0])

    def rank(partner, year, flow, side="azerbaijan"):
        rows = trade[(trade["partner"] == partner) & (trade["year"] == year) & (trade["flow"] == flow)
                     & (trade["side"] == side) & trade["rank"].notna()]
        return int(rows["rank"].iloc[0])

    def figure(figure_id):
        return float(transport_figures.loc[transport_figures["figure_id"] == figure_id, "value"].iloc[0])

    az = series(trade, "China", "turnover", "azerbaijan")
    others = other_figures(trade, "China", "turnover", "azerbaijan")
    shares = china_share(trade, "turnover", "azerbaijan")
    seed_claims = claims[claims["seed_source_id"] == "seed_azerbaycan24_china_pivot"]
    verdicts = cl.verdict_counts(seed_claims)
    return {
        "relations": event_when(events, "china_diplomatic_relations"),
        "silk_road_mou": event_when(events, "china_silk_road_mou_2015"),
        "sco_partner": event_when(events, "china_sco_dialogue_partner"),
        "strategic": event_when(events, "china_strategic_partnership_astana"),
        "comprehensive": event_when(events, "china_comprehensive_strategic_partnership"),
        "visa_free": event_when(events, "china_unilateral_visa_free_2024"),
        "visa_mutual": event_when(events, "china_mutual_visa_exemption_2025"),
        "nomad_express": event_when(events, "china_nomad_express_2015"),
        "first_trade_year": TRADE_BASE_YEAR, "first_trade": az[TRADE_BASE_YEAR],
        "trade_2024": az[2024], "trade_multiple": Text(f"{az[2024] / az[TRADE_BASE_YEAR]:.1f}"),
        "trade_2017": az[2017], "trade_2017_other": others[2017][0],
        "trade_2024_growth": Text(f"{GROWTH_2024:.1%}"),
        "implied_2023": Text(f"{az[2024] / (1 + GROWTH_2024) / 1000:.1f}"),
        "rank_2024": rank("China", 2024, "turnover"), "import_rank_2024": rank("China", 2024, "imports"),
        "import_rank_2022": rank("China", 2022, "imports"),
        "cn_2023": value("China", 2023, "turnover", "partner"),
        "cn_2025": value("China", 2025, "turnover", "partner"),
        "imports_2023_jan_nov": value("China", 2023, "imports", "azerbaijan", "Jan-Nov"),
        "kerimli_2023": value("China", 2023, "turnover", "independent"),
        "exports_2024_blog": value("China", 2024, "exports", "independent"),
        "share_first_year": int(shares.index.min()), "share_first": Text(f"{shares.iloc[0]:.1%}"),
        "share_last_year": int(shares.index.max()), "share_last": Text(f"{shares.iloc[-1]:.1%}"),
        "world_2022": value("World", 2022, "turnover", "azerbaijan"),
        "world_2023": value("World", 2023, "turnover", "azerbaijan"),
        "n_benefits": len(seed_claims),
        "n_supported": int(verdicts["supported"]),
        "n_partly": int(verdicts["partly supported"]),
        "n_too_early": int(verdicts["too early to tell"]),
        "titr_2022": figure("titr_cargo_2022"), "titr_2024": figure("titr_cargo_2024"),
        "eu_pledge": figure("eu_gg_central_asia_pledge_2024"), "eu_projects": int(figure("eu_gg_33_projects")),
    }
