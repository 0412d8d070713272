"""The indicator pages: who sees which centre by name (coordinators every one, a centre's members their own,
others none) on the overview, a centre's page, the comparison and in their CSV files and charts; 404
for a centre one may not see; French figures; queries independent of the months and centres."""

import csv
import io
import re

import pytest
from django.urls import reverse

from community.steering import stats
from community.steering.models import MonthlyIndicator
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, make_months

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
NAMES = ("Centre Bretagne", "Centre Occitanie", "Centre Guadeloupe")


@pytest.fixture
def last():
    return stats.last_complete_month()


@pytest.fixture
def centres(last):
    """Bretagne above the target, Occitanie under it, Guadeloupe in between; 24 months each."""
    bretagne, occitanie, guadeloupe = (CentreFactory(name=name) for name in NAMES)
    make_months(bretagne, 24, last, rate=0.9)
    make_months(occitanie, 24, last, rate=0.81)
    make_months(guadeloupe, 24, last, rate=0.87)
    return bretagne, occitanie, guadeloupe


@pytest.fixture
def login(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def page_text(response) -> str:
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content[3:].decode(), newline=""), delimiter=";"))


def urls_of(centre) -> dict[str, str]:
    return {
        "page": reverse("steering:centre", args=[centre.slug]),
        "csv": reverse("steering:centre_csv", args=[centre.slug]),
        "chart": reverse("steering:centre_chart", args=[centre.slug]),
        "calls chart": reverse("steering:centre_chart", args=[centre.slug]) + "?serie=appels",
        "form": reverse("steering:edit_month", args=[centre.slug]),
    }


SHARED_URLS = [
    "/pilotage/",
    "/pilotage/?periode=24",
    "/pilotage/reseau.svg",
    "/pilotage/reseau.csv?periode=24",
    "/pilotage/comparaison/",
    "/pilotage/comparaison.svg",
    "/pilotage/comparaison.csv",
]


# --- The overview -----------------------------------------------------------------------------------------


def test_coordinator_overview_lists_every_centre_lowest_rate_first_with_the_one_under_target_flagged(
    login, centres, coordinator, last
):
    MonthlyIndicator.objects.filter(centre=centres[1], month=last).update(calls_received=1250, calls_answered=1012)
    response = login(coordinator).get("/pilotage/")
    text = page_text(response)
    assert response.status_code == 200
    order = [text.index(f">{name}</a>") for name in ("Centre Occitanie", "Centre Guadeloupe", "Centre Bretagne")]
    assert order == sorted(order)
    occitanie_row = re.search(r'<tr class="under-target">.*?</tr>', text, re.S).group()
    assert "Centre Occitanie" in occitanie_row and "sous la cible" in occitanie_row
    assert text.count('class="under-target"') == 1
    assert f"81,0{NBSP}%" in occitanie_row and f"1{NBSP}250" in occitanie_row and f"1{NBSP}012" in occitanie_row
    for centre in centres:
        assert reverse("steering:centre", args=[centre.slug]) in text
    for name in ("steering:import", "steering:deployment", "steering:comparison"):
        assert reverse(name) in text


def test_overview_sorted_by_name(login, centres, coordinator):
    text = page_text(login(coordinator).get("/pilotage/?tri=nom"))
    order = [text.index(f">{name}</a>") for name in sorted(NAMES)]
    assert order == sorted(order)


def test_member_overview_shows_their_centre_against_the_network_and_no_other_centre(login, centres):
    bretagne = centres[0]
    member = UserFactory(centre=bretagne, role="repondant")
    for url in SHARED_URLS:
        response = login(member).get(url)
        assert response.status_code == 200
        body = response.content.decode("utf-8-sig")
        assert "Centre Occitanie" not in body and "Centre Guadeloupe" not in body, url
    text = page_text(login(member).get("/pilotage/"))
    assert "Centre Bretagne en " in text and "Médiane du réseau" in text
    assert reverse("steering:centre", args=[bretagne.slug]) in text
    assert reverse("steering:import") not in text  # a répondant does not enter figures
    cadre_text = page_text(login(cadre_of(bretagne)).get("/pilotage/"))
    assert reverse("steering:import") in cadre_text


