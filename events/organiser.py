"""The organisers' side of an event: registrants and waitlist with their answers, the controls, the
check-in list, the sign-in sheet and the CSV export (``/evenements/<slug>/organisation/...``).

Only organisers (the group's animateur·rices, coordinators) get anything; everyone else gets the 404
a missing page would give, forged POSTs included. Actions go through ``events.services`` and redirect
(PRG); a refused one re-renders the page with the message beside the field and what was typed.
Each page reads the registrations in one query, whatever their number.
"""

import unicodedata
from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import Count, Q, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import permissions
from events import export, services, times
from events.models import EventQuestion, Registration
from events.organiser_forms import (
    CancelEventForm,
    CapacityForm,
    MessageForm,
    RegisterSomeoneForm,
    registrable_members,
)

Status = Registration.Status


# --- Reading the registrations --------------------------------------------------------------------


@dataclass
class Answer:
    question: EventQuestion
    text: str

    @property
    def highlighted(self) -> bool:
        return self.question.accessibility and bool(self.text)


@dataclass
class Row:
    registration: Registration
    position: int | None = None  # on the waitlist
    answers: list[Answer] = field(default_factory=list)

    @property
    def member(self):
        return self.registration.member

    @property
    def needs(self) -> list[Answer]:
        """Accessibility answers given: what the organisers must not miss."""
        return [answer for answer in self.answers if answer.highlighted]


def answer_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value or "")


def _name_key(member) -> tuple:
    def fold(text: str) -> str:
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()

    return fold(member.last_name), fold(member.first_name), member.pk


def registration_rows(event, questions, *, waitlist: bool = True) -> tuple[list[Row], list[Row]]:
    """Confirmed registrants (by name) and the waitlist (in order, with positions), in one query."""
    statuses = [Status.CONFIRMED, Status.WAITLISTED] if waitlist else [Status.CONFIRMED]
    registrations = (
        Registration.objects.filter(event=event, status__in=statuses)
        .select_related("member__centre", "registered_by")
        .order_by("queued_at", "pk")
    )
    confirmed, waiting = [], []
    for registration in registrations:
        answers = [Answer(q, answer_text(registration.answers.get(str(q.pk)))) for q in questions]
        row = Row(registration, answers=answers)
        if registration.status == Status.CONFIRMED:
            confirmed.append(row)
        else:
            row.position = len(waiting) + 1
            waiting.append(row)
    confirmed.sort(key=lambda row: _name_key(row.member))
    return confirmed, waiting


def _counts(event) -> dict:
    """Confirmed, waiting and present, in one query (for the message form's audiences)."""
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
        attended=Count("pk", filter=Q(status=Status.CONFIRMED, attended=True)),
    )


def seats_label(confirmed: int, capacity: int | None) -> str:
    if capacity is None:
        return ngettext(
            "%(count)s inscrit·e (places illimitées)", "%(count)s inscrit·es (places illimitées)", confirmed
        ) % {"count": confirmed}
    return f"{confirmed} / {capacity}"


# --- URLs -----------------------------------------------------------------------------------------


def _urls(request, event) -> dict:
    base = event.get_url(request)
    organiser = f"{base}organisation/"
    urls = {"event": base, "dashboard": organiser}
    for name in ACTIONS | PAGES:
        urls[name.replace("-", "_")] = f"{organiser}{name}/"
    if permissions.oversees_network(request.user):
        urls["edit"] = reverse("wagtailadmin_pages:edit", args=[event.pk])
    else:
        urls["edit"] = reverse("events:edit", args=[event.pk])
    return urls


def _is_over(event) -> bool:
    return event.is_cancelled or timezone.now() >= event.end


# --- The dashboard --------------------------------------------------------------------------------


def _check_organiser(user, event) -> None:
    """``services.check_organiser``, reading the member's membership of the group once for both questions."""
    membership = services.membership_of(user, event)
    if not (services.can_see(user, event, membership) and services.is_organiser(user, event, membership)):
        raise Http404


def dashboard(request, event):
    _check_organiser(request.user, event)
    return _render_dashboard(request, event)


# Where each form of the dashboard sits: a refused one is linked from the top of the page.
SECTIONS = {"register": "inscrire", "capacity": "places", "message": "message", "cancel": "annuler"}


