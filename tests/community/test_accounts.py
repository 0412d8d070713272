"""allauth's account features as this network configures them."""

import re

import pytest
from django.urls import reverse

from tests.community.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_password_reset_by_email(client, member, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/comptes/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "Nouveau-mot-de-passe-3114", "password2": "Nouveau-mot-de-passe-3114"})
    assert response.status_code == 302
    assert client.login(email=member.email, password="Nouveau-mot-de-passe-3114")


def test_repeated_failed_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "faux"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives" in response.text
    assert "_auth_user_id" not in client.session


def test_access_requests_are_rate_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for index in range(3):
        response = client.post(
            reverse("community:request_access"),
            {"first_name": "A", "last_name": "B", "email": f"x{index}@exemple.test", "role": "cadre", "reason": "r"},
        )
    assert response.status_code == 200
    assert "Trop de demandes" in response.text


def test_login_is_by_email_not_username(client, member):
    response = client.get(reverse("account_login"))
    assert 'type="email"' in response.text
    assert "username" not in response.text
