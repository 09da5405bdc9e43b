"""Numbers for the narrative: computed from the data, glued into the text.

Chapters never type a figure that comes from data: each chapter's topic module
computes them (its ``chapter_facts()``), :func:`glue_facts` glues them, and the
markdown shows them with ``{glue:}`name```. This module keeps what every chapter
uses: gluing, and dates as the text writes them.
"""
from __future__ import annotations

import pandas as pd
from myst_nb import glue



class Text(str):
    """A string whose plain-text representation has no quotes, for glued prose."""

    def __repr__(self) -> str:
        return str(self)


def glue_facts(facts: dict) -> None:
    """Glue every value of ``facts`` under its key, without displaying it here."""
    for name, value in facts.items():
        if isinstance(value, float):  # 20.0 reads "20", 11.8 "11.8", 3744.0 "3,744"
            value = Text(f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}")
        glue(name, Text(value) if isinstance(value, str) else value, display=False)


def format_date(value) -> str:
    """'27 September 2020' for a date-like value."""
    return f"{pd.Timestamp(value):%-d %B %Y}"


def event_date(events: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """Date of one event of the timeline; KeyError naming the id if it is missing."""
    match = events.loc[events["event_id"] == event_id, "date"]
    if match.empty:
        raise KeyError(f"no event {event_id!r} in the timeline (data/events.csv)")
    return match.iloc[0]


def event_when(events: pd.DataFrame, event_id: str) -> str:
    """An event's date at the precision the source gives: '3 July 2024' or 'December 2015'."""
    row = events.loc[events["event_id"] == event_id]
    if row.empty:
        raise KeyError(f"no event {event_id!r} in the timeline (data/events.csv)")
    date, precision = row["date"].iloc[0], row["date_precision"].iloc[0]
    return {"day": format_date(date), "month": f"{date:%B %Y}", "year": f"{date:%Y}"}[precision]
