"""Versions of a resource's files under stable URLs, recorded on every path, and followers told of them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from community.groups.services import leave_group
from community.library import samples
from community.library.models import FileVersion, ResourceFile, ResourceFollow, ResourcePage
from community.library.notification_kinds import NEW_VERSION
from community.library.services import versions
from community.notifications.models import Notification
from tests.community.factories import UserFactory, make_group
from tests.events.factories import login, silence_channels
from tests.library.factories import make_document, make_resource, pdf_upload
from tests.library.test_admin import resource_data

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    silence_channels(monkeypatch)


def file_url(resource, file, suffix=""):
    return resource.url + resource.reverse_subpage("file_route", args=(file.pk,)) + suffix


def upload_url(resource, file):
    return resource.url + resource.reverse_subpage("new_version_route", args=(file.pk,))


def follow_url(resource):
    return resource.url + resource.reverse_subpage("follow_route")


def version_url(resource, file, version):
    return resource.url + resource.reverse_subpage("version_route", args=(file.pk, version.pk))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def new_version_pdf(words=("Deuxième édition du guide.",)):
    return SimpleUploadedFile("guide-v2.pdf", samples.make_pdf("Guide v2", list(words)), content_type="application/pdf")


def owned_by(member, **fields):
    """A resource the member wrote, published (by no one in particular: members have no publish permission)."""
    resource = make_resource(owner=member, publish=False, **{"files": [pdf_upload()], **fields})
    resource.get_latest_revision().publish()
    return ResourcePage.objects.get(pk=resource.pk)


def told(kind=NEW_VERSION):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


# --- History, whatever the path -----------------------------------------------------------------------


def test_first_publication_records_each_file_once_and_tells_no_one(coordinator, member):
    resource = make_resource(files=[pdf_upload(), pdf_upload("annexe.pdf")], owner=coordinator)
    ResourceFollow.objects.create(resource=resource, member=member)

    resource.save_revision(user=coordinator).publish(user=coordinator)  # republished unchanged

    assert FileVersion.objects.count() == 2
    for file in resource.files.all():
        (version,) = file.versions.all()
        assert version.document_id == file.document_id and version.uploaded_by == coordinator
    assert told() == []


def test_a_coordinator_swaps_the_document_in_the_admin_and_a_version_is_recorded(coordinator, member):
    first = make_document(pdf_upload(), coordinator)
    resource = make_resource(files=[first], owner=coordinator)
    (file,) = resource.files.all()
    ResourceFollow.objects.create(resource=resource, member=member)
    second = make_document(new_version_pdf(), coordinator)
    data = resource_data(
        second,
        title=resource.title,
        slug=resource.slug,
        **{
            "files-INITIAL_FORMS": "1",
            "files-0-id": str(file.pk),
            "files-0-version_note": "Mise à jour des numéros d'astreinte",
            "links-TOTAL_FORMS": "0",
            "action-publish": "action-publish",
        },
    )

    response = login(coordinator).post(reverse("wagtailadmin_pages:edit", args=[resource.pk]), data)

    assert response.status_code == 302, response.text[:2000]
    assert list(ResourceFile.objects.filter(page=resource).values_list("pk", "document_id")) == [(file.pk, second.pk)]
    newest, oldest = file.versions.all()
    assert (newest.document, newest.note, newest.uploaded_by) == (
        second,
        "Mise à jour des numéros d'astreinte",
        coordinator,
    )
    assert (oldest.document, oldest.note) == (first, "")
    assert newest.created_at >= oldest.created_at
    assert told() == [member.pk]
    notification = Notification.objects.get(kind=NEW_VERSION)
    assert notification.link == resource.url and notification.actor == coordinator
    assert "Mise à jour des numéros d'astreinte" in notification.text


def test_the_owner_uploads_a_new_version_from_the_site_and_the_stable_url_serves_it(member):
    resource = owned_by(member, files=[pdf_upload(words=["Première édition."])])
    (file,) = resource.files.all()
    old_bytes = file.document.file.open("rb").read()
    client = login(member)
    form = client.get(upload_url(resource, file))
    assert form.status_code == 200
    assert "Ce qui change dans cette version" in form.text
    upload = new_version_pdf()
    new_bytes = upload.read()
    upload.seek(0)

    response = client.post(upload_url(resource, file), {"file": upload, "note": "Deuxième édition, relue."})

    assert response.status_code == 302 and response["Location"] == resource.url
    newest, oldest = file.versions.all()
    assert (newest.note, newest.uploaded_by) == ("Deuxième édition, relue.", member)
    resource.refresh_from_db()
    assert not resource.has_unpublished_changes and resource.live_revision.user == member
    current = client.get(file_url(resource, file))
    assert current.status_code == 200 and body(current) == new_bytes
    old = client.get(version_url(resource, file, oldest))
    assert old.status_code == 200 and body(old) == old_bytes
    assert body(client.get(version_url(resource, file, newest))) == new_bytes
    assert "est en ligne" in client.get(resource.url).text


def test_a_moderator_uploads_a_new_version_of_a_group_resource(coordinator):
    animator = UserFactory()
    group = make_group("Groupe Qualité", visibility="private", animators=[animator])
    resource = make_resource(group=group, files=[pdf_upload()], owner=coordinator)
    (file,) = resource.files.all()

    response = login(animator).post(upload_url(resource, file), {"file": new_version_pdf(), "note": "Relue."})

    assert response.status_code == 302
    assert file.versions.first().uploaded_by == animator


def test_followers_are_told_once_but_not_the_uploader_nor_who_lost_sight_of_the_resource(coordinator):
    stays, leaves, bystander = UserFactory(), UserFactory(), UserFactory()
    group = make_group("Groupe Postvention", visibility="private", members=[stays, leaves, bystander])
    resource = make_resource(group=group, files=[pdf_upload(), pdf_upload("annexe.pdf")], owner=coordinator)
    for follower in (stays, leaves, coordinator):
        versions.follow(resource, follower)
    leave_group(group, leaves)
    file, annex = resource.files.all()

    versions.add_version(resource, file.pk, new_version_pdf(), "Nouvelle édition.", coordinator)

    assert told() == [stays.pk]
    assert Notification.objects.get(kind=NEW_VERSION).text.endswith("Nouvelle édition.")
    versions.add_version(resource, annex.pk, new_version_pdf(), "Annexe revue.", coordinator)
    assert told() == [stays.pk, stays.pk]  # once per new version


def test_a_new_version_reaches_a_pending_draft_without_publishing_it(coordinator, member):
    resource = make_resource(files=[pdf_upload()], owner=coordinator)
    (file,) = resource.files.all()
    ResourceFollow.objects.create(resource=resource, member=member)
    draft = resource.get_latest_revision_as_object()
    draft.summary = "Un résumé en cours de relecture."
    draft.save_revision(user=coordinator)

    version = versions.add_version(resource, file.pk, new_version_pdf(), "Chiffres 2027.", coordinator)

    resource = ResourcePage.objects.get(pk=resource.pk)
    assert resource.has_unpublished_changes and resource.summary != "Un résumé en cours de relecture."
    latest = resource.get_latest_revision_as_object()
    assert latest.summary == "Un résumé en cours de relecture."
    assert [f.document_id for f in latest.files.all()] == [version.document_id]
    assert ResourceFile.objects.get(pk=file.pk).document_id == version.document_id
    assert told() == [member.pk]
    # Publishing the draft later keeps the new version current and records nothing twice.
    resource.get_latest_revision().publish(user=coordinator)
    assert ResourceFile.objects.get(pk=file.pk).document_id == version.document_id
    assert file.versions.count() == 2 and told() == [member.pk]


# --- Who may upload, and what --------------------------------------------------------------------------


def test_a_plain_member_cannot_upload_a_version(coordinator, member):
    resource = make_resource(files=[pdf_upload()], owner=coordinator)
    (file,) = resource.files.all()
    documents = Document.objects.count()
    client = login(member)

    assert client.get(upload_url(resource, file)).status_code == 404
    assert client.post(upload_url(resource, file), {"file": new_version_pdf(), "note": "Essai"}).status_code == 404
    assert Document.objects.count() == documents and file.versions.count() == 1


def test_an_unknown_file_or_another_resources_file_is_404(member):
    resource = owned_by(member)
    other = owned_by(member, title="Autre ressource")
    (other_file,) = other.files.all()

    assert login(member).get(upload_url(resource, other_file)).status_code == 404


def test_an_executable_renamed_pdf_is_refused_beside_the_field_and_nothing_is_stored(member):
    resource = owned_by(member)
    (file,) = resource.files.all()
    documents = Document.objects.count()
    fake = SimpleUploadedFile(
        "guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf"
    )

    response = login(member).post(upload_url(resource, file), {"file": fake, "note": "Ma note à garder"})

    assert response.status_code == 400
    assert "pas un vrai PDF" in response.text and 'aria-invalid="true"' in response.text
    assert "Ma note à garder" in response.text
    assert Document.objects.count() == documents and file.versions.count() == 1


def test_a_version_without_a_note_is_refused_and_nothing_is_stored(member):
    resource = owned_by(member)
    (file,) = resource.files.all()
    documents = Document.objects.count()

    response = login(member).post(upload_url(resource, file), {"file": new_version_pdf(), "note": "  "})

    assert response.status_code == 400 and "ce qui change dans cette version" in response.text
    assert Document.objects.count() == documents


def test_a_failed_version_leaves_no_document_and_no_file(member, monkeypatch, settings):
    resource = owned_by(member)
    (file,) = resource.files.all()
    documents = Document.objects.count()
    stored = []

    def refuse(self, *args, **kwargs):
        stored.append(Document.objects.order_by("-pk").first().file.name)
        raise RuntimeError("publication impossible")

    monkeypatch.setattr(ResourcePage, "save_revision", refuse)
    with pytest.raises(RuntimeError):
        versions.add_version(resource, file.pk, new_version_pdf(), "Note", member)

    assert Document.objects.count() == documents
    assert stored and not Document().file.storage.exists(stored[0])


# --- Following -------------------------------------------------------------------------------------------


def test_a_member_follows_and_unfollows_a_resource(member):
    resource = make_resource(files=[pdf_upload()])
    client = login(member)

    assert client.get(follow_url(resource)).status_code == 405
    response = client.post(follow_url(resource))
    assert response.status_code == 302 and response["Location"] == resource.url
    assert ResourceFollow.objects.filter(resource=resource, member=member).exists()
    assert "vous serez prévenu·e" in client.get(resource.url).text
    client.post(follow_url(resource))
    assert not ResourceFollow.objects.exists()
    answer = client.post(follow_url(resource), {"action": "follow"}, headers={"Accept": "application/json"})
    assert answer.json()["following"] is True
    assert client.post(follow_url(resource), {"action": "follow"}).status_code == 302
    assert ResourceFollow.objects.count() == 1


def test_an_outsider_cannot_follow_a_private_resource(member, client):
    group = make_group("Groupe Qualité", visibility="private")
    resource = make_resource(group=group, files=[pdf_upload()])

    assert login(member).post(follow_url(resource)).status_code == 404
    assert "/comptes/login/" in client.post(follow_url(resource))["Location"]  # visitors sign in first
    assert not ResourceFollow.objects.exists()


def test_the_author_follows_their_resource_from_its_first_publication(member, coordinator):
    resource = make_resource(files=[pdf_upload()], owner=member, publish=False)
    assert not ResourceFollow.objects.exists()

    resource.get_latest_revision().publish(user=coordinator)

    assert list(ResourceFollow.objects.values_list("member_id", flat=True)) == [member.pk]
    versions.unfollow(resource, member)
    resource = ResourcePage.objects.get(pk=resource.pk)
    resource.save_revision(user=coordinator).publish(user=coordinator)
    assert not ResourceFollow.objects.exists()


# --- What the resource page shows ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_files_with_versions_takes_two_queries_whatever_the_history(coordinator, count, django_assert_num_queries):
    resource = make_resource(files=[pdf_upload(), pdf_upload("annexe.pdf")], owner=coordinator)
    first, _annex = resource.files.all()
    for number in range(count):
        versions.add_version(resource, first.pk, new_version_pdf(), f"Édition {number}", coordinator)
    resource = ResourcePage.objects.get(pk=resource.pk)
    assert resource.url  # the site root paths are cached from here on, as on a served page

    with django_assert_num_queries(2):
        files = versions.files_with_versions(resource)
        shown = [(v.uploaded_by.display_name, v.document.title, v.url) for f in files for v in f.history]

    assert [len(f.history) for f in files] == [count + 1, 1]
    assert files[0].history[0].is_current and not files[0].history[-1].is_current
    assert files[0].url == file_url(resource, first)
    assert shown[0][2] == version_url(resource, first, files[0].history[0])


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_each_become_a_version_without_deadlock(site_tree, postgresql_only):
    import threading

    from django.db import connection

    owner = UserFactory()
    resource = owned_by(owner)
    (file,) = resource.files.all()
    follower = UserFactory()
    versions.follow(resource, follower)
    barrier, errors, uploads = threading.Barrier(6), [], 6

    def upload(number):
        try:
            barrier.wait(timeout=30)
            versions.add_version(resource, file.pk, new_version_pdf([f"Édition {number}."]), f"Édition {number}", owner)
        except BaseException as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,), daemon=True) for n in range(uploads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "an upload is stuck (deadlock?)"
    assert errors == []
    history = list(file.versions.all())
    assert len(history) == uploads + 1 and len({v.document_id for v in history}) == uploads + 1
    resource = ResourcePage.objects.get(pk=resource.pk)
    current = ResourceFile.objects.get(pk=file.pk).document_id
    assert history[0].document_id == current
    assert [f.document_id for f in resource.live_revision.as_object().files.all()] == [current]
    assert not resource.has_unpublished_changes
    assert told().count(follower.pk) == uploads
