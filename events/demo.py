"""Events' demo data: the ``/evenements/`` index, about a dozen gatherings, and the benchmarks' big webinar.

``seed_demo`` calls ``seed()`` through the ``register_demo_data`` hook, once the members and groups
exist. The community's seed leaves a placeholder page at ``/evenements/``; it is replaced by the events'
index. Events are dated from today (so that they stay upcoming), in their venue's zone, and filled
through the services as members would register (answers, waitlists, the notifications they cause).
The past event's registrations are written directly (registration is closed once an event is over)
and its presence marked through the service. The benchmarks' webinar gets 200 registrations in bulk,
from extra fictional responders of the centres if the demo has fewer members.

Everything is fictional. A second run adds nothing: events are recognised by their slug.
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from community import demo_data
from community.demo_data import DOMAIN
from community.groups.models import Membership, WorkingGroup
from community.models import Centre, Role
from community.models.members import handle_base
from community.page_tree import seed_index
from events import services
from events.models import EventIndexPage, EventPage, EventQuestion, Registration

INDEX_SLUG = "evenements"
INDEX_TITLE = "Événements"
INDEX_INTRO = next(intro for slug, _title, intro in demo_data.SECTION_PAGES if slug == INDEX_SLUG)

BENCH_SLUG = "webinaire-national-le-modele-cible-des-centres"
BENCH_REGISTRATIONS = 200
BENCH_CAPACITY = 180  # the visio licence's limit: 180 seats, the rest wait

VISIO = "https://visio.reseau3114.test/"

# Questions asked at registration (label, type, choices, required, accessibility).
ATTENDANCE = ("Vous participerez", "choice", ["En présentiel", "À distance"], True, False)
MEAL = ("Repas sur place", "choice", ["Oui", "Non"], True, False)
LUNCHES = ("Déjeuners sur place", "multiple", ["Déjeuner du premier jour", "Déjeuner du second jour"], False, False)
DIET = ("Régime alimentaire particulier", "text", [], False, False)
ACCESS = ("Besoins d'accessibilité", "text", [], False, True)

ACCESS_NEEDS = [
    "Accès en fauteuil roulant, merci de prévoir une place de stationnement proche de l'entrée.",
    "Boucle magnétique pour la plénière, si possible.",
    "Documents de travail en gros caractères.",
]
DIETS = ["Végétarien", "Sans gluten", "Sans porc"]


@dataclass(frozen=True)
class Spec:
    """An event as the demo writes it. ``days``: from today to its first day (moved to ``weekday``)."""

    slug: str
    title: str
    kind: str
    days: int
    start: time
    end: time
    tz: str = "Europe/Paris"
    weekday: int = 1  # Tuesday; -1: the first working day
    follows: str = ""  # slug of the event this one follows the next day (a tour of centres)
    length: int = 0  # extra days (a two-day temps fort ends the next day)
    group: str | None = None
    centre: str | None = None  # centre slug
    address: str = ""
    video: bool = False
    capacity: int | None = None
    intro: str = ""
    description: str = ""
    questions: tuple = ()
    registrants: int = 0  # how many members register (within the audience); more than capacity: a waitlist
    opens_in: int | None = None  # registration opens in so many days (none yet)
    closes_before: int | None = None  # registration closes so many days before the start
    by_organiser: int = 0  # of the registrants, how many the organisers register themselves
    past: bool = False
    cancelled_registrations: int = 0  # of the first registrants, how many cancel afterwards


EVENTS = [
    Spec(
        "temps-fort-national-de-printemps", "Temps fort national de printemps", "temps_fort", 110,
        time(9, 30), time(16, 30), length=1,
        address="Espace des congrès, 15 rue de l'Innovation, 75013 Paris",
        video=True, capacity=120,
        intro="Deux jours pour tout le réseau : bilan de l'année, ateliers sur la postvention et le modèle cible.",
        description=(
            "<h3>Programme</h3><ul><li>Premier jour : ouverture par le pôle national, bilan d'activité et taux de "
            "décroché, ateliers en petits groupes.</li><li>Second jour : retours d'expérience des centres, "
            "feuille de route de l'année.</li></ul><p>La plénière est retransmise pour les centres d'outre-mer "
            "qui suivent à distance.</p>"
        ),
        questions=(ATTENDANCE, LUNCHES, DIET, ACCESS), registrants=34, closes_before=10, by_organiser=2,
        cancelled_registrations=2,
    ),
    Spec(
        "club-des-cadres-reunion-mensuelle", "Club des cadres : réunion mensuelle", "club", 7,
        time(14, 0), time(16, 0), weekday=3, group="club-des-cadres", video=True,
        intro="Plannings de nuit et suivi du taux de décroché : chaque centre présente ses chiffres du mois.",
        description="<p>Ordre du jour envoyé la veille. Préparez vos indicateurs du mois.</p>",
        registrants=9,
    ),
    Spec(
        "club-des-cadres-journee-modele-cible", "Club des cadres : journée de travail sur le modèle cible", "club", 45,
        time(10, 0), time(16, 30), group="club-des-cadres",
        address="Pôle national, salle Horizon, 12 avenue des Peupliers, 75013 Paris", capacity=8,
        intro="Une journée en présentiel pour comparer l'organisation des centres au modèle cible.",
        description="<p>Places limitées à un·e cadre par centre. Les frais de déplacement sont pris en charge.</p>",
        questions=(MEAL, ACCESS), registrants=11,
    ),
    Spec(
        "postvention-relecture-procedure-debriefing", "Groupe Postvention : relecture de la procédure de débriefing",
        "groupe", 1, time(14, 30), time(16, 30), weekday=-1, group="postvention", video=True,
        intro="Dernière relecture de la procédure de débriefing après un appel difficile avant diffusion.",
        registrants=7,
    ),
    Spec(
        "referentiel-tchat-atelier-ecrits", "Référentiel du tchat : atelier sur les écrits de référence", "groupe", 20,
        time(10, 0), time(16, 0), weekday=3, group="referentiel-tchat", centre="tchat", capacity=12,
        intro="Rédiger ensemble les premières réponses types du tchat, dans le respect du RGPD.",
        registrants=5,
    ),
    Spec(
        "supervision-echange-de-pratiques", "Réseau des superviseur·ses : échange de pratiques", "groupe", 26,
        time(14, 0), time(16, 0), weekday=4, group="supervision", video=True,
        intro="Cas d'école anonymisés et retours sur la supervision des nouveaux répondant·es.",
        registrants=6,
    ),
    Spec(
        "formation-evaluation-du-risque-suicidaire", "Formation : évaluer le risque suicidaire au téléphone",
        "formation", 30, time(9, 30), time(17, 0), weekday=3,
        address="Institut de formation, 4 rue des Tilleuls, 69007 Lyon", capacity=15,
        intro="Formation continue d'une journée pour les répondant·es : repérage, évaluation, orientation.",
        description="<p>Animée par deux formateur·rices du pôle national. Attestation de formation remise.</p>",
        questions=(MEAL, ACCESS), registrants=19, closes_before=3,
    ),
    Spec(
        "formation-initiale-equipe-guyane", "Formation initiale de l'équipe de Guyane", "formation", 40,
        time(8, 30), time(16, 30), tz="America/Cayenne", length=1, centre="guyane", capacity=14,
        intro="Deux jours de formation initiale pour l'équipe de Cayenne, avec des pairs des centres des Antilles.",
        questions=(ACCESS,), registrants=6,
    ),
    Spec(
        BENCH_SLUG, "Webinaire national : le modèle cible des centres de réponse", "webinaire", 15,
        time(14, 0), time(15, 30), video=True, capacity=BENCH_CAPACITY,
        intro="Présentation du modèle cible et questions-réponses avec le pôle national.",
        description="<p>Le webinaire est enregistré ; le support sera déposé dans la bibliothèque de ressources.</p>",
    ),
    Spec(
        "visite-du-centre-de-reponse-martinique", "Visite du centre de réponse Martinique", "visite", 35,
        time(9, 0), time(12, 0), tz="America/Martinique", centre="martinique", capacity=6,
        intro="Visite du centre et échanges avec l'équipe sur l'organisation des nuits.",
        registrants=8,
    ),
    Spec(
        "visite-du-centre-de-reponse-guadeloupe", "Visite du centre de réponse Guadeloupe", "visite", 36,
        time(9, 0), time(12, 0), tz="America/Guadeloupe", weekday=-1, follows="visite-du-centre-de-reponse-martinique",
        centre="guadeloupe", capacity=8,
        intro="Visite du centre, au lendemain de celle de la Martinique.",
        registrants=5,
    ),
    Spec(
        "temps-fort-regional-ocean-indien", "Temps fort régional océan Indien", "temps_fort", 60,
        time(8, 30), time(16, 30), tz="Indian/Reunion", weekday=3, centre="la-reunion", video=True, capacity=40,
        intro="Une journée à Saint-Denis pour les équipes de l'océan Indien, ouverte à distance à tout le réseau.",
        questions=(ATTENDANCE, ACCESS), opens_in=5,
    ),
    Spec(
        "webinaire-prevenir-la-fatigue-compassionnelle", "Webinaire : prévenir la fatigue compassionnelle",
        "webinaire", 22, time(14, 0), time(15, 0), weekday=4, video=True,
        intro="Repères pour les équipes et les cadres, avec une psychologue du travail.",
        registrants=14,
    ),
    Spec(
        "temps-fort-d-automne-la-postvention", "Temps fort d'automne : la postvention", "temps_fort", -9,
        time(9, 30), time(17, 0), weekday=3, address="Centre de congrès, 50 quai Charles de Gaulle, 69006 Lyon",
        capacity=80, intro="Une journée à Lyon sur l'accompagnement des équipes après un appel difficile.",
        questions=(MEAL, ACCESS), registrants=26, past=True,
    ),
]


def seed(stdout) -> None:
    """Seed the events' demo data (the ``register_demo_data`` hook); runs again without adding anything."""
    members = demo_data.demo_members()
    if not members:
        stdout.write("Events: no demo members, nothing seeded.")
        return
    before = (EventPage.objects.count(), Registration.objects.count())
    with demo_data.quiet_mail(), transaction.atomic():
        index = seed_index(EventIndexPage, INDEX_SLUG, INDEX_TITLE, INDEX_INTRO)
        if index is None:
            stdout.write("Events: /evenements/ is taken by a page that is not the events' index; nothing seeded.")
            return
        today = timezone.localdate()
        organiser = members["coordination"]
        for number, spec in enumerate(EVENTS):
            if not EventPage.objects.filter(slug=spec.slug).exists():
                _seed_event(index, spec, members, organiser, today, random.Random(3114 + number))
        bench = EventPage.objects.get(slug=BENCH_SLUG)
        _seed_bench(bench, members)
    events = EventPage.objects.live()
    registrations = Registration.objects.active()
    added = "" if (EventPage.objects.count(), Registration.objects.count()) > before else " (nothing new)"
    stdout.write(
        f"Events: {events.count()} events ({events.filter(end__lt=timezone.now()).count()} past), "
        f"{registrations.confirmed().count()} confirmed registrations, "
        f"{registrations.waitlisted().count()} on waitlists{added}."
    )
    stdout.write(f"  benchmarks: {bench.url} ({bench.registrations.count()} registrations)")


