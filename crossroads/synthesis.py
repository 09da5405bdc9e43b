"""Chapter 7, synthesis and scenarios: what moved since 2020, and four ways it could go to 2030.

:func:`movement_table` gathers the measures chapters 1–5 made (memberships, documents,
trade, gas, cargo, investment), each as its first and latest value in the data. The
scenarios are the course's own constructions, not predictions: each is a set of conditions
on five drivers (:data:`DRIVERS`). Every driver has an indicator whose latest value is read
from ``data/`` by :func:`indicators`, so the explorer shows no number that the data do not
hold. The scenario explorer precomputes one pane per combination of the drivers' levels, so
that every control answers in the static book.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import pandas as pd

from . import central_asia as ca
from . import corridors as co
from . import energy
from . import memberships as ms
from . import trade as tr
from .facts import Text, format_date
from .maps import escape

FOCUS = "AZE"
WAR_END = pd.Timestamp("2020-11-10")  # the trilateral statement that ended the 2020 war
HORIZON = 2030
FLOWS_FROM = 2021  # flows are compared from the first full year after the war


class ScenarioError(ValueError):
    """A driver, level or scenario the synthesis does not know, or data it cannot read."""


@dataclass(frozen=True)
class Driver:
    """One force that shapes the scenarios, with the levels a student can set."""

    key: str
    label: str  # the explorer control's description
    watch: str  # what to observe
    levels: tuple[str, ...]  # from one end to the other
    chapter: str  # the chapter that measures it


DRIVERS = (
    Driver("peace", "Peace", "the Armenia–Azerbaijan peace agreement",
           ("talks stall or fighting resumes", "text agreed or initialled, not in force",
            "signed and in force"), "01_balancing_between_blocs"),
    Driver("gas", "Gas to Europe", "Azerbaijan's gas exports to Europe, bcm a year",
           ("under 12 bcm", "12 to 20 bcm", "20 bcm or more"), "02_energy_diplomacy"),
    Driver("cargo", "Middle Corridor", "cargo on the Trans-Caspian route, million tonnes a year",
           ("under 4 million t", "4 to 10 million t", "10 million t or more"), "05_corridors"),
    Driver("russia", "Russia", "Azerbaijan's place in Russian-led organisations",
           ("joins the EAEU or the CSTO", "CIS only, as since 1999", "leaves the CIS"),
           "01_balancing_between_blocs"),
    Driver("china", "China", "Chinese direct investment in Azerbaijan, cumulative",
           ("under 1 billion dollars", "1 to 2.1 billion dollars", "over 2.1 billion dollars"),
           "03_china_ties"),
)
BY_KEY = {d.key: d for d in DRIVERS}
GAS_BANDS = (12.0, 20.0)  # bcm a year; 20 is the July 2022 memorandum's aim for 2027
CARGO_BANDS = (4.0, 10.0)  # million tonnes; 10 is the Aktau roadmap's capacity aim for 2027
CHINA_BANDS = (1000.0, 2100.0)  # million USD; 2,100 is what Azerbaijan had invested in China


@dataclass(frozen=True)
class Scenario:
    """A possible Azerbaijan of about 2030: the drivers' levels it needs (others: any)."""

    key: str
    name: str
    summary: str
    needs: dict = field(default_factory=dict)  # driver key -> the levels that fit

    def unmet(self, chosen: dict) -> list[str]:
        """The drivers whose chosen level does not fit this scenario."""
        return [key for key, fits in self.needs.items() if chosen[key] not in fits]


