"""Calendars: one event's ICS and the personal feed, read back by another parser (vobject) than the writer's."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from community.groups import services as group_services
from events import calendars, services
from events.models import CalendarToken, EventPage
from tests.community.factories import UserFactory, make_group
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def ics_url(event: EventPage) -> str:
    return event.url + event.reverse_subpage("ics")


def parse(body: bytes):
    """The calendar as vobject reads it: a second, independent implementation of RFC 5545."""
    text = body.decode("utf-8")
    return vobject.readOne(text)


def assert_well_formed(body: bytes) -> None:
    """CRLF line ends, lines folded at 75 octets, continuation lines starting with a space."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert not any(b"\n" in line or b"\r" in line for line in lines)
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    assert body.count(b"BEGIN:") == body.count(b"END:")
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character


def in_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# --- One event -------------------------------------------------------------------------------------


def test_event_ics_is_valid_with_the_venue_zone_and_its_vtimezone(member_client, member):
    long_title = "Formation initiale des répondant·es de Guyane : posture d'écoute, évaluation du risque"
    event = make_event(
        long_title,
        tz="America/Cayenne",
        day=date(2027, 3, 28),  # the Sunday Paris changes to summer time; Cayenne does not
        start=time(9, 0),
        end=time(17, 30),
        intro="Deux jours pour l'équipe qui ouvre au printemps.",
        address="Centre hospitalier, avenue des Flamboyants, Cayenne",
    )
    response = member_client.get(ics_url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    body = response.content
    assert_well_formed(body)
    assert b"DTSTART;TZID=America/Cayenne:20270328T090000\r\n" in body
    assert b"DTEND;TZID=America/Cayenne:20270328T173000\r\n" in body
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/Cayenne\r\n" in body
    assert b"DTSTAMP:" in body and b"STATUS:CONFIRMED" in body

    calendar = parse(body)
    assert len(calendar.vevent_list) == 1
    vevent = calendar.vevent
    assert vevent.uid.value == f"event-{event.pk}@testserver"
    assert vevent.summary.value == long_title
    # The parser's reading of TZID + VTIMEZONE is the very instant the organiser meant.
    assert in_utc(vevent.dtstart.value) == in_utc(event.start) == datetime(2027, 3, 28, 12, 0, tzinfo=UTC)
    assert in_utc(vevent.dtend.value) == in_utc(event.end)
    assert vevent.location.value == "Centre hospitalier, avenue des Flamboyants, Cayenne"
    assert vevent.url.value == "http://testserver" + event.url
    assert vevent.description.value == f"Deux jours pour l'équipe qui ouvre au printemps.\n\nhttp://testserver{event.url}"
    assert vevent.dtstamp.value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "instant"),
    [
        # Paris on the night it leaves summer time: 2 h 30 happens twice, the first one is meant.
        ("Europe/Paris", date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        ("Europe/Paris", date(2026, 3, 29), time(14, 0), datetime(2026, 3, 29, 12, 0, tzinfo=UTC)),
        ("Europe/Paris", date(2026, 12, 8), time(14, 0), datetime(2026, 12, 8, 13, 0, tzinfo=UTC)),
        ("America/Martinique", date(2026, 12, 8), time(9, 0), datetime(2026, 12, 8, 13, 0, tzinfo=UTC)),
        ("Indian/Reunion", date(2026, 7, 1), time(17, 0), datetime(2026, 7, 1, 13, 0, tzinfo=UTC)),
    ],
)
def test_tzid_times_are_the_instant_for_another_parser(member_client, zone, day, wall, instant):
    event = make_event("Réunion", tz=zone, day=day, start=wall, end=time(wall.hour + 2, wall.minute))
    vevent = parse(member_client.get(ics_url(event)).content).vevent
    assert in_utc(vevent.dtstart.value) == instant == event.start
    assert in_utc(vevent.dtend.value) == event.end  # 4 h 30 that night is three hours after the first 2 h 30


def test_video_link_only_for_a_confirmed_registrant(client, member):
    event = make_event(video_url="https://visio.reseau3114.test/club", capacity=1)
    other = UserFactory()
    for who in (member, other):
        services.register(event, who)  # the other member lands on the waitlist
    outsider = UserFactory()
    for user, sees_link in [(member, True), (other, False), (outsider, False)]:
        client.force_login(user)
        body = client.get(ics_url(event)).content
        vevent = parse(body).vevent
        assert ("https://visio.reseau3114.test/club" in body.decode()) is sees_link
        if sees_link:
            assert "https://visio.reseau3114.test/club" in vevent.location.value
            assert "Visioconférence : https://visio.reseau3114.test/club" in vevent.description.value


