"""New versions of a resource's files, their history as pages show it, and following a resource.

A file keeps its id (and so its URL) across versions: a new version changes which document the
``ResourceFile`` points to, through a page revision like any edit, and ``community.library.history``
records the version and tells followers when the revision is published.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from wagtail.models import Page

from community.library import history
from community.library.models import FileVersion, ResourceFile, ResourceFollow, ResourcePage
from community.library.services.core import can_moderate, check_visible, create_document


def can_add_version(user, page: ResourcePage) -> bool:
    """Moderators of the resource, and its owner (who wrote or proposed it) while they can see it."""
    if not (user and user.is_authenticated):
        return False
    return (page.owner_id == user.pk and _visible(user, page)) or can_moderate(user, page)


def _visible(user, page) -> bool:
    return ResourcePage.objects.visible_to(user).filter(pk=page.pk).exists()


def _set_file(resource: ResourcePage, file_id: int, document, note: str) -> bool:
    """Point the file ``file_id`` of an in-memory resource (a page or a revision's object) at ``document``."""
    files = list(resource.files.all())
    found = False
    for file in files:
        if file.pk == file_id:
            file.document, file.version_note, found = document, note, True
    resource.files = files
    return found


def add_version(page: ResourcePage, file_id: int, upload, note: str, actor) -> FileVersion:
    """Make ``upload`` (checked by ``LibraryFileField``) the current version of a file of a live resource.

    Without unpublished changes the page is published as a new revision (``skip_permission_checks``: the
    owner has no Wagtail publish permission; the caller checked ``can_add_version``), and the history's
    receiver records the version and tells followers. With a draft pending (perhaps in moderation), the
    draft and any scheduled revision get the new document too, and the live file row alone changes, so
    the draft stays unpublished and its workflow is left alone.
    """
    document = None
    try:
        with transaction.atomic():
            # Lock the page row first, as an admin save does (it writes the page row, then the resource's).
            list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
            page = ResourcePage.objects.get(pk=page.pk)
            file = ResourceFile.objects.filter(page=page, pk=file_id).select_related("document").first()
            if file is None or not page.live:
                raise Http404
            document = create_document(upload, actor, file.document.title if file.document_id else "")
            if page.has_unpublished_changes:
                draft = page.get_latest_revision_as_object()
                if _set_file(draft, file_id, document, note):
                    draft.save_revision(user=actor, log_action=True, clean=False)
                for scheduled in page.revisions.filter(approved_go_live_at__isnull=False):
                    future = scheduled.as_object()
                    if _set_file(future, file_id, document, note):
                        scheduled.content = future.serializable_data()
                        scheduled.save(update_fields=["content"])
                ResourceFile.objects.filter(pk=file_id).update(document=document, version_note=note)
                history.record_versions(page, actor)
            else:
                _set_file(page, file_id, document, note)
                revision = page.save_revision(user=actor, log_action=True, clean=False)
                revision.publish(user=actor, skip_permission_checks=True)
            return FileVersion.objects.get(file_id=file_id, document=document)
    except BaseException:
        # The transaction rolled the document's row back; its stored file must go too.
        if document is not None and document.file:
            document.file.storage.delete(document.file.name)
        raise


def files_with_versions(page: ResourcePage, request=None) -> list[ResourceFile]:
    """The resource's files in order, each with ``history`` (its versions, newest first, ``uploaded_by`` and
    ``document`` loaded), ``url`` (the stable URL of the current version) and each version's ``url``.

    Two queries whatever the number of files and versions (plus the page's URL, cached per request).
    """
    versions = FileVersion.objects.select_related("uploaded_by", "document")
    files = list(
        ResourceFile.objects.filter(page_id=page.pk)
        .select_related("document")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="history"))
        .order_by("sort_order", "pk")
    )
    base = page.get_url(request) or ""
    for file in files:
        file.url = base + page.reverse_subpage("file_route", args=(file.pk,))
        for version in file.history:
            version.url = base + page.reverse_subpage("version_route", args=(file.pk, version.pk))
            version.is_current = version.document_id == file.document_id
    return files


# --- Following ----------------------------------------------------------------------------------------


def is_following(page: ResourcePage, member) -> bool:
    return bool(member.is_authenticated) and ResourceFollow.objects.filter(resource=page, member=member).exists()


def follow(page: ResourcePage, member) -> ResourceFollow:
    """``member`` is told of each new version of ``page`` (a resource they can see: 404 otherwise)."""
    with transaction.atomic():
        check_visible(member, page)
        follow, _created = ResourceFollow.objects.get_or_create(resource=page, member=member)
    return follow


def unfollow(page: ResourcePage, member) -> None:
    with transaction.atomic():
        ResourceFollow.objects.filter(resource=page, member=member).delete()


def followers_count(page: ResourcePage) -> int:
    return ResourceFollow.objects.filter(resource=page).count()