P, G, C, R, H = (d.levels for d in DRIVERS)
SCENARIOS = (
    Scenario("open_crossroads", "Open crossroads",
             "Peace is in force, gas and cargo hold at least today's levels, and Russia's weight does not grow.",
             {"peace": {P[2]}, "gas": {G[1], G[2]}, "cargo": {C[1], C[2]}, "russia": {R[1], R[2]}}),
    Scenario("balancing_as_before", "Balancing as before",
             "No big break: peace unfinished, flows near today's, no new bloc, Chinese investment under 2.1 billion dollars.",
             {"peace": {P[1]}, "gas": {G[1]}, "cargo": {C[1]}, "russia": {R[1]}, "china": {H[0], H[1]}}),
    Scenario("eastward_turn", "Eastward turn",
             "Gas to Europe falls, Chinese investment passes a billion dollars, cargo holds, and Baku stays in the CIS.",
             {"gas": {G[0]}, "cargo": {C[1], C[2]}, "china": {H[1], H[2]}, "russia": {R[0], R[1]}}),
    Scenario("closed_crossroads", "Closed crossroads",
             "The peace fails and cargo falls back, while Baku does not move away from Moscow.",
             {"peace": {P[0]}, "cargo": {C[0]}, "russia": {R[0], R[1]}}),
)


def band(value: float, bounds: tuple[float, float], levels: tuple[str, ...]) -> str:
    """The level a value falls in: below the first bound, between, or at or above the second."""
    low, high = bounds
    return levels[0] if value < low else levels[1] if value < high else levels[2]


@dataclass(frozen=True)
class Indicator:
    """The latest observation of one driver, as the data give it."""

    driver: str
    value: str
    when: str
    source_id: str
    level: str
    context: str  # what else to read beside the value


def _one(frame: pd.DataFrame, column: str, key: str, table: str) -> pd.Series:
    rows = frame[frame[column] == key]
    if rows.empty:
        raise ScenarioError(f"no row {key!r} in column '{column}' of data/{table}.csv")
    return rows.iloc[0]


PEACE_STEPS = {  # event_id -> the peace driver's level once that step is the latest
    "trilateral_statement_nov_2020": P[0], "peace_treaty_text_agreed": P[1],
    "washington_summit_peace_initialled": P[1],
}


def peace_indicator(events: pd.DataFrame) -> Indicator:
    """The latest step of the peace process in the timeline."""
    steps = events[events["event_id"].isin(PEACE_STEPS)].sort_values("date")
    if steps.empty:
        raise ScenarioError("data/events.csv has none of the peace-process events " + ", ".join(PEACE_STEPS))
    latest = steps.iloc[-1]
    return Indicator("peace", latest["title"], format_date(latest["date"]), latest["source_id"],
                     PEACE_STEPS[latest["event_id"]],
                     "An initialled text is not a signed treaty; neither is in force until ratified.")


def gas_indicator(gas_exports: pd.DataFrame, energy_figures: pd.DataFrame) -> Indicator:
    """Azerbaijan's latest official gas exports to Europe, with the EU's own figure beside it."""
    official = energy.official_series(gas_exports, "Europe")
    year, value = max(official), official[max(official)]
    row = gas_exports[(gas_exports["year"] == year) & (gas_exports["destination"] == "Europe")
                      & (gas_exports["reporter"] == "azerbaijan_official")].iloc[0]
    eu = gas_exports[(gas_exports["destination"] == "Europe") & (gas_exports["reporter"] == "eu_official")]
    eu_latest = eu.sort_values("year").iloc[-1]
    tap = energy.figure(energy_figures, "tap_capacity")
    return Indicator("gas", f"{value:g} bcm", str(year), row["source_id"], band(value, GAS_BANDS, G),
                     f"The EU's own figure, for the EU alone, was {eu_latest['value']:g} bcm in "
                     f"{eu_latest['year']} ({eu_latest['source_id']}). TAP, the corridor's last segment, "
                     f"was built for {tap['value']:g} bcm a year at its initial capacity ({tap['source_id']}).")


def cargo_indicator(transport: pd.DataFrame) -> Indicator:
    """The latest full-year Middle Corridor tonnage, with the 2027 target."""
    tonnes = co.series(transport, "middle_tonnes")
    year = max(tonnes)
    row = transport[(transport["series"] == "middle_tonnes") & (transport["year"] == year)
                    & (transport["period"] == "full year")].iloc[0]
    target = _one(transport, "figure_id", "middle_tonnes_target_2027", "transport_figures")
    peak_year = max(tonnes, key=tonnes.get)
    return Indicator("cargo", f"{tonnes[year]:g} million t", str(year), row["source_id"],
                     band(tonnes[year], CARGO_BANDS, C),
                     f"The peak so far was {tonnes[peak_year]:g} million t in {peak_year}; the governments' "
                     f"roadmap aims at a capacity of {target['value']:g} million t a year by {target['year']} "
                     f"({target['source_id']}).")


