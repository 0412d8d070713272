"""The form a cadre de santé fills in for one month of their centre (or a coordinator for any centre).

The form reads what was typed (numbers with spaces between thousands, "12,5" ETP, the month as
``<input type=month>`` sends it or as "10/2026"); the rules themselves are ``MonthValues.problems()``'s,
so that the form, the import and the service refuse the same figures with the same French messages.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.steering import formats
from community.steering.services import FIELDS, MonthValues

SPACES = " \u00a0\u202f"


class CountField(forms.IntegerField):
    """A whole number, typed as people write it: "1 250" (spaces between thousands) is 1250."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Saisissez un nombre entier, par exemple 1250.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.translate({ord(space): None for space in SPACES})
        return super().to_python(value)


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Mois"),
        help_text=_("Au format AAAA-MM, par exemple 2026-10. Un mois déjà saisi est corrigé."),
        widget=forms.TextInput(attrs={"type": "month", "autocomplete": "off"}),
        error_messages={"required": _("Indiquez le mois.")},
    )
    calls_received = CountField(
        label=_("Appels reçus"), error_messages={"required": _("Indiquez le nombre d'appels reçus.")}
    )
    calls_answered = CountField(
        label=_("Appels décrochés"),
        help_text=_("Le taux de décroché est calculé : décrochés ÷ reçus."),
        error_messages={"required": _("Indiquez le nombre d'appels décrochés.")},
    )
    median_wait_seconds = CountField(
        label=_("Attente médiane avant décroché (secondes)"),
        required=False,
        help_text=_("Laissez vide si vous ne la connaissez pas."),
    )
    staff_fte = forms.DecimalField(
        label=_("Effectif en poste (ETP)"),
        required=False,
        localize=True,
        max_digits=6,
        decimal_places=2,
        help_text=_("En équivalents temps plein, par exemple 12,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Saisissez un nombre, par exemple 12,5.")},
    )
    arrivals = CountField(label=_("Arrivées dans l'équipe"), required=False, help_text=_("Vide : aucune."))
    departures = CountField(label=_("Départs de l'équipe"), required=False, help_text=_("Vide : aucun."))

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre

    @classmethod
    def initial_from(cls, row) -> dict:
        """The saved month, as the form shows it (a correction starts from what was entered)."""
        return {"month": formats.month_param(row.month)} | {name: getattr(row, name) for name in FIELDS}

    def clean_month(self):
        month = formats.parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("Indiquez un mois au format AAAA-MM, par exemple 2026-10."))
        return month

    def clean(self):
        cleaned = super().clean()
        if "month" in cleaned:  # the service's rules, each message beside its field
            for field, message in self.values().problems():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def values(self) -> MonthValues:
        data = self.cleaned_data
        return MonthValues(
            centre=self.centre,
            month=data["month"],
            calls_received=data.get("calls_received"),
            calls_answered=data.get("calls_answered"),
            median_wait_seconds=data.get("median_wait_seconds"),
            staff_fte=data.get("staff_fte"),
            arrivals=data.get("arrivals") or 0,
            departures=data.get("departures") or 0,
        )
