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
def log_in(live_server):
    def _log_in(page, email, password=DEFAULT_PASSWORD):
        page.goto(f"{live_server.url}/comptes/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label(re.compile("^Mot de passe")).fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(f"{live_server.url}/")

    return _log_in
