"""Forums: network-wide categories and one forum per working group, threads, posts and their state.

A forum with no group is a category, open to every member; a group's forum is read and written as the
group's content is (``community.permissions``). Every queryset a view reaches goes through
``visible_to(user)``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from community import permissions

# Paths of /forums/ that a category's slug would hide.
RESERVED_SLUGS = {"non-lus", "recherche", "moderation", "sujets", "messages"}
POSTS_PER_PAGE = 25
THREADS_PER_PAGE = 30
BODY_MAX_LENGTH = 20000


def page_of(number: int) -> int:
    """The thread page on which the post with this position stands."""
    return (number - 1) // POSTS_PER_PAGE + 1


class ForumQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.group_content_q(user, "group"))

    def categories(self):
        return self.filter(group__isnull=True)


class Forum(models.Model):
    """A space of discussion: a category of the network (no group) or a working group's forum."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0, help_text=_("Les plus petits d'abord."))
    group = models.OneToOneField(
        "groups.WorkingGroup", on_delete=models.CASCADE, null=True, blank=True, editable=False, related_name="forum"
    )

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = [models.F("group").asc(nulls_first=True), "order", "name"]
        verbose_name = _("catégorie de forum")
        verbose_name_plural = _("catégories de forum")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forums:forum", args=[self.slug])

    @property
    def is_category(self) -> bool:
        return self.group_id is None

    def clean(self):
        # Paths of /forums/ and the group forums' prefix are not available to categories.
        if self.is_category and (self.slug in RESERVED_SLUGS or self.slug.startswith("groupe-")):
            raise ValidationError({"slug": _("Cet identifiant est réservé : choisissez-en un autre.")})


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Threads in forums the user may read; hidden ones only for their author and the forum's moderators."""
        threads = self.filter(permissions.group_content_q(user, "forum__group"))
        if permissions.oversees_network(user):
            return threads
        return threads.filter(
            Q(is_hidden=False) | Q(author=user) | permissions.managed_group_content_q(user, "forum__group")
        )


class Thread(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("titre"), max_length=160)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads")
    created_at = models.DateTimeField(default=timezone.now)
    # Kept by the services so that lists and pages never count posts.
    post_count = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(default=timezone.now)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_pinned = models.BooleanField(_("épinglé"), default=False)
    is_closed = models.BooleanField(_("fermé"), default=False)
    is_hidden = models.BooleanField(_("masqué"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["forum", "-is_pinned", "-last_post_at"], name="forum_thread_list_idx")]
        verbose_name = _("sujet")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", args=[self.pk])

    def page_url(self, number: int) -> str:
        """The URL of the page and anchor showing the post at this position."""
        page = page_of(number)
        return f"{self.get_absolute_url()}{'' if page == 1 else f'?page={page}'}#message-{number}"

    @property
    def last_page(self) -> int:
        return page_of(max(self.post_count, 1))


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(thread__in=Thread.objects.visible_to(user))


class Post(index.Indexed, models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # Its position in the thread, from 1: a permalink finds its page without counting.
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts")
    source = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    # Rendered and sanitised once, at save time.
    html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    thanks_count = models.PositiveIntegerField(default=0)
    # Denormalised for the search index, which filters on its own fields only.
    forum_id_indexed = models.BigIntegerField(default=0, db_index=True)
    searchable = models.BooleanField(default=True)

    objects = PostQuerySet.as_manager()

    search_fields = [
        index.SearchField("title_for_search", boost=3),
        index.SearchField("source"),
        index.FilterField("forum_id_indexed"),
        index.FilterField("searchable"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["thread", "number"]
        constraints = [models.UniqueConstraint(fields=["thread", "number"], name="one_post_per_position")]
        indexes = [models.Index(fields=["author", "created_at"], name="forum_post_author_idx")]
        verbose_name = _("message")

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("forums:post", args=[self.pk])

    def title_for_search(self) -> str:
        return self.thread.title if self.number == 1 else ""


class PostRevision(models.Model):
    """A post's text before an edit: the history its author and the moderators can read."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


class Thanks(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="thanks")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_thanks_per_member")]


class Flag(models.Model):
    class Resolution(models.TextChoices):
        HIDDEN = "hidden", _("Message masqué")
        DISMISSED = "dismissed", _("Signalement écarté")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("motif"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["post", "member"], name="one_flag_per_member")]


class ModerationAction(models.TextChoices):
    PIN = "pin", _("Sujet épinglé")
    UNPIN = "unpin", _("Sujet désépinglé")
    CLOSE = "close", _("Sujet fermé")
    REOPEN = "reopen", _("Sujet rouvert")
    HIDE_THREAD = "hide_thread", _("Sujet masqué")
    SHOW_THREAD = "show_thread", _("Sujet rétabli")
    MOVE = "move", _("Sujet déplacé")
    HIDE_POST = "hide_post", _("Message masqué")
    SHOW_POST = "show_post", _("Message rétabli")
    DISMISS_FLAG = "dismiss_flag", _("Signalement écarté")


class ModerationLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if permissions.oversees_network(user) else self.none()


class ModerationLog(models.Model):
    """Who did what, when and why: every moderation action, for the coordinators."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=ModerationAction.choices)
    thread = models.ForeignKey(Thread, on_delete=models.SET_NULL, null=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(_("motif"), max_length=500, blank=True)
    details = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]


class WatchLevel(models.TextChoices):
    WATCHING = "watching", _("Surveiller")
    TRACKING = "tracking", _("Suivre")
    NORMAL = "normal", _("Normal")
    MUTED = "muted", _("Silencieux")


WATCH_LEVEL_HELP = {
    WatchLevel.WATCHING: _("Vous êtes averti·e de chaque nouvelle réponse."),
    WatchLevel.TRACKING: _("Le nombre de réponses non lues s'affiche ; vous êtes averti·e si l'on vous mentionne ou vous cite."),
    WatchLevel.NORMAL: _("Vous êtes averti·e seulement si l'on vous mentionne ou vous cite."),
    WatchLevel.MUTED: _("Vous n'êtes jamais averti·e pour ce sujet."),
}


class ThreadWatch(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=WatchLevel.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="one_watch_per_thread")]


class ForumWatch(models.Model):
    """Told of every new thread of a forum."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="watches")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "forum"], name="one_watch_per_forum")]


class ReadState(models.Model):
    """The last post a member has read in a thread: one row per member and thread."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="one_read_state_per_thread")]
