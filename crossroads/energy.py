"""Gas export scenarios against the EU target: the logic behind chapter 2.

Pure functions: a start value, a growth rate and a target in, a path and a plain
reading out. :func:`export_scenario_explorer` (below) is a thin layer.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .facts import Text, event_date, format_date
from .maps import escape

HORIZON = 2040  # scenarios are not projected past this year


@dataclass(frozen=True)
class Scenario:
    """A constant-growth path of exports and what it means for the target."""

    path: pd.DataFrame  # columns: year, exports (bcm)
    target: float
    target_year: int
    reached_in: int | None  # first year the path meets the target, if by HORIZON
    required_rate: float  # the constant rate that meets the target exactly in target_year
    capacity: float | None  # pipeline capacity the exports must pass through
    message: str


def path(start_year: int, start_value: float, rate: float, until: int = HORIZON) -> pd.DataFrame:
    """Exports growing by ``rate`` per year (0.05 = 5 %) from ``start_value`` in ``start_year``."""
    if start_value <= 0:
        raise ValueError(f"start value must be positive, got {start_value}")
    if rate <= -1:
        raise ValueError(f"growth rate must be above -100 %, got {rate:.0%}")
    years = list(range(start_year, max(until, start_year) + 1))
    return pd.DataFrame({"year": years,
                         "exports": [start_value * (1 + rate) ** (y - start_year) for y in years]})


def required_rate(start_value: float, target: float, years: int) -> float:
    """The constant annual growth that turns ``start_value`` into ``target`` in ``years``."""
    if years <= 0:
        raise ValueError(f"the target year must come after the start year ({years} years apart)")
    return (target / start_value) ** (1 / years) - 1


def scenario(start_year: int, start_value: float, rate: float, target: float, target_year: int,
             capacity: float | None = None) -> Scenario:
    """Project exports at ``rate`` and compare them with the target and the capacity."""
    projected = path(start_year, start_value, rate)
    met = projected[projected["exports"] >= target - 1e-9]
    reached = int(met["year"].iloc[0]) if not met.empty else None
    needed = required_rate(start_value, target, target_year - start_year)
    sentences = [f"Starting from {start_value:.1f} bcm in {start_year} and growing {rate:.0%} a "
                 f"year, exports reach {_value_in(projected, target_year):.1f} bcm in {target_year}."]
    if reached is None:
        sentences.append(f"At this rate they do not reach {target:g} bcm before {HORIZON}.")
    elif reached <= target_year:
        sentences.append(f"The {target:g} bcm target is met in {reached}, on time.")
    else:
        sentences.append(f"The {target:g} bcm target is met only in {reached}, "
                         f"{reached - target_year} year(s) late.")
    sentences.append(f"Meeting it exactly in {target_year} needs {needed:.1%} a year.")
    if capacity is not None and start_value > capacity:
        sentences.append(f"Recorded exports in {start_year} already exceed the {capacity:g} bcm "
                         "capacity figure chosen: design capacities and the volumes reported for "
                         "'Europe' are not measured the same way (see the text).")
    elif capacity is not None:
        window = projected[projected["year"] <= target_year]
        over = window[window["exports"] > capacity + 1e-9]
        if not over.empty:
            sentences.append(f"From {int(over['year'].iloc[0])} the path exceeds the pipeline "
                             f"capacity of {capacity:g} bcm a year assumed here: without an "
                             "expansion, exports could not follow it.")
        else:
            sentences.append(f"Up to {target_year} the path stays within the assumed capacity "
                             f"of {capacity:g} bcm a year.")
        if target > capacity:
            sentences.append("The target itself is above that capacity.")
    return Scenario(projected, target, target_year, reached, needed, capacity, " ".join(sentences))


def _value_in(projected: pd.DataFrame, year: int) -> float:
    return float(projected.loc[projected["year"] == year, "exports"].iloc[0])


# --- tables from the data ---------------------------------------------------

REPORTERS = {"azerbaijan_official": "Azerbaijan (official)", "eu_official": "EU (official)",
             "operator": "TAP AG", "importer": "importing country", "other": "other sources"}


def _joined(values) -> str:
    """Distinct values of one cell, as reported: '11.8' or '11.8 / 11' (never averaged)."""
    distinct = list(dict.fromkeys(f"{v:g}" for v in values))
    return " / ".join(distinct)


def exports_table(gas_exports: pd.DataFrame, reporter: str = "azerbaijan_official") -> pd.DataFrame:
    """Exports (bcm) by destination (rows) and year (columns) as one reporter gives them.

    Cells where the reporter gave two different figures show both ('22.3 / 22.6').
    Countries come first, then Europe, then the total.
    """
    rows = gas_exports[(gas_exports["reporter"] == reporter) & (gas_exports["measure"] == "exports")]
    if rows.empty:
        raise ValueError(f"no export figures reported by {reporter!r}; "
                         f"reporters in the data: {sorted(gas_exports['reporter'].unique())}")
    table = rows.pivot_table(index="destination", columns="year", values="value", aggfunc=_joined)
    order = {"country": 0, "region": 1, "total": 2}
    kinds = rows.drop_duplicates("destination").set_index("destination")["destination_kind"]
    table = table.loc[sorted(table.index, key=lambda d: (order[kinds[d]], d))]
    table.columns = [str(c) for c in table.columns]
    return table.fillna("–")


def europe_by_reporter(gas_exports: pd.DataFrame) -> pd.DataFrame:
    """Exports to Europe per year (rows) as each kind of reporter states them (columns)."""
    rows = gas_exports[gas_exports["destination"] == "Europe"]
    table = rows.pivot_table(index="year", columns="reporter", values="value", aggfunc=_joined)
    table = table[[r for r in REPORTERS if r in table.columns]].rename(columns=REPORTERS)
    table.index = [str(y) for y in table.index]
    return table.fillna("–")


def official_series(gas_exports: pd.DataFrame, destination: str) -> dict[int, float]:
    """Year -> Azerbaijan's official export figure for one destination (bcm).

    Raises ValueError if a year has two different official figures, rather than
    choosing one silently.
    """
    rows = gas_exports[(gas_exports["reporter"] == "azerbaijan_official")
                       & (gas_exports["measure"] == "exports")
                       & (gas_exports["destination"] == destination)]
    series: dict[int, float] = {}
    for row in rows.itertuples():
        year, value = int(row.year), float(row.value)
        if year in series and series[year] != value:
            raise ValueError(f"two official figures for {destination} in {year}: "
                             f"{series[year]} and {value} bcm; say which to use")
        series[year] = value
    if not series:
        raise ValueError(f"no official export figures for {destination!r}")
    return dict(sorted(series.items()))


def figure(energy_figures: pd.DataFrame, figure_id: str) -> pd.Series:
    """The single row of ``figure_id``; ValueError if it is missing or has several versions."""
    rows = energy_figures[energy_figures["figure_id"] == figure_id]
    if len(rows) != 1:
        raise ValueError(f"expected one figure {figure_id!r} in data/energy_figures.csv, found {len(rows)}")
    return rows.iloc[0]


def figure_versions(energy_figures: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Every version of the figures whose id starts with ``prefix``, with their sources."""
    rows = energy_figures[energy_figures["figure_id"].str.startswith(prefix)]
    return pd.DataFrame({"year": rows["year"].astype(str), "value": rows["value"].map(lambda v: f"{v:g}"),
                         "unit": rows["unit"], "what the source says": rows["description"],
                         "source": rows["source_id"]}).reset_index(drop=True)


