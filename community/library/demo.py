"""The library's demo data: the ``/ressources/`` index and about forty resources of the network.

``seed_demo`` calls ``seed()`` through the ``register_demo_data`` hook, once the members and groups
exist. The community's seed leaves a placeholder page at ``/ressources/``; it is replaced by the
library's index. Resources are published as their authors would (revisions, then publication: the
version history and the notifications follow), with small real PDF, DOCX and ODT files made here
(``samples``) and stored through ``services.core.create_document``, so their text is extracted by the
background task like any upload. Then they are dated back to their publication (2023 to 2026).

The "guide d'accueil" carries three versions, months apart, from two uploaders; one procedure is past
its review date; one member's proposal waits in the moderation workflow.

Everything is fictional and nothing describes a call: never any caller's data. A second run adds
nothing (resources are recognised by their slug).
"""

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, TaskState, WorkflowState

from community import demo_data
from community.demo_data import DOMAIN
from community.groups.models import WorkingGroup
from community.library import publication, samples
from community.library.models import (
    FileVersion, LibraryIndexPage, ResourceFile, ResourceFollow, ResourceLink, ResourcePage,
)
from community.library.services import core, proposals, versions
from community.models import User
from community.notifications.models import Notification
from community.page_tree import seed_index

INDEX_SLUG = "ressources"
INDEX_TITLE = "Ressources"
INDEX_INTRO = next(intro for slug, _title, intro in demo_data.SECTION_PAGES if slug == INDEX_SLUG)

RECENT_DAYS = 21  # resources published this recently told their audience, as they would have then
MAKERS = {"pdf": samples.make_pdf, "docx": samples.make_docx, "odt": samples.make_odt}


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str  # a ResourceType value
    published: date
    owner: str  # the demo login of who published it; their centre is the author centre
    tags: tuple[str, ...]
    summary: str
    # The first paragraph is the page's body; the file holds them all, so that some words are only in the file.
    paragraphs: tuple[str, ...]
    group: str | None = None  # the audience: None for the whole network
    author_group: str | None = None
    files: tuple[tuple[str, str], ...] = (("pdf", ""),)  # (format, title: "" for the resource's title)
    links: tuple[tuple[str, str], ...] = ()
    review_in: int | None = None  # review date, in days from the day of seeding

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80].strip("-")


CADRES, POSTVENTION, TCHAT, SUPERVISION = "club-des-cadres", "postvention", "referentiel-tchat", "supervision"

