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


# --- The timeline appendix: events and agreements, filterable --------------------------------

AGREEMENTS_THEME = "central_asia"  # the theme given to chapter 4's agreements on the timeline
THEME_NAMES_ALL = {**THEME_NAMES, AGREEMENTS_THEME: "Central Asia (agreements)"}
THEME_CHAPTERS = {  # theme -> the chapters whose subject it is
    "war_and_peace": ["01_balancing_between_blocs", "07_synthesis_and_scenarios"],
    "diplomacy": ["01_balancing_between_blocs"], "institutions": ["01_balancing_between_blocs"],
    "energy": ["02_energy_diplomacy"], "china": ["03_china_ties"], "transport": ["05_corridors"],
    AGREEMENTS_THEME: ["04_central_asia_pivot"],
}
ALL = "all"


def entries(events: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """Every event and every agreement as one table: date, title, theme, actors, source, oldest first."""
    unknown = sorted(set(events["theme"]) - set(THEME_CHAPTERS))
    if unknown:
        raise ValueError(f"data/events.csv: themes {unknown} have no chapter in timeline.THEME_CHAPTERS")
    from_events = events.assign(entry_id=events["event_id"])[
        ["entry_id", "date", "date_precision", "title", "theme", "actors", "source_id"]]
    from_agreements = agreements.drop_duplicates("agreement_id").assign(
        entry_id=agreements["agreement_id"], theme=AGREEMENTS_THEME, actors=agreements["countries"])[
        ["entry_id", "date", "date_precision", "title", "theme", "actors", "source_id"]]
    table = pd.concat([from_events, from_agreements], ignore_index=True)
    return table.sort_values(["date", "entry_id"]).reset_index(drop=True)


def chapters_of(entry: pd.Series, cited: dict[str, set[str]]) -> list[str]:
    """The chapters that discuss an entry: those of its theme, and those that cite its source.

    ``cited`` maps a chapter's file name to the set of words in its notebook, among which are
    the source ids it cites.
    """
    found = list(THEME_CHAPTERS[entry["theme"]])
    found += [name for name, words in cited.items() if name not in found and entry["source_id"] in words]
    return sorted(found)


def chapter_texts(chapters_dir) -> dict[str, set[str]]:
    """Each chapter notebook's file name (without suffix) and the set of id-like words in it."""
    import re
    from pathlib import Path

    word = re.compile(r"[a-z0-9_]+")
    return {p.stem: set(word.findall(p.read_text(encoding="utf-8")))
            for p in sorted(Path(chapters_dir).glob("[0-9][0-9]_*.ipynb"))}


def when(row) -> str:
    """A date as precise as the data give it."""
    precision = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}[row["date_precision"]]
    return f"{row['date']:{precision}}"


def selected(table: pd.DataFrame, theme: str = ALL, actor: str = ALL, period: str = ALL) -> pd.DataFrame:
    """The entries of one theme, actor (ISO code) and period label; ``all`` means no filter."""
    if theme != ALL and theme not in THEME_NAMES_ALL:
        raise ValueError(f"unknown theme {theme!r}; expected one of {sorted(THEME_NAMES_ALL)}")
    first, last = (None, None) if period == ALL else next((a, b) for a, b, label in PERIODS if label == period)
    rows = filter_events(table, themes=None if theme == ALL else [theme], first_year=first, last_year=last,
                         actor=None if actor == ALL else actor)
    return rows.sort_values(["date", "entry_id"])


def timeline_html(rows: pd.DataFrame, names: dict[str, str], titles: dict[str, str], cited: dict[str, set[str]],
                  caption: str) -> str:
    """The entries as an accessible HTML table, each linked to the chapters that discuss it."""
    from html import escape

    from .tables import NO_MATHS

    if rows.empty:
        return f"<p>No event or agreement matches: {escape(caption)}.</p>"
    body = []
    for _, row in rows.iterrows():
        actors = ", ".join(names.get(code, code) for code in row["actors"].split(";"))
        # To the notebook, which JupyterLab opens; the book links the page (crossroads.book).
        links = ", ".join(f'<a href="../{c}.ipynb">{escape(titles.get(c, c))}</a>' for c in chapters_of(row, cited))
        body.append(f"<tr><td>{escape(when(row))}</td><td>{escape(row['title'])}</td>"
                    f"<td>{escape(THEME_NAMES_ALL[row['theme']])}</td><td>{escape(actors)}</td>"
                    f"<td>{links}</td><td><code>{escape(row['source_id'])}</code></td></tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in ("date", "event", "theme", "actors", "chapters", "source"))
    return (f'<table class="crossroads-table {NO_MATHS}"><caption>{escape(caption)} ({len(rows)})</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def timeline_explorer(events: pd.DataFrame, agreements: pd.DataFrame, names: dict[str, str], chapters_dir):
    """Theme (answers in the static book), actor and period (need a kernel) over every entry."""
    from pathlib import Path

    import ipywidgets as widgets

    from .hub import chapters
    from .widgets import LinkedPanes, explorer_box

    table = entries(events, agreements)
    cited = chapter_texts(chapters_dir)
    titles = {Path(path).stem: f"{i}. {title}" for i, (path, title) in enumerate(chapters(), start=1)}
    counts = table["theme"].value_counts()
    theme = widgets.Dropdown(options=[("all themes", ALL)] + [(f"{THEME_NAMES_ALL[t]} ({counts.get(t, 0)})", t)
                                                               for t in THEME_NAMES_ALL],
                             description="Theme")
    actors = sorted({code for codes in table["actors"] for code in codes.split(";")},
                    key=lambda code: names.get(code, code))
    actor = widgets.Dropdown(options=[("all actors", ALL)] + [(names.get(c, c), c) for c in actors],
                             description="Actor")
    period = widgets.Dropdown(options=[("all periods", ALL)] + [(label, label) for _, _, label in PERIODS],
                              description="Period", layout=widgets.Layout(width="34em"))

    def label(control, value) -> str:
        return next(text for text, v in control.options if v == value)

    def pane(chosen_theme: str) -> str:
        rows = selected(table, chosen_theme, actor.value, period.value)
        chosen = ", ".join(label(c, v) for c, v in ((theme, chosen_theme), (actor, actor.value), (period, period.value)))
        return timeline_html(rows, names, titles, cited, f"Events and agreements: {chosen}")

    panes = LinkedPanes([theme], pane)
    return explorer_box([theme, actor, period], panes, kernel_controls=[actor, period])
