"""Numbers for the narrative: computed from the data, glued into the text.

Chapters never type a figure that comes from data; they compute it here, call
:func:`glue_facts`, and the markdown shows it with ``{glue:}`name```.
"""
from __future__ import annotations

import pandas as pd
from myst_nb import glue

from . import memberships as ms


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


def first_year(memberships: pd.DataFrame, org_id: str, country: str = ms.FOCUS) -> int:
    """First year ``country`` held any status in ``org_id``."""
    rows = memberships[(memberships["org_id"] == org_id) & (memberships["country_iso3"] == country)]
    if rows.empty:
        raise KeyError(f"{country} has no status in {org_id} in data/memberships.csv")
    return int(rows["start_year"].min())


def balancing_facts(memberships, organisations, partners, events, year: int = ms.AS_OF) -> dict:
    """Every data figure that chapter 1 states in its text."""
    mine = ms.active_in(memberships[memberships["country_iso3"] == ms.FOCUS], year)
    weak = mine["status"].isin(ms.WEAK_STATUSES)
    mapped = mine[mine["org_id"].isin(ms.MAP_ORGS)]
    treaty = memberships[(memberships["org_id"] == "CST") & (memberships["country_iso3"] == ms.FOCUS)]
    bodies = organisations[organisations["kind"] != "treaty"].set_index("org_id")["short_name"]
    war_start = event_date(events, "second_karabakh_war_begins")
    war_end = event_date(events, "trilateral_statement_nov_2020")
    shusha = partners.set_index("partner_id").loc["TUR", "key_document_date"]
    moscow = partners.set_index("partner_id").loc["RUS", "key_document_date"]
    return {
        "as_of": year,
        "n_organisations": len(bodies),
        "n_full_now": int((~weak).sum()),
        "n_weak_now": int(weak.sum()),
        "outside_now": " and ".join(bodies[o] for o in bodies.index if o not in set(mine["org_id"])),
        "cst_exit_year": int(treaty["end_year"].max()),
        "pfp_year": first_year(memberships, "NATO_PFP"),
        "nam_year": first_year(memberships, "NAM"),
        "ots_year": first_year(memberships, "OTS"),
        "sco_year": first_year(memberships, "SCO"),
        "coe_year": first_year(memberships, "COE"),
        "mapped_full": int((~mapped["status"].isin(ms.WEAK_STATUSES)).sum()),
        "n_mapped": len(ms.MAP_ORGS),
        "war_start": format_date(war_start),
        "war_end": format_date(war_end),
        "war_days": (war_end - war_start).days,
        "shusha_date": format_date(shusha),
        "moscow_date": format_date(moscow),
        "months_between_alliances": (moscow.year - shusha.year) * 12 + moscow.month - shusha.month,
        "operation_date": format_date(event_date(events, "sept_2023_military_operation")),
        "peacekeepers_left": format_date(event_date(events, "russian_peacekeepers_withdrawal")),
        "china_partnership": format_date(event_date(events, "china_strategic_partnership_astana")),
        "shusha_year": shusha.year,
        "ceasefire_year": event_date(events, "bishkek_protocol").year,
        "contract_year": event_date(events, "contract_of_the_century").year,
        "guam_year": first_year(memberships, "GUAM"),
        "uzb_guam_year": first_year(memberships, "GUAM", "UZB"),
        "n_partners": len(partners),
        "israel_embassy_year": partners.set_index("partner_id").loc["ISR", "key_document_date"].year,
        "n_docs_after_war": int((partners["key_document_date"] > war_end).sum()),
        "n_events": len(events),
        "first_event_year": int(events["date"].dt.year.min()),
        "last_event_year": int(events["date"].dt.year.max()),
    }


