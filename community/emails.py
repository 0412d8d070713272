"""E-mails about access to the network. Called after commit, never inside a transaction."""

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from community.models import AccessRequest, Invitation
from community.permissions import access_managers


def _render(template: str, context: dict) -> tuple[str, str]:
    """A template's first line is the subject, the rest the body."""
    text = render_to_string(f"community/email/{template}.txt", {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.strip().partition("\n")
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(), body.strip() + "\n"


def send_access_requested(access_request: AccessRequest) -> None:
    subject, body = _render(
        "access_requested",
        {"request": access_request, "review_url": settings.SITE_URL + reverse("community:access_requests")},
    )
    recipients = list(access_managers().values_list("email", flat=True))
    send_mass_mail([(subject, body, None, [email]) for email in recipients])


def send_invitation(invitation: Invitation) -> None:
    subject, body = _render(
        "invitation",
        {"invitation": invitation, "accept_url": invitation.accept_url(), "valid_days": settings.INVITATION_VALID_DAYS},
    )
    send_mail(subject, body, None, [invitation.email])


def send_access_declined(access_request: AccessRequest) -> None:
    subject, body = _render("access_declined", {"request": access_request})
    send_mail(subject, body, None, [access_request.email])


