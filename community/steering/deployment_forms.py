"""The form that moves one milestone of a deploying centre (status, owner, due date, notes)."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from community.steering.models import Milestone

NO_OWNER = ""


class MilestoneForm(forms.Form):
    """One milestone's form; each field carries the value the editor saw (``show_hidden_initial``).

    ``changed_data`` then compares with what was on the editor's screen, not with the row as it is at
    POST time: two people editing different fields of the same milestone keep each other's change.
    """

    # A checklist shows one form per milestone, each with an owner list and hidden initial values: Django's
    # own widget templates in Jinja2 render them about twice as fast as the template language (same HTML).
    default_renderer = Jinja2()

    status = forms.ChoiceField(label=_("Statut"), choices=Milestone.Status.choices, show_hidden_initial=True)
    owner = forms.ChoiceField(label=_("Responsable"), required=False, show_hidden_initial=True)
    due_date = forms.DateField(
        label=_("Échéance"),
        required=False,
        show_hidden_initial=True,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=Milestone._meta.get_field("notes").max_length,
        show_hidden_initial=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, milestone: Milestone, candidates: dict, **kwargs):
        """``candidates``: the members who may own the centre's milestones, by pk (read once per page)."""
        self.milestone = milestone
        self.candidates = dict(candidates)
        if milestone.owner_id and milestone.owner_id not in self.candidates:
            self.candidates[milestone.owner_id] = milestone.owner  # kept until someone picks another
        kwargs.setdefault("prefix", f"jalon-{milestone.pk}")
        kwargs.setdefault(
            "initial",
            {
                "status": milestone.status,
                "owner": str(milestone.owner_id or NO_OWNER),
                "due_date": milestone.due_date,
                "notes": milestone.notes,
            },
        )
        super().__init__(*args, **kwargs)
        people = sorted(self.candidates.values(), key=lambda member: (member.display_name.lower(), member.pk))
        self.fields["owner"].choices = [(NO_OWNER, _("— Personne —"))] + [
            (str(member.pk), _owner_label(member)) for member in people
        ]

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        return self.candidates[int(value)] if value else None

    def changes(self) -> dict:
        """The fields the editor changed, with their new values, for ``services.update_milestone``."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


def _owner_label(member) -> str:
    return f"{member.display_name} ({member.get_role_display()})"
