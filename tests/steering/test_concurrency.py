"""Steering's writes under real concurrency: threads on their own connections, PostgreSQL only.

``select_for_update()`` does nothing on SQLite (whose write transactions are serialised by
``IMMEDIATE`` anyway), and inside a test transaction nothing races: these tests commit for real and
release their writers together behind a barrier.
"""

import time
from collections import Counter

import pytest

from community.notifications import push
from community.notifications.models import Notification
from community.steering import services
from community.steering.models import LowRateEpisode, MonthlyIndicator, this_month
from community.steering.notification_kinds import LOW_ANSWER_RATE
from community.steering.services import MonthValues
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, make_months, months_back
from tests.threads import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]
WORKERS = 6


@pytest.fixture(autouse=True)
def quiet(monkeypatch, settings):
    monkeypatch.setattr(push, "_send", lambda group, message: None)  # no channel layer in these tests
    settings.STEERING_ANSWER_RATE_TARGET = 0.85


@pytest.fixture
def coordinators(db):
    return UserFactory.create_batch(2, role="coordinateur", centre=None)


def last_months(count: int) -> list:
    return months_back(count, months_back(2, this_month())[0])  # ending last month


def test_simultaneous_saves_of_one_month_leave_one_row(coordinators):
    centre = CentreFactory()
    cadre = cadre_of(centre)
    month = last_months(1)[0]
    actors = [cadre, coordinators[0]] * (WORKERS // 2)

    def save(received, actor):
        return services.save_month(MonthValues(centre, month, received, received - 100), actor).pk

    saved = run_together(save, [(1000 + index, actor) for index, actor in enumerate(actors)])

    row = MonthlyIndicator.objects.get(centre=centre)
    assert set(saved) == {row.pk}
    assert row.calls_received in range(1000, 1000 + WORKERS)
    assert row.calls_answered == row.calls_received - 100


def test_simultaneous_reviews_open_one_episode_and_tell_each_coordinator_once(coordinators):
    centre = CentreFactory()
    make_months(centre, 3, last_months(1)[0], rate=0.8)  # written in bulk: never reviewed

    started = run_together(services.review_answer_rate, [([centre.pk],)] * WORKERS)

    assert sorted(len(episodes) for episodes in started) == [0] * (WORKERS - 1) + [1]
    assert LowRateEpisode.objects.filter(centre=centre).count() == 1
    told = Counter(Notification.objects.filter(kind=LOW_ANSWER_RATE).values_list("recipient", flat=True))
    assert told == {coordinator.pk: 1 for coordinator in coordinators}


def test_two_months_under_saved_at_once_still_alert_once(coordinators, monkeypatch):
    """Each writer alone sees one month under; whoever reviews second must see both."""
    centre = CentreFactory()
    before, first, second = last_months(3)
    make_months(centre, 1, before, rate=0.9)
    review = services.review_answer_rate

    def review_later(centre_ids):  # both rows written before either is reviewed, unless writers queue
        time.sleep(0.3)
        return review(centre_ids)

    monkeypatch.setattr(services, "review_answer_rate", review_later)

    run_together(
        lambda month, actor: services.save_month(MonthValues(centre, month, 1000, 800), actor),
        [(first, cadre_of(centre)), (second, coordinators[0])],
    )

    assert LowRateEpisode.objects.filter(centre=centre, started_month=first, ended_month=None).count() == 1
    assert Notification.objects.filter(kind=LOW_ANSWER_RATE).count() == len(coordinators)


def test_overlapping_imports_neither_deadlock_nor_duplicate(coordinators):
    """Two imports of the same centres, rows in opposite orders, at once: both succeed, one row per month."""
    centres = CentreFactory.create_batch(20)
    months = last_months(24)
    rows = [(centre, month) for centre in centres for month in months]

    def import_rows(ordered, answered):
        return services.save_months(
            [MonthValues(centre, month, 1000, answered) for centre, month in ordered], coordinators[0]
        )

    counts = run_together(import_rows, [(rows, 900), (rows[::-1], 950)])

    assert counts == [len(rows), len(rows)]
    assert MonthlyIndicator.objects.count() == len(rows)
    # Each import was applied whole: every row holds the figures of the import that committed last.
    assert MonthlyIndicator.objects.values("calls_answered").distinct().count() == 1