def energy_facts(gas_exports, energy_figures, oil_exports, pipelines, events) -> dict:
    """Every data figure that chapter 2 states in its text."""
    from . import energy

    europe = energy.official_series(gas_exports, "Europe")
    first, last = min(europe), max(europe)
    target = energy.figure(energy_figures, "eu_mou_target")
    baseline_eu = energy.figure(energy_figures, "eu_mou_baseline_2021")
    tap = energy.figure(energy_figures, "tap_capacity")
    expansion = energy.figure(energy_figures, "tap_expansion_first_level")
    eu_imports_2023 = energy.figure(energy_figures, "eu_total_gas_imports_2023")
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
        "growth_so_far": Text(f"{energy.growth_rate(europe, first, last):.1%}"),
        "required_from_last": Text(f"{energy.required_rate(europe[last], target['value'], int(target['year']) - last):.0%}"),
        "tap_capacity": float(tap["value"]),
        "tap_2022": float(gas_exports[(gas_exports["reporter"] == "operator") & (gas_exports["year"] == 2022)
                                      & (gas_exports["destination"] == "Europe")]["value"].iloc[0]), "tap_expansion": float(expansion["value"]),
        "tap_expansion_year": int(expansion["year"]),
        "eu_imports_2023": float(eu_imports_2023["value"]),
        "implied_share_2023": Text(f"{eu_2023 / eu_imports_2023['value']:.1%}"),
        "share_2023_reported": Text(_versions(shares, 2023)),
        "share_2022": Text(_versions(shares, 2022)),
        "share_2024": Text(_versions(shares, 2024)),
        "russia_pre_war": float(energy.figure(energy_figures, "russia_share_pre_war")["value"]),
        "russia_2021": float(energy.figure(energy_figures, "russia_share_2021")["value"]),
        "russia_2023": float(energy.figure(energy_figures, "russia_share_2023")["value"]),
        "total_last": total_last, "europe_share_of_total": Text(f"{europe[last] / total_last:.0%}"),
        "btc_length": Text(f"{by_id['btc']['length_km']:,.0f}"), "btc_first": by_id["btc"]["first_flow_year"],
        "sgc_length": Text(f"{sum(by_id[p]['length_km'] for p in sgc):,.0f}"),
        "sgc_length_stated": float(energy.figure(energy_figures, "sgc_length_stated")["value"]),
        "tanap_capacity": by_id["tanap"]["capacity_value"], "tap_first": by_id["tap"]["first_flow_year"],
        "oil_first_year": int(oil.index.min()), "oil_first": float(oil.loc[oil.index.min()]),
        "oil_last_year": int(oil.index.max()), "oil_last": float(oil.loc[oil.index.max()]),
        "transit_end": format_date(event_date(events, "ukraine_russian_gas_transit_ends")),
        "cable_agreement": format_date(event_date(events, "black_sea_cable_agreement")),
        "mou_date": format_date(event_date(events, "eu_energy_mou")),
        "garadagh_opened": format_date(event_date(events, "garadagh_solar_plant_opened")),
        "contract_year": event_date(events, "contract_of_the_century").year,
        "required_from_baseline": Text(f"{energy.required_rate(baseline_eu['value'], target['value'], int(target['year']) - int(baseline_eu['year'])):.1%}"),
        "share_2022_spokesperson": float(shares[(shares["year"] == 2022) & (shares["source_id"] == "turkic_world_ec_mcphie_2023")]["value"].iloc[0]),
    }


def _versions(shares, year: int) -> str:
    """'3.4 % (source_a), 3 % (source_b)': every version of a share for one year."""
    rows = shares[shares["year"] == year]
    return ", ".join(f"{r.value:g} %" for r in rows.itertuples())


def event_when(events: pd.DataFrame, event_id: str) -> str:
    """An event's date at the precision the source gives: '3 July 2024' or 'December 2015'."""
    row = events.loc[events["event_id"] == event_id]
    if row.empty:
        raise KeyError(f"no event {event_id!r} in the timeline (data/events.csv)")
    date, precision = row["date"].iloc[0], row["date_precision"].iloc[0]
    return {"day": format_date(date), "month": f"{date:%B %Y}", "year": f"{date:%Y}"}[precision]


# The growth base of chapter 3: two officials gave about $1.3bn for 2018 (data/trade.csv).
TRADE_BASE_YEAR = 2018
# Year-on-year growth Aliyev gave with the 2024 figure (vestikavkaza_aliyev_xinhua_trade_2024).
GROWTH_2024 = 0.207


