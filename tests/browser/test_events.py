"""The issue's scenario, in Chromium on a real daphne: the last seat, the waitlist, a live promotion.

A member in Martinique reads both times and takes the last seat; a second member lands on the
waitlist; the first cancels; the second, whose page stays open, sees the promotion arrive without
reloading. axe-core checks every page on the way (list, month, event page, form in error).
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from tests.browser.conftest import sign_in
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_last_seat_waitlist_and_live_promotion(daphne_url, browser, assert_accessible, csp_violations):
    martinique = CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    first = UserFactory(first_name="Léa", last_name="Joseph", centre=martinique)
    second = UserFactory(first_name="Marc", last_name="Durand")
    earlier = UserFactory()
    # A winter date: Paris is five hours ahead of Martinique.
    day = (timezone.now() + timedelta(days=30)).date()
    event = make_event(
        "Club des cadres : plannings de nuit",
        day=day,
        start=time(14, 0),
        end=time(16, 0),
        tz="Europe/Paris",
        capacity=2,
        questions=[{"label": "Participation", "type": "choice", "choices": "Présentiel\nÀ distance", "required": True}],
    )
    participation = str(event.ordered_questions[0].pk)
    # Written directly: the services would publish to the channel layer from Playwright's event loop.
    Registration.objects.create(
        event=event, member=earlier, status=Registration.Status.CONFIRMED, answers={participation: "À distance"}
    )

    page = csp_violations(browser.new_context().new_page())
    sign_in(page, daphne_url, first.email)
    page.goto(f"{daphne_url}/evenements/")
    assert_accessible(page)
    listing = page.locator("article, li").filter(has_text="Club des cadres : plannings de nuit").first
    expect(listing).to_contain_text("1 / 2")
    page.get_by_role("link", name="Vue par mois").first.click()
    assert_accessible(page)

    page.goto(f"{daphne_url}{event.url}")
    when = page.locator("dd").filter(has=page.locator("time")).first
    expect(when).to_contain_text("14 h 00 – 16 h 00 à Paris")
    expect(when).to_contain_text("9 h 00 – 11 h 00 pour vous, Martinique")
    assert_accessible(page)

    # Without the required answer: a French message beside the question, nothing lost.
    page.get_by_role("button", name="S’inscrire", exact=True).click()
    expect(page.get_by_text("Cette réponse est obligatoire.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Présentiel").check()
    page.get_by_role("button", name="S’inscrire", exact=True).click()
    expect(page.get_by_text("Vous êtes inscrit·e.", exact=True)).to_be_visible()
    expect(page.locator("[data-seats-text]")).to_contain_text("2 / 2")

    other = csp_violations(browser.new_context().new_page())
    sign_in(other, daphne_url, second.email)
    other.goto(f"{daphne_url}{event.url}")
    other.get_by_label("À distance").check()
    other.get_by_role("button", name="liste d’attente").click()
    expect(other.get_by_text("Vous êtes n° 1 sur la liste d'attente.", exact=True)).to_be_visible()
    # The page follows its event live once the socket confirms the subscription.
    other.wait_for_function("() => window.Reseau3114Live !== undefined")
    other.evaluate(
        "key => new Promise(resolve => Reseau3114Live.subscribe('events.seats', key, null, null, resolve))",
        str(event.pk),
    )

    page.get_by_role("button", name="Se désinscrire").click()
    expect(page.get_by_role("button", name="Se désinscrire")).to_be_hidden()

    # No reload on the second member's side: the promotion notification and the page both follow.
    expect(other.locator(".bell-count")).to_be_visible()
    expect(other.locator("#notifications-live")).to_contain_text("Une place s'est libérée")
    expect(other.get_by_text("Une place s'est libérée : vous êtes inscrit·e.").first).to_be_visible()
    expect(other.locator("[data-seats-text]")).to_contain_text("2 / 2")
    assert_accessible(other)
    assert event.registrations.get(member=second).is_confirmed
    assert csp_violations.refused == []
