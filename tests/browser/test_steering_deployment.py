"""The deployment tracker in Chromium on a real daphne: a coordinator moves a milestone and the centre's cadre,
waiting on the checklist, sees the notification arrive live and follows it to the milestone; axe-core checks
the timeline and a centre's checklist with its edit forms.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Centre
from community.steering.models import Milestone
from tests.browser.conftest import sign_in
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import cadre_of, deploying_centre, milestone

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_TIMEOUT = 15_000  # ms: the edit and the live event both pass through daphne


def wait_until_live(page):
    """Wait until the page's WebSocket has joined the member's groups (see test_library.py)."""
    page.wait_for_function("() => window.Reseau3114Live !== undefined")
    page.evaluate("() => new Promise(resolve => Reseau3114Live.subscribe('tests.ready', '1', null, resolve, resolve))")


def test_coordinator_moves_a_milestone_and_the_cadre_sees_it_live(
    daphne_url, browser, assert_accessible, csp_violations
):
    today = timezone.localdate()
    guyane = deploying_centre("Centre de réponse Guyane", opening_date=today + timedelta(days=120), region="Guyane")
    deploying_centre("Centre Tchat", status=Centre.Status.PLANNED)
    CentreFactory(name="Centre Martinique", status=Centre.Status.IN_SERVICE, opening_date=today - timedelta(days=60))
    Milestone.objects.filter(centre=guyane, template__name="Locaux").update(
        status=Milestone.Status.BLOCKED, due_date=today - timedelta(days=5), notes="Bail en attente."
    )
    cadre = cadre_of(guyane, first_name="Inès", last_name="Joseph")
    coordinator = UserFactory(role="coordinateur", centre=None, first_name="Claire", last_name="Marchand")
    phone = milestone(guyane, "Téléphonie")

    # The cadre reads the timeline, then waits on the centre's checklist, its socket joined.
    cadre_page = csp_violations(browser.new_context().new_page())
    sign_in(cadre_page, daphne_url, cadre.email)
    cadre_page.goto(f"{daphne_url}/pilotage/deploiement/")
    expect(cadre_page.get_by_role("heading", level=1)).to_have_text("Déploiement du réseau")
    expect(cadre_page.get_by_text("1 jalon en retard")).to_be_visible()
    assert_accessible(cadre_page)
    cadre_page.get_by_role("link", name="Centre de réponse Guyane").click()
    expect(cadre_page.get_by_text("En retard de 5 jours")).to_be_visible()
    premises = cadre_page.locator(f"#jalon-{milestone(guyane, 'Locaux').pk}")
    premises.get_by_text("Modifier « Locaux »").click()  # the edit form open, for axe-core too
    expect(premises.get_by_label("Notes")).to_have_value("Bail en attente.")
    assert_accessible(cadre_page)
    badge = cadre_page.locator(".bell-count")
    expect(badge).to_be_hidden()
    wait_until_live(cadre_page)

    # The coordinator moves Téléphonie to "Fait" through the checklist's form.
    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, coordinator.email)
    page.goto(f"{daphne_url}/pilotage/deploiement/{guyane.slug}/")
    step = page.locator(f"#jalon-{phone.pk}")
    step.get_by_text("Modifier « Téléphonie »").click()
    step.get_by_label("Statut").select_option(label="Fait")
    step.get_by_label("Responsable").select_option(label="Inès Joseph (Cadre de santé)")
    step.get_by_role("button", name="Enregistrer « Téléphonie »").click()
    expect(page.get_by_text("Jalon « Téléphonie » enregistré.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"#jalon-{phone.pk}$"))
    expect(step.locator(".badge")).to_have_text("Fait")

    # No reload on the cadre's side: the badge and the live region tell them.
    expect(badge).to_have_text("1 non lue(s)", timeout=LIVE_TIMEOUT)
    expect(cadre_page.locator("#notifications-live")).to_contain_text(
        "Centre de réponse Guyane — Téléphonie : À faire → Fait ; responsable personne → Inès Joseph"
    )

    # The notification leads to the milestone itself.
    cadre_page.get_by_role("link", name="Notifications").click()
    cadre_page.get_by_role("button", name=re.compile("^Centre de réponse Guyane — Téléphonie")).click()
    expect(cadre_page).to_have_url(f"{daphne_url}/pilotage/deploiement/{guyane.slug}/#jalon-{phone.pk}")
    target = cadre_page.locator(f"#jalon-{phone.pk}")
    expect(target.locator(".badge")).to_have_text("Fait")
    expect(target).to_contain_text("Claire Marchand, le ")
    assert cadre_page.evaluate("() => document.querySelector(':target')?.id") == f"jalon-{phone.pk}"
    assert csp_violations.refused == []
