"""Events: the network's gatherings, as Wagtail pages, and the registrations they fill.

An event's times are kept as the organiser typed them, in the venue's time zone (a date, a time and
the zone), and as the two instants they mean (``start``, ``end``, aware, for queries and display in
each member's zone). Editing an event never shifts its instant: forms only ever touch the wall-clock
fields, and the instants follow from them.

Audience follows the one visibility rule of group content (``community.permissions``): no group is
the whole network; a group (the club des cadres is one) means what the group's content means.
Registration state (seats, waitlist) lives in ``Registration`` rows, never on the page: a revision
published later must not bring back an old count.
"""

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from community import permissions
from community.timezones import NETWORK_TIMEZONES
from events.admin_forms import EventAdminForm

# Paths under /evenements/ served by Django views, not available as event slugs.
RESERVED_SLUGS = {"agenda", "mon-agenda", "nouveau", "mois", "groupe"}
WALL_CLOCK_FIELDS = frozenset({"timezone", "start_date", "start_time", "end_date", "end_time"})
DESCRIPTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class Kind(models.TextChoices):
    TEMPS_FORT = "temps_fort", _("Temps fort")
    CLUB = "club", _("Club des cadres")
    GROUP_MEETING = "groupe", _("Réunion de groupe de travail")
    TRAINING = "formation", _("Formation")
    WEBINAR = "webinaire", _("Webinaire")
    SITE_VISIT = "visite", _("Visite de centre")


class EventIndexPage(RoutablePageMixin, Page):
    """``/evenements/``: the list and the month view of the events a member may see."""

    intro = models.TextField(_("chapeau"), blank=True, max_length=400)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["community.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda des événements")

    @path("")
    def list_route(self, request):
        from events import views

        return views.event_list(request, self)

    @re_path(r"^mois/(?:(?P<year>\d{4})/(?P<month>\d{1,2})/)?$", name="month")
    def month_route(self, request, year=None, month=None):
        from events import views

        return views.month(request, self, year, month)


class EventQuerySet(PageQuerySet):
    def visible_to(self, user):
        """Live events whose audience includes the user."""
        return self.live().filter(permissions.group_content_q(user, "group"))

    def organised_by(self, user):
        """Events the user organises: their groups' (animateurs), every one (coordinators)."""
        return self.filter(permissions.managed_group_content_q(user, "group"))

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_seats(self, user=None):
        """Annotate ``confirmed_count`` and ``waitlist_count`` (and the member's own ``my_status``), in the same query."""
        events = self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
            waitlist_count=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
        )
        if user is not None and user.is_authenticated:
            mine = Registration.objects.filter(event=OuterRef("pk"), member=user).exclude(
                status=Registration.Status.CANCELLED
            )
            events = events.annotate(my_status=models.Subquery(mine.values("status")[:1]))
        return events


EventManager = PageManager.from_queryset(EventQuerySet)


def _instant(day, time, zone: str) -> datetime | None:
    if day is None or time is None:
        return None
    # fold=0: a wall-clock time that occurs twice (autumn change) means its first occurrence.
    return datetime.combine(day, time, tzinfo=ZoneInfo(zone))


def _exists(moment: datetime) -> bool:
    """False for a wall-clock time skipped by a clock change (2 h 30 in Paris on the last Sunday of March)."""
    from datetime import UTC

    return moment.astimezone(UTC).astimezone(moment.tzinfo).replace(tzinfo=None) == moment.replace(tzinfo=None)


