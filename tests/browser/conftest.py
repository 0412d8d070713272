import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.community.factories import DEFAULT_PASSWORD

_axe = Axe()


@pytest.fixture
def assert_accessible():
    """Run axe-core on the page and fail with its report if it finds any violation."""

    def check(page):
        results = _axe.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def csp_violations():
    """Collect what the browser refused under the Content-Security-Policy; call watch(page) on each page."""
    refused = []

    def watch(page):
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        return page

    watch.refused = refused
    return watch


def sign_in(page, base_url, email, password=DEFAULT_PASSWORD):
    page.goto(f"{base_url}/comptes/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(re.compile("^Mot de passe")).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def log_in(live_server):
    """Sign in on pytest-django's live server (HTTP only, same process: mail.outbox works)."""
    return lambda page, email, password=DEFAULT_PASSWORD: sign_in(page, live_server.url, email, password)


@pytest.fixture
def daphne_url(site_tree):
    """The site served by a real daphne process (HTTP and WebSocket) on the test database."""
    from tests import live

    with live.daphne() as url:
        yield url
