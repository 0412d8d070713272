"""Figures written the French way: "87,4 %", "1 250", "oct. 2026" (no-break spaces, so they never wrap).

Pages, charts and CSV files share these; a CSV cell keeps digits only ("87,4", "1250") so that a
French Excel reads it as a number.
"""

from datetime import date

from community.steering.services import MONTH_NAMES

NBSP = "\u00a0"
SHORT_MONTHS = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
]  # fmt: skip
EMPTY = "—"


def _missing(value) -> bool:
    """No figure: ``None``, or "" where a template looked up an attribute of nothing (``spread.median``)."""
    return value is None or value == ""


def decimal(value, digits: int = 1, grouped: bool = True) -> str:
    """A number with a decimal comma and, if ``grouped``, no-break spaces between thousands."""
    if _missing(value):
        return EMPTY
    text = f"{float(value):,.{digits}f}" if grouped else f"{float(value):.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


def number(value) -> str:
    return decimal(value, 0)


def percent(fraction, digits: int = 1) -> str:
    """0.874 → "87,4 %"."""
    return EMPTY if _missing(fraction) else f"{decimal(fraction * 100, digits)}{NBSP}%"


def points(difference) -> str:
    """A gap between two rates in percentage points: 0.024 → "+2,4 pts", -0.013 → "−1,3 pts"."""
    if _missing(difference):
        return EMPTY
    sign = "+" if difference >= 0 else "\u2212"
    return f"{sign}{decimal(abs(difference) * 100)}{NBSP}pts"


def seconds(value) -> str:
    return EMPTY if _missing(value) else f"{number(value)}{NBSP}s"


def month_short(month: date) -> str:
    return f"{SHORT_MONTHS[month.month - 1]}{NBSP}{month.year}"


def month_long(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def month_param(month: date) -> str:
    """The month as ``<input type=month>`` and ``?mois=`` write it: "2026-10"."""
    return f"{month:%Y-%m}"


def parse_month(text) -> date | None:
    """ "2026-10" (or "10/2026", as people type it where the browser has no month picker) → 2026-10-01."""
    text = (text or "").strip()
    try:
        if "/" in text:
            month, year = text.split("/")
        else:
            year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        return None


# --- CSV cells: digits a spreadsheet reads as numbers -------------------------------------------------


def csv_decimal(value, digits: int = 1) -> str:
    return "" if value is None else decimal(value, digits, grouped=False)


def csv_percent(fraction, digits: int = 1) -> str:
    return "" if fraction is None else csv_decimal(fraction * 100, digits)
