"""Event pages as members see them: the list, the month view, an event's page and its registration.

Wagtail serves the pages and hands over to these functions (``EventIndexPage`` and ``EventPage``
routes); ``EventPage.serve`` has already answered 404 to members outside the audience. Views read
through ``EventPage.objects.visible_to`` and call one service; a refused registration comes back with
the page, the French message and the answers as typed.
"""

import calendar
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.groups.models import WorkingGroup
from events import services, times
from events.forms import EventFilterForm, RegistrationForm, answers_shown
from events.models import EventPage, Registration

EVENTS_PER_PAGE = 20
# The month view's years: a calendar outside them is a typo, answered 404.
FIRST_YEAR, LAST_YEAR = 1970, 2100

Status = Registration.Status


# --- Listings ------------------------------------------------------------------------------------------


def _with_position(events, user):
    """Annotate ``my_position``: the member's place on each event's waitlist (None when not waiting)."""
    ahead = (
        Registration.objects.filter(event=OuterRef("event"), status=Status.WAITLISTED)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("event")
        .annotate(count=Count("pk"))
        .values("count")
    )
    mine = (
        Registration.objects.filter(event=OuterRef("pk"), member=user, status=Status.WAITLISTED)
        .annotate(position=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1)
        .values("position")[:1]
    )
    return events.annotate(my_position=Subquery(mine, output_field=IntegerField()))


def listing(user):
    """The events ``user`` may see, with seats, their own state and waitlist place, in one query."""
    events = EventPage.objects.visible_to(user).with_seats(user).select_related("group", "centre")
    return _with_position(events, user)


def decorate(events, request) -> list[EventPage]:
    """Give each listed event what its row shows: its URL and its times as this member reads them."""
    zone = timezone.get_current_timezone()
    rows = list(events)
    for event in rows:
        event.link = event.get_url(request)
        event.span = times.span(event, zone)
        event.is_full = event.capacity is not None and event.confirmed_count >= event.capacity
    return rows


def _filters(request, **kwargs) -> EventFilterForm:
    return EventFilterForm(request.user, request.GET or None, **kwargs)


def _month_url(index, request, year: int, month: int, query: str = "") -> str:
    url = index.get_url(request) + index.reverse_subpage(
        "month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"}
    )
    return f"{url}?{query}" if query else url


def event_list(request, index):
    form = _filters(request)
    events = form.filter(listing(request.user))
    events = events.past() if form.past else events.upcoming()
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = decorate(page.object_list, request)
    today = timezone.localdate()
    return render(
        request,
        "events/event_index_page.html",
        {
            "page": index,
            "index": index,
            "form": form,
            "events": page,
            "past": form.past,
            "query_string": form.query_string(),
            "month_url": _month_url(
                index, request, today.year, today.month, form.query_string(without=("page", "periode"))
            ),
            "feed_settings_url": reverse("events:feed_settings"),
        },
    )


def _weekday_names(week: list[date]) -> list[tuple[str, str]]:
    return [(formats.date_format(day, "l"), formats.date_format(day, "D")) for day in week]


def month(request, index, year=None, month=None):
    """A month's grid in the member's own time zone: each event on the days it covers there."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    if year is None:
        year, month = today.year, today.month
    year, month = int(year), int(month)
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)

    form = _filters(request, with_period=False)
    events = decorate(
        form.filter(listing(request.user)).filter(start__lt=until, end__gt=since).order_by("start", "pk"), request
    )
    by_day: dict[date, list] = {}
    for event in events:
        starts = event.start.astimezone(zone)
        # An event ending at midnight does not spill onto the next day.
        ends = (event.end - timedelta(microseconds=1)).astimezone(zone)
        day = max(starts.date(), first)
        while day <= min(ends.date(), last):
            by_day.setdefault(day, []).append(
                {"event": event, "first": day == starts.date(), "clock": times.clock(starts)}
            )
            day += timedelta(days=1)

    query = form.query_string()
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    label = formats.date_format(date(year, month, 1), "F Y")
    return render(
        request,
        "events/event_month.html",
        {
            "page": index,
            "index": index,
            "form": form,
            "label": label,
            "weekdays": _weekday_names(weeks[0]),
            "weeks": [
                [
                    {"date": day, "in_month": day.month == month, "today": day == today, "events": by_day.get(day, [])}
                    for day in week
                ]
                for week in weeks
            ],
            "event_count": len(events),
            "previous": _nav(index, request, previous, query),
            "next": _nav(index, request, following, query),
            "this_month_url": _month_url(index, request, today.year, today.month, query)
            if (year, month) != (today.year, today.month)
            else "",
            "list_url": index.get_url(request) + (f"?{query}" if query else ""),
            "feed_settings_url": reverse("events:feed_settings"),
            "query_string": query,
        },
    )


def _nav(index, request, year_month: tuple[int, int], query: str) -> dict | None:
    year, month = year_month
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return {
        "url": _month_url(index, request, year, month, query),
        "label": formats.date_format(date(year, month, 1), "F Y"),
    }


# --- One event -----------------------------------------------------------------------------------------


def _own_registration(event, user) -> Registration | None:
    return Registration.objects.filter(event=event, member=user).exclude(status=Status.CANCELLED).first()


def _seats_and_state(event, user) -> dict:
    """Seats as ``services.seats`` gives them, with the member's status and waitlist place, in one query."""
    row = (
        _with_position(EventPage.objects.filter(pk=event.pk).with_seats(user), user)
        .values("confirmed_count", "waitlist_count", "my_status", "my_position")
        .get()
    )
    return {
        "confirmed": row["confirmed_count"],
        "waitlist": row["waitlist_count"],
        "capacity": event.capacity,
        "status": row["my_status"],
        "position": row["my_position"],
    }