# Fixed French public holidays (month, day), and the year-end break when nobody meets.
HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def _working(day: date) -> bool:
    year_end = (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 4)
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS and not year_end


def _day(today: date, spec: Spec) -> date:
    """``spec.days`` from today (or the day after ``spec.follows``), on to the wanted weekday, on working days."""
    if spec.follows:
        day = EventPage.objects.get(slug=spec.follows).end_date + timedelta(days=1)
    else:
        day = today + timedelta(days=spec.days)
    step = timedelta(days=-1 if spec.days < 0 else 1)  # a past event stays in the past
    while not (_working(day) and _working(day + timedelta(days=spec.length))) or (
        spec.weekday != -1 and day.weekday() != spec.weekday
    ):
        day += step
    return day


def _seed_event(index, spec: Spec, members, organiser, today: date, rng: random.Random) -> EventPage:
    day = _day(today, spec)
    group = WorkingGroup.objects.get(slug=spec.group) if spec.group else None
    centre = Centre.objects.get(slug=spec.centre) if spec.centre else None
    event = EventPage(
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        group=group,
        intro=spec.intro,
        description=spec.description,
        timezone=spec.tz,
        start_date=day,
        start_time=spec.start,
        end_date=day + timedelta(days=spec.length),
        end_time=spec.end,
        centre=centre,
        address=spec.address,
        video_url=f"{VISIO}{spec.slug}" if spec.video else "",
        capacity=spec.capacity,
        owner=organiser,
    )
    event.compute_instants()
    if spec.opens_in is not None:
        event.registration_opens = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=spec.opens_in)
    if spec.closes_before is not None:
        event.registration_closes = event.start - timedelta(days=spec.closes_before)
    for number, (label, kind, choices, required, accessibility) in enumerate(spec.questions):
        event.questions.add(
            EventQuestion(
                sort_order=number, label=label, type=kind, choices="\n".join(choices), required=required,
                accessibility=accessibility,
            )
        )
    index.add_child(instance=event)
    event.save_revision(user=organiser).publish(user=organiser)
    event = EventPage.objects.get(pk=event.pk)
    audience = _audience(event, members, rng)[: spec.registrants]
    if spec.past:
        _seed_past(event, audience, organiser, rng)
        return event
    for position, member in enumerate(audience):
        by = organiser if position < spec.by_organiser else None
        services.register(event, member, _answers(event, rng), by=by)
    for member in audience[: spec.cancelled_registrations]:
        services.cancel(event, member)
    return event