def russia_indicator(memberships: pd.DataFrame, trade: pd.DataFrame, year: int) -> Indicator:
    """Azerbaijan's memberships of Russian-led organisations in ``year``, with trade beside them."""
    active = set(ms.active_in(memberships[memberships["country_iso3"] == FOCUS], year)["org_id"])
    level = R[0] if active & {"EAEU", "CSTO"} else R[1] if "CIS" in active else R[2]
    cis = _one(memberships[memberships["country_iso3"] == FOCUS], "org_id", "CIS", "memberships")
    cst = _one(memberships[memberships["country_iso3"] == FOCUS], "org_id", "CST", "memberships")
    russia = tr.series(trade, "Russia", "turnover", "azerbaijan")
    last = max(russia)
    return Indicator("russia", f"member of the CIS since {cis['start_year']}; of no other Russian-led bloc",
                     str(year), cis["source_id"], level,
                     f"Azerbaijan left the Collective Security Treaty in {cst['end_year']}. Trade with Russia "
                     f"was {russia[last]:,.0f} million dollars in {last}, by Azerbaijan's count.")


def cumulative(investment: pd.DataFrame, investor: str, host: str) -> pd.DataFrame:
    """The stated cumulative totals of one country's direct investment in another, oldest first."""
    rows = investment[(investment["measure"] == "cumulative") & (investment["investor_iso3"] == investor)
                      & (investment["host_iso3"] == host)]
    return rows.sort_values("stated_on")


def china_indicator(investment: pd.DataFrame) -> Indicator:
    """The latest stated total of Chinese direct investment in Azerbaijan, and Azerbaijan's in China."""
    stocks, back = cumulative(investment, "CHN", FOCUS), cumulative(investment, FOCUS, "CHN")
    if stocks.empty or back.empty:
        raise ScenarioError("data/investment.csv needs cumulative rows for CHN→AZE and AZE→CHN")
    latest, first, reverse = stocks.iloc[-1], stocks.iloc[0], back.iloc[-1]
    return Indicator("china", f"{latest['value']:,.1f} million dollars", f"through {latest['through']}",
                     latest["source_id"], band(latest["value"], CHINA_BANDS, H),
                     f"About {first['value']:,.0f} million dollars by {first['through']}; Azerbaijan had put "
                     f"{reverse['value']:,.0f} million dollars into China ({reverse['source_id']}).")


TABLES = ("memberships", "organisations", "partners", "agreements", "trade", "gas_exports", "energy_figures",
          "transport_figures", "investment", "events")


def load() -> dict[str, pd.DataFrame]:
    """The tables of ``data/`` that the synthesis reads, by name (see :data:`TABLES`)."""
    from . import data

    return {name: data.load(name) for name in TABLES}


def indicators(d: dict, year: int = ms.AS_OF) -> dict[str, Indicator]:
    """The latest value of every driver's indicator, keyed by driver; ``d`` as :func:`load` gives it."""
    found = [peace_indicator(d["events"]), gas_indicator(d["gas_exports"], d["energy_figures"]),
             cargo_indicator(d["transport_figures"]), russia_indicator(d["memberships"], d["trade"], year),
             china_indicator(d["investment"])]
    return {i.driver: i for i in found}


def latest_levels(latest: dict[str, Indicator]) -> dict[str, str]:
    """Where the latest data put each driver."""
    return {key: latest[key].level for key in BY_KEY}


def matching(chosen: dict[str, str]) -> list[tuple[Scenario, list[str]]]:
    """Every scenario with the drivers that do not fit it; fitting scenarios first."""
    unknown = [k for k, v in chosen.items() if k not in BY_KEY or v not in BY_KEY[k].levels]
    if unknown or set(chosen) != set(BY_KEY):
        raise ScenarioError(f"set a known level for each driver {list(BY_KEY)}; problem with {unknown or sorted(set(BY_KEY) - set(chosen))}")
    found = [(s, s.unmet(chosen)) for s in SCENARIOS]
    return sorted(found, key=lambda pair: len(pair[1]))


