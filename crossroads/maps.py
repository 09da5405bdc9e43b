"""Folium maps with one look for the whole course.

Every map starts from :func:`base_map` (same tiles, initial view and attribution),
adds layers with the helpers below (which escape every text that comes from data),
and is finished by :func:`finish`, which adds the layer control and a legend and
returns a :class:`MapFigure`: the map in an ``<iframe>`` with a title for screen
readers and a visible caption, rendered the same way in JupyterLab and the book.
"""
from __future__ import annotations

import html
import re

import folium
from branca.element import MacroElement, Template

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
# Vermillion is kept for the highlighted country; layers cycle through the rest.
HIGHLIGHT = "#D55E00"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
TILES = "OpenStreetMap"  # needs no API key; the data layers carry the meaning
REGION_CENTER = (41.5, 54.0)  # the Caspian, between the South Caucasus and Central Asia
REGION_ZOOM = 4


class MapError(ValueError):
    """Raised when a map is asked to draw something the data cannot support."""


# Of folium's default scripts the course needs only Leaflet and jQuery (popups);
# Bootstrap, Font Awesome and the awesome-markers plugin would add five more CDN
# requests to every map for nothing.
MAP_JS = [(name, url) for name, url in folium.Map.default_js if name in {"leaflet", "jquery"}]
MAP_CSS = [(name, url) for name, url in folium.Map.default_css if name == "leaflet_css"]


def base_map(center=REGION_CENTER, zoom=REGION_ZOOM) -> folium.Map:
    """A map of the region with the course's tiles and initial view."""
    fmap = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = MAP_JS, MAP_CSS
    folium.TileLayer(TILES, name="Base map (OpenStreetMap)").add_to(fmap)
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


_LEGEND = Template("""
{% macro html(this, kwargs) %}
<details open id="crossroads-legend" style="position: absolute; bottom: 24px; left: 12px;
     z-index: 9999; background: #ffffff; padding: 6px 10px; border: 1px solid #555;
     border-radius: 4px; font: 13px/1.4 sans-serif; color: #111; max-width: 260px;">
  <summary style="cursor: pointer; font-weight: bold;">{{ this.title }}</summary>
  {% for colour, dash, text in this.items %}
  <div><svg width="26" height="12" aria-hidden="true"><rect x="1" y="1" width="24" height="10"
       fill="{{ colour }}" fill-opacity="0.45" stroke="{{ colour }}" stroke-width="2"
       {% if dash %}stroke-dasharray="4 2" fill-opacity="0.15"{% endif %}/></svg> {{ text }}</div>
  {% endfor %}
</details>
<script>
  // On a phone the open legend would cover the map: start it folded there.
  if (window.innerWidth < 560) { document.getElementById("crossroads-legend").open = false; }
</script>
{% endmacro %}
""")



class Legend(MacroElement):
    """A legend box that folds (closed on narrow screens); entries are (colour, dashed, text), escaped."""

    def __init__(self, title: str, items):
        super().__init__()
        self._name = "Legend"
        self._template = _LEGEND
        self.title = escape(title)
        self.items = [(colour, dashed, escape(text)) for colour, dashed, text in items]


class MapFigure:
    """A finished map: renders as an ``<iframe>`` with a title and a caption."""

    def __init__(self, fmap: folium.Map, title: str, caption: str, height: int = 600):
        self.map, self.title, self.caption, self.height = fmap, title, caption, height

    def __repr__(self) -> str:
        return self.title

    def html(self) -> str:
        """The complete standalone HTML document of the map.

        folium's page has no language, no title, and a viewport that forbids
        zooming; we add the first two and allow zooming (WCAG 1.4.4).
        """
        page = self.map.get_root().render()
        page = page.replace("<html>", '<html lang="en">', 1)
        page = page.replace("<head>", f"<head>\n    <title>{escape(self.title)}</title>", 1)
        return re.sub(r"maximum-scale=1\.0,\s*user-scalable=no", "", page)

    def _repr_html_(self) -> str:
        srcdoc = escape(self.html())
        return (f'<figure class="crossroads-map" style="margin:0">'
                f'<iframe srcdoc="{srcdoc}" title="{escape(self.title)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ccc" '
                f'loading="lazy"></iframe>'
                f'<figcaption>{escape(self.caption)}</figcaption></figure>')


def finish(fmap, *, title: str, caption: str, legend_title: str, legend_items) -> MapFigure:
    """Add the layer control and the legend; return the map ready to display."""
    Legend(legend_title, legend_items).add_to(fmap)
    # Collapsed: in the book's text column an open control would hide half the map.
    folium.LayerControl(collapsed=True).add_to(fmap)
    return MapFigure(fmap, title, caption)


def feature_labels(fmap) -> list[str]:
    """All tooltip labels of GeoJSON features on a map (for tests and checks)."""
    labels = []
    for child in _walk(fmap):
        if isinstance(child, folium.GeoJson):
            labels += [f["properties"].get("label") for f in child.data["features"]]
    return labels


def _walk(element):
    for child in element._children.values():
        yield child
        yield from _walk(child)


__all__ = ["base_map", "add_countries", "add_points", "finish", "MapFigure", "MapError",
           "escape", "PALETTE"]