def _audience(event: EventPage, members, rng: random.Random) -> list:
    """Demo members who may see the event, its group's active members first, in a stable shuffled order."""
    people = [m for m in members.values() if not m.is_staff and m.role != Role.PARTNER]
    if event.group_id is not None:
        active = set(
            Membership.objects.filter(group_id=event.group_id, status=Membership.Status.ACTIVE).values_list(
                "member_id", flat=True
            )
        )
        people = [m for m in people if m.pk in active]
    people = [m for m in people if services.can_see(m, event)]
    if event.centre_id:
        # The host centre's team first: they are there anyway.
        people.sort(key=lambda m: (m.centre_id != event.centre_id, m.pk))
        hosts = [m for m in people if m.centre_id == event.centre_id]
        others = [m for m in people if m.centre_id != event.centre_id]
        rng.shuffle(others)
        return hosts + others
    people.sort(key=lambda m: m.pk)
    rng.shuffle(people)
    return people


def _answers(event: EventPage, rng: random.Random) -> dict:
    answers = {}
    for question in event.ordered_questions:
        key = str(question.pk)
        if question.type == EventQuestion.Type.CHOICE:
            weights = [3] + [1] * (len(question.choice_list) - 1)
            answers[key] = rng.choices(question.choice_list, weights=weights)[0]
        elif question.type == EventQuestion.Type.MULTIPLE:
            answers[key] = [choice for choice in question.choice_list if rng.random() < 0.8]
        elif question.accessibility:
            if rng.random() < 0.12:
                answers[key] = rng.choice(ACCESS_NEEDS)
        elif rng.random() < 0.2:
            answers[key] = rng.choice(DIETS)
    return answers


