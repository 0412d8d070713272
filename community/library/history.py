"""A resource file's history, recorded whenever its resource is published, whatever the path.

Coordinators swap a document in the admin and publish, a moderator approves a proposal, a member uploads
a new version from the site: each publication ends in Wagtail's ``page_published``, where every file whose
current document is not yet its newest ``FileVersion`` gets one. Followers are told of new versions here,
once per publication.
"""

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from community import permissions
from community.library.models import FileVersion, ResourceFile, ResourceFollow, ResourcePage
from community.library.notification_kinds import NEW_VERSION
from community.notifications.services import notify


def record_versions(page: ResourcePage, user=None) -> list[FileVersion]:
    """Add a version to each file of ``page`` whose current document is new to it; tell followers of new versions.

    ``user`` (who published) stands for the uploader when a document does not say who uploaded it.
    Returns the versions created.
    """
    with transaction.atomic():
        files = list(ResourceFile.objects.filter(page=page, document__isnull=False).select_related("document"))
        if not files:
            return []
        newest, known = {}, set()
        # Newest first (the model's ordering): the first seen per file is its newest version.
        for file_id, document_id in FileVersion.objects.filter(file__in=files).values_list("file_id", "document_id"):
            newest.setdefault(file_id, document_id)
            known.add((file_id, document_id))
        created, updated = [], []
        for file in files:
            if newest.get(file.pk) == file.document_id or (file.pk, file.document_id) in known:
                # Current, or an earlier version put back (a revision reverted): it is listed already.
                continue
            version = FileVersion(
                file=file,
                document=file.document,
                uploaded_by_id=file.document.uploaded_by_user_id or getattr(user, "pk", None),
                note=file.version_note,
            )
            created.append(version)
            if file.pk in newest:
                updated.append((file, version))
        FileVersion.objects.bulk_create(created)
        if updated:
            _tell_followers(page, updated, user)
    return created


def followers_who_see(page: ResourcePage):
    """The resource's followers who may still read it (the one visibility rule, as for the group's content)."""
    return permissions.group_content_audience(page.group).filter(followed_resources__resource=page)


def _tell_followers(page: ResourcePage, updated: list, user) -> None:
    first_file, first_version = updated[0]
    actor = first_version.uploaded_by if first_version.uploaded_by_id else user
    if len(updated) == 1:
        text = _("Nouvelle version de « %(file)s » dans « %(title)s »") % {
            "file": first_file.label,
            "title": page.title,
        }
        if first_version.note:
            text += _(" : %(note)s") % {"note": first_version.note}
    else:
        text = _("Nouvelles versions de %(count)s fichiers dans « %(title)s »") % {
            "count": len(updated),
            "title": page.title,
        }
    notify(list(followers_who_see(page)), NEW_VERSION, text=text, link=page.url or "", actor=actor)


def _follow_on_first_publication(page: ResourcePage) -> None:
    """The member who wrote (or proposed) a resource follows it from its first publication."""
    if not page.owner_id or page.first_published_at != page.last_published_at:
        return
    owner = page.owner
    if ResourcePage.objects.visible_to(owner).filter(pk=page.pk).exists():
        ResourceFollow.objects.get_or_create(resource=page, member=owner)


@receiver(page_published, sender=ResourcePage)
def resource_published(sender, instance, revision=None, **kwargs):
    with transaction.atomic():
        record_versions(instance, getattr(revision, "user", None))
        _follow_on_first_publication(instance)
