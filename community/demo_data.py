"""Fictional but plausible data for the demo: real regions and time zones, invented people."""

from contextlib import contextmanager
from datetime import date

from django.conf import settings

from community.models import User

DOMAIN = "reseau3114.test"  # the demo members' addresses: coordination@reseau3114.test, ...

CENTRES = [
    # name suffix, region, time zone, kind, status, opening date
    ("Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Bretagne", "Bretagne", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Centre-Val de Loire", "Centre-Val de Loire", "Europe/Paris", "regional", "en_service", date(2022, 1, 17)),
    ("Corse", "Corse", "Europe/Paris", "regional", "en_service", date(2022, 6, 1)),
    ("Grand Est", "Grand Est", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Hauts-de-France", "Hauts-de-France", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Île-de-France Nord", "Île-de-France", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Île-de-France Sud", "Île-de-France", "Europe/Paris", "regional", "en_service", date(2022, 3, 7)),
    ("Normandie", "Normandie", "Europe/Paris", "regional", "en_service", date(2021, 11, 15)),
    ("Nouvelle-Aquitaine", "Nouvelle-Aquitaine", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Occitanie", "Occitanie", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Pays de la Loire", "Pays de la Loire", "Europe/Paris", "regional", "en_service", date(2022, 2, 1)),
    ("Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur", "Europe/Paris", "regional", "en_service", date(2021, 10, 1)),
    ("Guadeloupe", "Guadeloupe", "America/Guadeloupe", "regional", "en_service", date(2022, 4, 4)),
    ("Martinique", "Martinique", "America/Martinique", "regional", "en_service", date(2022, 4, 4)),
    ("La Réunion", "La Réunion", "Indian/Reunion", "regional", "en_service", date(2022, 5, 2)),
    ("Guyane", "Guyane", "America/Cayenne", "regional", "en_deploiement", date(2027, 3, 1)),
    ("Tchat", "Île-de-France", "Europe/Paris", "tchat", "en_deploiement", date(2027, 1, 11)),
    ("Accessibilité", "Auvergne-Rhône-Alpes", "Europe/Paris", "accessibilite", "prevu", None),
]

FIRST_NAMES = [
    "Claire", "Julien", "Nadia", "Thomas", "Sophie", "Karim", "Élodie", "Mathieu", "Aurélie", "Yann",
    "Camille", "Samir", "Laure", "Olivier", "Fatou", "Nicolas", "Hélène", "Damien", "Inès", "Bruno",
    "Manon", "Grégory", "Léa", "Cédric", "Maëlle", "Rodrigue", "Anaïs", "Pascal", "Sandrine", "Loïc",
]
LAST_NAMES = [
    "Marchand", "Le Goff", "Benali", "Rousseau", "Lefèvre", "Hoarau", "Jean-Baptiste", "Moreau", "Garnier", "Kerbrat",
    "Fontaine", "Payet", "Lacroix", "Diallo", "Chevalier", "Mercier", "Castellani", "Girard", "Boyer", "Renaud",
    "Faure", "Alexis", "Perrin", "Lemoine", "Marie-Sainte", "Roux", "Blanchard", "Grondin", "Vidal", "Tessier",
]

# Staff per centre in service: one cadre de santé, one supervisor, one responder.
CENTRE_ROLES = ["cadre", "superviseur", "repondant"]

DEMO_PASSWORD = "reseau-3114-demo"

HOME_INTRO = (
    "<p>Bienvenue sur la plateforme du réseau 3114. Retrouvez ici les actualités du pôle national, "
    "les groupes de travail, les temps forts et les ressources partagées entre centres de réponse.</p>"
)

NEWS = [
    (
        date(2026, 11, 16),
        "Retour sur le temps fort d'automne",
        "Quatre-vingts professionnels réunis à Lyon pour deux jours d'échanges sur la postvention.",
        "Les ateliers ont porté sur l'accompagnement des équipes après un appel difficile et sur le modèle cible. "
        "Les supports présentés seront déposés dans la bibliothèque de ressources.",
    ),
    (
        date(2026, 11, 3),
        "Le centre de Guyane entre en phase de déploiement",
        "Recrutement de l'équipe, formation initiale et ouverture prévue au printemps.",
        "Le pôle national accompagne l'équipe de Cayenne. Les centres des Antilles partageront leur expérience "
        "lors d'une visite prévue en janvier.",
    ),
    (
        date(2026, 10, 20),
        "Club des cadres : prochaine réunion en visioconférence",
        "Au programme : organisation des plannings de nuit et suivi du taux de décroché.",
        "La réunion se tient à 14 h (heure de Paris), soit 9 h aux Antilles et 17 h à La Réunion.",
    ),
    (
        date(2026, 9, 29),
        "Nouvelle version du guide d'accueil des répondants",
        "Le guide intègre les retours des centres et une fiche sur la gestion de la fatigue compassionnelle.",
        "Merci aux cadres et superviseurs qui ont relu les versions de travail.",
    ),
]

SECTION_PAGES = [
    ("evenements", "Événements", "Temps forts, réunions du club des cadres et visites de centres."),
    ("forums", "Forums", "Les espaces de discussion entre professionnels du réseau."),
    ("ressources", "Ressources", "Guides, procédures et supports d'accompagnement partagés par le réseau."),
]

GROUPS = [
    # slug, name, description, visibility, join policy, eligible roles, animator login
    (
        "club-des-cadres",
        "Club des cadres",
        "La communauté des cadres de santé des centres de réponse : organisation des équipes, "
        "plannings, recrutement, suivi du taux de décroché et du modèle cible.",
        "network",
        "open",
        ["cadre", "coordinateur"],
        "coordination",
    ),
    (
        "postvention",
        "Groupe de travail Postvention",
        "Accompagner les équipes après un appel difficile : procédures, débriefings, soutien entre pairs.",
        "network",
        "request",
        [],
        "coordination2",
    ),
    (
        "referentiel-tchat",
        "Référentiel de bonnes pratiques du tchat",
        "Préparer l'ouverture du centre tchat : conformité RGPD, outils numériques, écrits de référence.",
        "private",
        "invitation",
        [],
        "coordination3",
    ),
    (
        "supervision",
        "Réseau des superviseur·ses",
        "Échanges de pratiques entre superviseur·ses des centres, cas d'école anonymisés et formation.",
        "network",
        "request",
        ["superviseur", "coordinateur"],
        "coordination2",
    ),
]


def demo_members() -> dict[str, User]:
    """The active demo members (centres selected) by their address's login (``coordination``, ``cadre.bretagne``...).

    Empty if seed_demo has not created them: the apps' ``seed()`` then seed nothing.
    """
    members = {
        member.email.split("@")[0]: member
        for member in User.objects.active().filter(email__endswith=f"@{DOMAIN}").select_related("centre")
    }
    return members if "coordination" in members else {}


@contextmanager
def quiet_mail():
    """Keep the demo's e-mails (confirmations, new resources, proposals) off the console and any mail server."""
    saved = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = saved
