from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from events.models import EventPage
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_instants_follow_the_wall_clock_even_when_saving_some_fields():
    event = make_event(day=date(2030, 3, 5), start=time(9, 0), end=time(11, 0), tz="Indian/Reunion")
    assert event.start == datetime(2030, 3, 5, 9, 0, tzinfo=ZoneInfo("Indian/Reunion"))

    event.start_time, event.end_time = time(10, 0), time(12, 0)
    event.save(update_fields=["start_time", "end_time"])

    stored = EventPage.objects.get(pk=event.pk)
    assert stored.start == datetime(2030, 3, 5, 6, 0, tzinfo=ZoneInfo("UTC"))
    assert stored.end == datetime(2030, 3, 5, 8, 0, tzinfo=ZoneInfo("UTC"))


def test_a_reserved_slug_and_an_end_before_the_start_are_refused():
    from django.core.exceptions import ValidationError

    event = make_event(publish=False)
    event.slug, event.end_time = "agenda", time(13, 0)
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert set(refused.value.message_dict) == {"slug", "end_time"}
