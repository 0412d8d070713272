"""Steering's business actions: saving indicators (one month or a whole import), the low-rate alert, milestones.

Every function runs in one transaction; views, the admin, the demo and tests call them alike. Callers
check who may act (``community.permissions.can_steer_centre``) before they get here; these functions
check it again so that no path writes another centre's figures.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community import permissions
from community.models import Centre
from community.notifications.services import notify
from community.steering.models import (
    DEPLOYING,
    LowRateEpisode,
    Milestone,
    MilestoneTemplate,
    MonthlyIndicator,
    first_of_month,
    this_month,
)
from community.steering.notification_kinds import LOW_ANSWER_RATE, MILESTONE_CHANGED

FIELDS = ("calls_received", "calls_answered", "median_wait_seconds", "staff_fte", "arrivals", "departures")


class IndicatorError(ValueError):
    """A month that cannot be saved; ``field`` names the faulty one when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class MonthValues:
    """One centre's figures for one month, as a form or an import row gives them."""

    centre: Centre
    month: date
    calls_received: int
    calls_answered: int
    median_wait_seconds: int | None = None
    staff_fte: Decimal | None = None
    arrivals: int = 0
    departures: int = 0

    def problems(self) -> list[tuple[str | None, str]]:
        """(field, French message) for every rule the figures break; empty when they may be saved."""
        found = []
        for name in FIELDS:
            value = getattr(self, name)
            if value is not None and value < 0:
                found.append((name, _("La valeur ne peut pas être négative.")))
        if self.calls_answered is not None and self.calls_received is not None:
            if self.calls_answered > self.calls_received:
                found.append(("calls_answered", _("Les appels décrochés dépassent les appels reçus.")))
        if self.month > this_month():
            found.append(("month", _("Ce mois n'est pas encore commencé.")))
        return found


def target_rate() -> float:
    return settings.STEERING_ANSWER_RATE_TARGET


def _check_may_steer(actor, centre: Centre) -> None:
    if not permissions.can_steer_centre(actor, centre):
        raise Http404


def save_month(values: MonthValues, actor) -> MonthlyIndicator:
    """Create or correct one centre's month, then review its answer rate."""
    _check_may_steer(actor, values.centre)
    values.month = first_of_month(values.month)
    problems = values.problems()
    if problems:
        field, message = problems[0]
        raise IndicatorError(message, field)
    with transaction.atomic():
        _lock_centres([values.centre.pk])
        row, _created = MonthlyIndicator.objects.update_or_create(
            centre=values.centre,
            month=values.month,
            defaults={name: getattr(values, name) for name in FIELDS} | {"updated_by": actor},
        )
        review_answer_rate([values.centre.pk])
    return row


def save_months(rows: list[MonthValues], actor) -> int:
    """Save many months at once (an import): all or nothing, one row per centre and month, never duplicated.

    The caller has validated the rows (each with its cell's message); a row breaking a rule here still
    refuses the whole batch.
    """
    for centre in {row.centre.pk: row.centre for row in rows}.values():
        _check_may_steer(actor, centre)
    for row in rows:
        row.month = first_of_month(row.month)
        if row.problems():
            raise IndicatorError(row.problems()[0][1], row.problems()[0][0])
    keys = [(row.centre.pk, row.month) for row in rows]
    if len(set(keys)) != len(keys):
        raise IndicatorError(_("Le fichier contient deux fois le même centre et le même mois."))
    with transaction.atomic():
        _lock_centres({centre_id for centre_id, _month in keys})
        MonthlyIndicator.objects.bulk_create(
            [
                MonthlyIndicator(
                    centre=row.centre, month=row.month, updated_by=actor, **{name: getattr(row, name) for name in FIELDS}
                )
                for row in rows
            ],
            update_conflicts=True,
            unique_fields=["centre", "month"],
            update_fields=[*FIELDS, "updated_by", "updated_at"],
            batch_size=500,
        )
        review_answer_rate({row.centre.pk for row in rows})
    return len(rows)


def _lock_centres(centre_ids) -> None:
    """Take the centres' rows, in pk order, for the rest of the transaction: their indicators' writes and reviews queue.

    So whoever writes second sees what the first committed (two months under the target saved at once
    still open their episode, two reviews never open it twice), and two imports of the same centres never
    deadlock on each other's rows. ``FOR NO KEY UPDATE`` leaves rows that point at a centre free to be
    written. SQLite ignores it: its write transactions are serial already (``IMMEDIATE``).
    """
    centres = Centre.objects.select_for_update(no_key=True).filter(pk__in=list(centre_ids)).order_by("pk")
    list(centres.values_list("pk", flat=True))


# --- The low answer rate alert --------------------------------------------------------------------


