"""Member B's badge changes live, in every open tab, when an animateur approves B's request elsewhere."""

import pytest
from playwright.sync_api import expect

from community.groups import services
from tests.browser.conftest import sign_in
from tests.community.factories import UserFactory, make_group

pytestmark = pytest.mark.django_db(transaction=True)


def test_badge_follows_approval_live_in_every_tab(daphne_url, browser, assert_accessible, csp_violations):
    animator = UserFactory(role="cadre", first_name="Claire", last_name="Marchand")
    requester = UserFactory(role="repondant", first_name="Nadia", last_name="Benali")
    group = make_group("Groupe Postvention", join_policy="request", animators=[animator])
    services.join_group(group, requester, "Je souhaite participer.")

    member_context = browser.new_context()
    first_tab = csp_violations(member_context.new_page())
    sign_in(first_tab, daphne_url, requester.email)
    second_tab = member_context.new_page()
    second_tab.goto(f"{daphne_url}/groupes/")
    badges = [tab.locator(".bell-count") for tab in (first_tab, second_tab)]
    for badge in badges:
        expect(badge).to_be_hidden()
    assert_accessible(second_tab)

    animator_page = csp_violations(browser.new_context().new_page())
    sign_in(animator_page, daphne_url, animator.email)
    expect(animator_page.locator(".bell-count")).to_have_text("1 non lue(s)")  # the join request
    animator_page.goto(f"{daphne_url}{group.get_absolute_url()}gerer/")
    assert_accessible(animator_page)
    animator_page.get_by_role("button", name="Accepter Nadia Benali").click()
    expect(animator_page.get_by_text("Demande acceptée.")).to_be_visible()

    # No reload: the WebSocket brings the notification to both tabs, and it is announced.
    for badge in badges:
        expect(badge).to_be_visible()
        expect(badge).to_have_text("1 non lue(s)")
    expect(first_tab.locator("#notifications-live")).to_contain_text("est acceptée")

    first_tab.get_by_role("link", name="Notifications").click()
    assert_accessible(first_tab)
    first_tab.get_by_role("button", name="Votre demande pour rejoindre « Groupe Postvention » est acceptée.").click()
    expect(first_tab).to_have_url(f"{daphne_url}{group.get_absolute_url()}")
    # Read in one tab: the other tab's badge follows.
    expect(badges[1]).to_be_hidden()
    assert csp_violations.refused == []