def test_member_without_a_centre_sees_the_network_only(login, centres):
    partner = UserFactory(centre=None, role="partenaire")
    for url in SHARED_URLS:
        body = login(partner).get(url).content.decode("utf-8-sig")
        assert not any(name in body for name in NAMES), url
    text = page_text(login(partner).get("/pilotage/"))
    assert "Le réseau sur 12 mois" in text and "/pilotage/centres/" not in text


def test_overview_without_any_figures(login, coordinator, member):
    response = login(coordinator).get("/pilotage/")
    assert response.status_code == 200
    assert "Aucun centre n'a encore transmis" in page_text(response)
    assert login(member).get("/pilotage/").status_code == 200


def test_network_csv_gives_the_median_and_spread_month_by_month(login, centres, member, last):
    rows = csv_rows(login(member).get("/pilotage/reseau.csv?periode=24"))
    assert rows[0][:7] == [
        "Mois",
        "Centres ayant transmis",
        "Taux de décroché médian (%)",
        "1er quartile (%)",
        "3e quartile (%)",
        "Minimum (%)",
        "Maximum (%)",
    ]
    assert len(rows) == 25 and rows[-1][0] == f"{last:%Y-%m}"
    assert rows[-1][1] == "3"
    median, minimum, maximum = (float(rows[-1][index].replace(",", ".")) for index in (2, 5, 6))
    assert minimum < median < maximum
    assert minimum == pytest.approx(81, abs=0.2)


# --- A centre's page ----------------------------------------------------------------------------------------


def test_centre_page_shows_the_series_with_charts_tables_and_downloads(login, centres, coordinator, last):
    occitanie = centres[1]
    urls = urls_of(occitanie)
    text = page_text(login(coordinator).get(urls["page"] + "?periode=24"))
    assert text.count("<img ") == 2
    assert f'src="{urls["chart"]}?periode=24"' in text
    assert f'src="{urls["chart"]}?periode=24&amp;serie=appels"' in text
    assert f"{urls['csv']}?periode=24" in text
    assert text.count("<caption") == 2 and 'scope="col"' in text and 'scope="row"' in text
    assert len(re.findall(r'<tr id="mois-\d{4}-\d{2}">', text)) == 24
    assert f'id="mois-{last:%Y-%m}"' in text
    assert "Saisir / corriger un mois" in text and f"{urls['form']}?mois={last:%Y-%m}" in text
    assert "sous la cible" in text and f"81,0{NBSP}%" in text


def test_centre_page_for_its_members_and_cadre(login, centres):
    bretagne = centres[0]
    urls = urls_of(bretagne)
    text = page_text(login(UserFactory(centre=bretagne)).get(urls["page"]))
    assert "Indicateurs — Centre Bretagne" in text and "Saisir / corriger" not in text
    assert not any(name in text for name in NAMES[1:])
    assert "Saisir / corriger un mois" in page_text(login(cadre_of(bretagne)).get(urls["page"]))


@pytest.mark.parametrize("url_name", ["page", "csv", "chart", "calls chart", "form"])
def test_another_centre_is_404_for_members_cadres_and_members_without_centre(login, centres, url_name):
    bretagne, occitanie, _ = centres
    url = urls_of(occitanie)[url_name]
    for user in (UserFactory(centre=bretagne), cadre_of(bretagne), UserFactory(centre=None, role="partenaire")):
        assert login(user).get(url).status_code == 404, (user.role, url)
    assert login(UserFactory(centre=bretagne)).get(urls_of(bretagne)["form"]).status_code == 404  # a répondant


def test_centre_csv_is_a_french_excel_file(login, centres, coordinator, last):
    bretagne = centres[0]
    response = login(coordinator).get(urls_of(bretagne)["csv"])
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert f"indicateurs-{bretagne.slug}-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    rows = csv_rows(response)
    assert rows[0] == [
        "Mois",
        "Appels reçus",
        "Appels décrochés",
        "Taux de décroché (%)",
        "Médiane du réseau (%)",
        "Cible (%)",
        "Attente médiane (s)",
        "ETP",
        "Arrivées",
        "Départs",
        "Rotation du mois (%)",
    ]
    assert len(rows) == 13
    row = MonthlyIndicator.objects.get(centre=bretagne, month=last)
    expected_rate = f"{100 * row.calls_answered / row.calls_received:.1f}".replace(".", ",")
    assert rows[-1][:4] == [f"{last:%Y-%m}", str(row.calls_received), str(row.calls_answered), expected_rate]
    assert rows[-1][5:] == ["85,0", "35", "12,00", "1", "1", "8,3"]
    assert rows[-1][4] == "87,0"  # the median of 90, 87 and 81


