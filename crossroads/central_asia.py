"""Chapter 4, the Central Asia pivot: agreements, trade and projects, the map, the explorer.

Everything the chapter computes lives here: the tables of agreements by country and level,
the count of agreements before and after the Russian invasion of Ukraine (24 February 2022),
the chart, the map of the Caspian basin, the agreements explorer and the figures the text
states (:func:`chapter_facts`). The functions are pure where they can be, so that the unit
tests need no browser and no kernel.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from . import maps

FOCUS = "AZE"
CENTRAL_ASIA = {"KAZ": "Kazakhstan", "UZB": "Uzbekistan", "KGZ": "Kyrgyzstan",
                "TKM": "Turkmenistan", "TJK": "Tajikistan"}
LEVELS = ["bilateral", "trilateral", "institutional"]
# From the most to the least binding, to style a bilateral link by its strongest document.
KIND_STRENGTH = ["treaty", "declaration", "agreement", "fund", "memorandum", "summit"]
INVASION = pd.Timestamp("2022-02-24")  # Russia's full-scale invasion of Ukraine
# The period the data set was built to cover; documents outside it are listed, not counted.
PERIOD = (pd.Timestamp("2020-01-01"), pd.Timestamp("2025-12-31"))
ALL = "all"


class AgreementsError(ValueError):
    """A selection the agreements functions cannot answer (unknown country or level, bad years)."""


def by_partner(agreements: pd.DataFrame) -> pd.DataFrame:
    """One row per agreement and Central Asian participant (``partner`` column, ISO3).

    A trilateral or institutional row counts once for each Central Asian state in it, so
    that "agreements with Kazakhstan" includes the Türkiye–Azerbaijan–Kazakhstan format.
    """
    rows = agreements.assign(partner=agreements["countries"].str.split(";")).explode("partner")
    rows = rows[rows["partner"].isin(CENTRAL_ASIA)]
    return rows.sort_values(["date", "agreement_id"]).reset_index(drop=True)


def select(agreements: pd.DataFrame, country: str = ALL, level: str = ALL,
           first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """The agreements with one Central Asian state (or ``"all"``) at one level, in a year range.

    Raises :class:`AgreementsError` for an unknown country or level, or a reversed range.
    """
    if country != ALL and country not in CENTRAL_ASIA:
        raise AgreementsError(f"unknown country {country!r}; expected 'all' or one of {sorted(CENTRAL_ASIA)}")
    if level != ALL and level not in LEVELS:
        raise AgreementsError(f"unknown level {level!r}; expected 'all' or one of {LEVELS}")
    if first_year is not None and last_year is not None and first_year > last_year:
        raise AgreementsError(f"the year range {first_year}–{last_year} is reversed")
    rows = by_partner(agreements)
    if country != ALL:
        rows = rows[rows["partner"] == country]
    rows = rows.drop_duplicates("agreement_id") if country == ALL else rows
    if level != ALL:
        rows = rows[rows["level"] == level]
    years = rows["date"].dt.year
    if first_year is not None:
        rows = rows[years >= first_year]
    if last_year is not None:
        rows = rows[rows["date"].dt.year <= last_year]
    return rows.reset_index(drop=True)


def by_country_and_level(agreements: pd.DataFrame) -> pd.DataFrame:
    """Counts: one row per Central Asian state, one column per level, and a total."""
    rows = by_partner(agreements)
    table = pd.crosstab(rows["partner"].map(CENTRAL_ASIA), rows["level"])
    table = table.reindex(index=list(CENTRAL_ASIA.values()), columns=LEVELS, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.index.name, table.columns.name = "country", None
    return table


@dataclass(frozen=True)
class Pace:
    """Agreements a year before and after the invasion of Ukraine, within :data:`PERIOD`."""

    before: int
    after: int
    years_before: float
    years_after: float

    @property
    def per_year_before(self) -> float:
        return self.before / self.years_before

    @property
    def per_year_after(self) -> float:
        return self.after / self.years_after

    def reading(self, subject: str) -> str:
        """One sentence a student can check against the table."""
        return (f"{subject}: {self.before} before 24 February 2022 ({self.per_year_before:.1f} a year) "
                f"and {self.after} after ({self.per_year_after:.1f} a year), counting "
                f"{PERIOD[0].year}–{PERIOD[1].year}.")


def pace(rows: pd.DataFrame) -> Pace:
    """Count ``rows`` (agreements) before and after :data:`INVASION`, within :data:`PERIOD`."""
    start, end = PERIOD
    dates = rows.drop_duplicates("agreement_id")["date"]
    dates = dates[(dates >= start) & (dates <= end)]
    years = lambda a, b: (b - a).days / 365.25  # noqa: E731 (a one-line helper)
    return Pace(int((dates < INVASION).sum()), int((dates >= INVASION).sum()),
                years(start, INVASION), years(INVASION, end + pd.Timedelta(days=1)))


def per_year(agreements: pd.DataFrame) -> pd.DataFrame:
    """Agreements per year (rows) and level (columns), within :data:`PERIOD`."""
    start, end = PERIOD
    rows = agreements[(agreements["date"] >= start) & (agreements["date"] <= end)]
    table = pd.crosstab(rows["date"].dt.year, rows["level"])
    years = range(start.year, end.year + 1)
    return table.reindex(index=years, columns=LEVELS, fill_value=0)


def per_year_chart(agreements: pd.DataFrame) -> str:
    """A stacked bar chart (SVG markup, drawn by matplotlib) of :func:`per_year`."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    table = per_year(agreements)
    # Fixed ids and no date make the SVG identical on every run, as strict nbval needs.
    with matplotlib.rc_context({"svg.hashsalt": "crossroads", "svg.fonttype": "none",
                                "font.size": 12}):
        fig, ax = plt.subplots(figsize=(7.5, 3.6))
        bottom = pd.Series(0, index=table.index)
        for colour, hatch, level in zip(maps.PALETTE, ["", "//", ".."], LEVELS):
            ax.bar(table.index, table[level], bottom=bottom, color=colour, hatch=hatch,
                   edgecolor="white", label=level)
            bottom += table[level]
        ax.axvline(2022 - 0.5 + 54 / 365, color="#000000", linestyle="--", linewidth=1)
        ax.annotate("24 Feb 2022", (2022 - 0.45, bottom.max()), fontsize=11)
        ax.set_ylabel("documents and summits")
        ax.set_xticks(list(table.index))
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, loc="upper left")
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    described = ", ".join(f"{year}: {int(row.sum())}" for year, row in table.iterrows())
    return (f'<figure class="crossroads-chart" role="img" aria-label="Agreements and summits '
            f'with Central Asia per year, by level. {described}.">{svg}</figure>')


