"""Business actions of events: registering, waiting, promoting, organising. Views, admin and tests call these.

Every action that counts seats runs in one transaction holding the event's row lock
(``select_for_update`` on PostgreSQL; on SQLite each write transaction is ``IMMEDIATE`` and so already
alone). Seats are counted from the registrations under that lock, never kept on the page: a revision
published later must not bring back an old count. Members are told through ``notify()``; open event
pages follow the seat count through the live topic ``events.seats``.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from community import live, permissions
from community.groups.models import Membership
from community.models import Centre
from community.notifications.services import notify
from events import notification_kinds as kinds
from events import times
from events.models import EventPage, EventQuestion, Registration

LIVE_TOPIC = "events.seats"
REMINDER_WINDOW = timedelta(hours=24)

Status = Registration.Status


class RegistrationError(Exception):
    """A rule refused the action; the message is shown to the member as is."""


class AnswersInvalid(RegistrationError):
    """Some answers are missing or not among the choices: ``errors`` maps question ids to messages."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(_("Vérifiez les réponses signalées."))
        self.errors = errors


# --- Who may do what --------------------------------------------------------------------------------

_ASK = object()


def membership_of(user, event):
    if event.group_id is None or not permissions.is_member(user):
        return None
    return Membership.objects.filter(group_id=event.group_id, member=user).first()


def can_see(user, event, membership=_ASK) -> bool:
    """The event's audience: everyone for the network's, the group's content readers for a group's."""
    if not event.live or not permissions.is_member(user):
        return False
    if event.group_id is None:
        return True
    if membership is _ASK:
        membership = membership_of(user, event)
    return permissions.can_see_group_content(user, event.group, membership)


def is_organiser(user, event, membership=_ASK) -> bool:
    """Coordinators organise every event; animateur·rices their group's."""
    if permissions.oversees_network(user):
        return True
    if event.group_id is None or not permissions.is_member(user):
        return False
    if membership is _ASK:
        membership = membership_of(user, event)
    return permissions.can_manage_group(user, event.group, membership)


def check_organiser(user, event) -> None:
    if not (can_see(user, event) and is_organiser(user, event)):
        raise Http404  # a forged organiser action learns nothing


def can_follow_live(user, key: str) -> bool:
    return key.isdigit() and EventPage.objects.visible_to(user).filter(pk=int(key)).exists()


# --- Answers ----------------------------------------------------------------------------------------


def validate_answers(questions: list[EventQuestion], answers: dict) -> dict:
    """Keep the answers to ``questions`` (keys are question ids as strings); raise AnswersInvalid on bad ones."""
    cleaned, errors = {}, {}
    for question in questions:
        value = answers.get(str(question.pk), [] if question.type == question.Type.MULTIPLE else "")
        if question.type == question.Type.MULTIPLE:
            values = [value] if isinstance(value, str) else list(value)
            values = [v for v in values if v]
            if any(v not in question.choice_list for v in values):
                errors[question.pk] = _("Choisissez parmi les réponses proposées.")
            elif question.required and not values:
                errors[question.pk] = _("Cochez au moins une réponse.")
            elif values:
                cleaned[str(question.pk)] = values
            continue
        value = (value if isinstance(value, str) else "").strip()
        if question.type == question.Type.CHOICE and value and value not in question.choice_list:
            errors[question.pk] = _("Choisissez parmi les réponses proposées.")
        elif question.required and not value:
            errors[question.pk] = _("Cette réponse est obligatoire.")
        elif value:
            cleaned[str(question.pk)] = value[:2000]
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


# --- Seats ------------------------------------------------------------------------------------------


def _lock(event: EventPage, *, page_row: bool = False) -> EventPage:
    """The event's row, locked until the transaction ends: seat counts below are then exact.

    ``page_row``: for actions that save a revision (they write Wagtail's page row), lock that row first.
    An editor's save in the admin writes the page row, then the event's (multi-table ``Model.save``):
    taking them in the same order, an organiser's action waits for it instead of deadlocking with it.
    """
    if page_row:
        list(Page.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True))
    return EventPage.objects.select_for_update(of=("self",)).select_related("group").get(pk=event.pk)


def seats(event: EventPage) -> dict:
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waitlist=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return {**counts, "capacity": event.capacity, "open": event.registration_window_open()}


def publish_state(event: EventPage) -> None:
    """Tell open pages, after commit, the event changed (seats, registration opened or closed, cancelled)."""
    live.publish_on_commit(LIVE_TOPIC, event.pk, {"event": "seats", **seats(event)})


def _has_room(event: EventPage) -> bool:
    """A seat is free and nobody waits for it (a waiting member goes first)."""
    if event.registrations.waitlisted().exists():
        return False
    return event.capacity is None or event.registrations.confirmed().count() < event.capacity


