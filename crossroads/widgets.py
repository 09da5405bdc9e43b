"""ipywidgets explorers: thin layers over the pure functions of the package.

Each factory returns a container widget: a note for the static book, the controls,
and the result panes (:class:`LinkedPanes`). The control a student is most likely
to try has one precomputed pane per option, linked in the browser, so it answers in
the static book without a kernel; the other controls need a kernel and are shown
disabled there (``crossroads.js``). A test sets ``.value`` on a control and reads
``explorer.panes.shown()``.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from . import memberships as ms
from .maps import escape

# Shown in the static book only (crossroads.js reveals it): which controls answer there.
STATIC_NOTE = ('<p class="crossroads-static-note" style="display:none"><em>In the book, '
               '{works} answer{s} at once. The greyed-out controls need the running notebook: '
               'open this chapter on Binder (rocket icon at the top) or in JupyterLab and run its cells.'
               '</em></p>')
# The same note for an explorer whose every control answers in the book.
STATIC_NOTE_ALL = ('<p class="crossroads-static-note" style="display:none"><em>In the book, '
                   '{works} answer{s} at once: every answer is in the page.</em></p>')
STATIC = "crossroads-static"  # class of a control whose panes are precomputed
NEEDS_KERNEL = "crossroads-needs-kernel"  # class of a control that only a kernel can answer


class LinkedPanes:
    """Precomputed panes for every combination of some controls, chosen in the browser.

    Each control in ``controls`` gets one level of nested ``Stack`` widgets, one child
    per option; its ``index`` is linked to each stack's ``selected_index`` with
    ``jslink``, so the static book (no kernel) shows the right pane. The same link is
    kept in Python, so a kernel and the tests see it too. ``render(*values)`` draws a
    pane for the controls' values; :meth:`refresh` redraws every pane after a control
    that is *not* linked (one that needs a kernel) has changed.
    """

    def __init__(self, controls, render):
        self.controls, self.render = list(controls), render
        self.leaves: dict[tuple, widgets.HTML] = {}
        for control in self.controls:
            control.add_class(STATIC)
        self.root = self._build(0, ())

    def _build(self, level: int, chosen: tuple):
        if level == len(self.controls):
            self.leaves[chosen] = widgets.HTML(self.render(*chosen))
            return self.leaves[chosen]
        control = self.controls[level]
        stack = widgets.Stack([self._build(level + 1, chosen + (value,)) for value in control._options_values],
                              selected_index=control.index)
        widgets.jslink((control, "index"), (stack, "selected_index"))
        control.observe(lambda change, stack=stack: setattr(stack, "selected_index", change["new"]),
                        names="index")
        return stack

    def refresh(self, _change=None) -> None:
        for chosen, pane in self.leaves.items():
            pane.value = self.render(*chosen)

    def shown(self) -> str:
        """The HTML of the pane the controls select now."""
        return self.leaves[tuple(c.value for c in self.controls)].value


def explorer_box(children, panes: LinkedPanes, kernel_controls) -> widgets.VBox:
    """The explorer: a note for the static book, the controls, then the panes."""
    for control in kernel_controls:
        control.add_class(NEEDS_KERNEL)
        control.observe(panes.refresh, names="value")
    names = [c.description for c in panes.controls]
    works = " and ".join(f"<strong>{escape(n)}</strong>" for n in names)
    template = STATIC_NOTE if kernel_controls else STATIC_NOTE_ALL
    note = widgets.HTML(template.format(works=works, s="s" if len(names) == 1 else ""))
    box = widgets.VBox([note, *children, panes.root])
    box.add_class("crossroads-explorer")
    box.panes = panes  # for tests and callers: box.panes.shown()
    return box


def table_html(table: pd.DataFrame, caption: str) -> str:
    """An HTML table with a caption; pandas escapes every cell and label."""
    from .tables import NO_MATHS, one_header_row

    html = one_header_row(table).to_html(escape=True, border=0, classes=f"crossroads-table {NO_MATHS}")
    html = html.replace("<th>", '<th scope="col">', len(table.columns) + 1)  # the header row
    html = html.replace("<tr>\n      <th>", '<tr>\n      <th scope="row">')  # each row's heading
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

    def pane(year: int) -> str:
        snap = ms.snapshot(memberships, organisations, year, picker.value, country_names)
        body = f"<p>{escape(snap.message)}</p>"
        if not snap.table.empty:
            body += table_html(snap.table, f"Statuses in {snap.year}")
        return body

    panes = LinkedPanes([year_picker], pane)
    return explorer_box([year_picker, picker, hint], panes, kernel_controls=[picker])


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

    def pane(capacity_label: str, rate: float) -> str:
        return scenario_html(history, start_picker.value, rate, target=target, target_year=target_year,
                             capacity=capacities[capacity_label])

    panes = LinkedPanes([capacity_picker, rate_picker], pane)
    return explorer_box([widgets.HBox([start_picker, rate_picker]), capacity_picker], panes,
                        kernel_controls=[start_picker])


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

    def pane(flow: str, side: str) -> str:
        v = tr.view(trade, list(partner_picker.value), flow, first_picker.value, last_picker.value, side)
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