def documents(rows: pd.DataFrame) -> pd.DataFrame:
    """The agreements as a reader's table: date, states, level, kind, title, what it commits."""
    rows = rows.drop_duplicates("agreement_id")
    return pd.DataFrame({
        "date": rows["date"].dt.strftime("%d %b %Y"),
        "with": rows["countries"].map(lambda c: ", ".join(CENTRAL_ASIA.get(i, i) for i in c.split(";")
                                                          if i != FOCUS)),
        "level": rows["level"], "kind": rows["kind"], "title": rows["title"],
        "commits": rows["commits"], "source": rows["source_id"]}).reset_index(drop=True)


def explorer_pane(agreements: pd.DataFrame, country: str, level: str,
                  first_year: int | None = None, last_year: int | None = None) -> str:
    """The explorer's pane: a reading of the pace, then the documents, as HTML."""
    from .widgets import table_html

    rows = select(agreements, country, level, first_year, last_year)
    who = "all five Central Asian states" if country == ALL else CENTRAL_ASIA[country]
    what = "all levels" if level == ALL else f"{level} level"
    if rows.empty:
        return f"<p>No {'' if level == ALL else level + ' '}agreements with {maps.escape(who)} in these years.</p>"
    body = f"<p>{maps.escape(pace(rows).reading(f'{who[0].upper()}{who[1:]}, {what}'))}</p>"
    return body + table_html(documents(rows).set_index("date"), f"Documents and summits: {who}, {what}")


def agreements_explorer(agreements: pd.DataFrame):
    """Country and level pickers (answered in the static book) and a year range (kernel)."""
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box

    years = list(range(int(agreements["date"].dt.year.min()), int(agreements["date"].dt.year.max()) + 1))
    country = widgets.Dropdown(options=[("All five", ALL)] + [(n, c) for c, n in CENTRAL_ASIA.items()],
                               value=ALL, description="Country")
    level = widgets.Dropdown(options=[("All levels", ALL)] + [(lv, lv) for lv in LEVELS],
                             value=ALL, description="Level")
    first = widgets.Dropdown(options=years, value=years[0], description="From")
    last = widgets.Dropdown(options=years, value=years[-1], description="To")
    panes = LinkedPanes([country, level],
                        lambda c, lv: explorer_pane(agreements, c, lv, first.value, last.value))
    return explorer_box([widgets.HBox([country, level]), widgets.HBox([first, last])], panes,
                        kernel_controls=[first, last])