RESOURCES = [
    # --- The whole network -------------------------------------------------------------------------
    Spec(
        "Guide d'accueil des nouveaux répondants", "guide", date(2026, 3, 12), "coordination",
        ("formation", "accueil", "bien-être des équipes"),
        "Le parcours des premières semaines d'un·e répondant·e : formation initiale, écoutes en binôme, "
        "tutorat et points d'étape avec le cadre.",
        ("Les quatre premières semaines alternent formation, écoutes accompagnées et premières écoutes seul·e, "
         "avec un point d'étape hebdomadaire.",
         "Le tuteur ou la tutrice est désigné·e avant l'arrivée ; la grille d'autonomie sert de fil conducteur "
         "aux points d'étape et se remplit à deux."),
        review_in=300,
    ),
    Spec(
        "Procédure de bascule téléphonique en cas de panne", "procedure", date(2024, 2, 5), "coordination",
        ("régulation", "continuité", "qualité"),
        "Que faire quand la téléphonie d'un centre tombe : qui prévenir, comment basculer les appels vers un "
        "centre de secours, comment revenir.",
        ("Le cadre d'astreinte déclenche la bascule depuis la console de l'opérateur et prévient le centre de "
         "secours désigné dans le tableau de continuité.",
         "Au retour du service, un appel test précède la bascule inverse ; l'incident est consigné dans le "
         "registre de continuité avec ses heures de début et de fin."),
        review_in=-40,
    ),
    Spec(
        "Charte de l'écoute du réseau 3114", "guide", date(2023, 3, 14), "coordination",
        ("qualité", "accueil"),
        "Les principes communs à tous les centres : disponibilité, respect, confidentialité, non-jugement et "
        "continuité de l'accompagnement.",
        ("La charte engage chaque professionnel·le du réseau, quel que soit son centre et son rôle.",
         "Elle est remise à l'arrivée, relue en supervision et affichée dans chaque salle d'écoute."),
        files=(("pdf", ""), ("odt", "Charte, version modifiable")),
    ),
    Spec(
        "Procédure de régulation des appels entre centres la nuit", "procedure", date(2025, 1, 20), "coordination",
        ("régulation", "planning", "outre-mer"),
        "Comment les appels débordent d'un centre à l'autre la nuit, et comment les centres ultramarins "
        "prennent le relais selon les fuseaux horaires.",
        ("Entre minuit et huit heures, heure de Paris, les appels non décrochés en trente secondes passent au "
         "centre de garde du tableau de régulation.",
         "Les centres des Antilles et de La Réunion assurent une partie des nuits de l'Hexagone grâce au "
         "décalage horaire ; le tableau est revu chaque trimestre."),
        review_in=120,
    ),
    Spec(
        "Support de formation : évaluer le potentiel suicidaire", "formation", date(2024, 9, 10), "coordination2",
        ("formation", "qualité"),
        "Le support de la journée sur l'évaluation du risque, de l'urgence et de la dangerosité, avec ses "
        "mises en situation.",
        ("La journée articule apports théoriques, mises en situation filmées et retours des formateur·rices.",
         "Les mises en situation utilisent des scénarios entièrement fictifs, écrits par l'équipe pédagogique."),
        files=(("pdf", "Diaporama"), ("docx", "Scénarios de mise en situation")),
    ),
    Spec(
        "Formation initiale des répondants, module 1 : la posture d'écoute", "formation", date(2023, 10, 2),
        "coordination2", ("formation", "accueil"),
        "Premier module de la formation initiale : l'écoute active, la reformulation, le silence et la juste "
        "distance.",
        ("Le module dure une journée et précède toute écoute en binôme.",
         "Les exercices de reformulation se font par trois : un écoutant, un appelant fictif, un observateur."),
        files=(("odt", ""),),
    ),
    Spec(
        "Support de formation : orienter vers les dispositifs de soins", "formation", date(2025, 5, 15),
        "coordination2", ("formation", "régulation"),
        "Connaître les relais : urgences, centres médico-psychologiques, dispositifs de recontact, lignes "
        "d'écoute partenaires.",
        ("Chaque centre tient à jour l'annuaire de ses relais territoriaux, consultable pendant l'écoute.",
         "Le support détaille les critères d'orientation et les mots pour présenter un relais sans rompre le lien."),
    ),
    Spec(
        "Modèle de fiche de poste : répondant·e", "modele", date(2023, 6, 20), "coordination",
        ("recrutement",),
        "Missions, profil, conditions d'exercice et accompagnement proposé : la base commune des fiches de poste "
        "des répondant·es.",
        ("Le modèle se complète avec les horaires et le rattachement propres à chaque centre.",
         "Profil attendu : diplôme d'infirmier·e ou de psychologue, expérience en psychiatrie ou en urgence."),
        files=(("docx", ""),),
    ),
    Spec(
        "Modèle de fiche de poste : superviseur·se", "modele", date(2023, 6, 20), "coordination",
        ("recrutement", "supervision"),
        "La fiche de poste type des superviseur·ses : appui aux répondant·es, analyse des pratiques, lien avec "
        "le cadre et le réseau.",
        ("Le superviseur ou la superviseuse est présent·e sur les plages de forte activité.",
         "La fiche précise le temps réservé à l'analyse des pratiques et à la formation continue."),
        files=(("docx", ""),),
    ),
    Spec(
        "Procédure qualité : double écoute et retours aux répondants", "procedure", date(2024, 3, 18),
        "cadre.auvergne-rhone-alpes", ("qualité", "supervision"),
        "Organiser des doubles écoutes consenties et des retours bienveillants, pour progresser sans évaluer "
        "les personnes.",
        ("La double écoute se fait avec l'accord du répondant ou de la répondante, jamais à son insu.",
         "Le retour a lieu le jour même, à partir de trois questions ouvertes ; rien n'est consigné sur l'appel."),
    ),
    Spec(
        "Indicateurs qualité du réseau : définitions communes", "guide", date(2025, 2, 10), "coordination",
        ("qualité", "régulation"),
        "Taux de décroché, délai moyen de décroché, durée moyenne des échanges : comment chaque indicateur se "
        "calcule, pour comparer ce qui est comparable.",
        ("Les indicateurs sont calculés chaque mois par le pôle national à partir des données de la téléphonie.",
         "Aucun indicateur ne porte sur un appel ou un appelant : ce sont des agrégats par centre et par "
         "tranche horaire."),
        files=(("pdf", ""), ("odt", "Tableau des définitions")),
    ),
    Spec(
        "Article : prévenir la fatigue compassionnelle dans les équipes d'écoute", "article", date(2025, 10, 6),
        "coordination3", ("bien-être des équipes",),
        "Repères pour reconnaître l'usure, en parler en équipe et organiser la récupération après les périodes "
        "chargées.",
        ("La fatigue compassionnelle n'est pas une faiblesse : c'est un risque du métier, qui se prévient "
         "collectivement.",
         "Les centres qui s'en sortent le mieux ritualisent les temps de décompression en fin de garde."),
        links=(("Santé publique France : prévention du suicide", "https://www.santepubliquefrance.fr/"),),
    ),
    Spec(
        "Article : ce que l'on sait de la postvention", "article", date(2023, 5, 22), "coordination3",
        ("postvention",),
        "Une synthèse accessible des connaissances sur l'accompagnement des proches et des équipes après un "
        "suicide.",
        ("La postvention désigne l'ensemble des actions menées après un suicide auprès de l'entourage.",
         "Pour les lignes d'écoute, elle concerne aussi les équipes, exposées à des échanges éprouvants."),
        files=(),
        links=(("Le 3114, numéro national de prévention du suicide", "https://3114.fr/"),),
    ),
    Spec(
        "Guide d'ouverture d'un centre de réponse : les douze premiers mois", "guide", date(2026, 4, 14),
        "coordination", ("modèle cible", "recrutement", "formation"),
        "De la constitution de l'équipe à la première année d'activité : calendrier, recrutements, formation, "
        "locaux, téléphonie et montée en charge.",
        ("Le guide s'appuie sur l'expérience des centres ouverts depuis 2021, en Hexagone et en outre-mer.",
         "La montée en charge se fait par paliers horaires : journée, soirée, puis nuits en lien avec la "
         "régulation nationale."),
        files=(("pdf", ""), ("docx", "Rétroplanning type")),
        review_in=500,
    ),
    Spec(
        "Retour d'expérience : l'ouverture du centre de Martinique", "article", date(2023, 2, 7),
        "cadre.martinique", ("outre-mer", "modèle cible"),
        "L'équipe de Fort-de-France raconte sa première année : recrutement local, formation à distance, "
        "relais de nuit pour l'Hexagone.",
        ("Le recrutement s'est appuyé sur les équipes de psychiatrie de l'île et sur un partenariat avec "
         "l'institut de formation.",
         "Les nuits de l'Hexagone sont devenues des journées antillaises : un atout pour la régulation."),
        files=(("odt", ""),),
    ),
    Spec(
        "Procédure d'appel aux secours depuis un centre de réponse", "procedure", date(2023, 4, 3), "coordination",
        ("régulation", "qualité"),
        "Quand et comment solliciter le SAMU pendant un échange, qui le fait, et comment l'équipe garde le lien "
        "avec la personne.",
        ("La décision se prend avec le superviseur ou la superviseuse quand c'est possible, sans jamais "
         "retarder l'appel au 15.",
         "Un deuxième poste appelle le SAMU pendant que l'écoutant·e maintient l'échange."),
        review_in=200,
    ),
    Spec(
        "Support de formation : travailler avec le SAMU", "formation", date(2026, 2, 9), "coordination2",
        ("formation", "régulation"),
        "La journée commune avec les assistant·es de régulation médicale : attentes de chacun, transmissions, "
        "retours d'expérience.",
        ("La journée réunit répondant·es et assistant·es de régulation médicale de la même région.",
         "Les transmissions suivent une trame courte, travaillée en jeux de rôle."),
    ),
    Spec(
        "Modèle de convention de partenariat avec un centre hospitalier", "modele", date(2025, 9, 1), "coordination",
        ("modèle cible",),
        "La convention type entre un centre de réponse et son établissement support : locaux, ressources "
        "humaines, système d'information, gouvernance.",
        ("Le modèle reprend les clauses validées par le pôle national et les directions juridiques.",
         "Les annexes financières sont propres à chaque région et ne figurent pas dans le modèle."),
        files=(("docx", ""),),
    ),
    Spec(
        "Compte rendu du temps fort d'automne : la postvention", "compte_rendu", date(2026, 11, 16), "coordination",
        ("postvention", "bien-être des équipes"),
        "Quatre-vingts professionnels réunis à Lyon : la synthèse des ateliers et les supports présentés.",
        ("Les ateliers ont porté sur l'accompagnement des équipes après un échange difficile et sur le modèle "
         "cible.",
         "Les participant·es demandent une journée dédiée aux cadres de nuit en 2027."),
    ),
    Spec(
        "Guide du bon usage de la plateforme du réseau", "guide", date(2026, 6, 2), "coordination3",
        ("accueil",),
        "Groupes, forums, événements et bibliothèque : ce que la plateforme permet, et la règle d'or, jamais de "
        "données d'appelants.",
        ("La plateforme sert aux échanges entre professionnel·les ; elle n'accueille aucune donnée d'appel.",
         "Chaque ressource a un public : tout le réseau, ou les membres d'un groupe de travail."),
        files=(("odt", ""),),
    ),
    # --- Club des cadres -----------------------------------------------------------------------------
    Spec(
        "Modèle de planning mensuel d'un centre de réponse", "modele", date(2024, 4, 8), "cadre.occitanie",
        ("planning", "régulation"),
        "Le planning type sur quatre semaines : plages de jour, de soirée et de nuit, binômes, supervision et "
        "temps de formation.",
        ("Le modèle prévoit deux répondant·es au minimum sur chaque plage ouverte.",
         "Les temps de décompression sont planifiés comme des plages de travail."),
        group=CADRES, files=(("docx", ""), ("odt", "Version LibreOffice")),
    ),
    Spec(
        "Modèle de fiche de poste : cadre de santé de centre de réponse", "modele", date(2023, 9, 11),
        "cadre.bretagne", ("recrutement",),
        "Les missions du ou de la cadre : management de l'équipe, plannings, qualité, lien avec l'établissement "
        "et le réseau.",
        ("La fiche distingue les missions propres au centre et la participation au club des cadres.",
         "Le temps de présence en salle d'écoute y est précisé."),
        group=CADRES, files=(("docx", ""),),
    ),
    Spec(
        "Compte rendu du club des cadres, janvier 2024", "compte_rendu", date(2024, 1, 25), "coordination",
        ("planning", "recrutement"),
        "Tour des centres, difficultés de recrutement de l'hiver, harmonisation des plannings de fêtes.",
        ("Huit centres signalent des postes vacants ; une fiche de poste commune sera proposée.",
         "Les plannings de fin d'année seront partagés en novembre pour organiser l'entraide."),
        group=CADRES,
    ),
    Spec(
        "Compte rendu du club des cadres, juin 2024", "compte_rendu", date(2024, 6, 20), "coordination",
        ("qualité", "bien-être des équipes"),
        "Retour sur les indicateurs du premier semestre, organisation de l'été, prévention de l'usure.",
        ("Le taux de décroché reste au-dessus de l'objectif dans la plupart des centres.",
         "Chaque centre désigne un référent qualité de vie au travail avant la rentrée."),
        group=CADRES,
    ),
    Spec(
        "Compte rendu du club des cadres, mars 2025", "compte_rendu", date(2025, 3, 27), "coordination",
        ("régulation", "planning"),
        "Nouvelle procédure de régulation de nuit, bilan de l'hiver, formation des nouveaux cadres.",
        ("La régulation de nuit entre en vigueur au premier avril.",
         "Un parcours d'intégration des nouveaux cadres sera construit avec deux volontaires."),
        group=CADRES, files=(("odt", ""),),
    ),
    Spec(
        "Compte rendu du club des cadres, octobre 2025", "compte_rendu", date(2025, 10, 16), "coordination",
        ("recrutement", "formation"),
        "Recrutements de la rentrée, calendrier de formation 2026, préparation du centre de Guyane.",
        ("Les centres des Antilles accueilleront l'équipe de Guyane pour des écoutes en binôme.",
         "Le calendrier de formation 2026 est publié dans la bibliothèque."),
        group=CADRES,
    ),
    Spec(
        "Compte rendu du club des cadres, octobre 2026", "compte_rendu", date(2026, 10, 27), "coordination",
        ("planning", "qualité"),
        "Organisation des plannings de nuit et suivi du taux de décroché.",
        ("La réunion s'est tenue à 14 h heure de Paris, soit 9 h aux Antilles et 17 h à La Réunion.",
         "Un groupe restreint prépare un modèle de planning de nuit pour le prochain club."),
        group=CADRES, files=(("docx", ""),),
    ),
    Spec(
        "Guide de recrutement des répondants : entretiens et mises en situation", "guide", date(2024, 10, 14),
        "cadre.nouvelle-aquitaine", ("recrutement",),
        "Déroulé des entretiens, grille d'évaluation et mise en situation d'écoute, pour des recrutements "
        "comparables d'un centre à l'autre.",
        ("L'entretien associe le ou la cadre, un·e superviseur·se et un·e répondant·e expérimenté·e.",
         "La mise en situation utilise un scénario fictif et dure vingt minutes."),
        group=CADRES, files=(("pdf", ""), ("docx", "Grille d'entretien")),
    ),
    Spec(
        "Modèle de tableau de suivi des recrutements", "modele", date(2025, 1, 6), "cadre.nouvelle-aquitaine",
        ("recrutement",),
        "Un tableau pour suivre les candidatures, les entretiens et les arrivées, sans données inutiles.",
        ("Le tableau ne conserve que ce qui sert au recrutement et se vide à chaque campagne.",
         "Une colonne suit la date de la formation initiale de chaque recrue."),
        group=CADRES, files=(("odt", ""),),
    ),
    Spec(
        "Bonnes pratiques des plannings de nuit", "guide", date(2026, 11, 9), "cadre.hauts-de-france",
        ("planning", "bien-être des équipes"),
        "Ce que les centres ont appris sur les nuits : durée des gardes, récupération, binômes, liens avec la "
        "régulation nationale.",
        ("Les gardes de nuit de dix heures, suivies de deux jours de repos, sont les mieux tolérées.",
         "Les binômes de nuit sont stables sur un mois pour faciliter l'entraide."),
        group=CADRES,
    ),
    # --- Groupe de travail Postvention -------------------------------------------------------------------
    Spec(
        "Guide de postvention pour les équipes des centres", "guide", date(2024, 11, 18), "coordination2",
        ("postvention", "bien-être des équipes"),
        "Après un échange particulièrement éprouvant : les premières heures, les jours suivants, le soutien "
        "entre pairs et le recours aux professionnels extérieurs.",
        ("Le guide décrit trois temps : le soutien immédiat, le débriefing, le suivi à un mois.",
         "Le recours à la cellule de soutien extérieure est proposé systématiquement, jamais imposé."),
        group=POSTVENTION, author_group=POSTVENTION, files=(("pdf", ""), ("odt", "Fiche mémo")),
        review_in=400,
    ),
    Spec(
        "Procédure de débriefing après un échange difficile", "procedure", date(2025, 3, 3), "coordination2",
        ("postvention", "supervision"),
        "Le débriefing à chaud et à froid : qui l'anime, quand, avec quelle trame, et ce qui n'est jamais "
        "consigné.",
        ("Le débriefing à chaud a lieu avant la fin de la garde, avec le superviseur ou la superviseuse.",
         "Le débriefing à froid se tient dans la semaine ; sa trame porte sur le vécu de l'équipe."),
        group=POSTVENTION, author_group=POSTVENTION, files=(("docx", ""),),
    ),
    Spec(
        "Compte rendu du groupe Postvention, février 2026", "compte_rendu", date(2026, 2, 19), "coordination2",
        ("postvention",),
        "Relecture du guide de postvention, retours des centres, préparation du temps fort d'automne.",
        ("Six centres ont utilisé le guide cette année ; leurs retours sont intégrés à la prochaine version.",
         "Le temps fort d'automne sera consacré à la postvention."),
        group=POSTVENTION, author_group=POSTVENTION,
    ),
    Spec(
        "Fiche réflexe : soutenir l'équipe après un événement grave", "procedure", date(2026, 1, 12),
        "superviseur.grand-est", ("postvention", "bien-être des équipes"),
        "Une page à afficher en salle d'écoute : les premiers gestes pour l'équipe, les personnes à prévenir, "
        "les ressources disponibles.",
        ("La fiche tient sur une page et s'affiche près de chaque poste.",
         "Elle rappelle le numéro de la cellule de soutien et le nom du cadre d'astreinte."),
        group=POSTVENTION, author_group=POSTVENTION, files=(("odt", ""),),
    ),
    # --- Référentiel de bonnes pratiques du tchat (private) --------------------------------------------
    Spec(
        "Référentiel des écrits du tchat : accueil et clôture", "guide", date(2026, 5, 11), "coordination3",
        ("tchat", "qualité"),
        "Les formulations d'accueil, de relance et de clôture à l'écrit, travaillées par le groupe, avec leurs "
        "variantes.",
        ("L'écrit demande des messages courts, un ton chaleureux et des relances régulières.",
         "Le référentiel propose des formulations, jamais des réponses toutes faites."),
        group=TCHAT, author_group=TCHAT, files=(("docx", ""),),
    ),
    Spec(
        "Analyse d'impact du tchat sur la protection des données, version de travail", "procedure",
        date(2026, 7, 6), "coordination3", ("tchat", "RGPD"),
        "La version de travail de l'analyse d'impact : finalités, durées de conservation, mesures de sécurité.",
        ("Aucun contenu d'échange n'est conservé au-delà de la durée strictement nécessaire.",
         "Les accès aux outils sont nominatifs et journalisés."),
        group=TCHAT, author_group=TCHAT,
    ),
    Spec(
        "Compte rendu du groupe Référentiel tchat : atelier outils numériques", "compte_rendu", date(2026, 9, 15),
        "coordination3", ("tchat",),
        "Comparaison des outils de tchat envisagés : accessibilité, hébergement, supervision des échanges écrits.",
        ("Le groupe retient trois critères éliminatoires : hébergement certifié, accessibilité, supervision.",
         "Deux outils seront testés par le centre tchat avant la fin de l'année."),
        group=TCHAT, author_group=TCHAT, files=(("odt", ""),),
    ),
    Spec(
        "Support de formation : écouter par écrit", "formation", date(2026, 10, 19), "coordination3",
        ("tchat", "formation"),
        "Le module de formation des futur·es écoutant·es du tchat : rythme de l'écrit, reformulation, silences.",
        ("Le module alterne exercices d'écriture et échanges simulés sur un outil de test.",
         "Les scénarios sont fictifs et relus par le groupe."),
        group=TCHAT, author_group=TCHAT,
    ),
    # --- Réseau des superviseur·ses --------------------------------------------------------------------
    Spec(
        "Guide de la supervision en centre de réponse", "guide", date(2023, 11, 6), "coordination2",
        ("supervision", "qualité"),
        "Le rôle du superviseur ou de la superviseuse : appui en direct, analyse des pratiques, formation "
        "continue.",
        ("La supervision en direct répond à une demande du répondant ou de la répondante pendant l'échange.",
         "L'analyse des pratiques se tient chaque mois, en petit groupe."),
        group=SUPERVISION, author_group=SUPERVISION,
    ),
    Spec(
        "Grille d'observation pour l'analyse des pratiques", "modele", date(2024, 6, 3), "superviseur.bretagne",
        ("supervision", "formation"),
        "Une grille pour préparer les séances d'analyse des pratiques : ce que l'on observe, ce que l'on ne "
        "note pas.",
        ("La grille porte sur la posture et les techniques, jamais sur la personne appelante.",
         "Elle se remplit après la séance, avec l'accord de chacun."),
        group=SUPERVISION, author_group=SUPERVISION, files=(("docx", ""),),
    ),
    Spec(
        "Compte rendu de la journée d'échanges des superviseur·ses 2025", "compte_rendu", date(2025, 6, 12),
        "coordination2", ("supervision", "bien-être des équipes"),
        "Une journée entre pairs : la supervision des nuits, l'accueil des nouvelles recrues, la prévention de "
        "l'usure.",
        ("Les superviseur·ses de nuit demandent un temps d'échange trimestriel entre eux.",
         "Un atelier a porté sur l'accueil des nouvelles recrues en binôme."),
        group=SUPERVISION, author_group=SUPERVISION, files=(("odt", ""),),
    ),
]