def scenario_inputs(gas_exports: pd.DataFrame, energy_figures: pd.DataFrame) -> dict:
    """Arguments of the chapter 2 explorer, all from the data: official exports to Europe,
    the memorandum's target and year, capacity assumptions for TAP, and the average growth so far."""
    history = official_series(gas_exports, "Europe")
    target = figure(energy_figures, "eu_mou_target")
    first, last = min(history), max(history)
    design = float(figure(energy_figures, "tap_capacity")["value"])
    expansion = figure(energy_figures, "tap_expansion_first_level")
    capacities = {f"TAP design, {design:g} bcm": design,
                  f"TAP after first expansion ({int(expansion['year'])}), "
                  f"{design + float(expansion['value']):g} bcm": design + float(expansion["value"]),
                  "no capacity limit": None}
    return {"history": history, "target": float(target["value"]), "target_year": int(target["year"]),
            "capacities": capacities, "rate": growth_rate(history, first, last)}


def growth_rate(series: dict[int, float], first: int, last: int) -> float:
    """Compound annual growth between two years of a series."""
    return required_rate(series[first], series[last], last - first)


# --- the map ----------------------------------------------------------------

SYSTEM_STYLE = {  # colour (Okabe-Ito) and dash: oil systems dashed, gas solid
    "Southern Gas Corridor": ("#0072B2", None),
    "BTC": ("#D55E00", "10 6"),
    "Baku–Supsa": ("#009E73", "4 6"),
    "Baku–Novorossiysk": ("#CC79A7", "12 4 2 4"),
}


