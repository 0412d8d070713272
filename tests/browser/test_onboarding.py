"""A visitor asks to join, a coordinator approves, the new member signs in and edits the profile."""

import re

import pytest
from playwright.sync_api import expect

from community.models import User
from tests.community.factories import CentreFactory, UserFactory

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"

pytestmark = pytest.mark.django_db(transaction=True)


def test_request_approve_join_and_edit_profile(
    live_server, site_tree, browser, settings, mailoutbox, log_in, assert_accessible
):
    settings.SITE_URL = live_server.url
    CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    coordinator = UserFactory(role="coordinateur", centre=None, first_name="Marion", last_name="Delaunay")

    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/")
    expect(visitor).to_have_url(re.compile(r"/comptes/login/\?next=/"))
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Demander un accès").last.click()
    visitor.get_by_label("Prénom").fill("Justine")
    visitor.get_by_label(re.compile("^Nom")).fill("Carpentier")
    visitor.get_by_label("Adresse e-mail professionnelle").fill("justine.carpentier@ch-exemple.test")
    visitor.get_by_label("Centre").select_option(label="Centre de réponse Martinique")
    visitor.get_by_label("Rôle").select_option(label="Superviseur·se")
    visitor.get_by_label("Motif de la demande").fill("Superviseure de nuit, je souhaite rejoindre le réseau.")
    visitor.get_by_role("button", name="Envoyer ma demande").click()
    expect(visitor.get_by_role("heading", name="Demande envoyée")).to_be_visible()

    staff_page = browser.new_context().new_page()
    log_in(staff_page, coordinator.email)
    staff_page.get_by_role("link", name="Demandes d'accès").click()
    expect(staff_page.get_by_role("heading", name="Justine Carpentier")).to_be_visible()
    assert_accessible(staff_page)
    staff_page.get_by_role("button", name="Accepter Justine Carpentier").click()
    expect(staff_page.get_by_text("une invitation lui a été envoyée")).to_be_visible()

    invitation = next(m for m in mailoutbox if m.to == ["justine.carpentier@ch-exemple.test"])
    link = re.search(r"(http://\S+/invitation/\S+/)", invitation.body).group(1)
    visitor.goto(link)
    expect(visitor.get_by_label("Prénom")).to_have_value("Justine")
    visitor.get_by_label(re.compile("^Mot de passe")).fill(NEW_PASSWORD)
    visitor.get_by_label("Confirmation du mot de passe").fill("pas le même")
    visitor.get_by_role("button", name="Créer mon compte").click()
    expect(visitor.get_by_role("alert")).to_contain_text("Les deux mots de passe ne correspondent pas.")
    expect(visitor.get_by_text("Les deux mots de passe ne correspondent pas.", exact=True)).to_be_visible()
    visitor.get_by_label(re.compile("^Mot de passe")).fill(NEW_PASSWORD)
    visitor.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    visitor.get_by_role("button", name="Créer mon compte").click()
    expect(visitor.get_by_role("heading", name="Mon profil")).to_be_visible()
    expect(visitor.get_by_label("Fuseau horaire")).to_contain_text("Celui de mon centre (America/Martinique)")

    # Sign out, then in again with the new password, and edit the profile.
    visitor.get_by_role("button", name="Se déconnecter").click()
    log_in(visitor, "justine.carpentier@ch-exemple.test", NEW_PASSWORD)
    expect(visitor.get_by_role("heading", name="Bonjour Justine")).to_be_visible()
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Mon profil").click()
    assert_accessible(visitor)
    visitor.get_by_label("Présentation").fill("Superviseure de nuit au centre de Martinique.")
    visitor.get_by_role("button", name="Enregistrer").click()
    expect(visitor.get_by_text("Votre profil a été enregistré.")).to_be_visible()
    member = User.objects.get(email="justine.carpentier@ch-exemple.test")
    assert member.bio == "Superviseure de nuit au centre de Martinique."
    assert member.centre.name == "Centre de réponse Martinique"