def age(event: EventPage, hours: int) -> None:
    """Pretend the event's publications and revisions so far happened ``hours`` earlier."""
    shift = timedelta(hours=hours)
    EventPage.objects.filter(pk=event.pk).update(
        first_published_at=F("first_published_at") - shift,
        last_published_at=F("last_published_at") - shift,
        latest_revision_created_at=F("latest_revision_created_at") - shift,
    )


def test_cancelled_event_says_so_and_its_sequence_grows(member_client, coordinator):
    event = make_event("Club des cadres", day=date(2027, 1, 12))
    first = parse(member_client.get(ics_url(event)).content).vevent
    assert (first.status.value, int(first.sequence.value)) == ("CONFIRMED", 0)

    age(event, 2)
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    draft.start_time, draft.end_time = time(15, 0), time(17, 0)
    draft.save_revision().publish()
    moved = parse(member_client.get(ics_url(event)).content).vevent
    assert int(moved.sequence.value) >= 2 * 3600
    assert moved.uid.value == first.uid.value
    assert moved.dtstart.value.hour == 15

    age(event, 1)
    services.cancel_event(EventPage.objects.get(pk=event.pk), coordinator)
    cancelled = parse(member_client.get(ics_url(event)).content).vevent
    assert cancelled.status.value == "CANCELLED"
    assert cancelled.summary.value == "Annulé : Club des cadres"
    assert int(cancelled.sequence.value) >= int(moved.sequence.value) + 3600


def test_sequence_grows_when_a_service_edits_an_event_with_a_draft_pending(member_client, coordinator):
    event = make_event("Club des cadres", day=date(2027, 1, 12))
    age(event, 1)
    draft = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    draft.intro = "Brouillon en cours de relecture."
    draft.save_revision()  # not published
    before = int(parse(member_client.get(ics_url(event)).content).vevent.sequence.value)
    age(event, 1)
    services.cancel_event(EventPage.objects.get(pk=event.pk), coordinator)
    cancelled = parse(member_client.get(ics_url(event)).content).vevent
    assert cancelled.status.value == "CANCELLED"
    assert int(cancelled.sequence.value) >= before + 3600


def test_event_ics_is_not_served_outside_the_audience(client, member):
    animator = UserFactory()
    group = make_group("Référentiel tchat", visibility="private", join_policy="invitation", animators=[animator])
    event = make_event("Réunion du référentiel", group=group)
    client.force_login(member)
    assert client.get(ics_url(event)).status_code == 404
    client.force_login(animator)
    assert client.get(ics_url(event)).status_code == 200


def test_event_ics_queries_do_not_grow_with_questions_or_registrations(member_client, member, django_assert_max_num_queries):
    def event_with(n):
        questions = [{"label": f"Question {i}", "type": "text"} for i in range(n)]
        event = make_event(f"Événement {n}", questions=questions, capacity=n // 2)
        for _ in range(n):
            services.register(event, UserFactory())
        return event

    small, big = event_with(2), event_with(20)
    counts = []
    for event in (small, big):
        with django_assert_max_num_queries(20) as captured:
            assert member_client.get(ics_url(event)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- The personal feed ----------------------------------------------------------------------------


def feed_of(member) -> str:
    return reverse("events:feed", args=[calendars.create_token(member).token])


def test_feed_works_without_a_session_and_lists_confirmed_and_waitlisted(client, member):
    other = UserFactory()
    club = make_event("Club des cadres", tz="Europe/Paris", video_url="https://visio.reseau3114.test/c", address="")
    full = make_event("Visite du centre de Martinique", tz="America/Martinique", capacity=1, start=time(9), end=time(12))
    reunion = make_event("Temps fort océan Indien", tz="Indian/Reunion", start=time(9), end=time(17))
    left = make_event("Webinaire quitté")
    make_event("Webinaire sans moi")
    services.register(club, member)
    services.register(full, other)
    services.register(full, member)  # waitlisted
    services.register(reunion, member)
    services.register(left, member)
    services.cancel(left, member)

    response = client.get(feed_of(member))  # no one is logged in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert_well_formed(body)
    calendar = parse(body)
    events = {vevent.uid.value: vevent for vevent in calendar.vevent_list}
    assert set(events) == {f"event-{e.pk}@testserver" for e in (club, full, reunion)}
    assert calendar.contents["x-wr-calname"][0].value == "Mes événements · Réseau 3114"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body

    by_event = {e.pk: events[f"event-{e.pk}@testserver"] for e in (club, full, reunion)}
    assert by_event[club.pk].status.value == "CONFIRMED"
    assert "https://visio.reseau3114.test/c" in by_event[club.pk].location.value
    assert by_event[full.pk].status.value == "TENTATIVE"
    assert by_event[full.pk].summary.value == "Visite du centre de Martinique (liste d'attente)"
    for event in (club, full, reunion):
        assert in_utc(by_event[event.pk].dtstart.value) == event.start
        assert in_utc(by_event[event.pk].dtend.value) == event.end
    for zone in ("Europe/Paris", "America/Martinique", "Indian/Reunion"):
        assert f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n".encode() in body


def test_feed_follows_what_the_member_may_still_see(client, member):
    animator = UserFactory()
    group = make_group("Référentiel tchat", visibility="private", join_policy="invitation", animators=[animator])
    group_services.add_member(group, member)
    private = make_event("Réunion du référentiel", group=group)
    network = make_event("Club des cadres")
    services.register(private, member)
    services.register(network, member)
    url = feed_of(member)
    assert len(parse(client.get(url).content).vevent_list) == 2

    group_services.leave_group(group, member)
    uids = [v.uid.value for v in parse(client.get(url).content).vevent_list]
    assert uids == [f"event-{network.pk}@testserver"]

    EventPage.objects.get(pk=network.pk).unpublish()
    body = client.get(url).content
    assert b"BEGIN:VEVENT" not in body
    parse(body)  # still a valid calendar, with the network's zone as its one component


def test_cancelled_event_stays_in_the_feed_as_cancelled(client, member, coordinator):
    event = make_event("Temps fort national")
    services.register(event, member)
    services.cancel_event(event, coordinator)
    vevent = parse(client.get(feed_of(member)).content).vevent
    assert vevent.status.value == "CANCELLED"


def test_feed_leaves_out_long_past_events(client, member):
    event = make_event("Temps fort d'automne")
    services.register(event, member)
    EventPage.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=200), end=timezone.now() - timedelta(days=200, hours=-2)
    )
    assert b"BEGIN:VEVENT" not in client.get(feed_of(member)).content


