"""The library's sections of community pages, through the hooks: recent resources on the home page, a
group's latest resources and "Proposer une ressource" on its page; only what the member may see."""

from datetime import date

import pytest

from community.groups.services import add_member
from tests.community.factories import UserFactory, make_group
from tests.library.factories import library_index, make_resource

pytestmark = pytest.mark.django_db


def section(response, title: str) -> str:
    content = response.content.decode()
    part = content[content.index(title) :]
    return part[: part.index("</section>")]


@pytest.fixture
def private_group(db, member):
    return make_group("Club des cadres", visibility="private", members=[member])


def test_home_shows_the_five_latest_resources_the_member_may_see(client, member, private_group):
    library_index()
    for day in range(1, 7):
        make_resource(f"Fiche {day}", publication_date=date(2025, 1, day))
    make_resource("Budget du club", group=private_group, publication_date=date(2025, 2, 1))
    outsider = UserFactory()
    client.force_login(outsider)
    shown = section(client.get("/"), "Ressources récentes")
    assert "Budget du club" not in shown
    assert all(f"Fiche {day}" in shown for day in range(2, 7)) and "Fiche 1<" not in shown
    assert shown.index("Fiche 6") < shown.index("Fiche 2")
    assert 'href="/ressources/"' in shown
    client.force_login(member)
    shown = section(client.get("/"), "Ressources récentes")
    assert "Budget du club" in shown and "Club des cadres" in shown and "Fiche 2" not in shown


def test_home_section_says_when_there_is_nothing_yet(member_client):
    library_index()
    assert "Aucune ressource publiée pour le moment." in section(member_client.get("/"), "Ressources récentes")


def test_group_page_shows_its_resources_and_the_proposal_link(client, member):
    library_index()
    group = make_group("Groupe Postvention")
    add_member(group, member)
    make_resource("Pour le groupe", group=group)
    make_resource("Écrit par le groupe", author_group=group)
    make_resource("Sans rapport")
    client.force_login(member)
    shown = section(client.get(group.get_absolute_url()), "Ressources du groupe")
    assert "Pour le groupe" in shown and "Écrit par le groupe" in shown and "Sans rapport" not in shown
    assert 'href="/ressources/proposer/?groupe=groupe-postvention"' in shown
    assert 'href="/ressources/?groupe=groupe-postvention"' in shown


def test_only_those_who_may_write_to_the_group_are_offered_to_propose(client, coordinator):
    library_index()
    group = make_group("Groupe Postvention")
    client.force_login(UserFactory())  # not a member of this open group: reads, but does not write
    shown = section(client.get(group.get_absolute_url()), "Ressources du groupe")
    assert "proposer/" not in shown
    assert "Aucune ressource pour ce groupe pour le moment." in shown
    client.force_login(coordinator)
    assert "proposer/?groupe=groupe-postvention" in section(
        client.get(group.get_absolute_url()), "Ressources du groupe"
    )


def test_sections_queries_do_not_grow_with_resources(client, member, private_group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    library_index()
    make_resource("Première", group=private_group)
    client.force_login(member)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get("/")  # the first request of a process fills caches
    home, group_page = count("/"), count(private_group.get_absolute_url())
    for n in range(12):
        make_resource(f"Fiche {n}", group=private_group if n % 2 else None)
    assert count("/") == home
    assert count(private_group.get_absolute_url()) == group_page
