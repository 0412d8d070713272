"""The deployment tracker: the network's timeline of openings, one centre's checklist, moving a milestone.

The timeline is every member's (centre, planned opening, progress, overdue count); a centre's checklist
belongs to coordinators and the centre's own members (others get 404); its cadre de santé and the
coordinators move its milestones through ``services.update_milestone``.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import permissions
from community.models import Centre
from community.steering import services
from community.steering.deployment_forms import MilestoneForm
from community.steering.models import DEPLOYING, Milestone, first_of_month

RECENTLY_OPENED_DAYS = 365  # opened centres stay on the timeline this long, as context
OPEN = [Milestone.Status.NOT_STARTED, Milestone.Status.IN_PROGRESS, Milestone.Status.BLOCKED]


@dataclass
class Opening:
    """One centre on the timeline."""

    centre: Centre
    total: int
    done: int
    overdue: int
    next_due: Milestone | None = None
    may_open: bool = False  # the checklist link: coordinators and the centre's members

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def deploying(self) -> bool:
        return self.centre.status in DEPLOYING


@dataclass
class TimelineMonth:
    month: date | None  # None: opening date still to be set
    past: bool
    openings: list[Opening] = field(default_factory=list)


def timeline(user, today: date) -> list[TimelineMonth]:
    """Deploying and planned centres, and those opened within a year, by month of (planned) opening.

    Two queries whatever the number of centres: the centres with their milestones counted, then their
    open milestones still to come, the first of which is each centre's next step.
    """
    recent = Q(
        status=Centre.Status.IN_SERVICE, opening_date__range=(today - timedelta(days=RECENTLY_OPENED_DAYS), today)
    )
    centres = (
        Centre.objects.filter(Q(status__in=DEPLOYING) | recent)
        .annotate(
            total=Count("milestones"),
            done=Count("milestones", filter=Q(milestones__status=Milestone.Status.DONE)),
            overdue=Count("milestones", filter=Q(milestones__status__in=OPEN, milestones__due_date__lt=today)),
        )
        .order_by(F("opening_date").asc(nulls_last=True), "name")
    )
    openings = [
        Opening(centre, centre.total, centre.done, centre.overdue, may_open=_may_open(user, centre))
        for centre in centres
    ]
    deploying = {opening.centre.pk: opening for opening in openings if opening.deploying}
    upcoming = (
        Milestone.objects.filter(centre__in=list(deploying), status__in=OPEN, due_date__gte=today)
        .select_related("template")
        .order_by("centre_id", "due_date", "template__sort_order", "template_id")
    )
    for centre_id, steps in groupby(upcoming, key=lambda step: step.centre_id):
        deploying[centre_id].next_due = next(steps)
    current = first_of_month(today)
    return [
        TimelineMonth(month, past=month is not None and month < current, openings=list(group))
        for month, group in groupby(openings, key=_opening_month)
    ]


def _opening_month(opening: Opening) -> date | None:
    day = opening.centre.opening_date
    return first_of_month(day) if day else None


def _may_open(user, centre: Centre) -> bool:
    return centre.status in DEPLOYING and permissions.can_see_centre_steering(user, centre)


def deployment(request):
    today = timezone.localdate()
    months = timeline(request.user, today)
    openings = [opening for month in months for opening in month.openings]
    ahead = [entry for entry in months if not entry.past]
    context = {
        "months": months,
        "today_before": ahead[0] if ahead and len(ahead) < len(months) else None,  # where "today" falls
        "today": today,
        "deploying_count": sum(opening.deploying for opening in openings),
        "opened_count": sum(not opening.deploying for opening in openings),
        "recent_days": RECENTLY_OPENED_DAYS,
    }
    return render(request, "steering/deployment.html", context)


# --- One centre's checklist --------------------------------------------------------------------------


@dataclass
class Step:
    """One milestone as the checklist shows it, with its form for those who may move it."""

    milestone: Milestone
    days_late: int
    form: MilestoneForm | None


def _deploying_centre(request, slug) -> Centre:
    centre = get_object_or_404(Centre, slug=slug, status__in=DEPLOYING)
    if not permissions.can_see_centre_steering(request.user, centre):
        raise Http404
    return centre


def deployment_centre(request, slug):
    return _render_checklist(request, _deploying_centre(request, slug))


def _render_checklist(request, centre: Centre, bound: MilestoneForm | None = None, status: int = 200):
    today = timezone.localdate()
    milestones = list(Milestone.objects.filter(centre=centre).select_related("template", "owner", "updated_by"))
    may_steer = permissions.can_steer_centre(request.user, centre)
    candidates = {member.pk: member for member in services.milestone_owners(centre)} if may_steer else {}
    steps = []
    for milestone in milestones:
        form = None
        if bound is not None and bound.milestone.pk == milestone.pk:
            form = bound
        elif may_steer:
            form = MilestoneForm(milestone=milestone, candidates=candidates)
        late = (today - milestone.due_date).days if milestone.is_overdue(today) else 0
        steps.append(Step(milestone, late, form))
    by_status = {value: 0 for value in Milestone.Status.values}
    for milestone in milestones:
        by_status[milestone.status] += 1
    done = by_status[Milestone.Status.DONE]
    context = {
        "centre": centre,
        "steps": steps,
        "may_steer": may_steer,
        "total": len(milestones),
        "done": done,
        "percent": round(100 * done / len(milestones)) if milestones else 0,
        "overdue": sum(1 for step in steps if step.days_late),
        "by_status": [(label, by_status[value]) for value, label in Milestone.Status.choices],
        "bound": bound,
    }
    return render(request, "steering/deployment_centre.html", context, status=status)


@require_POST
def milestone(request, pk: int):
    """Move one milestone; refused (404) to whoever may not steer its centre."""
    milestone = get_object_or_404(
        Milestone.objects.select_related("centre", "template", "owner"), pk=pk, centre__status__in=DEPLOYING
    )
    centre = milestone.centre
    if not permissions.can_steer_centre(request.user, centre):
        raise Http404
    candidates = {member.pk: member for member in services.milestone_owners(centre)}
    form = MilestoneForm(request.POST, milestone=milestone, candidates=candidates)
    if form.is_valid():
        changes = form.changes()
        try:
            services.update_milestone(milestone, request.user, **changes)
        except services.MilestoneError as error:
            form.add_error(error.field, str(error))
        else:
            if changes:
                messages.success(request, _("Jalon « %(step)s » enregistré.") % {"step": milestone.template.name})
            else:
                messages.info(request, _("Jalon « %(step)s » : rien n'a changé.") % {"step": milestone.template.name})
            return redirect(f"{services.deployment_url(centre)}#jalon-{milestone.pk}")
    return _render_checklist(request, centre, bound=form, status=400)
