"""Times as members read them (events.times): the venue's clock, and their own beside it when it differs."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from events import times

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Event:
    """What ``times.span`` reads of an event: its venue's zone and its two instants."""

    timezone: str
    start: datetime
    end: datetime


def event(day: date, start: time, end: time, zone="Europe/Paris", end_day: date | None = None) -> Event:
    return Event(
        zone,
        datetime.combine(day, start, tzinfo=ZoneInfo(zone)),
        datetime.combine(end_day or day, end, tzinfo=ZoneInfo(zone)),
    )


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def test_a_paris_event_read_in_paris_shows_one_time():
    span = times.span(event(date(2026, 12, 8), time(14), time(16)), "Europe/Paris")
    assert not span.differs
    assert str(span) == "mardi 8 décembre 2026, 14 h 00 – 16 h 00 à Paris"


def test_a_paris_event_read_in_martinique_shows_both():
    span = times.span(event(date(2026, 12, 8), time(14), time(16)), ZoneInfo("America/Martinique"))
    assert span.differs
    assert span.venue == "mardi 8 décembre 2026, 14 h 00 – 16 h 00 à Paris"
    assert span.own == "9 h 00 – 11 h 00 pour vous, Martinique"
    assert str(span) == "mardi 8 décembre 2026, 14 h 00 – 16 h 00 à Paris · 9 h 00 – 11 h 00 pour vous, Martinique"
    assert span.own_local == "mardi 8 décembre 2026, 9 h 00 – 11 h 00 en Martinique"


def test_a_martinique_event_read_in_paris():
    span = times.span(event(date(2026, 12, 8), time(9), time(10, 30), zone="America/Martinique"), "Europe/Paris")
    assert span.venue == "mardi 8 décembre 2026, 9 h 00 – 10 h 30 en Martinique"
    assert span.own == "14 h 00 – 15 h 30 pour vous, Paris"


def test_guadeloupe_and_martinique_share_a_clock():
    span = times.span(event(date(2026, 12, 8), time(9), time(10), zone="America/Martinique"), "America/Guadeloupe")
    assert not span.differs
    assert str(span) == "mardi 8 décembre 2026, 9 h 00 – 10 h 00 en Martinique"


def test_an_evening_in_paris_is_the_next_morning_at_la_reunion():
    """22 h in Paris in winter (UTC+1) is 1 h the next day at La Réunion (UTC+4): the day is named."""
    span = times.span(event(date(2026, 12, 8), time(22), time(23, 30)), "Indian/Reunion")
    assert span.venue == "mardi 8 décembre 2026, 22 h 00 – 23 h 30 à Paris"
    assert span.own == "mercredi 9 décembre, 1 h 00 – 2 h 30 pour vous, La Réunion"
    assert span.own_local == "mercredi 9 décembre 2026, 1 h 00 – 2 h 30 à La Réunion"


def test_an_event_that_ends_the_next_day_for_the_member_only():
    span = times.span(event(date(2026, 12, 8), time(20), time(21, 30)), "Indian/Reunion")
    assert span.own == "du mardi 8 décembre, 23 h 00, au mercredi 9 décembre, 0 h 30 pour vous, La Réunion"


def test_an_event_over_several_days():
    span = times.span(event(date(2026, 12, 8), time(9), time(17), end_day=date(2026, 12, 9)), "Europe/Paris")
    assert str(span) == "du mardi 8 décembre 2026, 9 h 00, au mercredi 9 décembre 2026, 17 h 00 à Paris"


def test_guyane_is_four_hours_behind_paris_in_winter_and_five_in_summer():
    winter = times.span(event(date(2026, 12, 8), time(14), time(15)), "America/Cayenne")
    summer = times.span(event(date(2026, 7, 8), time(14), time(15)), "America/Cayenne")
    assert winter.own == "10 h 00 – 11 h 00 pour vous, Guyane"
    assert summer.own == "9 h 00 – 10 h 00 pour vous, Guyane"


def test_the_same_paris_time_moves_for_martinique_across_the_paris_clock_change():
    """Paris moves to UTC+2 at 2 h on Sunday 29 March 2026; Martinique stays at UTC-4."""
    saturday = times.span(event(date(2026, 3, 28), time(14), time(16)), "America/Martinique")
    sunday = times.span(event(date(2026, 3, 29), time(14), time(16)), "America/Martinique")
    assert saturday.own == "9 h 00 – 11 h 00 pour vous, Martinique"
    assert sunday.own == "8 h 00 – 10 h 00 pour vous, Martinique"
    # Autumn: back to UTC+1 on Sunday 25 October 2026.
    after = times.span(event(date(2026, 10, 26), time(14), time(16)), "America/Martinique")
    assert after.own == "9 h 00 – 11 h 00 pour vous, Martinique"


def test_a_night_across_the_paris_clock_change_lasts_an_hour_less():
    """From 1 h to 4 h in Paris on 29 March 2026 is two hours: 20 h to 22 h the evening before in Martinique."""
    night = event(date(2026, 3, 29), time(1), time(4))
    # (Python subtracts two times of one zone as wall clocks: compare the instants in UTC.)
    assert (night.end.astimezone(UTC) - night.start.astimezone(UTC)).total_seconds() == 2 * 3600
    span = times.span(night, "America/Martinique")
    assert span.venue == "dimanche 29 mars 2026, 1 h 00 – 4 h 00 à Paris"
    assert span.own == "samedi 28 mars, 20 h 00 – 22 h 00 pour vous, Martinique"
    assert span.own_local == "samedi 28 mars 2026, 20 h 00 – 22 h 00 en Martinique"


def test_clock_and_day_in_french():
    moment = datetime(2026, 12, 8, 9, 5, tzinfo=PARIS)
    assert times.clock(moment) == "9 h 05"
    assert times.day(moment) == "mardi 8 décembre 2026"
    assert times.day(moment, with_year=False) == "mardi 8 décembre"


@pytest.mark.parametrize(
    "zone, name, sentence",
    [
        ("Europe/Paris", "Paris", "à Paris"),
        ("America/Guadeloupe", "Guadeloupe", "en Guadeloupe"),
        ("America/Cayenne", "Guyane", "en Guyane"),
        ("Indian/Reunion", "La Réunion", "à La Réunion"),
        ("Indian/Mayotte", "Mayotte", "à Mayotte"),
    ],
)
def test_every_zone_of_the_network_is_named_in_a_sentence(zone, name, sentence):
    assert times.place_name(zone) == name
    assert times.in_place(zone) == sentence


def test_hours_outside_the_working_day_are_named_per_zone():
    start = datetime(2026, 12, 8, 9, 0, tzinfo=PARIS)
    end = datetime(2026, 12, 8, 11, 0, tzinfo=PARIS)
    warnings = times.outside_working_hours(start, end, {"Europe/Paris", "America/Martinique", "Indian/Reunion"})
    assert warnings == ["4 h 00 en Martinique"]
