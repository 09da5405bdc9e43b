"""Maintainer tool: make ``data/countries.geojson`` from Natural Earth.

The outlines come from the npm package ``world-atlas`` (Natural Earth 4.1.0,
public domain, as TopoJSON). This module decodes the TopoJSON, keeps only the
countries the course maps, simplifies each ring (Douglas-Peucker) and rounds
coordinates so that every map stays light.

Run it by hand when the set of countries changes::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m crossroads.outlines package/countries-50m.json data/countries.geojson

It is the only code in the package that writes into ``data/``, and only when a
maintainer asks it to; loading code never does.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

# ISO 3166-1 numeric code (the ids world-atlas uses) -> alpha-3 code and the
# short English name the course uses.
COUNTRIES = {
    "031": ("AZE", "Azerbaijan"),
    "051": ("ARM", "Armenia"),
    "268": ("GEO", "Georgia"),
    "643": ("RUS", "Russia"),
    "792": ("TUR", "Türkiye"),
    "364": ("IRN", "Iran"),
    "398": ("KAZ", "Kazakhstan"),
    "795": ("TKM", "Turkmenistan"),
    "860": ("UZB", "Uzbekistan"),
    "417": ("KGZ", "Kyrgyzstan"),
    "762": ("TJK", "Tajikistan"),
    "156": ("CHN", "China"),
    "804": ("UKR", "Ukraine"),
    "498": ("MDA", "Moldova"),
    "112": ("BLR", "Belarus"),
    "376": ("ISR", "Israel"),
}
SOURCE_ID = "natural_earth_world_atlas"
TOLERANCE_DEG = 0.04  # about 4 km: enough to keep Nakhchivan and Armenia recognisable
DECIMALS = 2


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return the topology's arcs as absolute (lon, lat) coordinates."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # quantized arcs are delta-encoded
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """Join the arcs of one ring; a negative index means the reversed arc ~i."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points if not ring else points[1:])
    return ring


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker simplification of a polyline (iterative, keeps the ends)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > worst:
                worst, index = dist, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def clean_ring(ring: list) -> list | None:
    """Simplify and round one ring; drop it if it collapses below a triangle."""
    rounded = []
    for x, y in simplify(ring, TOLERANCE_DEG):
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 4:
        return None
    rounded[-1] = rounded[0]
    return rounded


def country_features(topology: dict) -> list[dict]:
    """GeoJSON features for the countries in :data:`COUNTRIES`, sorted by code."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in COUNTRIES:
            continue
        iso3, name = COUNTRIES[geometry["id"]]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        multipolygon = []
        for polygon in polygons:
            rings = [clean_ring(ring_from_arcs(r, arcs)) for r in polygon]
            if rings and rings[0] is not None:  # the outer ring survived
                multipolygon.append([r for r in rings if r is not None])
        features.append({
            "type": "Feature",
            "properties": {"iso3": iso3, "name": name, "source_id": SOURCE_ID},
            "geometry": {"type": "MultiPolygon", "coordinates": multipolygon},
        })
    return sorted(features, key=lambda f: f["properties"]["iso3"])


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    topology = json.loads(source.read_text(encoding="utf-8"))
    collection = {"type": "FeatureCollection", "features": country_features(topology)}
    target.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries to {target} "
          f"({target.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main(sys.argv[1:])