def _promote(event: EventPage, actor=None) -> list[Registration]:
    """Confirm waitlisted members, first come first served, while seats are free (event locked).

    Nobody is promoted to an event that is cancelled or over: a seat there is worth nothing.
    """
    if event.is_cancelled or timezone.now() >= event.end:
        return []
    waiting = event.registrations.waitlisted().select_for_update(of=("self",)).select_related("member")
    if event.capacity is not None:
        free = event.capacity - event.registrations.confirmed().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    now = timezone.now()
    for registration in promoted:
        registration.status, registration.confirmed_at = Status.CONFIRMED, now
    Registration.objects.bulk_update(promoted, ["status", "confirmed_at"])
    if promoted:
        notify(
            [r.member for r in promoted],
            kinds.PROMOTED,
            text=_("Une place s'est libérée : vous êtes inscrit·e à « %(title)s ».") % {"title": event.title},
            link=event.url,
            actor=actor,
        )
    return promoted


def register(event: EventPage, member, answers: dict | None = None, *, by=None) -> Registration:
    """Register ``member`` (confirmed if a seat is free, else on the waitlist); ``by`` an organiser for someone else.

    Members register within the registration window; organisers may register anyone of the audience at
    any time before the end. Either way the capacity holds: a full event puts them on the waitlist.
    """
    with transaction.atomic():
        event = _lock(event)
        if not can_see(member, event):
            if by is None:
                raise Http404
            raise RegistrationError(_("Ce membre ne fait pas partie du public de l'événement."))
        if by is not None:
            check_organiser(by, event)
        if event.is_cancelled:
            raise RegistrationError(_("Cet événement est annulé."))
        now = timezone.now()
        if by is None and not event.registration_window_open(now):
            raise RegistrationError(window_message(event, now))
        if by is not None and now >= event.end:
            raise RegistrationError(_("Cet événement est terminé."))
        cleaned = validate_answers(event.ordered_questions, answers or {})
        registration = Registration.objects.select_for_update().filter(event=event, member=member).first()
        if registration is not None and registration.status != Status.CANCELLED:
            if registration.is_confirmed:
                raise RegistrationError(_("Vous êtes déjà inscrit·e.") if by is None else _("Déjà inscrit·e."))
            raise RegistrationError(
                _("Vous êtes déjà sur la liste d'attente.") if by is None else _("Déjà sur la liste d'attente.")
            )
        registration = registration or Registration(event=event, member=member)
        registration.answers = cleaned
        registration.queued_at = registration.created_at = now
        registration.cancelled_at = registration.reminded_at = registration.attended = None
        registration.registered_by = by
        if _has_room(event):
            registration.status, registration.confirmed_at = Status.CONFIRMED, now
        else:
            registration.status, registration.confirmed_at = Status.WAITLISTED, None
        registration.save()
        _tell_registered(event, registration, by)
        publish_state(event)
    return registration


def _tell_registered(event: EventPage, registration: Registration, by) -> None:
    values = {"title": event.title}
    if registration.is_confirmed:
        kind, text = kinds.CONFIRMED, _("Inscription confirmée : « %(title)s ».") % values
    else:
        position = registration.waitlist_position()
        kind = kinds.WAITLISTED
        text = _("« %(title)s » est complet : vous êtes n° %(position)s sur la liste d'attente.") % {
            **values,
            "position": position,
        }
    # The member is told even of their own registration: it is their receipt.
    notify([registration.member], kind, text=text, link=event.url, actor=by)


def window_message(event: EventPage, now=None) -> str:
    now = now or timezone.now()
    if event.is_cancelled:
        return _("Cet événement est annulé.")
    if now >= event.end:
        return _("Cet événement est terminé.")
    if event.registration_closed:
        return _("L'organisation a fermé les inscriptions.")
    if event.registration_opens and now < event.registration_opens:
        return _("Les inscriptions ouvriront le %(when)s.") % {"when": _when(event.registration_opens)}
    if event.registration_closes and now >= event.registration_closes:
        return _("Les inscriptions sont closes depuis le %(when)s.") % {"when": _when(event.registration_closes)}
    return ""


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{times.day(local)} à {times.clock(local)}"


