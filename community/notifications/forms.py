from django import forms

from community.notifications import kinds
from community.notifications.kinds import Frequency


class EmailPreferencesForm(forms.Form):
    """One choice per registered kind of notification."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=current[kind.code], widget=forms.RadioSelect
            )
