from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from community.timezones import NETWORK_TIMEZONES
from community.validators import validate_avatar


class Role(models.TextChoices):
    CADRE = "cadre", _("Cadre de santé")
    SUPERVISOR = "superviseur", _("Superviseur·se")
    RESPONDER = "repondant", _("Répondant·e")
    COORDINATOR = "coordinateur", _("Coordinateur·rice du pôle national")
    PARTNER = "partenaire", _("Partenaire")


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def directory(self):
        """Members as the directory lists them: active, with their centre, by name."""
        return self.active().select_related("centre").order_by("last_name", "first_name")


class UserManager(DjangoUserManager.from_queryset(MemberQuerySet)):
    """Django's manager, keyed on e-mail instead of a username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def handle_base(first_name: str, last_name: str, email: str = "") -> str:
    first, last = slugify(first_name), slugify(last_name)
    if first and last:
        return f"{first}.{last}"[:70]
    return (first or last or slugify(email.split("@")[0]) or "membre")[:60] + ".membre"


# Wagtail grants page permissions (publishing events, news...) to Django groups only: coordinators
# belong to this one, kept in step with their role, and apps grant it what coordinators edit.
COORDINATION_GROUP = "Coordination du pôle national"


def coordination_group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=COORDINATION_GROUP)[0]


def sync_coordination_group(user) -> None:
    group = coordination_group()
    if user.role == Role.COORDINATOR:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def avatar_path(instance, filename: str) -> str:
    return f"avatars/{instance.pk or 'new'}/{filename}"


class User(AbstractUser):
    """A member of the network. People sign in with their e-mail address; there is no username."""

    username = None
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), unique=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.RESPONDER)
    centre = models.ForeignKey(
        "community.Centre",
        verbose_name=_("centre"),
        related_name="members",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Laisser vide pour le pôle national ou un partenaire."),
    )
    timezone = models.CharField(
        _("fuseau horaire"),
        max_length=40,
        choices=NETWORK_TIMEZONES,
        blank=True,
        help_text=_("Par défaut, celui de votre centre."),
    )
    handle = models.CharField(
        _("identifiant de mention"),
        max_length=80,
        unique=True,
        editable=False,
        help_text=_("Pour mentionner ce membre : @prénom.nom"),
    )
    bio = models.TextField(_("présentation"), max_length=600, blank=True)
    avatar = models.ImageField(_("photo"), upload_to=avatar_path, blank=True, validators=[validate_avatar])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._saved_role = user.__dict__.get("role")
        return user

    def save(self, *args, **kwargs):
        if not self.handle:
            self.handle = self.free_handle()
        super().save(*args, **kwargs)
        if self.role != getattr(self, "_saved_role", None):
            self._saved_role = self.role
            sync_coordination_group(self)

    def free_handle(self) -> str:
        """"prenom.nom", made unique with a number; the dot keeps members apart from group slugs."""
        base = handle_base(self.first_name, self.last_name, self.email)
        taken = set(type(self).objects.filter(handle__startswith=base).values_list("handle", flat=True))
        handle, number = base, 1
        while handle in taken:
            number += 1
            handle = f"{base}{number}"
        return handle

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def initials(self) -> str:
        return ((self.first_name[:1] + self.last_name[:1]) or self.email[:1]).upper()

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def affiliation(self) -> str:
        return self.centre.name if self.centre_id else str(_("Pôle national") if self.is_coordinator else "")

    @property
    def effective_timezone(self) -> str:
        if self.timezone:
            return self.timezone
        if self.centre_id:
            return self.centre.timezone
        return settings.TIME_ZONE

    @property
    def zoneinfo(self) -> ZoneInfo:
        return ZoneInfo(self.effective_timezone)

    def get_absolute_url(self) -> str:
        return reverse("community:member_detail", args=[self.pk])