def cancel(event: EventPage, member, *, by=None) -> Registration:
    """Cancel a registration or leave the waitlist; a freed seat goes to the first waiting member."""
    with transaction.atomic():
        event = _lock(event)
        if by is not None:
            check_organiser(by, event)
        elif not can_see(member, event):
            raise Http404
        registration = Registration.objects.select_for_update().filter(event=event, member=member).first()
        if registration is None or registration.status == Status.CANCELLED:
            raise RegistrationError(_("Aucune inscription à annuler."))
        if by is None and timezone.now() >= event.end:
            raise RegistrationError(_("Cet événement est terminé."))
        registration.status, registration.cancelled_at = Status.CANCELLED, timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if by is not None:
            notify(
                [member],
                kinds.REMOVED,
                text=_("L'organisation a annulé votre inscription à « %(title)s ».") % {"title": event.title},
                link=event.url,
                actor=by,
            )
        _promote(event)
        publish_state(event)
    return registration


# --- Organisers -------------------------------------------------------------------------------------


def _update_event(event: EventPage, actor, **fields) -> EventPage:
    """Change fields of a live event as a new revision, so a later edit in the admin starts from them.

    Without unpublished changes the revision is published at once. With a draft pending, the draft
    (and a revision scheduled for publication, if any) gets the new values and the live row is updated
    alone, leaving the draft unpublished. The organiser's rights were checked by the caller: animateurs
    have no Wagtail publish permission, hence ``skip_permission_checks``.
    """
    # Read before save_revision(), which sets it; without a draft the latest revision *is* ``event``.
    pending = event.has_unpublished_changes
    draft = event.get_latest_revision_as_object() if pending else event
    for name, value in fields.items():
        setattr(draft, name, value)
    if pending:
        for scheduled in event.revisions.filter(approved_go_live_at__isnull=False):
            future = scheduled.as_object()
            for name, value in fields.items():
                setattr(future, name, value)
            scheduled.content = future.serializable_data()
            scheduled.save(update_fields=["content"])
    revision = draft.save_revision(user=actor, log_action=True, clean=False)
    if pending:
        for name, value in fields.items():
            setattr(event, name, value)
        # A model save, not a queryset update: events.changes tells registrants of a cancellation.
        event.save(update_fields=list(fields), clean=False)
    else:
        revision.publish(user=actor, skip_permission_checks=True)
        event.has_unpublished_changes, event.live_revision = False, revision
    return event


def set_capacity(event: EventPage, actor, capacity: int | None) -> list[Registration]:
    """Change the number of seats; lowering it below the confirmed count is refused, raising it promotes."""
    with transaction.atomic():
        check_organiser(actor, event)
        event = _lock(event, page_row=True)
        confirmed = event.registrations.confirmed().count()
        if capacity is not None and capacity < confirmed:
            raise RegistrationError(
                ngettext(
                    "%(count)s personne est déjà inscrite : la capacité ne peut descendre en dessous. "
                    "Désinscrivez d'abord quelqu'un si nécessaire.",
                    "%(count)s personnes sont déjà inscrites : la capacité ne peut descendre en dessous. "
                    "Désinscrivez d'abord quelqu'un si nécessaire.",
                    confirmed,
                )
                % {"count": confirmed}
            )
        _update_event(event, actor, capacity=capacity)
        promoted = _promote(event, actor)  # open pages hear of it from events.changes, after commit
    return promoted


def set_registration_closed(event: EventPage, actor, closed: bool) -> EventPage:
    """Close or reopen registration by hand (open pages hear of it through ``events.changes``)."""
    with transaction.atomic():
        check_organiser(actor, event)
        event = _lock(event, page_row=True)
        _update_event(event, actor, registration_closed=closed)
    return event


def fill_free_seats(event: EventPage) -> list[Registration]:
    """After the capacity grew outside ``set_capacity`` (admin, animateurs' form): the waitlist moves up."""
    with transaction.atomic():
        event = _lock(event)
        promoted = _promote(event)
        publish_state(event)
    return promoted


def release_unseen(group, member=None) -> int:
    """Free the places that members who no longer see a group's events hold (left a private group...).

    Their upcoming registrations are cancelled, they are told, and each freed seat goes to the waitlist.
    """
    audience = permissions.group_content_audience(group)
    unseen = (
        Registration.objects.active()
        .filter(event__group=group, event__end__gt=timezone.now())
        .exclude(member__in=audience)
        .select_related("event", "member")
    )
    if member is not None:
        unseen = unseen.filter(member=member)
    released = 0
    for registration in unseen:
        with transaction.atomic():
            event = _lock(registration.event)
            current = Registration.objects.select_for_update().get(pk=registration.pk)
            if current.status == Status.CANCELLED:
                continue
            current.status, current.cancelled_at = Status.CANCELLED, timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            notify(
                [registration.member],
                kinds.REMOVED,
                text=_("Vous ne faites plus partie du public de « %(title)s » : votre inscription est annulée.")
                % {"title": event.title},
            )
            _promote(event)
            publish_state(event)
            released += 1
    return released


