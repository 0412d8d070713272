"""Seats, reminders and times stay right whatever path changes an event or its audience."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.groups.services import add_member, leave_group
from events import services, times
from events.models import Registration
from tests.community.factories import UserFactory
from tests.events.factories import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_channels")]
Status = Registration.Status


def statuses(event):
    return dict(event.registrations.values_list("member__email", "status"))


def test_leaving_a_private_group_gives_up_the_place_and_the_waitlist_moves_up(
    private_group, django_capture_on_commit_callbacks
):
    seated, waiting = UserFactory(email="seated@exemple.test"), UserFactory(email="waiting@exemple.test")
    for member in (seated, waiting):
        add_member(private_group, member)
    event = make_event(group=private_group, capacity=1)
    services.register(event, seated)
    services.register(event, waiting)

    with django_capture_on_commit_callbacks(execute=True):
        leave_group(private_group, seated)

    assert statuses(event) == {"seated@exemple.test": Status.CANCELLED, "waiting@exemple.test": Status.CONFIRMED}
    assert seated.notifications.filter(kind="events.removed").count() == 1
    assert waiting.notifications.filter(kind="events.promoted").count() == 1


def test_a_group_made_private_releases_the_places_of_those_outside_it(group, django_capture_on_commit_callbacks):
    outside = UserFactory(email="outside@exemple.test")
    event = make_event(group=group)
    services.register(event, outside)
    group.visibility = "private"
    with django_capture_on_commit_callbacks(execute=True):
        group.save()
    assert statuses(event)["outside@exemple.test"] == Status.CANCELLED


def test_more_seats_from_the_admin_promote_the_waitlist_and_newcomers_queue_behind(
    django_capture_on_commit_callbacks,
):
    event = make_event(capacity=1)
    first, second, third = UserFactory.create_batch(3)
    services.register(event, first)
    services.register(event, second)

    draft = event.get_latest_revision_as_object()
    draft.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert event.registrations.get(member=second).is_confirmed

    # A seat freed while someone waits goes to them, never to a newcomer.
    services.register(event, third)
    assert event.registrations.get(member=third).is_waitlisted


def test_fewer_seats_than_confirmed_cannot_be_saved_in_a_form():
    event = make_event(capacity=3)
    for member in UserFactory.create_batch(2):
        services.register(event, member)
    event.capacity = 1
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "capacity" in refused.value.message_dict


def test_nobody_is_promoted_to_a_cancelled_event(coordinator, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    seated, waiting = UserFactory.create_batch(2)
    services.register(event, seated)
    services.register(event, waiting)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, coordinator)
    services.cancel(event, seated, by=coordinator)
    assert event.registrations.get(member=waiting).is_waitlisted
    assert not waiting.notifications.filter(kind="events.promoted").exists()


def test_a_moved_event_is_reminded_again_and_a_new_registration_starts_afresh(
    coordinator, django_capture_on_commit_callbacks
):
    event = make_event(day=(timezone.now() + timedelta(hours=20)).date(), start=time(23, 0), end=time(23, 30))
    member = UserFactory()
    services.register(event, member)
    now = event.start - timedelta(hours=2)
    assert services.send_reminders(now) == 1

    draft = event.get_latest_revision_as_object()
    draft.start_time = time(22, 30)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert services.send_reminders(now) == 1  # the new time gets its own reminder
    assert services.send_reminders(now) == 0

    registration = event.registrations.get(member=member)
    registration.attended = True
    registration.save()
    services.cancel(event, member)
    services.register(event, member)
    registration.refresh_from_db()
    assert registration.reminded_at is None and registration.attended is None


def test_working_hours_count_only_the_ends_of_a_multi_day_event():
    paris = ZoneInfo("Europe/Paris")
    start, end = datetime(2030, 2, 4, 9, 0, tzinfo=paris), datetime(2030, 2, 5, 17, 0, tzinfo=paris)
    assert times.outside_working_hours(start, end, ["Europe/Paris"]) == []
    assert times.outside_working_hours(start, end, ["America/Martinique"]) == ["4 h 00 en Martinique"]
    late = datetime(2030, 2, 4, 17, 0, tzinfo=paris), datetime(2030, 2, 4, 20, 30, tzinfo=paris)
    assert times.outside_working_hours(*late, ["Europe/Paris", "Indian/Reunion"]) == [
        "20 h 00 à La Réunion",
        "20 h 30 à Paris",
    ]


def test_a_time_skipped_by_the_spring_clock_change_is_refused():
    event = make_event(publish=False)
    event.start_date = event.end_date = date(2030, 3, 31)
    event.start_time, event.end_time = time(2, 30), time(4, 0)
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "start_time" in refused.value.message_dict
