"""Chapter 4, the Central Asia pivot: agreements, trade and projects, the map, the explorer.

Everything the chapter computes lives here: the tables of agreements by country and level,
the count of agreements before and after the Russian invasion of Ukraine (24 February 2022),
the chart, the map of the Caspian basin, the agreements explorer and the figures the text
states (:func:`chapter_facts`). The functions are pure where they can be, so that the unit
tests need no browser and no kernel.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import maps
from .facts import Text

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
    """Counts of :func:`counted` rows: one row per Central Asian state, one per level, a total."""
    rows = by_partner(counted(agreements))
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


def counted(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that count as a new document or summit: not an implementation step, in :data:`PERIOD`."""
    start, end = PERIOD
    rows = rows.drop_duplicates("agreement_id")
    return rows[(rows["kind"] != "implementation") & (rows["date"] >= start) & (rows["date"] <= end)]


def pace(rows: pd.DataFrame) -> Pace:
    """Count ``rows`` (agreements) before and after :data:`INVASION`, within :data:`PERIOD`."""
    start, end = PERIOD
    dates = counted(rows)["date"]
    years = lambda a, b: (b - a).days / 365.25  # noqa: E731 (a one-line helper)
    return Pace(int((dates < INVASION).sum()), int((dates >= INVASION).sum()),
                years(start, INVASION), years(INVASION, end + pd.Timedelta(days=1)))


def per_year(agreements: pd.DataFrame) -> pd.DataFrame:
    """Agreements per year (rows) and level (columns), within :data:`PERIOD`."""
    start, end = PERIOD
    rows = counted(agreements)
    table = pd.crosstab(rows["date"].dt.year, rows["level"])
    years = range(start.year, end.year + 1)
    return table.reindex(index=years, columns=LEVELS, fill_value=0)


def per_year_chart(agreements: pd.DataFrame):
    """A stacked bar chart (matplotlib, as SVG) of :func:`per_year`."""
    from .charts import matplotlib_figure

    table = per_year(agreements)

    def draw(ax):
        bottom = pd.Series(0, index=table.index)
        for colour, hatch, level in zip(maps.PALETTE, ["", "//", ".."], LEVELS):
            ax.bar(table.index, table[level], bottom=bottom, color=colour, hatch=hatch,
                   edgecolor="white", label=level)
            bottom += table[level]
        ax.axvline(2022 - 0.5 + 54 / 365, color="#000000", linestyle="--", linewidth=1)
        ax.annotate("24 Feb 2022", (2022 - 0.45, bottom.max()), fontsize=11)
        ax.set_ylabel("documents and summits")
        ax.set_xticks(list(table.index))
        ax.legend(frameon=False, loc="upper left")

    described = ", ".join(f"{year}: {int(row.sum())}" for year, row in table.iterrows())
    return matplotlib_figure(draw, title="Agreements and summits with Central Asia per year, by level",
                             description=described)


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
    # Four short columns: the pane is narrow, and what each commits is in the chapter's table.
    shown = documents(rows)[["date", "with", "level", "title"]].set_index("date")
    return body + table_html(shown, f"Documents and summits: {who}, {what}")


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


def _link_label(partner: str, rows: pd.DataFrame) -> str:
    """Tooltip of a bilateral link: the strongest and the latest document, each dated."""
    rows = rows.drop_duplicates("agreement_id")
    strongest = rows[rows["kind"] == strongest_kind(rows)].iloc[-1]
    latest = rows.iloc[-1]
    text = (f"Azerbaijan–{partner}, {len(rows)} documents and summits. Strongest: "
            f"{strongest['title']} ({strongest['date']:%d %b %Y}).")
    if latest["agreement_id"] != strongest["agreement_id"]:
        text += f" Latest: {latest['title']} ({latest['date']:%d %b %Y})."
    return text + " Click for the full list."


def _listing(rows: pd.DataFrame) -> list[tuple[str, str]]:
    return [(f"{r.date:%d %b %Y}", f"{r.title} ({r.kind})") for r in rows.drop_duplicates("agreement_id").itertuples()]


