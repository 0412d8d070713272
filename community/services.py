"""Business actions on members and access: the only code that writes these models.

Views, the Wagtail admin, management commands and tests all call these functions.
"""

import logging
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from community import emails
from community.models import AccessRequest, Invitation, Role, User
from community.permissions import can_manage_access

log = logging.getLogger(__name__)


class AccessError(Exception):
    """A business rule refused the action; the message is shown to the user as is."""


def email_in_use(email: str) -> str | None:
    """Why this address cannot ask for or receive access, or None if it can."""
    if get_user_model().objects.filter(email__iexact=email).exists():
        return _("Un compte existe déjà avec cette adresse. Utilisez « Mot de passe oublié » pour vous connecter.")
    if AccessRequest.objects.filter(email__iexact=email, status=AccessRequest.Status.PENDING).exists():
        return _("Une demande d'accès est déjà en cours d'examen pour cette adresse.")
    if Invitation.objects.filter(email__iexact=email, status=Invitation.Status.PENDING).exists():
        return _("Une invitation a déjà été envoyée à cette adresse : consultez votre messagerie.")
    return None


@contextmanager
def _refusing_duplicates(email: str):
    """Two submissions at once both pass the check; the unique constraints stop the second one."""
    try:
        yield
    except IntegrityError:
        raise AccessError(email_in_use(email) or _("Cette adresse est déjà utilisée.")) from None


def _check_email_free(email: str) -> None:
    reason = email_in_use(email)
    if reason:
        raise AccessError(reason)


def request_access(*, first_name, last_name, email, centre, role, reason) -> AccessRequest:
    """A visitor asks to join; coordinators are told by e-mail."""
    email = email.strip().lower()
    if role == Role.COORDINATOR:
        raise AccessError(_("Ce rôle est attribué par le pôle national."))
    with _refusing_duplicates(email), transaction.atomic():
        _check_email_free(email)
        access_request = AccessRequest.objects.create(
            first_name=first_name, last_name=last_name, email=email, centre=centre, role=role, reason=reason
        )
        transaction.on_commit(lambda: emails.send_access_requested.enqueue(access_request.pk))
    log.info("access request %s created for %s", access_request.pk, email)
    return access_request


def _lock_pending(access_request: AccessRequest) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status != AccessRequest.Status.PENDING:
        raise AccessError(_("Cette demande a déjà été traitée."))
    return locked


def _check_manager(actor: User) -> None:
    if not can_manage_access(actor):
        raise AccessError(_("Seuls les coordinateurs et l'équipe d'administration gèrent les accès."))


APPLICANT_FIELDS = ("first_name", "last_name", "email", "centre", "role")


def _create_invitation(*, by: User, access_request: AccessRequest | None = None, **applicant) -> Invitation:
    invitation = Invitation.objects.create(invited_by=by, access_request=access_request, **applicant)
    transaction.on_commit(lambda: emails.send_invitation.enqueue(invitation.pk))
    return invitation


def approve_access_request(access_request: AccessRequest, *, by: User) -> Invitation:
    """Approve a request: the applicant receives an invitation link to create their account."""
    _check_manager(by)
    with transaction.atomic():
        locked = _lock_pending(access_request)
        if get_user_model().objects.filter(email__iexact=locked.email).exists():
            raise AccessError(_("Un compte existe déjà avec cette adresse."))
        locked.status = AccessRequest.Status.APPROVED
        locked.decided_by, locked.decided_at = by, timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        applicant = {field: getattr(locked, field) for field in APPLICANT_FIELDS}
        invitation = _create_invitation(by=by, access_request=locked, **applicant)
    log.info("access request %s approved by %s", locked.pk, by.pk)
    return invitation


def decline_access_request(access_request: AccessRequest, *, by: User, note: str = "") -> AccessRequest:
    _check_manager(by)
    with transaction.atomic():
        locked = _lock_pending(access_request)
        locked.status = AccessRequest.Status.DECLINED
        locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        transaction.on_commit(lambda: emails.send_access_declined.enqueue(locked.pk))
    log.info("access request %s declined by %s", locked.pk, by.pk)
    return locked


def invite_member(*, by: User, first_name, last_name, email, centre, role) -> Invitation:
    _check_manager(by)
    email = email.strip().lower()
    with _refusing_duplicates(email), transaction.atomic():
        _check_email_free(email)
        invitation = _create_invitation(
            by=by, first_name=first_name, last_name=last_name, email=email, centre=centre, role=role
        )
    log.info("invitation %s sent to %s by %s", invitation.pk, email, by.pk)
    return invitation


def accept_invitation(invitation: Invitation, *, first_name: str, last_name: str, password: str) -> User:
    """Create the member's account. Following the e-mailed link proved the address, so it is verified."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != Invitation.Status.PENDING:
            raise AccessError(_("Cette invitation a déjà été utilisée ou a été annulée."))
        if get_user_model().objects.filter(email__iexact=locked.email).exists():
            raise AccessError(_("Un compte existe déjà avec cette adresse."))
        member = get_user_model().objects.create_user(
            email=locked.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            centre=locked.centre,
            role=locked.role,
        )
        EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
        locked.status, locked.accepted_at, locked.member = Invitation.Status.ACCEPTED, timezone.now(), member
        locked.save(update_fields=["status", "accepted_at", "member"])
    log.info("invitation %s accepted: member %s", locked.pk, member.pk)
    return member


def revoke_invitation(invitation: Invitation, *, by: User) -> Invitation:
    _check_manager(by)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != Invitation.Status.PENDING:
            raise AccessError(_("Cette invitation n'est plus en attente."))
        locked.status = Invitation.Status.REVOKED
        locked.save(update_fields=["status"])
    return locked


def update_profile(member: User, **fields) -> User:
    """Save the member-editable profile fields (names, time zone, bio, avatar); role and centre are set by coordinators."""
    editable = {"first_name", "last_name", "timezone", "bio", "avatar"}
    unknown = set(fields) - editable
    if unknown:
        raise ValueError(f"Not editable from the profile: {sorted(unknown)}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(member, name, value)
        member.full_clean(exclude=["password"])
        member.save(update_fields=list(fields))
    return member
