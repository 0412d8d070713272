"""The indicator pages in Chromium: a cadre sees their centre against the network (no other centre named,
in the overview or the comparison), corrects a month through the form (refused first, with the message
beside the field and what was typed kept), and sees the table and chart follow; a coordinator compares
the centres by name. The charts load
as images under the site's CSP; axe-core finds nothing on the overview, a centre page, the comparison (a
member's and a coordinator's) and the form in error.
"""

import re

import pytest
from playwright.sync_api import expect

from community.steering import formats, stats
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, make_months

pytestmark = pytest.mark.django_db(transaction=True)


def network():
    last = stats.last_complete_month()
    bretagne = CentreFactory(name="Centre Bretagne")
    make_months(bretagne, 24, last, rate=0.9)
    make_months(CentreFactory(name="Centre Occitanie"), 24, last, rate=0.81)  # under the 85 % target
    make_months(CentreFactory(name="Centre Guadeloupe"), 24, last, rate=0.87)
    return bretagne, last


def assert_images_loaded(page):
    """Every chart on the page was served and drawn (an SVG refused or broken has no natural width)."""
    images = page.locator("figure.chart img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        expect(image).to_have_attribute("alt", re.compile(r"\S"))
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def test_cadre_corrects_a_month_and_coordinator_compares(
    site_tree, live_server, browser, assert_accessible, csp_violations, log_in
):
    bretagne, last = network()
    cadre = cadre_of(bretagne)
    coordinator = UserFactory(role="coordinateur", centre=None)
    month = stats.months_ending(last, 2)[0]  # the month before the latest: a correction

    page = csp_violations(browser.new_page())
    log_in(page, cadre.email)
    page.goto(f"{live_server.url}/pilotage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage du réseau")
    expect(page.get_by_role("heading", level=2, name=re.compile("^Centre Bretagne en "))).to_be_visible()
    content = page.content()
    assert "Centre Occitanie" not in content and "Centre Guadeloupe" not in content
    assert_images_loaded(page)
    assert_accessible(page)

    page.get_by_role("link", name="Comparer les centres sur un mois").click()
    table = page.get_by_role("region", name=re.compile("^Taux de décroché par centre"))
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row").nth(1)).to_contain_text("Centre Bretagne")
    expect(table.get_by_text("Autre centre")).to_have_count(2)
    assert_images_loaded(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/pilotage/")
    page.get_by_role("link", name="Indicateurs de Centre Bretagne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicateurs — Centre Bretagne")
    assert_images_loaded(page)
    assert_accessible(page)

    # Correct a month: first with more calls answered than received.
    page.get_by_role("link", name=re.compile(rf"^Corriger {formats.month_long(month)}")).click()
    expect(page.get_by_label(re.compile("^Mois"))).to_have_value(f"{month:%Y-%m}")
    page.get_by_label(re.compile("^Appels reçus")).fill("1 500")
    page.get_by_label(re.compile("^Appels décrochés")).fill("1600")
    page.get_by_role("button", name="Enregistrer le mois").click()
    answered = page.get_by_label(re.compile("^Appels décrochés"))
    expect(answered).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_calls_answered_error")).to_have_text("Les appels décrochés dépassent les appels reçus.")
    expect(page.get_by_label(re.compile("^Appels reçus"))).to_have_value("1 500")
    expect(answered).to_have_value("1600")
    assert page.title().startswith("Erreur")
    assert_accessible(page)

    answered.fill("1 200")
    page.get_by_role("button", name="Enregistrer le mois").click()
    page.wait_for_url(re.compile(rf"/pilotage/centres/{bretagne.slug}/#mois-{month:%Y-%m}$"))
    expect(page.get_by_role("status")).to_contain_text("taux de décroché 80,0\u00a0%")
    row = page.locator(f"#mois-{month:%Y-%m}")
    expect(row).to_contain_text("1\u00a0500")
    expect(row).to_contain_text("1\u00a0200")
    expect(page.get_by_role("region", name=re.compile("^Taux de décroché mois par mois"))).to_contain_text("80,0\u00a0%")
    assert_images_loaded(page)

    # The coordinator compares the centres by name, the one under the target flagged.
    coordinator_page = csp_violations(browser.new_page())
    log_in(coordinator_page, coordinator.email)
    coordinator_page.goto(f"{live_server.url}/pilotage/comparaison/?mois={last:%Y-%m}")
    table = coordinator_page.get_by_role("region", name=re.compile("^Taux de décroché par centre"))
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table.get_by_role("row").nth(3)).to_contain_text("Centre Occitanie")
    expect(table.get_by_role("row").nth(3)).to_contain_text("sous la cible")
    assert_images_loaded(coordinator_page)
    assert_accessible(coordinator_page)
    coordinator_page.goto(f"{live_server.url}/pilotage/")
    expect(coordinator_page.get_by_role("link", name="Centre Occitanie")).to_be_visible()
    assert_accessible(coordinator_page)

    assert csp_violations.refused == []

