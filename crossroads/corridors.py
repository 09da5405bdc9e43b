"""Transport corridors: the map (chapters 3 and 5) and chapter 5's route comparator."""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from . import maps

FAMILIES = {  # corridor_id prefix -> (layer name, colour); sea legs are dashed
    "middle_corridor": ("Middle Corridor (Trans-Caspian route)", "#0072B2"),
    "northern_corridor": ("Northern route via Russia", "#CC79A7"),
    "north_south_corridor": ("North–South corridor via Iran", "#009E73"),
    "zangezur_corridor": ("Zangezur / TRIPP route (proposed)", "#D55E00"),
}
SEA_DASH = "8 6"


def family(corridor_id: str) -> str:
    """The layer a corridor segment belongs to; MapError if none matches."""
    for prefix in FAMILIES:
        if corridor_id.startswith(prefix):
            return prefix
    raise maps.MapError(f"corridor {corridor_id!r} belongs to no layer; add its prefix to FAMILIES")


PROPOSED = {"zangezur_corridor"}  # drawn dotted: not built
PROPOSED_DASH = "2 7"


def corridors_map(corridors: dict, places: pd.DataFrame, *, title: str, caption: str,
                  families=tuple(FAMILIES), chokepoints: dict | None = None) -> maps.MapFigure:
    """One layer per corridor family (rail solid, sea dashed, proposed dotted), ports as points.

    ``chokepoints`` maps place ids to why cargo waits there; they get a layer of their own.
    """
    fmap = maps.base_map(center=(42.0, 55.0), zoom=3)
    legend = []
    for key in families:
        name, colour = FAMILIES[key]
        for mode in ("rail", "sea"):
            lines = []
            for feature in corridors["features"]:
                p = feature["properties"]
                if family(p["corridor_id"]) != key or (p["mode"] == "sea") != (mode == "sea"):
                    continue
                lines.append({"geometry": feature["geometry"], "properties": {
                    "label": f"{p['name']} ({p['mode']}, schematic)",
                    "popup": [("Route", p["name"]), ("Mode", p["mode"]), ("In short", p["description"]),
                              ("Via (schematic)", p["waypoints"].replace(";", ", ")),
                              ("Source id", p["source_id"])]}})
            if lines:
                layer = f"{name}: {'sea leg' if mode == 'sea' else 'rail'}"
                dash = PROPOSED_DASH if key in PROPOSED else SEA_DASH if mode == "sea" else None
                maps.add_lines(fmap, lines, name=layer, colour=colour, dash=dash)
                legend.append((colour, dash is not None, layer))
    shown = {w for f in corridors["features"] if family(f["properties"]["corridor_id"]) in families
             for w in f["properties"]["waypoints"].split(";")}
    ports = places[(places["kind"] == "port") & places["place_id"].isin(shown)]
    maps.add_points(fmap, [{"lat": r.lat, "lon": r.lon, "label": f"{r.name} (port)",
                            "popup": [("Port", r.name), ("Note", r.note if pd.notna(r.note) else ""),
                                      ("Source id", r.source_id)]} for r in ports.itertuples()],
                    name="Ports")
    if chokepoints:
        index = places.set_index("place_id")
        missing = sorted(set(chokepoints) - set(index.index))
        if missing:
            raise maps.MapError(f"chokepoints {missing} are not in data/places.csv")
        maps.add_points(fmap, [{"lat": index.loc[p, "lat"], "lon": index.loc[p, "lon"],
                                "label": f"{index.loc[p, 'name']}: {why}", "popup": [("Chokepoint", index.loc[p, "name"]),
                                                                                   ("Why cargo waits", why)]}
                               for p, why in chokepoints.items()], name="Chokepoints", colour=maps.HIGHLIGHT)
        legend.append((maps.HIGHLIGHT, False, "Chokepoints: Caspian crossings, Georgian ports, borders (circles)"))
    return maps.finish(fmap, title=title, caption=caption, legend_title="Routes", legend_items=legend)


