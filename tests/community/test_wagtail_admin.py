import pytest

from community.models import Role

pytestmark = pytest.mark.django_db


def test_staff_sets_role_and_centre_in_wagtail_user_admin(client, staff, member, centre):
    client.force_login(staff)
    url = f"/admin/users/edit/{member.pk}/"
    page = client.get(url)
    assert 'name="role"' in page.text and 'name="centre"' in page.text
    response = client.post(
        url,
        {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "role": Role.CADRE,
            "centre": centre.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.text
    member.refresh_from_db()
    assert (member.role, member.centre) == (Role.CADRE, centre)


def test_centres_are_a_snippet(client, staff, centre):
    client.force_login(staff)
    response = client.get("/admin/snippets/community/centre/")
    assert response.status_code == 200
    assert centre.name in response.text
