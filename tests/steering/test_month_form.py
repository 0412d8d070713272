"""The month entry form: a cadre enters or corrects their centre's month (coordinators any centre's), refused
figures come back with the French message beside the field, everything typed kept and status 400, nothing
saved; another centre's form is a 404, for a GET and a POST alike."""

import html
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from community.steering import stats
from community.steering.models import MonthlyIndicator, this_month
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, make_months

pytestmark = pytest.mark.django_db


@pytest.fixture
def bretagne():
    return CentreFactory(name="Centre Bretagne")


@pytest.fixture
def cadre(bretagne):
    return cadre_of(bretagne)


@pytest.fixture
def cadre_client(client, cadre):
    client.force_login(cadre)
    return client


def form_url(centre) -> str:
    return reverse("steering:edit_month", args=[centre.slug])


def valid(**changes) -> dict:
    month = stats.last_complete_month()
    return {
        "month": f"{month:%Y-%m}",
        "calls_received": "1 250",
        "calls_answered": "1100",
        "median_wait_seconds": "42",
        "staff_fte": "12,5",
        "arrivals": "1",
        "departures": "",
    } | changes


def error_of(response, field) -> str:
    """The message shown beside the field (``<div class="errorlist" id="id_<field>_error">``)."""
    text = response.content.decode()
    marker = f'id="id_{field}_error"><p>'
    assert marker in text, f"no error beside {field}"
    return html.unescape(text.split(marker, 1)[1].split("</p>", 1)[0])


def test_cadre_enters_a_month_and_lands_on_the_row_with_the_rate(cadre_client, bretagne, cadre):
    response = cadre_client.post(form_url(bretagne), valid())
    month = stats.last_complete_month()
    assert response.status_code == 302
    assert response["Location"] == reverse("steering:centre", args=[bretagne.slug]) + f"#mois-{month:%Y-%m}"
    row = MonthlyIndicator.objects.get(centre=bretagne, month=month)
    assert (row.calls_received, row.calls_answered, row.median_wait_seconds) == (1250, 1100, 42)
    assert (row.staff_fte, row.arrivals, row.departures, row.updated_by) == (Decimal("12.5"), 1, 0, cadre)
    page = cadre_client.get(response["Location"]).content.decode()
    assert "taux de décroché 88,0\u00a0%" in page


def test_the_current_month_may_be_entered_and_optional_figures_left_empty(cadre_client, bretagne):
    data = valid(month=f"{this_month():%m/%Y}", median_wait_seconds="", staff_fte="", arrivals="")
    assert cadre_client.post(form_url(bretagne), data).status_code == 302
    row = MonthlyIndicator.objects.get(centre=bretagne, month=this_month())
    assert (row.median_wait_seconds, row.staff_fte, row.arrivals) == (None, None, 0)


def test_correcting_a_month_starts_from_its_figures_and_updates_the_same_row(cadre_client, bretagne):
    month = stats.last_complete_month()
    make_months(bretagne, 3, month, received=1000, rate=0.9, staff_fte=Decimal("11.5"))
    response = cadre_client.get(form_url(bretagne) + f"?mois={month:%Y-%m}")
    text = response.content.decode()
    assert "Corriger un mois — Centre Bretagne" in text
    saved = MonthlyIndicator.objects.get(centre=bretagne, month=month)
    assert f'value="{month:%Y-%m}"' in text and f'value="{saved.calls_received}"' in text
    assert 'value="11,50"' in text
    assert cadre_client.post(form_url(bretagne), valid(calls_received="900", calls_answered="700")).status_code == 302
    assert MonthlyIndicator.objects.filter(centre=bretagne).count() == 3
    saved.refresh_from_db()
    assert (saved.calls_received, saved.calls_answered) == (900, 700)


def test_a_new_month_is_offered_as_the_latest_complete_one(cadre_client, bretagne):
    text = cadre_client.get(form_url(bretagne)).content.decode()
    assert f'value="{stats.last_complete_month():%Y-%m}"' in text
    assert "Saisir un mois — Centre Bretagne" in text
    assert 'type="month"' in text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"calls_answered": "1300"}, "calls_answered", "Les appels décrochés dépassent les appels reçus."),
        ({"calls_received": "-5"}, "calls_received", "La valeur ne peut pas être négative."),
        ({"median_wait_seconds": "-1"}, "median_wait_seconds", "La valeur ne peut pas être négative."),
        ({"staff_fte": "-2"}, "staff_fte", "La valeur ne peut pas être négative."),
        ({"departures": "-1"}, "departures", "La valeur ne peut pas être négative."),
        ({"month": "2999-01"}, "month", "Ce mois n'est pas encore commencé."),
        ({"month": "janvier"}, "month", "Indiquez un mois au format AAAA-MM, par exemple 2026-10."),
        ({"month": ""}, "month", "Indiquez le mois."),
        ({"calls_received": ""}, "calls_received", "Indiquez le nombre d'appels reçus."),
        ({"calls_answered": "beaucoup"}, "calls_answered", "Saisissez un nombre entier, par exemple 1250."),
        ({"staff_fte": "douze"}, "staff_fte", "Saisissez un nombre, par exemple 12,5."),
    ],
)
def test_refused_figures_come_back_with_the_message_beside_the_field(cadre_client, bretagne, changes, field, message):
    data = valid(**changes)
    response = cadre_client.post(form_url(bretagne), data)
    assert response.status_code == 400
    assert error_of(response, field) == message
    text = response.content.decode()
    assert 'class="form-errors" role="alert"' in text and f'href="#id_{field}"' in text
    for name, value in data.items():
        if value:
            assert f'name="{name}" value="{value}"' in text, name  # everything typed is kept
    assert not MonthlyIndicator.objects.exists()


def test_an_empty_form_names_every_required_field(cadre_client, bretagne):
    response = cadre_client.post(form_url(bretagne), {})
    assert response.status_code == 400
    assert [error_of(response, field) for field in ("month", "calls_received", "calls_answered")] == [
        "Indiquez le mois.",
        "Indiquez le nombre d'appels reçus.",
        "Indiquez le nombre d'appels décrochés.",
    ]
    assert not MonthlyIndicator.objects.exists()


def test_a_cadre_posting_for_another_centre_gets_404_and_nothing_is_saved(cadre_client, bretagne):
    occitanie = CentreFactory(name="Centre Occitanie")
    assert cadre_client.get(form_url(occitanie)).status_code == 404
    assert cadre_client.post(form_url(occitanie), valid()).status_code == 404
    assert not MonthlyIndicator.objects.exists()


def test_members_who_are_not_cadres_get_404(client, bretagne):
    for user in (UserFactory(centre=bretagne, role="repondant"), UserFactory(centre=bretagne, role="superviseur")):
        client.force_login(user)
        assert client.post(form_url(bretagne), valid()).status_code == 404
    assert not MonthlyIndicator.objects.exists()


def test_coordinators_enter_any_centre(client, coordinator, bretagne):
    client.force_login(coordinator)
    assert client.post(form_url(bretagne), valid(month="2026-01")).status_code == 302
    assert MonthlyIndicator.objects.get(centre=bretagne).month == date(2026, 1, 1)


def test_form_queries_do_not_grow_with_the_months(cadre_client, bretagne, measure):
    month = stats.last_complete_month()
    make_months(bretagne, 120, month)
    cadre_client.get(form_url(bretagne))
    count, writes = measure(cadre_client, form_url(bretagne) + f"?mois={month:%Y-%m}", 8)
    assert writes == []
