"""The proposal form: a resource as a member writes it, its files (one to five) and its external links.

The body is plain text kept as paragraphs (every character escaped); themes are typed separated by
commas. The audience lists the whole network and the groups whose content the member may write; a
group outside them is answered 404 by the view before the form is read. Files are checked by
``LibraryFileField`` (type read from the content, size, clean name) before anything is stored.
"""

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import permissions
from community.groups.models import Membership, WorkingGroup
from community.library.models import ResourcePage, ResourceType
from community.library.services.proposals import MAX_FILES, MAX_LINKS, FileInput, Proposal
from community.library.uploads import LibraryFileField
from community.models import Centre

MAX_THEMES = 10
THEME_LENGTH = 100  # taggit's tag names

# --- The body: plain text in the form, paragraphs in the page ----------------------------------------

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ol|ul|blockquote)>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def normalise_text(text: str) -> str:
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(text: str) -> str:
    """Paragraphs (blank line) and line breaks, every character escaped."""
    text = normalise_text(text)
    return linebreaks(text, autoescape=True) if text else ""


def html_to_text(value: str) -> str:
    """A body's text, paragraphs separated by a blank line (to edit a proposal again)."""
    text = _BLOCK_END.sub("\n\n", _BREAK.sub("\n", value or ""))
    return normalise_text(html.unescape(_TAG.sub("", text)))


def parse_themes(value: str) -> list[str]:
    names = [" ".join(name.split()) for name in (value or "").split(",")]
    return list(dict.fromkeys(name for name in names if name))


# --- Audience --------------------------------------------------------------------------------------


def writable_groups(user) -> list[WorkingGroup]:
    """The groups whose content ``user`` may write (every group for coordinators), by name."""
    if permissions.oversees_network(user):
        return list(WorkingGroup.objects.order_by("name"))
    memberships = Membership.objects.filter(member=user).select_related("group").order_by("group__name")
    return [m.group for m in memberships if permissions.can_write_group_content(user, m.group, m)]


