"""Tables for the page: one look, a caption for screen readers, no index noise."""
from __future__ import annotations

import re

import pandas as pd
from pandas.io.formats.style import Styler


class Table:
    """A styled table for display: HTML for the page, its caption as plain text.

    Wrapping the Styler keeps object addresses out of the stored notebook output.
    """

    def __init__(self, styler: Styler, caption: str):
        self.styler, self.caption = styler, caption

    def _repr_html_(self) -> str:
        return with_scopes(self.styler.to_html())

    def __repr__(self) -> str:
        return f"Table: {self.caption}"


def with_scopes(html: str) -> str:
    """Header cells say what they head (scope), as WCAG technique H63 asks of data tables."""
    html = re.sub(r'<th (?=[^>]*class="[^"]*(?:col_heading|index_name))', '<th scope="col" ', html)
    html = re.sub(r'<th (?=[^>]*class="[^"]*row_heading)', '<th scope="row" ', html)
    return html


def one_header_row(table: pd.DataFrame) -> pd.DataFrame:
    """Put the index name in the corner cell instead of a second header row."""
    if table.index.name is None or table.columns.nlevels > 1:
        return table
    return table.rename_axis(index=None, columns=table.index.name)


NO_MATHS = "tex2jax_ignore mathjax_ignore"  # classes MathJax 2 and 3 skip


def show(table: pd.DataFrame, caption: str, index: bool = False, small=()) -> Table:
    """A styled table with a caption; empty values print as a dash.

    Columns in ``small`` (for example source ids) are set in a smaller font and may
    break anywhere, so long ids do not squeeze the other columns. The id is derived from the caption, so that re-executing a notebook gives the
    same HTML (pandas would otherwise draw a random id). Cells are escaped.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", caption.lower()).strip("-")[:40]
    table = one_header_row(table) if index else table
    # MathJax (JupyterLab typesets HTML outputs) would read two "$" in a table as maths.
    styler = table.style.set_uuid(slug).set_caption(caption).format(na_rep="–", escape="html")
    styler = styler.set_table_attributes(f'class="{NO_MATHS}"')
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    if small:
        styler = styler.set_properties(subset=list(small), **{"font-size": "0.8em",
                                                              "word-break": "break-all"})
    return Table(styler if index else styler.hide(axis="index"), caption)
