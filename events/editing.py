"""Animateurs create and edit their group's events from the site, without the Wagtail admin.

``/evenements/nouveau/<group>/`` and ``/evenements/<id>/modifier/``: the group's animateur·rices and
coordinators only; anyone else, and anyone for a group they do not animate, gets a 404. The audience
is the group, fixed. Events stay Wagtail pages: the form writes a revision and publishes it, so the
admin's history shows who changed what, and a coordinator's later edit starts from it.

An organiser who sets a time outside 8 h–19 h for some of the audience's centres is told which
("4 h 00 en Martinique") and saves only after ticking "Garder cet horaire".
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from community import page_tree, permissions
from community.groups.models import Membership, WorkingGroup
from community.timezones import NETWORK_TIMEZONES
from events import services
from events.editing_forms import EventForm
from events.models import RESERVED_SLUGS, EventIndexPage, EventPage

DEFAULT_SLUG = "evenement"


# --- Saving, through Wagtail revisions ------------------------------------------------------------


def free_slug(index: EventIndexPage, title: str, page: EventPage | None = None) -> str:
    """The title's slug, unique among the index's children and off the index's own paths."""
    return page_tree.free_slug(index, title, default=DEFAULT_SLUG, reserved=RESERVED_SLUGS, page=page)


def create_event(index: EventIndexPage, group: WorkingGroup, page: EventPage, actor) -> EventPage:
    """Add ``page`` (questions in memory) under the index for ``group``, and publish it as ``actor``."""
    membership = Membership.objects.filter(group=group, member=actor).first()
    if not permissions.can_manage_group(actor, group, membership):
        raise Http404
    with transaction.atomic():
        page.group = group
        page.owner = actor
        page.slug = free_slug(index, page.title)
        page.live = False  # as the admin does: live once the first revision is published
        index.add_child(instance=page)
        revision = page.save_revision(user=actor, log_action=True)
        # The organiser's rights were checked above; animateurs hold no Wagtail page permission.
        revision.publish(user=actor, skip_permission_checks=True)
    return EventPage.objects.get(pk=page.pk)


def edit_event(event: EventPage, page: EventPage, actor) -> EventPage:
    """Publish ``page`` (the latest revision of ``event``, changed by the form) as a new revision."""
    services.check_organiser(actor, event)
    with transaction.atomic():
        revision = page.save_revision(user=actor, log_action=True)
        revision.publish(user=actor, skip_permission_checks=True)
    return EventPage.objects.get(pk=event.pk)


# --- Views ----------------------------------------------------------------------------------------


def _own_zone() -> str:
    """A new event's zone: the organiser's own, when the network knows it."""
    zone = timezone.get_current_timezone_name()
    return zone if zone in dict(NETWORK_TIMEZONES) else "Europe/Paris"


def _locked_by_other(event: EventPage, user) -> bool:
    return bool(event.locked and event.locked_by_id != user.pk)


def create(request, group):
    group = get_object_or_404(WorkingGroup.objects.managed_by(request.user), slug=group)
    index = EventIndexPage.objects.first()
    if index is None:
        raise Http404
    page = EventPage(group=group, timezone=_own_zone(), kind="groupe")
    form = EventForm(request.POST or None, instance=page, group=group)
    if request.method == "POST" and form.is_valid():
        page = form.save(commit=False)
        page.description = form.description_html()
        event = create_event(index, group, page, request.user)
        messages.success(request, _("L'événement est publié : le public du groupe le voit dans l'agenda."))
        return redirect(event.url)
    return _render_form(request, form, group=group, event=None)


def edit(request, pk):
    event = get_object_or_404(EventPage.objects.organised_by(request.user).live().select_related("group"), pk=pk)
    if _locked_by_other(event, request.user):
        messages.error(
            request, _("Cet événement est verrouillé dans l'administration : il ne peut être modifié pour l'instant.")
        )
        return redirect(event.url)
    # The latest revision, as the admin would open it: a draft saved there is not lost.
    page = event.get_latest_revision_as_object()
    form = EventForm(request.POST or None, instance=page, group=event.group)
    if request.method == "POST" and form.is_valid():
        page = form.save(commit=False)
        page.description = form.description_html()
        event = edit_event(event, page, request.user)
        messages.success(request, _("Les modifications sont publiées."))
        return redirect(event.url)
    return _render_form(request, form, group=event.group, event=event)


def _render_form(request, form, *, group, event):
    formset = form.question_formset
    has_errors = bool(request.method == "POST" and (form.errors or not formset.is_valid()))
    return render(
        request,
        "events/editing/event_form.html",
        {
            "form": form,
            "formset": formset,
            "group": group,
            "event": event,
            "formset_errors": has_errors and any(f.errors for f in formset.forms),
        },
        status=400 if has_errors else 200,
    )
