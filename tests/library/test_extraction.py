"""Text extraction for search: real PDF, DOCX and ODT files, bounded in a child process, and re-indexing."""

import io
import sys
import time

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from wagtail.search.backends import get_search_backend

from community.library import extract, samples
from community.library.models import DocumentText, ResourcePage
from tests.library.factories import make_document, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def text_of(document) -> DocumentText:
    return DocumentText.objects.get(document=document)


def found(word: str) -> list[str]:
    return [page.title for page in get_search_backend().search(word, ResourcePage.objects.live())]


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.make_pdf("Confidentiel", ["motcache secret"]))))
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_word_only_inside_the_pdf_finds_the_resource(django_capture_on_commit_callbacks, member):
    with django_capture_on_commit_callbacks(execute=True):
        make_resource("Accueil des appelants", files=[pdf_upload(words=["Le motunique du protocole."])])
        make_resource("Autre ressource", files=[pdf_upload(words=["Rien à voir."])])
    assert found("motunique") == ["Accueil des appelants"]
    resource = ResourcePage.objects.get(title="Accueil des appelants")
    assert "motunique" in resource.files_text()
    assert text_of(resource.files.get().document).status == DocumentText.Status.DONE


def test_docx_paragraphs_and_tables_and_odt_text_are_extracted(django_capture_on_commit_callbacks):
    table_doc = docx.Document()
    table_doc.add_paragraph("Introduction du modèle")
    table = table_doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "celluleun", "celluledeux"
    table_bytes = io.BytesIO()
    table_doc.save(table_bytes)
    uploads = {
        "docx": SimpleUploadedFile("guide.docx", samples.make_docx("Guide", ["postvention en équipe"])),
        "table": SimpleUploadedFile("tableau.docx", table_bytes.getvalue()),
        "odt": SimpleUploadedFile("compte-rendu.odt", samples.make_odt("Compte rendu", ["réunion du comité"])),
        "csv": SimpleUploadedFile("liste.csv", "nom;rôle\nAline;écoutante\n".encode("cp1252")),
    }
    with django_capture_on_commit_callbacks(execute=True):
        documents = {key: make_document(upload) for key, upload in uploads.items()}
    assert "postvention en équipe" in text_of(documents["docx"]).text
    assert "celluleun | celluledeux" in text_of(documents["table"]).text
    assert "Introduction du modèle" in text_of(documents["table"]).text
    assert "réunion du comité" in text_of(documents["odt"]).text
    assert "Aline;écoutante" in text_of(documents["csv"]).text
    assert {text_of(document).status for document in documents.values()} == {DocumentText.Status.DONE}


def test_password_protected_pdf_is_accepted_without_text(django_capture_on_commit_callbacks, member, client):
    upload = SimpleUploadedFile("secret.pdf", encrypted_pdf("motdepasse"))
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource("Document protégé", files=[upload])
    text = text_of(resource.files.get().document)
    assert (text.status, text.text) == (DocumentText.Status.EMPTY, "")
    assert "mot de passe" in text.detail
    client.force_login(member)
    assert client.get(resource.url).status_code == 200
    assert found("motcache") == []


def test_pdf_encrypted_with_an_empty_password_is_read():
    with_empty = SimpleUploadedFile("ouvert.pdf", encrypted_pdf(""))
    document = make_document(with_empty)
    status, text, _detail = extract.run(document.file.path, "pdf")
    assert status == DocumentText.Status.DONE and "motcache" in text


def test_corrupt_pdf_is_accepted_and_marked_unreadable(django_capture_on_commit_callbacks, member, client):
    upload = SimpleUploadedFile("abime.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF garbage")
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource("Document abîmé", files=[upload])
    text = text_of(resource.files.get().document)
    assert (text.status, text.text) == (DocumentText.Status.FAILED, "")
    assert text.detail
    client.force_login(member)
    assert client.get(resource.url).status_code == 200


def test_a_slow_file_cannot_hang_the_worker(settings, monkeypatch):
    settings.LIBRARY_EXTRACTION_SECONDS = 1
    document = make_document()
    monkeypatch.setattr(extract, "child_command", lambda *args: [sys.executable, "-c", "import time; time.sleep(30)"])
    started = time.monotonic()
    extract.extract_and_index(document.pk)
    assert time.monotonic() - started < 3
    text = text_of(document)
    assert text.status == DocumentText.Status.FAILED and "1 s" in text.detail


def test_a_file_that_inflates_is_stopped_by_the_memory_limit(settings, monkeypatch):
    settings.LIBRARY_EXTRACTION_MEMORY_BYTES = 256 * 1024 * 1024
    document = make_document()
    monkeypatch.setattr(extract, "child_command", lambda *args: [sys.executable, "-c", "b = bytearray(2 * 1024**3)"])
    extract.extract_and_index(document.pk)
    text = text_of(document)
    assert text.status == DocumentText.Status.FAILED and "MemoryError" in text.detail


def test_extracted_text_is_bounded(settings):
    settings.LIBRARY_EXTRACTED_CHARS = 50
    document = make_document(SimpleUploadedFile("long.txt", ("mot " * 1000).encode()))
    extract.extract_and_index(document.pk)
    assert len(text_of(document).text) == 50


def test_images_and_spreadsheets_have_no_text_and_start_no_process(monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError("no child for a file without text")

    monkeypatch.setattr(extract, "child_command", no_process)
    document = make_document(SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32))
    extract.extract_and_index(document.pk)
    assert text_of(document).status == DocumentText.Status.EMPTY


def test_each_new_document_is_queued_once(django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("community.library.services.extraction._enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        document = make_document()
    assert queued == [document.pk]
    assert text_of(document).status == DocumentText.Status.PENDING
    # Saving the document again without a new file (a title change) does not extract again.
    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Nouveau titre"
        document.save()
    assert queued == [document.pk]


def test_a_new_version_of_the_text_replaces_the_old_one_in_search(django_capture_on_commit_callbacks, member):
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource("Procédure", files=[pdf_upload(words=["ancienmot"])])
    assert found("ancienmot") == ["Procédure"]
    with django_capture_on_commit_callbacks(execute=True):
        document = resource.files.get().document
        document.file = SimpleUploadedFile("procedure.pdf", samples.make_pdf("Procédure", ["nouveaumot"]))
        document.save()
    assert found("nouveaumot") == ["Procédure"]
    assert found("ancienmot") == []
