"""Forms of the organisers' page: register someone (with the event's questions), capacity, message, cancel."""

from django import forms
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat, Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import permissions
from events import services
from events.models import EventQuestion, Registration


def answer_field_name(question) -> str:
    return f"question-{question.pk}"


def answer_fields(questions) -> dict[str, forms.Field]:
    """One form field per question, named ``question-<id>`` (the services' answers are keyed by id)."""
    fields = {}
    for question in questions:
        if question.type == EventQuestion.Type.TEXT:
            field = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
        elif question.type == EventQuestion.Type.CHOICE:
            choices = [(choice, choice) for choice in question.choice_list]
            field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
        else:
            choices = [(choice, choice) for choice in question.choice_list]
            field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple)
        field.label = question.label
        field.required = False  # the services decide (AnswersInvalid), with their own messages
        field.question = question
        if question.required:
            field.help_text = _("Réponse obligatoire.")
        fields[answer_field_name(question)] = field
    return fields


def registrable_members(event):
    """The audience members without an active registration: whom an organiser may register."""
    taken = Registration.objects.active().filter(event=event, member=OuterRef("pk"))
    return (
        permissions.group_content_audience(event.group)
        .exclude(Exists(taken))
        .select_related("centre")
        .order_by("last_name", "first_name", "pk")
    )


class RegisterSomeoneForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Membre à inscrire"),
        max_length=254,
        help_text=gettext_lazy(
            "Tapez au moins deux lettres du nom ou de l'adresse e-mail, puis choisissez dans la liste proposée "
            "(l'adresse e-mail désigne le membre). L'adresse e-mail exacte ou le nom complet suffisent aussi."
        ),
        error_messages={"required": gettext_lazy("Indiquez le membre à inscrire.")},
        widget=forms.TextInput(attrs={"list": "membres-inscriptibles", "autocomplete": "off"}),
    )

    def __init__(self, *args, event, **kwargs):
        kwargs.setdefault("auto_id", "inscrire-%s")
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields.update(answer_fields(event.ordered_questions))

    def answer_bound_fields(self):
        return [self[name] for name in self.fields if name.startswith("question-")]

    def clean_member(self):
        text = " ".join(self.cleaned_data["member"].split())
        audience = permissions.group_content_audience(self.event.group)
        if "@" in text:
            found = list(audience.filter(email__iexact=text)[:2])
        else:
            found = list(
                audience.annotate(
                    forward=Lower(Concat("first_name", Value(" "), "last_name")),
                    backward=Lower(Concat("last_name", Value(" "), "first_name")),
                ).filter(Q(forward=text.lower()) | Q(backward=text.lower()))[:2]
            )
        if not found:
            raise forms.ValidationError(
                _("Aucun membre du public de l'événement ne correspond : choisissez un nom dans la liste.")
            )
        if len(found) > 1:
            raise forms.ValidationError(
                _(
                    "Plusieurs membres portent ce nom : choisissez celui qui convient dans la liste (avec son adresse e-mail)."
                )
            )
        return found[0]

    def answers(self) -> dict:
        answers = {}
        for name, field in self.fields.items():
            if name.startswith("question-"):
                answers[str(field.question.pk)] = self.cleaned_data.get(name) or ""
        return answers

    def add_answer_errors(self, errors: dict) -> None:
        """Put ``AnswersInvalid.errors`` ({question id: message}) beside their questions."""
        for question_id, message in errors.items():
            self.add_error(f"question-{question_id}", message)


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=gettext_lazy("Nombre de places"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=gettext_lazy("Laisser vide pour un nombre illimité."),
        error_messages={
            "invalid": gettext_lazy("Indiquez un nombre entier de places."),
            "min_value": gettext_lazy("Le nombre de places ne peut être négatif."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "capacite-%s")
        super().__init__(*args, **kwargs)


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("Destinataires"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez les destinataires.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Envoyé en notification, et par e-mail à qui l'a choisi dans ses préférences."),
        error_messages={
            "required": gettext_lazy("Écrivez le message à envoyer."),
            "max_length": gettext_lazy("Le message dépasse %(limit_value)d caractères (il en compte %(show_value)d)."),
        },
    )

    def __init__(self, *args, counts: dict, **kwargs):
        kwargs.setdefault("auto_id", "message-%s")
        super().__init__(*args, **kwargs)
        self.counts = counts
        self.fields["audience"].choices = [
            (key, f"{label} ({counts.get(key, 0)})") for key, label in services.MESSAGE_AUDIENCES.items()
        ]

    def clean_audience(self):
        audience = self.cleaned_data["audience"]
        if not self.counts.get(audience):
            raise forms.ValidationError(_("Personne n'est concerné·e : choisissez d'autres destinataires."))
        return audience


class CancelEventForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Je confirme l'annulation de l'événement"),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer l'annulation.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "annulation-%s")
        super().__init__(*args, **kwargs)