def _seed_past(event: EventPage, audience: list, organiser, rng: random.Random) -> None:
    """Registrations to an event that is over (written directly: registering is closed), then presence marked."""
    opened = event.start - timedelta(days=45)
    rows = []
    for position, member in enumerate(audience):
        when = opened + timedelta(hours=position * 7 + rng.randint(0, 6))
        rows.append(
            Registration(
                event=event, member=member, status=Registration.Status.CONFIRMED, answers=_answers(event, rng),
                created_at=when, queued_at=when, confirmed_at=when,
            )
        )
    Registration.objects.bulk_create(rows)
    for registration in event.registrations.select_related("member"):
        # Most came; the check-in list says who did not.
        services.set_attendance(event, organiser, registration, rng.random() < 0.85)


def _seed_bench(event: EventPage, members) -> None:
    """The benchmarks' webinar: ``BENCH_REGISTRATIONS`` registrations in bulk, the last ones on the waitlist."""
    if event.registrations.exists():
        return
    people = sorted(
        (m for m in members.values() if not m.is_staff and m.role != Role.PARTNER), key=lambda m: m.pk
    )
    people += _extra_responders(BENCH_REGISTRATIONS - len(people))
    # Registered over the last day and a half, first come first seated: never in the future.
    now = timezone.now()
    rows = []
    for position, member in enumerate(people[:BENCH_REGISTRATIONS]):
        when = now - timedelta(minutes=(BENCH_REGISTRATIONS - position) * 11)
        seated = position < BENCH_CAPACITY
        rows.append(
            Registration(
                event=event, member=member,
                status=Registration.Status.CONFIRMED if seated else Registration.Status.WAITLISTED,
                created_at=when, queued_at=when, confirmed_at=when if seated else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=500)


def _extra_responders(count: int) -> list:
    """Fictional responders of the centres in service (``repondant2.bretagne``...), written in bulk."""
    if count <= 0:
        return []
    User = get_user_model()
    centres = list(Centre.objects.filter(status=Centre.Status.IN_SERVICE).order_by("pk"))
    logins = []
    number = 2
    while len(logins) < count:
        logins += [(f"repondant{number}.{centre.slug}", centre) for centre in centres]
        number += 1
    logins = logins[:count]
    existing = {u.email: u for u in User.objects.filter(email__in=[f"{login}@{DOMAIN}" for login, _ in logins])}
    handles = set(User.objects.values_list("handle", flat=True))
    password = make_password(demo_data.DEMO_PASSWORD)
    first, last = demo_data.FIRST_NAMES, demo_data.LAST_NAMES
    new = []
    for offset, (login, centre) in enumerate(logins):
        email = f"{login}@{DOMAIN}"
        if email in existing:
            continue
        index = 300 + offset  # past the names the community's seed gives (the same formula, further on)
        first_name, last_name = first[index % len(first)], last[(index * 7 + index // len(first)) % len(last)]
        handle, suffix = handle_base(first_name, last_name, email), 1
        base = handle
        while handle in handles:
            suffix += 1
            handle = f"{base}{suffix}"
        handles.add(handle)
        new.append(
            User(
                email=email, first_name=first_name, last_name=last_name, role=Role.RESPONDER, centre=centre,
                handle=handle, password=password, date_joined=timezone.now(),
            )
        )
    User.objects.bulk_create(new)
    created = {u.email: u for u in User.objects.filter(email__in=[u.email for u in new])}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=email, verified=True, primary=True) for email, user in created.items()]
    )
    by_email = {**existing, **created}
    return [by_email[f"{login}@{DOMAIN}"] for login, _centre in logins]
