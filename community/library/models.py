"""The resource library: the network's documents, as Wagtail pages with files kept in versions.

A resource is a page under the library's index (``/ressources/``). Its audience follows the one
visibility rule of group content (``community.permissions``): no group is the whole network; a group
(the club des cadres is one) means what the group's content means. Its files are Wagtail documents,
reached only through the resource (``files``): ``/ressources/<resource>/fichiers/<file>/`` always
serves the current version, and earlier versions stay listed (``FileVersion``). Wagtail's own document
URLs ask the same rule (``community.library.privacy``).

Members propose resources from the site; a proposal is a draft page in Wagtail's moderation workflow,
reviewed by coordinators, or by the group's animateurs for a group resource (``ResourceModerationTask``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, Task, TaskState
from wagtail.query import PageQuerySet
from wagtail.search import index

from community import permissions

BODY_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
# Paths under /ressources/ served by the index's own routes, not available as resource slugs.
RESERVED_SLUGS = {"proposer", "propositions", "a-revoir", "page"}


class ResourceType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    PROCEDURE = "procedure", _("Procédure")
    TRAINING = "formation", _("Support de formation")
    MINUTES = "compte_rendu", _("Compte rendu")
    TEMPLATE = "modele", _("Modèle")
    ARTICLE = "article", _("Article")


class LibraryIndexPage(RoutablePageMixin, Page):
    """``/ressources/``: search and browse the resources a member may see, propose one, review them."""

    intro = models.TextField(_("chapeau"), blank=True, max_length=400)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = ["library.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("bibliothèque de ressources")

    @path("")
    def list_route(self, request):
        from community.library import views

        return views.library(request, self)

    @path("proposer/")
    def propose_route(self, request):
        from community.library import proposals

        return proposals.propose(request, self)

    @path("propositions/")
    def proposals_route(self, request):
        from community.library import proposals

        return proposals.pending(request, self)

    @path("propositions/<int:page_id>/")
    def proposal_route(self, request, page_id):
        from community.library import proposals

        return proposals.proposal(request, self, page_id)

    @path("a-revoir/")
    def review_route(self, request):
        from community.library import review

        return review.due(request, self)


class ResourceQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Live resources whose audience includes the user."""
        return self.live().filter(permissions.group_content_q(user, "group"))

    def managed_by(self, user):
        """Resources the user moderates: their groups' (animateurs), every one (coordinators)."""
        return self.filter(permissions.managed_group_content_q(user, "group"))

    def due_for_review(self, today=None):
        return self.filter(review_date__lte=today or timezone.localdate()).order_by("review_date", "pk")


ResourceManager = PageManager.from_queryset(ResourceQuerySet)


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("library.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items")