def test_a_month_not_sent_is_a_gap_in_the_table_and_the_csv(login, centres, coordinator, last):
    bretagne = centres[0]
    MonthlyIndicator.objects.filter(centre=bretagne, month=last).delete()
    text = page_text(login(coordinator).get(urls_of(bretagne)["page"]))
    assert "non transmis" in text
    rows = csv_rows(login(coordinator).get(urls_of(bretagne)["csv"]))
    assert rows[-1][0] == f"{last:%Y-%m}" and rows[-1][1:4] == ["", "", ""] and rows[-1][4] != ""


# --- Charts -------------------------------------------------------------------------------------------------


def test_charts_are_svg_images_without_script_or_external_resource(login, centres, coordinator):
    client = login(coordinator)
    for url in [*SHARED_URLS[2:3], SHARED_URLS[5], urls_of(centres[0])["chart"], urls_of(centres[0])["calls chart"]]:
        response = client.get(url)
        assert response["Content-Type"] == "image/svg+xml"
        assert response["Content-Security-Policy"].startswith("default-src 'none'")
        svg = response.content.decode()
        assert "<svg" in svg and "<script" not in svg.lower()
        assert not re.search(r'(href|src)="(https?:)?//', svg), url
        assert "xml-stylesheet" not in svg and "@import" not in svg
    svg = client.get(urls_of(centres[0])["chart"]).content.decode()
    assert f"Cible 85{NBSP}%" in svg and "Médiane du réseau" in svg
    assert re.search(r"(janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.?\xa0\d{4}", svg)
    assert 'class="rule target"' in svg


def test_comparison_chart_names_centres_for_coordinators_only(login, centres, coordinator):
    svg = login(coordinator).get("/pilotage/comparaison.svg").content.decode()
    assert all(name in svg for name in NAMES)
    member_svg = login(UserFactory(centre=centres[1])).get("/pilotage/comparaison.svg").content.decode()
    assert "Centre Occitanie" in member_svg
    assert "Centre Bretagne" not in member_svg and "Centre Guadeloupe" not in member_svg


# --- The comparison -----------------------------------------------------------------------------------------


def test_coordinator_compares_every_centre_by_name_highest_rate_first(login, centres, coordinator, last):
    response = login(coordinator).get(f"/pilotage/comparaison/?mois={last:%Y-%m}")
    text = page_text(response)
    order = [text.index(f">{name}</a>") for name in ("Centre Bretagne", "Centre Guadeloupe", "Centre Occitanie")]
    assert order == sorted(order)
    assert f'src="/pilotage/comparaison.svg?mois={last:%Y-%m}"' in text
    rows = csv_rows(login(coordinator).get(f"/pilotage/comparaison.csv?mois={last:%Y-%m}"))
    assert rows[0] == ["Rang", "Centre", "Taux de décroché (%)", "Sous la cible", "Appels reçus", "Appels décrochés"]
    assert [row[:4] for row in rows[1:]] == [
        ["1", "Centre Bretagne", rows[1][2], "non"],
        ["2", "Centre Guadeloupe", rows[2][2], "non"],
        ["3", "Centre Occitanie", rows[3][2], "oui"],
    ]


def test_member_comparison_names_only_their_centre_and_gives_others_rate_only(login, centres, last):
    member = UserFactory(centre=centres[2])  # Guadeloupe, second
    text = page_text(login(member).get(f"/pilotage/comparaison/?mois={last:%Y-%m}"))
    assert "Centre Guadeloupe" in text and text.count("Autre centre") == 2
    assert "Appels reçus" not in text  # a centre's size would name it
    rows = csv_rows(login(member).get(f"/pilotage/comparaison.csv?mois={last:%Y-%m}"))
    assert rows[0] == ["Rang", "Centre", "Taux de décroché (%)", "Sous la cible"]
    assert [row[1] for row in rows[1:]] == ["Autre centre", "Centre Guadeloupe", "Autre centre"]
    partner_rows = csv_rows(login(UserFactory(centre=None, role="partenaire")).get("/pilotage/comparaison.csv"))
    assert [row[1] for row in partner_rows[1:]] == ["Autre centre"] * 3