class EventPage(RoutablePageMixin, Page):
    kind = models.CharField(_("type d'événement"), max_length=20, choices=Kind.choices, default=Kind.TEMPS_FORT)
    group = models.ForeignKey(
        "groups.WorkingGroup",
        verbose_name=_("public"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Laisser vide pour tout le réseau ; sinon, les membres qui voient le contenu de ce groupe."),
    )
    intro = models.TextField(_("chapeau"), max_length=400, blank=True)
    description = RichTextField(_("description"), features=DESCRIPTION_FEATURES, blank=True)

    # Times as typed, in the venue's zone; ``start`` and ``end`` are the instants they mean.
    timezone = models.CharField(
        _("fuseau horaire du lieu"), max_length=40, choices=NETWORK_TIMEZONES, default="Europe/Paris"
    )
    start_date = models.DateField(_("date de début"))
    start_time = models.TimeField(_("heure de début"))
    end_date = models.DateField(_("date de fin"))
    end_time = models.TimeField(_("heure de fin"))
    start = models.DateTimeField(_("début"), editable=False, db_index=True)
    end = models.DateTimeField(_("fin"), editable=False)

    centre = models.ForeignKey(
        "community.Centre", verbose_name=_("centre d'accueil"), null=True, blank=True, on_delete=models.SET_NULL
    )
    address = models.TextField(_("adresse"), max_length=400, blank=True)
    video_url = models.URLField(
        _("lien de visioconférence"), blank=True, help_text=_("Montré aux seuls membres inscrits.")
    )

    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Laisser vide pour un nombre illimité.")
    )
    # Edited in the admin in the editor's own zone (their account's settings), as Wagtail shows them.
    registration_opens = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("À l'heure du fuseau de votre compte. Vide : dès la publication."),
    )
    registration_closes = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("À l'heure du fuseau de votre compte. Vide : jusqu'à la fin de l'événement."),
    )
    registration_closed = models.BooleanField(
        _("inscriptions fermées"), default=False, help_text=_("Fermées à la main par l'organisation.")
    )
    is_cancelled = models.BooleanField(_("événement annulé"), default=False)

    objects = EventManager()

    base_form_class = EventAdminForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("group")], heading=_("Type et public")),
        FieldPanel("intro"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("timezone"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("keep_hours"),
            ],
            heading=_("Dates, à l'heure du lieu"),
        ),
        MultiFieldPanel(
            [FieldPanel("centre"), FieldPanel("address"), FieldPanel("video_url")], heading=_("Lieu")
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
                FieldPanel("registration_closed"),
                FieldPanel("is_cancelled"),
            ],
            heading=_("Inscriptions"),
        ),
        InlinePanel("questions", heading=_("Questions posées à l'inscription"), label=_("question")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("group"),
        index.FilterField("start"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [models.Index(fields=["group", "start"])]

    # --- Times -------------------------------------------------------------------------------------

    @property
    def zoneinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def compute_instants(self) -> None:
        self.start = _instant(self.start_date, self.start_time, self.timezone)
        self.end = _instant(self.end_date, self.end_time, self.timezone)

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Cet identifiant est réservé : choisissez-en un autre.")
        self.compute_instants()
        for field, moment in (("start_time", self.start), ("end_time", self.end)):
            if moment is not None and not _exists(moment):
                errors[field] = _("Cette heure n'existe pas ce jour-là (changement d'heure) : choisissez-en une autre.")
        if self.start and self.end and self.end <= self.start and "end_time" not in errors:
            errors["end_time"] = _("La fin doit suivre le début.")
        if self.pk and self.capacity is not None:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
            if self.capacity < confirmed:
                errors["capacity"] = _(
                    "%(count)s personnes sont déjà inscrites : désinscrivez-en d'abord depuis la page "
                    "d'organisation, personne n'est retiré sans être prévenu."
                ) % {"count": confirmed}
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            errors["registration_closes"] = _("La clôture des inscriptions doit suivre leur ouverture.")
        if self.registration_closes and self.end and self.registration_closes > self.end:
            errors["registration_closes"] = _("Les inscriptions doivent fermer avant la fin de l'événement.")
        if not (self.centre_id or self.address or self.video_url):
            errors["address"] = _("Indiquez une adresse, un centre d'accueil ou un lien de visioconférence.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.compute_instants()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and WALL_CLOCK_FIELDS.intersection(update_fields):
            kwargs["update_fields"] = {*update_fields, "start", "end"}  # the instants follow the clock
        from events import changes  # tells registrants when a live event moves or is cancelled

        with changes.watch(self, kwargs.get("update_fields")):
            super().save(*args, **kwargs)

    # --- Place -------------------------------------------------------------------------------------

    @property
    def place(self) -> str:
        """Where it happens, in words (without the video link, which only registrants see)."""
        parts = [str(self.centre)] if self.centre_id else []
        if self.address:
            parts.append(self.address)
        if self.video_url:
            parts.append(str(_("à distance")))
        return " · ".join(parts)

    # --- Registration ------------------------------------------------------------------------------

    def registration_window_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.is_cancelled or self.registration_closed or now >= self.end:
            return False
        if self.registration_opens and now < self.registration_opens:
            return False
        return not (self.registration_closes and now >= self.registration_closes)

    @cached_property
    def ordered_questions(self) -> list:
        return list(self.questions.all())

    @property
    def absolute_url(self) -> str:
        return settings.SITE_URL + self.url

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["event"] = self
        return context

    def serve(self, request, *args, **kwargs):
        """Outsiders (and everyone, for a draft) get the 404 a missing page would give."""
        from django.http import Http404

        from events import services

        # Wagtail's preview (an editor in the admin) shows drafts; members see what they may see.
        if not getattr(request, "is_preview", False) and not services.can_see(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    # Page-specific routes: each hands over to a view function.

    @path("")
    def detail_route(self, request):
        from events import views

        return views.detail(request, self)

    @path("inscription/", name="register")
    def register_route(self, request):
        from events import views

        return views.register(request, self)

    @path("desinscription/", name="cancel")
    def cancel_route(self, request):
        from events import views

        return views.cancel(request, self)

    @path("places/", name="seats")
    def seats_route(self, request):
        from events import views

        return views.seats(request, self)

    # Not "agenda.ics": Wagtail serves only paths of letters, digits, "-" and "/" (no dot).
    @path("agenda/", name="ics")
    def ics_route(self, request):
        from events import calendars

        return calendars.event_ics(request, self)

    @path("organisation/", name="organiser")
    def organiser_route(self, request):
        from events import organiser

        return organiser.dashboard(request, self)

    @re_path(r"^organisation/(?P<action>[a-z-]+)/$", name="organiser_action")
    def organiser_action_route(self, request, action):
        from events import organiser

        return organiser.action(request, self, action)


class EventQuestion(Orderable):
    class Type(models.TextChoices):
        TEXT = "text", _("Réponse libre")
        CHOICE = "choice", _("Un choix")
        MULTIPLE = "multiple", _("Plusieurs choix")

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    type = models.CharField(_("type de réponse"), max_length=10, choices=Type.choices, default=Type.TEXT)
    choices = models.TextField(_("choix proposés"), blank=True, help_text=_("Un choix par ligne."))
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    accessibility = models.BooleanField(
        _("besoins d'accessibilité"),
        default=False,
        help_text=_("Les réponses sont mises en évidence pour l'organisation."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("type")]),
        FieldPanel("choices"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("accessibility")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        if self.type != self.Type.TEXT and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("Proposez au moins deux choix, un par ligne.")})


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "pk")

    def active(self):
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])


class Registration(models.Model):
    """One member's place at one event: confirmed, waiting (in ``queued_at`` order) or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscrit·e")
        WAITLISTED = "waitlisted", _("En liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit·e")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("état"), max_length=12, choices=Status.choices)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The waitlist's order: when the member joined it (a re-registration goes to the back).
    queued_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="one_registration_per_member")]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    def waitlist_position(self) -> int | None:
        if not self.is_waitlisted:
            return None
        ahead = Registration.objects.filter(event_id=self.event_id, status=self.Status.WAITLISTED).filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret of a member's personal calendar feed; revoking it replaces it (the old URL answers 404)."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.member} calendar"
