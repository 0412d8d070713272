from datetime import date, time, timedelta

from django.utils import timezone

from community.models import HomePage
from events.models import EventIndexPage, EventPage, EventQuestion


def event_index() -> EventIndexPage:
    index = EventIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.first().add_child(instance=EventIndexPage(title="Événements", slug="evenements"))
    return index


def make_event(
    title="Club des cadres de décembre",
    *,
    group=None,
    kind="club",
    day: date | None = None,
    start: time = time(14, 0),
    end: time = time(16, 0),
    tz="Europe/Paris",
    capacity=None,
    questions=(),
    publish=True,
    slug=None,
    **fields,
) -> EventPage:
    """A published event (``day`` defaults to ten days from now), with ``questions`` as dicts of EventQuestion fields."""
    from django.utils.text import slugify

    day = day or (timezone.now() + timedelta(days=10)).date()
    fields.setdefault("address", "" if fields.get("video_url") or fields.get("centre") else "12 rue de la Paix, Paris")
    event = EventPage(
        title=title,
        slug=slug or slugify(title),
        kind=kind,
        group=group,
        timezone=tz,
        start_date=day,
        start_time=start,
        end_date=day,
        end_time=end,
        capacity=capacity,
        **fields,
    )
    for number, question in enumerate(questions):
        event.questions.add(EventQuestion(sort_order=number, **question))
    event_index().add_child(instance=event)
    if publish:
        event.save_revision().publish()
    else:
        event.live = False
        event.save()
    return EventPage.objects.get(pk=event.pk)
