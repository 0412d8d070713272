"""E-mail about notifications: run outside the request (a django-tasks task, or the digest command)."""

from django.core.mail import get_connection, send_mass_mail
from django.utils import timezone
from django_tasks import task

from community.emails import render_email
from community.notifications import kinds
from community.notifications.kinds import Frequency
from community.notifications.models import EmailPreference, Notification


def _frequency_by_member(kind_codes, member_ids) -> dict[tuple[int, str], str]:
    rows = EmailPreference.objects.filter(kind__in=kind_codes, member_id__in=member_ids)
    return {(row.member_id, row.kind): row.frequency for row in rows}


def _wanting(notifications, frequency: str) -> list[Notification]:
    notifications = list(notifications)
    chosen = _frequency_by_member({n.kind for n in notifications}, {n.recipient_id for n in notifications})
    return [
        n
        for n in notifications
        if chosen.get((n.recipient_id, n.kind), kinds.get(n.kind).default_frequency) == frequency
    ]


def _message(template: str, context: dict) -> tuple[str, str]:
    return render_email(f"notifications/email/{template}.txt", context)


@task()
def send_notification_emails(kind: str, notification_ids: list[int]) -> int:
    """Send at once to the recipients who asked for immediate e-mail of this kind."""
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    due = [n for n in _wanting(pending, Frequency.IMMEDIATE) if n.recipient.is_active]
    messages = []
    for notification in due:
        subject, body = _message("notification", {"notification": notification, "member": notification.recipient})
        messages.append((subject, body, None, [notification.recipient.email]))
    if messages:
        send_mass_mail(messages, connection=get_connection())
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(emailed_at=timezone.now())
    return len(messages)


def send_digests(since) -> int:
    """One e-mail per member gathering the unread notifications they want as a daily digest."""
    pending = (
        Notification.objects.unread()
        .filter(emailed_at__isnull=True, created_at__gte=since, recipient__is_active=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_member: dict[int, list[Notification]] = {}
    for notification in _wanting(pending, Frequency.DIGEST):
        by_member.setdefault(notification.recipient_id, []).append(notification)
    messages = []
    for items in by_member.values():
        subject, body = _message("digest", {"member": items[0].recipient, "notifications": items})
        messages.append((subject, body, None, [items[0].recipient.email]))
    if messages:
        send_mass_mail(messages, connection=get_connection())
        ids = [n.pk for items in by_member.values() for n in items]
        Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return len(messages)
