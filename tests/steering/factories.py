"""Indicators and milestones for tests, written through the steering's services where it matters."""

import math
from datetime import date

from community.models import Centre
from community.steering.models import Milestone, MilestoneTemplate, MonthlyIndicator
from tests.community.factories import CentreFactory, UserFactory

STEPS = [
    "Recrutement",
    "Formation des répondants",
    "Locaux",
    "Téléphonie",
    "Système d'information",
    "Partenaires du territoire",
    "Date d'ouverture",
]


def months_back(count: int, last: date) -> list[date]:
    """``count`` first-of-month dates ending with ``last``'s month, oldest first."""
    year, month = last.year, last.month
    found = []
    for _ in range(count):
        found.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def make_months(centre: Centre, count: int, last: date, rate: float = 0.9, received: int = 1000, **fields):
    """``count`` months of plausible figures for a centre, in bulk (no alert is reviewed)."""
    rows = []
    for index, month in enumerate(months_back(count, last)):
        calls = int(received * (1 + 0.1 * math.sin(index)))
        rows.append(
            MonthlyIndicator(
                centre=centre,
                month=month,
                calls_received=calls,
                calls_answered=int(calls * rate),
                median_wait_seconds=fields.get("median_wait_seconds", 35),
                staff_fte=fields.get("staff_fte", 12),
                arrivals=fields.get("arrivals", 1),
                departures=fields.get("departures", 1),
            )
        )
    return MonthlyIndicator.objects.bulk_create(rows)


def cadre_of(centre: Centre, **fields):
    return UserFactory(role="cadre", centre=centre, **fields)


def modele_cible() -> list[MilestoneTemplate]:
    return [
        MilestoneTemplate.objects.get_or_create(name=name, defaults={"sort_order": order})[0]
        for order, name in enumerate(STEPS)
    ]


def deploying_centre(name="Centre de réponse Guyane", **fields) -> Centre:
    from community.steering.services import ensure_milestones

    centre = CentreFactory(name=name, status=fields.pop("status", Centre.Status.DEPLOYING), **fields)
    modele_cible()
    ensure_milestones([centre])
    return centre


def milestone(centre: Centre, step: str = "Téléphonie") -> Milestone:
    return Milestone.objects.select_related("centre", "template").get(centre=centre, template__name=step)
