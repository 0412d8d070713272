from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.navigation import MenuItem


@hooks.register("register_main_menu_item")
def events_menu_item():
    return MenuItem(_("Événements"), "/evenements/", 20)


@hooks.register("register_site_urls")
def event_urls():
    return [path("evenements/", include("events.urls"))]


@hooks.register("register_demo_data")
def event_demo_data(stdout):
    from events import demo  # only the seed_demo command loads the demo events

    demo.seed(stdout)


# --- Sections of community pages: upcoming events with the member's state -------------------------------

UPCOMING_ON_HOME = 5
UPCOMING_ON_GROUP = 5


@hooks.register("community_home_sections")
def upcoming_events_section(request):
    from django.template.loader import render_to_string

    from events import views

    context = {"events": views.upcoming_for(request, UPCOMING_ON_HOME), "index_url": "/evenements/"}
    return render_to_string("events/home_section.html", context, request=request)


@hooks.register("community_group_sections")
def group_events_section(request, group, membership):
    from django.template.loader import render_to_string

    from community import permissions
    from events import views

    user = request.user
    can_propose = permissions.oversees_network(user) or permissions.can_manage_group(user, group, membership)
    context = {
        "group": group,
        "events": views.upcoming_for(request, UPCOMING_ON_GROUP, group=group),
        "can_propose": can_propose,
        "index_url": "/evenements/",
    }
    return render_to_string("events/group_section.html", context, request=request)


# --- Admin: coordinators edit events in Wagtail ------------------------------------------------------------


@hooks.register("register_coordinator_permissions")
def coordinators_edit_events():
    # Page permissions come from the coordinators' group on the events' index (events.signals); this gives
    # them the admin itself, whatever other app is installed.
    return ["wagtailadmin.access_admin"]


def warn_outside_working_hours(request, page):
    """After saving an event, name the audience's centres where it falls outside 8 h–19 h ("4 h 00 en Martinique")."""
    from django.contrib import messages

    from events import services
    from events.models import EventPage

    if not isinstance(page, EventPage) or page.is_cancelled:
        return
    if not request.accepts("text/html"):
        return  # a background save (autosave) answers JSON: a message would pile up for a later page
    page.compute_instants()
    warnings = services.hours_warnings(page.start, page.end, page.group)
    if warnings:
        messages.warning(
            request,
            _(
                "« %(title)s » tombe en dehors de 8 h – 19 h pour une partie du public : %(places)s. "
                "Vérifiez l'horaire, ou prévenez les centres concernés."
            )
            % {"title": page.title, "places": ", ".join(warnings)},
        )


hooks.register("after_create_page", warn_outside_working_hours)
hooks.register("after_edit_page", warn_outside_working_hours)


def keep_registrants_informed(request, page):
    """An upcoming event with registrants is cancelled (they are told), not unpublished or deleted in silence."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils import timezone

    from events.models import EventPage, Registration

    if not isinstance(page, EventPage) or page.is_cancelled or page.end <= timezone.now():
        return None
    if not Registration.objects.active().filter(event=page).exists():
        return None
    messages.error(
        request,
        _(
            "« %(title)s » a des inscrit·es : annulez d'abord l'événement (case « événement annulé », "
            "puis publier) pour qu'ils et elles soient prévenu·es."
        )
        % {"title": page.title},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


hooks.register("before_unpublish_page", keep_registrants_informed)
hooks.register("before_delete_page", keep_registrants_informed)


# --- Site search (/recherche/): the events a member may see, upcoming first --------------------------------


def search_events(request, query):
    from django.db.models import Case, F, IntegerField, Value, When
    from django.utils import timezone
    from django.utils.formats import date_format

    from community.search import Hits, Result, excerpt, match_words, matches, rich_excerpt
    from events.models import EventPage

    now = timezone.now()
    events = (
        EventPage.objects.visible_to(request.user)
        .filter(match_words(query, "title", "intro", "description"))
        .select_related("group")
        .annotate(is_past=Case(When(end__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()))
        # Upcoming events soonest first, then past ones latest first.
        .order_by("is_past", Case(When(end__gte=now, then=F("start"))).asc(nulls_last=True), F("start").desc(), "pk")
    )

    def present(rows):
        results = []
        for event in rows:
            meta = [
                date_format(timezone.localtime(event.start), "j F Y"),
                event.get_kind_display(),
                event.group.name if event.group_id else _("Tout le réseau"),
            ]
            if event.is_cancelled:
                meta.append(_("annulé"))
            results.append(
                Result(
                    title=event.title,
                    url=event.get_url(request),
                    excerpt=excerpt(event.intro, query)
                    if matches(event.intro, query) or not event.description
                    else rich_excerpt(event.description, query),
                    meta=" · ".join(str(part) for part in meta),
                )
            )
        return results

    return Hits(events, present)


@hooks.register("register_search_providers")
def events_search_provider():
    from community.search import Provider

    return Provider("evenements", _("Événements"), 30, search_events)
