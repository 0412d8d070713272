"""The events' demo data, seeded by seed_demo through the register_demo_data hook."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Page

from community.models import StandardPage
from community.notifications.models import Notification
from events import demo, services
from events.models import EventIndexPage, EventPage, EventQuestion, Kind, Registration

Status = Registration.Status


def snapshot() -> dict:
    return {
        "events": EventPage.objects.count(),
        "live": EventPage.objects.live().count(),
        "questions": EventQuestion.objects.count(),
        "registrations": sorted(Registration.objects.values_list("event__slug", "member__email", "status", "attended")),
        "notifications": Notification.objects.filter(kind__startswith="events.").count(),
        "pages": Page.objects.count(),
    }


@pytest.mark.django_db
def test_seed_demo_fills_the_events_once(capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first

    # /evenements/ is the events' index, in place of the community's placeholder.
    index = EventIndexPage.objects.get()
    assert (index.url, index.title, index.intro) == ("/evenements/", "Événements", demo.INDEX_INTRO)
    assert index.live
    assert not StandardPage.objects.filter(slug="evenements").exists()
    # The forums keep the placeholder; the library's demo replaces /ressources/ with its own index.
    assert StandardPage.objects.filter(slug__in=["forums", "ressources"]).count() == 1

    events = EventPage.objects.live().with_seats()
    assert events.count() == len(demo.EVENTS) == 14
    assert set(events.values_list("kind", flat=True)) == set(Kind.values)
    zones = set(events.values_list("timezone", flat=True))
    assert {"America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion", "Europe/Paris"} <= zones
    assert events.filter(group__slug="club-des-cadres").count() == 2
    assert events.filter(group__isnull=False).values("group").distinct().count() == 4

    full = [e for e in events if e.capacity is not None and e.confirmed_count == e.capacity and e.waitlist_count]
    assert len(full) >= 3

    now = timezone.now()
    past = events.filter(end__lt=now).get()
    marked = past.registrations.confirmed()
    assert marked.count() >= 20 and not marked.filter(attended__isnull=True).exists()
    assert marked.filter(attended=True).exists() and marked.filter(attended=False).exists()

    with_questions = events.annotate(
        access=Count("questions", filter=Q(questions__accessibility=True)),
        choices=Count("questions", filter=Q(questions__type="choice")),
    ).filter(access__gt=0, choices__gt=0)
    assert with_questions.exists()
    answered = Registration.objects.filter(event__slug="temps-fort-national-de-printemps").exclude(answers={})
    assert answered.count() >= 20
    assert any("fauteuil" in str(r.answers) or "Boucle" in str(r.answers) or "caractères" in str(r.answers)
               for r in Registration.objects.all())

    bench = EventPage.objects.with_seats().get(slug=demo.BENCH_SLUG)
    assert bench.registrations.count() == demo.BENCH_REGISTRATIONS == 200
    assert (bench.confirmed_count, bench.waitlist_count) == (demo.BENCH_CAPACITY, 20)

    # Every registrant may see their event, no event is over capacity, and members were told as usual.
    for registration in Registration.objects.select_related("event", "event__group", "member"):
        assert services.can_see(registration.member, registration.event), registration
    assert all(e.capacity is None or e.confirmed_count <= e.capacity for e in events)
    assert Notification.objects.filter(kind="events.waitlisted").exists()
    assert Notification.objects.filter(kind="events.confirmed").count() >= 100
    assert Registration.objects.filter(status=Status.CANCELLED).count() == 2
    assert Registration.objects.filter(registered_by__isnull=False).count() == 2

    output = capsys.readouterr().out
    assert "Events: 14 events (1 past), " in output
    assert f"benchmarks: /evenements/{demo.BENCH_SLUG}/ (200 registrations)" in output
    assert "(nothing new)" in output


@pytest.mark.django_db
def test_demo_events_can_be_opened_by_their_audience(client):
    from community.models import User

    call_command("seed_demo")
    member = User.objects.get(email="cadre.bretagne@reseau3114.test")
    client.force_login(member)
    for event in EventPage.objects.visible_to(member):
        assert client.get(event.url).status_code == 200, event.slug
    hidden = EventPage.objects.live().exclude(pk__in=EventPage.objects.visible_to(member))
    for event in hidden:
        assert client.get(event.url).status_code == 404, event.slug