# The guide d'accueil's history: three versions of its one file, months apart (the first is the publication).
VERSIONED_SLUG = RESOURCES[0].slug
VERSIONS = [
    # day, uploader's login, note, what the version adds to the file
    (date(2026, 3, 12), "coordination", "Première version diffusée aux centres.", ()),
    (date(2026, 6, 18), "cadre.bretagne", "Relecture des cadres : ajout du parcours de tutorat.",
     ("Nouveau : le parcours de tutorat sur trois mois, avec deux rencontres entre tuteurs des centres.",)),
    (date(2026, 9, 29), "coordination", "Ajout d'une fiche sur la fatigue compassionnelle.",
     ("Nouveau : le parcours de tutorat sur trois mois, avec deux rencontres entre tuteurs des centres.",
      "Nouveau : une fiche sur la fatigue compassionnelle, ses signes et les relais pour s'en protéger.")),
]
FOLLOWERS = ["cadre.bretagne", "repondant.guadeloupe", "superviseur.occitanie"]

OVERDUE_SLUG = RESOURCES[1].slug

PROPOSAL = Spec(
    "Fiche pratique : accueillir un·e stagiaire en centre de réponse", "guide", date(2026, 11, 20), "cadre.bretagne",
    ("formation", "accueil"),
    "Ce qu'un·e stagiaire infirmier·e ou psychologue peut faire en centre de réponse, et comment l'accompagner.",
    ("Le ou la stagiaire observe les écoutes en double casque, avec l'accord du répondant ou de la répondante.",
     "La fiche propose un déroulé sur quatre semaines et une convention type à adapter."),
)


