from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from community.models import AccessRequest, Centre, Invitation, Role, User
from community.services import email_in_use
from community.validators import validate_avatar_format


class FreeEmailMixin:
    """Refuse, beside the field, an address that already has an account, request or invitation."""

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        reason = email_in_use(email)
        if reason:
            raise forms.ValidationError(reason)
        return email


class AccessRequestForm(FreeEmailMixin, forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["first_name", "last_name", "email", "centre", "role", "reason"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "reason": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "centre": _("Laissez vide si vous travaillez au pôle national ou chez un partenaire."),
            "reason": _("Votre fonction et ce que vous attendez de la plateforme, en quelques lignes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].empty_label = _("Pôle national / partenaire")
        # The coordinator role opens every group and the access pages: it is granted in the admin only.
        self.fields["role"].choices = [("", "---------")] + [c for c in Role.choices if c[0] != Role.COORDINATOR]


class InvitationForm(FreeEmailMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["first_name", "last_name", "email", "centre", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].empty_label = _("Pôle national / partenaire")


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Message au demandeur (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Nom"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, pas uniquement des chiffres, ni trop courant."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif password1:
            candidate = User(
                email=self.invitation.email, first_name=cleaned.get("first_name", ""), last_name=cleaned.get("last_name", "")
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "timezone", "bio", "avatar"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4}), "avatar": forms.ClearableFileInput(attrs={"accept": "image/*"})}
        help_texts = {"avatar": _("JPEG, PNG, WebP ou GIF, 2 Mo au maximum.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centre_zone = self.instance.centre.timezone if self.instance.centre_id else "Europe/Paris"
        self.fields["timezone"].choices = [("", _("Celui de mon centre (%(zone)s)") % {"zone": centre_zone})] + [
            choice for choice in self.fields["timezone"].choices if choice[0]
        ]
        self.fields["avatar"].validators.append(validate_avatar_format)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom"), required=False, max_length=100)
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.all(), required=False, empty_label=_("Tous les centres"))
    role = forms.ChoiceField(label=_("Rôle"), required=False, choices=[("", _("Tous les rôles"))] + Role.choices)
