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