# --- Chapter 5: the route comparator ---------------------------------------------------
#
# A route is a list of legs (data/route_legs.csv) in order. A leg is travelled at the
# speed of its mode; at its end there may be a stop where cargo waits: a land border
# (often with a change of gauge), or a port where it passes between rail and ship.
# Speeds and waits are the student's assumptions; only lengths come from sources.

STOPS = {"border": "land border", "caspian_port": "Caspian port", "black_sea_port": "Black Sea port"}
MODES = ("rail", "sea")


class RouteError(ValueError):
    """An assumption or a route the comparator cannot use."""


@dataclass(frozen=True)
class Assumptions:
    """What the student sets: days of waiting per stop, and kilometres a day per mode."""

    caspian_wait: float = 3.0  # days at each Caspian port (rail to ship, or ship to rail)
    border_wait: float = 1.0  # days at each land border
    black_sea_wait: float = 2.0  # days at each Black Sea port
    rail_km_per_day: float = 1000.0
    sea_km_per_day: float = 500.0

    def __post_init__(self):
        for name in ("caspian_wait", "border_wait", "black_sea_wait"):
            if getattr(self, name) < 0:
                raise RouteError(f"{name} is {getattr(self, name)} days; a wait cannot be negative")
        for name in ("rail_km_per_day", "sea_km_per_day"):
            if getattr(self, name) <= 0:
                raise RouteError(f"{name} is {getattr(self, name)}; a speed must be above 0 km a day")

    def wait(self, stop: str) -> float:
        return {"border": self.border_wait, "caspian_port": self.caspian_wait,
                "black_sea_port": self.black_sea_wait}[stop]

    def speed(self, mode: str) -> float:
        return self.rail_km_per_day if mode == "rail" else self.sea_km_per_day


@dataclass(frozen=True)
class Journey:
    """One route under some assumptions: the time on each leg and at each stop."""

    route: str
    parts: pd.DataFrame  # one row per leg and per stop: part, kind, km, days

    @property
    def km(self) -> float:
        return float(self.parts["km"].sum())

    @property
    def days(self) -> float:
        return float(self.parts["days"].sum())

    @property
    def waiting(self) -> float:
        return float(self.parts.loc[self.parts["kind"] == "wait", "days"].sum())

    @property
    def dominant(self) -> str:
        """The part that takes longest."""
        return str(self.parts.loc[self.parts["days"].idxmax(), "part"])


def journey(legs: pd.DataFrame, route: str, assumptions: Assumptions) -> Journey:
    """Travel ``route`` (a route_id of ``legs``) under ``assumptions``."""
    own = legs[legs["route_id"] == route].sort_values("leg")
    if own.empty:
        raise RouteError(f"unknown route {route!r}; known: {sorted(legs['route_id'].unique())}")
    rows = []
    for leg in own.itertuples():
        if leg.mode not in MODES:
            raise RouteError(f"route {route!r}, leg {leg.leg}: mode {leg.mode!r}; expected one of {MODES}")
        rows.append({"part": f"{leg.from_name} to {leg.to_name} ({leg.mode})", "kind": "move",
                     "km": float(leg.length_km), "days": float(leg.length_km) / assumptions.speed(leg.mode)})
        stops = leg.stop_after.split(";") if isinstance(leg.stop_after, str) and leg.stop_after else []
        for stop in dict.fromkeys(stops):  # one row per kind of stop, counting how many
            if stop not in STOPS:
                raise RouteError(f"route {route!r}, leg {leg.leg}: stop {stop!r}; expected one of {list(STOPS)}")
            n = stops.count(stop)
            rows.append({"part": f"waiting after {leg.from_name}–{leg.to_name}: {n} × {STOPS[stop]}",
                         "kind": "wait", "km": 0.0, "days": n * assumptions.wait(stop)})
    return Journey(route, pd.DataFrame(rows))


