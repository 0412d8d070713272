"""Events in the site-wide search: the events a member may see, upcoming first, then past ones."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.groups.services import add_member
from tests.community.test_site_search import URL, section, titles
from tests.events.factories import login, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_channels")]


def events(user, query: str) -> str:
    return section(login(user).get(URL, {"q": query}).content.decode(), "evenements")


def test_a_private_group_s_events_are_neither_shown_nor_counted_for_outsiders(member, private_group):
    make_event("Séminaire du cercle", group=private_group)
    make_event("Séminaire national", group=None)

    outside = login(member).get(URL, {"q": "séminaire"}).content.decode()
    assert titles(section(outside, "evenements")) == ["Séminaire national"]
    assert "Événements (1)" in outside and "cercle" not in outside

    add_member(private_group, member)
    assert titles(events(member, "séminaire")) == ["Séminaire du cercle", "Séminaire national"]


def test_drafts_are_never_found(member):
    make_event("Webinaire en préparation", publish=False)
    assert not events(member, "webinaire")


def test_upcoming_events_come_first_soonest_first_then_past_ones_latest_first(member):
    today = timezone.localdate()
    make_event("Formation passée il y a longtemps", day=today - timedelta(days=60), kind="formation")
    make_event("Formation dans un mois", day=today + timedelta(days=30), kind="formation")
    make_event("Formation passée récemment", day=today - timedelta(days=5), kind="formation")
    make_event("Formation dans une semaine", day=today + timedelta(days=7), kind="formation")

    assert titles(events(member, "formation")) == [
        "Formation dans une semaine",
        "Formation dans un mois",
        "Formation passée récemment",
        "Formation passée il y a longtemps",
    ]


def test_a_result_says_when_what_and_for_whom_and_marks_the_words(member, group):
    day = timezone.localdate() + timedelta(days=10)
    make_event(
        "Journée des écoutant·es",
        group=group,
        kind="temps_fort",
        day=day,
        description="<p>Ateliers sur la <strong>postvention</strong> &amp; l'écoute.</p>",
        is_cancelled=True,
    )

    html = events(member, "postvention")

    assert "Temps fort · Groupe Postvention · annulé" in html
    assert "Ateliers sur la <mark>postvention</mark> &amp; l&#x27;écoute." in html