def seed(stdout) -> None:
    """Seed the library's demo data (the ``register_demo_data`` hook); runs again without adding anything."""
    if not demo_data.demo_members():
        stdout.write("Library: no demo members, nothing seeded.")
        return
    before = ResourcePage.objects.count()
    with demo_data.quiet_mail(), transaction.atomic():
        index = seed_index(LibraryIndexPage, INDEX_SLUG, INDEX_TITLE, INDEX_INTRO)
        if index is None:
            stdout.write("Library: /ressources/ is taken by a page that is not the library's index; nothing seeded.")
            return
        groups = {group.slug: group for group in WorkingGroup.objects.all()}
        today = timezone.localdate()
        existing = set(ResourcePage.objects.values_list("slug", flat=True))
        for spec in RESOURCES:
            if spec.slug in existing:
                continue
            if spec.slug == VERSIONED_SLUG:
                _seed_versioned(index, spec, groups, today)
            else:
                _seed_resource(index, spec, groups, today)
        if not ResourcePage.objects.filter(title=PROPOSAL.title).exists():
            _seed_proposal(index, PROPOSAL, groups, today)
    # Files' text is extracted once the transaction commits (at once locally, by the worker in production).
    resources = ResourcePage.objects.live()
    added = "" if ResourcePage.objects.count() > before else " (nothing new)"
    stdout.write(
        f"Library: {resources.count()} resources ({resources.filter(group__isnull=False).count()} for a group), "
        f"{ResourceFile.objects.filter(page__live=True).count()} files, "
        f"{resources.due_for_review().count()} past its review date, "
        f"{ResourcePage.objects.filter(live=False).count()} proposal waiting{added}."
    )


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(login: str) -> User:
    """A demo member by login (``cadre.bretagne``...), else the national coordinator."""
    found = User.objects.filter(email__in=[f"{login}@{DOMAIN}", f"coordination@{DOMAIN}"]).select_related("centre")
    return sorted(found, key=lambda member: member.email != f"{login}@{DOMAIN}")[0]


