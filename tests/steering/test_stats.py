"""The network's figures computed in Python: the taux de décroché, median and quartiles over the centres
that reported, turnover, the period's months, and the French way of writing them."""

from datetime import date
from decimal import Decimal

import pytest

from community.steering import formats, stats
from community.steering.stats import Figures, Month, Spread
from tests.community.factories import CentreFactory
from tests.steering.factories import make_months


def month(centre_id, received, answered, when=date(2026, 9, 1), fte=None, arrivals=0, departures=0, wait=None):
    return Month(centre_id, when, received, answered, wait, fte, arrivals, departures)


def test_the_rate_is_answered_over_received_and_none_without_calls():
    assert month(1, 1000, 874).rate == pytest.approx(0.874)
    assert month(1, 0, 0).rate is None


def test_spread_of_an_even_count_takes_the_quartiles_of_the_values_themselves():
    spread = Spread.of([0.80, 0.90, 0.85, 0.95])
    assert (spread.count, spread.minimum, spread.maximum) == (4, 0.80, 0.95)
    assert spread.median == pytest.approx(0.875)
    assert spread.q1 == pytest.approx(0.8375)
    assert spread.q3 == pytest.approx(0.9125)


def test_spread_of_an_odd_count_has_the_middle_value_as_median():
    spread = Spread.of([0.7, 0.9, 0.8, None, 1.0, 0.6])  # None (no calls) is left out
    assert spread.count == 5
    assert (spread.q1, spread.median, spread.q3) == pytest.approx((0.7, 0.8, 0.9))


def test_spread_of_one_value_or_none():
    assert Spread.of([0.8]) == Spread(1, 0.8, 0.8, 0.8, 0.8, 0.8)
    assert Spread.of([]) is None
    assert Spread.of([None]) is None


def test_network_month_counts_each_reporting_centre_once_whatever_its_size():
    months = [date(2026, 9, 1)]
    figures = Figures(
        months,
        [
            month(1, 10_000, 9_000, fte=Decimal("20"), arrivals=2, departures=0, wait=30),
            month(2, 100, 70, fte=Decimal("5"), arrivals=0, departures=1, wait=60),
            month(3, 0, 0),  # no calls: not in the rates
        ],
    )
    network = figures.network_month(date(2026, 9, 1))
    assert network.reported == 2
    assert network.rate.median == pytest.approx(0.8)  # (0.9 + 0.7) / 2, not 9070 / 10100
    assert network.overall_rate == pytest.approx(9070 / 10100)
    assert network.wait.median == 45
    assert network.fte == 25
    assert network.turnover == pytest.approx(1.5 / 25)


def test_a_month_nobody_reported_has_no_spread():
    figures = Figures([date(2026, 9, 1)], [])
    network = figures.network_month(date(2026, 9, 1))
    assert network.rate is None and network.reported == 0 and network.overall_rate is None
    assert figures.latest_reported() is None


def test_turnover_over_twelve_months_is_half_the_movements_over_the_mean_staff():
    months = stats.months_ending(date(2026, 9, 1), 12)
    rows = [
        month(1, 100, 90, when=when, fte=Decimal(10 if index < 6 else 14), arrivals=1)
        for index, when in enumerate(months)
    ]
    rows[3] = month(
        1, 100, 90, when=months[3], fte=None, departures=2
    )  # a month without ETP still counts its movements
    figures = Figures(months, rows)
    # 11 arrivals + 2 departures = 13 movements, half is 6.5; mean ETP over the 11 months that give it: 134 / 11.
    assert figures.centre_turnover(1, months[-1]) == pytest.approx(6.5 / (134 / 11))
    assert figures.centre_turnover(2, months[-1]) is None
    assert month(1, 100, 90, fte=Decimal(12), arrivals=1, departures=2).turnover == pytest.approx(1.5 / 12)


def test_network_turnover_weighs_the_months_total_staff():
    months = stats.months_ending(date(2026, 9, 1), 2)
    rows = [
        month(1, 100, 90, when=months[0], fte=Decimal(10), arrivals=2),
        month(2, 100, 90, when=months[0], fte=Decimal(10)),
        month(1, 100, 90, when=months[1], fte=Decimal(10), departures=2),
        month(2, 100, 90, when=months[1], fte=Decimal(30)),
    ]
    # 4 movements / 2 = 2, over the mean of 20 and 40 ETP.
    assert Figures(months, rows).network_turnover(months[-1], 2) == pytest.approx(2 / 30)


def test_months_and_periods():
    assert stats.months_ending(date(2026, 2, 1), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert stats.add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert stats.last_complete_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert [stats.period_length(value) for value in ("24", "12", "36", "x", None)] == [24, 12, 12, 12, 12]


@pytest.mark.django_db
def test_figures_load_every_centre_in_one_query(django_assert_num_queries):
    last = date(2026, 9, 1)
    for rate in (0.8, 0.9, 0.85):
        make_months(CentreFactory(), 30, last, rate=rate)
    with django_assert_num_queries(1):
        figures = Figures.load(last, 24)
        network = figures.network()
    assert len(network) == 24 and network[0].month == date(2024, 10, 1)
    assert all(month.reported == 3 for month in network)
    assert network[-1].rate.median == pytest.approx(0.85, abs=0.002)


@pytest.mark.django_db
def test_the_recent_period_moves_up_once_the_current_month_has_figures(django_assert_num_queries):
    centre = CentreFactory()
    complete = stats.last_complete_month()
    make_months(centre, 3, complete)
    with django_assert_num_queries(1):
        assert Figures.load_recent(12).last == complete
    make_months(CentreFactory(), 1, stats.add_months(complete, 1))
    assert Figures.load_recent(12).last == stats.add_months(complete, 1)
    assert len(Figures.load_recent(12).months) == 12


def test_french_formats():
    assert formats.percent(0.874) == "87,4\u00a0%"
    assert formats.percent(0.85, 0) == "85\u00a0%"
    assert formats.number(1250) == "1\u00a0250"
    assert formats.decimal(Decimal("12.5")) == "12,5"
    assert formats.points(-0.013) == "\u22121,3\u00a0pts" and formats.points(0.024) == "+2,4\u00a0pts"
    assert formats.month_short(date(2026, 10, 1)) == "oct.\u00a02026"
    assert formats.month_long(date(2026, 2, 1)) == "février 2026"
    assert formats.percent(None) == formats.number(None) == "—"
    assert (formats.csv_percent(0.87456), formats.csv_decimal(Decimal("12.50"), 2), formats.csv_percent(None)) == (
        "87,5",
        "12,50",
        "",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10", date(2026, 10, 1)),
        ("10/2026", date(2026, 10, 1)),
        (" 2026-1 ", date(2026, 1, 1)),
        ("2026-13", None),
        ("octobre", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_month(text, expected):
    assert formats.parse_month(text) == expected