def _render_dashboard(request, event, bound: dict | None = None, status: int = 200):
    questions = event.ordered_questions
    confirmed, waiting = registration_rows(event, questions)
    counts = {
        "confirmed": len(confirmed),
        "waitlisted": len(waiting),
        "attended": sum(1 for row in confirmed if row.registration.attended),
    }
    bound = bound or {}
    forms = {
        "register": bound.get("register") or RegisterSomeoneForm(event=event),
        "capacity": bound.get("capacity") or CapacityForm(initial={"capacity": event.capacity}),
        "message": bound.get("message") or MessageForm(counts=counts, initial={"audience": "confirmed"}),
        "cancel": bound.get("cancel") or CancelEventForm(),
    }
    over = _is_over(event)
    context = {
        "error_section": next((SECTIONS[name] for name in bound), None),
        "event": event,
        "span": times.span(event, timezone.get_current_timezone()),
        "questions": questions,
        "confirmed": confirmed,
        "waiting": waiting,
        "needs": [row for row in confirmed + waiting if row.needs],
        "counts": counts,
        "seats": seats_label(counts["confirmed"], event.capacity),
        "window_message": services.window_message(event),
        "over": over,
        "forms": forms,
        "urls": _urls(request, event),
    }
    return render(request, "events/organiser/dashboard.html", context, status=status)


# --- Actions (POST) -------------------------------------------------------------------------------


