"""The indicator pages: the overview, a centre's series, one month across centres, the month entry form.

Who sees what comes from ``community.permissions``: coordinators see every centre by name; a centre's
members see their own centre and the network as a whole (median and spread); members without a
centre see the network only. Another centre's page, CSV, chart or form is a 404. Every page reads the
indicators in one query over its period (``stats.Figures``) and the centres it may name in another,
whatever the number of months and centres. A page, its chart and its CSV are built from the same
context function, so that what is hidden on the page is hidden in the file and the image too.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import permissions
from community.csv_export import csv_response
from community.models import Centre
from community.steering import charts, formats, stats
from community.steering.formats import csv_decimal, csv_percent
from community.steering.indicator_forms import MonthForm
from community.steering.models import MonthlyIndicator, this_month
from community.steering.services import IndicatorError, save_month, target_rate

ANONYMOUS = gettext_lazy("Autre centre")  # translated when shown, not at import


def _visible_centre(user, slug: str) -> Centre:
    centre = get_object_or_404(Centre, slug=slug)
    if not permissions.can_see_centre_steering(user, centre):
        raise Http404
    return centre


def _named_centres(user, *, extra_q: Q | None = None) -> list[Centre]:
    """The centres the user sees by name (all for coordinators, their own for a centre's member)."""
    centres = Centre.objects.filter(permissions.steered_centres_q(user))
    return list(centres.filter(extra_q) if extra_q is not None else centres)


def _period(request) -> int:
    return stats.period_length(request.GET.get("periode"))


def _month_asked(request) -> date | None:
    month = formats.parse_month(request.GET.get("mois"))
    return month if month and date(2000, 1, 1) <= month <= this_month() else None


class AgainstTarget:
    """A centre's month (``figures``, None if not sent) measured against the ``target``."""

    figures: stats.Month | None
    target: float

    @property
    def rate(self) -> float | None:
        return self.figures.rate if self.figures else None

    @property
    def under_target(self) -> bool:
        return self.rate is not None and self.rate < self.target


# --- The overview ----------------------------------------------------------------------------------------


@dataclass
class CentreLine(AgainstTarget):
    """A centre's latest complete month on the overview."""

    centre: Centre
    figures: stats.Month | None
    turnover: float | None  # over the twelve months to the reference month
    target: float


def _overview_context(user, period: int) -> dict:
    target = target_rate()
    last = stats.last_complete_month()
    figures = stats.Figures.load(last, max(period, stats.TURNOVER_MONTHS))
    reference = figures.latest_reported()
    reported = figures.centre_ids()
    # Centres in service, and any other centre that has sent figures over the period.
    centres = _named_centres(user, extra_q=Q(status=Centre.Status.IN_SERVICE) | Q(pk__in=reported))
    lines = [
        CentreLine(
            centre,
            figures.month_of(centre.pk, reference) if reference else None,
            figures.centre_turnover(centre.pk, reference) if reference else None,
            target,
        )
        for centre in centres
    ]
    network = [month for month in figures.network() if month.month > stats.add_months(last, -period)]
    return {
        "coordinator": permissions.oversees_network(user),
        "lines": lines,
        "target": target,
        "reference": reference,
        "network_now": figures.network_month(reference) if reference else None,
        "network_turnover": figures.network_turnover(reference) if reference else None,
        "network": network,
        "period": period,
        "periods": stats.PERIODS,
        "may_import": any(permissions.can_steer_centre(user, centre) for centre in centres),
    }


SORTS = {
    "taux": lambda line: (line.rate is None, line.rate or 0, line.centre.name),
    "nom": lambda line: line.centre.name,
}


def overview(request):
    period = _period(request)
    context = _overview_context(request.user, period)
    sort = request.GET.get("tri") if request.GET.get("tri") in SORTS else "taux"
    context["lines"].sort(key=SORTS[sort])
    if not context["coordinator"]:  # a member: their centre, the network as a whole
        context["own"] = context["lines"][0] if context["lines"] else None
    context["sort"] = sort
    context["network_chart_alt"] = _network_alt(context)
    return render(request, "steering/overview.html", context)


def _network_alt(context) -> str:
    latest = context["network_now"]
    text = _(
        "Taux de décroché du réseau sur %(months)s mois : médiane et écart interquartile des centres, cible de %(target)s."
    ) % {
        "months": context["period"],
        "target": formats.percent(context["target"], 0),
    }
    if latest and latest.rate:
        text += " " + _("En %(month)s, médiane %(median)s.") % {
            "month": formats.month_long(latest.month),
            "median": formats.percent(latest.rate.median),
        }
    return text + " " + _("Les valeurs sont dans le tableau qui suit.")


def network_chart(request):
    context = _overview_context(request.user, _period(request))
    network = context["network"]
    svg = charts.rate_series(
        _("Taux de décroché du réseau"),
        [month.month for month in network],
        [
            (_("Médiane des centres"), [month.rate.median if month.rate else None for month in network], "main"),
            (_("1er quartile"), [month.rate.q1 if month.rate else None for month in network], "quartile"),
            (_("3e quartile"), [month.rate.q3 if month.rate else None for month in network], "quartile"),
        ],
        context["target"],
    )
    return charts.svg_response(svg)


def network_csv(request):
    context = _overview_context(request.user, _period(request))
    header = [
        _("Mois"),
        _("Centres ayant transmis"),
        _("Taux de décroché médian (%)"),
        _("1er quartile (%)"),
        _("3e quartile (%)"),
        _("Minimum (%)"),
        _("Maximum (%)"),
        _("Taux du réseau, tous appels (%)"),
        _("Appels reçus"),
        _("Appels décrochés"),
        _("Attente médiane, médiane des centres (s)"),
        _("ETP"),
        _("Rotation du mois (%)"),
    ]
    rows = [
        [
            formats.month_param(month.month),
            month.reported,
            *(csv_percent(getattr(month.rate, name, None)) for name in ("median", "q1", "q3", "minimum", "maximum")),
            csv_percent(month.overall_rate),
            month.received,
            month.answered,
            csv_decimal(month.wait.median if month.wait else None, 0),
            csv_decimal(month.fte or None, 2),
            csv_percent(month.turnover),
        ]
        for month in context["network"]
    ]
    return csv_response([header, *rows], f"indicateurs-reseau-{context['period']}-mois.csv")


# --- A centre's series -------------------------------------------------------------------------------------


@dataclass
class MonthLine(AgainstTarget):
    """A month of a centre's series, beside the network's."""

    month: date
    figures: stats.Month | None
    network: stats.NetworkMonth
    target: float

    @property
    def gap(self) -> float | None:
        return None if self.rate is None else self.rate - self.target


def _centre_context(user, centre: Centre, period: int) -> dict:
    figures = stats.Figures.load_recent(period)
    target = target_rate()
    lines = [
        MonthLine(month, figures.month_of(centre.pk, month), figures.network_month(month), target)
        for month in figures.months
    ]
    reported = [line for line in lines if line.figures]
    latest = reported[-1] if reported else None
    return {
        "centre": centre,
        "lines": lines,
        "latest": latest,
        "turnover": figures.centre_turnover(centre.pk, latest.month) if latest else None,
        "target": target,
        "period": period,
        "periods": stats.PERIODS,
        "first": figures.months[0],
        "last": figures.months[-1],
        "may_steer": permissions.can_steer_centre(user, centre),
    }


def centre(request, slug):
    centre = _visible_centre(request.user, slug)
    context = _centre_context(request.user, centre, _period(request))
    context["rate_alt"], context["calls_alt"] = _centre_alts(context)
    return render(request, "steering/centre.html", context)


def _centre_alts(context) -> tuple[str, str]:
    names = {"centre": context["centre"].name, "months": context["period"]}
    rate = _(
        "Taux de décroché de %(centre)s sur %(months)s mois, avec la médiane du réseau et la cible de %(target)s."
    ) % (names | {"target": formats.percent(context["target"], 0)})
    calls = _("Appels reçus et décrochés par %(centre)s sur %(months)s mois.") % names
    latest = context["latest"]
    if latest:
        rate += " " + _("En %(month)s : %(rate)s, médiane du réseau %(median)s.") % {
            "month": formats.month_long(latest.month),
            "rate": formats.percent(latest.figures.rate),
            "median": formats.percent(latest.network.rate.median if latest.network.rate else None),
        }
        calls += " " + _("En %(month)s : %(received)s reçus, %(answered)s décrochés.") % {
            "month": formats.month_long(latest.month),
            "received": formats.number(latest.figures.received),
            "answered": formats.number(latest.figures.answered),
        }
    suffix = " " + _("Les valeurs sont dans le tableau qui suit.")
    return rate + suffix, calls + suffix


def centre_chart(request, slug):
    centre = _visible_centre(request.user, slug)
    context = _centre_context(request.user, centre, _period(request))
    lines = context["lines"]
    months = [line.month for line in lines]
    if request.GET.get("serie") == "appels":
        svg = charts.calls_series(
            _("Appels reçus et décrochés — %(centre)s") % {"centre": centre.name},
            months,
            [line.figures.received if line.figures else None for line in lines],
            [line.figures.answered if line.figures else None for line in lines],
        )
    else:
        svg = charts.rate_series(
            _("Taux de décroché — %(centre)s") % {"centre": centre.name},
            months,
            [
                (centre.name, [line.figures.rate if line.figures else None for line in lines], "main"),
                (
                    _("Médiane du réseau"),
                    [line.network.rate.median if line.network.rate else None for line in lines],
                    "median",
                ),
            ],
            context["target"],
        )
    return charts.svg_response(svg)


def centre_csv(request, slug):
    centre = _visible_centre(request.user, slug)
    context = _centre_context(request.user, centre, _period(request))
    header = [
        _("Mois"),
        _("Appels reçus"),
        _("Appels décrochés"),
        _("Taux de décroché (%)"),
        _("Médiane du réseau (%)"),
        _("Cible (%)"),
        _("Attente médiane (s)"),
        _("ETP"),
        _("Arrivées"),
        _("Départs"),
        _("Rotation du mois (%)"),
    ]
    target = csv_percent(context["target"])
    rows = []
    for line in context["lines"]:
        mine, median = line.figures, line.network.rate.median if line.network.rate else None
        if mine is None:
            rows.append([formats.month_param(line.month), "", "", "", csv_percent(median), target, "", "", "", "", ""])
            continue
        rows.append(
            [
                formats.month_param(line.month),
                mine.received,
                mine.answered,
                csv_percent(mine.rate),
                csv_percent(median),
                target,
                "" if mine.wait is None else mine.wait,
                csv_decimal(mine.fte, 2),
                mine.arrivals,
                mine.departures,
                csv_percent(mine.turnover),
            ]
        )
    filename = (
        f"indicateurs-{centre.slug}-{formats.month_param(context['first'])}-{formats.month_param(context['last'])}.csv"
    )
    return csv_response([header, *rows], filename)


# --- One month across centres ------------------------------------------------------------------------------


@dataclass
class Entry:
    """One centre's bar: named if the user sees it by name, else "Autre centre" with its rate only."""

    rank: int
    label: str
    rate: float
    named: bool
    own: bool
    under_target: bool
    figures: stats.Month | None  # calls: for centres shown by name only
    url: str = ""


def _comparison_context(user, month: date | None) -> dict:
    if month is None:  # the latest complete month with figures
        month = MonthlyIndicator.objects.filter(month__lte=stats.last_complete_month()).aggregate(latest=Max("month"))[
            "latest"
        ]
    month = month or stats.last_complete_month()
    target = target_rate()
    coordinator = permissions.oversees_network(user)
    figures = stats.Figures.load(month, 1)
    named = {centre.pk: centre for centre in _named_centres(user)}
    rows = sorted((row for row in figures.by_month[month].values() if row.rate is not None), key=lambda row: -row.rate)
    entries = []
    for rank, row in enumerate(rows, start=1):
        centre = named.get(row.centre_id)
        entries.append(
            Entry(
                rank=rank,
                label=centre.name if centre else ANONYMOUS,
                rate=row.rate,
                named=centre is not None,
                own=centre is not None and centre.pk == user.centre_id,
                under_target=row.rate < target,
                figures=row if centre else None,
                url=reverse("steering:centre", args=[centre.slug]) if centre else "",
            )
        )
    reported = set(figures.by_month[month])  # a centre that had no call that month did report
    missing = [
        centre for centre in named.values() if centre.status == Centre.Status.IN_SERVICE and centre.pk not in reported
    ]
    network = figures.network_month(month)
    return {
        "month": month,
        "previous": stats.add_months(month, -1),
        "next": stats.add_months(month, 1) if month < this_month() else None,
        "entries": entries,
        "spread": network.rate,
        "target": target,
        "coordinator": coordinator,
        "missing": missing if coordinator else [],
    }


def comparison(request):
    context = _comparison_context(request.user, _month_asked(request))
    context["chart_alt"] = _comparison_alt(context)
    context["chart_height"] = charts.comparison_height(len(context["entries"]))
    return render(request, "steering/comparison.html", context)


def _comparison_alt(context) -> str:
    text = _(
        "Taux de décroché de %(count)s centres en %(month)s, du plus haut au plus bas, avec la cible de %(target)s"
    ) % {
        "count": len(context["entries"]),
        "month": formats.month_long(context["month"]),
        "target": formats.percent(context["target"], 0),
    }
    if context["spread"]:
        text += _(" et la médiane du réseau (%(median)s)") % {"median": formats.percent(context["spread"].median)}
    own = next((entry for entry in context["entries"] if entry.own), None)
    if own and not context["coordinator"]:
        text += ". " + _("%(centre)s : %(rate)s, rang %(rank)s sur %(count)s") % {
            "centre": own.label,
            "rate": formats.percent(own.rate),
            "rank": own.rank,
            "count": len(context["entries"]),
        }
    return text + ". " + _("Les valeurs sont dans le tableau qui suit.")


def comparison_chart(request):
    context = _comparison_context(request.user, _month_asked(request))
    bars = []
    for entry in context["entries"]:
        if context["coordinator"]:
            colour = charts.ALERT if entry.under_target else charts.BRAND
        else:
            colour = charts.BRAND if entry.own else charts.GREY
        bars.append((entry.label if entry.named else "", entry.rate, colour))
    spread = context["spread"]
    svg = charts.comparison(
        _("Taux de décroché par centre — %(month)s") % {"month": formats.month_long(context["month"])},
        bars,
        spread.median if spread else None,
        context["target"],
    )
    return charts.svg_response(svg)


def comparison_csv(request):
    context = _comparison_context(request.user, _month_asked(request))
    header = [_("Rang"), _("Centre"), _("Taux de décroché (%)"), _("Sous la cible")]
    if context["coordinator"]:
        header += [_("Appels reçus"), _("Appels décrochés")]
    rows = []
    for entry in context["entries"]:
        row = [entry.rank, entry.label, csv_percent(entry.rate), _("oui") if entry.under_target else _("non")]
        if context["coordinator"]:
            row += [entry.figures.received, entry.figures.answered]
        rows.append(row)
    return csv_response([header, *rows], f"comparaison-{formats.month_param(context['month'])}.csv")


# --- The month entry form ----------------------------------------------------------------------------------


def edit_month(request, slug):
    centre = get_object_or_404(Centre, slug=slug)
    if not permissions.can_steer_centre(request.user, centre):
        raise Http404
    status = 200
    if request.method == "POST":
        form = MonthForm(request.POST, centre=centre)
        if form.is_valid():
            try:
                row = save_month(form.values(), request.user)
            except IndicatorError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(
                    request,
                    _("Les indicateurs de %(month)s sont enregistrés : taux de décroché %(rate)s.")
                    % {"month": formats.month_long(row.month), "rate": formats.percent(row.answer_rate)},
                )
                return redirect(
                    reverse("steering:centre", args=[centre.slug]) + f"#mois-{formats.month_param(row.month)}"
                )
        status = 400
    else:
        month = _month_asked(request)
        existing = MonthlyIndicator.objects.filter(centre=centre, month=month).first() if month else None
        if existing:
            initial = MonthForm.initial_from(existing)
        else:
            initial = {"month": formats.month_param(month or stats.last_complete_month())}
        form = MonthForm(initial=initial, centre=centre)
    correcting = request.method == "GET" and "calls_received" in form.initial
    return render(
        request,
        "steering/month_form.html",
        {"centre": centre, "form": form, "correcting": correcting, "target": target_rate()},
        status=status,
    )
