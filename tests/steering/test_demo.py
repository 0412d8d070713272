"""Steering's demo data, seeded after the community's centres and members (without the other apps' demos)."""

import io
import statistics
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from community.management.commands.seed_demo import Command
from community.models import Centre, Role, User
from community.notifications.models import Notification
from community.steering import demo
from community.steering.models import LowRateEpisode, Milestone, MilestoneTemplate, MonthlyIndicator, this_month
from community.steering.notification_kinds import LOW_ANSWER_RATE
from tests.steering.factories import STEPS, months_back

pytestmark = pytest.mark.django_db
Status = Milestone.Status


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The community's centres and members, then steering's demo twice; rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        command = Command(stdout=io.StringIO())
        command.seed_members(command.seed_centres())
        runs = []
        for _run in range(2):
            out = io.StringIO()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                demo.seed(out)
                seconds = time.perf_counter() - started
            runs.append({"snapshot": snapshot(), "output": out.getvalue(), "queries": len(queries), "seconds": seconds})
        yield runs
        transaction.set_rollback(True)


def snapshot() -> dict:
    return {
        "steps": list(MilestoneTemplate.objects.values_list("name", "description", "sort_order")),
        "months": list(
            MonthlyIndicator.objects.order_by("centre__slug", "month").values_list(
                "centre__slug", "month", "calls_received", "calls_answered", "median_wait_seconds", "staff_fte",
                "arrivals", "departures", "updated_by__email",
            )
        ),
        "milestones": list(
            Milestone.objects.order_by("pk").values_list("centre__slug", "template__name", "status", "owner", "due_date",
                                                         "done_on", "notes")
        ),
        "episodes": list(LowRateEpisode.objects.values_list("centre__slug", "started_month", "ended_month")),
        "alerts": sorted(Notification.objects.filter(kind=LOW_ANSWER_RATE).values_list("recipient", "text", "link")),
    }


def last_months(count: int):
    return months_back(count, months_back(2, this_month())[0])


def by_centre() -> dict[str, list[MonthlyIndicator]]:
    found = {}
    for row in MonthlyIndicator.objects.select_related("centre").order_by("month"):
        found.setdefault(row.centre.slug, []).append(row)
    return found


def test_seed_demo_calls_it():
    assert "steering_demo_data" in {hook.__name__ for hook in hooks.get_hooks("register_demo_data")}


def test_it_is_seeded_once_in_bulk(seeded):
    first, second = seeded
    assert second["snapshot"] == first["snapshot"]
    assert "(nothing new)" in second["output"] and "(nothing new)" not in first["output"]
    assert "Steering: 7 steps in the modèle cible, 408 months of indicators for 17 centres" in first["output"]
    # Written in bulk: the query count does not follow the 408 months (about one query per centre's setup).
    assert first["queries"] < 120, first["queries"]
    print(f"\nsteering demo: {first['seconds']:.2f} s, {first['queries']} queries; again: {second['seconds']:.2f} s")


def test_the_modele_cible_has_its_seven_steps_described(seeded):
    steps = list(MilestoneTemplate.objects.all())
    assert [step.name for step in steps] == STEPS
    assert all(40 <= len(step.description) <= 200 for step in steps)


def test_24_months_for_every_open_centre_ending_last_month(seeded):
    months = by_centre()
    open_centres = set(Centre.objects.filter(status=Centre.Status.IN_SERVICE).values_list("slug", flat=True))
    assert set(months) == open_centres and len(open_centres) == 17
    for rows in months.values():
        assert [row.month for row in rows] == last_months(24)


