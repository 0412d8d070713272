"""Read-side helpers: threads annotated with a member's reading state, for lists and pages.

Everything a list shows (unread count, "nouveau", watch level) comes from the same query as the
threads themselves, so a page costs the same for 10 threads as for 500.
"""

from datetime import timedelta

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from community.groups.models import Membership
from forums.models import ReadState, Thread, ThreadWatch, WatchLevel

# A thread one has never opened counts as new for this long after it was started.
NEW_FOR = timedelta(days=14)
TRACKED = (WatchLevel.WATCHING, WatchLevel.TRACKING)


def with_reading_state(threads, member):
    """Annotate threads with ``last_read`` (0 if never opened), ``opened``, ``watch_level`` and ``unread``."""
    state = ReadState.objects.filter(member=member, thread=OuterRef("pk"))
    watch = ThreadWatch.objects.filter(member=member, thread=OuterRef("pk"))
    return threads.annotate(
        opened=Exists(state),
        last_read=Coalesce(Subquery(state.values("last_read")[:1]), Value(0), output_field=IntegerField()),
        watch_level=Coalesce(Subquery(watch.values("level")[:1]), Value(WatchLevel.NORMAL)),
    ).annotate(unread=Greatest(F("post_count") - F("last_read"), Value(0)))


def with_viewer_state(threads, member):
    """Annotate threads with the viewer's read state, watch level and membership of the forum's group.

    The thread page reads all it needs to know about its viewer in the thread's own query.
    """
    state = ReadState.objects.filter(member=member, thread=OuterRef("pk"))
    membership = Membership.objects.filter(group=OuterRef("forum__group"), member=member)
    return threads.annotate(
        viewer_state_id=Subquery(state.values("pk")[:1]),
        viewer_last_read=Subquery(state.values("last_read")[:1]),
        viewer_level=Subquery(ThreadWatch.objects.filter(member=member, thread=OuterRef("pk")).values("level")[:1]),
        viewer_role=Subquery(membership.values("role")[:1]),
        viewer_status=Subquery(membership.values("status")[:1]),
    )


def viewer_state(thread) -> tuple[ReadState | None, str, Membership | None]:
    """The read state, watch level and membership annotated by ``with_viewer_state``, as objects."""
    state = ReadState(pk=thread.viewer_state_id, last_read=thread.viewer_last_read) if thread.viewer_state_id else None
    membership = None
    if thread.viewer_status:
        membership = Membership(role=thread.viewer_role, status=thread.viewer_status)
    return state, thread.viewer_level or WatchLevel.NORMAL, membership


def new_since(member):
    return max(timezone.now() - NEW_FOR, member.date_joined)


def unread_q(member) -> Q:
    """Tracked threads with posts not read yet, and new threads never opened."""
    return Q(watch_level__in=TRACKED, opened=True, unread__gt=0) | Q(opened=False, created_at__gte=new_since(member))


def decorate(threads, member) -> list:
    """Tell the template, for each annotated thread, what to show beside it."""
    since = new_since(member)
    rows = list(threads)
    for thread in rows:
        thread.is_new = not thread.opened and thread.created_at >= since
        thread.shows_unread = thread.opened and thread.watch_level in TRACKED and thread.unread > 0
    return rows


def listed(member):
    """Threads the member may see, with what lists show of them."""
    return with_reading_state(
        Thread.objects.visible_to(member).select_related("forum", "author", "last_post_author"), member
    )