def indicators_table(latest: dict[str, Indicator]) -> pd.DataFrame:
    """One row per driver: what to watch, the latest value, its date and source, and the level."""
    return pd.DataFrame([{"driver": BY_KEY[k].label, "what to watch": BY_KEY[k].watch, "latest": i.value,
                          "as of": i.when, "level": i.level, "source": i.source_id, "read with it": i.context}
                         for k, i in latest.items()])


def scenarios_table() -> pd.DataFrame:
    """The scenarios (rows) and the levels each needs (columns); 'any' where a driver is free."""
    rows = {s.name: {d.label: "; ".join(l for l in d.levels if l in s.needs.get(d.key, d.levels))
                     if d.key in s.needs else "any" for d in DRIVERS} for s in SCENARIOS}
    table = pd.DataFrame(rows).T
    table.index.name = "scenario"
    return table


def scenario_pane(chosen: dict[str, str]) -> str:
    """The explorer's answer: which scenarios fit the settings, and which conditions each lacks."""
    found = matching(chosen)
    fits = [s for s, unmet in found if not unmet]
    if fits:
        head = "Your settings fit " + " and ".join(f"<strong>{escape(s.name)}</strong>" for s in fits) + "."
    else:
        closest, unmet = found[0]
        head = (f"No scenario fits every setting: a mix. Closest: <strong>{escape(closest.name)}</strong>, "
                f"with {len(closest.needs) - len(unmet)} of its {len(closest.needs)} conditions met.")
    items = []
    for scenario, unmet in found:
        met = len(scenario.needs) - len(unmet)
        verdict = "fits" if not unmet else f"{met} of {len(scenario.needs)} conditions met"
        conditions = "".join(_condition(scenario, key, key not in unmet) for key in scenario.needs)
        items.append(f"<li><strong>{escape(scenario.name)}</strong>: {verdict}<ul>{conditions}</ul></li>")
    return f"<p>{head}</p><ul>{''.join(items)}</ul>"


def _condition(scenario: Scenario, key: str, met: bool) -> str:
    """One condition of a scenario, marked in words, not only by a symbol."""
    needed = " or ".join(f"‘{level}’" for level in BY_KEY[key].levels if level in scenario.needs[key])
    return f"<li>{'✓ met' if met else '✗ not met'}: {escape(BY_KEY[key].label)}, {escape(needed)}</li>"


def latest_html(latest: dict[str, Indicator]) -> str:
    """The indicators to watch, with the latest value of each and its source (shown once, under the panes)."""
    items = "".join(f"<li><strong>{escape(BY_KEY[k].label)}</strong> ({escape(BY_KEY[k].watch)}): "
                    f"{escape(i.value)}, {escape(i.when)} <code>{escape(i.source_id)}</code>. "
                    f"Level: {escape(i.level)}.</li>" for k, i in latest.items())
    return f"<p><strong>Indicators to watch, latest data</strong> (the drop-downs start here; the answer follows):</p><ul>{items}</ul>"


def scenario_explorer(latest: dict[str, Indicator]):
    """Five drop-downs, one per driver, set where the latest data stand; every pane precomputed."""
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box

    start = latest_levels(latest)
    pickers = [widgets.Dropdown(options=list(d.levels), value=start[d.key], description=d.label,
                                style={"description_width": "9em"}, layout=widgets.Layout(width="34em"))
               for d in DRIVERS]
    panes = LinkedPanes(pickers, lambda *values: scenario_pane(dict(zip(BY_KEY, values))))
    return explorer_box([*pickers, widgets.HTML(latest_html(latest))], panes, kernel_controls=[])


def n_panes() -> int:
    """How many panes the explorer precomputes (the product of the drivers' levels)."""
    return len(list(product(*(d.levels for d in DRIVERS))))


# --- What moved since 2020 ------------------------------------------------------------------

def _row(measure: str, chapter: str, then: str, latest: str, source: str) -> dict:
    return {"measure": measure, "chapter": chapter, "then": then, "latest": latest, "source of latest": source}


