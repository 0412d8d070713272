"""The indicator import: CSV and XLSX read cell by cell, refused whole with a French message per faulty cell,
saved all or nothing (a re-import updates), who may import, the templates, constant queries, the alert."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.notifications.models import Notification
from community.steering import imports
from community.steering.models import MonthlyIndicator, this_month
from community.steering.notification_kinds import LOW_ANSWER_RATE
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, make_months, months_back

pytestmark = pytest.mark.django_db

URL = "/pilotage/import/"
HEADER = "centre;mois;appels_recus;appels_decroches;attente_mediane_s;etp;arrivees;departs"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def target(settings):
    settings.STEERING_ANSWER_RATE_TARGET = 0.85


@pytest.fixture
def bretagne(db):
    return CentreFactory(name="Centre de réponse Bretagne", slug="bretagne")


@pytest.fixture
def occitanie(db):
    return CentreFactory(name="Centre de réponse Occitanie", slug="occitanie")


@pytest.fixture
def cadre_client(client, bretagne):
    client.force_login(cadre_of(bretagne))
    return client


def ago(months: int) -> date:
    return months_back(months + 1, this_month())[0]


def ym(month: date) -> str:
    return f"{month:%Y-%m}"


def csv_file(*lines: str, header: str = HEADER, name: str = "indicateurs.csv", bom: bool = False) -> SimpleUploadedFile:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + text.encode())


def xlsx_file(rows, header=imports.HEADER, name="indicateurs.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def post(client, upload):
    return client.post(URL, {"file": upload})


def page_text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def read(upload, actor):
    return imports.read_upload(upload, actor)


# --- A good file, CSV or XLSX ---------------------------------------------------------------------------


def test_a_coordinator_imports_a_csv_of_two_centres(coordinator_client, coordinator, bretagne, occitanie):
    one, two = ago(2), ago(1)
    upload = csv_file(
        f"bretagne;{ym(one)};1 240;1 096;38;12,5;1;0",
        f"bretagne;{ym(two)};1315;1142;;;;",
        f"Centre de réponse Occitanie;{ym(two)};900;850;51;9;0;2",
        bom=True,
    )

    response = post(coordinator_client, upload)

    assert response.status_code == 302
    assert response["Location"] == "/pilotage/"
    row = MonthlyIndicator.objects.get(centre=bretagne, month=one)
    assert (row.calls_received, row.calls_answered, row.median_wait_seconds) == (1240, 1096, 38)
    assert (row.staff_fte, row.arrivals, row.departures, row.updated_by) == (Decimal("12.5"), 1, 0, coordinator)
    blank = MonthlyIndicator.objects.get(centre=bretagne, month=two)
    assert (blank.median_wait_seconds, blank.staff_fte, blank.arrivals, blank.departures) == (None, None, 0, 0)
    assert MonthlyIndicator.objects.get(centre=occitanie).departures == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["3 mois enregistrés pour 2 centres (3 nouveaux, 0 mis à jour)."]


def test_a_comma_separated_csv_with_a_quoted_decimal_comma_is_read(coordinator, bretagne):
    upload = csv_file(f'bretagne,{ym(ago(1))},1000,900,40,"12,75",0,0', header=HEADER.replace(";", ","))

    [row] = read(upload, coordinator)

    assert (row.centre, row.month, row.staff_fte) == (bretagne, ago(1), Decimal("12.75"))


def test_the_header_ignores_case_accents_and_spaces(coordinator, bretagne):
    header = "Centre;Mois;Appels reçus;Appels décrochés;Attente médiane s;ETP;Arrivées;Départs"
    [row] = read(csv_file(f"BRETAGNE;{ym(ago(1))};10;9;;;;", header=header), coordinator)

    assert (row.centre, row.calls_answered) == (bretagne, 9)


@pytest.mark.parametrize("written", ["2026-03", "2026-3", "2026-03-17", "03/2026", "17/03/2026"])
def test_a_month_is_read_in_the_usual_ways(coordinator, bretagne, written, monkeypatch):
    monkeypatch.setattr(imports, "this_month", lambda: date(2026, 11, 1))

    [row] = read(csv_file(f"bretagne;{written};10;9;;;;"), coordinator)

    assert row.month == date(2026, 3, 1)


def test_a_windows_1252_csv_from_french_excel_is_read(coordinator):
    centre = CentreFactory(name="Centre de réponse Île-de-France", slug="ile-de-france")
    text = f"{HEADER}\r\nCentre de réponse Île-de-France;{ym(ago(1))};10;9;;;;\r\n"

    [row] = read(SimpleUploadedFile("excel.csv", text.encode("cp1252")), coordinator)

    assert row.centre == centre


def test_a_workbook_round_trips(coordinator_client, bretagne, occitanie):
    one, two = ago(3), ago(2)
    upload = xlsx_file(
        [
            ("bretagne", one, 1200, 1100, 40, 12.5, 1, 0),  # a date cell
            ("occitanie", ym(two), "1 000", 950, None, "9,5", None, None),  # text, as typed by hand
            (None,) * 8,  # a blank row in between is skipped
            ("Centre de réponse Bretagne", two, 1300, 1200.0, 41, 13, 0, 1),
        ]
    )

    response = post(coordinator_client, upload)

    assert response.status_code == 302
    rows = MonthlyIndicator.objects.order_by("centre__slug", "month")
    assert [(r.centre.slug, r.month, r.calls_received, r.calls_answered, r.staff_fte) for r in rows] == [
        ("bretagne", one, 1200, 1100, Decimal("12.5")),
        ("bretagne", two, 1300, 1200, Decimal("13")),
        ("occitanie", two, 1000, 950, Decimal("9.5")),
    ]


def test_a_workbook_error_names_the_sheet_row(coordinator_client, bretagne):
    upload = xlsx_file([("bretagne", ago(2), 100, 90, 0, 1, 0, 0), ("bretagne", ago(1), 100, "beaucoup", 0, 1, 0, 0)])

    response = post(coordinator_client, upload)

    assert response.status_code == 400
    assert "« beaucoup » n'est pas un nombre entier." in page_text(response)
    [error] = response.context["cell_errors"]
    assert (error.line, error.column) == (3, "appels_decroches")


# --- A re-import updates, never duplicates ----------------------------------------------------------------


def test_a_reimport_updates_the_months_already_there(coordinator_client, bretagne):
    first = csv_file(f"bretagne;{ym(ago(2))};1000;900;;;;", f"bretagne;{ym(ago(1))};1000;900;;;;")
    post(coordinator_client, first)

    again = csv_file(f"bretagne;{ym(ago(1))};1100;1000;;;;", f"bretagne;{ym(ago(0))};500;450;;;;")
    response = post(coordinator_client, again)

    assert MonthlyIndicator.objects.filter(centre=bretagne).count() == 3
    assert MonthlyIndicator.objects.get(centre=bretagne, month=ago(1)).calls_received == 1100
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "2 mois enregistrés pour 1 centre (1 nouveau, 1 mis à jour)."
    )


# --- Bad input: refused whole, a French message, nothing saved -----------------------------------------------

GOOD = "bretagne;{month};1000;900;40;12;0;0"


def _good(months_ago=2):
    return GOOD.format(month=ym(ago(months_ago)))


# A valid first row, then one faulty row: {m} is last month, {m2} the month before (the first row's).
BAD_ROWS = {
    "faulty row (answered over received)": (
        "bretagne;{m};1200;1250;40;12;0;0",
        f"Ligne 3, colonne appels_decroches : 1{NBSP}250 décrochés pour 1{NBSP}200 reçus",
    ),
    "negative value": (
        "bretagne;{m};1200;1000;40;12;-3;0",
        "Ligne 3, colonne arrivees : Valeur négative (-3)",
    ),
    "non-numeric cell": (
        "bretagne;{m};mille;900;40;12;0;0",
        "Ligne 3, colonne appels_recus : « mille » n'est pas un nombre entier.",
    ),
    "non-numeric ETP": (
        "bretagne;{m};1000;900;40;douze;0;0",
        "Ligne 3, colonne etp : « douze » n'est pas un nombre (par exemple 12,5).",
    ),
    "decimal count": (
        "bretagne;{m};1000;900;40,5;12;0;0",
        "Ligne 3, colonne attente_mediane_s : « 40,5 » n'est pas un nombre entier.",
    ),
    "missing required cell": (
        "bretagne;{m};;900;40;12;0;0",
        "Ligne 3, colonne appels_recus : Valeur manquante.",
    ),
    "unknown centre": (
        "atlantide;{m};1000;900;40;12;0;0",
        "Ligne 3, colonne centre : Centre inconnu : « atlantide ».",
    ),
    "duplicate centre-month": (
        "Centre de réponse Bretagne;{m2};1100;1000;40;12;0;0",
        f"Ligne 3, colonne mois : Centre de réponse Bretagne, {ym(ago(2))} figure déjà ligne 2",
    ),
    "month in the future": (
        "bretagne;{future};1000;900;40;12;0;0",
        "Ligne 3, colonne mois : Mois à venir",
    ),
    "not a month": (
        "bretagne;mars;1000;900;40;12;0;0",
        "Ligne 3, colonne mois : « mars » n'est pas un mois : écrivez AAAA-MM, par exemple 2026-09.",
    ),
    "value without a column": (
        "bretagne;{m};1000;900;40;12;0;0;oups",
        "Ligne 3, colonne (hors en-tête) : Valeur sans colonne : « oups ».",
    ),
}


def _with_bad_row(line: str):
    future = months_back(2, this_month().replace(year=this_month().year + 1))[0]
    return lambda: csv_file(_good(), line.format(m=ym(ago(1)), m2=ym(ago(2)), future=ym(future)))


BAD_FILES = {
    **{case: (_with_bad_row(line), expected) for case, (line, expected) in BAD_ROWS.items()},
    "wrong header": (
        lambda: csv_file(_good(), header="centre;mois;recus;decroches;attente;etp;arrivees;departs"),
        "La ligne d'en-tête (ligne 1) ne suit pas le modèle : colonnes manquantes : appels_recus, appels_decroches, "
        "attente_mediane_s ; colonnes inconnues : « recus », « decroches », « attente ». En-tête attendu : " + HEADER,
    ),
    "missing column": (
        lambda: csv_file("bretagne;2026-01;1000;900;40;12;0", header=HEADER.rsplit(";", 1)[0]),
        "colonnes manquantes : departs",
    ),
    "empty file": (lambda: SimpleUploadedFile("vide.csv", b""), "Le fichier est vide."),
    "blank lines only": (
        lambda: SimpleUploadedFile("blanc.csv", b"\r\n  \r\n;;;\r\n"),
        "Le fichier est vide : il n'a ni ligne d'en-tête ni ligne de données.",
    ),
    "header without data": (lambda: csv_file(), "Le fichier n'a aucune ligne de données sous sa ligne d'en-tête."),
    "PDF renamed .csv": (
        lambda: SimpleUploadedFile("indicateurs.csv", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        "Ce fichier n'est ni un CSV ni un classeur XLSX.",
    ),
    "executable renamed .csv": (
        lambda: SimpleUploadedFile(
            "indicateurs.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
        ),
        "Ce fichier n'est ni un CSV ni un classeur XLSX.",
    ),
    "Word document renamed .xlsx": (
        lambda: SimpleUploadedFile("indicateurs.xlsx", _docx()),
        "Ce fichier n'est ni un CSV ni un classeur XLSX.",
    ),
    "damaged workbook": (
        lambda: SimpleUploadedFile("indicateurs.xlsx", _broken_xlsx()),
        "Ce classeur XLSX n'a pas pu être lu",
    ),
}


def _ooxml(main_part: str, content_type: str, parts: dict[str, str]) -> bytes:
    """A zip declaring ``main_part`` as an Office document of ``content_type``, with ``parts`` in it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{main_part}" ContentType="application/vnd.openxmlformats-officedocument.'
            f'{content_type}.main+xml"/></Types>',
        )
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _docx() -> bytes:
    return _ooxml("word/document.xml", "wordprocessingml.document", {"word/document.xml": "<w:document/>"})


