"""Steering's demo data: the modèle cible, two years of indicators per open centre, the openings' milestones.

``seed_demo`` calls ``seed()`` through the ``register_demo_data`` hook, once the centres and members exist.

- The modèle cible's seven steps, with a short description each.
- For every centre in service, 24 months of indicators ending with the last complete month, written in
  bulk: calls scaled to the region (Île-de-France, Auvergne-Rhône-Alpes, Occitanie and Hauts-de-France
  the largest, Corse and the overseas centres the smallest), more calls in winter and at the rentrée,
  fewer staff in summer, a taux de décroché between 86 and 93 %, a median wait of 20 to 60 s, a few
  arrivals and departures. Hauts-de-France dips under the target for its last three months: its cadre
  enters the last two through ``services.save_month`` as the months close, so the coordinators are told
  once, by the alert itself.
- Guyane, Tchat and Accessibilité get the modèle cible's milestones with owners, due dates and notes:
  Tchat almost ready, Guyane half-way with its recruitment overdue, Accessibilité at its start.

Figures come from a random generator seeded per centre (the same on every run) and dates from today.
Everything is fictional. A second run adds nothing: a centre with indicators keeps them, a milestone
someone has edited keeps its edits.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from community import demo_data
from community.models import Centre
from community.steering import services
from community.steering.models import (
    Milestone,
    MilestoneTemplate,
    MonthlyIndicator,
    first_of_month,
)
from community.steering.services import MonthValues

MODELE_CIBLE = [
    ("Recrutement",
     "Constituer l'équipe : cadre de santé, répondant·es infirmier·es et psychologues, superviseur·e, "
     "assez de personnes pour tenir le planning jour et nuit."),
    ("Formation des répondants",
     "Formation initiale nationale (évaluation du risque suicidaire, intervention de crise), puis écoutes "
     "en binôme avec un centre déjà ouvert."),
    ("Locaux",
     "Des box d'écoute insonorisés, une salle de débriefing, un accès sécurisé ouvert jour et nuit."),
    ("Téléphonie",
     "Raccordement au numéro national, débordement vers les autres centres et bascule de secours testés."),
    ("Système d'information",
     "Postes, comptes, logiciel de suivi des appels et hébergement des données de santé agréé."),
    ("Partenaires du territoire",
     "Conventions avec le SAMU, les urgences psychiatriques, les CMP et les associations, et l'annuaire "
     "d'orientation du territoire."),
    ("Date d'ouverture",
     "Ouverture au public, annoncée au réseau et aux partenaires, d'abord sur une plage horaire réduite."),
]

MONTHS = 24
# Calls received in an average month, by centre slug: roughly the region's population.
CALLS = {
    "ile-de-france-nord": 4200, "ile-de-france-sud": 3600, "auvergne-rhone-alpes": 3900, "occitanie": 3300,
    "hauts-de-france": 3400, "provence-alpes-cote-dazur": 3000, "nouvelle-aquitaine": 3000, "grand-est": 2700,
    "pays-de-la-loire": 2100, "bretagne": 2000, "normandie": 1900, "bourgogne-franche-comte": 1600,
    "centre-val-de-loire": 1400, "la-reunion": 900, "guadeloupe": 520, "martinique": 480, "corse": 380,
}  # fmt: skip
DEFAULT_CALLS = 1500
SMALLEST, LARGEST = min(CALLS.values()), max(CALLS.values())
# More calls in winter and at the rentrée, fewer in summer; fewer staff in July and August.
SEASON = {1: 1.10, 2: 1.05, 3: 1.01, 4: 0.98, 5: 0.96, 6: 0.94, 7: 0.90, 8: 0.88, 9: 1.09, 10: 1.04, 11: 1.05, 12: 1.07}
SUMMER_STAFF = {7: 0.88, 8: 0.84}
GROWTH = 0.03  # a year: the number becomes better known
RATES = (0.862, 0.93)  # every centre's taux de décroché but the dipping one's stays in here
WAITS = (20, 60)  # median wait, seconds
STAFF = (8, 30)  # ETP on duty: never fewer than the night and day rota needs
DIPPING = "hauts-de-france"
DIP = [0.838, 0.812, 0.826]  # its last three months, under the 85 % target
ENTERED = 2  # of which the last two are entered through the service, one alert


@dataclass(frozen=True)
class Plan:
    """A milestone as the demo sets it: ``due``/``done`` in days from today (``"opening"``: the centre's date)."""

    step: str
    status: str
    owner: str  # a demo login, or "cadre" for the centre's cadre
    due: int | str | None = None
    done: int | None = None
    notes: str = ""


DONE, IN_PROGRESS, NOT_STARTED = Milestone.Status.DONE, Milestone.Status.IN_PROGRESS, Milestone.Status.NOT_STARTED
MILESTONES = {
    # Almost ready: only the platform's last checks and the opening itself remain.
    "tchat": [
        Plan("Recrutement", DONE, "cadre", -130, -118,
             "Douze écoutant·es recruté·es (infirmier·es et psychologues), dont quatre à temps partiel."),
        Plan("Formation des répondants", DONE, "cadre", -25, -28,
             "Formation initiale et module d'écoute par écrit terminés ; tchats en binôme depuis novembre."),
        Plan("Locaux", DONE, "coordination", -160, -150,
             "Plateau de dix postes partagé avec le centre Île-de-France Nord, salle de débriefing dédiée."),
        Plan("Téléphonie", DONE, "coordination", -60, -64,
             "Pas d'écoute vocale ici : le renvoi vers le 3114 pour une situation d'urgence est testé."),
        Plan("Système d'information", IN_PROGRESS, "coordination3", 14, None,
             "Plateforme de tchat en recette : chiffrement et hébergement validés ; reste l'export des "
             "statistiques anonymisées."),
        Plan("Partenaires du territoire", DONE, "coordination3", -40, -46,
             "Protocole d'orientation vers les centres régionaux et les associations d'écoute en ligne."),
        Plan("Date d'ouverture", NOT_STARTED, "coordination", "opening", None,
             "Ouverture d'abord en soirée, puis élargie après un mois de fonctionnement."),
    ],
    # Half-way, and the recruitment is late.
    "guyane": [
        Plan("Recrutement", IN_PROGRESS, "cadre", -12, None,
             "Huit postes sur quatorze pourvus ; l'annonce pour les psychologues est relancée avec l'ARS."),
        Plan("Formation des répondants", NOT_STARTED, "cadre", 50, None,
             "Formation initiale à Cayenne avec des formateurs des centres des Antilles, après le recrutement."),
        Plan("Locaux", DONE, "cadre", -70, -64,
             "Locaux au centre hospitalier de Cayenne ; l'insonorisation des box est réceptionnée."),
        Plan("Téléphonie", IN_PROGRESS, "coordination2", 30, None,
             "Lignes commandées ; tests de débordement avec la Martinique prévus en janvier."),
        Plan("Système d'information", NOT_STARTED, "coordination", 60),
        Plan("Partenaires du territoire", DONE, "cadre", -20, -23,
             "Conventions signées avec le SAMU 973 et l'hôpital de Saint-Laurent-du-Maroni ; interprétariat "
             "en créole guyanais et en portugais organisé."),
        Plan("Date d'ouverture", NOT_STARTED, "coordination", "opening"),
    ],
    # At its start: the opening has no date yet.
    "accessibilite": [
        Plan("Recrutement", IN_PROGRESS, "cadre", 120, None,
             "Fiche de poste validée : écoutant·es formé·es à la langue des signes française."),
        Plan("Formation des répondants", NOT_STARTED, "cadre", 200),
        Plan("Locaux", NOT_STARTED, "coordination", 150,
             notes="Hébergement envisagé au centre Auvergne-Rhône-Alpes, à Lyon ; accès à vérifier."),
        Plan("Téléphonie", NOT_STARTED, "coordination2", 180,
             notes="Accès à étudier : visio-interprétation en LSF, transcription en temps réel, SMS."),
        Plan("Système d'information", NOT_STARTED, "coordination"),
        Plan("Partenaires du territoire", IN_PROGRESS, "coordination3", 90, None,
             "Premiers échanges avec les associations de personnes sourdes et malentendantes."),
        Plan("Date d'ouverture", NOT_STARTED, "coordination"),
    ],
}


def seed(stdout) -> None:
    """Seed steering's demo data (the ``register_demo_data`` hook); runs again without adding anything."""
    members = demo_data.demo_members()
    if not members:
        stdout.write("Steering: no demo members, nothing seeded.")
        return
    today = timezone.localdate()
    with demo_data.quiet_mail(), transaction.atomic():
        steps = _seed_modele_cible()
        months = _seed_indicators(members, today)
        planned = _seed_milestones(members, today)
    overdue = Milestone.objects.overdue(today).count()
    added = "" if steps or months or planned else " (nothing new)"
    stdout.write(
        f"Steering: {MilestoneTemplate.objects.count()} steps in the modèle cible, "
        f"{MonthlyIndicator.objects.count()} months of indicators for "
        f"{MonthlyIndicator.objects.values('centre').distinct().count()} centres, "
        f"{Milestone.objects.count()} milestones ({overdue} overdue){added}."
    )


def _seed_modele_cible() -> int:
    created = 0
    for order, (name, description) in enumerate(MODELE_CIBLE):
        _template, new = MilestoneTemplate.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )
        created += new
    return created


