"""Downloads of a resource's files, streamed from storage under stable URLs.

``/ressources/<resource>/fichiers/<file>/`` always serves the file's current version;
``.../versions/<version>/`` an earlier one. ``ResourcePage.serve`` has already answered 404 to anyone
outside the resource's audience; here the file must belong to the page and the version to the file.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from community.library.models import FileVersion, ResourceFile

# Shown in the browser; anything else (office files, text) is downloaded, never rendered by the site.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def stream(document) -> FileResponse:
    """The document's file, read from storage in chunks (never whole in memory)."""
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = document.content_type
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=document.filename,
        content_type=content_type,
    )
    # As Wagtail's own serve view: no script runs from a document, and the browser trusts our content type.
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def current(request, page, file_id):
    resource_file = get_object_or_404(ResourceFile.objects.select_related("document"), pk=file_id, page=page)
    if resource_file.document is None:
        raise Http404
    return stream(resource_file.document)


def version(request, page, file_id, version_id):
    old = get_object_or_404(
        FileVersion.objects.select_related("document"), pk=version_id, file_id=file_id, file__page=page
    )
    return stream(old.document)