def _render_detail(request, event, *, form=None, error: str = "", status: int = 200):
    user = request.user
    # Wagtail's preview (an editor in the admin, maybe of a draft): what members will read, without
    # registering anyone.
    preview = getattr(request, "is_preview", False)
    questions = event.ordered_questions
    registration = None
    is_organiser = False
    urls = {}
    if preview:
        seats = services.seats(event) if event.pk else {"confirmed": 0, "waitlist": 0, "capacity": event.capacity}
        state = {"status": None, "position": None}
    else:
        state = seats = _seats_and_state(event, user)
        if state["status"] is not None:
            registration = _own_registration(event, user)
        is_organiser = services.is_organiser(user, event, services.membership_of(user, event))
        base = event.get_url(request)
        urls = {
            name: base + event.reverse_subpage(name) for name in ("register", "cancel", "seats", "ics", "organiser")
        }
        # The index is the event's parent: its URL without a query.
        urls["index"] = base.rstrip("/").rsplit("/", 1)[0] + "/"
    now = timezone.now()
    window_open = not preview and event.registration_window_open(now)
    if form is None and registration is None:
        form = RegistrationForm(questions, disabled=preview or not window_open)
    context = {
        "page": event,
        "event": event,
        "span": times.span(event, timezone.get_current_timezone()),
        "seats": seats,
        "is_full": seats["capacity"] is not None and seats["confirmed"] >= seats["capacity"],
        "registration": registration,
        "position": state["position"] if registration and registration.is_waitlisted else None,
        "answers": answers_shown(questions, registration.answers) if registration else [],
        "form": form,
        "has_questions": bool(questions),
        "preview": preview,
        "window_open": window_open,
        "window_message": "" if preview or window_open else services.window_message(event, now),
        "is_past": event.end <= now,
        "is_organiser": is_organiser,
        "urls": urls,
        "error": error,
    }
    return render(request, "events/event_page.html", context, status=status)


def detail(request, event):
    return _render_detail(request, event)


def register(request, event):
    if request.method != "POST":
        return redirect(event.get_url(request))
    form = RegistrationForm(event.ordered_questions, request.POST)
    error = ""
    if form.is_valid():
        try:
            registration = services.register(event, request.user, form.answers)
        except services.AnswersInvalid as invalid:
            form.add_answer_errors(invalid.errors)
        except services.RegistrationError as refused:
            error = str(refused)
        else:
            if registration.is_confirmed:
                messages.success(request, _("Vous êtes inscrit·e. Un rappel vous sera envoyé la veille."))
            else:
                messages.success(
                    request,
                    _(
                        "L'événement est complet : vous êtes n° %(position)s sur la liste d'attente. "
                        "Vous serez prévenu·e si une place se libère."
                    )
                    % {"position": registration.waitlist_position()},
                )
            return redirect(event.get_url(request))
    return _render_detail(request, event, form=form, error=error, status=400)


def cancel(request, event):
    if request.method != "POST":
        return redirect(event.get_url(request))
    before = _own_registration(event, request.user)
    try:
        services.cancel(event, request.user)
    except services.RegistrationError as refused:
        return _render_detail(request, event, error=str(refused), status=400)
    if before is not None and before.is_waitlisted:
        messages.success(request, _("Vous avez quitté la liste d'attente."))
    else:
        messages.success(request, _("Votre inscription est annulée. Votre place est proposée à la liste d'attente."))
    return redirect(event.get_url(request))


@require_GET
def seats(request, event):
    """The seat count, whether registration is open (and if not, why), and the member's own state: what
    an open page re-reads after a live hint."""
    now = timezone.now()
    return JsonResponse(
        {
            **_seats_and_state(event, request.user),
            "open": event.registration_window_open(now),
            "message": services.window_message(event, now),
        }
    )


# --- Sections on community pages (through hooks) ---------------------------------------------------


def upcoming_for(request, limit: int, group: WorkingGroup | None = None) -> list[EventPage]:
    events = listing(request.user).upcoming()
    if group is not None:
        events = events.filter(group=group)
    return decorate(events[:limit], request)
