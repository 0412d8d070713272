"""What follows when a live event changes, however it was edited (admin, animateurs' form, services).

``EventPage.save`` wraps the write in ``watch``. After commit:
- cancelled: everyone registered or waiting is told;
- moved or another place: they are told, with the new time in their own zone, and the day-before
  reminder is due again if the start moved;
- more (or unlimited) seats: the waitlist moves up, first come first served;
- registration opened, closed or cancelled: open pages hear of it.
Drafts do not count; only what members can see does.
"""

from contextlib import contextmanager
from functools import partial

from django.db import transaction

# What registrants are told about when it changes.
TOLD = ("start", "end", "centre_id", "address", "video_url")
WATCHED = (*TOLD, "is_cancelled", "capacity", "registration_closed", "registration_opens", "registration_closes")
_FIELD_NAMES = {*WATCHED, "centre", "start_date", "start_time", "end_date", "end_time", "timezone"}


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
    changed = {name for name in WATCHED if before[name] != after[name]}
    if changed:
        transaction.on_commit(partial(_follow, page.pk, changed, cancelled=after["is_cancelled"]))


def _follow(pk: int, changed: set[str], *, cancelled: bool) -> None:
    from events import services
    from events.models import EventPage

    event = EventPage.objects.filter(pk=pk).first()
    if event is None:
        return
    with transaction.atomic():
        if "is_cancelled" in changed and cancelled:
            services.tell_changed(event, cancelled=True)
        elif not cancelled and changed.intersection(TOLD):
            services.tell_changed(event, cancelled=False, moved="start" in changed)
        if "capacity" in changed and not cancelled:
            services.fill_free_seats(event)
        else:
            services.publish_state(event)
