"""Coordinators manage the network's forum categories in Wagtail's admin; group forums follow their groups."""

import pytest

from forums.models import Forum
from tests.community.factories import make_group
from tests.forums.factories import CategoryFactory

pytestmark = pytest.mark.django_db
CATEGORIES = "/admin/snippets/forums/forum/"


def test_coordinator_lists_and_creates_categories_in_the_admin(coordinator_client):
    CategoryFactory(name="Vie du réseau")
    make_group("Groupe Postvention")
    listing = coordinator_client.get(CATEGORIES)
    assert listing.status_code == 200
    assert "Vie du réseau" in listing.text
    assert "Groupe Postvention" not in listing.text  # a group's forum is not a category
    response = coordinator_client.post(
        f"{CATEGORIES}add/", {"name": "Pratiques d'écoute", "slug": "pratiques-decoute", "description": "", "order": 2}
    )
    assert response.status_code == 302, response.text
    assert Forum.objects.categories().filter(slug="pratiques-decoute", order=2).exists()


def test_reserved_slugs_are_refused_with_a_message(coordinator_client):
    response = coordinator_client.post(
        f"{CATEGORIES}add/", {"name": "Recherche", "slug": "recherche", "description": "", "order": 0}
    )
    assert response.status_code == 200
    assert "Cet identifiant est réservé" in response.text
    assert not Forum.objects.filter(slug="recherche").exists()


def test_members_have_no_admin_access(member_client):
    assert member_client.get(CATEGORIES).status_code in (302, 403)


def test_the_header_links_the_admin_for_coordinators_only(coordinator_client, client, member):
    assert 'href="/admin/"' in coordinator_client.get("/forums/").text
    client.force_login(member)
    assert 'href="/admin/"' not in client.get("/forums/").text