def test_comparison_of_a_month_without_figures_and_bad_months(login, centres, coordinator, last):
    client = login(coordinator)
    assert "Aucun centre n'a transmis" in page_text(client.get("/pilotage/comparaison/?mois=2001-01"))
    for bad in ("2026-13", "n'importe", "2999-01", ""):
        response = client.get(f"/pilotage/comparaison/?mois={bad}")
        assert response.status_code == 200
        assert f"?mois={last:%Y-%m}" in page_text(response)  # back to the latest complete month


def test_comparison_lists_centres_in_service_that_sent_nothing_to_coordinators(login, centres, coordinator, last):
    CentreFactory(name="Centre Normandie")
    silent = CentreFactory(name="Centre Martinique")
    MonthlyIndicator.objects.create(centre=silent, month=last, calls_received=0, calls_answered=0)
    text = page_text(login(coordinator).get("/pilotage/comparaison/"))
    missing = text.split("Pas encore de chiffres pour :", 1)[1]
    assert "Centre Normandie" in missing and "Centre Martinique" not in missing  # no call is not no figures
    assert "Pas encore de chiffres" not in page_text(
        login(UserFactory(centre=centres[0])).get("/pilotage/comparaison/")
    )


def test_csv_cells_that_look_like_formulas_are_neutralised(login, last, coordinator):
    hostile = CentreFactory(name='=HYPERLINK("http://exemple.test";"x")', slug="hostile")
    make_months(hostile, 1, last)
    rows = csv_rows(login(coordinator).get("/pilotage/comparaison.csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://exemple.test";"x")'
    svg = login(coordinator).get("/pilotage/comparaison.svg").content.decode()
    assert "<script" not in svg and "HYPERLINK" in svg  # written as text, escaped by lxml


# --- Queries ------------------------------------------------------------------------------------------------

PAGE_QUERIES = 12


def network_of(count: int, months: int, last):
    centres = [CentreFactory() for _ in range(count)]
    for index, centre in enumerate(centres):
        make_months(centre, months, last, rate=0.8 + index / 200)
    return centres


def all_urls(centre, last) -> list[str]:
    urls = urls_of(centre)
    return [
        *SHARED_URLS,
        f"/pilotage/comparaison/?mois={last:%Y-%m}",
        urls["page"] + "?periode=24",
        urls["csv"] + "?periode=24",
        urls["chart"] + "?periode=24",
        urls["calls chart"],
        urls["form"] + f"?mois={last:%Y-%m}",
    ]


def test_pages_make_the_same_queries_with_24_or_120_months_and_3_or_20_centres(login, last, measure):
    centres = network_of(3, 24, last)
    coordinator = UserFactory(role="coordinateur", centre=None)
    cadre = cadre_of(centres[0])
    counts = {}
    for user in (coordinator, cadre):
        client = login(user)
        client.get("/pilotage/")  # the first request of a process fills caches (content types, site root)
        counts[user.role, "3 centres, 24 months"] = [
            measure(client, url, PAGE_QUERIES) for url in all_urls(centres[0], last)
        ]
    MonthlyIndicator.objects.all().delete()
    centres = [*centres, *network_of(17, 120, last)]
    for centre in centres[:3]:
        make_months(centre, 120, last)
    assert MonthlyIndicator.objects.count() == 20 * 120
    for user in (coordinator, cadre):
        client = login(user)
        counts[user.role, "20 centres, 120 months"] = [
            measure(client, url, PAGE_QUERIES) for url in all_urls(centres[0], last)
        ]
    for role in ("coordinateur", "cadre"):
        few, many = counts[role, "3 centres, 24 months"], counts[role, "20 centres, 120 months"]
        assert [count for count, _ in few] == [count for count, _ in many], role
        assert all(writes == [] for _count, writes in few + many)
    print("\nqueries per page:", {key: [count for count, _ in value] for key, value in counts.items()})