def cancel_event(event: EventPage, actor) -> EventPage:
    """Cancel the event; everyone registered or waiting is told (see ``events.changes``)."""
    with transaction.atomic():
        check_organiser(actor, event)
        event = _lock(event, page_row=True)
        if not event.is_cancelled:
            _update_event(event, actor, is_cancelled=True)
    return event


def set_attendance(event: EventPage, actor, registration: Registration, attended: bool | None) -> Registration:
    with transaction.atomic():
        check_organiser(actor, event)
        if registration.event_id != event.pk or not registration.is_confirmed:
            raise Http404
        registration.attended = attended
        registration.save(update_fields=["attended"])
    return registration


MESSAGE_AUDIENCES = {
    "confirmed": _("les inscrit·es"),
    "waitlisted": _("la liste d'attente"),
    "attended": _("les présent·es"),
}


def message_recipients(event: EventPage, audience: str):
    registrations = event.registrations.all()
    if audience == "confirmed":
        registrations = registrations.confirmed()
    elif audience == "waitlisted":
        registrations = registrations.waitlisted()
    elif audience == "attended":
        registrations = registrations.confirmed().filter(attended=True)
    else:
        raise ValueError(audience)
    return [r.member for r in registrations.select_related("member")]


def send_message(event: EventPage, actor, audience: str, text: str) -> int:
    """A message from the organisers, as a notification (and e-mail, as each member prefers)."""
    text = text.strip()
    if not text:
        raise RegistrationError(_("Écrivez le message à envoyer."))
    with transaction.atomic():
        check_organiser(actor, event)
        recipients = message_recipients(event, audience)
        notify(
            recipients,
            kinds.MESSAGE,
            text=_("« %(title)s » : %(text)s") % {"title": event.title, "text": text},
            link=event.url,
            actor=actor,
        )
    return len([r for r in recipients if r.pk != actor.pk])


# --- Times and audience -----------------------------------------------------------------------------


def audience_zones(group) -> set[str]:
    """The time zones of the centres an event's audience works in (every centre for the whole network)."""
    centres = Centre.objects.all()
    if group is not None:
        centres = centres.filter(members__group_memberships__group=group, members__group_memberships__status="active")
    return set(centres.values_list("timezone", flat=True).distinct())


def hours_warnings(start, end, group) -> list[str]:
    """``["4 h 00 en Martinique"]`` for the audience's centres outside 8 h–19 h."""
    if start is None or end is None:
        return []
    return times.outside_working_hours(start, end, audience_zones(group))


# --- Reminders --------------------------------------------------------------------------------------


def send_reminders(now=None) -> int:
    """Remind confirmed members of events starting within a day; each registration is reminded once."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Registration.objects.confirmed()
            .filter(
                reminded_at__isnull=True,
                event__live=True,
                event__is_cancelled=False,
                event__start__gt=now,
                event__start__lte=now + REMINDER_WINDOW,
            )
            .select_related("event", "member", "member__centre")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("event_id", "pk")
        )
        by_event: dict[int, list[Registration]] = {}
        for registration in due:
            by_event.setdefault(registration.event_id, []).append(registration)
        for registrations in by_event.values():
            event = registrations[0].event
            for zone, members in _by_zone([r.member for r in registrations]).items():
                span = times.span(event, zone)
                notify(
                    members,
                    kinds.REMINDER,
                    text=_("Rappel : « %(title)s », %(when)s.") % {"title": event.title, "when": span.own_local},
                    link=event.url,
                )
            sent += len(registrations)
        Registration.objects.filter(pk__in=[r.pk for regs in by_event.values() for r in regs]).update(reminded_at=now)
    return sent


def _by_zone(members) -> dict[str, list]:
    from community.middleware import member_zoneinfo

    zones: dict[str, list] = {}
    for member in members:
        zones.setdefault(member_zoneinfo(member).key, []).append(member)
    return zones


def tell_changed(event: EventPage, *, cancelled: bool, moved: bool = False) -> None:
    """Everyone registered or waiting learns of a cancellation, or of the new time/place in their own zone.

    When the start moved, the day-before reminder is due again.
    """
    if moved:
        event.registrations.update(reminded_at=None)
    registrations = event.registrations.active().select_related("member", "member__centre")
    members = [r.member for r in registrations]
    if cancelled:
        notify(
            members,
            kinds.CANCELLED,
            text=_("« %(title)s » est annulé.") % {"title": event.title},
            link=event.url,
        )
        return
    for zone, group in _by_zone(members).items():
        span = times.span(event, zone)
        notify(
            group,
            kinds.CHANGED,
            text=_("« %(title)s » change : %(when)s%(place)s.")
            % {"title": event.title, "when": span.own_local, "place": f", {event.place}" if event.place else ""},
            link=event.url,
        )
