from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.notifications.kinds import Frequency


class NotificationQuerySet(models.QuerySet):
    def for_member(self, member):
        return self.filter(recipient=member)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a member should know. Stored first, pushed second: the database is the truth."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("type"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.CharField(_("texte"), max_length=300)
    link = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        verbose_name = _("notification")

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def as_message(self) -> dict:
        """What the WebSocket carries: enough to show it, nothing the recipient may not see."""
        return {"kind": self.kind, "text": self.text, "link": self.link, "created_at": self.created_at.isoformat()}


class EmailPreference(models.Model):
    """How a member wants to hear of one kind of notification by e-mail (absent: the kind's default)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=60)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.kind}={self.frequency}"
