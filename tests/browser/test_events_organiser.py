"""The organisers' pages in Chromium: the list passes axe-core (also with a refused form), check-in
works on a phone-sized screen without reloading, the sign-in sheet prints without the site's chrome,
and the animateurs' event form warns about hours and adds questions without losing anything."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from community.groups.services import add_member
from events import services
from events.models import EventPage, Registration
from tests.community.factories import CentreFactory, UserFactory, make_group
from tests.events.factories import (
    MEAL_AND_NEEDS,
    event_index,
    make_animator,
    make_event,
    meal_and_needs,
    silence_channels,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def quiet_channels(monkeypatch):
    silence_channels(monkeypatch)


@pytest.fixture
def organised(site_tree):
    """A group event with questions, two confirmed members (one with a need) and one waiting."""
    animator = make_animator()
    group = make_group("Groupe Postvention", animators=[animator])
    event = make_event("Réunion du groupe", group=group, capacity=2, questions=MEAL_AND_NEEDS)
    people = [
        UserFactory(first_name="Léa", last_name="Payet"),
        UserFactory(first_name="Noé", last_name="Hoarau"),
        UserFactory(first_name="Inès", last_name="Martin"),
    ]
    for number, person in enumerate(people):
        add_member(group, person)
        services.register(event, person, meal_and_needs(event, needs="Fauteuil roulant" if number == 0 else ""))
    return animator, group, event, people


def test_dashboard_and_its_refused_form_pass_axe(live_server, browser, log_in, assert_accessible, organised):
    animator, _group, event, _people = organised
    page = browser.new_page()
    log_in(page, animator.email)
    page.goto(f"{live_server.url}{event.url}organisation/")
    expect(page.get_by_role("heading", name=re.compile("Besoins d'accessibilité signalés"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Besoin signalé : Fauteuil roulant"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nombre de places").fill("1")
    page.get_by_role("button", name="Changer le nombre de places").click()
    expect(page.get_by_text("2 personnes sont déjà inscrites")).to_be_visible()
    expect(page.get_by_label("Nombre de places")).to_have_value("1")
    assert_accessible(page)
    assert EventPage.objects.get(pk=event.pk).capacity == 2


def test_check_in_on_a_phone_toggles_without_reloading(live_server, browser, log_in, assert_accessible, organised):
    animator, _group, event, people = organised
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    log_in(page, animator.email)
    page.goto(f"{live_server.url}{event.url}organisation/pointage/")
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Chercher un nom").fill("payet")
    toggle = page.get_by_role("button", name=re.compile("Léa Payet"))
    expect(page.get_by_role("button", name=re.compile("Noé Hoarau"))).to_be_hidden()
    box = toggle.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a large tap target
    toggle.tap()

    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("[data-present]")).to_have_text("1")
    assert page.evaluate("window.stillTheSamePage === true")
    assert Registration.objects.get(event=event, member=people[0]).attended is True
    assert_accessible(page)


def test_sign_in_sheet_prints_the_table_alone(live_server, browser, log_in, assert_accessible, organised):
    animator, _group, event, _people = organised
    page = browser.new_page()
    log_in(page, animator.email)
    page.goto(f"{live_server.url}{event.url}organisation/emargement/")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    assert page.locator(".sheet-table thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    assert page.locator(".sheet-table td").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert page.locator(".sheet-table tbody tr").count() == 2 + 5


def test_event_form_warns_about_hours_and_adds_questions(live_server, browser, log_in, assert_accessible, site_tree):
    animator = UserFactory(role="cadre")
    group = make_group("Groupe Outre-mer", animators=[animator])
    add_member(group, UserFactory(centre=CentreFactory(name="CRP Martinique", timezone="America/Martinique")))
    event_index()
    page = browser.new_page()
    log_in(page, animator.email)
    page.goto(f"{live_server.url}/evenements/nouveau/{group.slug}/")
    assert_accessible(page)

    page.get_by_label("Titre").fill("Réunion du matin")
    page.get_by_label("Date de début").fill("2030-03-12")
    page.get_by_label("Heure de début").fill("09:00")
    page.get_by_label("Date de fin").fill("2030-03-12")
    page.get_by_label("Heure de fin").fill("10:00")
    page.get_by_label("Adresse").fill("Siège du réseau, Paris")
    page.get_by_role("button", name="Ajouter une question").click()
    expect(page.locator("[name=questions-2-label]")).to_be_focused()
    page.locator("[name=questions-2-label]").fill("Besoins d'accessibilité")
    page.locator("[name=questions-2-accessibility]").check()
    page.get_by_role("button", name="Publier l'événement").click()

    expect(page.get_by_text("4 h 00 en Martinique").first).to_be_visible()
    expect(page.locator("[name=questions-2-label]")).to_have_value("Besoins d'accessibilité")
    assert_accessible(page)
    page.get_by_label("Garder cet horaire").check()
    page.get_by_role("button", name="Publier l'événement").click()
    expect(page.get_by_text("L'événement est publié")).to_be_visible()
    event = EventPage.objects.get(title="Réunion du matin")
    assert event.start_time == time(9, 0)
    assert list(event.questions.values_list("label", "accessibility")) == [("Besoins d'accessibilité", True)]