def break_even_caspian_wait(legs: pd.DataFrame, faster: str, slower: str, assumptions: Assumptions) -> float | None:
    """The wait per Caspian port at which route ``faster`` takes as long as ``slower``.

    Returns None when no wait of zero days or more makes them equal (``faster`` is
    slower even with no Caspian waiting, or it has no Caspian port).
    """
    ports = sum(str(s).split(";").count("caspian_port") for s in legs.loc[legs["route_id"] == faster, "stop_after"])
    base = journey(legs, faster, replace(assumptions, caspian_wait=0))
    gap = journey(legs, slower, assumptions).days - base.days
    if ports == 0 or gap < 0:
        return None
    return gap / ports


def comparison(legs: pd.DataFrame, assumptions: Assumptions, routes=None) -> pd.DataFrame:
    """One row per route: distance, days moving, days waiting, total, and the longest part."""
    routes = list(routes) if routes is not None else list(dict.fromkeys(legs["route_id"]))
    rows = []
    for route in routes:
        trip = journey(legs, route, assumptions)
        name = legs.loc[legs["route_id"] == route, "route_name"].iloc[0] if "route_name" in legs else route
        rows.append({"route": name, "km": f"{trip.km:,.0f}", "days moving": round(trip.days - trip.waiting, 1),
                     "days waiting": round(trip.waiting, 1), "days in all": round(trip.days, 1),
                     "longest part": trip.dominant})
    return pd.DataFrame(rows).set_index("route")


def comparator_reading(legs: pd.DataFrame, assumptions: Assumptions, middle: str, northern: str) -> str:
    """Which route is faster under these assumptions, and the Caspian wait that evens them."""
    a, b = journey(legs, middle, assumptions), journey(legs, northern, assumptions)
    names = legs.drop_duplicates("route_id").set_index("route_id")
    label = (lambda r: names.loc[r, "route_name"]) if "route_name" in legs else (lambda r: r)
    faster = label(middle) if a.days < b.days else label(northern)
    text = (f"With {assumptions.caspian_wait:g} days at each Caspian port and {assumptions.border_wait:g} "
            f"at each land border, {label(middle)} takes {a.days:.1f} days and {label(northern)} "
            f"{b.days:.1f}: {faster} is faster.")
    even = break_even_caspian_wait(legs, middle, northern, assumptions)
    if even is None:
        text += f" {label(middle)} is slower even with no waiting at the Caspian."
    else:
        text += f" {label(middle)} is faster only while each Caspian port takes less than {even:.1f} days."
    return text


def route_comparator(legs: pd.DataFrame, *, middle: str, northern: str, caspian_waits=range(0, 11)):
    """The chapter 5 explorer: Caspian waiting answers in the static book; the rest needs a kernel."""
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box, table_html

    days = lambda w: f"{w:g} day" + ("" if w == 1 else "s")  # noqa: E731
    caspian = widgets.Dropdown(options=[(days(w), w) for w in caspian_waits], value=3,
                               description="Wait at each Caspian port", style={"description_width": "initial"})
    border = widgets.Dropdown(options=[(days(w), w) for w in (0, 0.5, 1, 2, 3, 5)], value=1,
                              description="Wait at each land border", style={"description_width": "initial"})
    rail = widgets.Dropdown(options=[(f"{s:,} km a day", s) for s in (600, 800, 1000, 1200)], value=1000,
                            description="Train speed", style={"description_width": "initial"})

    def pane(wait) -> str:
        assumptions = Assumptions(caspian_wait=wait, border_wait=border.value, rail_km_per_day=rail.value)
        table = comparison(legs, assumptions, [middle, northern])
        return (f"<p>{maps.escape(comparator_reading(legs, assumptions, middle, northern))}</p>"
                + table_html(table, "Distance and days by route, under these assumptions"))

    panes = LinkedPanes([caspian], pane)
    return explorer_box([caspian, widgets.HBox([border, rail])], panes, kernel_controls=[border, rail])


# --- Chapter 5: volumes, ports, money, facts -------------------------------------------

