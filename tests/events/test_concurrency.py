"""Seats under real concurrency: 200 members register at once for 50 seats, then 20 cancel at once.

Each writer is a real thread on its own database connection, and the data is really committed
(``transactional_db``): inside a test transaction nothing would race. The threads wait behind a
barrier and are released together.

- Through the services, on PostgreSQL: the event's row lock (``select_for_update``) is what
  serialises the seat count there; on SQLite ``select_for_update()`` does nothing, so that test is
  skipped with a reason.
- Through concurrent HTTP requests (the event page's ``inscription/`` and ``desinscription/``
  routes), on both databases: on the embedded SQLite, write transactions are ``IMMEDIATE`` (see
  ``community/settings.py``) and so take the database's write lock when they begin.
"""

import json
import queue
import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import Client
from wagtail.models import Page

from community import live
from community.notifications import push
from community.notifications.models import Notification
from events import notification_kinds as kinds
from events import services
from events.models import EventPage, Registration
from events.services import RegistrationError
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS, SEATS, CANCELLING = 200, 50, 20
WORKERS = 40
Status = Registration.Status


@pytest.fixture(autouse=True)
def seat_frames(monkeypatch):
    """Seat counts published to open event pages after each commit (the channel layer stays out)."""
    frames = []
    monkeypatch.setattr(live, "_send", lambda group, message: frames.append(json.loads(message["frame"])))
    monkeypatch.setattr(push, "_send", lambda group, message: None)
    return frames


@pytest.fixture
def event(site_tree):
    return make_event(
        "Temps fort national",
        capacity=SEATS,
        questions=[{"label": "Présence", "type": "choice", "choices": "Présentiel\nÀ distance", "required": True}],
    )


@pytest.fixture
def members(site_tree):
    return UserFactory.create_batch(MEMBERS, centre=CentreFactory())


def answers(event) -> dict:
    return {str(event.ordered_questions[0].pk): "Présentiel"}


def run_together(action, items, workers: int = WORKERS) -> tuple[list, float]:
    """``action(item)`` for every item, on ``workers`` threads released together; results in items' order.

    Each call closes its thread's connection afterwards: on PostgreSQL that returns it to the pool
    (10 connections per process, as in production), on SQLite it closes the file.
    """
    work = queue.SimpleQueue()
    for index, item in enumerate(items):
        work.put((index, item))
    barrier = threading.Barrier(workers)
    results, errors = [None] * len(items), []

    def worker():
        try:
            barrier.wait(timeout=30)
            while True:
                try:
                    index, item = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[index] = action(item)
                finally:
                    connection.close()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.monotonic() - started
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck (deadlock?)"
    assert errors == []
    return results, elapsed


def assert_seats_and_order(event, confirmed: int, waiting: int) -> list[Registration]:
    """The counts, no duplicate, and one consistent order; returns the waitlist in its order."""
    rows = list(Registration.objects.filter(event=event).order_by("pk"))
    active = [r for r in rows if r.status != Status.CANCELLED]
    assert Counter(r.status for r in active) == {Status.CONFIRMED: confirmed, Status.WAITLISTED: waiting}
    assert len({r.member_id for r in rows}) == len(rows)  # one row per member
    assert services.seats(event) == {
        "confirmed": confirmed,
        "waitlist": waiting,
        "capacity": event.capacity,
        "open": True,
    }

    waitlist = list(Registration.objects.filter(event=event).waitlisted())
    assert [(r.queued_at, r.pk) for r in waitlist] == sorted({(r.queued_at, r.pk) for r in waitlist})
    positions = [r.waitlist_position() for r in waitlist]
    assert positions == list(range(1, waiting + 1))
    return waitlist


def assert_registered_in_one_order(event) -> None:
    """Registrations were serialised: the row order is the queue order, the 50 first hold the seats."""
    rows = list(Registration.objects.filter(event=event).order_by("pk"))
    instants = [r.queued_at for r in rows]
    assert instants == sorted(instants) and len(set(instants)) == len(instants)  # strictly increasing with pk
    assert [r.status for r in rows] == [Status.CONFIRMED] * SEATS + [Status.WAITLISTED] * (MEMBERS - SEATS)
    assert all(r.answers == answers(event) for r in rows)

    # Each member's receipt tells the state and waitlist place they really got.
    texts = dict(
        Notification.objects.filter(kind__in=[kinds.CONFIRMED, kinds.WAITLISTED]).values_list("recipient", "text")
    )
    assert len(texts) == MEMBERS
    for position, row in enumerate(rows[SEATS:], start=1):
        assert f"vous êtes n° {position} sur la liste d'attente" in texts[row.member_id]
    assert all(texts[r.member_id].startswith("Inscription confirmée") for r in rows[:SEATS])


