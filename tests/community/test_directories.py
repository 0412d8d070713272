import pytest
from django.urls import reverse

from tests.community.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    bretagne = CentreFactory(name="Centre de réponse Bretagne", status="en_service")
    guyane = CentreFactory(name="Centre de réponse Guyane", status="en_deploiement", timezone="America/Cayenne")
    UserFactory(first_name="Yann", last_name="Kerbrat", centre=bretagne, role="cadre")
    UserFactory(first_name="Nadia", last_name="Benali", centre=bretagne, role="repondant")
    UserFactory(first_name="Rodrigue", last_name="Alexis", centre=guyane, role="cadre")
    UserFactory(first_name="Ancien", last_name="Membre", centre=bretagne, is_active=False)
    return bretagne, guyane


def test_member_directory_filters_by_centre_and_role(member_client, network):
    bretagne, _ = network
    response = member_client.get(reverse("community:member_list"), {"centre": bretagne.pk, "role": "cadre"})
    assert "Yann Kerbrat" in response.text
    assert "Nadia Benali" not in response.text
    assert "Rodrigue Alexis" not in response.text
    response = member_client.get(reverse("community:member_list"), {"q": "benali"})
    assert "Nadia Benali" in response.text
    assert "Yann Kerbrat" not in response.text


def test_member_directory_hides_inactive_accounts(member_client, network):
    response = member_client.get(reverse("community:member_list"))
    assert "Ancien Membre" not in response.text


def test_member_directory_queries_do_not_grow_with_members(member_client, network, django_assert_max_num_queries):
    UserFactory.create_batch(25, centre=network[0])
    with django_assert_max_num_queries(7):
        response = member_client.get(reverse("community:member_list"))
    assert response.status_code == 200


def test_centre_directory_shows_status_and_members(member_client, network, django_assert_max_num_queries):
    for _ in range(5):
        UserFactory.create_batch(3, centre=CentreFactory())
    with django_assert_max_num_queries(6):
        response = member_client.get(reverse("community:centre_list"))
    assert "Centre de réponse Guyane" in response.text
    assert "En déploiement" in response.text
    assert "Yann Kerbrat" in response.text
    assert "Ancien Membre" not in response.text


def test_centre_page_lists_its_members(member_client, network, django_assert_max_num_queries):
    bretagne, _ = network
    with django_assert_max_num_queries(6):
        response = member_client.get(bretagne.get_absolute_url())
    assert "Nadia Benali" in response.text
    assert "Rodrigue Alexis" not in response.text


def test_member_page_and_inactive_member_404(member_client, network):
    bretagne, _ = network
    yann = bretagne.members.get(first_name="Yann")
    assert "Kerbrat" in member_client.get(yann.get_absolute_url()).text
    gone = bretagne.members.get(is_active=False)
    assert member_client.get(gone.get_absolute_url()).status_code == 404