def series(figures: pd.DataFrame, name: str, full_year: bool = True) -> dict[int, float]:
    """Year -> value of one series of transport_figures (the first row listed if several)."""
    rows = figures[figures["series"] == name]
    if full_year:
        rows = rows[rows["period"] == "full year"]
    if rows.empty:
        raise KeyError(f"no {'full-year ' if full_year else ''}figure in series {name!r} of data/transport_figures.csv")
    out: dict[int, float] = {}
    for row in rows.itertuples():
        out.setdefault(int(row.year), float(row.value))
    return dict(sorted(out.items()))


VOLUME_COLUMNS = {  # series -> column heading
    "middle_tonnes": "Middle Corridor, million t", "middle_teu": "Middle Corridor, TEU",
    "middle_trains": "Middle Corridor, trains from China", "northern_teu": "China–EU transit via Russia, TEU",
    "china_europe_trains": "All China–Europe trains",
}


def volumes_table(figures: pd.DataFrame, first_year: int = 2019, last_year: int = 2025) -> pd.DataFrame:
    """Full-year cargo by route and unit, one column per series: units are never mixed."""
    columns = {label: series(figures, name) for name, label in VOLUME_COLUMNS.items()}
    table = pd.DataFrame(columns).reindex(range(first_year, last_year + 1))
    table.index.name = "year"
    return table.map(lambda v: "–" if pd.isna(v) else f"{v:,.3g}" if v < 100 else f"{v:,.0f}")


def teu_chart(figures: pd.DataFrame):
    """Containers a year: the Middle Corridor against China–EU transit through Russia."""
    from .charts import matplotlib_figure

    middle, northern = series(figures, "middle_teu"), series(figures, "northern_teu")

    def draw(ax):
        ax.plot(list(northern), list(northern.values()), marker="o", color=maps.PALETTE[3],
                label="China–EU transit via Russia and Belarus")
        ax.plot(list(middle), list(middle.values()), marker="s", linestyle="--", color=maps.PALETTE[0],
                label="Middle Corridor (Trans-Caspian)")
        ax.set_ylabel("containers (TEU) a year")
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.legend(frameon=False)

    text = ("Middle Corridor: " + ", ".join(f"{y}: {v:,.0f}" for y, v in middle.items())
            + ". Via Russia: " + ", ".join(f"{y}: {v:,.0f}" for y, v in northern.items()) + ".")
    return matplotlib_figure(draw, title="Containers a year on the two land routes", description=text)


def port_table(figures: pd.DataFrame, port: str = "baku_port") -> pd.DataFrame:
    """A port's throughput by year against its phase-one capacity, in tonnes and containers."""
    tonnes, teu = series(figures, f"{port}_throughput_tonnes"), series(figures, f"{port}_throughput_teu")
    capacity_t = min(series(figures, f"{port}_capacity_tonnes").items())[1]  # the built phase, not the plan
    capacity_teu = min(series(figures, f"{port}_capacity_teu").items())[1]
    years = sorted(set(tonnes) | set(teu))
    table = pd.DataFrame({
        "million t": [tonnes.get(y) for y in years],
        "share of capacity (t)": [tonnes[y] / capacity_t if y in tonnes else None for y in years],
        "TEU": [teu.get(y) for y in years],
        "share of capacity (TEU)": [teu[y] / capacity_teu if y in teu else None for y in years]}, index=years)
    table.index.name = "year"
    formats = {"million t": "{:.1f}", "share of capacity (t)": "{:.0%}", "TEU": "{:,.0f}", "share of capacity (TEU)": "{:.0%}"}
    return table.apply(lambda col: col.map(lambda v: "–" if pd.isna(v) else formats[col.name].format(v)))


def financing_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Every financing commitment: who, how much, for what, when, and the source."""
    rows = figures[figures["series"] == "financing"].sort_values("year")
    return pd.DataFrame({"year": rows["year"].astype(int), "who and for what": rows["description"],
                         "amount": [f"{v:,.1f} {u}".replace(".0 ", " ") for v, u in zip(rows["value"], rows["unit"])],
                         "source": rows["source_id"]}).reset_index(drop=True)


def transit_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Stated transit times, with who states them: a range where the source gives one."""
    rows = figures[figures["series"].str.startswith("transit_")]
    days = [f"{lo:g}" if pd.isna(hi) or hi == lo else f"{lo:g}–{hi:g}" for lo, hi in zip(rows["value"], rows["value_high"])]
    return pd.DataFrame({"route": rows["series"].str.removeprefix("transit_").map(ROUTE_NAMES),
                         "from – to": rows["period"], "days": days, "year": rows["year"].astype(int),
                         "source": rows["source_id"]}).sort_values(["route", "year"]).reset_index(drop=True)