@pytest.mark.parametrize("token", ["inconnu", "x" * 32])
def test_unknown_token_answers_404(client, member, token):
    calendars.create_token(member)
    assert client.get(reverse("events:feed", args=[token])).status_code == 404


def test_deactivated_member_feed_answers_404(client, member):
    url = feed_of(member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_feed_queries_do_not_grow_with_registrations(client, member, django_assert_max_num_queries):
    url = feed_of(member)
    counts = []
    for batch in (2, 18):  # 2, then 20 events
        for number in range(batch):
            zone = ["Europe/Paris", "America/Cayenne", "Indian/Reunion"][number % 3]
            event = make_event(f"Événement {len(counts)}-{number}", tz=zone, centre=None)
            services.register(event, member)
        with django_assert_max_num_queries(5) as captured:
            body = client.get(url).content
        counts.append(len(captured))
        assert body.count(b"BEGIN:VEVENT") == (2 if batch == 2 else 20)
    assert counts[0] == counts[1]


# --- Settings page --------------------------------------------------------------------------------


def test_settings_page_creates_the_link_on_post_only(member_client, member, django_assert_max_num_queries):
    url = reverse("events:feed_settings")
    page = member_client.get(url)
    assert page.status_code == 200
    assert "Créer mon lien" in page.text
    assert not CalendarToken.objects.exists()  # a GET writes nothing

    response = member_client.post(url, {"action": "create"})
    assert response.status_code == 302 and response.url == url
    token = CalendarToken.objects.get(member=member)
    page = member_client.get(url)
    feed = f"http://testserver/evenements/agenda/{token.token}.ics"
    assert '<label for="feed-url">' in page.text
    assert f'id="feed-url" value="{feed}" readonly' in page.text
    assert f'href="webcal://testserver/evenements/agenda/{token.token}.ics"' in page.text
    for words in ("Outlook", "Google Agenda", "Calendrier d'Apple", "Révoquer et créer un nouveau lien"):
        assert words in page.text

    member_client.post(url, {"action": "create"})  # a second click keeps the same link
    assert CalendarToken.objects.get(member=member).token == token.token


def test_revoking_replaces_the_link_and_the_old_one_answers_404(client, member):
    client.force_login(member)
    settings_url = reverse("events:feed_settings")
    client.post(settings_url, {"action": "create"})
    old = CalendarToken.objects.get(member=member).token
    client.post(settings_url, {"action": "renew"})
    new = CalendarToken.objects.get(member=member).token
    assert new != old
    assert new in client.get(settings_url).text
    client.logout()
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_settings_page_needs_a_session(client):
    response = client.get(reverse("events:feed_settings"))
    assert response.status_code == 302 and "/comptes/login/" in response.url


def test_settings_page_queries_are_constant(member_client, member, measure):
    url = reverse("events:feed_settings")
    before, _writes = measure(member_client, url, 12)
    calendars.create_token(member)
    for number in range(5):
        services.register(make_event(f"Événement {number}"), member)
    after, writes = measure(member_client, url, 12)
    assert after == before
    assert not writes
