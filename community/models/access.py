from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .members import Role


class Applicant(models.Model):
    """Who is asking to join: shared by access requests and invitations."""

    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail professionnelle"))
    centre = models.ForeignKey(
        "community.Centre", verbose_name=_("centre"), on_delete=models.SET_NULL, null=True, blank=True
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class AccessRequest(Applicant):
    """A visitor's request to join the closed network, decided by a coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Acceptée")
        DECLINED = "declined", _("Refusée")

    reason = models.TextField(_("motif de la demande"), max_length=1000)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("message au demandeur"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(status="pending"), name="one_pending_access_request_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class Invitation(Applicant):
    """An invitation to create an account, sent by staff, a coordinator, or on approval of a request.

    The link carries a signed, time-limited token naming the invitation: nothing secret is stored.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REVOKED = "revoked", _("Annulée")

    TOKEN_SALT = "community.invitation"

    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    access_request = models.OneToOneField(AccessRequest, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    accepted_at = models.DateTimeField(null=True, blank=True)
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=models.Q(status="pending"), name="one_pending_invitation_per_email"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @classmethod
    def max_age(cls) -> timedelta:
        return timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def expires_at(self):
        return self.created_at + self.max_age()

    def make_token(self) -> str:
        return signing.dumps(self.pk, salt=self.TOKEN_SALT)

    @classmethod
    def pk_from_token(cls, token: str) -> int | None:
        try:
            return signing.loads(token, salt=cls.TOKEN_SALT, max_age=cls.max_age())
        except signing.BadSignature:  # also covers SignatureExpired
            return None

    def accept_url(self) -> str:
        return settings.SITE_URL + reverse("community:accept_invitation", args=[self.make_token()])
