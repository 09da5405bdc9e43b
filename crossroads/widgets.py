"""ipywidgets explorers: thin layers over the pure functions of the package.

Each factory returns a container widget whose children are the controls and an
``HTML`` result pane. The result is recomputed from the controls' values, so a
test can set ``.value`` on a control and read the pane, and the stored widget
state of an executed notebook shows the default result in the static book.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from . import memberships as ms
from .maps import escape

NEEDS_KERNEL = ("<p><em>This explorer reacts to its controls when the notebook runs "
                "(JupyterLab or Binder). In the static book it shows its default state.</em></p>")


def table_html(table: pd.DataFrame, caption: str) -> str:
    """An HTML table with a caption; pandas escapes every cell and label."""
    html = table.to_html(escape=True, border=0, classes="crossroads-table")
    opening_end = html.index(">") + 1
    return html[:opening_end] + f"<caption>{escape(caption)}</caption>" + html[opening_end:]


def membership_explorer(memberships: pd.DataFrame, organisations: pd.DataFrame,
                        country_names: dict[str, str], *, year: int, org_ids,
                        first_year: int = 1991, last_year: int | None = None) -> widgets.VBox:
    """Year and organisation pickers over :func:`crossroads.memberships.snapshot`."""
    last_year = last_year or year
    options = [(f"{r.short_name} – {r.name}", r.org_id) for r in organisations.itertuples()]
    # A drop-down rather than a slider: the slider handle of ipywidgets has no
    # accessible name for screen readers; a <select> with a label does.
    year_picker = widgets.Dropdown(options=list(range(first_year, last_year + 1)), value=year,
                                   description="Year")
    picker = widgets.SelectMultiple(options=options, value=tuple(org_ids), rows=min(8, len(options)),
                                    description="Organisations",
                                    layout=widgets.Layout(width="95%"),
                                    style={"description_width": "initial"})
    hint = widgets.HTML("<small>Hold Ctrl (Cmd on a Mac) and click to select several "
                        "organisations; scroll the list to see them all.</small>")
    result = widgets.HTML()

    def update(_change=None):
        snap = ms.snapshot(memberships, organisations, year_picker.value, picker.value, country_names)
        body = f"<p>{escape(snap.message)}</p>"
        if not snap.table.empty:
            body += table_html(snap.table, f"Statuses in {snap.year}")
        result.value = body

    year_picker.observe(update, names="value")
    picker.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML(NEEDS_KERNEL), year_picker, picker, hint, result])


def export_scenario_explorer(history: dict[int, float], *, target: float, target_year: int,
                             capacities: dict[str, float | None], rate: float,
                             start_year: int | None = None, max_rate: float = 0.30) -> widgets.VBox:
    """Start year, growth-rate and capacity pickers over :func:`crossroads.energy.scenario`.

    ``history`` maps years to exports (bcm); the projection starts from the chosen
    year's value. ``capacities`` maps labelled capacity assumptions to bcm a year
    (None: no limit); the first is the default. The pane shows the reading and a
    chart of history, path, target and capacity.
    """
    years = sorted(y for y in history if y < target_year)
    if not years:
        raise ValueError(f"no export figure before the target year {target_year}")
    start_year = start_year if start_year in years else years[-1]
    rates = [round(r / 100, 2) for r in range(0, int(max_rate * 100) + 1)]
    start_picker = widgets.Dropdown(options=years, value=start_year, description="Start year")
    rate_picker = widgets.Dropdown(options=[(f"{r:.0%} a year", r) for r in rates],
                                   value=min(rates, key=lambda r: abs(r - rate)),
                                   description="Growth", style={"description_width": "initial"})
    # The labels are the options' values: a value of None ("no limit") would make
    # the drop-down show an empty selection.
    capacity_picker = widgets.Dropdown(options=list(capacities), value=next(iter(capacities)),
                                       description="Capacity (assumed)",
                                       style={"description_width": "initial"},
                                       layout=widgets.Layout(width="auto"))
    result = widgets.HTML()

    def update(_change=None):
        result.value = scenario_html(history, start_picker.value, rate_picker.value,
                                     target=target, target_year=target_year,
                                     capacity=capacities[capacity_picker.value])

    for control in (start_picker, rate_picker, capacity_picker):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML(NEEDS_KERNEL), widgets.HBox([start_picker, rate_picker]),
                         capacity_picker, result])


def scenario_html(history: dict[int, float], start_year: int, rate: float, *, target: float,
                  target_year: int, capacity: float | None) -> str:
    """The explorer's pane: the scenario's reading and its chart (pure, for tests)."""
    from . import charts, energy

    result = energy.scenario(start_year, history[start_year], rate, target, target_year, capacity)
    shown = result.path[result.path["year"] <= max(target_year + 3, result.reached_in or 0)]
    lines = [charts.Series("recorded", sorted(history.items())),
             charts.Series(f"{rate:.0%} a year", list(zip(shown["year"], shown["exports"]))),
             charts.Series(f"target {target:g}", [(min(history), target), (int(shown["year"].max()), target)],
                           dashed=True)]
    if capacity is not None:
        lines.append(charts.Series(f"capacity {capacity:g}",
                                   [(min(history), capacity), (int(shown["year"].max()), capacity)],
                                   dashed=True))
    svg = charts.line_chart(lines, title="Gas exports to Europe: recorded and projected",
                            description=result.message, y_label="bcm per year")
    return f"<p>{escape(result.message)}</p>{svg}"


def trade_explorer(trade: pd.DataFrame, *, partners, flow: str = "turnover",
                   side: str = "azerbaijan", years: tuple[int, int] | None = None) -> widgets.VBox:
    """Partner, flow, side and year-range pickers over :func:`crossroads.trade.view`."""
    from . import charts
    from . import trade as tr

    known = sorted(set(trade["partner"]) - {tr.WORLD})
    all_years = sorted(int(y) for y in trade["year"].unique())
    first, last = years or (all_years[0], all_years[-1])
    partner_picker = widgets.SelectMultiple(options=known, value=tuple(partners), rows=min(8, len(known)),
                                            description="Partners")
    flow_picker = widgets.Dropdown(options=list(tr.FLOWS), value=flow, description="Flow")
    side_picker = widgets.Dropdown(options=[(label, key) for key, label in tr.SIDES.items()],
                                   value=side, description="Figures from",
                                   style={"description_width": "initial"})
    first_picker = widgets.Dropdown(options=all_years, value=first, description="From")
    last_picker = widgets.Dropdown(options=all_years, value=last, description="To")
    hint = widgets.HTML("<small>Hold Ctrl (Cmd on a Mac) and click to select several partners.</small>")
    result = widgets.HTML()

    def update(_change=None):
        v = tr.view(trade, list(partner_picker.value), flow_picker.value, first_picker.value,
                    last_picker.value, side_picker.value)
        body = f"<p>{escape(v.message)}</p>"
        if not v.table.empty:
            lines = [charts.Series(p, [(int(y), float(x)) for y, x in v.table[p].dropna().items()])
                     for p in v.table.columns if v.table[p].notna().any()]
            body += charts.line_chart(lines, title=f"Azerbaijan's {flow_picker.value} with selected partners",
                                      description=v.message, y_label="million USD")
            shown = v.table.map(lambda x: "–" if pd.isna(x) else f"{x:,.0f}")
            body += table_html(shown, f"{flow_picker.value}, million USD")
        if not v.shares.empty:
            body += table_html(v.shares.map(lambda x: f"{x:.1%}"), f"China's share of Azerbaijan's total {flow_picker.value}")
        result.value = body

    for control in (partner_picker, flow_picker, side_picker, first_picker, last_picker):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HTML(NEEDS_KERNEL), partner_picker, hint,
                         widgets.HBox([flow_picker, side_picker]),
                         widgets.HBox([first_picker, last_picker]), result])