# --- Indicators ----------------------------------------------------------------------------------


def _seed_indicators(members, today: date) -> int:
    """24 months for every open centre that has none yet; the dipping centre's last two through the service."""
    last = _add_months(first_of_month(today), -1)
    centres = list(
        Centre.objects.filter(status=Centre.Status.IN_SERVICE, indicators__isnull=True).distinct().order_by("name")
    )
    rows, held_back = [], []
    for centre in centres:
        author = members.get(f"cadre.{centre.slug}", members["coordination"])
        months = _months(centre, last)
        if centre.slug == DIPPING:
            months, held_back = months[:-ENTERED], months[-ENTERED:]
        rows += [MonthlyIndicator(centre=centre, updated_by=author, **figures) for figures in months]
    MonthlyIndicator.objects.bulk_create(rows, batch_size=500)
    services.review_answer_rate([centre.pk for centre in centres])  # nothing under the target two months yet
    for figures in held_back:  # its cadre enters the dipping months as they close
        dipping = next(centre for centre in centres if centre.slug == DIPPING)
        author = members.get(f"cadre.{DIPPING}", members["coordination"])
        services.save_month(MonthValues(centre=dipping, **figures), author)
    return len(rows) + len(held_back)


def _months(centre: Centre, last: date) -> list[dict]:
    """The centre's figures month by month, oldest first, from its own seeded generator."""
    rng = random.Random(f"steering-demo:{centre.slug}")
    calls = CALLS.get(centre.slug, DEFAULT_CALLS)
    share = (calls - SMALLEST) / (LARGEST - SMALLEST)
    staff = 8.6 + 20.4 * min(max(share, 0), 1)  # ETP: about 9 in the smallest centre, 29 in the largest
    rate = rng.uniform(0.88, 0.91)
    first = max(_add_months(last, 1 - MONTHS), first_of_month(centre.opening_date or last))
    count = _months_apart(first, last) + 1
    found = []
    for index in range(count):
        month = _add_months(first, index)
        season = SEASON[month.month]
        received = round(calls * season * (1 + GROWTH * (index - count) / 12) * rng.uniform(0.96, 1.04))
        summer = SUMMER_STAFF.get(month.month, 1)
        answer = rate - 0.15 * (season - 1) - (0.012 if summer < 1 else 0) + rng.gauss(0, 0.006)
        answer = min(max(answer, RATES[0]), RATES[1])
        dip = index - count + len(DIP)
        if centre.slug == DIPPING and dip >= 0:
            answer = DIP[dip]
        wait = WAITS[0] + (RATES[1] - answer) / (RATES[1] - RATES[0]) * 36 + rng.uniform(-3, 3)
        found.append(
            {
                "month": month,
                "calls_received": received,
                "calls_answered": round(received * answer),
                "median_wait_seconds": round(min(max(wait, WAITS[0]), WAITS[1])),
                "staff_fte": Decimal(f"{min(max(staff * summer * rng.uniform(0.97, 1.03), STAFF[0]), STAFF[1]):.1f}"),
                "arrivals": _people_moving(rng, 0.5 if month.month == 9 else 0.08, calls),
                "departures": _people_moving(rng, 0.25 if month.month in (6, 7, 8) else 0.08, calls),
            }
        )
    return found


