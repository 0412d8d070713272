"""The form a resource's owner or moderator fills to upload a new version of one of its files."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.library.uploads import LibraryFileField


class NewVersionForm(forms.Form):
    file = LibraryFileField(label=_("Nouveau fichier"))
    note = forms.CharField(
        label=_("Ce qui change dans cette version"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Quelques mots pour l'historique et pour les personnes qui suivent la ressource (300 caractères au plus)."
        ),
        error_messages={"required": _("Dites en quelques mots ce qui change dans cette version.")},
    )

    def clean_note(self):
        return " ".join(self.cleaned_data["note"].split())
