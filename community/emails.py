"""E-mails about access to the network, sent as background tasks after the request's commit."""

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from community.models import AccessRequest, Invitation
from community.permissions import access_managers


def render_email(template: str, context: dict) -> tuple[str, str]:
    """A text template's first line is the subject (on one line, whatever names contain), the rest the body."""
    text = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.strip().partition("\n")
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body.strip() + "\n"


@task()
def send_access_requested(access_request_id: int) -> None:
    access_request = AccessRequest.objects.select_related("centre").get(pk=access_request_id)
    subject, body = render_email(
        "community/email/access_requested.txt",
        {"request": access_request, "review_url": settings.SITE_URL + reverse("community:access_requests")},
    )
    recipients = access_managers().values_list("email", flat=True)
    send_mass_mail([(subject, body, None, [email]) for email in recipients])


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("invited_by", "access_request").get(pk=invitation_id)
    subject, body = render_email(
        "community/email/invitation.txt",
        {"invitation": invitation, "accept_url": invitation.accept_url(), "valid_days": settings.INVITATION_VALID_DAYS},
    )
    send_mail(subject, body, None, [invitation.email])


@task()
def send_access_declined(access_request_id: int) -> None:
    access_request = AccessRequest.objects.get(pk=access_request_id)
    subject, body = render_email("community/email/access_declined.txt", {"request": access_request})
    send_mail(subject, body, None, [access_request.email])
