"""The day-before reminder: ``manage.py send_event_reminders``, idempotent, in each member's own zone."""

from datetime import datetime, time, timedelta
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from community.notifications.models import Notification
from events import notification_kinds as kinds
from events import services
from events.models import EventPage
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def run(now: datetime) -> str:
    """The command, as cron would run it at ``now``."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("send_event_reminders", stdout=out)
    return out.getvalue().strip()


def reminded() -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for recipient, text in Notification.objects.filter(kind=kinds.REMINDER).values_list("recipient", "text"):
        texts.setdefault(recipient, []).append(text)
    return texts


@pytest.fixture
def event():
    """An event 14 h – 16 h in Paris, ten days from now, with two seats."""
    return make_event("Club des cadres", capacity=2, start=time(14, 0), end=time(16, 0))


def eve(event: EventPage) -> datetime:
    """The evening before the event, when cron passes: it starts within the next 24 hours."""
    return event.start - timedelta(hours=18)


def test_run_twice_remind_once(event):
    members = [UserFactory(), UserFactory()]
    for member in members:
        services.register(event, member)
    assert run(eve(event)) == "2 rappels envoyés."
    assert run(eve(event) + timedelta(hours=1)) == "Aucun rappel à envoyer."
    texts = reminded()
    assert set(texts) == {m.pk for m in members} and all(len(t) == 1 for t in texts.values())
    assert texts[members[0].pk][0].startswith("Rappel : « Club des cadres », ")


def test_too_early_nobody_is_reminded_yet(event):
    services.register(event, UserFactory())
    assert run(event.start - timedelta(hours=30)) == "Aucun rappel à envoyer."
    assert run(event.start + timedelta(minutes=5)) == "Aucun rappel à envoyer."  # it has started: too late
    assert not reminded()


def test_a_registration_after_the_first_run_is_reminded_once(event):
    first, late = UserFactory(), UserFactory()
    services.register(event, first)
    assert run(eve(event)) == "1 rappel envoyé."
    services.register(event, late)
    assert run(eve(event) + timedelta(hours=1)) == "1 rappel envoyé."
    assert run(eve(event) + timedelta(hours=2)) == "Aucun rappel à envoyer."
    assert {pk: len(t) for pk, t in reminded().items()} == {first.pk: 1, late.pk: 1}


def test_waitlisted_cancelled_and_cancelled_events_get_no_reminder(event, coordinator):
    seated, leaving, waiting = UserFactory(), UserFactory(), UserFactory()
    services.register(event, seated)
    services.register(event, leaving)
    services.register(event, waiting)  # waitlisted
    services.cancel(event, leaving)  # ``waiting`` is promoted and will be reminded
    out_of_it = UserFactory()
    services.register(event, out_of_it)  # waitlisted, stays so
    assert run(eve(event)) == "2 rappels envoyés."
    assert set(reminded()) == {seated.pk, waiting.pk}

    cancelled = make_event("Webinaire annulé", start=time(14, 0), end=time(16, 0))
    services.register(cancelled, seated)
    services.cancel_event(cancelled, coordinator)
    assert run(eve(cancelled)) == "Aucun rappel à envoyer."

    draft = make_event("Visite en préparation", start=time(14, 0), end=time(16, 0))
    services.register(draft, waiting)
    EventPage.objects.get(pk=draft.pk).unpublish()
    assert run(eve(draft)) == "Aucun rappel à envoyer."
    assert set(reminded()) == {seated.pk, waiting.pk}


def test_the_reminder_gives_the_time_in_the_members_own_zone():
    event = make_event("Club des cadres", start=time(14, 0), end=time(16, 0))
    paris = UserFactory(centre=CentreFactory(name="Centre de réponse Bretagne", timezone="Europe/Paris"))
    martinique = UserFactory(centre=CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique"))
    reunion = UserFactory(timezone="Indian/Reunion")  # chose their own zone, whatever their centre's
    for member in (paris, martinique, reunion):
        services.register(event, member)
    run(eve(event))
    texts = {pk: t[0] for pk, t in reminded().items()}

    def local(zone: str, moment: datetime) -> str:
        at = moment.astimezone(ZoneInfo(zone))
        return f"{at.hour} h {at.minute:02d}"

    assert f"{local('Europe/Paris', event.start)} – {local('Europe/Paris', event.end)} à Paris" in texts[paris.pk]
    wall = f"{local('America/Martinique', event.start)} – {local('America/Martinique', event.end)} en Martinique"
    assert wall in texts[martinique.pk]
    assert "à La Réunion" in texts[reunion.pk]
    assert len(set(texts.values())) == 3
