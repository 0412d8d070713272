"""Registrants learn when a live event moves, changes place or is cancelled (``events.changes``), however it is edited."""

from datetime import date, time

import pytest
from django.urls import reverse

from community.notifications.models import Notification
from events import notification_kinds as kinds
from events import services
from events.models import EventPage
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import make_event
from tests.events.test_admin import form_values

pytestmark = pytest.mark.django_db


def winter_day() -> date:
    """A Tuesday in January to come: Paris is then 5 h ahead of the Antilles and 3 h behind La Réunion."""
    day = date(date.today().year + 1, 1, 10)
    while day.weekday() != 1:
        day = day.replace(day=day.day + 1)
    return day


@pytest.fixture
def people(db):
    """A member in Paris, one in Martinique (both confirmed), one in La Réunion (waiting), one who cancelled."""
    paris = UserFactory(centre=CentreFactory(name="Centre de réponse Bretagne", timezone="Europe/Paris"))
    martinique = UserFactory(centre=CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique"))
    reunion = UserFactory(centre=CentreFactory(name="Centre de réponse La Réunion", timezone="Indian/Reunion"))
    gone = UserFactory()
    return {"paris": paris, "martinique": martinique, "reunion": reunion, "gone": gone}


@pytest.fixture
def event(people):
    event = make_event("Club des cadres de janvier", day=winter_day(), start=time(14, 0), end=time(16, 0), capacity=2)
    for who in ("paris", "martinique", "reunion", "gone"):
        services.register(event, people[who])
    services.cancel(event, people["gone"])  # left the waitlist
    assert event.registrations.get(member=people["reunion"]).is_waitlisted
    Notification.objects.all().delete()
    return EventPage.objects.get(pk=event.pk)


def told(kind: str) -> dict:
    """{member pk: [texts]} of the notifications of ``kind``."""
    texts: dict[int, list[str]] = {}
    for recipient, text in Notification.objects.filter(kind=kind).values_list("recipient", "text"):
        texts.setdefault(recipient, []).append(text)
    return texts


def admin_edit(client, event, changes: dict, publish: bool = True):
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = form_values(client.get(url).text)
    form.update(changes)
    if publish:
        form["action-publish"] = "publish"
        form["keep_hours"] = "on"  # some registrants' zones may fall outside 8 h–19 h: published anyway
    response = client.post(url, form)
    assert response.status_code == 302, response.context["form"].errors
    return EventPage.objects.get(pk=event.pk)


# --- Moving a live event ----------------------------------------------------------------------------


def test_moving_an_event_in_the_admin_tells_each_registrant_once_in_their_own_zone(
    coordinator_client, event, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"start_time": "15:00", "end_time": "17:00"})
    texts = told(kinds.CHANGED)
    assert set(texts) == {people["paris"].pk, people["martinique"].pk, people["reunion"].pk}
    assert all(len(sent) == 1 for sent in texts.values())
    paris, martinique, reunion = (texts[people[who].pk][0] for who in ("paris", "martinique", "reunion"))
    assert paris.startswith("« Club des cadres de janvier » change : ")
    assert "15 h 00 – 17 h 00 à Paris" in paris
    assert "10 h 00 – 12 h 00 en Martinique" in martinique
    assert "18 h 00 – 20 h 00 à La Réunion" in reunion
    assert len({paris, martinique, reunion}) == 3
    assert not told(kinds.CANCELLED)


def test_waitlisted_members_are_told_too(people, django_capture_on_commit_callbacks):
    event = make_event("Visite du centre de Martinique", day=winter_day(), tz="America/Martinique", capacity=1,
                       start=time(9, 0), end=time(12, 0))
    services.register(event, people["martinique"])
    services.register(event, people["paris"])  # waitlisted
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    draft.start_time, draft.end_time = time(10, 0), time(13, 0)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    texts = told(kinds.CHANGED)
    assert "10 h 00 – 13 h 00 en Martinique" in texts[people["martinique"].pk][0]
    assert "15 h 00 – 18 h 00 à Paris" in texts[people["paris"].pk][0]


def test_changing_the_place_tells_registrants(coordinator_client, event, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"address": "Salle Europe, 8 rue des Archives, Paris"})
    texts = told(kinds.CHANGED)
    assert len(texts) == 3
    assert texts[people["paris"].pk][0].endswith(", 12 rue de la Paix, Paris.") is False
    assert texts[people["paris"].pk][0].endswith("Salle Europe, 8 rue des Archives, Paris.")


def test_a_draft_tells_nobody_until_it_is_published(coordinator_client, event, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"start_time": "15:00", "end_time": "17:00"}, publish=False)
        draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
        draft.start_time = time(16, 0)
        draft.end_time = time(18, 0)
        draft.save_revision()
    assert not Notification.objects.exists()
    live = EventPage.objects.get(pk=event.pk)
    assert (live.start_time, live.has_unpublished_changes) == (time(14, 0), True)

    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).get_latest_revision().publish()
    texts = told(kinds.CHANGED)
    assert len(texts) == 3 and all(len(sent) == 1 for sent in texts.values())
    assert "16 h 00 – 18 h 00 à Paris" in texts[people["paris"].pk][0]


def test_other_edits_tell_nobody(coordinator_client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"intro": "Ordre du jour : plannings de nuit.", "capacity": "40"})
    assert not Notification.objects.filter(kind__in=[kinds.CHANGED, kinds.CANCELLED]).exists()


# --- Cancelling ---------------------------------------------------------------------------------------


def test_cancelling_in_the_admin_says_annule_once(coordinator_client, event, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"is_cancelled": "on"})
    texts = told(kinds.CANCELLED)
    assert texts == {
        people[who].pk: ["« Club des cadres de janvier » est annulé."] for who in ("paris", "martinique", "reunion")
    }
    assert not told(kinds.CHANGED)


def test_cancelling_through_the_service_tells_registrants(coordinator, event, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, coordinator)
        services.cancel_event(EventPage.objects.get(pk=event.pk), coordinator)  # twice: told once
    assert set(told(kinds.CANCELLED)) == {people[who].pk for who in ("paris", "martinique", "reunion")}
    assert all(len(sent) == 1 for sent in told(kinds.CANCELLED).values())


def test_cancelling_through_the_service_with_a_draft_pending_tells_registrants(
    coordinator, event, people, django_capture_on_commit_callbacks
):
    draft = event.get_latest_revision_as_object()
    draft.intro = "Nouvel ordre du jour, en relecture."
    draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(EventPage.objects.get(pk=event.pk), coordinator)
    live = EventPage.objects.get(pk=event.pk)
    assert live.is_cancelled and live.has_unpublished_changes
    assert live.get_latest_revision_as_object().intro == "Nouvel ordre du jour, en relecture."
    assert live.intro == ""  # the draft stays a draft
    assert set(told(kinds.CANCELLED)) == {people[who].pk for who in ("paris", "martinique", "reunion")}


def test_a_draft_of_a_cancellation_tells_nobody(coordinator_client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_edit(coordinator_client, event, {"is_cancelled": "on"}, publish=False)
    assert not Notification.objects.exists()


def test_an_unpublished_event_tells_nobody(people, django_capture_on_commit_callbacks):
    event = make_event("Réunion en préparation", day=winter_day(), publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        event.start_time = time(9, 0)
        event.save()
    assert not Notification.objects.exists()
