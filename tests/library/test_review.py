"""Coordinators' list of resources whose review date has come."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.library import review
from tests.community.factories import make_group
from tests.events.factories import login
from tests.library.factories import library_index, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


def review_url():
    return library_index().url + "a-revoir/"


def test_coordinators_see_the_live_resources_past_their_review_date_oldest_first(coordinator):
    today = timezone.localdate()
    group = make_group("Groupe Qualité", visibility="private")
    late = make_resource("Guide ancien", review_date=today - timedelta(days=400), resource_type="guide")
    due_today = make_resource("Procédure du jour", review_date=today, group=group, files=[pdf_upload()])
    make_resource("Modèle à jour", review_date=today + timedelta(days=1), resource_type="modele")
    make_resource("Sans date", review_date=None)
    make_resource("Brouillon en retard", review_date=today - timedelta(days=10), publish=False)

    response = login(coordinator).get(review_url())

    assert response.status_code == 200
    text = response.text
    assert text.index("Guide ancien") < text.index("Procédure du jour")
    for absent in ("Modèle à jour", "Sans date", "Brouillon en retard"):
        assert absent not in text
    assert "2 ressources ont atteint leur date de révision" in text
    assert "Groupe Qualité" in text and "Tout le réseau" in text and "Procédure" in text
    assert reverse("wagtailadmin_pages:edit", args=[late.pk]) in text
    assert reverse("wagtailadmin_pages:edit", args=[due_today.pk]) in text
    assert due_today.url in text
    rows = {resource.title: resource for resource in response.context["resources"]}
    assert rows["Guide ancien"].last_version_at is None
    assert rows["Procédure du jour"].last_version_at is not None


def test_the_review_list_is_404_to_members_and_visitors(member, client):
    make_resource(review_date=timezone.localdate())

    assert login(member).get(review_url()).status_code == 404
    assert "/comptes/login/" in client.get(review_url())["Location"]  # visitors sign in first


def test_staff_see_the_review_list(staff):
    make_resource("Guide ancien", review_date=timezone.localdate())

    response = login(staff).get(review_url())

    assert response.status_code == 200 and "Guide ancien" in response.text


def test_the_review_list_is_paginated(coordinator, monkeypatch):
    monkeypatch.setattr(review, "PER_PAGE", 2)
    today = timezone.localdate()
    for number in range(3):
        make_resource(f"Ressource {number}", review_date=today - timedelta(days=10 - number))
    client = login(coordinator)

    first, second = client.get(review_url()), client.get(review_url() + "?page=2")

    assert "Ressource 0" in first.text and "Ressource 1" in first.text and "Ressource 2" not in first.text
    assert "Ressource 2" in second.text and "Page 2 sur 2" in second.text


@pytest.mark.parametrize("count", [3, 30])
def test_the_review_list_takes_the_same_queries_for_3_or_30_resources(coordinator, count, measure):
    today = timezone.localdate()
    group = make_group("Groupe Qualité", visibility="private")
    for number in range(count):
        make_resource(
            f"Ressource {number}",
            review_date=today - timedelta(days=number),
            group=group if number % 2 else None,
            files=[pdf_upload()] if number % 3 == 0 else (),
        )
    client = login(coordinator)
    client.get(review_url())  # site root paths and the like, cached for later requests

    # 17 measured: session, member, site and page routing, the count and the page of rows, the header's
    # unread count, and Wagtail's user bar for a coordinator.
    queries, writes = measure(client, review_url(), 18)

    assert writes == []


def test_the_admin_dashboard_tells_coordinators_how_many_resources_are_due(coordinator):
    make_resource("Guide ancien", review_date=timezone.localdate() - timedelta(days=3))
    make_resource("Guide récent", review_date=timezone.localdate() + timedelta(days=3))

    response = login(coordinator).get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "1 ressource à revoir" in response.text and f'href="{review_url()}"' in response.text
