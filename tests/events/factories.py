from datetime import date, time, timedelta

from django.test import Client
from django.utils import timezone

from community import live
from community.models import HomePage, User
from community.notifications import push
from events.models import EventIndexPage, EventPage, EventQuestion
from tests.community.factories import UserFactory

# An organised event's questions: a required choice, and accessibility needs (flagged to organisers).
MEAL_AND_NEEDS = (
    {"label": "Repas", "type": "choice", "choices": "Oui\nNon", "required": True},
    {"label": "Besoins d'accessibilité", "type": "text", "accessibility": True},
)


def silence_channels(monkeypatch) -> None:
    """Live seat counts and notification badges are not under test: nothing is handed to the channel layer."""
    monkeypatch.setattr(live, "_send", lambda group, message: None)
    monkeypatch.setattr(push, "_send", lambda group, message: None)


def make_animator() -> User:
    return UserFactory(first_name="Aline", last_name="Animatrice", role="cadre")


def meal_and_needs(event: EventPage, meal="Oui", needs="") -> dict:
    """Answers to an event asking ``MEAL_AND_NEEDS``."""
    meal_q, needs_q = event.ordered_questions
    return {str(meal_q.pk): meal, str(needs_q.pk): needs}


def login(user) -> Client:
    """A client of its own, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


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
