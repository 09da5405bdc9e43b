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
    names = organisations.set_index("org_id")["short_name"]
    mine = ms.active_in(memberships[memberships["country_iso3"] == ms.FOCUS], year)
    weak = mine["status"].isin(ms.WEAK_STATUSES)
    mapped = mine[mine["org_id"].isin(ms.MAP_ORGS)]
    csto = memberships[(memberships["org_id"] == "CSTO") & (memberships["country_iso3"] == ms.FOCUS)]
    war_start = event_date(events, "second_karabakh_war_begins")
    war_end = event_date(events, "trilateral_statement_nov_2020")
    shusha = partners.set_index("partner_id").loc["TUR", "key_document_date"]
    moscow = partners.set_index("partner_id").loc["RUS", "key_document_date"]
    return {
        "as_of": year,
        "n_organisations": len(organisations),
        "n_full_now": int((~weak).sum()),
        "n_weak_now": int(weak.sum()),
        "outside_now": " and ".join(names[o] for o in names.index if o not in set(mine["org_id"])),
        "csto_exit_year": int(csto["end_year"].max()),
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
