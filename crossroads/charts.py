"""Charts drawn with matplotlib, as compact, reproducible inline SVG.

They render the same in JupyterLab, in the static book and inside an ipywidgets
HTML pane; each is a ``<figure role="img">`` whose label gives the title and the
figures in words for screen readers; series are told apart by line style, markers
and direct labels as well as by colour (Okabe-Ito palette).
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from .maps import escape

COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
REFERENCE_STYLES = ["--", ":", "-."]  # target, capacity, ...: dashed, in grey
# Fixed hash salt and no date: the same SVG on every run, which strict nbval needs.
SVG_STYLE = {"svg.hashsalt": "crossroads", "svg.fonttype": "none", "font.size": 12,
             "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}


@dataclass(frozen=True)
class Series:
    """One line: a label and (x, y) points; ``dashed`` draws a reference line."""

    label: str
    points: list[tuple[float, float]]
    dashed: bool = False


def _runs(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Split yearly points into runs of consecutive years."""
    runs: list[list[tuple[float, float]]] = []
    for x, y in sorted(points):
        if runs and x - runs[-1][-1][0] <= 1:
            runs[-1].append((x, y))
        else:
            runs.append([(x, y)])
    return runs


def _colour(index: int, series: Series) -> str:
    """Grey for a reference line, else the palette in order."""
    return "#555555" if series.dashed else COLOURS[index % len(COLOURS)]


def _with_gaps(runs) -> tuple[list[float], list[float]]:
    """One x and one y list for matplotlib, with NaN between runs so that gaps stay gaps."""
    xs: list[float] = []
    ys: list[float] = []
    for run in runs:
        if xs:
            xs.append(math.nan)
            ys.append(math.nan)
        xs += [x for x, _ in run]
        ys += [y for _, y in run]
    return xs, ys


def line_chart(series: list[Series], *, title: str, description: str, y_label: str) -> str:
    """A line chart of ``series`` (x = years), as the HTML of a described SVG figure.

    A missing year breaks a recorded series instead of bridging it; a reference line
    (target, capacity) is defined by its two ends and is drawn whole. Each line is the
    SVG group ``<key>-series-<n>``, in the order given.
    """
    if not any(s.points for s in series):
        return f"<p>{escape(title)}: no data to draw.</p>"

    def draw(ax):
        references = iter(REFERENCE_STYLES * 3)
        for index, s in enumerate(series):
            colour = _colour(index, s)
            xs, ys = _with_gaps([sorted(s.points)] if s.dashed else _runs(s.points))
            line, = ax.plot(xs, ys, color=colour, linewidth=2, linestyle=next(references) if s.dashed else "-",
                            marker=None if s.dashed else "o", markersize=4)
            line.set_gid(f"series-{index}")
        ax.set_ylim(bottom=0)
        ax.set_ylabel(y_label)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(axis="y", color="#dddddd")
        _label_line_ends(ax, series)

    return matplotlib_figure(draw, title=title, description=description).html


class Figure:
    """A matplotlib figure as inline SVG that a notebook, the book and a widget pane can show."""

    def __init__(self, svg_html: str, title: str):
        self.html, self.title = svg_html, title

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Chart: {self.title}"


def _label_line_ends(ax, series: list[Series], gap: float = 13.0) -> None:
    """Each series' label at its last point, moved apart where labels would overlap."""
    ends = []
    for index, s in enumerate(series):
        x_end, y_end = sorted(s.points)[-1]
        colour = _colour(index, s)
        ends.append([ax.transData.transform((x_end, y_end))[1], x_end, y_end, s.label, colour])
    ends.sort(key=lambda end: end[0])
    for below, above in zip(ends, ends[1:]):  # push each label up, in points, until it clears
        above[0] = max(above[0], below[0] + gap * ax.figure.dpi / 72)
    for shown, x_end, y_end, label, colour in ends:
        rise = (shown - ax.transData.transform((x_end, y_end))[1]) * 72 / ax.figure.dpi
        ax.annotate(label, (x_end, y_end), xytext=(6, rise), textcoords="offset points",
                    va="center", color=colour, annotation_clip=False)


def matplotlib_figure(draw, *, title: str, description: str, size=(7.5, 3.6)) -> Figure:
    """Draw with ``draw(ax)`` into a new figure; return it as described, reproducible SVG.

    ``description`` is read out by screen readers. The SVG is made compact and its
    element ids unique to this chart (:func:`_compact`), so that a page can hold many.
    """
    import io

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(SVG_STYLE):
        fig, ax = plt.subplots(figsize=size)
        draw(ax)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
                                                     "Type": None})
        plt.close(fig)
    key = "c" + hashlib.sha1(f"{title}|{description}".encode()).hexdigest()[:10]
    return Figure(f'<figure class="crossroads-chart" role="img" aria-label="{escape(title)}. '
                  f'{escape(description)}">{_compact(buffer.getvalue(), key)}</figure>', title)


_GEOMETRY = re.compile(r'\b(d|x|y|width|height|transform)="([^"]*)"')
_DECIMALS = re.compile(r"(\d+\.\d)\d+")


def _compact(svg: str, key: str) -> str:
    """matplotlib's SVG without its prolog, metadata, whitespace and unneeded ids.

    Ids that something refers to (tick markers, clip paths) and the series groups are
    kept, prefixed with ``key``: the same ids in two charts would clash on one page.
    Coordinates are rounded to 0.1 px; text is left as it is.
    """
    svg = svg[svg.index("<svg"):].replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    referenced = set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))

    def renamed(match) -> str:
        name = match.group(1)
        return f' id="{key}-{name}"' if name in referenced or name.startswith("series-") else ""
    svg = re.sub(r'\sid="([^"]+)"', renamed, svg)
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}{key}-{m.group(2)}", svg)
    svg = _GEOMETRY.sub(lambda m: m.group(1) + '="' + " ".join(_DECIMALS.sub(r"\1", m.group(2)).split()) + '"', svg)
    return re.sub(r">\s+<", "><", svg)
