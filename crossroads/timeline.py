"""The timeline of events: filters and summaries used by the chapters."""
from __future__ import annotations

import pandas as pd

PERIODS = [  # (first year, last year, label): the course's periodisation
    (1991, 1993, "1991–1993: independence and the first war"),
    (1994, 2003, "1994–2003: ceasefire and the oil settlement"),
    (2004, 2019, "2004–2019: pipelines and balancing"),
    (2020, 2023, "2020–2023: the wars and the end of Nagorno-Karabakh"),
    (2024, 2030, "2024 onwards: the post-conflict order"),
]
THEME_NAMES = {"war_and_peace": "war and peace", "energy": "energy", "diplomacy": "diplomacy",
               "institutions": "institutions", "transport": "transport", "china": "China"}


def period_of(year: int) -> str:
    """The course period a year belongs to; ValueError outside 1991–2030."""
    for first, last, label in PERIODS:
        if first <= year <= last:
            return label
    raise ValueError(f"year {year} is outside the course periods (1991–2030)")


def events_by_period(events: pd.DataFrame) -> pd.DataFrame:
    """Count events per period (rows) and theme (columns), with totals."""
    labelled = events.assign(period=events["date"].dt.year.map(period_of),
                             theme=events["theme"].map(THEME_NAMES))
    table = pd.crosstab(labelled["period"], labelled["theme"], margins=True, margins_name="total")
    order = [label for _, _, label in PERIODS if label in table.index] + ["total"]
    return table.loc[order]


def filter_events(events: pd.DataFrame, themes=None, first_year=None, last_year=None,
                  actor=None) -> pd.DataFrame:
    """Events matching every given criterion (None means no filter), oldest first."""
    mask = pd.Series(True, index=events.index)
    if themes is not None:
        mask &= events["theme"].isin(list(themes))
    if first_year is not None:
        mask &= events["date"].dt.year >= first_year
    if last_year is not None:
        mask &= events["date"].dt.year <= last_year
    if actor is not None:
        mask &= events["actors"].str.split(";").apply(lambda codes: actor in codes)
    return events[mask].sort_values("date")