def _posted_int(request, name: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise Http404 from None  # a forged form


def _back(request, event):
    return redirect(f"{event.get_url(request)}organisation/")


def register_someone(request, event):
    form = RegisterSomeoneForm(request.POST, event=event)
    if form.is_valid():
        member = form.cleaned_data["member"]
        try:
            registration = services.register(event, member, form.answers(), by=request.user)
        except services.AnswersInvalid as error:
            form.add_answer_errors(error.errors)
        except services.RegistrationError as error:
            form.add_error("member", str(error))
        else:
            if registration.is_confirmed:
                text = _("%(name)s est inscrit·e.") % {"name": member.display_name}
            else:
                text = _("L'événement est complet : %(name)s est n° %(position)s sur la liste d'attente.") % {
                    "name": member.display_name,
                    "position": registration.waitlist_position(),
                }
            messages.success(request, text)
            return _back(request, event)
    return _render_dashboard(request, event, {"register": form}, status=400)


def remove_someone(request, event):
    registration = (
        Registration.objects.active()
        .filter(event=event, member_id=_posted_int(request, "member"))
        .select_related("member")
        .first()
    )
    if registration is None:
        messages.error(request, _("Cette personne n'est plus inscrite."))
        return _back(request, event)
    try:
        services.cancel(event, registration.member, by=request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        if registration.is_confirmed:
            text = _("%(name)s est désinscrit·e et prévenu·e.")
        else:
            text = _("%(name)s est retiré·e de la liste d'attente et prévenu·e.")
        messages.success(request, text % {"name": registration.member.display_name})
    return _back(request, event)


def change_capacity(request, event):
    form = CapacityForm(request.POST)
    if form.is_valid():
        capacity = form.cleaned_data["capacity"]
        try:
            promoted = services.set_capacity(event, request.user, capacity)
        except services.RegistrationError as error:
            form.add_error("capacity", str(error))
        else:
            if capacity is None:
                text = _("Le nombre de places est maintenant illimité.")
            else:
                text = ngettext(
                    "L'événement compte maintenant %(count)s place.",
                    "L'événement compte maintenant %(count)s places.",
                    capacity,
                ) % {"count": capacity}
            if promoted:
                text += " " + ngettext(
                    "%(count)s personne de la liste d'attente est inscrite et prévenue.",
                    "%(count)s personnes de la liste d'attente sont inscrites et prévenues.",
                    len(promoted),
                ) % {"count": len(promoted)}
            messages.success(request, text)
            return _back(request, event)
    return _render_dashboard(request, event, {"capacity": form}, status=400)


def close_registration(request, event):
    services.set_registration_closed(event, request.user, True)
    messages.success(request, _("Les inscriptions sont fermées."))
    return _back(request, event)


def reopen_registration(request, event):
    services.set_registration_closed(event, request.user, False)
    messages.success(request, _("Les inscriptions sont rouvertes."))
    return _back(request, event)


def cancel_event(request, event):
    form = CancelEventForm(request.POST)
    if form.is_valid():
        if event.is_cancelled:
            messages.info(request, _("L'événement était déjà annulé."))
        else:
            services.cancel_event(event, request.user)
            messages.success(
                request, _("L'événement est annulé : les inscrit·es et la liste d'attente sont prévenu·es.")
            )
        return _back(request, event)
    return _render_dashboard(request, event, {"cancel": form}, status=400)


def send_message(request, event):
    form = MessageForm(request.POST, counts=_counts(event))
    if form.is_valid():
        try:
            sent = services.send_message(event, request.user, form.cleaned_data["audience"], form.cleaned_data["text"])
        except services.RegistrationError as error:
            form.add_error("text", str(error))
        else:
            messages.success(
                request,
                ngettext("Message envoyé à %(count)s personne.", "Message envoyé à %(count)s personnes.", sent)
                % {"count": sent},
            )
            return _back(request, event)
    return _render_dashboard(request, event, {"message": form}, status=400)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def mark_presence(request, event):
    registration = (
        Registration.objects.filter(event=event, pk=_posted_int(request, "registration"))
        .select_related("member")
        .first()
    )
    if registration is None:
        raise Http404
    attended = {"1": True, "0": False}.get(request.POST.get("attended", ""))
    if attended is None:
        raise Http404
    services.set_attendance(event, request.user, registration, attended)
    name = registration.member.display_name
    text = (_("%(name)s : présent·e.") if attended else _("%(name)s : pas présent·e.")) % {"name": name}
    if _wants_json(request):
        present = Registration.objects.confirmed().filter(event=event, attended=True).count()
        return JsonResponse({"attended": attended, "present": present, "message": text})
    messages.success(request, text)
    return redirect(f"{event.get_url(request)}organisation/pointage/#inscription-{registration.pk}")


# --- Pages (GET) ----------------------------------------------------------------------------------


def check_in(request, event):
    confirmed, _waiting = registration_rows(event, event.ordered_questions, waitlist=False)
    return render(
        request,
        "events/organiser/check_in.html",
        {
            "event": event,
            "span": times.span(event, event.timezone),
            "rows": confirmed,
            "present": sum(1 for row in confirmed if row.registration.attended),
            "urls": _urls(request, event),
        },
    )


# "Register someone" suggests members as the organiser types: a few at a time, whatever the audience's size.
MEMBER_SEARCH_LIMIT = 20
MEMBER_SEARCH_MIN_LENGTH = 2


def member_search(request, event):
    """``organisation/membres/?q=``: audience members not yet registered whose name or e-mail contains q."""
    query = " ".join(request.GET.get("q", "").split())
    if len(query) < MEMBER_SEARCH_MIN_LENGTH:
        return JsonResponse({"members": []})
    members = (
        registrable_members(event)
        .annotate(
            forward=Concat("first_name", Value(" "), "last_name"),
            backward=Concat("last_name", Value(" "), "first_name"),
        )
        .filter(Q(email__icontains=query) | Q(forward__icontains=query) | Q(backward__icontains=query))
        .only("email", "first_name", "last_name", "centre__name")[:MEMBER_SEARCH_LIMIT]
    )
    return JsonResponse(
        {
            "members": [
                {
                    "email": member.email,
                    "label": f"{member.display_name} — {member.centre.name}"
                    if member.centre_id
                    else member.display_name,
                }
                for member in members
            ]
        }
    )


# Blank lines at the end of the sign-in sheet, for those who come without having registered.
SHEET_BLANK_LINES = 5


def sign_in_sheet(request, event):
    confirmed, _waiting = registration_rows(event, [], waitlist=False)
    return render(
        request,
        "events/organiser/sign_in_sheet.html",
        {
            "event": event,
            "span": times.span(event, event.timezone),
            "rows": confirmed,
            "blank_lines": range(SHEET_BLANK_LINES),
            "urls": _urls(request, event),
        },
    )


def export_csv(request, event):
    questions = event.ordered_questions
    confirmed, waiting = registration_rows(event, questions)
    return export.registrations_response(event, questions, confirmed + waiting)


ACTIONS = {
    "inscrire": register_someone,
    "desinscrire": remove_someone,
    "capacite": change_capacity,
    "fermer": close_registration,
    "rouvrir": reopen_registration,
    "annuler-evenement": cancel_event,
    "message": send_message,
    "presence": mark_presence,
}
PAGES = {"export-csv": export_csv, "pointage": check_in, "emargement": sign_in_sheet, "membres": member_search}


def action(request, event, action):
    """``organisation/<action>/``: POST actions and the organisers' GET pages; anything else is absent."""
    _check_organiser(request.user, event)
    if action in PAGES:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return PAGES[action](request, event)
    if action in ACTIONS:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return ACTIONS[action](request, event)
    raise Http404
