"""Library pages, documents and resources for tests, made through the same paths as the site."""

from django.core.files.uploadedfile import SimpleUploadedFile

from community.library import samples
from community.library.models import LibraryIndexPage, ResourceFile, ResourcePage
from community.library.services import core
from community.models import HomePage


def library_index() -> LibraryIndexPage:
    index = LibraryIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.first()
        placeholder = home.get_children().filter(slug="ressources").first()
        if placeholder is not None:
            placeholder.delete()
        index = home.add_child(instance=LibraryIndexPage(title="Ressources", slug="ressources"))
    return index


def pdf_upload(name="procedure.pdf", title="Procédure", words=("Texte du document.",)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, samples.make_pdf(title, list(words)), content_type="application/pdf")


def make_document(upload=None, user=None, title=""):
    return core.create_document(upload or pdf_upload(), user, title)


def make_resource(
    title="Procédure d'accueil des appels",
    *,
    group=None,
    resource_type="procedure",
    summary="Ce que fait l'équipe quand un appel arrive.",
    body="<p>Les étapes de l'accueil.</p>",
    files=(),
    tags=(),
    owner=None,
    publish=True,
    **fields,
) -> ResourcePage:
    """A resource under the library's index; ``files`` are uploads (or documents) attached in order.

    ``publish=False`` leaves a draft, as a proposal or an unpublished edit would be.
    """
    fields.setdefault("live", publish)
    resource = ResourcePage(
        title=title, resource_type=resource_type, summary=summary, body=body, group=group, owner=owner, **fields
    )
    for upload in files:
        document = upload if hasattr(upload, "collection_id") else make_document(upload, owner)
        resource.files.add(ResourceFile(document=document))
    for tag in tags:
        resource.tags.add(tag)
    library_index().add_child(instance=resource)
    revision = resource.save_revision(user=owner)
    if publish:
        revision.publish(user=owner)
        resource.refresh_from_db()
    return resource
