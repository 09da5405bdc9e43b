"""Small SVG charts, drawn without a plotting library.

They render the same in JupyterLab, in the static book and inside an ipywidgets
HTML pane, carry a <title> and <desc> for screen readers, and tell series apart by
line style and direct labels as well as by colour.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .maps import escape

WIDTH, HEIGHT = 640, 320
MARGIN = {"left": 56, "right": 150, "top": 24, "bottom": 40}
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
DASHES = ["", "6 4", "2 3", "8 3 2 3", "", "6 4", "2 3"]


@dataclass(frozen=True)
class Series:
    """One line: a label and (x, y) points; ``dashed`` draws a reference line."""

    label: str
    points: list[tuple[float, float]]
    dashed: bool = False


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    span = (high - low) or 1
    raw = span / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = (low // step) * step
    ticks, value = [first], first
    while value < high - 1e-9:  # the last tick is at or above the highest value
        value += step
        ticks.append(round(value, 6))
    return ticks


def _runs(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Split yearly points into runs of consecutive years."""
    runs: list[list[tuple[float, float]]] = []
    for x, y in sorted(points):
        if runs and x - runs[-1][-1][0] <= 1:
            runs[-1].append((x, y))
        else:
            runs.append([(x, y)])
    return runs


def line_chart(series: list[Series], *, title: str, description: str, y_label: str) -> str:
    """An SVG line chart of ``series`` (x = years). Returns the SVG markup."""
    points = [p for s in series for p in s.points]
    if not points:
        return f"<p>{escape(title)}: no data to draw.</p>"
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1 = min(xs), max(xs)
    y_ticks = _ticks(0, max(ys) * 1.05)
    y1 = y_ticks[-1] or 1
    plot_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    plot_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]

    def sx(x):
        return MARGIN["left"] + (x - x0) / ((x1 - x0) or 1) * plot_w

    def sy(y):
        return MARGIN["top"] + plot_h - y / y1 * plot_h

    # ids unique per chart content, so that several charts can share a page
    key = hashlib.sha1(f"{title}|{description}".encode()).hexdigest()[:10]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-labelledby="t{key} d{key}" style="max-width:100%;height:auto;'
             f'font:12px sans-serif">',
             f'<title id="t{key}">{escape(title)}</title>',
             f'<desc id="d{key}">{escape(description)}</desc>']
    for tick in y_ticks:
        y = sy(tick)
        parts.append(f'<line x1="{MARGIN["left"]}" x2="{MARGIN["left"] + plot_w}" y1="{y:.1f}" '
                     f'y2="{y:.1f}" stroke="#dddddd"/>')
        parts.append(f'<text x="{MARGIN["left"] - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="#333">{tick:g}</text>')
    for year in sorted({int(x) for x in xs}):
        if len(set(xs)) <= 12 or year % 2 == 0:
            parts.append(f'<text x="{sx(year):.1f}" y="{HEIGHT - MARGIN["bottom"] + 18}" '
                         f'text-anchor="middle" fill="#333">{year}</text>')
    parts.append(f'<text x="14" y="{MARGIN["top"] + plot_h / 2:.1f}" fill="#333" '
                 f'transform="rotate(-90 14 {MARGIN["top"] + plot_h / 2:.1f})" '
                 f'text-anchor="middle">{escape(y_label)}</text>')
    reference_dashes = iter(["6 4", "2 3", "10 3 2 3"] * 3)
    for index, s in enumerate(series):
        colour = "#555555" if s.dashed else COLOURS[index % len(COLOURS)]
        dash = next(reference_dashes) if s.dashed else DASHES[index % len(DASHES)]
        # A missing year breaks a recorded series instead of bridging it; a reference
        # line (target, capacity) is defined by its two ends and is drawn whole.
        for run in ([sorted(s.points)] if s.dashed else _runs(s.points)):
            path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in run)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                         f'stroke-width="2.5" stroke-dasharray="{dash}"/>')
        if not s.dashed:
            parts += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>'
                      for x, y in s.points]
        x_end, y_end = s.points[-1]
        parts.append(f'<text x="{sx(x_end) + 6:.1f}" y="{sy(y_end) + 4:.1f}" fill="{colour}">'
                     f'{escape(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


class Chart:
    """Display wrapper: the SVG for the page, the title as plain text."""

    def __init__(self, svg: str, title: str):
        self.svg, self.title = svg, title

    def _repr_html_(self) -> str:
        return f'<figure class="crossroads-chart" style="margin:0">{self.svg}</figure>'

    def __repr__(self) -> str:
        return f"Chart: {self.title}"


class Figure:
    """A matplotlib figure as inline SVG that a notebook, the book and a widget pane can show."""

    def __init__(self, svg_html: str, title: str):
        self.html, self.title = svg_html, title

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Chart: {self.title}"


def matplotlib_figure(draw, *, title: str, description: str, size=(7.5, 3.6)) -> Figure:
    """Draw with ``draw(ax)`` into a new figure; return it as described, reproducible SVG.

    Fixed element ids and no date in the metadata make the SVG identical on every run,
    which strict nbval needs. ``description`` is read out by screen readers.
    """
    import io

    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "crossroads", "svg.fonttype": "none", "font.size": 12}):
        fig, ax = plt.subplots(figsize=size)
        draw(ax)
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return Figure(f'<figure class="crossroads-chart" role="img" aria-label="{escape(title)}. '
                  f'{escape(description)}">{svg}</figure>', title)
