from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import BODY_MAX_LENGTH, Forum, WatchLevel

BODY_HELP = _(
    "Mise en forme Markdown : **gras**, *italique*, > citation, - liste, [lien](https://…). "
    "Tapez @ pour mentionner un membre."
)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=BODY_MAX_LENGTH,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": "", "data-draft": ""}),
        error_messages={
            "required": _("Le message est vide : écrivez quelque chose avant de publier."),
            "max_length": _("Le message dépasse %(limit_value)d caractères (il en compte %(show_value)d)."),
        },
    )


class ThreadForm(PostForm):
    title = forms.CharField(
        label=_("Titre du sujet"),
        max_length=160,
        error_messages={
            "required": _("Donnez un titre au sujet."),
            "max_length": _("Le titre dépasse %(limit_value)d caractères."),
        },
    )

    field_order = ["title", "body"]


class WatchForm(forms.Form):
    level = forms.ChoiceField(label=_("Suivi de ce sujet"), choices=WatchLevel.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites en quelques mots pourquoi ce message pose problème.")},
    )


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif (facultatif, consigné au journal)"), max_length=500, required=False)


class MoveForm(ModerationReasonForm):
    forum = forms.ModelChoiceField(label=_("Déplacer vers"), queryset=Forum.objects.none(), empty_label=None)

    def __init__(self, *args, forums=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forums is not None:
            self.fields["forum"].queryset = forums


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher dans les forums"), max_length=200, required=False)
