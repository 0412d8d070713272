from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from community.groups.models import Membership, WorkingGroup
from community.models import Role


class WorkingGroupForm(forms.ModelForm):
    eligible_roles = forms.MultipleChoiceField(
        label=_("Rôles admis"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ne cochez rien pour ouvrir le groupe à tous les rôles."),
    )

    # Paths of /groupes/ that a group's slug would hide.
    RESERVED_SLUGS = {"nouveau", "mes-groupes"}

    class Meta:
        model = WorkingGroup
        fields = ["name", "slug", "description", "visibility", "join_policy", "eligible_roles"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in self.RESERVED_SLUGS:
            raise forms.ValidationError(_("Cet identifiant est réservé : choisissez-en un autre."))
        return slug


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message à l'animation (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail du membre à inviter"))

    def clean_email(self):
        email = self.cleaned_data["email"]
        member = get_user_model().objects.active().filter(email__iexact=email).first()
        if member is None:
            raise forms.ValidationError(
                _("Aucun membre actif n'a cette adresse. Pour une personne hors plateforme, passez par une invitation au réseau.")
            )
        self.member = member
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle dans le groupe"), choices=Membership.Role.choices)
