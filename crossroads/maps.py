"""Folium maps with one look for the whole course.

Every map starts from :func:`base_map`: country outlines from the course data as
its base (so it reads without tiles, offline), optional OpenStreetMap tiles as
decoration, a metric scale and the course's initial view. Layers are added with the
helpers below (which escape every text that comes from data), and :func:`finish`
adds the layer control and returns a :class:`MapFigure`: the map in an ``<iframe>``
with a title for screen readers, then the legend and a caption *below* the map, so
that the legend never hides the map's subject. It renders the same in JupyterLab
and the book, and fits a 1280×720 projector at 100 % and 200 % zoom.
"""
from __future__ import annotations

import html
import re

import folium
from branca.element import MacroElement, Template

from . import vendor

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
# Vermillion is kept for the highlighted country; layers cycle through the rest.
HIGHLIGHT = "#D55E00"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
TILES = "OpenStreetMap"  # needs no API key; the data layers carry the meaning
REGION_CENTER = (41.5, 54.0)  # the Caspian, between the South Caucasus and Central Asia
REGION_ZOOM = 4
LAND, BORDER, SEA = "#f3efe6", "#8c8c8c", "#dcebf5"  # the base drawn from data, under every layer
OFFLINE_NOTE = ("Country outlines, lines and points come from the course data and show without a "
                "network; the background map (OpenStreetMap tiles) needs one and is decoration only.")


class MapError(ValueError):
    """Raised when a map is asked to draw something the data cannot support."""


# Of folium's default scripts the course needs only Leaflet and jQuery (popups);
# Bootstrap, Font Awesome and the awesome-markers plugin would add five more CDN
# requests to every map for nothing.
MAP_JS = [(name, url) for name, url in folium.Map.default_js if name in {"leaflet", "jquery"}]
MAP_CSS = [(name, url) for name, url in folium.Map.default_css if name == "leaflet_css"]


