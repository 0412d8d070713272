"""The animateurs' event form: the page's fields in plain words, questions as an inline formset.

Times are typed as the venue's clock (date, time, zone), registration opening and closing too: one
zone for the whole form, the one named beside the dates. The description is plain text, kept as
paragraphs; a description formatted in the admin is left as it is unless its text is changed here.
"""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.forms import BaseChildFormSet, ClusterForm

from events import services
from events.models import EventPage, EventQuestion

DATE_FORMAT, TIME_FORMAT, DATETIME_FORMAT = "%Y-%m-%d", "%H:%M", "%Y-%m-%dT%H:%M"

# --- The description: plain text in the form, paragraphs in the page -----------------------------

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ol|ul|blockquote)>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_PLAIN_TAGS = re.compile(r"</?(p|br)\s*/?>", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Lines stripped, runs of blank lines made one: two texts that read the same compare equal."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(value: str) -> str:
    """The description's text, paragraphs separated by a blank line."""
    text = _BREAK.sub("\n", value or "")
    text = _BLOCK_END.sub("\n\n", text)
    return normalise_text(html.unescape(_TAG.sub("", text)))


def text_to_html(text: str) -> str:
    """Paragraphs (blank line) and line breaks, every character escaped."""
    text = normalise_text(text)
    return linebreaks(text, autoescape=True) if text else ""


def has_formatting(value: str) -> bool:
    return bool(_TAG.search(_PLAIN_TAGS.sub("", value or "")))


# --- Fields ---------------------------------------------------------------------------------------


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone (the form gives it the venue's zone in ``clean``)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = None  # the zone stored values are shown in (the venue's)

    def to_python(self, value):
        with timezone.override(ZoneInfo("UTC")):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else None

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return value.astimezone(self.zone or timezone.get_current_timezone()).replace(tzinfo=None)
        return value


class QuestionForm(forms.ModelForm):
    class Meta:
        model = EventQuestion
        fields = ["label", "type", "choices", "required", "accessibility"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "choices": gettext_lazy("Pour « Un choix » et « Plusieurs choix » : un choix par ligne."),
            "accessibility": gettext_lazy("Les réponses sont mises en évidence pour l'organisation."),
        }
        error_messages = {"label": {"required": gettext_lazy("Écrivez la question.")}}


class QuestionFormSet(BaseChildFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Supprimer cette question")
            form.fields["DELETE"].help_text = _("Les réponses déjà données à cette question ne seront plus montrées.")


class EventForm(ClusterForm):
    description_text = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Texte simple : laissez une ligne vide entre deux paragraphes."),
    )
    video_url = forms.URLField(
        label=gettext_lazy("Lien de visioconférence"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=gettext_lazy("Montré aux seuls membres inscrits."),
    )
    registration_opens = WallClockDateTimeField(
        label=gettext_lazy("Ouverture des inscriptions"),
        required=False,
        help_text=gettext_lazy("À l'heure du lieu. Vide : dès la publication."),
    )
    registration_closes = WallClockDateTimeField(
        label=gettext_lazy("Clôture des inscriptions"),
        required=False,
        help_text=gettext_lazy("À l'heure du lieu. Vide : jusqu'à la fin de l'événement."),
    )
    # The value of the "Garder cet horaire" box: the warnings it accepts (a new time needs a new tick).
    keep_hours = forms.CharField(required=False, label=gettext_lazy("Garder cet horaire"))

    class Meta:
        model = EventPage
        fields = [
            "title",
            "kind",
            "intro",
            "timezone",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "centre",
            "address",
            "video_url",
            "capacity",
            "registration_opens",
            "registration_closes",
        ]
        formsets = {
            "questions": {
                "form": QuestionForm,
                "formset": QuestionFormSet,
                "fields": ["label", "type", "choices", "required", "accessibility"],
                "extra": 2,
                "can_delete": True,
            }
        }
        labels = {"title": gettext_lazy("Titre"), "timezone": gettext_lazy("Fuseau horaire du lieu")}
        help_texts = {
            "title": "",
            "intro": gettext_lazy("Une ou deux phrases, montrées dans les listes."),
            "address": gettext_lazy("Ou un centre d'accueil, ou un lien de visioconférence (au moins l'un des trois)."),
        }
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
            "end_date": forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format=TIME_FORMAT),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format=TIME_FORMAT),
        }
        error_messages = {
            "title": {"required": gettext_lazy("Donnez un titre à l'événement.")},
            "start_date": {"required": gettext_lazy("Indiquez la date de début.")},
            "start_time": {"required": gettext_lazy("Indiquez l'heure de début.")},
            "end_date": {"required": gettext_lazy("Indiquez la date de fin.")},
            "end_time": {"required": gettext_lazy("Indiquez l'heure de fin.")},
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.hours_warnings: list[str] = []
        self.original_description = self.instance.description or ""
        self.description_formatted = has_formatting(self.original_description)
        self.fields["description_text"].initial = html_to_text(self.original_description)
        if self.description_formatted:
            self.fields["description_text"].help_text = _(
                "Cette description a été mise en forme dans l'administration : elle reste telle quelle "
                "si vous ne changez pas son texte ; si vous le changez, elle devient du texte simple."
            )
        for name in ("registration_opens", "registration_closes"):
            self.fields[name].zone = self.instance.zoneinfo if self.instance.timezone else None
        self.fields["centre"].queryset = self.fields["centre"].queryset.order_by("name")
        self.fields["centre"].empty_label = _("Aucun (adresse ou visioconférence)")
        self.fields["capacity"].help_text = _("Laisser vide pour un nombre illimité.")

    @property
    def question_formset(self):
        return self.formsets["questions"]

    @property
    def hours_signature(self) -> str:
        return " | ".join(self.hours_warnings)

    @property
    def keep_hours_checked(self) -> bool:
        return bool(self.hours_warnings) and self.data.get("keep_hours") == self.hours_signature

    def clean(self):
        data = super().clean()
        zone_name = data.get("timezone")
        zone = ZoneInfo(zone_name) if zone_name else None
        for name in ("registration_opens", "registration_closes"):
            if data.get(name) is not None and zone is not None:
                data[name] = data[name].replace(tzinfo=zone)
            elif data.get(name) is not None:
                data[name] = None  # no zone to read it in: the zone field has its own error
        parts = [data.get(name) for name in ("start_date", "start_time", "end_date", "end_time")]
        if zone is None or None in parts:
            return data
        start = datetime.combine(parts[0], parts[1], tzinfo=zone)
        end = datetime.combine(parts[2], parts[3], tzinfo=zone)
        if end <= start:
            return data  # the page's own rule says so, on the end field
        moved = (start, end) != (self.instance.start, self.instance.end)
        if moved:
            self.hours_warnings = services.hours_warnings(start, end, self.group)
        if self.hours_warnings and data.get("keep_hours") != self.hours_signature:
            self.add_error(
                "keep_hours",
                _(
                    "Cet horaire tombe hors de 8 h – 19 h pour une partie du public : %(places)s. "
                    "Changez l'heure, ou cochez « Garder cet horaire »."
                )
                % {"places": ", ".join(self.hours_warnings)},
            )
        return data

    def _update_errors(self, errors):
        # The page's own rules may name fields this form does not show (the slug): say them at the top.
        if hasattr(errors, "error_dict"):
            known = {}
            for name, messages in errors.error_dict.items():
                target = name if name in self.fields or name == NON_FIELD_ERRORS else NON_FIELD_ERRORS
                known.setdefault(target, []).extend(messages)
            errors = ValidationError(known)
        super()._update_errors(errors)

    def description_html(self) -> str:
        """The description to store: the original if its text is unchanged, else the new paragraphs."""
        text = self.cleaned_data.get("description_text", "")
        if normalise_text(text) == normalise_text(html_to_text(self.original_description)):
            return self.original_description
        return text_to_html(text)