def _broken_xlsx() -> bytes:
    """A zip that declares a workbook but has none."""
    return _ooxml("xl/workbook.xml", "spreadsheetml.sheet", {})


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_whole_with_a_french_message(coordinator_client, bretagne, case):
    make_months(bretagne, 3, ago(3))
    before = list(MonthlyIndicator.objects.values_list("pk", "calls_received", "updated_at"))
    upload, expected = BAD_FILES[case]

    response = post(coordinator_client, upload())

    assert response.status_code == 400
    text = page_text(response)
    assert expected in text or expected in [str(e) for e in response.context["cell_errors"]][0], text
    assert list(MonthlyIndicator.objects.values_list("pk", "calls_received", "updated_at")) == before
    assert response.context["form"]["file"].errors


def test_a_faulty_cell_is_listed_beside_the_file_field(coordinator_client, bretagne):
    upload = csv_file(_good(), f"bretagne;{ym(ago(1))};1200;1250;40;12;0;0")

    response = post(coordinator_client, upload)

    html = response.content.decode()
    assert 'aria-describedby="id_file_helptext id_file_error"' in html
    assert 'aria-invalid="true"' in html and "autofocus" in html
    assert 'id="id_file_error"' in html and 'href="#import-errors"' in html
    assert 'id="import-errors" tabindex="-1"' in html
    assert '<th scope="row">3</th><td><code>appels_decroches</code></td>' in html
    assert "Le fichier a 1 erreur : rien n'a été enregistré." in page_text(response)
    assert "<title>Erreur : Importer des indicateurs" in html


