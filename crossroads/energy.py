"""Gas export scenarios against the EU target: the logic behind chapter 2.

Pure functions: a start value, a growth rate and a target in, a path and a plain
reading out. :func:`crossroads.widgets.export_scenario_explorer` is a thin layer.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

HORIZON = 2040  # scenarios are not projected past this year


@dataclass(frozen=True)
class Scenario:
    """A constant-growth path of exports and what it means for the target."""

    path: pd.DataFrame  # columns: year, exports (bcm)
    target: float
    target_year: int
    reached_in: int | None  # first year the path meets the target, if by HORIZON
    required_rate: float  # the constant rate that meets the target exactly in target_year
    capacity: float | None  # pipeline capacity the exports must pass through
    message: str


def path(start_year: int, start_value: float, rate: float, until: int = HORIZON) -> pd.DataFrame:
    """Exports growing by ``rate`` per year (0.05 = 5 %) from ``start_value`` in ``start_year``."""
    if start_value <= 0:
        raise ValueError(f"start value must be positive, got {start_value}")
    if rate <= -1:
        raise ValueError(f"growth rate must be above -100 %, got {rate:.0%}")
    years = list(range(start_year, max(until, start_year) + 1))
    return pd.DataFrame({"year": years,
                         "exports": [start_value * (1 + rate) ** (y - start_year) for y in years]})


def required_rate(start_value: float, target: float, years: int) -> float:
    """The constant annual growth that turns ``start_value`` into ``target`` in ``years``."""
    if years <= 0:
        raise ValueError(f"the target year must come after the start year ({years} years apart)")
    return (target / start_value) ** (1 / years) - 1


def scenario(start_year: int, start_value: float, rate: float, target: float, target_year: int,
             capacity: float | None = None) -> Scenario:
    """Project exports at ``rate`` and compare them with the target and the capacity."""
    projected = path(start_year, start_value, rate)
    met = projected[projected["exports"] >= target - 1e-9]
    reached = int(met["year"].iloc[0]) if not met.empty else None
    needed = required_rate(start_value, target, target_year - start_year)
    sentences = [f"Starting from {start_value:.1f} bcm in {start_year} and growing {rate:.0%} a "
                 f"year, exports reach {_value_in(projected, target_year):.1f} bcm in {target_year}."]
    if reached is None:
        sentences.append(f"At this rate they do not reach {target:g} bcm before {HORIZON}.")
    elif reached <= target_year:
        sentences.append(f"The {target:g} bcm target is met in {reached}, on time.")
    else:
        sentences.append(f"The {target:g} bcm target is met only in {reached}, "
                         f"{reached - target_year} year(s) late.")
    sentences.append(f"Meeting it exactly in {target_year} needs {needed:.1%} a year.")
    if capacity is not None:
        window = projected[projected["year"] <= target_year]
        over = window[window["exports"] > capacity + 1e-9]
        if not over.empty:
            sentences.append(f"From {int(over['year'].iloc[0])} the path exceeds the pipeline "
                             f"capacity of {capacity:g} bcm a year assumed here: without an "
                             "expansion, exports could not follow it.")
        else:
            sentences.append(f"Up to {target_year} the path stays within the assumed capacity "
                             f"of {capacity:g} bcm a year.")
        if target > capacity:
            sentences.append("The target itself is above that capacity.")
    return Scenario(projected, target, target_year, reached, needed, capacity, " ".join(sentences))


def _value_in(projected: pd.DataFrame, year: int) -> float:
    return float(projected.loc[projected["year"] == year, "exports"].iloc[0])
