"""Business rules of events (events.services): registering, the waitlist, the window, organisers' actions,
messages, notifications and the live seat count."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import live
from community.groups.services import add_member
from community.notifications import push
from community.notifications.models import Notification
from community.notifications.services import set_email_preferences
from events import notification_kinds as kinds
from events import services
from events.models import EventPage, Registration
from events.services import AnswersInvalid, RegistrationError
from tests.community.factories import UserFactory, make_group
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
Status = Registration.Status


def notified(member, kind: str | None = None) -> list[str]:
    """Texts of the notifications ``member`` received (of ``kind``), oldest first."""
    rows = Notification.objects.filter(recipient=member).order_by("pk")
    return list((rows.filter(kind=kind) if kind else rows).values_list("text", flat=True))


def kinds_of(member) -> list[str]:
    return list(Notification.objects.filter(recipient=member).order_by("pk").values_list("kind", flat=True))


def statuses(event) -> dict[int, str]:
    return dict(Registration.objects.filter(event=event).values_list("member_id", "status"))


def waitlist(event) -> list[int]:
    """Member ids on the waitlist, in its order."""
    return list(Registration.objects.filter(event=event).waitlisted().values_list("member_id", flat=True))


def fresh(event) -> EventPage:
    return EventPage.objects.get(pk=event.pk)


def register_all(event, members, **kwargs) -> list[Registration]:
    return [services.register(event, member, **kwargs) for member in members]


@pytest.fixture(autouse=True)
def pushed(monkeypatch):
    """Live seat counts and notification badges handed to the channel layer, as (group, frame or message)."""
    sent = []
    monkeypatch.setattr(live, "_send", lambda group, message: sent.append((group, json.loads(message["frame"]))))
    monkeypatch.setattr(push, "_send", lambda group, message: sent.append((group, message)))
    return sent


# --- Registering ------------------------------------------------------------------------------------


def test_confirmed_while_seats_remain_then_waitlisted_with_their_position():
    event = make_event("Temps fort de Lyon", capacity=2)
    first, second, third, fourth = UserFactory.create_batch(4)

    registrations = register_all(event, [first, second, third, fourth])

    assert [r.status for r in registrations] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    assert [r.waitlist_position() for r in registrations] == [None, None, 1, 2]
    assert registrations[0].confirmed_at is not None and registrations[2].confirmed_at is None
    assert waitlist(event) == [third.pk, fourth.pk]
    assert services.seats(event) == {"confirmed": 2, "waitlist": 2, "capacity": 2, "open": True}
    # Each member gets a receipt of their own registration.
    assert kinds_of(first) == [kinds.CONFIRMED]
    assert notified(first) == ["Inscription confirmée : « Temps fort de Lyon »."]
    assert kinds_of(fourth) == [kinds.WAITLISTED]
    assert notified(fourth) == ["« Temps fort de Lyon » est complet : vous êtes n° 2 sur la liste d'attente."]
    assert Notification.objects.filter(recipient=first).get().link == event.url


def test_without_capacity_everyone_is_confirmed():
    event = make_event(capacity=None)
    register_all(event, UserFactory.create_batch(5))
    assert services.seats(event) == {"confirmed": 5, "waitlist": 0, "capacity": None, "open": True}


def test_a_second_registration_is_refused_in_french_and_keeps_one_row():
    event = make_event(capacity=1)
    confirmed, waiting = UserFactory.create_batch(2)
    register_all(event, [confirmed, waiting])

    with pytest.raises(RegistrationError, match="^Vous êtes déjà inscrit·e.$"):
        services.register(event, confirmed)
    with pytest.raises(RegistrationError, match="^Vous êtes déjà sur la liste d'attente.$"):
        services.register(event, waiting)
    assert Registration.objects.filter(event=event).count() == 2
    assert statuses(event) == {confirmed.pk: Status.CONFIRMED, waiting.pk: Status.WAITLISTED}


def test_re_registering_after_cancelling_goes_to_the_back_of_the_waitlist():
    event = make_event(capacity=1)
    holder, early, late = UserFactory.create_batch(3)
    register_all(event, [holder, early, late])
    first_row = Registration.objects.get(event=event, member=early)

    services.cancel(event, early)  # leaves the waitlist
    assert waitlist(event) == [late.pk]
    again = services.register(event, early)

    assert again.pk == first_row.pk  # the same row, queued anew
    assert again.queued_at > first_row.queued_at and again.cancelled_at is None
    assert waitlist(event) == [late.pk, early.pk]
    assert again.waitlist_position() == 2
    services.cancel(event, holder)
    assert statuses(event) == {holder.pk: Status.CANCELLED, early.pk: Status.WAITLISTED, late.pk: Status.CONFIRMED}


def test_re_registering_when_a_seat_is_free_confirms_again():
    event = make_event(capacity=3)
    member = UserFactory()
    services.register(event, member)
    services.cancel(event, member)
    assert services.register(event, member).status == Status.CONFIRMED
    assert Registration.objects.filter(event=event, member=member).count() == 1


# --- Answers ----------------------------------------------------------------------------------------

QUESTIONS = [
    {"label": "Présence", "type": "choice", "choices": "Présentiel\nÀ distance", "required": True},
    {"label": "Repas", "type": "multiple", "choices": "Déjeuner\nDîner\nVégétarien", "required": True},
    {"label": "Besoins d'accessibilité", "type": "text", "accessibility": True},
    {"label": "Votre fonction", "type": "text", "required": True},
]


def question_ids(event) -> list[str]:
    return [str(q.pk) for q in event.ordered_questions]


def test_missing_required_answers_are_refused_per_question_and_nothing_is_stored():
    event = make_event(questions=QUESTIONS)
    presence, meals, needs, role = event.ordered_questions
    member = UserFactory()

    with pytest.raises(AnswersInvalid) as refused:
        services.register(event, member, {str(needs.pk): "Rampe d'accès"})

    assert refused.value.errors == {
        presence.pk: "Cette réponse est obligatoire.",
        meals.pk: "Cochez au moins une réponse.",
        role.pk: "Cette réponse est obligatoire.",
    }
    assert str(refused.value) == "Vérifiez les réponses signalées."
    assert isinstance(refused.value, RegistrationError)
    assert not Registration.objects.filter(event=event).exists()
    assert not Notification.objects.filter(recipient=member).exists()


def test_answers_outside_the_choices_are_refused():
    event = make_event(questions=QUESTIONS)
    presence, meals, _needs, role = event.ordered_questions

    with pytest.raises(AnswersInvalid) as refused:
        services.register(
            event,
            UserFactory(),
            {str(presence.pk): "Sur la lune", str(meals.pk): ["Déjeuner", "Goûter"], str(role.pk): "Cadre"},
        )

    assert refused.value.errors == {
        presence.pk: "Choisissez parmi les réponses proposées.",
        meals.pk: "Choisissez parmi les réponses proposées.",
    }


def test_blank_text_counts_as_missing_and_a_choice_cannot_be_a_list():
    event = make_event(questions=QUESTIONS)
    presence, meals, _needs, role = event.ordered_questions
    with pytest.raises(AnswersInvalid) as refused:
        services.register(
            event, UserFactory(), {str(presence.pk): ["Présentiel"], str(meals.pk): ["", ""], str(role.pk): "   "}
        )
    assert refused.value.errors == {
        presence.pk: "Cette réponse est obligatoire.",
        meals.pk: "Cochez au moins une réponse.",
        role.pk: "Cette réponse est obligatoire.",
    }


def test_valid_answers_are_stored_cleaned_with_several_choices_as_a_list():
    event = make_event(questions=QUESTIONS)
    presence, meals, needs, role = question_ids(event)

    registration = services.register(
        event,
        UserFactory(),
        {
            presence: "À distance",
            meals: ["Déjeuner", "Végétarien"],
            needs: "",  # optional, left empty: not stored
            role: "  Superviseure  ",
            "999999": "a question the event does not ask",
        },
    )

    assert Registration.objects.get(pk=registration.pk).answers == {
        presence: "À distance",
        meals: ["Déjeuner", "Végétarien"],
        role: "Superviseure",
    }


def test_one_choice_among_several_may_be_sent_as_a_string():
    event = make_event(questions=[QUESTIONS[1]])
    (meals,) = question_ids(event)
    registration = services.register(event, UserFactory(), {meals: "Dîner"})
    assert registration.answers == {meals: ["Dîner"]}


def test_long_free_text_is_cut():
    event = make_event(questions=[QUESTIONS[2]])
    (needs,) = question_ids(event)
    registration = services.register(event, UserFactory(), {needs: "x" * 5000})
    assert registration.answers == {needs: "x" * 2000}


# --- The registration window ------------------------------------------------------------------------

DAY = datetime(2030, 12, 10).date()  # a Tuesday, far ahead


def test_registration_not_yet_open_says_when_it_opens():
    event = make_event(day=DAY, registration_opens=datetime(2030, 12, 1, 9, 0, tzinfo=PARIS))
    with pytest.raises(RegistrationError, match="^Les inscriptions ouvriront le dimanche 1 décembre 2030 à 9 h 00.$"):
        services.register(event, UserFactory())
    assert services.window_message(event) == "Les inscriptions ouvriront le dimanche 1 décembre 2030 à 9 h 00."
    assert not Registration.objects.exists()


def test_registration_closed_by_date_says_since_when():
    closes = timezone.now() - timedelta(hours=1)
    event = make_event(registration_closes=closes)
    local = timezone.localtime(closes)
    expected = f"Les inscriptions sont closes depuis le {services.times.day(local)} à {services.times.clock(local)}."
    with pytest.raises(RegistrationError) as refused:
        services.register(event, UserFactory())
    assert str(refused.value) == expected
    assert expected.startswith("Les inscriptions sont closes depuis le ") and " h " in expected


def test_open_window_between_its_dates():
    now = timezone.now()
    event = make_event(registration_opens=now - timedelta(days=1), registration_closes=now + timedelta(days=1))
    assert services.window_message(event) == ""
    assert services.register(event, UserFactory()).status == Status.CONFIRMED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_closed": True}, "L'organisation a fermé les inscriptions."),
        ({"is_cancelled": True}, "Cet événement est annulé."),
        ({"day": timezone.now().date() - timedelta(days=2)}, "Cet événement est terminé."),
    ],
    ids=["closed-by-hand", "cancelled", "ended"],
)
def test_registration_refused_outside_the_window(fields, message):
    event = make_event(**fields)
    with pytest.raises(RegistrationError) as refused:
        services.register(event, UserFactory())
    assert str(refused.value) == message
    assert services.window_message(event) == message
    assert not Registration.objects.filter(event=event).exists()


def test_member_cancelling_after_the_end_is_refused():
    event = make_event(day=timezone.now().date() + timedelta(days=1))
    member = UserFactory()
    services.register(event, member)
    EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RegistrationError, match="^Cet événement est terminé.$"):
        services.cancel(event, member)


def test_nothing_to_cancel():
    event = make_event()
    member = UserFactory()
    with pytest.raises(RegistrationError, match="^Aucune inscription à annuler.$"):
        services.cancel(event, member)
    services.register(event, member)
    services.cancel(event, member)
    with pytest.raises(RegistrationError, match="^Aucune inscription à annuler.$"):
        services.cancel(event, member)


# --- Audience ---------------------------------------------------------------------------------------


def test_outsiders_and_drafts_are_404(private_group):
    outsider = UserFactory()
    with pytest.raises(Http404):
        services.register(make_event("Réservé", group=private_group), outsider)
    with pytest.raises(Http404):
        services.register(make_event("Brouillon", publish=False), outsider)
    with pytest.raises(Http404):
        services.cancel(make_event("Réservé bis", group=private_group), outsider)
    assert not Registration.objects.exists()


def test_active_members_of_a_private_group_may_register(private_group):
    insider = UserFactory()
    add_member(private_group, insider)
    event = make_event(group=private_group)
    assert services.register(event, insider).status == Status.CONFIRMED


# --- Organisers registering and removing someone ----------------------------------------------------


@pytest.mark.parametrize("who", ["animator", "coordinator"])
def test_organiser_registers_someone_outside_the_window_within_capacity(who, request, group):
    organiser = request.getfixturevalue(who)
    opens = timezone.now() + timedelta(days=2)
    event = make_event(group=group, capacity=1, registration_opens=opens, registration_closed=True)
    first, second = UserFactory.create_batch(2)

    registered = services.register(event, first, by=organiser)
    waiting = services.register(event, second, by=organiser)

    assert (registered.status, registered.registered_by) == (Status.CONFIRMED, organiser)
    assert (waiting.status, waiting.waitlist_position()) == (Status.WAITLISTED, 1)
    assert Notification.objects.get(recipient=first).actor == organiser
    assert notified(second, kinds.WAITLISTED) == [
        f"« {event.title} » est complet : vous êtes n° 1 sur la liste d'attente."
    ]
    with pytest.raises(RegistrationError, match="^Déjà inscrit·e.$"):
        services.register(event, first, by=organiser)
    with pytest.raises(RegistrationError, match="^Déjà sur la liste d'attente.$"):
        services.register(event, second, by=organiser)


def test_organiser_cannot_register_anyone_to_a_cancelled_or_ended_event(coordinator):
    member = UserFactory()
    with pytest.raises(RegistrationError, match="^Cet événement est annulé.$"):
        services.register(make_event("Annulé", is_cancelled=True), member, by=coordinator)
    past = make_event("Passé", day=timezone.now().date() - timedelta(days=3))
    with pytest.raises(RegistrationError, match="^Cet événement est terminé.$"):
        services.register(past, member, by=coordinator)
    assert not Registration.objects.exists()


def test_organiser_cannot_register_an_outsider_of_a_private_group(private_group, animator):
    event = make_event(group=private_group)
    with pytest.raises(RegistrationError, match="^Ce membre ne fait pas partie du public de l'événement.$"):
        services.register(event, UserFactory(), by=animator)
    assert not Registration.objects.exists()


def test_organiser_removes_someone_who_is_told_and_the_first_waiting_is_promoted(group, animator):
    event = make_event("Formation écoute", group=group, capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    register_all(event, [holder, waiting])

    services.cancel(event, holder, by=animator)

    assert statuses(event) == {holder.pk: Status.CANCELLED, waiting.pk: Status.CONFIRMED}
    assert notified(holder, kinds.REMOVED) == ["L'organisation a annulé votre inscription à « Formation écoute »."]
    assert Notification.objects.get(recipient=holder, kind=kinds.REMOVED).actor == animator
    assert notified(waiting, kinds.PROMOTED) == [
        "Une place s'est libérée : vous êtes inscrit·e à « Formation écoute »."
    ]


def test_organiser_may_remove_someone_after_the_end(coordinator):
    event = make_event(day=timezone.now().date() + timedelta(days=1))
    member = UserFactory()
    services.register(event, member)
    EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(minutes=1))
    assert services.cancel(event, member, by=coordinator).status == Status.CANCELLED


def organiser_actions(event, registration, target):
    return {
        "register": lambda actor: services.register(event, target, by=actor),
        "remove": lambda actor: services.cancel(event, registration.member, by=actor),
        "capacity": lambda actor: services.set_capacity(event, actor, 10),
        "close": lambda actor: services.set_registration_closed(event, actor, True),
        "cancel-event": lambda actor: services.cancel_event(event, actor),
        "attendance": lambda actor: services.set_attendance(event, actor, registration, True),
        "message": lambda actor: services.send_message(event, actor, "confirmed", "Bonjour"),
    }


@pytest.mark.parametrize("action", ["register", "remove", "capacity", "close", "cancel-event", "attendance", "message"])
@pytest.mark.parametrize("who", ["plain member", "animator of another group", "group member"])
def test_organiser_actions_by_a_non_organiser_are_404_and_change_nothing(action, who, group):
    event = make_event(group=group, capacity=5)
    registered, target = UserFactory.create_batch(2)
    registration = services.register(event, registered)
    actor = UserFactory()
    if who == "animator of another group":
        make_group("Autre groupe", animators=[actor])
    elif who == "group member":
        add_member(group, actor)
    before = (statuses(event), fresh(event).capacity, fresh(event).registration_closed, fresh(event).is_cancelled)
    notifications = Notification.objects.count()

    with pytest.raises(Http404):
        organiser_actions(event, registration, target)[action](actor)

    after = (statuses(event), fresh(event).capacity, fresh(event).registration_closed, fresh(event).is_cancelled)
    assert after == before
    assert Registration.objects.get(pk=registration.pk).attended is None
    assert Notification.objects.count() == notifications


def test_coordinators_organise_network_events_animators_do_not(animator, coordinator):
    event = make_event(capacity=5)
    assert services.is_organiser(coordinator, event)
    assert not services.is_organiser(animator, event)
    with pytest.raises(Http404):
        services.set_capacity(event, animator, 10)
    services.set_capacity(event, coordinator, 10)
    assert fresh(event).capacity == 10


def test_an_animator_of_a_private_group_they_may_not_see_is_404(private_group, animator):
    event = make_event(group=private_group)
    # An animator whose membership is no longer active neither sees nor organises.
    private_group.memberships.filter(member=animator).update(status="invited")
    with pytest.raises(Http404):
        services.check_organiser(animator, event)


# --- Cancelling and the waitlist --------------------------------------------------------------------


def test_a_cancellation_promotes_the_first_waiting_member_and_tells_them():
    event = make_event("Club des cadres", capacity=2)
    holder, other, first, second = UserFactory.create_batch(4)
    register_all(event, [holder, other, first, second])

    cancelled = services.cancel(event, holder)

    assert (cancelled.status, cancelled.cancelled_at is not None) == (Status.CANCELLED, True)
    assert statuses(event) == {
        holder.pk: Status.CANCELLED,
        other.pk: Status.CONFIRMED,
        first.pk: Status.CONFIRMED,
        second.pk: Status.WAITLISTED,
    }
    promoted = Registration.objects.get(event=event, member=first)
    assert promoted.confirmed_at is not None
    assert kinds_of(first) == [kinds.WAITLISTED, kinds.PROMOTED]
    assert notified(first, kinds.PROMOTED) == ["Une place s'est libérée : vous êtes inscrit·e à « Club des cadres »."]
    assert Notification.objects.get(recipient=first, kind=kinds.PROMOTED).link == event.url
    assert kinds_of(second) == [kinds.WAITLISTED]  # still waiting, now first in line
    assert Registration.objects.get(event=event, member=second).waitlist_position() == 1
    assert kinds_of(holder) == [kinds.CONFIRMED]  # cancelling oneself is not notified


def test_leaving_the_waitlist_renumbers_it_and_promotes_nobody():
    event = make_event(capacity=1)
    holder, *waiting = UserFactory.create_batch(5)
    register_all(event, [holder, *waiting])

    services.cancel(event, waiting[1])

    assert waitlist(event) == [waiting[0].pk, waiting[2].pk, waiting[3].pk]
    positions = [Registration.objects.get(event=event, member=m).waitlist_position() for m in waiting]
    assert positions == [1, None, 2, 3]
    assert statuses(event)[holder.pk] == Status.CONFIRMED
    assert not Notification.objects.filter(kind=kinds.PROMOTED).exists()


def test_waitlist_ties_on_the_same_instant_follow_the_row_order():
    event = make_event(capacity=1)
    holder, *waiting = UserFactory.create_batch(4)
    register_all(event, [holder, *waiting])
    Registration.objects.filter(event=event, status=Status.WAITLISTED).update(queued_at=timezone.now())
    rows = sorted(Registration.objects.filter(event=event, status=Status.WAITLISTED), key=lambda r: r.pk)
    assert [r.waitlist_position() for r in rows] == [1, 2, 3]
    assert waitlist(event) == [r.member_id for r in rows]


# --- Capacity ---------------------------------------------------------------------------------------


def test_capacity_below_the_confirmed_count_is_refused_and_nobody_is_dropped(coordinator):
    event = make_event(capacity=5)
    members = UserFactory.create_batch(4)
    register_all(event, members)
    before = statuses(event)

    with pytest.raises(RegistrationError) as refused:
        services.set_capacity(event, coordinator, 3)

    assert str(refused.value) == (
        "4 personnes sont déjà inscrites : la capacité ne peut descendre en dessous. "
        "Désinscrivez d'abord quelqu'un si nécessaire."
    )
    assert fresh(event).capacity == 5
    assert statuses(event) == before
    assert not fresh(event).has_unpublished_changes  # no revision was left behind either
    assert services.set_capacity(event, coordinator, 4) == []  # exactly the confirmed count is fine
    assert fresh(event).capacity == 4


def test_capacity_refusal_speaks_of_one_person_in_the_singular(coordinator):
    event = make_event(capacity=5)
    services.register(event, UserFactory())
    with pytest.raises(RegistrationError, match="^1 personne est déjà inscrite : la capacité ne peut"):
        services.set_capacity(event, coordinator, 0)


def test_raising_the_capacity_promotes_in_waitlist_order(coordinator):
    event = make_event("Visite du centre", capacity=1)
    holder, *waiting = UserFactory.create_batch(5)
    register_all(event, [holder, *waiting])

    promoted = services.set_capacity(event, coordinator, 3)

    assert [r.member_id for r in promoted] == [waiting[0].pk, waiting[1].pk]
    assert waitlist(event) == [waiting[2].pk, waiting[3].pk]
    assert fresh(event).capacity == 3
    assert services.seats(fresh(event)) == {"confirmed": 3, "waitlist": 2, "capacity": 3, "open": True}
    for member in waiting[:2]:
        notification = Notification.objects.get(recipient=member, kind=kinds.PROMOTED)
        assert notification.text == "Une place s'est libérée : vous êtes inscrit·e à « Visite du centre »."
        assert notification.actor == coordinator
    assert not Notification.objects.filter(recipient__in=waiting[2:], kind=kinds.PROMOTED).exists()


def test_removing_the_capacity_promotes_everyone_waiting(coordinator):
    event = make_event(capacity=1)
    holder, *waiting = UserFactory.create_batch(4)
    register_all(event, [holder, *waiting])

    promoted = services.set_capacity(event, coordinator, None)

    assert [r.member_id for r in promoted] == [m.pk for m in waiting]
    assert fresh(event).capacity is None
    assert set(statuses(event).values()) == {Status.CONFIRMED}
    assert services.register(event, UserFactory()).status == Status.CONFIRMED


def test_capacity_change_is_a_published_revision(coordinator):
    event = make_event(capacity=10)
    services.set_capacity(event, coordinator, 12)
    event = fresh(event)
    assert event.capacity == 12
    assert not event.has_unpublished_changes
    assert event.live_revision_id == event.latest_revision_id
    assert event.get_latest_revision_as_object().capacity == 12
    assert event.latest_revision.user == coordinator


# --- Closing, reopening, cancelling the event -------------------------------------------------------


def test_close_and_reopen_registration(animator, group):
    event = make_event(group=group)
    member = UserFactory()

    services.set_registration_closed(event, animator, True)
    assert fresh(event).registration_closed
    with pytest.raises(RegistrationError, match="^L'organisation a fermé les inscriptions.$"):
        services.register(fresh(event), member)

    services.set_registration_closed(event, animator, False)
    event = fresh(event)
    assert not event.registration_closed and not event.has_unpublished_changes
    assert services.register(event, member).status == Status.CONFIRMED


def test_cancelling_the_event_tells_everyone_registered_or_waiting(coordinator, django_capture_on_commit_callbacks):
    event = make_event("Temps fort annuel", capacity=1)
    holder, waiting, gone = UserFactory.create_batch(3)
    register_all(event, [holder, waiting, gone])
    services.cancel(event, gone)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, coordinator)

    event = fresh(event)
    assert event.is_cancelled and not event.has_unpublished_changes
    for member in (holder, waiting):
        assert notified(member, kinds.CANCELLED) == ["« Temps fort annuel » est annulé."]
    assert notified(gone, kinds.CANCELLED) == []
    assert notified(coordinator) == []
    with pytest.raises(RegistrationError, match="^Cet événement est annulé.$"):
        services.register(event, UserFactory())

    # Cancelling again tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, coordinator)
    assert Notification.objects.filter(kind=kinds.CANCELLED).count() == 2


# --- Messages from the organisers -------------------------------------------------------------------


@pytest.fixture
def audiences(coordinator):
    """An event with two confirmed (one present), one waiting and one who cancelled."""
    event = make_event("Formation postvention", capacity=2)
    present, absent, waiting, gone = UserFactory.create_batch(4)
    register_all(event, [present, absent, gone, waiting])
    services.cancel(event, gone)  # ``gone`` was waiting ahead of ``waiting``: nobody is promoted
    services.set_attendance(event, coordinator, Registration.objects.get(event=event, member=present), True)
    services.set_attendance(event, coordinator, Registration.objects.get(event=event, member=absent), False)
    return event, {"present": present, "absent": absent, "waiting": waiting, "gone": gone}


@pytest.mark.parametrize(
    ("audience", "expected"),
    [("confirmed", {"present", "absent"}), ("waitlisted", {"waiting"}), ("attended", {"present"})],
)
def test_a_message_reaches_its_audience_only(
    audience, expected, audiences, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    event, members = audiences
    assert statuses(event)[members["waiting"].pk] == Status.WAITLISTED
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_message(event, coordinator, audience, "  La salle change : rendez-vous au 2e étage.  ")

    assert sent == len(expected)
    text = "« Formation postvention » : La salle change : rendez-vous au 2e étage."
    for name, member in members.items():
        assert notified(member, kinds.MESSAGE) == ([text] if name in expected else [])
    assert {n.actor for n in Notification.objects.all()} == {coordinator}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(members[name].email for name in expected)
    assert all("La salle change" in m.body for m in mailoutbox)


def test_a_message_respects_email_preferences(audiences, coordinator, django_capture_on_commit_callbacks, mailoutbox):
    event, members = audiences
    set_email_preferences(members["absent"], {kinds.MESSAGE: "never"})
    set_email_preferences(members["present"], {kinds.MESSAGE: "digest"})
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(event, coordinator, "confirmed", "Pensez à vos badges.")

    assert mailoutbox == []  # one wants none, the other the daily digest
    assert Notification.objects.filter(kind=kinds.MESSAGE).count() == 2
    call_command("send_digests")
    assert [m.to for m in mailoutbox] == [[members["present"].email]]
    assert "Pensez à vos badges." in mailoutbox[0].body


def test_an_organiser_registered_to_their_own_event_is_not_messaged(group, animator):
    event = make_event(group=group)
    member = UserFactory()
    register_all(event, [animator, member])
    assert services.send_message(event, animator, "confirmed", "Bienvenue") == 1
    assert notified(animator, kinds.MESSAGE) == []


def test_an_empty_message_or_an_unknown_audience_is_refused(audiences, coordinator):
    event, _members = audiences
    with pytest.raises(RegistrationError, match="^Écrivez le message à envoyer.$"):
        services.send_message(event, coordinator, "confirmed", "  \n ")
    with pytest.raises(ValueError):
        services.send_message(event, coordinator, "everyone", "Bonjour")
    assert not Notification.objects.filter(kind=kinds.MESSAGE).exists()


def test_attendance_only_for_confirmed_registrations_of_the_event(coordinator):
    event, other = make_event("Un", capacity=1), make_event("Deux")
    holder, waiting = UserFactory.create_batch(2)
    register_all(event, [holder, waiting])
    elsewhere = services.register(other, holder)
    with pytest.raises(Http404):
        services.set_attendance(event, coordinator, Registration.objects.get(event=event, member=waiting), True)
    with pytest.raises(Http404):
        services.set_attendance(event, coordinator, elsewhere, True)
    registration = Registration.objects.get(event=event, member=holder)
    services.set_attendance(event, coordinator, registration, True)
    services.set_attendance(event, coordinator, registration, None)  # unmarked again
    assert Registration.objects.get(pk=registration.pk).attended is None


# --- Organisers' changes with a draft pending in the admin ------------------------------------------


def pending_draft(event, **changes) -> EventPage:
    draft = event.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision()
    event = fresh(event)
    assert event.has_unpublished_changes
    return event


def test_capacity_change_with_a_draft_pending_updates_live_and_draft_without_publishing(coordinator):
    event = make_event("Titre publié", capacity=1, intro="Chapeau publié")
    holder, waiting = UserFactory.create_batch(2)
    register_all(event, [holder, waiting])
    event = pending_draft(event, intro="Chapeau du brouillon")

    promoted = services.set_capacity(event, coordinator, 2)

    assert [r.member_id for r in promoted] == [waiting.pk]
    live_row = fresh(event)
    assert (live_row.capacity, live_row.intro) == (2, "Chapeau publié")  # the draft stays a draft
    assert live_row.has_unpublished_changes
    draft = live_row.get_latest_revision_as_object()
    assert (draft.capacity, draft.intro) == (2, "Chapeau du brouillon")

    # The editor publishes the draft later: the new capacity stays.
    live_row.latest_revision.publish()
    live_row = fresh(event)
    assert (live_row.capacity, live_row.intro, live_row.has_unpublished_changes) == (2, "Chapeau du brouillon", False)


def test_capacity_change_reaches_a_revision_scheduled_for_publication(coordinator):
    event = make_event(capacity=5, intro="Chapeau publié")
    draft = event.get_latest_revision_as_object()
    draft.intro, draft.go_live_at = "Chapeau programmé", timezone.now() + timedelta(days=1)
    draft.save_revision().publish()  # scheduled: the live page keeps its content until then
    event = fresh(event)
    assert event.has_unpublished_changes and event.intro == "Chapeau publié"

    services.set_capacity(event, coordinator, 8)
    assert fresh(event).capacity == 8

    # The day comes: both the schedule and the revision's own go-live time are past.
    scheduled = event.revisions.get(approved_go_live_at__isnull=False)
    content = scheduled.as_object()
    content.go_live_at = scheduled.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    scheduled.content = content.serializable_data()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    assert (fresh(event).intro, fresh(event).capacity) == ("Chapeau programmé", 8)


def test_closing_with_a_draft_pending_keeps_it_closed_after_the_draft_is_published(animator, group):
    event = pending_draft(make_event(group=group), intro="Nouveau chapeau")
    services.set_registration_closed(event, animator, True)
    assert fresh(event).registration_closed and fresh(event).has_unpublished_changes
    fresh(event).latest_revision.publish()
    assert fresh(event).registration_closed
    assert fresh(event).intro == "Nouveau chapeau"


def test_cancelling_with_a_draft_pending_tells_registrants(coordinator, django_capture_on_commit_callbacks):
    event = make_event("Webinaire", kind="webinaire")
    member = UserFactory()
    services.register(event, member)
    event = pending_draft(event, intro="Brouillon en cours")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event, coordinator)

    assert fresh(event).is_cancelled and fresh(event).has_unpublished_changes
    assert fresh(event).get_latest_revision_as_object().is_cancelled
    assert notified(member, kinds.CANCELLED) == ["« Webinaire » est annulé."]


# --- Live seat count --------------------------------------------------------------------------------


def seat_frames(pushed, event) -> list[dict]:
    group = live.topic_group(services.LIVE_TOPIC, event.pk)
    return [frame for sent_to, frame in pushed if sent_to == group]


def test_seat_count_is_published_after_commit_of_each_change(coordinator, pushed, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    first, second = UserFactory.create_batch(2)
    base = {"type": "live", "topic": "events.seats", "key": str(event.pk), "event": "seats"}

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.register(event, first)
    assert seat_frames(pushed, event) == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    assert seat_frames(pushed, event) == [{**base, "confirmed": 1, "waitlist": 0, "capacity": 1, "open": True}]

    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, second)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_capacity(event, coordinator, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(event, first)
    assert seat_frames(pushed, event)[1:] == [
        {**base, "confirmed": 1, "waitlist": 1, "capacity": 1, "open": True},
        {**base, "confirmed": 2, "waitlist": 0, "capacity": 3, "open": True},
        {**base, "confirmed": 1, "waitlist": 0, "capacity": 3, "open": True},
    ]


def test_a_refused_action_publishes_nothing(coordinator, pushed, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    member = UserFactory()
    services.register(event, member)
    pushed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RegistrationError):
            services.register(event, member)
        with pytest.raises(RegistrationError):
            services.set_capacity(event, coordinator, 0)
    assert pushed == []


def test_registration_notifications_push_the_badge_to_the_member(pushed, django_capture_on_commit_callbacks):
    event = make_event()
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, member)
    badge = [message for group, message in pushed if group == push.member_group(member.pk)]
    assert len(badge) == 1 and badge[0]["type"] == "notification.new"
    assert json.loads(badge[0]["frame"])["text"] == f"Inscription confirmée : « {event.title} »."


def test_only_the_audience_may_follow_the_seat_count(private_group):
    event = make_event(group=private_group)
    insider, outsider = UserFactory.create_batch(2)
    add_member(private_group, insider)
    assert live.can_subscribe(insider, services.LIVE_TOPIC, str(event.pk))
    assert not live.can_subscribe(outsider, services.LIVE_TOPIC, str(event.pk))
    assert not live.can_subscribe(insider, services.LIVE_TOPIC, "abc")


# --- Queries ----------------------------------------------------------------------------------------


def queries_to_promote(coordinator, waiting: int) -> int:
    event = make_event(f"Promotion de {waiting}", capacity=1)
    register_all(event, UserFactory.create_batch(waiting + 1))
    with CaptureQueriesContext(connection) as queries:
        promoted = services.set_capacity(event, coordinator, None)
    assert len(promoted) == waiting
    return len(queries)


def test_promoting_many_costs_the_same_queries_as_promoting_few(coordinator):
    assert queries_to_promote(coordinator, 3) == queries_to_promote(coordinator, 30)


def test_registering_costs_the_same_queries_whatever_the_registrations_and_questions():
    def cost(registrations: int, questions: int) -> int:
        event = make_event(
            f"Coût {registrations} {questions}",
            capacity=registrations,
            questions=[{"label": f"Question {n}", "type": "text"} for n in range(questions)],
        )
        register_all(event, UserFactory.create_batch(registrations))
        member = UserFactory()
        with CaptureQueriesContext(connection) as queries:
            assert services.register(event, member).status == Status.WAITLISTED
        return len(queries)

    assert cost(2, 1) == cost(20, 10)
