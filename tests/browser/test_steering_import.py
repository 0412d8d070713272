"""The indicator import in Chromium: a cadre sends a CSV with one faulty row (refused, the cell named beside
the file field, nothing saved), fixes it, and lands on their centre's page with the month in its table and
chart. axe-core finds nothing on the import page, blank or with errors.
"""

import re

import pytest
from playwright.sync_api import expect

from community.steering import formats, stats
from community.steering.models import MonthlyIndicator
from tests.browser.test_steering_indicators import assert_images_loaded
from tests.community.factories import CentreFactory
from tests.steering.factories import cadre_of, make_months

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "centre;mois;appels_recus;appels_decroches;attente_mediane_s;etp;arrivees;departs"


def csv_payload(*lines):
    return {"name": "indicateurs.csv", "mimeType": "text/csv", "buffer": "\r\n".join([HEADER, *lines]).encode()}


def test_cadre_imports_a_faulty_file_then_the_fixed_one(
    site_tree, live_server, browser, assert_accessible, csp_violations, log_in
):
    bretagne = CentreFactory(name="Centre Bretagne", slug="bretagne")
    last = stats.last_complete_month()
    before, latest = stats.months_ending(last, 2)
    make_months(bretagne, 12, before, rate=0.9)
    make_months(CentreFactory(name="Centre Occitanie"), 13, last, rate=0.86)
    cadre = cadre_of(bretagne)
    saved = MonthlyIndicator.objects.count()

    page = csp_violations(browser.new_page())
    log_in(page, cadre.email)
    page.goto(f"{live_server.url}/pilotage/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des indicateurs mensuels")
    assert_accessible(page)

    good = f"bretagne;{before:%Y-%m};1100;990;40;12,5;0;0"
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        csv_payload(good, f"bretagne;{latest:%Y-%m};1200;1250;42;12,5;1;0")
    )
    page.get_by_role("button", name="Importer le fichier").click()

    field = page.get_by_label("Fichier CSV ou XLSX")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    expect(page.locator("#id_file_error")).to_contain_text("Le fichier a 1 erreur : rien n'a été enregistré.")
    errors = page.get_by_role("table", name=re.compile("^Erreurs du fichier refusé"))
    expect(errors.get_by_role("row")).to_have_count(2)
    expect(errors.get_by_role("row").nth(1)).to_contain_text("3")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("appels_decroches")
    expect(errors.get_by_role("row").nth(1)).to_contain_text("1\u00a0250 décrochés pour 1\u00a0200 reçus")
    assert page.title().startswith("Erreur")
    assert MonthlyIndicator.objects.count() == saved
    page.get_by_role("link", name="Voir la cellule à corriger").click()
    expect(page.locator("#import-errors")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Fichier CSV ou XLSX").set_input_files(
        csv_payload(good, f"bretagne;{latest:%Y-%m};1200;1020;42;12,5;1;0")
    )
    page.get_by_role("button", name="Importer le fichier").click()

    page.wait_for_url(re.compile(r"/pilotage/centres/bretagne/$"))
    expect(page.get_by_role("status")).to_contain_text("2 mois enregistrés pour 1 centre (1 nouveau, 1 mis à jour).")
    row = page.locator(f"#mois-{latest:%Y-%m}")
    expect(row).to_contain_text("1\u00a0200")
    expect(row).to_contain_text("1\u00a0020")
    rates = page.get_by_role("region", name=re.compile("^Taux de décroché mois par mois"))
    expect(rates).to_contain_text(formats.percent(1020 / 1200))
    expect(page.locator(f"#mois-{before:%Y-%m}")).to_contain_text("1\u00a0100")
    assert_images_loaded(page)
    assert csp_violations.refused == []