def test_every_faulty_cell_is_reported_and_the_list_is_capped(coordinator_client, bretagne):
    lines = [f"bretagne;{ym(month)};x;y;;;;" for month in months_back(40, ago(1))]  # 2 errors a row

    response = post(coordinator_client, csv_file(*lines))

    assert response.status_code == 400
    assert response.context["error_count"] == 80
    assert len(response.context["cell_errors"]) == 50
    assert "… et 30 autres erreurs" in page_text(response)
    assert "Le fichier a 80 erreurs" in page_text(response)
    assert not MonthlyIndicator.objects.exists()


def test_a_50_mb_file_is_refused_without_being_stored(coordinator_client, bretagne, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = SimpleUploadedFile("enorme.csv", HEADER.encode() + b"\r\n" + b"bretagne;2020-01;1;1;1;1;1;1\r\n" * 1_750_000)
    assert big.size > 50 * 1024 * 1024

    response = post(coordinator_client, big)

    assert response.status_code == 400
    assert re.search(r"Le fichier pèse 5\d(,\d)? Mo ; la taille maximale est de 5 Mo\.", page_text(response))
    assert not MonthlyIndicator.objects.exists()
    assert not list(tmp_path.iterdir())  # skipped on arrival, never written to a temporary file


def test_an_upload_of_unknown_length_past_the_limit_is_refused(coordinator, rf, settings):
    from community.steering.import_views import ImportForm, SizeCap

    cap = SizeCap(rf.post(URL), limit=settings.STEERING_IMPORT_MAX_BYTES)
    cap.exceeded = True  # what receive_data_chunk records past the limit in a chunked request (no Content-Length)

    form = ImportForm({}, {}, actor=coordinator, cap=cap)

    assert form.errors["file"] == ["Le fichier dépasse la taille maximale de 5 Mo."]


def test_the_size_limit_is_a_setting(coordinator, bretagne, settings):
    settings.STEERING_IMPORT_MAX_BYTES = 100
    upload = csv_file(_good(), _good(1))

    with pytest.raises(imports.ImportRefused, match="la taille maximale est de 0,1 ko"):
        read(upload, coordinator)


def test_too_many_rows_are_refused(coordinator, bretagne, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)

    with pytest.raises(imports.ImportRefused, match="Le fichier dépasse 3 lignes"):
        read(csv_file(*[_good(n) for n in range(1, 5)]), coordinator)


def test_an_oversized_workbook_is_refused_before_it_is_opened(coordinator, bretagne, settings):
    workbook = io.BytesIO(xlsx_file([("bretagne", ym(ago(1)), 1, 1, 1, 1, 1, 1)]).read())
    with zipfile.ZipFile(workbook, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(5 * 1024 * 1024))  # a few kilobytes, deflated
    upload = SimpleUploadedFile("bombe.xlsx", workbook.getvalue())
    settings.STEERING_IMPORT_MAX_BYTES = upload.size

    with pytest.raises(imports.ImportRefused, match="trop volumineux une fois décompressé"):
        read(upload, coordinator)


# --- Who may import -----------------------------------------------------------------------------------------


def test_a_cadre_imports_their_centre_and_lands_on_its_page(cadre_client, bretagne):
    response = post(cadre_client, csv_file(_good(), _good(1)))

    assert response.status_code == 302
    assert response["Location"] == "/pilotage/centres/bretagne/"
    assert MonthlyIndicator.objects.filter(centre=bretagne).count() == 2


def test_a_cadre_importing_another_centres_rows_is_refused(cadre_client, bretagne, occitanie):
    upload = csv_file(_good(), f"occitanie;{ym(ago(1))};1000;900;40;12;0;0")

    response = post(cadre_client, upload)

    assert response.status_code == 400
    assert "Ligne 3, colonne centre : Centre hors de votre périmètre : « occitanie »." in [
        str(e) for e in response.context["cell_errors"]
    ]
    assert not MonthlyIndicator.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"role": "repondant"},
        {"role": "superviseur"},
        {"role": "partenaire", "centre": None},
        {"role": "cadre", "centre": None},
    ],
    ids=["responder", "supervisor", "partner", "cadre without a centre"],
)
@pytest.mark.parametrize("url", [URL, "/pilotage/import/modele.csv", "/pilotage/import/modele.xlsx"])
def test_anyone_else_gets_404(client, bretagne, fields, url):
    client.force_login(UserFactory(**{"centre": bretagne, **fields}))

    assert client.get(url).status_code == 404
    assert client.post(URL, {"file": csv_file(_good())}).status_code == 404
    assert not MonthlyIndicator.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_the_form_checks_csrf(coordinator, bretagne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    assert client.post(URL, {"file": csv_file(_good())}).status_code == 403
    assert not MonthlyIndicator.objects.exists()


# --- The page and the templates -----------------------------------------------------------------------------


def test_the_page_documents_the_format(coordinator_client, bretagne):
    response = coordinator_client.get(URL)

    html = page_text(response)
    assert response.status_code == 200
    assert f"<code>{HEADER}</code>" in html
    for column in imports.COLUMNS:
        assert f"<dt><code>{column.header}</code>" in html
    assert 'href="/pilotage/import/modele.csv"' in html and 'href="/pilotage/import/modele.xlsx"' in html
    assert 'accept=".csv,.xlsx' in html


def test_the_csv_template_imports_back_cleanly(coordinator_client, bretagne, occitanie):
    response = coordinator_client.get("/pilotage/import/modele.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="modele-indicateurs.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert [line.split(";")[0] for line in lines[1:]] == ["bretagne", "occitanie"]
    assert ",5" in lines[1]  # the French decimal comma

    imported = post(coordinator_client, SimpleUploadedFile("modele.csv", response.content))

    assert imported.status_code == 302
    assert MonthlyIndicator.objects.count() == 2


def test_the_xlsx_template_imports_back_cleanly_for_a_cadre(cadre_client, bretagne, occitanie):
    response = cadre_client.get("/pilotage/import/modele.xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read(SimpleUploadedFile("modele.xlsx", response.content), response.wsgi_request.user)
    assert [(row.centre, row.month) for row in rows] == [(bretagne, ago(2)), (bretagne, ago(1))]

    imported = post(cadre_client, SimpleUploadedFile("modele.xlsx", response.content))

    assert imported.status_code == 302
    assert set(MonthlyIndicator.objects.values_list("centre__slug", flat=True)) == {"bretagne"}


# --- Queries and the alert --------------------------------------------------------------------------------


def _post_counting(client, lines):
    with CaptureQueriesContext(connection) as captured:
        response = post(client, csv_file(*lines))
    assert response.status_code == 302, page_text(response)
    return len(captured)


def test_the_import_runs_the_same_queries_for_24_or_120_months(coordinator_client):
    centres = [CentreFactory() for _ in range(5)]
    months = months_back(24, ago(1))
    few = [f"{centres[0].slug};{ym(m)};1000;900;40;12;0;0" for m in months]
    many = [f"{c.slug};{ym(m)};1000;900;40;12;0;0" for c in centres for m in months]

    small, large = _post_counting(coordinator_client, few), _post_counting(coordinator_client, many)

    # SQLite takes at most 999 parameters a statement: the 120 months are written in two INSERTs.
    assert small <= 16 and large <= small + 2, (small, large)
    assert MonthlyIndicator.objects.count() == 120


def test_an_import_under_the_target_tells_coordinators_once(coordinator_client, coordinator, bretagne):
    lines = [f"bretagne;{ym(m)};1000;700;40;12;0;0" for m in months_back(3, ago(1))]

    post(coordinator_client, csv_file(*lines))
    post(coordinator_client, csv_file(*lines))  # the same months again: the same episode

    [alert] = Notification.objects.filter(kind=LOW_ANSWER_RATE)
    assert alert.recipient == coordinator
    assert "Centre de réponse Bretagne" in alert.text


@pytest.mark.parametrize("centres", [2, 30])
def test_the_import_page_and_templates_make_the_same_queries_for_few_or_many_centres(
    coordinator_client, measure, centres
):
    for _ in range(centres):
        make_months(CentreFactory(), 24, ago(1))

    for url in (URL, "/pilotage/import/modele.csv", "/pilotage/import/modele.xlsx"):
        count, writes = measure(coordinator_client, url, 3)  # session, member, then the unread count or centres
        assert not writes, (url, writes)
