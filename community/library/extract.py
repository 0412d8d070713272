"""Text of a library file for search, extracted in a child process bounded in time, memory and size.

A crafted file (a PDF that loops, a DOCX that inflates to gigabytes) must not hang or exhaust the
worker: the parent runs ``python -m community.library.extract <path> <kind> <max_chars>`` with CPU and
address-space limits and a wall-clock timeout, and records what came back (``DocumentText``).

The child side (``main``) imports only the extractors, never Django: it starts fast and touches no database.
"""

import json
import sys

# Kinds whose text we extract; any other allowed file (images, spreadsheets, slides) has none for search.
EXTRACTED_KINDS = {"pdf", "docx", "odt", "txt", "csv"}
EXIT_FAILED = 3


# --- Child process ---------------------------------------------------------------------------------


class _Collector:
    """Text pieces up to ``limit`` characters; extractors stop reading once it is full."""

    def __init__(self, limit: int):
        self.limit, self.size, self.pieces = limit, 0, []

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, text: str) -> None:
        text = (text or "").replace("\x00", "").strip()
        if text and not self.full:
            self.pieces.append(text[: self.limit - self.size])
            self.size += len(self.pieces[-1]) + 1

    def text(self) -> str:
        return "\n".join(self.pieces)[: self.limit]


def _pdf(path: str, out: _Collector) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(""):
        return "PDF protégé par un mot de passe : aucun texte extrait."
    for page in reader.pages:
        if out.full:
            break
        out.add(page.extract_text())
    return ""


def _docx(path: str, out: _Collector) -> str:
    import docx

    document = docx.Document(path)
    for paragraph in document.paragraphs:
        if out.full:
            return ""
        out.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            if out.full:
                return ""
            # A merged cell repeats in every row/column it spans: keep it once.
            out.add(" | ".join(dict.fromkeys(cell.text for cell in row.cells)))
    return ""


def _odt(path: str, out: _Collector) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}

    def walk(node):
        for child in node.childNodes:
            if out.full:
                return
            if getattr(child, "qname", None) in blocks:
                out.add(teletype.extractText(child))
            elif child.nodeType == child.ELEMENT_NODE:
                walk(child)

    walk(load(path).text)
    return ""


def _plain(path: str, out: _Collector) -> str:
    # Four bytes at most per character in UTF-8: never read more than the limit needs.
    with open(path, "rb") as handle:
        data = handle.read(out.limit * 4)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    out.add(text)
    return ""


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "txt": _plain, "csv": _plain}


def main(argv: list[str]) -> int:
    """Child entry point: print ``{"text", "detail"}`` as JSON; exit non-zero on an unreadable file."""
    path, kind, limit = argv[0], argv[1], int(argv[2])
    out = _Collector(limit)
    try:
        detail = EXTRACTORS[kind](path, out)
    except Exception as error:  # noqa: BLE001 — any parser error means an unreadable file, told to the parent
        sys.stderr.write(f"{type(error).__name__}: {error}"[:180])
        return EXIT_FAILED
    sys.stdout.write(json.dumps({"text": out.text(), "detail": detail}))
    return 0


# --- Parent (the background task) --------------------------------------------------------------------


def child_command(path: str, kind: str, limit: int) -> list[str]:
    return [sys.executable, "-m", "community.library.extract", path, kind, str(limit)]


def _limits(seconds: int, memory: int):
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    return apply


def run(path: str, kind: str) -> tuple[str, str, str]:
    """``(status, text, detail)`` of one file, extracted in a bounded child process."""
    import subprocess

    from django.conf import settings

    from community.library.models import DocumentText

    Status = DocumentText.Status
    if kind not in EXTRACTED_KINDS:
        return Status.EMPTY, "", "Pas de texte extrait pour ce type de fichier."
    seconds, limit = settings.LIBRARY_EXTRACTION_SECONDS, settings.LIBRARY_EXTRACTED_CHARS
    try:
        result = subprocess.run(
            child_command(path, kind, limit),
            timeout=seconds,
            capture_output=True,
            cwd=settings.BASE_DIR,
            preexec_fn=_limits(seconds, settings.LIBRARY_EXTRACTION_MEMORY_BYTES),
        )
    except subprocess.TimeoutExpired:
        return Status.FAILED, "", f"Extraction interrompue au bout de {seconds} s."
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        return Status.FAILED, "", (reason[-1] if reason else f"Extraction arrêtée (code {result.returncode}).")[:200]
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        return Status.FAILED, "", "Réponse illisible de l'extraction."
    text = answer.get("text", "").replace("\x00", "")[:limit]
    return (Status.DONE if text else Status.EMPTY), text, answer.get("detail", "")[:200]


def kind_of(filename: str) -> str:
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    return {"jpg": "jpeg"}.get(extension, extension)


def extract_and_index(document_id: int) -> None:
    """Extract a document's text, store it, and re-index the live resources whose current files use it."""
    import shutil
    import tempfile

    from wagtail.documents import get_document_model
    from wagtail.search import index

    from community.library.models import DocumentText, ResourcePage

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    kind = kind_of(document.filename)
    try:
        try:
            status, text, detail = run(document.file.path, kind)
        except NotImplementedError:
            # Remote storage: the child reads a local copy, written in chunks.
            with tempfile.NamedTemporaryFile(suffix=f".{kind}") as copy, document.file.open("rb") as source:
                shutil.copyfileobj(source, copy)
                copy.flush()
                status, text, detail = run(copy.name, kind)
    except OSError as error:
        status, text, detail = DocumentText.Status.FAILED, "", f"Fichier introuvable : {error}"[:200]
    DocumentText.objects.update_or_create(
        document=document, defaults={"status": status, "text": text, "detail": detail}
    )
    for page in ResourcePage.objects.live().filter(files__document=document).distinct():
        index.insert_or_update_object(page)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
