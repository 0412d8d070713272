"""The organisers' pages in Chromium: the list passes axe-core (also with a refused form), "register
someone" suggests members as one types, check-in works on a phone-sized screen without reloading and
is announced once, the sign-in sheet prints without the site's chrome, a member's open event page
follows registration closing and reopening, and the animateurs' event form warns about hours and adds
questions without losing anything."""

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


def test_register_someone_suggests_members_as_the_organiser_types(
    live_server, browser, log_in, assert_accessible, organised
):
    animator, group, event, _people = organised
    newcomer = UserFactory(first_name="Zoé", last_name="Grondin", email="zoe.grondin@reseau3114.test")
    add_member(group, newcomer)
    page = browser.new_page()
    log_in(page, animator.email)
    page.goto(f"{live_server.url}{event.url}organisation/")
    options = page.locator("#membres-inscriptibles option")
    expect(options).to_have_count(0)  # nobody listed at load, whatever the audience's size

    field = page.get_by_label("Membre à inscrire")
    field.press_sequentially("grond", delay=30)
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "zoe.grondin@reseau3114.test")
    expect(options.first).to_have_text(re.compile(r"^Zoé Grondin — "))  # with the centre
    # Registered members are not suggested.
    field.fill("")
    field.press_sequentially("payet", delay=30)
    expect(options).to_have_count(0)  # the answer replaced Zoé's suggestion with nothing

    field.fill("zoe.grondin@reseau3114.test")
    page.get_by_label("Oui").check()
    page.get_by_role("button", name="Inscrire", exact=True).click()
    expect(page.get_by_text("Zoé Grondin est n° 2 sur la liste d'attente.")).to_be_visible()
    assert_accessible(page)
    assert Registration.objects.get(event=event, member=newcomer).registered_by == animator


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
    # Announced once: by the message, the count is not a live region.
    expect(page.locator("#checkin-live")).to_have_text("Léa Payet : présent·e.")
    assert page.locator("#checkin-count").evaluate("e => !e.closest('[aria-live]') && !e.querySelector('[aria-live]')")
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


# Captures the page's live listeners (live.js assigns window.Reseau3114Live), so that a test can play
# the message the channel layer would deliver after an organiser's change.
CAPTURE_LIVE = """
(() => {
  let live;
  window.seatListeners = [];
  Object.defineProperty(window, "Reseau3114Live", {
    configurable: true,
    get() { return live; },
    set(value) {
      const subscribe = value.subscribe;
      value.subscribe = function (topic, key, onEvent) {
        if (topic === "events.seats") window.seatListeners.push(onEvent);
        return subscribe.apply(value, arguments);
      };
      live = value;
    },
  });
})();
"""


def test_an_open_event_page_follows_registration_closing_and_reopening(
    live_server, browser, log_in, assert_accessible, organised
):
    _animator, group, event, _people = organised
    member = UserFactory()
    add_member(group, member)
    page = browser.new_page()
    page.add_init_script(CAPTURE_LIVE)
    log_in(page, member.email)
    page.goto(f"{live_server.url}{event.url}")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Oui").check()
    button = page.get_by_role("button", name="S’inscrire sur la liste d’attente")
    button.focus()

    def live(open_):
        page.evaluate(
            "open => window.seatListeners.forEach(listener => listener("
            "{event: 'seats', confirmed: 2, waitlist: 1, capacity: 2, open: open}))",
            open_,
        )

    # The organisers close registration: the form goes, the reason takes the focus the button had.
    EventPage.objects.filter(pk=event.pk).update(registration_closed=True)
    live(False)
    notice = page.get_by_text("L'organisation a fermé les inscriptions.")
    expect(notice).to_be_visible()
    expect(notice).to_be_focused()
    expect(button).to_be_hidden()
    assert_accessible(page)

    # Reopened: the form comes back as it was left, announced in the live region.
    EventPage.objects.filter(pk=event.pk).update(registration_closed=False)
    live(True)
    expect(button).to_be_visible()
    expect(page.locator("[data-my-state]")).to_have_text("Les inscriptions sont rouvertes.")
    expect(page.get_by_label("Oui")).to_be_checked()
    expect(notice).to_have_count(0)

    # Cancelled: the reason, and no focus to move (it was not in the form).
    page.get_by_role("heading", name="Inscription").click()
    EventPage.objects.filter(pk=event.pk).update(is_cancelled=True)
    live(False)
    expect(page.locator("[data-my-state]")).to_have_text("Cet événement est annulé.")
    expect(button).to_be_hidden()
    assert page.evaluate("window.stillTheSamePage === true")
    assert_accessible(page)


def test_a_page_loaded_with_registration_closed_offers_to_reload_when_it_reopens(
    live_server, browser, log_in, organised
):
    _animator, group, event, _people = organised
    EventPage.objects.filter(pk=event.pk).update(registration_closed=True)
    member = UserFactory()
    add_member(group, member)
    page = browser.new_page()
    page.add_init_script(CAPTURE_LIVE)
    log_in(page, member.email)
    page.goto(f"{live_server.url}{event.url}")
    expect(page.get_by_text("L'organisation a fermé les inscriptions.")).to_be_visible()

    EventPage.objects.filter(pk=event.pk).update(registration_closed=False)
    page.evaluate(
        "() => window.seatListeners.forEach(listener => listener("
        "{event: 'seats', confirmed: 2, waitlist: 1, capacity: 2, open: true}))"
    )
    expect(page.get_by_role("link", name="Recharger la page pour s'inscrire")).to_be_visible()
    expect(page.get_by_text("L'organisation a fermé les inscriptions.")).to_be_hidden()
    page.get_by_role("link", name="Recharger la page pour s'inscrire").click()
    expect(page.get_by_role("button", name="S’inscrire sur la liste d’attente")).to_be_visible()
