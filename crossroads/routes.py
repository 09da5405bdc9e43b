"""Schematic routes (pipelines, corridors) drawn through named places.

A route is a GeoJSON LineString whose ``waypoints`` property lists place ids of
``data/places.csv`` in order; its coordinates are those places' coordinates, so
the line is schematic: it shows which places a route links, not its exact path.
Maintainers edit the ``waypoints`` and run

    python -m crossroads.routes pipelines

to write the coordinates from places.csv. The tests check every route file is in
step with places.csv, so a moved place cannot leave a stale line on a map.
"""
from __future__ import annotations

import json
import sys

import pandas as pd

from .data import DATA_DIR, DataError, describe, load, read_json


def waypoint_coordinates(waypoints: str, places: pd.DataFrame, where: str) -> list[list[float]]:
    """[lon, lat] of each place id in a ';'-separated list; DataError on an unknown id."""
    index = places.set_index("place_id")
    coordinates = []
    for place_id in [p.strip() for p in waypoints.split(";") if p.strip()]:
        if place_id not in index.index:
            raise DataError(f"{where}: waypoint {place_id!r} is not a place_id in data/places.csv")
        coordinates.append([float(index.at[place_id, "lon"]), float(index.at[place_id, "lat"])])
    if len(coordinates) < 2:
        raise DataError(f"{where}: a route needs at least two waypoints, got {waypoints!r}")
    return coordinates


def synced(collection: dict, places: pd.DataFrame, path) -> dict:
    """The collection with every route's coordinates recomputed from its waypoints."""
    features = []
    for number, feature in enumerate(collection["features"], start=1):
        where = f"{path}, feature {number}"
        geometry = {"type": "LineString",
                    "coordinates": waypoint_coordinates(feature["properties"]["waypoints"], places, where)}
        features.append({**feature, "geometry": geometry})
    return {**collection, "features": features}


def main(argv: list[str]) -> int:
    name = argv[0]
    path = DATA_DIR / describe(name)["path"]
    collection = synced(read_json(path), load("places"), path)
    path.write_text(json.dumps(collection, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} routes to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
