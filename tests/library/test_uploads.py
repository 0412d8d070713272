"""Uploads are checked: allowed types read from the content, a size limit, clean names, nothing half-saved."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from odf.opendocument import OpenDocumentPresentation, OpenDocumentSpreadsheet
from wagtail.documents import get_document_model

from community.library import samples
from community.library.models import DocumentText
from community.library.services import library_collection
from community.library.uploads import LibraryFileField, clean_filename, validate_upload
from tests.library.factories import library_index

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode."
FAKE_PDF_MESSAGE = "Ce fichier n'est pas un vrai PDF : son contenu ne correspond pas à son extension."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def ooxml(main_part: str, *, extra: bytes = b"") -> bytes:
    """A minimal OOXML package whose main part has the given content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/main.xml" ContentType="application/vnd.openxmlformats-officedocument.{main_part}"/>'
            + extra.decode()
            + "</Types>",
        )
        archive.writestr("main.xml", "<root/>")
    return out.getvalue()


def odf(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


VALID = {
    "procedure.pdf": samples.make_pdf("Procédure", ["Texte."]),
    "guide.docx": samples.make_docx("Guide", ["Texte."]),
    "budget.xlsx": ooxml("spreadsheetml.sheet.main+xml"),
    "formation.pptx": ooxml("presentationml.presentation.main+xml"),
    "compte-rendu.odt": samples.make_odt("Compte rendu", ["Texte."]),
    "tableau.ods": odf(OpenDocumentSpreadsheet()),
    "diaporama.odp": odf(OpenDocumentPresentation()),
    "logo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64,
    "notes.txt": "Notes de la réunion.\n".encode(),
    "liste.csv": "nom;rôle\nAline;écoutante\n".encode("cp1252"),
}


def check(name: str, data: bytes):
    return validate_upload(SimpleUploadedFile(name, data))


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        check(name, data)
    return error.value.messages[0]


@pytest.mark.parametrize("name", VALID)
def test_every_allowed_type_is_accepted(name):
    assert check(name, VALID[name]).name == name


@pytest.mark.parametrize("header", [ELF, PE], ids=["elf", "exe"])
def test_an_executable_renamed_pdf_is_refused(header):
    assert refusal("procedure.pdf", header) == FAKE_PDF_MESSAGE


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("guide.docx", VALID["compte-rendu.odt"], "DOCX"),  # an ODT, which puremagic calls a DOCX
        ("compte-rendu.odt", VALID["guide.docx"], "ODT"),
        ("budget.xlsx", VALID["guide.docx"], "XLSX"),
        ("tableau.ods", VALID["diaporama.odp"], "ODS"),
        ("logo.png", VALID["photo.jpg"], "PNG"),
        ("notes.txt", ELF, "TXT"),
        ("notes.txt", b"du texte\x00 puis un octet nul", "TXT"),
        ("liste.csv", VALID["procedure.pdf"], "CSV"),
        ("archive.docx", ooxml("wordprocessingml.template.main+xml"), "DOCX"),  # a template, not a document
        ("macros.docx", b"PK\x03\x04 not really a zip", "DOCX"),
    ],
)
def test_content_must_match_the_extension(name, data, label):
    assert (
        refusal(name, data) == f"Ce fichier n'est pas un vrai {label} : son contenu ne correspond pas à son extension."
    )


def test_a_bloated_archive_is_refused_without_inflating_it():
    bomb = ooxml("wordprocessingml.document.main+xml", extra=b"<!--" + b"a" * (3 * 1024 * 1024) + b"-->")
    assert len(bomb) < 100_000
    assert "pas un vrai DOCX" in refusal("guide.docx", bomb)


