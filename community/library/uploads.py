"""Checks on every file that enters the library: size, type read from the content, sanitised name.

Every library form uses ``LibraryFileField``; the Wagtail admin's document form calls ``validate_upload``
too (``community.library.admin_forms``). Nothing is stored before these checks pass.
"""

import codecs
import re
import unicodedata
import zipfile
from xml.etree import ElementTree

import puremagic
from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename

# Extension → kind; the kind's label is what members read in messages.
EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "txt": "txt",
    "csv": "csv",
}
LABELS = {kind: kind.upper() for kind in EXTENSIONS.values()}
ALLOWED_LABELS = ", ".join(dict.fromkeys(LABELS[kind] for kind in EXTENSIONS.values()))
ACCEPT = ",".join(f".{extension}" for extension in EXTENSIONS)

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Main part of an OOXML package; macro-enabled and template variants have other content types and are refused.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
HEAD_BYTES = 8192
# A zip member read to tell the format is tiny in real files; the bound keeps a crafted archive from inflating.
ODF_MIMETYPE_MAX = 200
CONTENT_TYPES_MAX = 1024 * 1024
NAME_MAX = 120
TEXT_CHUNK = 1024 * 1024


def human_size(size: int) -> str:
    """Size in Mo (or ko below one Mo), French decimal comma, no trailing ",0"."""
    if size < 1024 * 1024:
        value, unit = size / 1024, "ko"
    else:
        value, unit = size / (1024 * 1024), "Mo"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} {unit}"


def clean_filename(name: str) -> str:
    """A safe file name: no directories, control or reserved characters; accents kept; lowercase extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    try:
        stem = get_valid_filename(stem.strip(" ."))
    except SuspiciousFileOperation:
        stem = ""
    stem = stem.strip("._-")[:NAME_MAX].rstrip("._-") or "fichier"
    return f"{stem}.{extension}" if extension else stem


def _extension(name: str) -> str:
    _stem, dot, extension = (name or "").rpartition(".")
    return extension.lower() if dot else ""


def _zip_kind(upload) -> str | None:
    """ODF or OOXML kind of a zip container, from its declared main part (bounded reads)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(ODF_MIMETYPE_MAX).decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    data = member.read(CONTENT_TYPES_MAX + 1)
                if len(data) > CONTENT_TYPES_MAX:
                    return None
                root = ElementTree.fromstring(data)
                for element in root:
                    kind = OOXML_MAIN_PARTS.get(element.get("ContentType", ""))
                    if kind:
                        return kind
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, OSError, RuntimeError, ValueError):
        # RuntimeError: encrypted member; ValueError: unsupported compression — neither is a document we accept.
        return None


def _is_text(upload) -> bool:
    """UTF-8 (or Windows-1252, what French Excel writes) with no NUL byte, read in chunks."""
    for encoding in ("utf-8", "cp1252"):
        upload.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := upload.read(TEXT_CHUNK):
                if b"\x00" in chunk:
                    return False
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return True
        except UnicodeDecodeError:
            continue
    return False


def sniff(upload) -> str | None:
    """The allowed kind the content really is (None if none), whatever the name says."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if b"%PDF-" in head[:1024]:
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        try:
            matches = puremagic.magic_string(head) if head else []
        except puremagic.PureError:
            matches = []
        # A recognised binary format (executable, archive, image...) is never text.
        if any(match.confidence >= 0.4 for match in matches):
            return None
        return "txt" if _is_text(upload) else None
    finally:
        upload.seek(0)


def validate_upload(upload):
    """Raise a French ``ValidationError`` unless the upload is an allowed file; return it with a clean name."""
    name = clean_filename(upload.name)
    extension = _extension(name)
    kind = EXTENSIONS.get(extension)
    if kind is None:
        shown = f" (.{extension})" if extension else ""
        raise ValidationError(
            f"Ce type de fichier n'est pas accepté{shown}. Types acceptés : {ALLOWED_LABELS}.", code="file_type"
        )
    limit = settings.LIBRARY_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Le fichier pèse {human_size(upload.size)} ; la taille maximale est de {human_size(limit)}.",
            code="file_size",
        )
    if not upload.size:
        raise ValidationError("Le fichier est vide.", code="empty")
    content = sniff(upload)
    # TXT and CSV are both plain text: the content cannot tell them apart.
    if content != kind and not (content == "txt" and kind == "csv"):
        raise ValidationError(
            f"Ce fichier n'est pas un vrai {LABELS[kind]} : son contenu ne correspond pas à son extension.",
            code="file_content",
        )
    upload.name = name
    return upload


class LibraryFileField(forms.FileField):
    """The file field of every library form: Django's checks, then ``validate_upload``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text", f"{ALLOWED_LABELS} ; {human_size(settings.LIBRARY_MAX_UPLOAD_BYTES)} au maximum."
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "seek"):
            validate_upload(upload)
        return upload