def capacity_text(properties: dict) -> str:
    """'16 bcm/yr' or '1,000,000 barrels/day'."""
    value = properties["capacity_value"]
    return f"{value:,.10g} {properties['capacity_unit']}"


def pipelines_map(pipelines: dict, places: pd.DataFrame):
    """Chapter 2 map: one layer per pipeline system, fields and terminals as points."""
    from . import maps

    fmap = maps.base_map(center=(41.0, 35.0), zoom=4)
    legend = []
    systems = list(dict.fromkeys(f["properties"]["system"] for f in pipelines["features"]))
    unknown = [s for s in systems if s not in SYSTEM_STYLE]
    if unknown:
        raise maps.MapError(f"no map style for pipeline system(s) {unknown}; add them to SYSTEM_STYLE")
    for system in systems:
        colour, dash = SYSTEM_STYLE[system]
        lines = []
        for feature in pipelines["features"]:
            p = feature["properties"]
            if p["system"] != system:
                continue
            label = (f"{p['name']}: {p['length_km']:,.0f} km, {capacity_text(p)}, "
                     f"first flow {p['first_flow_year']} (schematic route)")
            popup = [("Pipeline", p["name"]), ("Carries", p["commodity"]),
                     ("Length", f"{p['length_km']:,.0f} km"), ("Capacity", capacity_text(p)),
                     ("Capacity note", p.get("capacity_note", "")),
                     ("First flow", p["first_flow_year"]),
                     ("Route (schematic) via", p["waypoints"].replace(";", ", ")),
                     ("Source id", p["source_id"])]
            lines.append({"geometry": feature["geometry"], "properties": {"label": label, "popup": popup}})
        commodity = "oil" if dash else "gas"
        maps.add_lines(fmap, lines, name=f"{system} ({commodity})", colour=colour, dash=dash)
        legend.append((colour, bool(dash), f"{system} ({commodity})"))
    points = places[places["kind"].isin(["field", "terminal"])]
    maps.add_points(fmap, [{"lat": r.lat, "lon": r.lon, "label": f"{r.name} ({r.kind})",
                            "popup": [("Place", r.name), ("Kind", r.kind), ("Source id", r.source_id)]}
                           for r in points.itertuples()], name="Fields and terminals")
    return maps.finish(
        fmap, title="Map: Azerbaijan's oil and gas export pipelines",
        caption=("Export pipelines from the Caspian, one layer per system (gas solid, oil dashed), "
                 "with the main fields and terminals. Routes are schematic: straight lines through "
                 "the places each pipeline links, not surveyed paths. Hover a line for length, "
                 "capacity and first flow. Outlines: Natural Earth; boundaries imply no position "
                 "on disputed territory."),
        legend_title="Pipeline systems", legend_items=legend)


# --- chapter 2: its explorer and the figures its text states ----------------------

def export_scenario_explorer(history: dict[int, float], *, target: float, target_year: int,
                             capacities: dict[str, float | None], rate: float,
                             start_year: int | None = None, max_rate: float = 0.30) -> widgets.VBox:
    """Start year, growth-rate and capacity pickers over :func:`scenario`.

    ``history`` maps years to exports (bcm); the projection starts from the chosen
    year's value. ``capacities`` maps labelled capacity assumptions to bcm a year
    (None: no limit); the first is the default. The pane shows the reading and a
    chart of history, path, target and capacity.
    """
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box

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
    from . import charts

    result = scenario(start_year, history[start_year], rate, target, target_year, capacity)
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


