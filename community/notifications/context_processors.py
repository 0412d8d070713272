from functools import cache

from django.db import connections, router

from community.notifications.models import Notification


@cache
def _unread_count_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    recipient = Notification._meta.get_field("recipient").column
    read_at = Notification._meta.get_field("read_at").column
    return (
        f"SELECT COUNT(*) FROM {quote(Notification._meta.db_table)}"
        f" WHERE {quote(recipient)} = %s AND {quote(read_at)} IS NULL"
    )


def unread_count(member) -> int:
    """``Notification.objects.for_member(member).unread().count()``, as one plain SQL statement.

    Every page shows the count: building the same query through the ORM costs ten times its execution.
    """
    alias = router.db_for_read(Notification)
    with connections[alias].cursor() as cursor:
        cursor.execute(_unread_count_sql(alias), [member.pk])
        return cursor.fetchone()[0]


def unread_notifications(request):
    """The bell's unread count: one query per request, however many templates render with the request.

    Home and group pages render their sections with ``render_to_string(..., request=request)``, which
    runs the context processors again; the count is kept on the request after the first.
    """
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    try:
        count = request._unread_notifications
    except AttributeError:
        count = request._unread_notifications = unread_count(user)
    return {"unread_notifications": count}