# --- Forms -----------------------------------------------------------------------------------------


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Titre"), max_length=255, error_messages={"required": gettext_lazy("Indiquez un titre.")}
    )
    resource_type = forms.ChoiceField(label=gettext_lazy("Type"), choices=ResourceType.choices)
    summary = forms.CharField(
        label=gettext_lazy("Résumé"),
        max_length=ResourcePage._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Deux ou trois phrases : à qui et à quoi sert ce document."),
        error_messages={"required": gettext_lazy("Résumez la ressource en deux ou trois phrases.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Contenu"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Facultatif. Texte simple : laissez une ligne vide entre deux paragraphes."),
    )
    themes = forms.CharField(
        label=gettext_lazy("Thèmes"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Séparés par des virgules, par exemple : postvention, accueil des appels."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Public"),
        required=False,
        help_text=gettext_lazy(
            "Une ressource de groupe n'est vue que par les membres qui voient les contenus du groupe."
        ),
    )
    author_centre = forms.ModelChoiceField(
        label=gettext_lazy("Centre auteur"),
        queryset=Centre.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Aucun centre"),
    )

    def __init__(self, *args, groups: list[WorkingGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {group.slug: group for group in groups}
        self.fields["audience"].choices = [("", _("Tout le réseau"))] + [(g.slug, g.name) for g in groups]

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Indiquez un titre."))
        return title

    def clean_themes(self):
        themes = parse_themes(self.cleaned_data["themes"])
        if len(themes) > MAX_THEMES:
            raise ValidationError(_("Indiquez au plus %(count)s thèmes.") % {"count": MAX_THEMES})
        if any(len(theme) > THEME_LENGTH for theme in themes):
            raise ValidationError(_("Un thème compte au plus %(count)s caractères.") % {"count": THEME_LENGTH})
        return themes

    def clean_audience(self):
        return self.groups.get(self.cleaned_data["audience"])


class FileForm(forms.Form):
    """One file slot: a new file, or (editing) a file already there, kept, replaced or removed.

    Which file a slot holds comes from the server (``initial``), never from the posted data.
    """

    file = LibraryFileField(label=gettext_lazy("Fichier"), required=False)
    title = forms.CharField(
        label=gettext_lazy("Intitulé du fichier"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Facultatif : par défaut, le nom du fichier."),
    )
    remove = forms.BooleanField(label=gettext_lazy("Retirer ce fichier"), required=False)

    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        file_id = self.initial.get("file_id")
        self.existing = (existing or {}).get(file_id) if file_id else None
        if self.existing is None:
            del self.fields["remove"]
        else:
            self.fields["file"].label = _("Remplacer par un autre fichier")

    def item(self) -> FileInput | None:
        """What this slot contributes, or None (empty, or removed)."""
        data = self.cleaned_data
        if self.existing is not None:
            if data.get("remove"):
                return None
            return FileInput(title=data.get("title", ""), upload=data.get("file"), file_id=self.existing.pk)
        if data.get("file"):
            return FileInput(title=data.get("title", ""), upload=data["file"])
        return None


class BaseFileFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not [form.item() for form in self.forms if form.item() is not None]:
            raise ValidationError(_("Joignez au moins un fichier."))

    def items(self) -> list[FileInput]:
        return [item for form in self.forms if (item := form.item()) is not None]


class LinkForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Intitulé du lien"), required=False, max_length=200)
    url = forms.URLField(label=gettext_lazy("Adresse"), required=False, max_length=500, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("url") and not data.get("title"):
            self.add_error("title", _("Donnez un intitulé à ce lien."))
        if data.get("title") and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Indiquez l'adresse de ce lien."))
        return data


FileFormSet = forms.formset_factory(
    FileForm, formset=BaseFileFormSet, extra=0, max_num=MAX_FILES, absolute_max=MAX_FILES, validate_max=True
)
LinkFormSet = forms.formset_factory(LinkForm, extra=0, max_num=MAX_LINKS, absolute_max=MAX_LINKS, validate_max=True)


class ProposalForms:
    """The proposal form with its files and links, bound or not, validated together."""

    def __init__(self, user, data=None, files=None, *, groups, page=None, preselected=None, initial=None):
        self.groups = groups
        initial = dict(initial or {})
        if page is None:
            initial.setdefault("author_centre", user.centre_id)
            initial.setdefault("audience", preselected.slug if preselected else "")
            file_initial, link_initial, existing = [], [], {}
        else:
            initial.update(
                title=page.title,
                resource_type=page.resource_type,
                summary=page.summary,
                body=html_to_text(page.body),
                themes=", ".join(tag.name for tag in page.tags.all()),
                audience=page.group.slug if page.group_id else "",
                author_centre=page.author_centre_id,
            )
            page_files = list(page.files.all())
            existing = {file.pk: file for file in page_files}
            file_initial = [{"file_id": file.pk, "title": file.title} for file in page_files]
            link_initial = [{"title": link.title, "url": link.url} for link in page.links.all()]
        self.form = ProposalForm(data, initial=initial, groups=self.groups)
        file_initial += [{} for _slot in range(MAX_FILES - len(file_initial))]
        link_initial += [{} for _slot in range(max(2, len(link_initial) + 1) - len(link_initial))]
        self.files = FileFormSet(
            data, files, prefix="fichiers", initial=file_initial[:MAX_FILES], form_kwargs={"existing": existing}
        )
        self.links = LinkFormSet(data, prefix="liens", initial=link_initial[:MAX_LINKS])

    @property
    def is_bound(self) -> bool:
        return self.form.is_bound

    def is_valid(self) -> bool:
        # Every part is validated (all messages shown at once), files all checked before any is stored.
        results = [self.form.is_valid(), self.files.is_valid(), self.links.is_valid()]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return self.is_bound and not self.is_valid()

    @property
    def file_errors(self) -> bool:
        return bool(self.files.non_form_errors()) or any(form.errors for form in self.files.forms)

    def proposal(self) -> Proposal:
        data = self.form.cleaned_data
        links = [
            (link.cleaned_data["title"], link.cleaned_data["url"])
            for link in self.links.forms
            if link.cleaned_data.get("url")
        ]
        return Proposal(
            title=data["title"],
            resource_type=data["resource_type"],
            summary=data["summary"].strip(),
            body=text_to_html(data["body"]),
            tags=data["themes"],
            group=data["audience"],
            author_centre=data["author_centre"],
            links=links,
        )

    def file_inputs(self) -> list[FileInput]:
        return self.files.items()


class ReviewForm(forms.Form):
    """A moderator's decision on a proposal, with a comment (required to request changes)."""

    APPROVE, REQUEST_CHANGES = "approve", "request_changes"

    decision = forms.ChoiceField(choices=[(APPROVE, APPROVE), (REQUEST_CHANGES, REQUEST_CHANGES)])
    comment = forms.CharField(
        label=gettext_lazy("Commentaire pour l'auteur·rice"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Obligatoire pour demander des modifications : dites ce qu'il faut changer."),
    )

    def clean(self):
        data = super().clean()
        data["comment"] = (data.get("comment") or "").strip()
        if data.get("decision") == self.REQUEST_CHANGES and not data["comment"]:
            self.add_error("comment", _("Dites à l'auteur·rice ce qu'il faut modifier."))
        return data
