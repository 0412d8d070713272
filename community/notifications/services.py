"""Notifying members: the one entry point every app calls."""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from community.notifications import kinds, push
from community.notifications.models import EmailPreference, Notification


def notify(recipients, kind: str, *, text: str, link: str = "", actor=None) -> list[Notification]:
    """Store one notification per recipient in bulk, inside the caller's transaction.

    After commit, open pages are told (one channel-layer message for a large fan-out) and the e-mails
    of members who want them at once are queued as a background task. The actor is never notified
    of their own action.
    """
    kinds.get(kind)  # an unregistered kind is a programming error: fail loudly
    recipient_ids = sorted({member.pk for member in recipients} - {getattr(actor, "pk", None)})
    if not recipient_ids:
        return []
    text = Truncator(text).chars(Notification._meta.get_field("text").max_length)
    now = timezone.now()
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            [
                Notification(recipient_id=member_id, kind=kind, actor=actor, text=text, link=link, created_at=now)
                for member_id in recipient_ids
            ]
        )
        message = created[0].as_message()
        transaction.on_commit(partial(push.push_new, recipient_ids, message))
        transaction.on_commit(partial(_queue_emails, kind, [n.pk for n in created]))
    return created


def _queue_emails(kind: str, notification_ids: list[int]) -> None:
    from community.notifications.tasks import send_notification_emails

    send_notification_emails.enqueue(kind, notification_ids)


def mark_read(member, notification_ids=None) -> int:
    """Mark some (or all) of a member's notifications read; every open tab gets the new count."""
    with transaction.atomic():
        unread = Notification.objects.for_member(member).unread()
        if notification_ids is not None:
            unread = unread.filter(pk__in=notification_ids)
        changed = unread.update(read_at=timezone.now())
        remaining = Notification.objects.for_member(member).unread().count()
        transaction.on_commit(partial(push.push_unread_count, member.pk, remaining))
    return changed


def frequencies_for(member) -> dict[str, str]:
    """The member's e-mail frequency for every registered kind."""
    chosen = dict(EmailPreference.objects.filter(member=member).values_list("kind", "frequency"))
    return {kind.code: chosen.get(kind.code, kind.default_frequency) for kind in kinds.all_kinds()}


def set_email_preferences(member, frequencies: dict[str, str]) -> None:
    with transaction.atomic():
        for kind_code, frequency in frequencies.items():
            kinds.get(kind_code)
            EmailPreference.objects.update_or_create(member=member, kind=kind_code, defaults={"frequency": frequency})
