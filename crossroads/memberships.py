"""Who belonged to which organisation, when: the logic behind chapter 1.

All functions here are pure (tables in, tables or text out) so that they can be
tested without a browser or a kernel; :mod:`crossroads.widgets` and the chapter
maps are thin layers over them.

A membership row is *active* in year ``y`` when ``start_year <= y`` and either
``end_year`` is empty or ``y < end_year`` (the year a status ended counts as the
first year without it).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


from . import maps
from .facts import event_date, format_date
from .maps import escape

FOCUS = "AZE"
STATUS_WORDS = {
    "member": "member", "observer": "observer", "dialogue_partner": "dialogue partner",
    "partner": "partner", "former_member": "member", "suspended": "participation suspended",
}
WEAK_STATUSES = {"observer", "dialogue_partner", "partner", "suspended"}


@dataclass(frozen=True)
class Snapshot:
    """The answer to "who was in these organisations in this year?"."""

    year: int
    table: pd.DataFrame  # one row per country, one column per organisation (short name)
    message: str  # a one-paragraph reading of the table, or why it is empty


def active_in(memberships: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of ``memberships`` whose status held in ``year``."""
    started = memberships["start_year"] <= year
    not_ended = memberships["end_year"].isna() | (year < memberships["end_year"])
    return memberships[started & not_ended.fillna(False)]


def describe_status(row) -> str:
    """Plain-text status of one membership row, e.g. 'member since 1992'."""
    word = STATUS_WORDS.get(row["status"], str(row["status"]))
    return f"{word} since {int(row['start_year'])}"


def snapshot(memberships: pd.DataFrame, organisations: pd.DataFrame, year: int,
             org_ids, country_names: dict[str, str]) -> Snapshot:
    """Countries' statuses in the selected organisations in ``year``.

    ``country_names`` maps ISO3 codes to display names; Azerbaijan comes first.
    Every selection gives a Snapshot: an empty selection or a year in which none
    of the selected organisations had members yields an empty table and a message
    that says why.
    """
    org_ids = list(org_ids)
    unknown = sorted(set(org_ids) - set(organisations["org_id"]))
    if unknown:
        raise ValueError(f"unknown organisation id(s) {unknown}; "
                         f"known: {sorted(organisations['org_id'])}")
    if not org_ids:
        return Snapshot(year, pd.DataFrame(), "Select at least one organisation to see its members.")
    orgs = organisations.set_index("org_id").loc[org_ids]
    active = active_in(memberships[memberships["org_id"].isin(org_ids)], year)
    if active.empty:
        founded = ", ".join(f"{r.short_name} {r.founded}" for r in orgs.itertuples())
        return Snapshot(year, pd.DataFrame(),
                        f"In {year} none of the selected organisations had members in this "
                        f"data set. Founding years: {founded}.")
    cells = active.assign(text=active.apply(describe_status, axis=1),
                          organisation=active["org_id"].map(orgs["short_name"]))
    table = cells.pivot_table(index="country_iso3", columns="organisation", values="text",
                              aggfunc="first").reindex(columns=list(orgs["short_name"]))
    table = table.astype(object).fillna("–")
    order = sorted(table.index, key=lambda c: (c != FOCUS, country_names.get(c, c)))
    table = table.loc[order]
    table.index = [country_names.get(c, c) for c in table.index]
    table.index.name = "country"
    return Snapshot(year, table, _reading(active, orgs, year))


def _reading(active: pd.DataFrame, orgs: pd.DataFrame, year: int) -> str:
    """One sentence on where Azerbaijan stands in the selected organisations."""
    mine = active[active["country_iso3"] == FOCUS]
    full = mine[~mine["status"].isin(WEAK_STATUSES)]["org_id"].map(orgs["short_name"])
    weak = mine[mine["status"].isin(WEAK_STATUSES)]["org_id"].map(orgs["short_name"])
    existing = orgs[orgs["founded"] <= year]
    outside = [s for o, s in existing["short_name"].items() if o not in set(mine["org_id"])]
    # An organisation founded later is not one Azerbaijan "stood outside" (the CSTO in 1998).
    later = [f"{r.short_name} ({r.founded})" for r in orgs[orgs["founded"] > year].itertuples()]
    noun = "organisations and treaties" if (orgs["kind"] == "treaty").any() else "organisations"
    parts = [f"In {year} Azerbaijan was a full member of {len(full)} of the "
             f"{len(orgs)} selected {noun}"
             + (f" ({', '.join(full)})" if len(full) else "")]
    if len(weak):
        parts.append(f"held a weaker status in {', '.join(weak)}")
    if outside:
        parts.append(f"stood outside {', '.join(outside)}")
    if later:
        parts.append(f"not yet founded: {', '.join(later)}")
    return "; ".join(parts) + "."