CAPITALS = {"AZE": "baku", "TUR": "ankara", "GEO": "tbilisi", "KAZ": "astana", "UZB": "tashkent", "KGZ": "bishkek",
            "TKM": "ashgabat", "TJK": "dushanbe"}
LINK_STYLE = {"treaty": ("#000000", None), "declaration": ("#0072B2", None),
              "agreement": ("#0072B2", "10 6"), "fund": ("#0072B2", "10 6"),
              "memorandum": ("#56B4E9", "4 6"), "summit": ("#56B4E9", "4 6")}


def caspian_map(agreements, memberships, organisations, outlines, places,
                org_ids=("OTS", "SCO", "CICA"), year: int = 2025) -> maps.MapFigure:
    """The Caspian basin: Baku's bilateral links, trilateral triangles, organisations as outlines."""
    from . import memberships as ms

    names = dict(CENTRAL_ASIA, AZE="Azerbaijan", TUR="Türkiye", GEO="Georgia", HUN="Hungary")
    fmap = maps.base_map(center=(42.0, 58.0), zoom=4)
    legend = ms.organisation_layers(fmap, memberships, organisations, outlines, year, list(org_ids),
                                    names, shown=())
    rows = by_partner(agreements)
    bilateral = rows[rows["level"] == "bilateral"]
    for kind in KIND_STRENGTH:  # one layer per strongest kind, so the legend explains the style
        features = []
        for partner, own in bilateral.groupby("partner"):
            if strongest_kind(own) == kind:
                label = _link_label(CENTRAL_ASIA[partner], own)
                features.append(_line(places, ["baku", CAPITALS[partner]], label, _listing(own)))
        if features:
            colour, dash = LINK_STYLE[kind]
            maps.add_lines(fmap, features, name=f"Bilateral: strongest document a {kind}", colour=colour, dash=dash)
            legend.append((colour, dash is not None, f"Baku to a capital: strongest bilateral document a {kind}"))
    triangles = []
    for countries, own in agreements[agreements["level"] == "trilateral"].groupby("countries"):
        ids = countries.split(";")
        label = ("Three-way" if len(ids) == 3 else "Four-way") + " format: " + "–".join(names.get(c, c) for c in ids)
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


SIDE_MARK = {"azerbaijan": "AZ", "partner": "partner", "independent": "other"}


def trade_by_country(trade: pd.DataFrame) -> pd.DataFrame:
    """Every trade figure for the five states: one row per state, one column per year.

    A cell lists each figure with whose it is (AZ: Azerbaijani, partner: the Central
    Asian state's, other: an analyst or unnamed) and its period if not the full year,
    so that figures from two sides are never added or charted as one series.
    """
    rows = trade[trade["partner_iso3"].isin(CENTRAL_ASIA) & (trade["flow"] == "turnover")
                 & trade["value"].notna()]
    cells = rows.assign(text=[f"{r.value:,.1f} ({SIDE_MARK[r.side]}"
                              + ("" if r.period == "full year" else f", {r.period}") + ")"
                              for r in rows.itertuples()])
    table = cells.groupby(["partner", "year"])["text"].agg("; ".join).unstack("year")
    table = table.reindex(index=list(CENTRAL_ASIA.values())).astype(object).fillna("–")
    table.index.name, table.columns.name = "turnover, million USD", None
    return table


def trade_figure(trade: pd.DataFrame, iso3: str, year: int, side: str, period: str = "full year") -> float:
    """One turnover figure (the first listed if several); KeyError names what is missing."""
    rows = trade[(trade["partner_iso3"] == iso3) & (trade["year"] == year) & (trade["flow"] == "turnover")
                 & (trade["side"] == side) & (trade["period"] == period) & trade["value"].notna()]
    if rows.empty:
        raise KeyError(f"no {side} turnover for {iso3} {year} ({period}) in data/trade.csv")
    return float(rows["value"].iloc[0])


