"""Calendars: "Ajouter à mon agenda" (one event's ICS) and each member's feed of their registrations.

Times are written in the venue's zone (``DTSTART;TZID=America/Cayenne:...``) with the VTIMEZONE that
defines it, so every calendar shows the instant the organiser meant, in its owner's own zone. The
feed lives at a secret URL that calendar applications poll without a session; revoking it replaces
the secret, and the old URL then answers 404 like any unknown one.
"""

from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from community import permissions
from events.models import CalendarToken, EventPage, Registration, new_token

PRODID = "-//Réseau 3114//Événements//FR"
# The feed shows what is coming and what has just happened (a member may look back a few weeks).
FEED_PAST = timedelta(days=90)
# Calendar applications poll the feed; this is how often we suggest they do.
FEED_REFRESH = timedelta(hours=1)

Status = Registration.Status


# --- Writing iCalendar ------------------------------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "reseau3114"


def uid(event: EventPage) -> str:
    """Stable across edits and exports, so that calendars update the event rather than add another."""
    return f"event-{event.pk}@{_host()}"


def changed_at(event: EventPage) -> datetime:
    """When what members see last changed: a publication, or a revision (a service edits the live row then)."""
    moments = [m for m in (event.last_published_at, event.latest_revision_created_at, event.first_published_at) if m]
    return max(moments) if moments else event.start


def sequence(event: EventPage) -> int:
    """RFC 5545's revision number: seconds from the first publication to the last change.

    It only grows while the event is edited (each revision is later than the one before), needs no
    query, and fits the 32-bit integer calendar applications expect for 68 years.
    """
    if event.first_published_at is None:
        return 0
    return max(0, int((changed_at(event) - event.first_published_at).total_seconds()))


def vevent(event: EventPage, url: str, *, status: str | None, video: bool, stamp: datetime) -> icalendar.Event:
    """One VEVENT. ``status`` is the registration's (None: not registered); ``video`` adds the video link."""
    zone = event.zoneinfo
    place = [event.place] if event.place else []
    description = [event.intro.strip()] if event.intro.strip() else []
    if video and event.video_url:
        place.append(event.video_url)
        description.append(_("Visioconférence : %(url)s") % {"url": event.video_url})
    description.append(url)
    if event.is_cancelled:
        ical_status = "CANCELLED"
    elif status == Status.WAITLISTED:
        ical_status = "TENTATIVE"  # not a seat yet: calendars show it as provisional
    else:
        ical_status = "CONFIRMED"
    summary = event.title
    if event.is_cancelled:
        summary = _("Annulé : %(title)s") % {"title": event.title}
    elif status == Status.WAITLISTED:
        summary = _("%(title)s (liste d'attente)") % {"title": event.title}
    return icalendar.Event.new(
        uid=uid(event),
        stamp=stamp,
        last_modified=changed_at(event).astimezone(dt_timezone.utc),
        sequence=sequence(event),
        start=event.start.astimezone(zone),
        end=event.end.astimezone(zone),
        summary=summary,
        description="\n\n".join(description),
        location=" · ".join(place) or None,
        url=url,
        status=ical_status,
    )


def calendar(events: list[icalendar.Event], *, name: str | None = None, feed_uid: str | None = None) -> bytes:
    """A VCALENDAR with the VTIMEZONE of every zone its events use (for the years they span), CRLF-ended."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("uid", feed_uid)
        # RFC 7986's interval, and the older name Outlook reads.
        cal.add("refresh-interval", icalendar.vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH).to_ical().decode())
    for event in events:
        cal.add_component(event)
    if events:
        first = min(event.start for event in events).year
        last = max(event.end for event in events).year
        cal.add_missing_timezones(first_date=date(first, 1, 1), last_date=date(last + 1, 12, 31))
    else:
        # RFC 5545 wants at least one component: an empty feed carries the network's zone.
        year = timezone.now().year
        cal.add_component(
            icalendar.Timezone.from_tzinfo(
                ZoneInfo(settings.TIME_ZONE), first_date=date(year, 1, 1), last_date=date(year + 1, 12, 31)
            )
        )
    return cal.to_ical()


def _response(body: bytes, filename: str, disposition: str = "attachment") -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _absolute(event: EventPage, request) -> str:
    return settings.SITE_URL + event.get_url(request)


# --- One event: "Ajouter à mon agenda" ---------------------------------------------------------------


def event_ics(request, event: EventPage) -> HttpResponse:
    """The event's ICS (its page already answered 404 to members outside the audience)."""
    status = (
        Registration.objects.filter(event=event, member=request.user)
        .exclude(status=Status.CANCELLED)
        .values_list("status", flat=True)
        .first()
    )
    body = calendar(
        [
            vevent(
                event,
                _absolute(event, request),
                status=status,
                video=status == Status.CONFIRMED,
                stamp=timezone.now(),
            )
        ]
    )
    return _response(body, f"{event.slug}.ics")


# --- The personal feed ----------------------------------------------------------------------------


def feed_url(token: CalendarToken) -> str:
    return settings.SITE_URL + reverse("events:feed", args=[token.token])


def feed_registrations(member, now=None):
    """The member's confirmed and waitlisted registrations to events they may still see, recent or coming."""
    now = now or timezone.now()
    return (
        Registration.objects.active()
        .filter(member=member, event__in=EventPage.objects.visible_to(member), event__end__gte=now - FEED_PAST)
        .select_related("event", "event__centre")
        .order_by("event__start", "event_id")
    )


@login_not_required  # calendar applications poll it without a session: the token is the credential
@require_safe
def personal_feed(request, token: str) -> HttpResponse:
    found = CalendarToken.objects.filter(token=token).select_related("member").first()
    if found is None or not permissions.is_member(found.member):
        raise Http404
    member = found.member
    stamp = timezone.now()
    events = [
        vevent(
            registration.event,
            _absolute(registration.event, request),
            status=registration.status,
            video=registration.is_confirmed,
            stamp=stamp,
        )
        for registration in feed_registrations(member, stamp)
    ]
    body = calendar(
        events,
        name=_("Mes événements · Réseau 3114"),
        feed_uid=f"feed-{member.pk}@{_host()}",
    )
    response = _response(body, "reseau-3114-mes-evenements.ics", disposition="inline")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Settings page: create, show, revoke ----------------------------------------------------------


def create_token(member) -> CalendarToken:
    """The member's feed token, created if they have none."""
    return CalendarToken.objects.get_or_create(member=member)[0]


def renew_token(member) -> CalendarToken:
    """Replace the secret: the old URL stops working at once."""
    with transaction.atomic():
        token, created = CalendarToken.objects.select_for_update().get_or_create(member=member)
        if not created:
            token.token, token.created_at = new_token(), timezone.now()
            token.save(update_fields=["token", "created_at"])
    return token


def feed_settings(request):
    """``/evenements/mon-agenda/``: the secret feed address, how to subscribe, and how to revoke it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            create_token(request.user)
            messages.success(request, _("Votre lien d'abonnement est prêt."))
        elif action == "renew":
            renew_token(request.user)
            messages.success(
                request, _("Un nouveau lien a été créé. L'ancien ne fonctionne plus : remplacez-le dans vos agendas.")
            )
        return redirect("events:feed_settings")
    token = CalendarToken.objects.filter(member=request.user).first()
    url = feed_url(token) if token else ""
    context = {
        "token": token,
        "feed_url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1] if url else "",
    }
    return render(request, "events/feed_settings.html", context)