def current_statuses(memberships: pd.DataFrame, year: int, org_id: str) -> pd.DataFrame:
    """Active rows of one organisation in ``year``."""
    return active_in(memberships[memberships["org_id"] == org_id], year)


def organisation_layers(fmap, memberships, organisations, outlines, year: int,
                        org_ids, country_names, shown=()):
    """Add one map layer per organisation, shading its members in ``year``.

    Full members are filled; observers, partners and frozen members are dashed.
    Returns the legend entries (colour, dashed, text) for :func:`maps.finish`.
    """
    legend = []
    for colour, org_id in zip(maps.PALETTE, org_ids):
        org = organisations.set_index("org_id").loc[org_id]
        rows = current_statuses(memberships, year, org_id)
        labels = {r.country_iso3: f"{country_names.get(r.country_iso3, r.country_iso3)}: "
                                  f"{org.short_name} {describe_status(r._asdict())}"
                  for r in rows.itertuples()}
        weak = {r.country_iso3 for r in rows.itertuples() if r.status in WEAK_STATUSES}
        maps.add_countries(fmap, outlines, labels, name=f"{org.short_name} in {year}",
                           colour=colour, dashed=weak, show=org_id in shown)
        legend.append((colour, False, f"{org.short_name}: {org['name']}"))
    legend.append(("#777777", True, "dashed: observer, partner or suspended"))
    return legend


AS_OF = 2025  # latest year the membership sources cover; statuses "today" mean this year
MAP_ORGS = ["OTS", "CSTO", "EAEU", "SCO", "GUAM", "EAP"]
# The explorer adds the 1992 treaty, so that its years before 2002 show who was a party to
# it: Azerbaijan left the treaty in 1999, never the CSTO founded on it in 2002.
EXPLORER_ORGS = ["OTS", "CST", "CSTO", "EAEU", "SCO", "GUAM", "EAP"]