def assert_each_commit_published_its_count(frames, counts) -> None:
    seats = Counter((f["confirmed"], f["waitlist"]) for f in frames if f["topic"] == services.LIVE_TOPIC)
    assert seats == Counter(counts)


def registered_counts() -> list[tuple[int, int]]:
    """The (confirmed, waitlist) count after each of the 200 serialised registrations."""
    return [(min(n, SEATS), max(0, n - SEATS)) for n in range(1, MEMBERS + 1)]


def assert_promoted_first_waiting(event, waitlist_before, cancelled_members) -> None:
    promoted = waitlist_before[:CANCELLING]
    statuses = dict(Registration.objects.filter(event=event).values_list("member_id", "status"))
    assert {statuses[m.pk] for m in cancelled_members} == {Status.CANCELLED}
    assert {statuses[r.member_id] for r in promoted} == {Status.CONFIRMED}
    assert sorted(Notification.objects.filter(kind=kinds.PROMOTED).values_list("recipient", flat=True)) == sorted(
        r.member_id for r in promoted
    )
    remaining = assert_seats_and_order(event, SEATS, MEMBERS - SEATS - CANCELLING)
    assert [r.pk for r in remaining] == [r.pk for r in waitlist_before[CANCELLING:]]  # same order, renumbered


def report(label: str, seconds: float) -> None:
    print(f"\n{label} on {connection.vendor}: {seconds:.2f} s")


# --- Through the services, on PostgreSQL ------------------------------------------------------------


def test_200_members_register_at_once_for_50_seats_then_20_cancel(postgresql_only, event, members, seat_frames):
    registrations, elapsed = run_together(lambda member: services.register(event, member, answers(event)), members)
    report(f"{MEMBERS} concurrent registrations (services, {WORKERS} threads)", elapsed)

    assert Counter(r.status for r in registrations) == {Status.CONFIRMED: SEATS, Status.WAITLISTED: MEMBERS - SEATS}
    waitlist = assert_seats_and_order(event, SEATS, MEMBERS - SEATS)
    assert_registered_in_one_order(event)
    assert_each_commit_published_its_count(seat_frames, registered_counts())

    seat_frames.clear()
    confirmed = [r.member for r in Registration.objects.filter(event=event).confirmed().select_related("member")]
    cancelling = confirmed[::2][:CANCELLING]  # spread over the confirmed list
    cancelled, elapsed = run_together(lambda member: services.cancel(event, member), cancelling, workers=CANCELLING)
    report(f"{CANCELLING} concurrent cancellations (services)", elapsed)

    assert {r.status for r in cancelled} == {Status.CANCELLED}
    assert_promoted_first_waiting(event, waitlist, cancelling)
    # Each cancellation freed one seat and gave it away in the same transaction.
    assert_each_commit_published_its_count(
        seat_frames, [(SEATS, MEMBERS - SEATS - n) for n in range(1, CANCELLING + 1)]
    )


def test_the_same_member_registering_twice_at_once_gets_one_row(postgresql_only, event, members):
    member = members[0]

    def attempt(_):
        try:
            return services.register(event, member, answers(event)).status
        except RegistrationError as refused:
            return str(refused)

    outcomes, _elapsed = run_together(attempt, range(8), workers=8)

    assert Counter(outcomes) == {Status.CONFIRMED: 1, "Vous êtes déjà inscrit·e.": 7}
    assert Registration.objects.filter(event=event, member=member).count() == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_capacity_changes_racing_registrations_never_overbook(postgresql_only, event, members, coordinator):
    """Organisers change the capacity while members register: never more confirmed than seats, no seat left idle."""
    changes = [("capacity", capacity) for capacity in (60, 30, 80, 55)]
    items = [("register", member) for member in members[:100]]
    for offset, change in zip((5, 30, 55, 80), changes, strict=True):
        items.insert(offset, change)

    def act(item):
        kind, value = item
        try:
            if kind == "capacity":
                return services.set_capacity(event, coordinator, value)
            return services.register(event, value, answers(event))
        except RegistrationError as refused:  # lowering below the confirmed count, depending on the order
            assert kind == "capacity" and "déjà inscrit" in str(refused)

    run_together(act, items, workers=20)

    event.refresh_from_db()
    confirmed = min(event.capacity, 100)
    waitlist = assert_seats_and_order(event, confirmed, 100 - confirmed)
    # The seats went to the first comers: everyone waiting queued after everyone confirmed.
    latest_confirmed = max(Registration.objects.filter(event=event).confirmed().values_list("queued_at", flat=True))
    assert all(r.queued_at > latest_confirmed for r in waitlist)