def movement_table(d: dict, year: int = ms.AS_OF) -> pd.DataFrame:
    """What the chapters measured, first and latest value side by side; units are never mixed."""
    memberships, partners, agreements, trade = d["memberships"], d["partners"], d["agreements"], d["trade"]
    gas_exports, transport, investment = d["gas_exports"], d["transport_figures"], d["investment"]
    aze = memberships[memberships["country_iso3"] == FOCUS]
    newest = aze.sort_values("start_year").iloc[-1]
    short = d["organisations"].set_index("org_id")["short_name"]
    since_war = partners[partners["key_document_date"] >= WAR_END]
    pace = ca.pace(agreements)
    china = tr.series(trade, "China", "turnover", "azerbaijan")
    china_first = min(y for y in china if y >= FLOWS_FROM)
    gas = energy.official_series(gas_exports, "Europe")
    gas_first = min(y for y in gas if y >= FLOWS_FROM)
    cargo = co.series(transport, "middle_tonnes")
    cargo_first = min(y for y in cargo if y >= FLOWS_FROM)
    stocks = cumulative(investment, "CHN", FOCUS)
    rows = [
        _row("organisations Azerbaijan belongs to or partners", "1",
             f"{len(ms.active_in(aze, 2020))} (2020)", f"{len(ms.active_in(aze, year))} ({year})",
             f"memberships.csv; newest: {short[newest['org_id']]}, {newest['start_year']}"),
        _row("partners whose key document dates from after the 2020 war", "1",
             f"of {len(partners)} partners", f"{len(since_war)}", "partners.csv"),
        _row("documents and summits with Central Asia, a year", "4",
             f"{pace.per_year_before:.1f} (before 24 Feb 2022)", f"{pace.per_year_after:.1f} (after)",
             "agreements.csv"),
        _row("trade with China, million dollars (Azerbaijan's count)", "3",
             f"{china[china_first]:,.0f} ({china_first})", f"{china[max(china)]:,.0f} ({max(china)})",
             _source(trade[(trade["partner"] == "China") & (trade["year"] == max(china))
                           & (trade["side"] == "azerbaijan") & (trade["period"] == "full year")])),
        _row("gas to Europe, bcm (Azerbaijan's count)", "2", f"{gas[gas_first]:g} ({gas_first})",
             f"{gas[max(gas)]:g} ({max(gas)})",
             _source(gas_exports[(gas_exports["year"] == max(gas)) & (gas_exports["destination"] == "Europe")
                                 & (gas_exports["reporter"] == "azerbaijan_official")])),
        _row("Middle Corridor cargo, million t", "5", f"{cargo[cargo_first]:g} ({cargo_first})",
             f"{cargo[max(cargo)]:g} ({max(cargo)})",
             _source(transport[(transport["series"] == "middle_tonnes") & (transport["year"] == max(cargo))
                               & (transport["period"] == "full year")])),
        _row("Chinese direct investment in Azerbaijan, cumulative, million dollars", "3",
             f"about {stocks.iloc[0]['value']:,.0f} (by {stocks.iloc[0]['through']})",
             f"{stocks.iloc[-1]['value']:,.1f} (to {stocks.iloc[-1]['through']})", stocks.iloc[-1]["source_id"]),
    ]
    return pd.DataFrame(rows).set_index("measure")


def _source(rows: pd.DataFrame) -> str:
    if rows.empty:
        raise ScenarioError("a latest value has no row to cite")
    return rows.iloc[0]["source_id"]


def _change_words(change: float) -> Text:
    """'fell by 8%' or 'rose by 12%': a relative change in words, so no minus sign needs reading."""
    return Text(f"{'rose' if change >= 0 else 'fell'} by {abs(change):.0%}")


