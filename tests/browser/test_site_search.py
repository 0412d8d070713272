"""The site search in Chromium: the header's box reached by keyboard and shown on a phone, and axe-core on
/recherche/ with results of every kind, one kind paginated, a query too long and no result."""

from datetime import date

import pytest
from playwright.sync_api import expect

from community.models import HomePage, NewsIndexPage
from forums import services
from tests.community.factories import UserFactory, add_news, make_group
from tests.events.factories import make_event
from tests.forums.factories import CategoryFactory, make_thread
from tests.library.factories import library_index, make_resource

pytestmark = pytest.mark.django_db(transaction=True)


def content():
    home = HomePage.objects.first()
    news = home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))
    library_index()
    for number in range(6):
        make_group(f"Groupe Bilan {number}")
        make_resource(f"Bilan des appels {number}", slug=f"bilan-{number}")
    add_news(news, "Bilan de l'année", date(2026, 1, 15), intro="Le bilan de l'année écoulée.")
    thread = make_thread(CategoryFactory(name="Pratiques"), title="Bilan des astreintes", body="Le bilan du mois.")
    services.post_reply(thread, UserFactory(), "Un bilan très positif.")
    make_event("Réunion bilan", description="<p>Le bilan de l'année.</p>")
    UserFactory(first_name="Bilan", last_name="Test")


def test_search_from_the_header_and_the_page_passes_axe(site_tree, live_server, browser, assert_accessible, log_in):
    member = UserFactory()
    content()
    page = browser.new_page()
    log_in(page, member.email)

    # The box is reached by keyboard, right after the skip link and the brand.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    box = page.get_by_role("searchbox", name="Rechercher sur le site")
    expect(box).to_be_focused()
    page.keyboard.type("bilan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=bilan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher sur le site")
    expect(page.get_by_role("heading", level=2, name="Ressources (6)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Groupes de travail (6)").click()
    expect(page.locator("#resultats-groupes")).to_be_focused()
    page.get_by_role("link", name="Voir les 6 résultats : Groupes de travail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher : Groupes de travail")
    assert_accessible(page)

    page.goto(f"{live_server.url}/recherche/?q={'trop long ' * 25}")
    expect(page.get_by_text("Votre recherche est trop longue")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/recherche/?q=introuvable")
    expect(page.get_by_text("Aucun résultat pour « introuvable »")).to_be_visible()
    assert_accessible(page)


def test_the_header_box_is_shown_on_a_phone(site_tree, live_server, browser, log_in):
    member = UserFactory()
    page = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(page, member.email)
    box = page.get_by_role("searchbox", name="Rechercher sur le site")
    expect(box).to_be_visible()
    assert box.bounding_box()["width"] > 150
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
