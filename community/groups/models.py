from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import permissions
from community.models import Role


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.visible_groups_q(user))

    def managed_by(self, user):
        return self.filter(permissions.managed_groups_q(user))


class WorkingGroup(models.Model):
    """A working group (or the club des cadres), backed by a Django auth group of its active members."""

    class Visibility(models.TextChoices):
        NETWORK = "network", _("Visible par tout le réseau")
        PRIVATE = "private", _("Privé : visible par ses membres seulement")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Ouvert : chacun peut rejoindre")
        REQUEST = "request", _("Sur demande, validée par l'animation")
        INVITATION = "invitation", _("Sur invitation seulement")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000)
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.NETWORK)
    join_policy = models.CharField(_("adhésion"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    eligible_roles = models.JSONField(
        _("rôles admis"), default=list, blank=True, help_text=_("Vide : tous les rôles peuvent rejoindre le groupe.")
    )
    auth_group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="working_group", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", args=[self.slug])

    def save(self, *args, **kwargs):
        # The auth group is named after the slug (unique), and follows it when it changes.
        name = f"Groupe de travail : {self.slug}"
        if not self.auth_group_id:
            self.auth_group = Group.objects.create(name=name)
        elif self.auth_group.name != name:
            self.auth_group.name = name
            self.auth_group.save(update_fields=["name"])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        auth_group = self.auth_group
        result = super().delete(*args, **kwargs)
        auth_group.delete()
        return result

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE

    def admits(self, member) -> bool:
        return not self.eligible_roles or member.role in self.eligible_roles

    def eligible_roles_display(self) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels[role]) for role in self.eligible_roles if role in labels)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def animators(self):
        return self.active().filter(role=Membership.Role.ANIMATOR)


class Membership(models.Model):
    """A member's place in a group: active, asking to join, or invited."""

    class Role(models.TextChoices):
        ANIMATOR = "animateur", _("Animateur·rice")
        MEMBER = "membre", _("Membre")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Membre")
        REQUESTED = "requested", _("Demande en attente")
        INVITED = "invited", _("Invitation en attente")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="one_membership_per_group")]
        verbose_name = _("adhésion")

    def __str__(self) -> str:
        return f"{self.member_id} in {self.group_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_animator(self) -> bool:
        return self.is_active and self.role == self.Role.ANIMATOR
