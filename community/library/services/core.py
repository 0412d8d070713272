"""Who sees a resource, and where the library's documents are kept."""

from django.http import Http404
from wagtail.models import Collection

from community.library.models import ResourcePage

COLLECTION_NAME = "Bibliothèque"


def can_see(user, resource: ResourcePage) -> bool:
    """A live resource whose audience includes the user (the one visibility rule)."""
    return ResourcePage.objects.visible_to(user).filter(pk=resource.pk).exists()


def check_visible(user, resource: ResourcePage) -> ResourcePage:
    if not can_see(user, resource):
        raise Http404
    return resource


def can_moderate(user, resource: ResourcePage) -> bool:
    """Coordinators moderate every resource; animateurs their group's."""
    return ResourcePage.objects.managed_by(user).filter(pk=resource.pk).exists()


def library_collection() -> Collection:
    """The Wagtail collection that holds the library's documents (made on first use)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def create_document(upload, user, title: str = ""):
    """Store an upload (already checked by ``community.library.uploads``) as a Wagtail document of the library.

    Its text is extracted for search by a background task, once the caller's transaction commits
    (``services.extraction`` queues every new document file, the admin's included).
    """
    from wagtail.documents import get_document_model

    document = get_document_model()(
        title=title or upload.name.rsplit(".", 1)[0],
        file=upload,
        collection=library_collection(),
        uploaded_by_user=user,
    )
    document.file_size = upload.size
    document.save()
    return document
