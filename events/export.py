"""The registrants of an event as a CSV file that French Excel opens as it is.

- UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and "Réunion"
  becomes "RÃ©union".
- Semicolons between cells: Excel splits a CSV on the list separator of the system's regional
  settings, which is ";" in French (the comma is the decimal separator there). A comma-separated
  file opens as one column per line in a French Excel; LibreOffice asks, and accepts either.
- Cells that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab or a carriage
  return) get a leading apostrophe (OWASP, "CSV Injection"): members write their own names and
  answers, and an organiser opening the file must not run what they typed.
- Times of registration are in the event's time zone, named in the header.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from events import times

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"


def neutralise(value) -> str:
    """A cell's text, made inert for spreadsheets."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _attendance(attended) -> str:
    if attended is None:
        return ""
    return _("présent·e") if attended else _("absent·e")


def registrations_csv(event, questions, rows) -> str:
    """The CSV text (without the BOM): a header row, then one row per registration."""
    zone = event.zoneinfo
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    header = [
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
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        registration, member = row.registration, row.member
        by = registration.registered_by
        cells = [
            registration.get_status_display(),
            row.position or "",
            member.last_name,
            member.first_name,
            member.email,
            member.centre.name if member.centre_id else "",
            member.get_role_display(),
            registration.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            by.display_name if by is not None and by.pk != member.pk else "",
            _attendance(registration.attended),
            *[answer.text for answer in row.answers],
        ]
        writer.writerow([neutralise(cell) for cell in cells])
    return buffer.getvalue()


def registrations_response(event, questions, rows) -> HttpResponse:
    response = HttpResponse(
        ("\ufeff" + registrations_csv(event, questions, rows)).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, f"inscriptions-{event.slug}.csv")
    response["Cache-Control"] = "private, no-store"  # personal data
    return response
