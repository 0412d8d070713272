"""Upcoming events on the home page and on group pages, through community's section hooks."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from tests.community.factories import UserFactory
from tests.events.factories import event_index, login, make_event

pytestmark = pytest.mark.django_db

# The home page's own queries (see tests/forums/test_views.py), the other sections' (forums, library), and one for this
# section's events.
HOME_QUERIES = 16
# The group page's own (the membership, read once and given to every section), the forum section's,
# the library's and this section's events.
GROUP_QUERIES = 12


def section_text(response, title: str) -> str:
    content = response.content.decode()
    start = content.index(title)
    part = content[start : content.index("</section>", start)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def soon(days: int):
    return (timezone.now() + timedelta(days=days)).date()


def group_url(group) -> str:
    return reverse("groups:detail", args=[group.slug])


def test_home_shows_the_next_five_events_the_member_may_see_with_their_state(member, member_client, private_group):
    event_index()
    for n in range(6):
        make_event(f"Rencontre {n}", day=soon(2 + n), capacity=40)
    make_event("Club secret", group=private_group, day=soon(1))
    make_event("Rencontre passée", day=soon(-2))
    services.register(make_event("Rencontre du jour", day=soon(1), slug="rencontre-du-jour", capacity=40), member)

    text = section_text(member_client.get("/"), "Prochains événements")
    assert "Rencontre du jour" in text and "Inscrit·e" in text and "1 / 40" in text
    assert [f"Rencontre {n}" in text for n in range(6)] == [True, True, True, True, False, False]
    assert "Club secret" not in text and "Rencontre passée" not in text
    assert "Tous les événements" in text


def test_home_section_shows_the_waitlist_place(member, member_client):
    event = make_event("Temps fort", capacity=1)
    services.register(event, UserFactory())
    services.register(event, UserFactory())
    services.register(event, member)
    text = section_text(member_client.get("/"), "Prochains événements")
    assert "Liste d'attente, n° 2" in text and "Complet" in text


def test_home_section_says_when_there_is_nothing(member_client):
    event_index()
    assert "Aucun événement à venir pour le moment." in section_text(member_client.get("/"), "Prochains événements")


def test_group_page_shows_the_groups_upcoming_events(member, member_client, group):
    make_event("Réunion du groupe", kind="groupe", group=group, capacity=12)
    make_event("Temps fort du réseau")
    make_event("Réunion passée", group=group, day=soon(-5))
    text = section_text(member_client.get(group_url(group)), "Événements du groupe")
    assert "Réunion du groupe" in text and "0 / 12" in text
    assert "Temps fort du réseau" not in text and "Réunion passée" not in text
    assert "Proposer un événement" not in text
    assert f"/evenements/?groupe={group.pk}" in member_client.get(group_url(group)).content.decode()


def test_animators_and_coordinators_may_propose_an_event_from_the_group_page(group, animator, coordinator, member):
    event_index()
    create_url = reverse("events:create", args=[group.slug])
    for user in (animator, coordinator):
        content = login(user).get(group_url(group)).content.decode()
        assert f'href="{create_url}"' in content and "Proposer un événement" in content, user
    assert create_url not in login(member).get(group_url(group)).content.decode()


def test_private_group_events_only_for_its_members(private_group, animator, member_client):
    make_event("Séance du cercle", group=private_group)
    text = section_text(login(animator).get(group_url(private_group)), "Événements du groupe")
    assert "Séance du cercle" in text
    assert member_client.get(group_url(private_group)).status_code == 404


def test_sections_cost_the_same_for_few_and_many_events(member, group, measure):
    client = login(member)
    for n in range(2):
        services.register(make_event(f"Petit {n}", group=group, day=soon(2 + n), capacity=5), member)
    client.get("/")  # Wagtail's site and content types, cached once for all requests
    small_home = measure(client, "/", HOME_QUERIES)
    small_group = measure(client, group_url(group), GROUP_QUERIES)
    for n in range(20):
        event = make_event(f"Grand {n}", group=group if n % 2 else None, day=soon(1), capacity=1 if n % 3 else None)
        services.register(event, UserFactory())
        services.register(event, member)
    large_home = measure(client, "/", HOME_QUERIES)
    large_group = measure(client, group_url(group), GROUP_QUERIES)
    assert (large_home, large_group) == (small_home, small_group)
    assert small_home[1] == small_group[1] == []
    print(f"\nqueries: home {large_home[0]}, group {large_group[0]}")
