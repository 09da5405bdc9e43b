"""Chapter 5's route comparator on two small hand-made routes whose answers are known."""
from __future__ import annotations

import pandas as pd
import pytest

from crossroads import corridors as cr

LEGS = pd.DataFrame([  # route, leg, from, to, mode, km, stop after the leg
    ("middle", 1, "Khorgos", "Aktau", "rail", 2000, "caspian_port"),
    ("middle", 2, "Aktau", "Alat", "sea", 500, "caspian_port"),
    ("middle", 3, "Alat", "Kars", "rail", 1000, "border"),
    ("northern", 1, "Dostyk", "Brest", "rail", 5000, "border"),
], columns=["route_id", "leg", "from_name", "to_name", "mode", "length_km", "stop_after"])
FLAT = cr.Assumptions(caspian_wait=2, border_wait=1, rail_km_per_day=1000, sea_km_per_day=500)


def test_a_journey_adds_moving_and_waiting_time():
    trip = cr.journey(LEGS, "middle", FLAT)
    assert trip.km == 3500
    assert trip.days == pytest.approx(2 + 1 + 1 + 2 * 2 + 1)  # rail, sea, rail, two ports, one border
    assert trip.waiting == 5 and trip.dominant == "Khorgos to Aktau (rail)"


def test_waiting_can_dominate():
    trip = cr.journey(LEGS, "middle", cr.Assumptions(caspian_wait=10))
    assert trip.dominant.startswith("waiting after")


def test_break_even_wait_at_the_caspian():
    # northern: 5 + 1 = 6 days; middle without Caspian waiting: 4 + 1 = 5 days; two ports
    assert cr.break_even_caspian_wait(LEGS, "middle", "northern", FLAT) == pytest.approx(0.5)
    slow_sea = cr.Assumptions(sea_km_per_day=100)  # the sea leg alone takes five days
    assert cr.break_even_caspian_wait(LEGS, "middle", "northern", slow_sea) is None


@pytest.mark.parametrize("kwargs, message", [
    ({"caspian_wait": -1}, "caspian_wait is -1 days; a wait cannot be negative"),
    ({"border_wait": -0.5}, "border_wait is -0.5 days"),
    ({"rail_km_per_day": 0}, "rail_km_per_day is 0; a speed must be above 0"),
])
def test_impossible_assumptions_are_refused(kwargs, message):
    with pytest.raises(cr.RouteError, match=message):
        cr.Assumptions(**kwargs)


def test_an_unknown_route_or_stop_is_refused():
    with pytest.raises(cr.RouteError, match=r"unknown route 'southern'; known: \['middle', 'northern'\]"):
        cr.journey(LEGS, "southern", FLAT)
    bad = LEGS.assign(stop_after=LEGS["stop_after"].replace("border", "customs"))
    with pytest.raises(cr.RouteError, match="leg 3: stop 'customs'"):
        cr.journey(bad, "middle", FLAT)


def test_the_comparator_reads_the_faster_route_and_the_break_even_wait():
    text = cr.comparator_reading(LEGS, FLAT, "middle", "northern")
    assert "middle takes 9.0 days and northern 6.0: northern is faster." in text
    assert "faster only while each Caspian port takes less than 0.5 days" in text
    table = cr.comparison(LEGS, FLAT)
    assert table.loc["middle", "days waiting"] == 5 and table.loc["northern", "km"] == "5,000"


def test_the_comparator_explorer_answers_its_static_and_kernel_controls():
    explorer = cr.route_comparator(LEGS, middle="middle", northern="northern", caspian_waits=[0, 3])
    caspian, (border, rail) = explorer.children[1], explorer.children[2].children
    assert "With 3 days at each Caspian port" in explorer.panes.shown()
    caspian.value = 0
    assert "middle takes 5.0 days" in explorer.panes.shown()
    border.value = 0
    assert "middle takes 4.0 days and northern 5.0: middle is faster." in explorer.panes.shown()


def test_several_stops_after_one_leg_are_counted():
    legs = pd.DataFrame([("r", 1, "A", "B", "rail", 1000, "border;border;caspian_port")],
                        columns=LEGS.columns)
    trip = cr.journey(legs, "r", FLAT)
    assert trip.waiting == 2 * 1 + 2 and "2 × land border" in " ".join(trip.parts["part"])
    assert cr.break_even_caspian_wait(legs, "r", "r", FLAT) == pytest.approx(2)
