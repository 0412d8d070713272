import re

import pytest
from django.urls import reverse

from allauth.account.models import EmailAddress
from community import services
from community.models import AccessRequest, Invitation, User
from tests.community.factories import AccessRequestFactory, CentreFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def request_form_data(centre, **overrides):
    return {
        "first_name": "Justine",
        "last_name": "Carpentier",
        "email": "justine.carpentier@ch-exemple.test",
        "centre": centre.pk,
        "role": "superviseur",
        "reason": "Superviseure de nuit, je souhaite échanger avec les autres centres.",
        **overrides,
    }


def accept_link(message) -> str:
    return re.search(r"http://testserver(/invitation/\S+/)", message.body).group(1)


def test_access_request_approval_then_invitation_then_login(
    client, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    centre = CentreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:request_access"), request_form_data(centre), follow=True)
    assert response.redirect_chain == [(reverse("community:request_access_sent"), 302)]
    assert "Demande envoyée" in response.text
    assert "justine.carpentier@ch-exemple.test" in response.text
    access_request = AccessRequest.objects.get()
    assert access_request.status == AccessRequest.Status.PENDING
    assert [m.to for m in mailoutbox] == [[coordinator.email]]

    client.force_login(coordinator)
    response = client.get(reverse("community:access_requests"))
    assert "Justine Carpentier" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:decide_access_request", args=[access_request.pk, "approve"]))
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.APPROVED
    assert access_request.decided_by == coordinator
    invitation_mail = mailoutbox[-1]
    assert invitation_mail.to == ["justine.carpentier@ch-exemple.test"]
    client.logout()

    link = accept_link(invitation_mail)
    response = client.get(link)
    assert response.status_code == 200
    assert 'value="Justine"' in response.text
    response = client.post(
        link, {"first_name": "Justine", "last_name": "Carpentier", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("community:profile")
    member = User.objects.get(email="justine.carpentier@ch-exemple.test")
    assert (member.centre, member.role) == (centre, "superviseur")
    assert EmailAddress.objects.get(user=member).verified
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "justine.carpentier@ch-exemple.test", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_invitation_link_works_only_once(client, invite, mailoutbox):
    invitation = invite()
    link = accept_link(mailoutbox[0])
    data = {"first_name": "Paul", "last_name": "Hoarau", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(link, data).status_code == 302
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "plus valable" in response.text
    assert Invitation.objects.get(pk=invitation.pk).member.email == "paul@exemple.test"


def test_forged_or_revoked_invitation_link_is_refused(client, coordinator, invite, mailoutbox):
    invitation = invite()
    assert client.get("/invitation/not-a-real-token/").status_code == 404
    services.revoke_invitation(invitation, by=coordinator)
    assert client.get(accept_link(mailoutbox[0])).status_code == 410


def test_staff_invites_by_email(client, staff, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(staff)
    centre = CentreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("community:invite"),
            {"first_name": "Rose", "last_name": "Payet", "email": "Rose.Payet@Exemple.test", "centre": centre.pk, "role": "cadre"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "rose.payet@exemple.test"
    assert invitation.invited_by == staff
    assert mailoutbox[0].to == ["rose.payet@exemple.test"]
    assert "/invitation/" in mailoutbox[0].body


def test_decline_sends_the_note_and_creates_no_account(
    coordinator_client, mailoutbox, django_capture_on_commit_callbacks
):
    access_request = AccessRequestFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("community:decide_access_request", args=[access_request.pk, "decline"]),
            {"note": "Merci de passer par votre cadre de santé."},
        )
    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.DECLINED
    assert "Merci de passer par votre cadre de santé." in mailoutbox[-1].body
    assert not User.objects.filter(email=access_request.email).exists()
    assert not Invitation.objects.exists()


def test_a_request_is_decided_only_once(coordinator):
    access_request = AccessRequestFactory()
    services.approve_access_request(access_request, by=coordinator)
    with pytest.raises(services.AccessError):
        services.decline_access_request(access_request, by=coordinator)


def test_members_cannot_see_or_decide_requests(member_client):
    access_request = AccessRequestFactory()
    assert member_client.get(reverse("community:access_requests")).status_code == 403
    url = reverse("community:decide_access_request", args=[access_request.pk, "approve"])
    assert member_client.post(url).status_code == 403
    assert member_client.get(reverse("community:invite")).status_code == 403
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.PENDING


def test_decisions_need_post(coordinator_client):
    access_request = AccessRequestFactory()
    url = reverse("community:decide_access_request", args=[access_request.pk, "approve"])
    assert coordinator_client.get(url).status_code == 405


@pytest.mark.parametrize(
    "existing",
    ["member", "pending_request", "pending_invitation"],
)
def test_duplicate_email_is_refused_beside_the_field(client, coordinator, existing):
    email = "deja.connue@exemple.test"
    if existing == "member":
        UserFactory(email=email)
    elif existing == "pending_request":
        AccessRequestFactory(email=email)
    else:
        services.invite_member(by=coordinator, first_name="Anne", last_name="Brun", email=email, centre=None, role="cadre")
    centre = CentreFactory()
    response = client.post(reverse("community:request_access"), request_form_data(centre, email="Deja.Connue@exemple.test"))
    assert response.status_code == 200
    assert 'id="id_email_error"' in response.text
    # What the visitor typed is kept.
    assert "Superviseure de nuit" in response.text
    assert 'value="Justine"' in response.text


def test_request_form_shows_french_errors_and_keeps_input(client):
    response = client.post(reverse("community:request_access"), {"first_name": "Justine", "email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Champ requis." in response.text
    assert "Saisissez une adresse de courriel valide." in response.text
    assert 'value="pas-une-adresse"' in response.text
    assert not AccessRequest.objects.exists()


def test_accept_form_checks_passwords(client, invite, mailoutbox):
    invite()
    link = accept_link(mailoutbox[0])
    response = client.post(link, {"first_name": "Paul", "last_name": "Hoarau", "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "trop court" in response.text
    response = client.post(link, {"first_name": "Paul", "last_name": "Hoarau", "password1": NEW_PASSWORD, "password2": "autre"})
    assert "ne correspondent pas" in response.text
    assert not User.objects.filter(email="paul@exemple.test").exists()


def test_signup_is_closed_and_points_to_access_request(client):
    response = client.get(reverse("account_signup"))
    assert reverse("community:request_access") in response.text


def test_applicants_cannot_ask_for_the_coordinator_role(client):
    centre = CentreFactory()
    page = client.get(reverse("community:request_access"))
    assert 'value="coordinateur"' not in page.text
    response = client.post(reverse("community:request_access"), request_form_data(centre, role="coordinateur"))
    assert response.status_code == 200
    assert not AccessRequest.objects.exists()
    with pytest.raises(services.AccessError):
        services.request_access(
            first_name="A", last_name="B", email="a@b.test", centre=None, role="coordinateur", reason="r"
        )


def test_line_breaks_in_names_do_not_break_the_emails(client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    centre = CentreFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("community:request_access"), request_form_data(centre, first_name="Jus\r\ntine"))
    assert response.status_code == 302
    assert "\n" not in mailoutbox[0].subject