def _people_moving(rng: random.Random, chance: float, calls: int) -> int:
    """Arrivals or departures in a month: mostly none, sometimes one, two at most in a large centre."""
    if rng.random() >= chance:
        return 0
    return 2 if calls >= 3000 and rng.random() < 0.4 else 1


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def _months_apart(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


# --- Milestones ----------------------------------------------------------------------------------


def _seed_milestones(members, today: date) -> int:
    """The openings' milestones as planned, on those nobody has edited yet."""
    plans = {(slug, plan.step): plan for slug, steps in MILESTONES.items() for plan in steps}
    services.ensure_milestones()
    untouched = Milestone.objects.filter(centre__slug__in=MILESTONES, updated_by__isnull=True).select_related(
        "centre", "template"
    )
    changed = []
    for milestone in untouched:
        plan = plans.get((milestone.centre.slug, milestone.template.name))
        if plan is None:
            continue
        centre = milestone.centre
        milestone.owner = members.get(f"cadre.{centre.slug}" if plan.owner == "cadre" else plan.owner)
        milestone.owner = milestone.owner or members["coordination"]
        milestone.status = plan.status
        milestone.due_date = _due(plan.due, centre, today)
        milestone.done_on = today + timedelta(days=plan.done) if plan.done is not None else None
        milestone.notes = plan.notes
        milestone.updated_by = milestone.owner
        changed.append(milestone)
    Milestone.objects.bulk_update(changed, ["owner", "status", "due_date", "done_on", "notes", "updated_by"])
    return len(changed)


def _due(due: int | str | None, centre: Centre, today: date) -> date | None:
    if due == "opening":
        # The planned opening when it is still ahead, else three months from now.
        return centre.opening_date if centre.opening_date and centre.opening_date > today else today + timedelta(90)
    return today + timedelta(days=due) if due is not None else None
