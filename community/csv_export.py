"""CSV files that French Excel opens as they are, with nothing a spreadsheet would run.

- UTF-8 with a byte order mark: without it Excel reads the file as Windows-1252 and "Réunion"
  becomes "RÃ©union".
- Semicolons between cells: Excel splits a CSV on the list separator of the system's regional
  settings, which is ";" in French (the comma is the decimal separator there). A comma-separated
  file opens as one column per line in a French Excel; LibreOffice asks, and accepts either.
- Cells that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab or a carriage
  return) get a leading apostrophe (OWASP, "CSV Injection"): members type names and answers, and
  whoever opens the file must not run what they typed.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"


def neutralise(value) -> str:
    """A cell's text, made inert for spreadsheets."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable]) -> str:
    """The CSV text (without the BOM), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    """A download of ``rows`` as ``filename``; never cached on the way (members' or centres' data)."""
    response = HttpResponse(("\ufeff" + csv_text(rows)).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