def azerbaijan_record(memberships: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """Azerbaijan's statuses in every organisation of the data, oldest first.

    Organisations it never joined appear with status 'not a member', so that the
    non-memberships (for example the Eurasian Economic Union) are visible too.
    """
    orgs = organisations.set_index("org_id")
    mine = memberships[memberships["country_iso3"] == FOCUS]
    rows = []
    for org_id, org in orgs.iterrows():
        own = mine[mine["org_id"] == org_id]
        if own.empty:
            rows.append({"organisation": org["name"], "abbreviation": org["short_name"],
                         "status": "not a member", "from": pd.NA, "until": pd.NA})
        for r in own.itertuples():
            ended = pd.notna(r.end_year)
            word = STATUS_WORDS.get(r.status, r.status)
            rows.append({"organisation": org["name"], "abbreviation": org["short_name"],
                         "status": f"former {word}" if ended else word,
                         "from": r.start_year, "until": r.end_year if ended else pd.NA})
    table = pd.DataFrame(rows).astype({"from": "Int64", "until": "Int64"})
    return table.sort_values(["from", "organisation"], na_position="last").reset_index(drop=True)


def shared_organisations(memberships: pd.DataFrame, year: int, a: str, b: str,
                         full_only: bool = True) -> list[str]:
    """Organisations in which countries ``a`` and ``b`` both held a status in ``year``."""
    active = active_in(memberships, year)
    if full_only:
        active = active[~active["status"].isin(WEAK_STATUSES)]
    orgs_a = set(active.loc[active["country_iso3"] == a, "org_id"])
    orgs_b = set(active.loc[active["country_iso3"] == b, "org_id"])
    return sorted(orgs_a & orgs_b)


def partners_map(memberships, organisations, partners, places, outlines,
                 country_names, year: int = AS_OF, org_ids=MAP_ORGS) -> maps.MapFigure:
    """Chapter 1 map: Azerbaijan, its neighbours, partner capitals, organisations as layers."""
    fmap = maps.base_map()
    neighbours = partners[partners["shares_border"]]
    maps.add_countries(fmap, outlines, {FOCUS: "Azerbaijan (with the Nakhchivan exclave)"},
                       name="Azerbaijan", colour=maps.HIGHLIGHT)
    maps.add_countries(fmap, outlines,
                       {r.partner_id: f"{r.name}: shares a border with Azerbaijan"
                        for r in neighbours.itertuples()},
                       name="Neighbours", colour="#555555", dashed=set(neighbours["partner_id"]))
    legend = [(maps.HIGHLIGHT, False, "Azerbaijan"), ("#555555", True, "Neighbours")]
    legend += organisation_layers(fmap, memberships, organisations, outlines, year, org_ids,
                                  country_names, shown=())
    by_country = partners.set_index("partner_id")
    points = []
    for place in places[places["kind"].isin(["capital", "city"])].itertuples():
        popup = [("Place", place.name)] + ([("Note", place.note)] if pd.notna(place.note) else [])
        if place.country_iso3 in by_country.index and place.country_iso3 != FOCUS:
            partner = by_country.loc[place.country_iso3]
            popup += [("Partner", partner["name"]),
                      ("Key document", f"{partner['key_document']} "
                                       f"({partner['key_document_date']:%d %B %Y})"),
                      ("In short", partner["summary"]), ("Source id", partner["source_id"])]
        points.append({"lat": place.lat, "lon": place.lon, "label": place.name, "popup": popup})
    maps.add_points(fmap, points, name="Capitals and partners (click for the key document)")
    return maps.finish(
        fmap, title=f"Map: Azerbaijan, its neighbours and partners, organisations in {year}",
        caption=(f"Azerbaijan (vermillion), its neighbours (dashed grey) and the capitals of its "
                 f"partners. Open the layers button (top right) to show which countries belonged "
                 f"to each organisation in {year}: filled = member, dashed = observer, partner "
                 f"or suspended. The EU and "
                 "the United States are partners without a place on this regional map. "
                 "Outlines: Natural Earth (public domain); boundaries imply no position on "
                 "disputed territory."),
        legend_title="Layers", legend_items=legend)


def members_of(memberships: pd.DataFrame, year: int, org_id: str, full_only: bool = True) -> set[str]:
    """ISO3 codes of the countries holding a status in ``org_id`` in ``year``."""
    rows = current_statuses(memberships, year, org_id)
    if full_only:
        rows = rows[~rows["status"].isin(WEAK_STATUSES)]
    return set(rows["country_iso3"])


def partner_documents(partners: pd.DataFrame) -> pd.DataFrame:
    """Partners with the document that defines each relationship, newest first."""
    table = partners.sort_values("key_document_date", ascending=False)
    return pd.DataFrame({"partner": table["name"],
                         "land border": table["shares_border"].map({True: "yes", False: "no"}),
                         "key document": table["key_document"],
                         "date": table["key_document_date"].dt.strftime("%d %b %Y"),
                         "source": table["source_id"]})


# --- chapter 1: its explorer and the figures its text states ----------------------

def membership_explorer(memberships: pd.DataFrame, organisations: pd.DataFrame,
                        country_names: dict[str, str], *, year: int, org_ids,
                        first_year: int = 1991, last_year: int | None = None) -> widgets.VBox:
    """Year and organisation pickers over :func:`snapshot`."""
    import ipywidgets as widgets

    from .widgets import LinkedPanes, explorer_box, table_html

    last_year = last_year or year
    options = [(f"{r.short_name} – {r.name}", r.org_id) for r in organisations.itertuples()]
    # A drop-down rather than a slider: the slider handle of ipywidgets has no
    # accessible name for screen readers; a <select> with a label does.
    year_picker = widgets.Dropdown(options=list(range(first_year, last_year + 1)), value=year,
                                   description="Year")
    picker = widgets.SelectMultiple(options=options, value=tuple(org_ids), rows=min(8, len(options)),
                                    description="Organisations",
                                    layout=widgets.Layout(width="95%"),
                                    style={"description_width": "initial"})
    hint = widgets.HTML("<small>Hold Ctrl (Cmd on a Mac) and click to select several "
                        "organisations; scroll the list to see them all.</small>")

    def pane(year: int) -> str:
        snap = snapshot(memberships, organisations, year, picker.value, country_names)
        body = f"<p>{escape(snap.message)}</p>"
        if not snap.table.empty:
            body += table_html(snap.table, f"Statuses in {snap.year}")
        return body

    panes = LinkedPanes([year_picker], pane)
    return explorer_box([year_picker, picker, hint], panes, kernel_controls=[picker])


def first_year(memberships: pd.DataFrame, org_id: str, country: str = FOCUS) -> int:
    """First year ``country`` held any status in ``org_id``."""
    rows = memberships[(memberships["org_id"] == org_id) & (memberships["country_iso3"] == country)]
    if rows.empty:
        raise KeyError(f"{country} has no status in {org_id} in data/memberships.csv")
    return int(rows["start_year"].min())


def chapter_facts(memberships, organisations, partners, events, year: int = AS_OF) -> dict:
    """Every data figure that chapter 1 states in its text."""
    mine = active_in(memberships[memberships["country_iso3"] == FOCUS], year)
    weak = mine["status"].isin(WEAK_STATUSES)
    mapped = mine[mine["org_id"].isin(MAP_ORGS)]
    treaty = memberships[(memberships["org_id"] == "CST") & (memberships["country_iso3"] == FOCUS)]
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
        "mapped_full": int((~mapped["status"].isin(WEAK_STATUSES)).sum()),
        "n_mapped": len(MAP_ORGS),
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