def strongest_kind(rows: pd.DataFrame) -> str:
    """The most binding kind among ``rows`` (see :data:`KIND_STRENGTH`)."""
    kinds = set(rows["kind"])
    return next(k for k in KIND_STRENGTH if k in kinds)


def _line(places: pd.DataFrame, place_ids, label: str, popup) -> dict:
    index = places.set_index("place_id")
    missing = [p for p in place_ids if p not in index.index]
    if missing:
        raise maps.MapError(f"no place {missing} in data/places.csv for the line {label!r}")
    coordinates = [[float(index.loc[p, "lon"]), float(index.loc[p, "lat"])] for p in place_ids]
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coordinates},
            "properties": {"label": label, "popup": popup}}


def _listing(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return [(f"{r.date:%d %b %Y}", f"{r.title} ({r.kind})") for r in rows.drop_duplicates("agreement_id").itertuples()]


CAPITALS = {"AZE": "baku", "TUR": "ankara", "KAZ": "astana", "UZB": "tashkent", "KGZ": "bishkek",
            "TKM": "ashgabat", "TJK": "dushanbe"}
LINK_STYLE = {"treaty": ("#000000", None), "declaration": ("#0072B2", None),
              "agreement": ("#0072B2", "10 6"), "fund": ("#0072B2", "10 6"),
              "memorandum": ("#56B4E9", "4 6"), "summit": ("#56B4E9", "4 6")}


def caspian_map(agreements, memberships, organisations, outlines, places,
                org_ids=("OTS", "SCO", "CICA"), year: int = 2025) -> maps.MapFigure:
    """The Caspian basin: Baku's bilateral links, trilateral triangles, organisations as outlines."""
    from . import memberships as ms

    names = dict(CENTRAL_ASIA, AZE="Azerbaijan", TUR="Türkiye")
    fmap = maps.base_map(center=(42.0, 58.0), zoom=4)
    legend = ms.organisation_layers(fmap, memberships, organisations, outlines, year, list(org_ids),
                                    names, shown=())
    rows = by_partner(agreements)
    bilateral = rows[rows["level"] == "bilateral"]
    for kind in KIND_STRENGTH:  # one layer per strongest kind, so the legend explains the style
        features = []
        for partner, own in bilateral.groupby("partner"):
            if strongest_kind(own) == kind:
                label = f"Azerbaijan–{CENTRAL_ASIA[partner]}: {len(own)} bilateral documents and summits"
                features.append(_line(places, ["baku", CAPITALS[partner]], label, _listing(own)))
        if features:
            colour, dash = LINK_STYLE[kind]
            maps.add_lines(fmap, features, name=f"Bilateral: strongest document a {kind}", colour=colour, dash=dash)
            legend.append((colour, dash is not None, f"Baku to a capital: strongest bilateral document a {kind}"))
    triangles = []
    for countries, own in agreements[agreements["level"] == "trilateral"].groupby("countries"):
        ids = countries.split(";")
        label = "Trilateral format: " + "–".join(names.get(c, c) for c in ids)
        triangles.append(_line(places, [CAPITALS[c] for c in ids + ids[:1]], label, _listing(own)))
    if triangles:
        maps.add_lines(fmap, triangles, name="Trilateral formats", colour=maps.HIGHLIGHT, dash="2 6")
        legend.append((maps.HIGHLIGHT, True, "Trilateral formats (dotted triangles)"))
    ports = places[places["kind"].isin(["port", "capital"]) &
                   places["country_iso3"].isin(set(CENTRAL_ASIA) | {FOCUS})]
    maps.add_points(fmap, [{"lat": p.lat, "lon": p.lon, "label": f"{p.name} ({p.kind})",
                            "popup": [("Place", p.name), ("Kind", p.kind)]} for p in ports.itertuples()],
                    name="Capitals and Caspian ports")
    return maps.finish(
        fmap, title=f"Map: Azerbaijan and Central Asia, agreements to {year}",
        caption=("Lines join Baku to each Central Asian capital; their style shows the most binding "
                 "bilateral document in the data (hover or click a line for the list, with dates). "
                 "Dotted triangles are the trilateral formats with Türkiye. Open the layers button "
                 f"(top right) to shade the members of {', '.join(org_ids)} in {year}. Lines are "
                 "schematic, capital to capital. Outlines: Natural Earth (public domain); "
                 "boundaries imply no position on disputed territory."),
        legend_title="Layers", legend_items=legend)