_METRIC_SCALE = Template("""
{% macro header(this, kwargs) %}
<style>.leaflet-container { background: {{ this.sea }}; }</style>
{% endmacro %}
{% macro script(this, kwargs) %}
L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")


class MetricScale(MacroElement):
    """A kilometre-only scale bar, and a sea colour for the map background without tiles."""

    def __init__(self):
        super().__init__()
        self._name, self._template, self.sea = "MetricScale", _METRIC_SCALE, SEA


def base_map(center=REGION_CENTER, zoom=REGION_ZOOM, outlines: dict | None = None) -> folium.Map:
    """A map of the region: outlines from data as its base, tiles as optional decoration."""
    from .data import load

    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=False)
    fmap.default_js, fmap.default_css = MAP_JS, MAP_CSS
    folium.TileLayer(TILES, name="Base map (OpenStreetMap)").add_to(fmap)
    folium.GeoJson(outlines or load("countries"), name="Country outlines", control=False,
                   interactive=False,
                   style_function=lambda _: {"fillColor": LAND, "color": BORDER, "weight": 1,
                                             "fillOpacity": 0.85}).add_to(fmap)
    MetricScale().add_to(fmap)
    return fmap


def escape(text) -> str:
    """HTML-escape a value from data (None becomes an empty string)."""
    return "" if text is None else html.escape(str(text), quote=True)


def outline_index(outlines: dict) -> dict[str, dict]:
    """Map ISO3 code -> GeoJSON feature for a FeatureCollection of countries."""
    return {f["properties"]["iso3"]: f for f in outlines["features"]}


def add_countries(fmap, outlines: dict, labels: dict[str, str], *, name: str,
                  colour: str, dashed: set[str] = frozenset(), show: bool = True):
    """Add one layer that shades the countries in ``labels`` (ISO3 -> tooltip text).

    Countries in ``dashed`` get a dashed outline and a lighter fill, so that a
    weaker status (observer, partner) is shown by line style as well as colour.
    Raises :class:`MapError` if a country has no outline, rather than silently
    leaving it off the map.
    """
    index = outline_index(outlines)
    missing = sorted(set(labels) - set(index))
    if missing:
        raise MapError(f"layer {name!r}: no outline for {missing} in the country outlines; "
                       "add them to data/countries.geojson (see crossroads/outlines.py)")
    features = []
    for iso3, label in labels.items():
        feature = dict(index[iso3])
        feature["properties"] = {**feature["properties"], "label": escape(label),
                                 "weak": iso3 in dashed}
        features.append(feature)
    layer = folium.FeatureGroup(name=escape(name), show=show)

    def style(feature):
        weak = feature["properties"]["weak"]
        return {"fillColor": colour, "color": colour, "weight": 2,
                "fillOpacity": 0.15 if weak else 0.45, "dashArray": "6 4" if weak else None}

    folium.GeoJson({"type": "FeatureCollection", "features": features}, style_function=style,
                   tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
                   ).add_to(layer)
    layer.add_to(fmap)
    return layer


def add_points(fmap, points, *, name: str, colour: str = "#000000", show: bool = True):
    """Add one layer of circle markers.

    ``points`` is an iterable of dicts with ``lat``, ``lon``, ``label`` (tooltip,
    plain text) and ``popup`` (a list of (heading, text) pairs, plain text).
    """
    layer = folium.FeatureGroup(name=escape(name), show=show)
    for point in points:
        lat, lon = float(point["lat"]), float(point["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise MapError(f"layer {name!r}: point {point.get('label')!r} has coordinates "
                           f"({lat}, {lon}) out of range")
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in point.get("popup", []))
        folium.CircleMarker(
            location=[lat, lon], radius=6, color=colour, weight=2, fill=True,
            fill_color="#ffffff", fill_opacity=1,
            tooltip=folium.Tooltip(escape(point["label"])),
            popup=folium.Popup(f"<dl>{rows}</dl>", max_width=320) if rows else None,
        ).add_to(layer)
    layer.add_to(fmap)
    return layer


def add_lines(fmap, features, *, name: str, colour: str, dash: str | None = None,
              show: bool = True):
    """Add one layer of GeoJSON LineString features as polylines.

    Each feature needs a ``label`` property (tooltip text) and may have ``popup``
    (a list of (heading, text) pairs); both are escaped here. ``dash`` is an SVG
    dash pattern, so that line style, not only colour, separates layers.
    """
    layer = folium.FeatureGroup(name=escape(name), show=show)
    for feature in features:
        coordinates = feature["geometry"]["coordinates"]
        for lon, lat in coordinates:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise MapError(f"layer {name!r}: line {feature['properties'].get('label')!r} has "
                               f"a point ({lon}, {lat}) out of range")
        props = feature["properties"]
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in props.get("popup", []))
        folium.PolyLine([[lat, lon] for lon, lat in coordinates], color=colour, weight=4,
                        opacity=0.9, dash_array=dash, tooltip=folium.Tooltip(escape(props["label"])),
                        popup=folium.Popup(f"<dl>{rows}</dl>", max_width=340) if rows else None,
                        ).add_to(layer)
    layer.add_to(fmap)
    return layer


def legend_html(title: str, items) -> str:
    """The legend, below the map: entries are (colour, dashed, text); text is escaped."""
    rows = "".join(
        f'<li><svg width="26" height="12" aria-hidden="true"><rect x="1" y="1" width="24" height="10" '
        f'fill="{escape(colour)}" fill-opacity="{0.15 if dashed else 0.45}" stroke="{escape(colour)}" '
        f'stroke-width="2"{" stroke-dasharray=" + chr(34) + "4 2" + chr(34) if dashed else ""}/></svg> '
        f'{escape(text)}</li>' for colour, dashed, text in items)
    return (f'<div class="crossroads-legend"><strong>{escape(title)}</strong>'
            f'<ul style="list-style:none;padding:0;margin:0.2em 0;columns:16em">{rows}</ul></div>')


class MapFigure:
    """A finished map: renders as an ``<iframe>`` with a title and a caption."""

    def __init__(self, fmap: folium.Map, title: str, caption: str, height: int = 600, legend: str = ""):
        self.map, self.title, self.caption, self.legend, self.height = fmap, title, caption, legend, height

    def __repr__(self) -> str:
        return self.title

    def html(self, inline: bool = True) -> str:
        """The complete standalone HTML document of the map (``inline=False``: CDN links).

        folium's page has no language, no title, and a viewport that forbids
        zooming; we add the first two and allow zooming (WCAG 1.4.4). Leaflet and
        jQuery are written in (:func:`crossroads.vendor.inline`), so that the map
        draws in JupyterLab without a network; the book links its own copies instead.
        """
        page = self.map.get_root().render()
        page = vendor.inline(page) if inline else page
        page = page.replace("<html>", '<html lang="en">', 1)
        page = page.replace("<head>", f"<head>\n    <title>{escape(self.title)}</title>", 1)
        return re.sub(r"maximum-scale=1\.0,\s*user-scalable=no", "", page)

    def _repr_html_(self) -> str:
        srcdoc = escape(self.html())
        return (f'<figure class="crossroads-map" style="margin:0">'
                f'<iframe srcdoc="{srcdoc}" title="{escape(self.title)}" '
                f'style="width:100%;height:min({self.height}px,70vh);border:1px solid #ccc" '
                f'loading="lazy"></iframe>{self.legend}'
                f'<figcaption>{escape(self.caption)} {escape(OFFLINE_NOTE)}</figcaption></figure>')


def finish(fmap, *, title: str, caption: str, legend_title: str, legend_items) -> MapFigure:
    """Add the layer control; return the map with its legend and caption, ready to display."""
    # Collapsed: in the book's text column an open control would hide half the map.
    folium.LayerControl(collapsed=True).add_to(fmap)
    return MapFigure(fmap, title, caption, legend=legend_html(legend_title, legend_items))


def feature_labels(fmap) -> list[str]:
    """All tooltip labels of GeoJSON features on a map (for tests and checks)."""
    labels = []
    for child in _walk(fmap):
        if isinstance(child, folium.GeoJson) and child.control:
            labels += [f["properties"].get("label") for f in child.data["features"]]
    return labels


def _walk(element):
    for child in element._children.values():
        yield child
        yield from _walk(child)


__all__ = ["base_map", "add_countries", "add_points", "finish", "MapFigure", "MapError",
           "escape", "PALETTE"]