def test_calls_follow_the_regions_size_and_the_seasons(seeded):
    months = by_centre()
    average = {slug: statistics.mean(row.calls_received for row in rows) for slug, rows in months.items()}
    large = ["ile-de-france-nord", "ile-de-france-sud", "auvergne-rhone-alpes", "occitanie", "hauts-de-france"]
    small = ["corse", "guadeloupe", "martinique", "la-reunion"]
    assert min(average[slug] for slug in large) > 3000
    assert max(average[slug] for slug in small) < 1000
    assert min(average[slug] for slug in large) > 3 * max(average[slug] for slug in small)
    for rows in months.values():
        calls = {row.month.month: row.calls_received for row in rows[-12:]}
        assert calls[1] > calls[8] and calls[9] > calls[8]  # winter and the rentrée above the summer
        staff = {row.month.month: row.staff_fte for row in rows[-12:]}
        assert staff[8] < staff[5]  # holidays


def test_figures_are_plausible(seeded):
    months = by_centre()
    rows = [row for slug, centre_rows in months.items() for row in centre_rows]
    assert all(20 <= row.median_wait_seconds <= 60 for row in rows)
    assert all(8 <= row.staff_fte <= 30 for row in rows)
    steady = [row.answer_rate for slug, centre_rows in months.items() for row in centre_rows if slug != demo.DIPPING]
    assert all(0.86 <= rate <= 0.93 for rate in steady)
    assert 0.88 <= statistics.median(steady) <= 0.91
    # A few people come and go: some months, not most.
    moving = [row for row in rows if row.arrivals or row.departures]
    assert len(rows) // 10 < len(moving) < len(rows) // 2
    assert max(row.arrivals for row in rows) <= 2 and max(row.departures for row in rows) <= 2


def test_hauts_de_france_dips_and_the_coordinators_are_told_once(seeded):
    rows = by_centre()[demo.DIPPING]
    assert [row.answer_rate < 0.85 for row in rows[-4:]] == [False, True, True, True]
    assert {row.updated_by.email for row in rows[-2:]} == {"cadre.hauts-de-france@reseau3114.test"}

    episode = LowRateEpisode.objects.get()
    assert (episode.centre.slug, episode.started_month, episode.ended_month) == (
        demo.DIPPING, last_months(3)[0], None
    )
    coordinators = User.objects.active().filter(role=Role.COORDINATOR)
    alerts = Notification.objects.filter(kind=LOW_ANSWER_RATE)
    assert sorted(alerts.values_list("recipient", flat=True)) == sorted(c.pk for c in coordinators)
    assert len(coordinators) == 4
    alert = alerts.first()
    assert alert.text.startswith("Centre de réponse Hauts-de-France : taux de décroché sous la cible (85 %)")
    assert alert.link == reverse("steering:centre", args=[demo.DIPPING])
    assert alert.read_at is None


def test_the_openings_milestones(seeded):
    today = timezone.localdate()
    milestones = Milestone.objects.select_related("centre", "template", "owner")
    assert {m.centre.slug for m in milestones} == {"guyane", "tchat", "accessibilite"}
    assert milestones.count() == 3 * len(STEPS)

    overdue = list(Milestone.objects.overdue(today))
    assert [(m.centre.slug, m.template.name, m.status) for m in overdue] == [
        ("guyane", "Recrutement", Status.IN_PROGRESS)
    ]

    done = {slug: milestones.filter(centre__slug=slug, status=Status.DONE).count() for slug in demo.MILESTONES}
    assert done == {"tchat": 5, "guyane": 2, "accessibilite": 0}
    opening = {m.centre.slug: m for m in milestones.filter(template__name="Date d'ouverture")}
    for slug in ("tchat", "guyane"):  # the timeline's planned opening, while it is ahead
        centre = opening[slug].centre
        assert opening[slug].due_date == centre.opening_date or centre.opening_date <= today
    assert opening["accessibilite"].due_date is None

    for milestone in milestones:
        assert milestone.owner.is_active
        assert milestone.owner.centre_id == milestone.centre_id or milestone.owner.role == Role.COORDINATOR
        assert (milestone.done_on is not None) == (milestone.status == Status.DONE)
        if milestone.done_on:
            assert milestone.done_on <= today
    assert milestones.exclude(notes="").count() >= 15