def china_facts(trade, claims, events, transport_figures) -> dict:
    """Every data figure that chapter 3 states in its text."""
    from . import claims as cl
    from . import trade as tr

    def value(partner, year, flow, side, period="full year"):
        rows = trade[(trade["partner"] == partner) & (trade["year"] == year) & (trade["flow"] == flow)
                     & (trade["side"] == side) & (trade["period"] == period) & trade["value"].notna()]
        if rows.empty:
            raise KeyError(f"no {side} {flow} figure for {partner} {year} ({period}) in data/trade.csv")
        return float(rows["value"].iloc[0])

    def rank(partner, year, flow, side="azerbaijan"):
        rows = trade[(trade["partner"] == partner) & (trade["year"] == year) & (trade["flow"] == flow)
                     & (trade["side"] == side) & trade["rank"].notna()]
        return int(rows["rank"].iloc[0])

    def figure(figure_id):
        return float(transport_figures.loc[transport_figures["figure_id"] == figure_id, "value"].iloc[0])

    az = tr.series(trade, "China", "turnover", "azerbaijan")
    others = tr.other_figures(trade, "China", "turnover", "azerbaijan")
    shares = tr.china_share(trade, "turnover", "azerbaijan")
    seed_claims = claims[claims["seed_source_id"] == "seed_azerbaycan24_china_pivot"]
    verdicts = cl.verdict_counts(seed_claims)
    return {
        "relations": event_when(events, "china_diplomatic_relations"),
        "silk_road_mou": event_when(events, "china_silk_road_mou_2015"),
        "sco_partner": event_when(events, "china_sco_dialogue_partner"),
        "strategic": event_when(events, "china_strategic_partnership_astana"),
        "comprehensive": event_when(events, "china_comprehensive_strategic_partnership"),
        "visa_free": event_when(events, "china_unilateral_visa_free_2024"),
        "visa_mutual": event_when(events, "china_mutual_visa_exemption_2025"),
        "nomad_express": event_when(events, "china_nomad_express_2015"),
        "first_trade_year": TRADE_BASE_YEAR, "first_trade": az[TRADE_BASE_YEAR],
        "trade_2024": az[2024], "trade_multiple": Text(f"{az[2024] / az[TRADE_BASE_YEAR]:.1f}"),
        "trade_2017": az[2017], "trade_2017_other": others[2017][0],
        "trade_2024_growth": Text(f"{GROWTH_2024:.1%}"),
        "implied_2023": Text(f"{az[2024] / (1 + GROWTH_2024) / 1000:.1f}"),
        "rank_2024": rank("China", 2024, "turnover"), "import_rank_2024": rank("China", 2024, "imports"),
        "import_rank_2022": rank("China", 2022, "imports"),
        "cn_2023": value("China", 2023, "turnover", "partner"),
        "cn_2025": value("China", 2025, "turnover", "partner"),
        "imports_2023_jan_nov": value("China", 2023, "imports", "azerbaijan", "Jan-Nov"),
        "kerimli_2023": value("China", 2023, "turnover", "independent"),
        "exports_2024_blog": value("China", 2024, "exports", "independent"),
        "share_first_year": int(shares.index.min()), "share_first": Text(f"{shares.iloc[0]:.1%}"),
        "share_last_year": int(shares.index.max()), "share_last": Text(f"{shares.iloc[-1]:.1%}"),
        "world_2022": value("World", 2022, "turnover", "azerbaijan"),
        "world_2023": value("World", 2023, "turnover", "azerbaijan"),
        "n_benefits": len(seed_claims),
        "n_supported": int(verdicts["supported"]),
        "n_partly": int(verdicts["partly supported"]),
        "n_too_early": int(verdicts["too early to tell"]),
        "titr_2022": figure("titr_cargo_2022"), "titr_2024": figure("titr_cargo_2024"),
        "eu_pledge": figure("eu_gg_central_asia_pledge_2024"), "eu_projects": int(figure("eu_gg_33_projects")),
    }
