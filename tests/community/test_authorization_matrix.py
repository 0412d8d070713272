"""Every URL that exposes a group-scoped object, for every kind of visitor.

Later issues add their URLs to ``CASES``. Private content answers 404 to outsiders, never 403.
"""

import pytest
from django.urls import reverse

from community.groups.models import Membership
from tests.community.factories import UserFactory, make_group

ROLES = ["anonymous", "outsider", "member", "animator", "coordinator", "staff"]
LOGIN = 302  # anonymous visitors are sent to the login page
DONE = 302  # an authorised action redirects back to a page


def expect(anonymous=LOGIN, outsider=404, member=200, animator=200, coordinator=200, staff=200):
    return dict(zip(ROLES, [anonymous, outsider, member, animator, coordinator, staff], strict=True))


MANAGE_ONLY = expect(member=404, animator=DONE, coordinator=DONE, staff=DONE)

# (name, method, url builder, expected status by role)
CASES = [
    ("private group page", "get", lambda w: reverse("groups:detail", args=[w.private.slug]), expect()),
    ("network group page", "get", lambda w: reverse("groups:detail", args=[w.network.slug]), expect(outsider=200)),
    ("private group manage page", "get", lambda w: reverse("groups:manage", args=[w.private.slug]), expect(member=404)),
    (
        "network group manage page",
        "get",
        lambda w: reverse("groups:manage", args=[w.network.slug]),
        expect(outsider=404, member=404, animator=404),
    ),
    ("join private group", "post", lambda w: reverse("groups:join", args=[w.private.slug]), expect(member=DONE, animator=DONE, coordinator=DONE, staff=DONE)),
    ("leave private group", "post", lambda w: reverse("groups:leave", args=[w.private.slug]), expect(member=DONE, animator=DONE, coordinator=404, staff=404)),
    ("invite to private group", "post", lambda w: reverse("groups:invite", args=[w.private.slug]), MANAGE_ONLY),
    (
        "decide a request",
        "post",
        lambda w: reverse("groups:decide", args=[w.private.slug, w.request.pk, "approve"]),
        MANAGE_ONLY,
    ),
    (
        "change a member's role",
        "post",
        lambda w: reverse("groups:change_role", args=[w.private.slug, w.membership.pk]),
        MANAGE_ONLY,
    ),
    ("remove a member", "post", lambda w: reverse("groups:remove", args=[w.private.slug, w.membership.pk]), MANAGE_ONLY),
]


class World:
    def __init__(self):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        self.animator = UserFactory(role="cadre")
        self.member = UserFactory()
        self.outsider = UserFactory()
        self.coordinator = UserFactory(role="coordinateur", centre=None)
        self.staff = UserFactory(is_staff=True, is_superuser=True)
        TOTP.activate(self.staff, generate_totp_secret())
        self.private = make_group("Groupe privé", visibility="private", join_policy="invitation", animators=[self.animator])
        self.network = make_group("Groupe réseau", join_policy="request", animators=[UserFactory()])
        other = make_group("Autre groupe", visibility="private", animators=[self.outsider])
        assert other.memberships.filter(member=self.outsider).exists()
        from community.groups.services import add_member

        self.membership = add_member(self.private, self.member)
        self.request = Membership.objects.create(
            group=self.private, member=UserFactory(), status=Membership.Status.REQUESTED
        )

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)


POST_DATA = {"email": "", "role": "animateur", "message": ""}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,url,expected", CASES, ids=[case[0] for case in CASES])
def test_authorization_matrix(client, role, name, method, url, expected):
    world = World()
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    data = dict(POST_DATA, email=world.outsider.email)
    response = client.post(url(world), data) if method == "post" else client.get(url(world))
    assert response.status_code == expected[role], f"{name} as {role}"
    if response.status_code == LOGIN and role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
