"""A resource's page: what it shows (facts, themes, body, files at their stable URLs with their earlier
versions, links), who sees the moderation actions, 404 for outsiders, and constant queries in files and versions."""

import html
import re
from datetime import date

import pytest

from community.library.models import FileVersion, ResourceFollow, ResourceLink
from tests.community.factories import CentreFactory, UserFactory, make_group
from tests.library.factories import library_index, make_document, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    content = response.content.decode()
    main = content[content.index('<main id="contenu"') : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def add_versions(resource, count: int, user=None) -> None:
    """``count`` earlier versions of each file of ``resource`` (the current one is already listed)."""
    for file in resource.files.all():
        for n in range(count):
            document = make_document(pdf_upload(name=f"ancienne-{n}.pdf"), user, f"Ancienne {n}")
            FileVersion.objects.create(
                file=file,
                document=document,
                uploaded_by=user,
                note=f"Version {n}",
                created_at=date(2020, 1, 1 + n).isoformat() + "T10:00:00+00:00",
            )


def own(resource, user) -> None:
    """The resource was written (or proposed) by ``user``: as the proposals leave it, without their publish right."""
    type(resource).objects.filter(pk=resource.pk).update(owner=user)
    resource.owner = user


@pytest.fixture
def author(db):
    return UserFactory(first_name="Léa", last_name="Rivière")


@pytest.fixture
def resource(db, author):
    library_index()
    group = make_group("Groupe Postvention")
    resource = make_resource(
        "Guide de postvention",
        resource_type="guide",
        summary="Après un suicide dans une équipe.",
        body="<h2>Premiers jours</h2><p>Soutenir les <b>collègues</b>.</p>",
        tags=["Postvention", "Écoute"],
        files=[pdf_upload(name="guide-postvention.pdf", title="Guide")],
        author_centre=CentreFactory(name="Centre de Lyon"),
        author_group=group,
        publication_date=date(2025, 9, 12),
        review_date=date(2026, 9, 1),
    )
    own(resource, author)
    ResourceLink.objects.create(
        page=resource, title="Site de Santé publique France", url="https://www.santepubliquefrance.fr/"
    )
    return resource


def test_the_page_shows_the_resource(client, resource, member):
    client.force_login(member)
    response = client.get(resource.url)
    assert response.status_code == 200
    text = text_of(response)
    content = response.text
    assert "<h1>Guide de postvention</h1>" in content
    assert "Guide" in text and "Après un suicide dans une équipe." in text
    assert 'href="/ressources/?theme=postvention">Postvention</a>' in content
    assert 'href="/ressources/?theme=%C3%A9coute">Écoute</a>' in content
    assert "Public Tout le réseau" in text
    assert "Centre de Lyon" in text and "Groupe Postvention" in text
    assert "12 septembre 2025" in text
    assert "<h2>Premiers jours</h2>" in content and "<b>collègues</b>" in content
    assert 'href="https://www.santepubliquefrance.fr/"' in content
    assert "1 septembre 2026" not in text and "1er septembre 2026" not in text  # the review date: moderators only


def test_files_link_to_their_stable_url_with_name_size_type_and_date(client, resource, member):
    file = resource.files.get()
    client.force_login(member)
    response = client.get(resource.url)
    text = text_of(response)
    assert f'href="{resource.url}fichiers/{file.pk}/"' in response.text
    assert file.document.filename in text
    assert "PDF" in text and "octets" in text or "Ko" in text
    assert "déposé le" in text
    assert "Versions précédentes" not in text  # only the current version so far


def test_earlier_versions_are_listed_with_date_author_note_and_link(client, resource, member, author):
    add_versions(resource, 2, author)
    file = resource.files.get()
    client.force_login(member)
    response = client.get(resource.url)
    text = text_of(response)
    assert "Versions précédentes" in text
    assert "Version 0" in text and "Version 1" in text and "Léa Rivière" in text
    assert "Version du 2 janvier 2020" in text
    for version in FileVersion.objects.filter(file=file).exclude(document=file.document):
        assert f'href="{resource.url}fichiers/{file.pk}/versions/{version.pk}/"' in response.text


def test_follow_button_says_what_it_does(client, resource, member):
    client.force_login(member)
    response = client.get(resource.url)
    assert f'action="{resource.url}suivre/"' in response.text
    assert "Suivre cette ressource" in response.text and 'value="follow"' in response.text
    ResourceFollow.objects.create(resource=resource, member=member)
    response = client.get(resource.url)
    assert "Ne plus suivre" in response.text and 'value="unfollow"' in response.text


def test_members_see_no_moderation_action(client, resource, member):
    client.force_login(member)
    content = client.get(resource.url).text
    assert "nouvelle-version/" not in content
    assert "Modifier dans l'administration" not in content


def test_owner_may_upload_a_new_version(client, resource, author):
    client.force_login(author)
    content = client.get(resource.url).text
    file = resource.files.get()
    assert f'href="{resource.url}fichiers/{file.pk}/nouvelle-version/"' in content
    assert "Modifier dans l&#x27;administration" not in content


def test_coordinators_upload_edit_in_admin_and_see_the_review_date(client, resource, coordinator):
    client.force_login(coordinator)
    response = client.get(resource.url)
    file = resource.files.get()
    assert f'href="{resource.url}fichiers/{file.pk}/nouvelle-version/"' in response.text
    assert f'href="/admin/pages/{resource.pk}/edit/"' in response.text
    assert "1 septembre 2026" in text_of(response) or "1er septembre 2026" in text_of(response)


def test_a_group_resource_answers_404_to_outsiders(client, member):
    library_index()
    private = make_group("Club des cadres", visibility="private", members=[member])
    resource = make_resource("Budget du club", group=private, files=[pdf_upload()])
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(resource.url).status_code == 404
    client.force_login(member)
    response = client.get(resource.url)
    assert response.status_code == 200
    assert 'href="/groupes/club-des-cadres/">Club des cadres</a>' in response.text


def test_a_draft_answers_404(client, member):
    library_index()
    draft = make_resource("Brouillon", publish=False)
    client.force_login(member)
    assert client.get(draft.url or f"/ressources/{draft.slug}/").status_code == 404


# Session, member, centre's zone, Wagtail's site and page lookups, the audience check (serve), then the
# view's: may moderate, files with their versions (2), themes, links, following, the page's group, author
# centre and group, the unread count and the userbar's permission checks.
DETAIL_QUERIES = 21


def test_resource_page_queries_do_not_grow_with_files_or_versions(client, member, author, measure):
    library_index()
    few = make_resource("Un fichier", files=[pdf_upload()], tags=["Écoute"])
    own(few, author)
    add_versions(few, 1, author)
    many = make_resource(
        "Dix fichiers", files=[pdf_upload(name=f"f{n}.pdf") for n in range(10)], tags=["Écoute", "Crise"]
    )
    add_versions(many, 10, author)
    client.force_login(member)
    client.get(few.url)  # the first request of a process fills caches
    count_few, writes = measure(client, few.url, DETAIL_QUERIES)
    assert writes == []
    count_many, _ = measure(client, many.url, DETAIL_QUERIES)
    assert count_many == count_few
