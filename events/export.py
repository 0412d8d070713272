"""The registrants of an event as a CSV file that French Excel opens as it is.

The format (UTF-8 with a BOM, semicolons, formula-looking cells neutralised) is ``community.csv_export``'s;
members write their own names and answers, and an organiser opening the file must not run what they
typed. Times of registration are in the event's time zone, named in the header.
"""

from django.utils.translation import gettext as _

from community.csv_export import FORMULA_STARTS, csv_response, csv_text, neutralise
from events import times

__all__ = ["FORMULA_STARTS", "neutralise", "registrations_csv", "registrations_response"]


def _attendance(attended) -> str:
    if attended is None:
        return ""
    return _("présent·e") if attended else _("absent·e")


def registrations_csv(event, questions, rows) -> str:
    """The CSV text (without the BOM): a header row, then one row per registration."""
    return csv_text([_header(event, questions), *(_cells(event, row) for row in rows)])


def _header(event, questions) -> list:
    return [
        _("État"),
        _("Position en liste d'attente"),
        _("Nom"),
        _("Prénom"),
        _("Adresse e-mail"),
        _("Centre"),
        _("Rôle"),
        _("Inscription (heure de %(place)s)") % {"place": times.place_name(event.timezone)},
        _("Inscrit·e par"),
        _("Présence"),
        *[question.label for question in questions],
    ]


def _cells(event, row) -> list:
    registration, member = row.registration, row.member
    by = registration.registered_by
    return [
        registration.get_status_display(),
        row.position or "",
        member.last_name,
        member.first_name,
        member.email,
        member.centre.name if member.centre_id else "",
        member.get_role_display(),
        registration.created_at.astimezone(event.zoneinfo).strftime("%Y-%m-%d %H:%M"),
        by.display_name if by is not None and by.pk != member.pk else "",
        _attendance(registration.attended),
        *[answer.text for answer in row.answers],
    ]


def registrations_response(event, questions, rows):
    """The download (personal data: never cached on the way)."""
    return csv_response(
        [_header(event, questions), *(_cells(event, row) for row in rows)], f"inscriptions-{event.slug}.csv"
    )
