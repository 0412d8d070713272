"""Coordinators edit resources in Wagtail's admin, in French: files from the library's collection, audience, review date."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import rich_text

from community.library.models import ResourcePage
from tests.community.factories import make_group
from tests.events.factories import login
from tests.library.factories import library_index, make_document, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


def resource_data(document, **fields) -> dict:
    data = {
        "title": "Guide de la postvention",
        "slug": "guide-de-la-postvention",
        "resource_type": "guide",
        "publication_date": "2026-11-02",
        "summary": "Ce que fait un centre après le décès d'un appelant connu de l'équipe.",
        "body": rich_text("<p>Les premières heures, l'écoute de l'équipe, le lien avec la famille.</p>"),
        "tags": "postvention, bien-être des équipes",
        "group": "",
        "author_centre": "",
        "author_group": "",
        "review_date": "2027-06-01",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-title": "Guide (PDF)",
        "files-0-document": str(document.pk),
        "files-0-version_note": "Première version",
        "files-0-ORDER": "1",
        "files-0-id": "",
        "files-0-DELETE": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-title": "Fiche de la HAS",
        "links-0-url": "https://www.has-sante.fr/",
        "links-0-ORDER": "1",
        "links-0-id": "",
        "links-0-DELETE": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return data


def test_a_coordinator_publishes_a_resource_in_the_admin(coordinator):
    index = library_index()
    document = make_document(pdf_upload(), coordinator)
    client = login(coordinator)
    add = reverse("wagtailadmin_pages:add", args=["library", "resourcepage", index.pk])
    form = client.get(add)
    assert form.status_code == 200
    assert "Fichiers" in form.text and "Public et auteurs" in form.text

    response = client.post(add, resource_data(document, **{"action-publish": "action-publish"}))

    assert response.status_code == 302, response.text[:3000]
    resource = ResourcePage.objects.get(slug="guide-de-la-postvention")
    assert resource.live and resource.audience_key == 0
    assert [f.document for f in resource.files.all()] == [document]
    assert [link.title for link in resource.links.all()] == ["Fiche de la HAS"]
    assert sorted(tag.name for tag in resource.tags.all()) == ["bien-être des équipes", "postvention"]


def test_a_group_audience_sets_the_search_key(coordinator):
    group = make_group("Groupe Qualité", visibility="private")
    resource = make_resource(group=group)
    assert resource.audience_key == group.pk


def test_coordinators_may_upload_and_choose_library_documents(coordinator):
    library_index()
    client = login(coordinator)
    assert client.get(reverse("wagtaildocs:add_multiple")).status_code == 200
    assert client.get(reverse("wagtaildocs_chooser:choose")).status_code == 200


def test_members_have_no_admin(member):
    library_index()
    response = login(member).get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)
    assert get_document_model().objects.count() == 0
