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
