"""Times as the network reads them: the venue's clock, and the member's own when it differs.

"14 h 00 à Paris · 9 h 00 pour vous, Martinique". Nobody converts a time in their head.
"""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _

# How each zone of the network is named in a sentence, with its preposition.
PLACES = {
    "Europe/Paris": ("Paris", "à Paris"),
    "America/Guadeloupe": ("Guadeloupe", "en Guadeloupe"),
    "America/Martinique": ("Martinique", "en Martinique"),
    "America/Cayenne": ("Guyane", "en Guyane"),
    "Indian/Reunion": ("La Réunion", "à La Réunion"),
    "Indian/Mayotte": ("Mayotte", "à Mayotte"),
}
# The working day an organiser should aim for, in every centre of the audience.
WORKING_HOURS = (time(8, 0), time(19, 0))


def place_name(zone: str) -> str:
    return PLACES.get(zone, (zone, zone))[0]


def in_place(zone: str) -> str:
    return PLACES.get(zone, (zone, f"({zone})"))[1]


def clock(moment: datetime) -> str:
    """French clock time: ``9 h 00``."""
    return f"{moment.hour} h {moment.minute:02d}"


def day(moment: datetime, with_year: bool = True) -> str:
    """``mardi 8 décembre 2026`` (the site's language is French)."""
    return formats.date_format(moment, "l j F Y" if with_year else "l j F")


@dataclass(frozen=True)
class Span:
    """An event's start and end as one member reads them."""

    venue_start: datetime
    venue_end: datetime
    own_start: datetime
    own_end: datetime
    venue_zone: str
    own_zone: str

    @property
    def differs(self) -> bool:
        return self.venue_start.utcoffset() != self.own_start.utcoffset()

    @staticmethod
    def _range(start: datetime, end: datetime, with_year: bool = True) -> str:
        if start.date() == end.date():
            return _("%(day)s, %(start)s – %(end)s") % {
                "day": day(start, with_year),
                "start": clock(start),
                "end": clock(end),
            }
        return _("du %(start_day)s, %(start)s, au %(end_day)s, %(end)s") % {
            "start_day": day(start, with_year),
            "start": clock(start),
            "end_day": day(end, with_year),
            "end": clock(end),
        }

    @property
    def venue(self) -> str:
        """``mardi 8 décembre 2026, 14 h 00 – 16 h 00 à Paris``."""
        return f"{self._range(self.venue_start, self.venue_end)} {in_place(self.venue_zone)}"

    @property
    def own(self) -> str:
        """``9 h 00 – 11 h 00 pour vous, Martinique`` (with the day when it is not the venue's)."""
        if self.own_start.date() == self.venue_start.date() and self.own_end.date() == self.venue_end.date():
            text = f"{clock(self.own_start)} – {clock(self.own_end)}"
        else:
            text = self._range(self.own_start, self.own_end, with_year=False)
        return _("%(times)s pour vous, %(place)s") % {"times": text, "place": place_name(self.own_zone)}

    @property
    def own_local(self) -> str:
        """The whole span in the member's zone, for messages: ``mardi 8 décembre 2026, 9 h 00 – 11 h 00 en Martinique``."""
        return f"{self._range(self.own_start, self.own_end)} {in_place(self.own_zone)}"

    def __str__(self) -> str:
        return f"{self.venue} · {self.own}" if self.differs else self.venue


def span(event, viewer_zone: ZoneInfo | str | None) -> Span:
    venue = ZoneInfo(event.timezone)
    own = ZoneInfo(viewer_zone) if isinstance(viewer_zone, str) else (viewer_zone or venue)
    return Span(
        event.start.astimezone(venue),
        event.end.astimezone(venue),
        event.start.astimezone(own),
        event.end.astimezone(own),
        event.timezone,
        own.key,
    )


def outside_working_hours(start: datetime, end: datetime, zones) -> list[str]:
    """For each zone where the event starts or ends outside 8 h–19 h: ``4 h 00 en Martinique``.

    Only the two ends count: a seminar from Monday 9 h to Tuesday 17 h keeps working hours.
    """
    early, late = WORKING_HOURS
    warnings = []
    for zone in sorted(set(zones), key=place_name):
        local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
        if not early <= local_start.time() < late:
            warnings.append(f"{clock(local_start)} {in_place(zone)}")
        elif not early < local_end.time() <= late:
            warnings.append(f"{clock(local_end)} {in_place(zone)}")
    return warnings