def _file_text(spec: Spec, extra: tuple[str, ...] = ()) -> list[str]:
    return [spec.summary, *spec.paragraphs, *extra]


def _document(spec: Spec, kind: str, title: str, owner, extra: tuple[str, ...] = (), suffix: str = ""):
    """A small real file made now, stored as a library document (its text extracted after commit)."""
    title = title or spec.title
    data = MAKERS[kind](title, _file_text(spec, extra))
    name = f"{spec.slug[:60]}{suffix}.{kind}"
    return core.create_document(ContentFile(data, name=name), owner, title)


def _build(index, spec: Spec, groups, today: date, owner, *, live: bool = True, note: str = "") -> ResourcePage:
    group = groups.get(spec.group) if spec.group else None
    resource = ResourcePage(
        title=spec.title,
        slug=spec.slug,
        resource_type=spec.kind,
        summary=spec.summary,
        body=f"<p>{spec.paragraphs[0]}</p>",
        group=group,
        author_centre=owner.centre,
        author_group=groups.get(spec.author_group) if spec.author_group else None,
        publication_date=min(spec.published, today),
        review_date=today + timedelta(days=spec.review_in) if spec.review_in is not None else None,
        owner=owner,
        live=live,
    )
    for number, (kind, title) in enumerate(spec.files):
        document = _document(spec, kind, title, owner, suffix=f"-{number + 1}" if number else "")
        resource.files.add(ResourceFile(sort_order=number, title=title, document=document, version_note=note))
    for number, (title, url) in enumerate(spec.links):
        resource.links.add(ResourceLink(sort_order=number, title=title, url=url))
    for tag in spec.tags:
        resource.tags.add(tag)
    index.add_child(instance=resource)
    return resource


