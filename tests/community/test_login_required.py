import pytest
from django.urls import reverse

from tests.community.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MEMBER_ONLY = ["/", "/membres/", "/centres/", "/profil/", "/acces/demandes/", "/acces/inviter/", "/actualites/"]
PUBLIC = ["/comptes/login/", "/acces/demande/", "/comptes/password/reset/"]


@pytest.mark.parametrize("path", MEMBER_ONLY)
def test_member_pages_redirect_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("path", PUBLIC)
def test_entrance_pages_are_public(client, path):
    assert client.get(path).status_code == 200


def test_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    response = client.get("/admin/login/?next=/admin/")
    assert response.url.startswith(reverse("account_login"))


def log_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_staff_must_enrol_two_factor_before_anything_else(client):
    admin = UserFactory(is_staff=True, is_superuser=True, centre=None)
    log_in(client, admin)
    response = client.get("/membres/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    assert_can_open_totp_enrolment(client, admin)


def test_staff_with_two_factor_reaches_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get("/membres/").status_code == 200


def assert_can_open_totp_enrolment(client, user):
    # Just signed in with the password: no second password prompt before the TOTP secret.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "secret" in response.text.lower()


def test_totp_enrolment_asks_for_the_password_when_the_login_is_old(client, member):
    client.force_login(member)  # no password typed in this session
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_members_may_enrol_two_factor(client, member):
    log_in(client, member)
    assert_can_open_totp_enrolment(client, member)


def test_staff_enrols_totp_then_reaches_the_site(client):
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    admin = UserFactory(is_staff=True, is_superuser=True, centre=None)
    log_in(client, admin)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get("/membres/").status_code == 200
    assert client.get("/admin/").status_code == 200
