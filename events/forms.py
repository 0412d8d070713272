"""Forms of the member-facing event pages: the registration questions and the list filters.

The rules on answers live in ``services.validate_answers``; the registration form only collects the
answers, asks the service, and puts its French messages beside the fields. Fields are therefore never
``required`` for Django (no second set of messages): a required question is marked in its label and
by the HTML ``required`` attribute, and the form is sent with ``novalidate`` so the server answers.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.groups.models import WorkingGroup
from events import services
from events.models import EventPage, EventQuestion, Kind

TEXT_MAX_LENGTH = 2000
NETWORK_WIDE = "reseau"  # the group filter's value for events open to the whole network

Type = EventQuestion.Type


class AnswerListField(forms.Field):
    """Several choices, as a list of strings (checked against the choices by the service)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else value
        return [str(v) for v in values]


def field_name(question: EventQuestion) -> str:
    return f"question_{question.pk}"


def _field(question: EventQuestion) -> forms.Field:
    choices = [(choice, choice) for choice in question.choice_list]
    help_text = (
        _("Votre réponse sera signalée à l'organisation pour préparer votre accueil.") if question.accessibility else ""
    )
    attrs = {"required": True} if question.required else {}
    if question.type == Type.CHOICE:
        field = forms.CharField(widget=forms.RadioSelect(choices=choices, attrs=attrs))
    elif question.type == Type.MULTIPLE:
        # No ``required`` attribute: on a checkbox it would demand every box.
        field = AnswerListField(widget=forms.CheckboxSelectMultiple(choices=choices))
    elif question.accessibility:
        field = forms.CharField(max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3, **attrs}))
    else:
        field = forms.CharField(max_length=TEXT_MAX_LENGTH, widget=forms.TextInput(attrs=attrs))
    field.required = False
    field.label = question.label
    field.help_text = help_text
    # What the template shows beside the label.
    field.question_required = question.required
    field.accessibility = question.accessibility
    return field


class RegistrationForm(forms.Form):
    """One field per question of the event; ``answers`` once valid, keyed as ``Registration.answers`` is."""

    def __init__(self, questions: list[EventQuestion], *args, disabled: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = field = _field(question)
            field.disabled = disabled
        self.answers: dict = {}

    def raw_answers(self) -> dict:
        return {str(q.pk): self.cleaned_data.get(field_name(q)) for q in self.questions}

    def clean(self):
        cleaned = super().clean()
        try:
            self.answers = services.validate_answers(self.questions, self.raw_answers())
        except services.AnswersInvalid as error:
            self.add_answer_errors(error.errors)
        return cleaned

    def add_answer_errors(self, errors: dict) -> None:
        """Put the service's messages (``{question_id: message}``) beside their fields."""
        names = {q.pk: field_name(q) for q in self.questions}
        for pk, message in errors.items():
            name = names.get(int(pk))
            if name is not None and name not in self.errors:
                self.add_error(name, message)


def answers_shown(questions: list[EventQuestion], answers: dict) -> list[tuple[EventQuestion, str]]:
    """A registration's answers as (question, text), in the questions' order, for the member's record."""
    shown = []
    for question in questions:
        value = answers.get(str(question.pk))
        if value:
            shown.append((question, ", ".join(value) if isinstance(value, list) else value))
    return shown


# --- Filters of the list and the month view ------------------------------------------------------------


class Period:
    UPCOMING = "a-venir"
    PAST = "passes"
    CHOICES = [(UPCOMING, _("À venir")), (PAST, _("Passés"))]


class EventFilterForm(forms.Form):
    """Kind, audience and period: a GET form; a value that is not offered is ignored."""

    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous les types")), *Kind.choices])
    groupe = forms.ChoiceField(label=_("Public"), required=False)
    periode = forms.ChoiceField(label=_("Période"), required=False, choices=Period.CHOICES)

    def __init__(self, user, *args, with_period: bool = True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Groups the member may see that have events: one query, no group they cannot read.
        groups = WorkingGroup.objects.filter(
            pk__in=EventPage.objects.visible_to(user).filter(group__isnull=False).values("group_id")
        ).values_list("pk", "name")
        self.fields["groupe"].choices = [
            ("", _("Tous les publics")),
            (NETWORK_WIDE, _("Tout le réseau")),
            *((str(pk), name) for pk, name in groups),
        ]
        if not with_period:
            del self.fields["periode"]

    def value(self, name: str) -> str:
        """The field's valid value, or "" (an invalid filter does not hide the others)."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.cleaned_data.get(name) or ""

    @property
    def past(self) -> bool:
        return self.value("periode") == Period.PAST

    def filter(self, events):
        kind, group = self.value("type"), self.value("groupe")
        if kind:
            events = events.filter(kind=kind)
        if group == NETWORK_WIDE:
            events = events.filter(group__isnull=True)
        elif group:
            events = events.filter(group_id=int(group))
        return events

    def query_string(self, *, without=("page",)) -> str:
        """The active filters as a query string, for the pagination and the other view's links."""
        if not self.is_bound:
            return ""
        data = self.data.copy()
        for name in without:
            data.pop(name, None)
        for name in list(data):
            if name not in self.fields or not self.value(name):
                data.pop(name)
        return data.urlencode()