def test_an_organiser_action_during_an_editors_save_waits_instead_of_deadlocking(postgresql_only, event, coordinator):
    """An editor's save writes the page's row, then the event's (multi-table ``Model.save``); an organiser's
    capacity change locks the event and publishes a revision, which writes the page's row: taken in opposite
    orders, PostgreSQL would abort one of them as a deadlock."""
    editor_wrote_the_page_row = threading.Event()

    def editor():
        try:
            with transaction.atomic():
                Page.objects.filter(pk=event.pk).update(title="Temps fort national 2031")
                editor_wrote_the_page_row.set()
                time.sleep(0.5)  # the organiser's action starts meanwhile
                EventPage.objects.filter(pk=event.pk).update(intro="Programme complet en ligne.")
        finally:
            connection.close()

    def organiser():
        editor_wrote_the_page_row.wait(timeout=10)
        try:
            return services.set_capacity(event, coordinator, 80)
        finally:
            connection.close()

    run_together(lambda act: act(), [editor, organiser], workers=2)

    event = EventPage.objects.get(pk=event.pk)
    assert (event.title, event.intro, event.capacity) == ("Temps fort national 2031", "Programme complet en ligne.", 80)


# --- Through concurrent HTTP requests, on both databases --------------------------------------------


@pytest.fixture
def clients(members) -> dict[int, Client]:
    """A test client per member, logged in, all served by one request handler as by one server process.

    A client builds its own middleware chain on its first request (servestatic alone scans the static
    files then, 0.1 to 0.2 s): shared and built once here, requests run concurrently in it as in a
    threaded server.
    """
    handler = Client().handler
    handler.load_middleware()
    clients = {}
    for member in members:
        client = Client()
        client.handler = handler
        client.force_login(member)
        clients[member.pk] = client
    return clients


def test_200_concurrent_registration_requests_for_50_seats_then_20_cancellations(event, members, clients, seat_frames):
    url = event.url
    form = {f"question_{event.ordered_questions[0].pk}": "Présentiel"}

    def post_registration(member):
        return clients[member.pk].post(url + "inscription/", form).status_code

    codes, elapsed = run_together(post_registration, members)
    report(f"{MEMBERS} concurrent registration requests ({WORKERS} threads)", elapsed)

    assert Counter(codes) == {302: MEMBERS}  # each one accepted and sent back to the event page
    waitlist = assert_seats_and_order(event, SEATS, MEMBERS - SEATS)
    assert_registered_in_one_order(event)
    assert_each_commit_published_its_count(seat_frames, registered_counts())

    # A second attempt by everyone at once is refused in French, with nothing added.
    again, _elapsed = run_together(lambda member: clients[member.pk].post(url + "inscription/", form), members[:40])
    assert {response.status_code for response in again} == {400}
    assert all("Vous êtes déjà" in response.content.decode() for response in again)
    assert Registration.objects.filter(event=event).count() == MEMBERS

    seat_frames.clear()
    confirmed = list(Registration.objects.filter(event=event).confirmed().values_list("member_id", flat=True))
    cancelling = [member for member in members if member.pk in set(confirmed[::2][:CANCELLING])]

    def post_cancellation(member):
        return clients[member.pk].post(url + "desinscription/").status_code

    codes, elapsed = run_together(post_cancellation, cancelling, workers=CANCELLING)
    report(f"{CANCELLING} concurrent cancellation requests", elapsed)

    assert Counter(codes) == {302: CANCELLING}
    assert_promoted_first_waiting(event, waitlist, cancelling)
    assert_each_commit_published_its_count(
        seat_frames, [(SEATS, MEMBERS - SEATS - n) for n in range(1, CANCELLING + 1)]
    )
