"""Registrants learn when a live event moves, changes place or is cancelled, however it was edited.

``EventPage.save`` wraps the write in ``watch``: the admin's publish, a front-end edit and a service
all go through it. Drafts do not count; only what members can see does.
"""

from contextlib import contextmanager
from functools import partial

from django.db import transaction

# What registrants are told about when it changes.
WATCHED = ("start", "end", "centre_id", "address", "video_url", "is_cancelled")
_FIELD_NAMES = {"start", "end", "centre", "centre_id", "address", "video_url", "is_cancelled", "start_date",
                "start_time", "end_date", "end_time", "timezone"}


@contextmanager
def watch(page, update_fields):
    if page.pk is None or (update_fields is not None and not _FIELD_NAMES.intersection(update_fields)):
        yield
        return
    before = type(page).objects.filter(pk=page.pk, live=True).values(*WATCHED).first()
    yield
    if before is None or not page.live:
        return
    after = {name: getattr(page, name) for name in WATCHED}
    if after["is_cancelled"] and not before["is_cancelled"]:
        cancelled = True
    elif not after["is_cancelled"] and any(before[name] != after[name] for name in WATCHED):
        cancelled = False
    else:
        return
    transaction.on_commit(partial(_tell, page.pk, cancelled))


def _tell(pk: int, cancelled: bool) -> None:
    from events import services
    from events.models import EventPage

    event = EventPage.objects.filter(pk=pk).first()
    if event is not None:
        with transaction.atomic():
            services.tell_changed(event, cancelled=cancelled)
