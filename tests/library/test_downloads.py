"""Files are as private as their resource, whatever URL is tried; downloads stream from storage."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from wagtail.documents import get_document_model
from wagtail.models import Collection

from community.library import samples
from community.library.models import FileVersion
from tests.community.factories import UserFactory, make_group
from tests.events.factories import login
from tests.library.factories import make_document, make_resource, pdf_upload

pytestmark = pytest.mark.django_db

CURRENT = samples.make_pdf("Protocole", ["Version deux du protocole."])
OLD = samples.make_pdf("Protocole", ["Version une du protocole."])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def insider(db, centre):
    return UserFactory(centre=centre)


@pytest.fixture
def group(insider):
    return make_group("Groupe Postvention", visibility="private", members=[insider])


@pytest.fixture
def private(group):
    """A resource of a private group, its file at version two, version one kept."""
    resource = make_resource(
        "Protocole du groupe", group=group, files=[SimpleUploadedFile("protocole.pdf", CURRENT)], publish=True
    )
    file = resource.files.get()
    old = make_document(SimpleUploadedFile("protocole-v1.pdf", OLD))
    version = FileVersion.objects.create(file=file, document=old, note="Première version")
    return resource, file, version


def urls(resource, file, version) -> dict[str, str]:
    return {
        "page": resource.url,
        "current": f"{resource.url}fichiers/{file.pk}/",
        "old version": f"{resource.url}fichiers/{file.pk}/versions/{version.pk}/",
        "wagtail current": file.document.url,
        "wagtail old": version.document.url,
        "media current": f"/media/{file.document.file.name}",
        "media old": f"/media/{version.document.file.name}",
    }


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_outsider_gets_404_on_every_url_of_a_private_resource(private, member):
    client = login(member)
    for name, url in urls(*private).items():
        assert client.get(url).status_code == 404, name


def test_group_member_downloads_current_and_old_version_streamed(private, insider):
    resource, file, version = private
    client = login(insider)
    links = urls(*private)
    assert client.get(links["page"]).status_code == 200
    response = client.get(links["current"])
    assert response.status_code == 200 and response.streaming
    assert content(response) == CURRENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and "protocole.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    old = client.get(links["old version"])
    assert old.status_code == 200 and old.streaming and content(old) == OLD
    assert content(client.get(links["wagtail current"])) == CURRENT
    assert content(client.get(links["wagtail old"])) == OLD


def test_media_paths_never_serve_documents_even_to_the_audience(private, insider, coordinator):
    links = urls(*private)
    for user in (insider, coordinator):
        client = login(user)
        assert client.get(links["media current"]).status_code == 404
        assert client.get(links["media old"]).status_code == 404


def test_avatars_are_still_served_from_media(member):
    folder = Path(resolve("/media/avatars/1/photo.png").kwargs["document_root"]) / "avatars" / "1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert login(member).get("/media/avatars/1/photo.png").status_code == 200


def test_office_files_are_downloaded_not_shown(insider, group):
    upload = SimpleUploadedFile("modele.docx", samples.make_docx("Modèle", ["Texte."]))
    resource = make_resource("Modèle de courrier", group=group, files=[upload])
    file = resource.files.get()
    response = login(insider).get(f"{resource.url}fichiers/{file.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_file_and_version_ids_must_belong_to_the_page(private, insider, group):
    resource, file, version = private
    other = make_resource("Autre ressource", group=group, files=[pdf_upload()])
    other_file = other.files.get()
    client = login(insider)
    assert client.get(f"{other.url}fichiers/{file.pk}/").status_code == 404
    assert client.get(f"{other.url}fichiers/{other_file.pk}/versions/{version.pk}/").status_code == 404
    assert client.get(f"{resource.url}fichiers/{other_file.pk}/versions/{version.pk}/").status_code == 404
    assert client.get(f"{resource.url}fichiers/999999/").status_code == 404


def test_proposal_files_are_their_authors_and_moderators_only(member, coordinator, centre):
    author = UserFactory(centre=centre)
    proposal = make_resource("Ma proposition", files=[pdf_upload()], owner=author, publish=False)
    url = proposal.files.get().document.url
    assert login(member).get(url).status_code == 404
    assert login(author).get(url).status_code == 200
    assert login(coordinator).get(url).status_code == 200


def test_group_proposal_files_are_open_to_the_groups_animateur(member, centre):
    animator = UserFactory(centre=centre)
    group = make_group("Groupe Formation", animators=[animator], members=[member])
    author = UserFactory(centre=centre)
    proposal = make_resource(
        "Proposition du groupe", group=group, files=[pdf_upload()], owner=author, publish=False
    )
    url = proposal.files.get().document.url
    assert login(animator).get(url).status_code == 200
    assert login(member).get(url).status_code == 404


def test_unattached_library_documents_are_their_uploaders_and_coordinators(member, coordinator, centre):
    uploader = UserFactory(centre=centre)
    url = make_document(pdf_upload(), uploader).url
    assert login(uploader).get(url).status_code == 200
    assert login(coordinator).get(url).status_code == 200
    assert login(member).get(url).status_code == 404


def test_documents_outside_the_library_keep_wagtails_rules(member):
    document = get_document_model().objects.create(
        title="Charte", file=pdf_upload("charte.pdf"), collection=Collection.get_first_root_node()
    )
    assert login(member).get(document.url).status_code == 200


def test_download_checks_make_a_constant_number_of_queries(insider, group, django_assert_max_num_queries):
    """Measured: 13 queries through the resource's URLs (Wagtail's routing included), 8 through /documents/."""
    bounds = {"current": 13, "old version": 13, "wagtail current": 8, "wagtail old": 8}

    def build(count):
        resource = make_resource(f"Ressource {count}", group=group, files=[pdf_upload() for _ in range(count)])
        file = resource.files.first()
        versions = [FileVersion.objects.create(file=file, document=make_document()) for _ in range(count)]
        return resource, file, versions[-1]

    client = login(insider)
    counts = {name: set() for name in bounds}
    for count in (1, 8):
        links = urls(*build(count))
        for name, limit in bounds.items():
            with django_assert_max_num_queries(limit) as captured:
                assert client.get(links[name]).status_code == 200, name
            counts[name].add(len(captured))
    assert all(len(seen) == 1 for seen in counts.values()), counts
