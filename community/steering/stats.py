"""The network's figures per month, computed in Python from one query over the period.

A period is a run of whole months ending with the latest complete one (the current month is still
being counted). ``Figures.load`` reads every centre's rows of the period at once: 20 centres × 10 years
is 2,400 small tuples, cheaper than one aggregate query per month, and the median and quartiles are
not portable SQL aggregates anyway (SQLite has none).

The taux de décroché is answered / received, for the centres that received calls that month; the
network's median and spread (min, quartiles, max) are taken over those centres' rates, each centre
counting once whatever its size. Turnover is the usual staff turnover: half the arrivals plus
departures over the staff in post (ETP), per month or over twelve months (against the months' mean ETP).
"""

import statistics
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from community.steering.models import MonthlyIndicator, this_month

PERIODS = (12, 24)
DEFAULT_PERIOD = 12
TURNOVER_MONTHS = 12


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def last_complete_month(today: date | None = None) -> date:
    return add_months(this_month() if today is None else today.replace(day=1), -1)


def period_length(value) -> int:
    """The number of months asked for in ``?periode=`` (12 unless 24 is asked)."""
    try:
        months = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return months if months in PERIODS else DEFAULT_PERIOD


def months_ending(last: date, count: int) -> list[date]:
    """``count`` first-of-month dates, oldest first, ending with ``last``."""
    return [add_months(last, offset) for offset in range(1 - count, 1)]


@dataclass(frozen=True)
class Month:
    """One centre's figures for one month."""

    centre_id: int
    month: date
    received: int
    answered: int
    wait: int | None
    fte: Decimal | None
    arrivals: int
    departures: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.received if self.received else None

    @property
    def turnover(self) -> float | None:
        """The month's turnover: (arrivals + departures) / 2 / ETP."""
        return (self.arrivals + self.departures) / 2 / float(self.fte) if self.fte else None


@dataclass(frozen=True)
class Spread:
    """Minimum, quartiles, median and maximum of some values (each centre counting once)."""

    count: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float

    @classmethod
    def of(cls, values) -> "Spread | None":
        values = sorted(value for value in values if value is not None)
        if not values:
            return None
        if len(values) == 1:
            q1 = median = q3 = values[0]
        else:
            # "inclusive": the quartiles of the values themselves (the minimum and maximum are the 0th and 4th).
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(len(values), values[0], q1, median, q3, values[-1])


@dataclass(frozen=True)
class NetworkMonth:
    """The network's figures for one month: what any member may see (no centre is named)."""

    month: date
    rate: Spread | None
    wait: Spread | None
    received: int
    answered: int
    fte: float
    turnover: float | None

    @property
    def reported(self) -> int:
        return self.rate.count if self.rate else 0

    @property
    def overall_rate(self) -> float | None:
        """Calls answered over calls received by the whole network (big centres weigh more)."""
        return self.answered / self.received if self.received else None


def _turnover(months: list[Month]) -> float | None:
    """(arrivals + departures) / 2 over the mean ETP of the months that give one."""
    staffed = [float(month.fte) for month in months if month.fte]
    if not staffed:
        return None
    movements = sum(month.arrivals + month.departures for month in months) / 2
    return movements / (sum(staffed) / len(staffed))


class Figures:
    """Every centre's months over a period, and what the network makes of them."""

    def __init__(self, months: list[date], rows: list[Month]):
        self.months = months
        self.by_month: dict[date, dict[int, Month]] = {month: {} for month in months}
        for row in rows:
            self.by_month.setdefault(row.month, {})[row.centre_id] = row

    @classmethod
    def load(cls, last: date, count: int) -> "Figures":
        """One query: the rows of every centre from ``count`` months before ``last`` to ``last``."""
        months = months_ending(last, count)
        rows = (
            MonthlyIndicator.objects.between(months[0], months[-1])
            .order_by()
            .values_list(
                "centre_id",
                "month",
                "calls_received",
                "calls_answered",
                "median_wait_seconds",
                "staff_fte",
                "arrivals",
                "departures",
            )
        )
        return cls(months, [Month(*row) for row in rows])

    @classmethod
    def load_recent(cls, count: int) -> "Figures":
        """``count`` months ending with the latest complete one, or with the current one once it has figures.

        Still one query: the month in progress is read with the others and the period moves up a
        month only if some centre has already entered it.
        """
        figures = cls.load(this_month(), count + 1)
        months = figures.months[1:] if figures.by_month[figures.months[-1]] else figures.months[:-1]
        kept = set(months)
        return cls(months, [row for rows in figures.by_month.values() for row in rows.values() if row.month in kept])

    @property
    def last(self) -> date:
        return self.months[-1]

    def latest_reported(self) -> date | None:
        """The latest month of the period for which any centre has sent figures."""
        return next((month for month in reversed(self.months) if self.by_month[month]), None)

    def centre_ids(self) -> set[int]:
        return {centre_id for rows in self.by_month.values() for centre_id in rows}

    def month_of(self, centre_id: int, month: date) -> Month | None:
        return self.by_month.get(month, {}).get(centre_id)

    def series(self, centre_id: int) -> list[Month | None]:
        """The centre's months, oldest first (``None`` for a month it has not sent)."""
        return [self.by_month[month].get(centre_id) for month in self.months]

    def network_month(self, month: date) -> NetworkMonth:
        rows = list(self.by_month.get(month, {}).values())
        fte = sum(float(row.fte) for row in rows if row.fte)
        staffed = [row for row in rows if row.fte]
        return NetworkMonth(
            month=month,
            rate=Spread.of(row.rate for row in rows),
            wait=Spread.of(row.wait for row in rows),
            received=sum(row.received for row in rows),
            answered=sum(row.answered for row in rows),
            fte=fte,
            turnover=sum(row.arrivals + row.departures for row in staffed) / 2 / fte if fte else None,
        )

    def network(self) -> list[NetworkMonth]:
        return [self.network_month(month) for month in self.months]

    def centre_turnover(self, centre_id: int, last: date, months: int = TURNOVER_MONTHS) -> float | None:
        """The centre's turnover over ``months`` months ending with ``last`` (within the period)."""
        window = [self.month_of(centre_id, month) for month in months_ending(last, months)]
        return _turnover([row for row in window if row is not None])

    def network_turnover(self, last: date, months: int = TURNOVER_MONTHS) -> float | None:
        """The network's turnover over ``months`` months: movements over the mean of the months' total ETP."""
        staffed = [month for month in map(self.network_month, months_ending(last, months)) if month.fte]
        if not staffed:
            return None
        movements = sum(month.turnover * month.fte for month in staffed)  # (arrivals + departures) / 2
        return movements / (sum(month.fte for month in staffed) / len(staffed))
