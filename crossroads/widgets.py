"""What every chapter's explorer shares; each explorer lives in its chapter's topic module.

An explorer is a thin layer over the pure functions of its module. Each factory
returns a container widget (:func:`explorer_box`): a note for the static book, the
controls, and the result panes (:class:`LinkedPanes`). The control a student is most likely
to try has one precomputed pane per option, linked in the browser, so it answers in
the static book without a kernel; the other controls need a kernel and are shown
disabled there (``crossroads.js``). A test sets ``.value`` on a control and reads
``explorer.panes.shown()``.
"""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

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
