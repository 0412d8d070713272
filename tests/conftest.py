import os
import re

import pytest

from tests.community.factories import CentreFactory, UserFactory

# Sync Playwright runs an event loop in the test thread; Django must still let the test use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def pytest_report_header(config):
    from django.conf import settings

    return (
        f"database: {settings.DATABASES['default']['ENGINE']}, "
        f"channel layer: {settings.CHANNEL_LAYERS['default']['BACKEND']}, cache: {settings.CACHES['default']['BACKEND']}"
    )


def pytest_collection_modifyitems(config, items):
    # A sync Playwright test leaves an event loop behind that breaks later asyncio tests: run browsers last.
    items.sort(key=lambda item: "tests/browser/" in str(item.path).replace(os.sep, "/"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache (Redis in CI): each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def centre(db):
    return CentreFactory()


@pytest.fixture
def member(db, centre):
    return UserFactory(centre=centre)


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinateur", centre=None)


@pytest.fixture
def staff(db):
    """An administrator who has enrolled a TOTP device (required for staff)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(role="coordinateur", centre=None, is_staff=True, is_superuser=True)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def invite(coordinator, django_capture_on_commit_callbacks):
    """Invite someone as the coordinator, with the invitation e-mail really sent."""
    from community import services

    def _invite(email="paul@exemple.test", **fields):
        fields = {"first_name": "Paul", "last_name": "Hoarau", "centre": None, "role": "cadre", **fields}
        with django_capture_on_commit_callbacks(execute=True):
            return services.invite_member(by=coordinator, email=email, **fields)

    return _invite


@pytest.fixture
def postgresql_only():
    """Skips the test on other databases: ``select_for_update()`` locks rows on PostgreSQL only."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            f"row locks need PostgreSQL (select_for_update() is a no-op on {connection.vendor}): "
            "run with DATABASE_URL=postgres://..."
        )


@pytest.fixture
def measure(django_assert_max_num_queries):
    """``measure(client, url, limit)``: the number of queries of one GET (at most ``limit``), and its writes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure(client, url, limit):
        with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        sqls = [query["sql"] for query in captured.captured_queries]
        return len(sqls), [sql for sql in sqls if WRITE.match(sql)]

    return measure


@pytest.fixture
def site_tree(transactional_db):
    """The page tree, site and root collection that migrations create, rebuilt if a transactional test flushed them."""
    from wagtail.models import Collection, Locale, Page, Site

    from community.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        locale, _ = Locale.objects.get_or_create(language_code="fr")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = root.add_child(instance=HomePage(title="Accueil", slug="accueil", locale=locale))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    if Collection.get_first_root_node() is None:  # documents (the library's) go in a child of the root
        Collection.add_root(name="Root")
    return home