def _seed_resource(index, spec: Spec, groups, today: date) -> ResourcePage:
    owner = _member(spec.owner)
    resource = _build(index, spec, groups, today, owner)
    when = _moment(resource.publication_date)
    with _dated(when, today):
        resource.save_revision(user=owner).publish(user=owner, skip_permission_checks=True)
    _date_back(resource, [when])
    return resource


def _seed_versioned(index, spec: Spec, groups, today: date) -> ResourcePage:
    """The guide d'accueil: published, followed by a few members, then two new versions of its file."""
    (first_day, first_login, first_note, _extra), *later = VERSIONS
    owner = _member(first_login)
    resource = _build(index, spec, groups, today, owner, note=first_note)
    moments = [_moment(first_day)]
    with _dated(moments[0], today):
        resource.save_revision(user=owner).publish(user=owner, skip_permission_checks=True)
    for login in FOLLOWERS:
        ResourceFollow.objects.get_or_create(resource=resource, member=_member(login))
    for number, (day, login, note, extra) in enumerate(later, start=2):
        uploader, moments = _member(login), moments + [_moment(day)]
        file = ResourceFile.objects.filter(page=resource).order_by("sort_order", "pk").first()
        data = samples.make_pdf(spec.title, _file_text(spec, extra))
        upload = ContentFile(data, name=f"{spec.slug[:60]}-v{number}.pdf")
        with _dated(moments[-1], today):
            versions.add_version(resource, file.pk, upload, note, uploader)  # followers are told
        resource = ResourcePage.objects.get(pk=resource.pk)
    _date_back(resource, moments)
    return resource