def chapter_facts(d: dict, year: int = ms.AS_OF) -> dict:
    """Every figure that chapter 7 states in its text, computed from the data (``d`` as :func:`load` gives it)."""
    latest = indicators(d, year)
    memberships, partners, agreements, trade = d["memberships"], d["partners"], d["agreements"], d["trade"]
    gas_exports, energy_figures, transport = d["gas_exports"], d["energy_figures"], d["transport_figures"]
    investment, events = d["investment"], d["events"]
    aze = memberships[memberships["country_iso3"] == FOCUS]
    newest = aze.sort_values("start_year").iloc[-1]
    pace = ca.pace(agreements)
    china = tr.series(trade, "China", "turnover", "azerbaijan")
    gas = energy.official_series(gas_exports, "Europe")
    cargo = co.series(transport, "middle_tonnes")
    peak = max(cargo, key=cargo.get)
    stocks = cumulative(investment, "CHN", FOCUS)
    today = [s.name for s, unmet in matching(latest_levels(latest)) if not unmet]
    target = _one(transport, "figure_id", "middle_tonnes_target_2027", "transport_figures")
    mou = energy.figure(energy_figures, "eu_mou_target")
    peace_events = events.set_index("event_id")["date"]
    return {
        "as_of": year, "horizon": HORIZON, "n_drivers": len(DRIVERS), "n_scenarios": len(SCENARIOS),
        "n_panes": n_panes(),
        "n_orgs_2020": len(ms.active_in(aze, 2020)), "n_orgs_latest": len(ms.active_in(aze, year)),
        "newest_org": d["organisations"].set_index("org_id").loc[newest["org_id"], "short_name"],
        "newest_org_year": int(newest["start_year"]),
        "newest_org_name": d["organisations"].set_index("org_id").loc[newest["org_id"], "name"],
        "china_comprehensive": format_date(peace_events["china_comprehensive_strategic_partnership"]),
        "n_partners": len(partners), "n_docs_since_war": int((partners["key_document_date"] >= WAR_END).sum()),
        "ca_rate_before": Text(f"{pace.per_year_before:.1f}"), "ca_rate_after": Text(f"{pace.per_year_after:.1f}"),
        "china_2019": china[2019], "china_2021": china[2021], "china_latest": china[max(china)], "china_latest_year": max(china),
        "gas_2021": gas[2021], "gas_latest": gas[max(gas)], "gas_latest_year": max(gas),
        "mou_target": float(mou["value"]), "mou_year": int(mou["year"]),
        "cargo_2021": cargo[2021], "cargo_peak": cargo[peak], "cargo_peak_year": peak,
        "cargo_latest": cargo[max(cargo)], "cargo_latest_year": max(cargo),
        "cargo_target": float(target["value"]), "cargo_target_year": int(target["year"]),
        "fdi_first": float(stocks.iloc[0]["value"]), "fdi_first_through": stocks.iloc[0]["through"],
        "fdi_latest": float(stocks.iloc[-1]["value"]), "fdi_latest_through": Text(stocks.iloc[-1]["through"].replace("-H1", " (first half)")),
        "peace_initialled": format_date(peace_events["washington_summit_peace_initialled"]),
        "peace_text_agreed": format_date(peace_events["peace_treaty_text_agreed"]),
        "peacekeepers_left": format_date(peace_events["russian_peacekeepers_withdrawal"]),
        "scenario_today": " and ".join(today) if today else "none",
        "gas_rate_needed": Text(f"{energy.required_rate(gas[max(gas)], mou['value'], int(mou['year']) - max(gas)):.0%}"),
        "cargo_rate_needed": Text(f"{energy.required_rate(cargo[max(cargo)], target['value'], int(target['year']) - max(cargo)):.0%}"),
        "cargo_change_last": _change_words(cargo[max(cargo)] / cargo[max(cargo) - 1] - 1),
        "northern_teu_2024": co.series(transport, "northern_teu")[2024],
        "middle_teu_2024": co.series(transport, "middle_teu")[2024],
        "eu_share_2024": float(energy.figure(energy_figures, "eu_import_share_2024")["value"]),
        # the lower bounds of the drivers' levels (the course's choice), as the text states them
        "gas_low": GAS_BANDS[0], "cargo_low": CARGO_BANDS[0],
        "china_low_bn": Text(f"{CHINA_BANDS[0] / 1000:g}"), "china_high_bn": Text(f"{CHINA_BANDS[1] / 1000:g}"),
    }