ROUTE_NAMES = {"middle": "Middle Corridor", "northern": "Northern route (via Russia)",
               "sea_suez": "Sea, via Suez", "north_south": "North–South corridor (via Iran)"}
CHOKEPOINTS = {  # place_id -> why cargo waits there
    "aktau": "Caspian crossing: rail to ferry (Kazakhstan)", "kuryk": "Caspian crossing: rail to ferry (Kazakhstan)",
    "turkmenbashi": "Caspian crossing (Turkmenistan)", "alat": "Caspian crossing: ferry to rail (Port of Baku)",
    "poti": "Georgian Black Sea port", "batumi": "Georgian Black Sea port",
    "akhalkalaki": "Change of gauge (Georgia)", "astara_az": "Border with Iran: the North–South corridor's gap",
    "aghband": "Border with Armenia: the proposed route's start",
    "dostyk": "China–Kazakhstan border: change of gauge (both land routes)",
    "khorgos": "China–Kazakhstan border: change of gauge (both land routes)",
    "brest": "Belarus–Poland border: change of gauge, entry to the EU (Northern route)",
    "malaszewicze": "Poland's gauge-change terminal at the EU border (Northern route)",
}


def chapter_facts(figures: pd.DataFrame, legs: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame) -> dict:
    """Every figure that chapter 5 states in its text, computed from the data."""
    from . import claims as cl
    from .facts import Text, event_when

    def one(figure_id: str) -> float:
        rows = figures.loc[figures["figure_id"] == figure_id, "value"]
        if rows.empty:
            raise KeyError(f"no figure {figure_id!r} in data/transport_figures.csv")
        return float(rows.iloc[0])

    def rng(figure_id: str) -> Text:
        row = figures.set_index("figure_id").loc[figure_id]
        return Text(f"{row['value']:g}–{row['value_high']:g}")

    middle_t, middle_teu = series(figures, "middle_tonnes"), series(figures, "middle_teu")
    northern, trains = series(figures, "northern_teu"), series(figures, "china_europe_trains")
    middle_trains = series(figures, "middle_trains")
    port_t, port_teu = series(figures, "baku_port_throughput_tonnes"), series(figures, "baku_port_throughput_teu")
    base = Assumptions()
    even = break_even_caspian_wait(legs, "middle", "northern", base)
    even_no_border = break_even_caspian_wait(legs, "middle", "northern", replace(base, border_wait=0))
    even_two_days = break_even_caspian_wait(legs, "middle", "northern", replace(base, border_wait=2))
    # the Caspian wait above which it is the longest single part of the Middle Corridor's trip
    longest_leg = journey(legs, "middle", base).parts.query("kind == 'move'")["days"].max()
    trip_m, trip_n = journey(legs, "middle", base), journey(legs, "northern", base)
    # c005_2 (the EU's 10 bn) is assessed in chapter 3 and not shown again
    shown = claims[claims["claim_id"].str.startswith("c005") & ~claims["claim_id"].str.startswith("c005_2_")]
    verdicts = cl.verdict_counts(shown)

    BEFORE = "China to Europe, before the 2022–2023 improvements"

    def stated(name: str, period: str, year: int | None = None) -> Text:
        """A stated transit time; the Kazakh ministry's row where two give the same year."""
        rows = figures[(figures["series"] == name) & (figures["period"] == period)]
        rows = rows[rows["year"] == year] if year else rows
        if rows.empty:
            raise KeyError(f"no transit time {name!r} for {period!r} in data/transport_figures.csv")
        return rng(rows["figure_id"].iloc[-1])

    return {
        "mt_2019": middle_t[2019], "mt_2022": middle_t[2022], "mt_2024": middle_t[2024], "mt_2025": middle_t[2025],
        "mteu_2024": middle_teu[2024], "mteu_2025": middle_teu[2025],
        "nteu_2022": northern[2022], "nteu_2023": northern[2023], "nteu_2024": northern[2024],
        "teu_share_2024": Text(f"{middle_teu[2024] / (middle_teu[2024] + northern[2024]):.0%}"),
        "mtrains_2024": middle_trains[2024], "trains_2024": trains[2024],
        "target_2027": series(figures, "middle_tonnes_target")[2027],
        "port_capacity_t": one("baku_port_capacity_tonnes_2018"), "port_capacity_teu": one("baku_port_capacity_teu_2018"),
        "port_plan_t": one("baku_port_capacity_tonnes_2030"), "port_plan_teu": one("baku_port_capacity_teu_2030"),
        "port_t_2018": port_t[2018], "port_t_2024": port_t[2024], "port_teu_2024": port_teu[2024],
        "btk_km": one("btk_length"), "btk_capacity_initial": one("btk_capacity_initial"),
        "btk_capacity_2024": one("btk_capacity_tonnes_2024"), "btk_t_2022": series(figures, "btk_throughput_tonnes")[2022],
        "btk_loan_1": one("fin_azerbaijan_btk_loan_2007"), "btk_loan_2": one("fin_azerbaijan_btk_loan_2011"),
        "btk_loans": one("fin_azerbaijan_btk_loans_total"),
        "eu_pledge": one("eu_gg_central_asia_pledge_2024"), "eu_projects": int(one("eu_gg_33_projects")),
        "rasht_astara_km": one("rasht_astara_length"), "kars_dilucu_km": one("kars_dilucu_length"),
        "tripp_km": one("tripp_length"), "horadiz_km": one("horadiz_aghband_length"),
        "days_middle": stated("transit_middle", "China to Europe", 2023),
        "days_middle_before": stated("transit_middle", BEFORE),
        "days_northern": stated("transit_northern", "China to Europe (via Russia)"),
        "days_sea": stated("transit_sea_suez", "China to Europe"),
        "model_middle": Text(f"{trip_m.days:.1f}"), "model_northern": Text(f"{trip_n.days:.1f}"),
        "model_caspian": Text(f"{base.caspian_wait:g}"), "model_border": Text(f"{base.border_wait:g}"),
        "model_rail": Text(f"{base.rail_km_per_day:,.0f}"), "model_sea": Text(f"{base.sea_km_per_day:,.0f}"),
        "break_even": Text(f"{even:.1f}") if even is not None else Text("none"),
        "break_even_no_border": Text(f"{even_no_border:.1f}"), "break_even_two_days": Text(f"{even_two_days:.1f}"),
        "dominant_threshold": Text(f"{longest_leg:.1f}"),
        "days_before_average": Text(stated("transit_middle", BEFORE).split("–")[-1]),  # the upper end, 53 days
        "middle_km": Text(f"{trip_m.km:,.0f}"), "northern_km": Text(f"{trip_n.km:,.0f}"),
        "btk_opened": event_when(events, "btk_railway_opening"),
        "tripp_summit": event_when(events, "washington_summit_peace_initialled"),
        "crossroads_presented": event_when(events, "crossroads_of_peace_presented"),
        "kars_groundbreaking": event_when(events, "kars_nakhchivan_railway_groundbreaking"),
        "rasht_agreement": event_when(events, "rasht_astara_agreement"),
        "gg_forum": event_when(events, "global_gateway_transport_forum_2024"),
        "anaklia_chosen": event_when(events, "anaklia_cccc_consortium_chosen"),
        "tripp_framework": event_when(events, "tripp_framework_published"),
        "n_claims": int(verdicts.sum()), "n_supported": int(verdicts["supported"]),
        "n_partly": int(verdicts["partly supported"]),
    }