def projects_table(projects: pd.DataFrame) -> pd.DataFrame:
    """One row per project, one column per step with its date: announced, foundation laid, opened."""
    steps = projects.assign(day=projects["date"].dt.strftime("%d %b %Y").where(projects["date_precision"] == "day",
                                                                               projects["date"].dt.strftime("%b %Y")))
    table = steps.pivot_table(index=["project", "country_iso3", "place"], columns="status", values="day",
                              aggfunc="first").reindex(columns=["announced", "foundation_laid", "opened"])
    table = table.reset_index().rename(columns={"country_iso3": "funded by", "foundation_laid": "foundation laid"})
    table["funded by"] = table["funded by"].map(CENTRAL_ASIA)
    return table.astype(object).fillna("–").set_index("project")


def chapter_facts(agreements, trade, projects, claims, transport) -> dict:
    """Every figure that chapter 4 states in its text, computed from the data."""
    from . import claims as cl
    from .facts import format_date

    by_id = agreements.set_index("agreement_id")

    def when(agreement_id: str) -> str:
        if agreement_id not in by_id.index:
            raise KeyError(f"no agreement {agreement_id!r} in data/agreements.csv")
        row = by_id.loc[agreement_id]
        return format_date(row["date"]) if row["date_precision"] == "day" else f"{row['date']:%B %Y}"

    def amount(agreement_id: str) -> int:
        return int(by_id.loc[agreement_id, "amount_musd"])

    def step(milestone_id: str) -> str:
        return format_date(projects.set_index("milestone_id").loc[milestone_id, "date"])

    overall = pace(agreements)
    levels = {level: pace(agreements[agreements["level"] == level]) for level in LEVELS}
    # chapter 4's claims of the Caucasus Watch article (chapter 5 checks its corridor claims)
    verdicts = cl.verdict_counts(claims[claims["claim_id"].str.startswith("c003")])
    documents_only = pace(agreements[agreements["kind"] != "summit"])
    institutional_documents = pace(agreements[(agreements["kind"] != "summit") & (agreements["level"] == "institutional")])
    cargo = transport.set_index("figure_id")["value"]
    kgz_opened = projects.set_index("milestone_id").loc["kgz_aykol_manas_school_opened", "date"]
    facts = {
        "first_year": PERIOD[0].year, "last_year": PERIOD[1].year,
        "docs_before": documents_only.before, "docs_after": documents_only.after,
        "docs_rate_before": Text(f"{documents_only.per_year_before:.1f}"),
        "docs_rate_after": Text(f"{documents_only.per_year_after:.1f}"),
        "inst_docs_after": institutional_documents.after,
        "titr_2022": float(cargo["titr_cargo_2022"]), "titr_2024": float(cargo["titr_cargo_2024"]),
        "titr_2025": float(cargo["titr_cargo_2025"]),
        "kaz_2022_az_jan_oct": trade_figure(trade, "KAZ", 2022, "azerbaijan", "Jan-Oct"),
        "kaz_2022_partner": trade_figure(trade, "KAZ", 2022, "partner"),
        "tkm_2024_jan_apr": trade_figure(trade, "TKM", 2024, "azerbaijan", "Jan-Apr"),
        "kgz_school_opened": Text(f"{kgz_opened:%B %Y}"),
        "n_counted": len(counted(agreements)), "n_rows": len(agreements),
        "before": overall.before, "after": overall.after,
        "rate_before": Text(f"{overall.per_year_before:.1f}"), "rate_after": Text(f"{overall.per_year_after:.1f}"),
        "n_claims": int(verdicts.sum()), "n_supported": int(verdicts["supported"]),
        "n_partly": int(verdicts["partly supported"]), "n_not": int(verdicts["not supported"]),
        "kaz_2019": trade_figure(trade, "KAZ", 2019, "azerbaijan"), "kaz_2024": trade_figure(trade, "KAZ", 2024, "azerbaijan"),
        "kaz_2023_partner": trade_figure(trade, "KAZ", 2023, "partner"),
        "uzb_2020": trade_figure(trade, "UZB", 2020, "partner"), "uzb_2024": trade_figure(trade, "UZB", 2024, "azerbaijan"),
        "tkm_2023_jan_oct": trade_figure(trade, "TKM", 2023, "azerbaijan", "Jan-Oct"),
        "tjk_2023": trade_figure(trade, "TJK", 2023, "azerbaijan"),
        "kgz_2025_jan_oct": trade_figure(trade, "KGZ", 2025, "azerbaijan", "Jan-Oct"),
        "tif_capital": amount("kaz_kgz_tur_20230316_fund"), "uzb_fund": amount("uzb_20230224_fund"),
        "kgz_fund": amount("kgz_20221011_fund"), "kgz_fund_raised": amount("kgz_20240424_fund"),
        "kaz_fund": amount("kaz_20240311_fund"),
        "uzb_school_opened": step("uzb_mirzo_ulugbek_school_opened"),
        "kaz_centre_opened": step("kaz_kurmangazy_centre_opened"),
        "kgz_school_laid": step("kgz_aykol_manas_school_foundation_laid"),
        "tkm_mosque_laid": step("tkm_fuzuli_mosque_foundation_laid"),
    }
    for level, p in levels.items():
        facts.update({f"{level}_before": p.before, f"{level}_after": p.after,
                      f"{level}_rate_before": Text(f"{p.per_year_before:.1f}"),
                      f"{level}_rate_after": Text(f"{p.per_year_after:.1f}")})
    for key, agreement_id in DATED.items():
        facts[key] = when(agreement_id)
    return facts