@pytest.mark.parametrize("name", ["programme.exe", "script.sh", "page.html", "sans-extension"])
def test_other_types_are_refused_with_the_allowed_list(name):
    message = refusal(name, b"#!/bin/sh\necho bonjour\n")
    assert message.startswith("Ce type de fichier n'est pas accepté")
    assert "Types acceptés : PDF, DOCX, XLSX, PPTX, ODT, ODS, ODP, PNG, JPEG, TXT, CSV." in message


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
    big = SimpleUploadedFile("gros.pdf", b"%PDF-1.7\n")
    big.size = int(30.2 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.messages == ["Le fichier pèse 30,2 Mo ; la taille maximale est de 25 Mo."]


def test_an_empty_file_is_refused():
    assert refusal("vide.pdf", b"") == "Le fichier est vide."


@pytest.mark.parametrize(
    ("given", "clean"),
    [
        ("../../etc/passwd.PDF", "passwd.pdf"),
        ("C:\\Users\\aline\\Bureau\\Compte rendu été 2024.Docx", "Compte_rendu_été_2024.docx"),
        ("rapport\x00\x07\n final.pdf", "rapport_final.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "abcdefgh.pdf"),
        ("..pdf", "fichier.pdf"),
        ("é" * 300 + ".odt", "é" * 120 + ".odt"),
    ],
)
def test_file_names_are_sanitised(given, clean):
    assert clean_filename(given) == clean


def test_the_checked_upload_carries_the_clean_name():
    assert check("../Procédure d'accueil.PDF", VALID["procedure.pdf"]).name == "Procédure_daccueil.pdf"


class UploadForm(forms.Form):
    title = forms.CharField()
    file = LibraryFileField(label="Fichier")


def test_library_file_field_puts_the_french_message_beside_the_field_and_keeps_the_rest():
    form = UploadForm(data={"title": "Mon titre"}, files={"file": SimpleUploadedFile("procedure.pdf", ELF)})
    assert not form.is_valid()
    assert form.errors == {"file": [FAKE_PDF_MESSAGE]}
    assert form["title"].value() == "Mon titre"
    assert "accept" in form["file"].field.widget.attrs and ".odt" in form["file"].field.widget.attrs["accept"]
    good = UploadForm(data={"title": "T"}, files={"file": SimpleUploadedFile("../a b.PDF", VALID["procedure.pdf"])})
    assert good.is_valid() and good.cleaned_data["file"].name == "a_b.pdf"


# --- Wagtail admin --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(coordinator_client):
    library_index()  # grants coordinators the library collection's document permissions
    return coordinator_client


def admin_upload(client, name, data):
    return client.post(
        "/admin/documents/add/",
        {"title": "Document", "collection": library_collection().pk, "file": SimpleUploadedFile(name, data)},
    )


def test_admin_refuses_an_executable_renamed_pdf_and_saves_nothing(admin_client, settings):
    response = admin_upload(admin_client, "procedure.pdf", ELF)
    assert response.status_code == 200
    assert "pas un vrai PDF" in response.text
    assert not get_document_model().objects.exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_admin_refuses_a_file_over_the_limit(admin_client, settings):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 1024 * 1024
    response = admin_upload(admin_client, "gros.txt", b"a" * (1024 * 1024 + 300 * 1024))
    assert "Le fichier pèse 1,3 Mo ; la taille maximale est de 1 Mo." in response.text
    assert not get_document_model().objects.exists()


def test_admin_upload_is_named_cleanly_and_its_text_extracted(admin_client, django_capture_on_commit_callbacks):
    data = samples.make_pdf("Guide", ["motadmin dans le guide"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_upload(admin_client, "../Guide d'écoute.PDF", data)
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.filename.startswith("Guide_découte") and document.filename.endswith(".pdf")
    text = DocumentText.objects.get(document=document)
    assert text.status == DocumentText.Status.DONE and "motadmin" in text.text


def test_admin_multiple_upload_refuses_an_executable_too(admin_client):
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"collection": library_collection().pk, "files[]": SimpleUploadedFile("procedure.pdf", ELF)},
    )
    data = response.json()
    assert data["success"] is False and "pas un vrai PDF" in data["error_message"]
    assert not get_document_model().objects.exists()
