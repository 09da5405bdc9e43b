"""Transport corridors on a map (chapter 3 for China–Europe trade; chapter 5 in full)."""
from __future__ import annotations

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


def corridors_map(corridors: dict, places: pd.DataFrame, *, title: str, caption: str,
                  families=tuple(FAMILIES)) -> maps.MapFigure:
    """One layer per corridor family (rail solid, sea dashed), ports as points."""
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
                maps.add_lines(fmap, lines, name=layer, colour=colour,
                               dash=SEA_DASH if mode == "sea" else None)
                legend.append((colour, mode == "sea", layer))
    shown = {w for f in corridors["features"] if family(f["properties"]["corridor_id"]) in families
             for w in f["properties"]["waypoints"].split(";")}
    ports = places[(places["kind"] == "port") & places["place_id"].isin(shown)]
    maps.add_points(fmap, [{"lat": r.lat, "lon": r.lon, "label": f"{r.name} (port)",
                            "popup": [("Port", r.name), ("Note", r.note if pd.notna(r.note) else ""),
                                      ("Source id", r.source_id)]} for r in ports.itertuples()],
                    name="Ports")
    return maps.finish(fmap, title=title, caption=caption, legend_title="Routes", legend_items=legend)
