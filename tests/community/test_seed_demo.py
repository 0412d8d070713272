import pytest
from django.core.management import call_command
from wagtail.models import Page

from community.models import Centre, NewsPage, Role, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_plausible(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Centre.objects.count() == 20
    # The community's own members; apps' demos may add more (the events' benchmark webinar adds responders).
    assert 55 <= User.objects.exclude(email__regex=r"^repondant[0-9]+\.").count() <= 70
    assert NewsPage.objects.live().count() == 4
    # A page at each section (an app may have replaced the placeholder with its own index, as events does).
    assert Page.objects.filter(slug__in=["evenements", "forums", "ressources"]).count() == 3
    zones = set(Centre.objects.values_list("timezone", flat=True))
    assert zones == {"Europe/Paris", "America/Guadeloupe", "America/Martinique", "Indian/Reunion", "America/Cayenne"}
    assert Centre.objects.filter(status="en_deploiement").exists()
    assert User.objects.filter(role=Role.COORDINATOR, is_staff=False).count() >= 1
    assert User.objects.filter(is_superuser=True).count() == 1
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    output = capsys.readouterr().out
    assert "coordination@reseau3114.test" in output
    assert "reseau-3114-demo" in output


def test_demo_login_works(client):
    call_command("seed_demo")
    response = client.post("/comptes/login/", {"login": "cadre.bretagne@reseau3114.test", "password": "reseau-3114-demo"})
    assert response.status_code == 302
    assert client.get("/centres/bretagne/").status_code == 200