def chapter_facts(gas_exports, energy_figures, oil_exports, pipelines, events) -> dict:
    """Every data figure that chapter 2 states in its text."""
    europe = official_series(gas_exports, "Europe")
    first, last = min(europe), max(europe)
    target = figure(energy_figures, "eu_mou_target")
    baseline_eu = figure(energy_figures, "eu_mou_baseline_2021")
    tap = figure(energy_figures, "tap_capacity")
    expansion = figure(energy_figures, "tap_expansion_first_level")
    eu_imports_2023 = figure(energy_figures, "eu_total_gas_imports_2023")
    by_id = {f["properties"]["pipeline_id"]: f["properties"] for f in pipelines["features"]}
    eu_2023 = gas_exports[(gas_exports["year"] == 2023) & (gas_exports["reporter"] == "eu_official")
                          & (gas_exports["destination"] == "Europe")]["value"].iloc[0]
    shares = energy_figures[energy_figures["figure_id"].str.startswith("eu_import_share")]
    official_total = gas_exports[(gas_exports["reporter"] == "azerbaijan_official")
                                 & (gas_exports["destination"] == "Total")]
    total_last = float(official_total.loc[official_total["year"] == last, "value"].iloc[0])
    oil = oil_exports[oil_exports["measure"].str.contains("total")].set_index("year")["value"]
    sgc = ["scp", "tanap", "tap"]
    return {
        "europe_first_year": first, "europe_first": europe[first],
        "europe_last_year": last, "europe_last": europe[last],
        "europe_2023": europe[2023], "eu_side_2023": float(eu_2023),
        "baseline_eu": float(baseline_eu["value"]),
        "target": float(target["value"]), "target_year": int(target["year"]),
        "target_ratio": Text(f"{target['value'] / baseline_eu['value']:.1f}"),
        "growth_so_far": Text(f"{growth_rate(europe, first, last):.1%}"),
        "required_from_last": Text(f"{required_rate(europe[last], target['value'], int(target['year']) - last):.0%}"),
        "tap_capacity": float(tap["value"]),
        "tap_2022": float(gas_exports[(gas_exports["reporter"] == "operator") & (gas_exports["year"] == 2022)
                                      & (gas_exports["destination"] == "Europe")]["value"].iloc[0]), "tap_expansion": float(expansion["value"]),
        "tap_expansion_year": int(expansion["year"]),
        "eu_imports_2023": float(eu_imports_2023["value"]),
        "implied_share_2023": Text(f"{eu_2023 / eu_imports_2023['value']:.1%}"),
        "share_2023_reported": Text(_versions(shares, 2023)),
        "share_2022": Text(_versions(shares, 2022)),
        "share_2024": Text(_versions(shares, 2024)),
        "russia_pre_war": float(figure(energy_figures, "russia_share_pre_war")["value"]),
        "russia_2021": float(figure(energy_figures, "russia_share_2021")["value"]),
        "russia_2023": float(figure(energy_figures, "russia_share_2023")["value"]),
        "total_last": total_last, "europe_share_of_total": Text(f"{europe[last] / total_last:.0%}"),
        "btc_length": Text(f"{by_id['btc']['length_km']:,.0f}"), "btc_first": by_id["btc"]["first_flow_year"],
        "sgc_length": Text(f"{sum(by_id[p]['length_km'] for p in sgc):,.0f}"),
        "sgc_length_stated": float(figure(energy_figures, "sgc_length_stated")["value"]),
        "tanap_capacity": by_id["tanap"]["capacity_value"], "tap_first": by_id["tap"]["first_flow_year"],
        "oil_first_year": int(oil.index.min()), "oil_first": float(oil.loc[oil.index.min()]),
        "oil_last_year": int(oil.index.max()), "oil_last": float(oil.loc[oil.index.max()]),
        "transit_end": format_date(event_date(events, "ukraine_russian_gas_transit_ends")),
        "cable_agreement": format_date(event_date(events, "black_sea_cable_agreement")),
        "mou_date": format_date(event_date(events, "eu_energy_mou")),
        "garadagh_opened": format_date(event_date(events, "garadagh_solar_plant_opened")),
        "contract_year": event_date(events, "contract_of_the_century").year,
        "required_from_baseline": Text(f"{required_rate(baseline_eu['value'], target['value'], int(target['year']) - int(baseline_eu['year'])):.1%}"),
        "share_2022_spokesperson": float(shares[(shares["year"] == 2022) & (shares["source_id"] == "turkic_world_ec_mcphie_2023")]["value"].iloc[0]),
    }


def _versions(shares, year: int) -> str:
    """'3.4 % (source_a), 3 % (source_b)': every version of a share for one year."""
    rows = shares[shares["year"] == year]
    return ", ".join(f"{r.value:g} %" for r in rows.itertuples())
