from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from community.timezones import NETWORK_TIMEZONES


class Centre(index.Indexed, models.Model):
    """A response centre of the 3114 network (editable as a Wagtail snippet)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Centre régional")
        TCHAT = "tchat", _("Centre tchat")
        ACCESSIBILITY = "accessibilite", _("Centre accessibilité")

    class Status(models.TextChoices):
        IN_SERVICE = "en_service", _("En service")
        DEPLOYING = "en_deploiement", _("En déploiement")
        PLANNED = "prevu", _("Prévu")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    region = models.CharField(_("région"), max_length=80)
    timezone = models.CharField(_("fuseau horaire"), max_length=40, choices=NETWORK_TIMEZONES, default="Europe/Paris")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.IN_SERVICE)
    opening_date = models.DateField(_("date d'ouverture"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("region"),
        FieldPanel("timezone"),
        FieldPanel("kind"),
        FieldPanel("status"),
        FieldPanel("opening_date"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("region"), index.FilterField("status")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre de réponse")
        verbose_name_plural = _("centres de réponse")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("community:centre_detail", args=[self.slug])