def _seed_proposal(index, spec: Spec, groups, today: date) -> ResourcePage:
    """A member's proposal: a draft resource with its file, waiting in the library's moderation workflow."""
    author = _member(spec.owner)
    data = proposals.Proposal(
        title=spec.title, resource_type=spec.kind, summary=spec.summary, body=f"<p>{spec.paragraphs[0]}</p>",
        tags=list(spec.tags), group=groups.get(spec.group) if spec.group else None, author_centre=author.centre,
    )
    kind = spec.files[0][0]
    upload = ContentFile(MAKERS[kind](spec.title, _file_text(spec)), name=f"{spec.slug[:60]}.{kind}")
    when = _moment(min(spec.published, today), 16)
    with _dated(when, today):  # the moderators are told
        resource = proposals.submit(index, author, data, [proposals.FileInput(upload=upload)])
    Revision.page_revisions.filter(object_id=str(resource.pk)).update(created_at=when)
    Page.objects.filter(pk=resource.pk).update(latest_revision_created_at=when)
    WorkflowState.objects.for_instance(resource).update(created_at=when)
    TaskState.objects.filter(workflow_state__in=WorkflowState.objects.for_instance(resource)).update(started_at=when)
    return resource


@contextmanager
def _dated(when: datetime, today: date):
    """Notifications sent inside bear ``when``, read if older than a week; older publications tell no one.

    The audience hears of the resources published in the last ``RECENT_DAYS`` only, as they would
    have when they came out: the rest of the library predates everyone's notifications.
    """
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    quiet = publication.quietly() if when.date() < today - timedelta(days=RECENT_DAYS) else nullcontext()
    with quiet:
        yield
    told = Notification.objects.filter(pk__gt=last)
    told.update(created_at=when)
    if when < timezone.now() - timedelta(days=7):
        told.update(read_at=F("created_at") + timedelta(hours=5))


def _date_back(resource: ResourcePage, moments: list[datetime]) -> None:
    """Revisions, publication times, versions, their documents and follows bear the resource's dates."""
    revisions = Revision.page_revisions.filter(object_id=str(resource.pk)).order_by("created_at", "pk")
    for revision_id, when in zip(revisions.values_list("pk", flat=True), moments, strict=False):
        Revision.objects.filter(pk=revision_id).update(created_at=when)
    Page.objects.filter(pk=resource.pk).update(
        first_published_at=moments[0], last_published_at=moments[-1], latest_revision_created_at=moments[-1]
    )
    # One version per publication, oldest first: a file's history ends with the last moments.
    for file in ResourceFile.objects.filter(page=resource):
        history = list(FileVersion.objects.filter(file=file).order_by("created_at", "pk"))
        for version, when in zip(history, moments[len(moments) - len(history) :], strict=True):
            FileVersion.objects.filter(pk=version.pk).update(created_at=when)
            get_document_model().objects.filter(pk=version.document_id).update(created_at=when)
    ResourceFollow.objects.filter(resource=resource).update(created_at=moments[0] + timedelta(hours=5))
