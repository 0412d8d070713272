"""Text of the library's files for search: extracted by a background task, then the resources re-indexed."""

from functools import partial

from django.db import transaction

from community.library.models import DocumentText


def queue(document) -> None:
    """Mark the document's text as pending and extract it once the caller's transaction commits."""
    DocumentText.objects.update_or_create(document=document, defaults={"status": DocumentText.Status.PENDING, "text": ""})
    transaction.on_commit(partial(_enqueue, document.pk))


def _enqueue(document_id: int) -> None:
    from community.library.tasks import extract_document_text

    extract_document_text.enqueue(document_id)
