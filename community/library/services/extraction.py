"""Text of the library's files for search: extracted by a background task, then the resources re-indexed.

Every document whose file is new or replaced is queued once, whichever path stored it (the library's
forms through ``core.create_document``, or Wagtail's admin): the receivers below watch the document model.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from wagtail.documents import get_document_model

from community.library.models import DocumentText


def queue(document) -> None:
    """Mark the document's text as pending and extract it once the caller's transaction commits."""
    DocumentText.objects.update_or_create(
        document=document, defaults={"status": DocumentText.Status.PENDING, "text": ""}
    )
    transaction.on_commit(partial(_enqueue, document.pk))


def _enqueue(document_id: int) -> None:
    from community.library.tasks import extract_document_text

    extract_document_text.enqueue(document_id)


def _file_changing(sender, instance, raw=False, **kwargs):
    # Before Django writes the file, a new upload is not yet committed to storage: that is a new file.
    instance._library_new_file = not raw and bool(instance.file) and not instance.file._committed


def _file_saved(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_library_new_file", False):
        instance._library_new_file = False
        queue(instance)


pre_save.connect(_file_changing, sender=get_document_model(), dispatch_uid="library_document_file_changing")
post_save.connect(_file_saved, sender=get_document_model(), dispatch_uid="library_document_file_saved")