# The documents and summits the chapter text dates (key in the text -> agreement_id).
DATED = {
    "kaz_treaty": "kaz_20050524_treaty", "kaz_allied": "kaz_20220824_declaration",
    "kaz_council": "kaz_20240311_summit", "uzb_declaration": "uzb_20220621_declaration",
    "uzb_treaty": "uzb_20240823_treaty", "uzb_ratified": "uzb_20250430_implementation",
    "uzb_fund_signed": "uzb_20230224_fund", "kgz_partnership": "kgz_20220420_declaration",
    "kgz_fund_signed": "kgz_20221011_fund", "tjk_partnership": "tjk_20240523_declaration",
    "tkm_dostlug": "tkm_20210121_memorandum", "tak_first": "tur_kaz_20220627_declaration",
    "aktau_roadmap": "tur_kaz_geo_20221125_agreement", "tat_fm": "tur_tkm_20210223_declaration",
    "tif_board": "kaz_kgz_tur_20240518_implementation", "tau_first": "tur_uzb_20220802_declaration",
    "tau_second": "tur_uzb_20250129_declaration", "tat_summit": "tur_tkm_20221214_declaration",
    "atu_summit": "tkm_uzb_20250822_declaration", "ots_istanbul": "tur_kaz_kgz_20211112_summit",
    "samarkand": "kaz_kgz_tur_20221111_summit", "tif_signed": "kaz_kgz_tur_20230316_fund",
    "customs_in_force": "kaz_kgz_tur_20241129_implementation", "tif_launch": "kaz_kgz_tur_20251205_implementation",
    "shusha_summit": "kaz_kgz_uzb_20240706_declaration", "gabala_summit": "kaz_kgz_tur_20251007_summit",
    "cica_summit": "kaz_20221013_summit", "cica_chair": "kaz_20240319_summit", "cica_handover": "kaz_20241217_summit",
    "cm_guest_first": "kaz_kgz_tjk_20230914_summit", "cm_guest_second": "kaz_kgz_tjk_20240809_summit",
    "cm_full": "kaz_kgz_tjk_20251116_summit", "green_mou": "kaz_uzb_20240501_memorandum",
    "green_agreement": "kaz_uzb_20241113_agreement", "green_jv": "kaz_uzb_20241227_agreement",
    "caspian_convention": "irn_kaz_rus_20180812_treaty",
}



def show_chart(agreements: pd.DataFrame):
    """The chart of :func:`per_year`, for a notebook cell."""
    return per_year_chart(agreements)
