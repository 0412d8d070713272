"""Steering the network: centres' monthly indicators and the deployment of the centres still to open.

``MonthlyIndicator`` holds one row per centre and month (the first day of the month); the taux de
décroché is computed from calls answered and received, never stored. ``LowRateEpisode`` remembers a
run of months under the target so coordinators are told once per episode. ``MilestoneTemplate`` is the
modèle cible (a checklist coordinators edit as a snippet); each deploying centre gets one ``Milestone``
per template, with status, owner, due date and notes.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from community import permissions
from community.models import Centre


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def this_month() -> date:
    return first_of_month(timezone.localdate())


# --- Indicators --------------------------------------------------------------------------------------


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of the centres the user sees by name (all for coordinators, their own for a centre's members)."""
        return self.filter(permissions.steered_centres_q(user, "centre"))

    def between(self, first: date, last: date):
        return self.filter(month__gte=first, month__lte=last)


class MonthlyIndicator(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("centre"))
    month = models.DateField(_("mois"), help_text=_("Le premier jour du mois."))
    calls_received = models.PositiveIntegerField(_("appels reçus"))
    calls_answered = models.PositiveIntegerField(_("appels décrochés"))
    median_wait_seconds = models.PositiveIntegerField(_("attente médiane avant décroché (secondes)"), null=True, blank=True)
    staff_fte = models.DecimalField(_("effectif en poste (ETP)"), max_digits=6, decimal_places=2, null=True, blank=True)
    arrivals = models.PositiveIntegerField(_("arrivées"), default=0)
    departures = models.PositiveIntegerField(_("départs"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["centre__name", "month"]
        verbose_name = _("indicateurs du mois")
        verbose_name_plural = _("indicateurs mensuels")
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="steering_one_row_per_centre_month"),
            models.CheckConstraint(
                condition=Q(calls_answered__lte=F("calls_received")), name="steering_answered_within_received"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.month:%m/%Y}"

    @property
    def answer_rate(self) -> float | None:
        """The taux de décroché, between 0 and 1 (``None`` for a month without calls)."""
        return self.calls_answered / self.calls_received if self.calls_received else None


class LowRateEpisode(models.Model):
    """Months running under the target rate, from the second one: coordinators were told at its start."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="low_rate_episodes")
    started_month = models.DateField()
    ended_month = models.DateField(null=True, blank=True, help_text=_("Le premier mois revenu à la cible."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["centre"], condition=Q(ended_month__isnull=True), name="steering_one_open_episode"
            )
        ]


# --- Deployment ----------------------------------------------------------------------------------------


class MilestoneTemplate(models.Model):
    """One step of the modèle cible that every opening centre goes through."""

    name = models.CharField(_("jalon"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("jalon du modèle cible")
        verbose_name_plural = _("modèle cible (jalons)")

    def __str__(self) -> str:
        return self.name


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.steered_centres_q(user, "centre"))

    def overdue(self, today: date | None = None):
        return self.exclude(status=Milestone.Status.DONE).filter(due_date__lt=today or timezone.localdate())


class Milestone(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "a_faire", _("À faire")
        IN_PROGRESS = "en_cours", _("En cours")
        BLOCKED = "bloque", _("Bloqué")
        DONE = "fait", _("Fait")

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("centre"))
    template = models.ForeignKey(
        MilestoneTemplate, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("jalon")
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
        verbose_name=_("responsable"),
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    done_on = models.DateField(_("fait le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["centre__name", "template__sort_order", "template_id"]
        verbose_name = _("jalon de déploiement")
        verbose_name_plural = _("jalons de déploiement")
        constraints = [models.UniqueConstraint(fields=["centre", "template"], name="steering_one_milestone_per_step")]

    def __str__(self) -> str:
        return f"{self.centre} — {self.template}"

    def is_overdue(self, today: date | None = None) -> bool:
        return bool(self.due_date and self.status != self.Status.DONE and self.due_date < (today or timezone.localdate()))


DEPLOYING = [Centre.Status.DEPLOYING, Centre.Status.PLANNED]
