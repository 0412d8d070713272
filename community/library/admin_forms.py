"""Wagtail admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): the library's checks on every upload."""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from community.library.uploads import validate_upload


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # A new upload is checked; an edit that keeps the stored file has nothing to check.
        if isinstance(upload, UploadedFile):
            validate_upload(upload)
        return upload