class ResourcePage(RoutablePageMixin, Page):
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices, default=ResourceType.GUIDE)
    summary = models.TextField(_("résumé"), max_length=600, help_text=_("Deux ou trois phrases : à qui et à quoi sert ce document."))
    body = RichTextField(_("contenu"), features=BODY_FEATURES, blank=True)
    tags = ClusterTaggableManager(_("thèmes"), through=ResourceTag, blank=True)
    author_centre = models.ForeignKey(
        "community.Centre", verbose_name=_("centre auteur"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("groupe auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("public"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
        help_text=_("Laisser vide pour tout le réseau ; sinon, seuls les membres qui voient les contenus du groupe y ont accès."),
    )
    publication_date = models.DateField(_("date de publication"), default=timezone.localdate)
    review_date = models.DateField(
        _("date de révision"), null=True, blank=True, help_text=_("Date à laquelle la coordination revoit ce document.")
    )
    # The audience as one integer (0: the whole network), which Wagtail's search backend can filter on.
    audience_key = models.BigIntegerField(default=0, db_index=True, editable=False)

    objects = ResourceManager()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("resource_type"), FieldPanel("publication_date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("group"), FieldRowPanel([FieldPanel("author_centre"), FieldPanel("author_group")])],
            heading=_("Public et auteurs"),
        ),
        InlinePanel("files", heading=_("Fichiers"), label=_("fichier")),
        InlinePanel("links", heading=_("Liens externes"), label=_("lien")),
        FieldPanel("review_date"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("files_text"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("audience_key"),
        index.FilterField("resource_type"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")

    def save(self, *args, **kwargs):
        self.audience_key = self.group_id or 0
        return super().save(*args, **kwargs)

    def files_text(self) -> str:
        """The text extracted from the current version of each file (for the search index)."""
        texts = DocumentText.objects.filter(document__resource_files__page=self).values_list("text", flat=True)
        return "\n".join(text for text in texts if text)

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        from community.library.services import can_see

        if not getattr(request, "is_preview", False) and not can_see(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("")
    def detail_route(self, request):
        from community.library import views

        return views.detail(request, self)

    @path("fichiers/<int:file_id>/")
    def file_route(self, request, file_id):
        from community.library import downloads

        return downloads.current(request, self, file_id)

    @path("fichiers/<int:file_id>/versions/<int:version_id>/")
    def version_route(self, request, file_id, version_id):
        from community.library import downloads

        return downloads.version(request, self, file_id, version_id)

    @path("fichiers/<int:file_id>/nouvelle-version/")
    def new_version_route(self, request, file_id):
        from community.library import versions

        return versions.upload(request, self, file_id)

    @path("suivre/")
    def follow_route(self, request):
        from community.library import versions

        return versions.follow(request, self)


class ResourceFile(Orderable):
    """One file of a resource; its stable download URL serves whichever version is current."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("intitulé"), max_length=200, blank=True, help_text=_("Par défaut, le titre du document."))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="resource_files",
    )
    version_note = models.CharField(
        _("note de version"), max_length=300, blank=True, help_text=_("Ce qui change dans ce dépôt, pour l'historique.")
    )

    panels = [FieldPanel("title"), FieldPanel("document"), FieldPanel("version_note")]

    class Meta(Orderable.Meta):
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.title or (self.document.title if self.document_id else "")


class ResourceLink(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("intitulé"), max_length=200)
    url = models.URLField(_("adresse"), max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("lien externe")
        verbose_name_plural = _("liens externes")


class FileVersion(models.Model):
    """A document that was (or is) the content of a resource file: the file's history."""

    file = models.ForeignKey(ResourceFile, on_delete=models.CASCADE, related_name="versions")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="file_versions")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("note de version"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["file", "document"], name="library_version_once")]
        verbose_name = _("version")


class DocumentText(models.Model):
    """Text extracted from a document for search, by a background task, bounded in size and time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        DONE = "done", _("extrait")
        EMPTY = "empty", _("aucun texte")
        FAILED = "failed", _("illisible")

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, primary_key=True, related_name="extracted"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    text = models.TextField(blank=True)
    detail = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class ResourceFollow(models.Model):
    """A member told of each new version of a resource."""

    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="follows")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_resources")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "member"], name="library_follow_once")]


# --- Moderation ------------------------------------------------------------------------------------


class ResourceModerationTask(Task):
    """Reviewed by coordinators, or by the group's animateurs when the resource is for one group."""

    @staticmethod
    def _resource(obj):
        page = obj.specific if isinstance(obj, Page) else obj
        latest = page.get_latest_revision_as_object() if isinstance(page, ResourcePage) else page
        return latest

    def user_can_moderate(self, obj, user) -> bool:
        if not permissions.is_member(user):
            return False
        if permissions.oversees_network(user):
            return True
        resource = self._resource(obj)
        if not isinstance(resource, ResourcePage) or resource.group_id is None:
            return False
        return resource.group.memberships.filter(member=user, status="active", role="animateur").exists()

    def user_can_access_editor(self, obj, user):
        return permissions.oversees_network(user)

    def locked_for_user(self, obj, user):
        return not self.user_can_moderate(obj, user)

    def get_actions(self, obj, user):
        if self.user_can_moderate(obj, user):
            return [
                ("reject", _("Demander des modifications"), True),
                # Wagtail appends " et Publier" to approvals at the workflow's last task.
                ("approve", _("Approuver"), False),
                ("approve", _("Approuver avec un commentaire"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if permissions.oversees_network(user):
            return states
        if not permissions.is_member(user):
            return TaskState.objects.none()
        managed = ResourcePage.objects.managed_by(user).values_list("pk", flat=True)
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in managed])

    @classmethod
    def get_description(cls):
        return _("La coordination nationale, ou les animateur·rices du groupe pour une ressource de groupe, valident.")

    class Meta:
        verbose_name = _("validation d'une ressource")
        verbose_name_plural = _("validations de ressources")