def review_answer_rate(centre_ids) -> list[LowRateEpisode]:
    """Open an episode (and tell coordinators once) for each centre whose last two months are under the target.

    An episode ends with the first month back at the target; a later dip starts a new one. Only the
    centre's latest two months count, so correcting an old month never raises an alert about the past.
    The centres stay locked until the caller's transaction ends: reviews of a centre never overlap.
    """
    from django.contrib.auth import get_user_model

    from community.models import Role

    target = target_rate()
    with transaction.atomic():
        latest: dict[int, list[MonthlyIndicator]] = {pk: [] for pk in centre_ids}
        _lock_centres(latest)
        rows = MonthlyIndicator.objects.filter(centre_id__in=latest).order_by("centre_id", "-month")
        for row in rows.iterator():
            if len(latest[row.centre_id]) < 2:
                latest[row.centre_id].append(row)
        open_episodes = {
            episode.centre_id: episode
            for episode in LowRateEpisode.objects.filter(centre_id__in=latest, ended_month__isnull=True)
        }
        started = []
        for centre_id, months in latest.items():
            if not months:
                continue
            episode = open_episodes.get(centre_id)
            under = [m for m in months if m.answer_rate is not None and m.answer_rate < target]
            consecutive = len(months) == 2 and _months_apart(months[1].month, months[0].month) == 1
            if len(under) == 2 and consecutive:
                if episode is None:
                    started.append(LowRateEpisode.objects.create(centre_id=centre_id, started_month=months[1].month))
            elif episode is not None and months[0].answer_rate is not None and months[0].answer_rate >= target:
                episode.ended_month = months[0].month
                episode.save(update_fields=["ended_month"])
        if started:
            coordinators = list(get_user_model().objects.active().filter(role=Role.COORDINATOR))
            centres = Centre.objects.in_bulk([episode.centre_id for episode in started])
            for episode in started:
                centre = centres[episode.centre_id]
                notify(
                    coordinators,
                    LOW_ANSWER_RATE,
                    text=_(
                        "%(centre)s : taux de décroché sous la cible (%(target)s) deux mois de suite, depuis %(month)s."
                    )
                    % {
                        "centre": centre.name,
                        "target": f"{target:.0%}".replace("%", " %"),
                        "month": _month_label(episode.started_month),
                    },
                    link=_centre_url(centre),
                )
    return started


def _months_apart(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def _month_label(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def _centre_url(centre: Centre) -> str:
    from django.urls import reverse

    return reverse("steering:centre", args=[centre.slug])


# --- Deployment ------------------------------------------------------------------------------------------


def ensure_milestones(centres=None) -> int:
    """Give each deploying centre one milestone per step of the modèle cible (new steps included)."""
    centres = list(centres if centres is not None else Centre.objects.filter(status__in=DEPLOYING))
    templates = list(MilestoneTemplate.objects.all())
    if not centres or not templates:
        return 0
    # Only what is missing: saving a centre again writes nothing, and the count is the real one.
    present = set(Milestone.objects.filter(centre__in=centres).values_list("centre_id", "template_id"))
    missing = [
        Milestone(centre=centre, template=template)
        for centre in centres
        for template in templates
        if (centre.pk, template.pk) not in present
    ]
    Milestone.objects.bulk_create(missing, ignore_conflicts=True)  # a concurrent call may have added some
    return len(missing)


class MilestoneError(ValueError):
    """A milestone change that cannot be saved; ``field`` names the faulty one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


MILESTONE_FIELDS = ("status", "owner", "due_date", "notes")


def milestone_owners(centre: Centre):
    """Who may own a centre's milestones: its active members and the coordinators."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from community.models import Role

    return get_user_model().objects.active().filter(Q(centre=centre) | Q(role=Role.COORDINATOR))


def may_own_milestone(member, centre: Centre) -> bool:
    """A milestone's owner: one of the centre's active members, or a coordinator."""
    from community.models import Role

    return member.is_active and (member.centre_id == centre.pk or member.role == Role.COORDINATOR)


def update_milestone(milestone: Milestone, actor, **changes) -> Milestone:
    """Change a milestone's status, owner, due date or notes; its centre's cadres and the coordinators are told.

    The row is locked and read again: the change applies to the milestone as it is now, only the fields
    given move, and a change already made by someone else is neither repeated nor notified twice.
    """
    from django.contrib.auth import get_user_model

    from community.models import Role

    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"update_milestone() cannot change {', '.join(sorted(unknown))}")
    _check_may_steer(actor, milestone.centre)
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update(of=("self",))
            .select_related("centre", "template", "owner")
            .get(pk=milestone.pk)
        )
        changed = [name for name, value in changes.items() if getattr(milestone, name) != value]
        if not changed:
            return milestone
        owner = changes.get("owner")
        if "owner" in changed and owner is not None and not may_own_milestone(owner, milestone.centre):
            raise MilestoneError(_("Choisissez un membre du centre ou un·e coordinateur·rice."), "owner")
        before = {name: _shown(milestone, name) for name in changed}
        for name in changed:
            setattr(milestone, name, changes[name])
        if "status" in changed:
            milestone.done_on = timezone.localdate() if milestone.status == Milestone.Status.DONE else None
        milestone.updated_by = actor
        milestone.save()
        coordinators = get_user_model().objects.active().filter(role=Role.COORDINATOR)
        recipients = set(coordinators) | set(permissions.centre_cadres(milestone.centre))
        what = " ; ".join(_change_text(name, before[name], _shown(milestone, name)) for name in changed)
        notify(
            recipients,
            MILESTONE_CHANGED,
            text=_("%(centre)s — %(step)s : %(changes)s")
            % {"centre": milestone.centre.name, "step": milestone.template.name, "changes": what},
            link=deployment_url(milestone.centre) + f"#jalon-{milestone.pk}",
            actor=actor,
        )
    return milestone


def _shown(milestone: Milestone, name: str) -> str:
    """A field's value as a notification names it."""
    if name == "status":
        return milestone.get_status_display()
    if name == "owner":
        return milestone.owner.display_name if milestone.owner else _("personne")
    if name == "due_date":
        return f"{milestone.due_date:%d/%m/%Y}" if milestone.due_date else _("aucune")
    return milestone.notes


def _change_text(name: str, before: str, after: str) -> str:
    if name == "status":
        return f"{before} → {after}"
    if name == "owner":
        return _("responsable %(before)s → %(after)s") % {"before": before, "after": after}
    if name == "due_date":
        return _("échéance %(before)s → %(after)s") % {"before": before, "after": after}
    return _("notes mises à jour")


def deployment_url(centre: Centre) -> str:
    from django.urls import reverse

    return reverse("steering:deployment_centre", args=[centre.slug])
