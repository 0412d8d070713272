"""Forum demo data: categories, about sixty conversations, and the benchmarks' big thread and archive.

``seed_demo`` calls ``seed()`` through the ``register_demo_data`` hook, after the members and groups
exist. Conversations go through the services, as members would write them (mentions, quotes,
"Merci", a flag, a pinned and a closed thread, the notifications they cause), then are dated back
over the last months. The benchmarks' thread of 1,000 posts and the archive of 500 threads are
written in bulk: rendered once per distinct text, counters set, indexed for search in one go.

Everything is fictional, and nothing describes a call: the network's rule is never any caller's data.
A second run adds nothing (threads are recognised by forum and title). On a fresh database the
1,000-post thread is /forums/sujets/1/ (it is written first) and the archive /forums/archives/; the
summary line names both.
"""

import random
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.search.backends import get_search_backends

from community import demo_data, permissions
from community.groups.models import Membership
from community.notifications.models import Notification
from forums import markdown, services
from forums.models import Forum, ModerationAction, ModerationLog, Post, Thread

CATEGORIES = [
    # slug, name, description, order
    (
        "vie-du-reseau",
        "Vie du réseau",
        "Annonces du pôle national, nouvelles des centres, ouverture des nouveaux centres, échanges entre équipes.",
        10,
    ),
    (
        "pratiques-ecoute",
        "Pratiques d'écoute",
        "Posture, évaluation du risque, orientation, débriefing après un appel difficile : partager ses pratiques, "
        "jamais de données d'appelants.",
        20,
    ),
    (
        "outils-si",
        "Outils et système d'information",
        "Téléphonie, outil de tchat, logiciel de traçabilité, plateforme, RGPD et sécurité.",
        30,
    ),
    (
        "rh-qualite-de-vie-au-travail",
        "Ressources humaines et qualité de vie au travail",
        "Plannings, recrutement, intégration des nouveaux, prévention de l'usure professionnelle, soutien des équipes.",
        40,
    ),
    (
        "formation-temps-forts",
        "Formation et temps forts",
        "Formation initiale et continue, temps forts du réseau, webinaires.",
        50,
    ),
    (
        "archives",
        "Archives des échanges",
        "Les fils mensuels des années passées, conservés pour mémoire.",
        90,
    ),
]

# The benchmarks' pages: a thread of BENCH_THREAD_POSTS posts, and a category of ARCHIVE_THREADS threads.
BENCH_THREAD_FORUM = "vie-du-reseau"
BENCH_THREAD_TITLE = "Fil de veille : questions rapides entre centres"
BENCH_THREAD_POSTS = 1000
ARCHIVE_SLUG = "archives"
ARCHIVE_THREADS = 500

# Members told of every new thread of these forums (before the conversations are written).
FORUM_WATCHERS = [
    ("coordination", "vie-du-reseau"),
    ("coordination", "pratiques-ecoute"),
    ("cadre.bretagne", "rh-qualite-de-vie-au-travail"),
    ("repondant.guadeloupe", "pratiques-ecoute"),
    ("coordination2", "groupe-postvention"),
]


@dataclass(frozen=True)
class Conversation:
    """A thread as written: (author login, Markdown) per post.

    In a text, ``{@login}`` mentions that member, ``{quote:N}`` quotes post N of the thread and
    ``{ici}`` names the author's centre ("au centre Bretagne", "au pôle national"). A login that may
    not write in a group's forum is replaced by an active member of the group, of the same role if possible.
    """

    forum: str
    days_ago: float
    title: str
    posts: tuple
    span_days: float | None = None  # spread the replies over this many days rather than hours
    pinned: bool = False
    closed: bool = False
    flag: tuple | None = None  # (post number, login of the member who flags it, reason): left open


CONVERSATIONS = [
    # --- Vie du réseau ---------------------------------------------------------------------------
    Conversation("vie-du-reseau", 160, "Bienvenue sur les forums du réseau : mode d'emploi et règles de bienveillance", (
        ("coordination",
         "Bonjour à toutes et à tous,\n\n"
         "Les forums sont ouverts ! Ils sont réservés aux professionnels du réseau 3114 : cadres de santé, "
         "superviseur·ses, répondant·es, coordination du pôle national et partenaires.\n\n"
         "Quelques règles simples :\n\n"
         "- **Jamais de données d'appelants** : ni nom, ni lieu, ni détail qui permettrait de reconnaître une "
         "personne, même indirectement. Les situations se discutent de façon générale.\n"
         "- On écrit comme on parlerait en réunion : avec bienveillance, sans mettre en cause un centre ou un "
         "collègue.\n"
         "- Un message vous pose problème ? Le bouton **Signaler** prévient la modération.\n"
         "- Pour interpeller quelqu'un, tapez `@` suivi de son identifiant, par exemple {@coordination2}.\n\n"
         "Bonne découverte !"),
        ("cadre.bretagne",
         "Merci, c'est une très bonne nouvelle. Nous utilisions des listes de diffusion et les réponses se "
         "perdaient vite. Je relaie à l'équipe dès la réunion de lundi."),
        ("repondant.guadeloupe",
         "Bonjour depuis la Guadeloupe ! Est-ce qu'on peut être prévenu des nouveaux sujets d'une catégorie, "
         "sans devoir venir vérifier ?"),
        ("coordination",
         "{quote:3}Oui : sur la page d'une catégorie, le bouton « Suivre » vous prévient de chaque nouveau sujet. "
         "Dans un sujet, vous choisissez aussi le niveau de suivi (surveiller, suivre, normal, silencieux)."),
    ), pinned=True),
    Conversation("vie-du-reseau", 41, "Ouverture du centre de Guyane : comment l'accompagner ?", (
        ("coordination",
         "Le centre de Guyane est entré en phase de déploiement : recrutement en cours, formation initiale en "
         "janvier, ouverture visée au printemps. L'équipe de Cayenne aimerait échanger avec des centres qui ont "
         "ouvert récemment.\n\nQui serait partant pour une visio d'une heure en décembre ? Les centres des Antilles "
         "en priorité, mais toute expérience est bienvenue."),
        ("cadre.martinique",
         "Partants côté Martinique. Ce qui nous a le plus aidés à l'ouverture : caler très tôt les débordements "
         "de nuit avec un centre de métropole. Je peux présenter notre convention."),
        ("cadre.guyane",
         "Merci beaucoup ! Nos questions principales :\n\n"
         "1. combien de répondants formés faut-il pour ouvrir, même en journée seulement ?\n"
         "2. comment avez-vous organisé la supervision les premières semaines ?\n"
         "3. que faut-il absolument tester avant la bascule téléphonique ?"),
        ("cadre.guadeloupe",
         "Pour la question 2 : un superviseur présent sur chaque créneau pendant les six premières semaines, "
         "puis une astreinte. Ça rassure énormément les nouveaux répondants. {@cadre.guyane} je t'envoie notre "
         "planning type."),
        ("coordination",
         "Merci à vous. Je propose le mardi 15 décembre à 14 h heure de Paris, soit 10 h à Cayenne et 9 h aux "
         "Antilles. Invitation à suivre."),
    )),
    Conversation("vie-du-reseau", 75, "Centre Tchat et centre Accessibilité : où en est-on ?", (
        ("cadre.occitanie",
         "On entend parler des deux centres spécialisés depuis un moment. Y a-t-il un calendrier partagé ? Nos "
         "répondants demandent souvent comment orienter une personne sourde ou malentendante en attendant."),
        ("coordination3",
         "Le centre Tchat est en déploiement : ouverture prévue en janvier, et le groupe de travail finalise le "
         "référentiel de bonnes pratiques. Le centre Accessibilité est au stade du projet : l'équipe n'est pas "
         "encore constituée.\n\nEn attendant, l'orientation reste celle du support d'accompagnement "
         "« Publics spécifiques », dans la bibliothèque de ressources."),
        ("cadre.tchat",
         "Côté tchat, nous cherchons encore deux superviseur·ses à l'aise avec l'écrit. Si des profils de vos "
         "équipes sont intéressés par une mobilité, parlez-leur-en."),
        ("cadre.accessibilite",
         "Pour l'accessibilité, nous commençons par un état des lieux des besoins avec les associations "
         "partenaires. Je posterai un point d'étape ici au printemps."),
    )),
    Conversation("vie-du-reseau", 20, "Visites de centre du premier semestre : calendrier", (
        ("coordination",
         "Voici les visites prévues au premier semestre (dates à confirmer avec chaque cadre) :\n\n"
         "| Mois | Centre |\n|---|---|\n| janvier | Hauts-de-France |\n| février | Corse |\n"
         "| mars | La Réunion |\n| avril | Pays de la Loire |\n\n"
         "L'objectif reste le même : faire le point sur le modèle cible, écouter les équipes, repartir avec les "
         "besoins de soutien. Une journée sur place, dont un temps d'échange avec les répondants sans l'encadrement."),
        ("cadre.la-reunion",
         "Mars nous convient très bien. En mars nous sommes encore à +3 h de Paris : rencontrer l'équipe de nuit "
         "le jour même sera compliqué. Une visio la veille au soir ?"),
        ("cadre.hauts-de-france",
         "Janvier est parfait pour nous, mais plutôt après le 15 : la première quinzaine est prise par la "
         "formation des nouveaux répondants."),
        ("coordination",
         "Noté pour les deux. {@cadre.la-reunion} bonne idée pour l'équipe de nuit, on cale ça ensemble."),
    )),
    Conversation("vie-du-reseau", 95, "Taux de décroché : comment présentez-vous l'indicateur à l'équipe ?", (
        ("cadre.normandie",
         "Chaque mois nous recevons le tableau de bord avec le taux de décroché. Chez nous il oscille entre 78 et "
         "85 %, et je ne sais pas toujours comment le présenter sans que ce soit vécu comme une pression.\n\n"
         "Comment faites-vous ?"),
        ("cadre.bourgogne-franche-comte",
         "Nous le montrons toujours avec le nombre d'appels reçus par tranche horaire à côté. Un taux qui baisse "
         "un lundi soir où les appels ont doublé ne dit pas la même chose qu'une baisse à volume constant."),
        ("superviseur.normandie",
         "Côté supervision, on évite de le commenter appel par appel. On regarde les créneaux où l'on est "
         "structurellement en sous-effectif."),
        ("coordination",
         "C'est exactement l'esprit de l'indicateur : **piloter les plannings, pas évaluer les personnes**. Le pôle "
         "prépare une version du tableau de bord qui montre le taux et le volume d'appels par tranche horaire sur "
         "le même graphique. {@cadre.normandie} seriez-vous d'accord pour la tester en avant-première ?"),
        ("cadre.normandie", "Avec plaisir !"),
    )),
    Conversation("vie-du-reseau", 130, "Débordements inter-centres la nuit : retour d'expérience", (
        ("cadre.ile-de-france-nord",
         "Depuis septembre, nos appels non décrochés la nuit basculent vers le centre Grand Est au-delà de "
         "30 secondes d'attente. Premier bilan plutôt positif, mais la transmission entre centres reste floue "
         "quand un rappel a été convenu avec l'appelant.\n\nD'autres centres ont-ils formalisé une procédure ?"),
        ("cadre.grand-est",
         "Techniquement, c'est fluide. Pour les rappels, nous avons convenu d'une fiche de liaison minimale, "
         "transmise par la messagerie sécurisée."),
        ("superviseur.grand-est",
         "Précision : la fiche ne sert qu'en cas de rappel convenu. Le reste du temps, l'appel est traité "
         "entièrement par le centre qui décroche."),
        ("cadre.provence-alpes-cote-dazur",
         "Ça nous intéresse beaucoup. Pourriez-vous partager la fiche vierge dans la bibliothèque de ressources ?"),
        ("cadre.grand-est",
         "C'est fait : « Supports d'accompagnement > Organisation ». N'hésitez pas à l'adapter."),
    )),
    Conversation("vie-du-reseau", 12, "Présentation : nouvelle cadre de santé en Pays de la Loire", (
        ("cadre.pays-de-la-loire",
         "Bonjour à toutes et tous,\n\nJe viens de prendre mes fonctions de cadre de santé au centre de réponse "
         "Pays de la Loire, après plusieurs années en psychiatrie adulte. Je découvre le réseau et ses outils : "
         "merci d'avance pour vos conseils !"),
        ("coordination",
         "Bienvenue ! Je vous propose un temps d'accueil en visio la semaine prochaine pour vous présenter le pôle "
         "national et le modèle cible. Le club des cadres se réunit tous les mois : le groupe est ouvert, "
         "rejoignez-le."),
        ("cadre.bretagne",
         "Bienvenue ! Nous sommes voisins : une journée d'immersion dans nos locaux quand vous voulez."),
        ("cadre.centre-val-de-loire",
         "Bienvenue ! Un conseil : le « Fil de veille » de cette catégorie est très pratique pour les petites "
         "questions du quotidien."),
    )),
    Conversation("vie-du-reseau", 55, "SISM : vos actions locales auprès des étudiants", (
        ("cadre.auvergne-rhone-alpes",
         "Les Semaines d'information sur la santé mentale approchent. L'an dernier nous avions tenu un stand avec "
         "le centre hospitalier pour faire connaître le 3114. Cette année, nous aimerions intervenir auprès "
         "d'étudiants. Quelqu'un l'a déjà fait ?"),
        ("superviseur.occitanie",
         "Oui, dans deux universités. Le format qui marche : 45 minutes, une présentation du dispositif, puis des "
         "questions. On insiste sur le fait qu'on peut appeler **pour un proche** : c'est ce qui surprend le plus."),
        ("cadre.auvergne-rhone-alpes", "Merci ! Vous aviez un support de présentation ?"),
        ("superviseur.occitanie",
         "Oui, tiré du kit de communication du pôle national. Je le dépose dans la bibliothèque avec nos "
         "adaptations."),
        ("coordination2",
         "Merci {@superviseur.occitanie}. Rappel : les interventions publiques se font avec les supports validés ; "
         "la communication du pôle peut relire vos adaptations."),
    )),
    Conversation("vie-du-reseau", 5, "Annuaire des centres : qui contacter pour quoi ?", (
        ("repondant.guadeloupe",
         "Bonjour, question pratique : existe-t-il une liste à jour des contacts de chaque centre (cadre, "
         "supervision d'astreinte) ? Nous en avons eu besoin cette semaine pour un débordement et avons perdu "
         "du temps."),
        ("coordination",
         "L'annuaire est sur la plateforme, rubrique **Centres** : chaque fiche donne le cadre et les membres. Les "
         "numéros d'astreinte restent dans le document diffusé aux cadres, pas en ligne."),
        ("cadre.guadeloupe",
         "{@repondant.guadeloupe} je te montre demain matin où est le document d'astreinte : dans le classeur de "
         "la salle de supervision."),
    )),
    Conversation("vie-du-reseau", 4, "Débordements du week-end : on fait le point ?", (
        ("cadre.hauts-de-france",
         "Ces derniers week-ends, nous avons reçu beaucoup d'appels en débordement le samedi soir. Y a-t-il eu des "
         "changements d'organisation ailleurs ? Il ne s'agit pas de pointer qui que ce soit, seulement de "
         "comprendre pour adapter nos effectifs."),
        ("repondant.ile-de-france-sud",
         "Franchement, certains centres se reposent sur les autres le week-end, tout le monde le sait. Il faudrait "
         "publier ici le taux de décroché de chaque centre, qu'on voie qui ne joue pas le jeu."),
        ("cadre.normandie",
         "Je comprends la fatigue, mais ce n'est pas le lieu. Les taux par centre se discutent au club des cadres, "
         "avec le contexte de chacun : effectifs, postes vacants, pannes."),
        ("coordination",
         "Merci {@cadre.hauts-de-france} d'avoir ouvert le sujet. Deux centres étaient en effectif réduit ces "
         "week-ends, pour des raisons connues. Je fais un point complet au prochain club des cadres."),
    ), flag=(2, "superviseur.normandie",
             "Met en cause d'autres centres de façon générale ; le ton n'est pas confraternel.")),
    Conversation("vie-du-reseau", 68, "Lettre d'information du réseau : vos idées de rubriques", (
        ("coordination",
         "Nous lançons une lettre d'information trimestrielle. Quelles rubriques aimeriez-vous y lire ?"),
        ("superviseur.corse",
         "Un portrait de centre à chaque numéro, avec l'équipe en photo si elle le souhaite."),
        ("repondant.bretagne",
         "Une rubrique « ça marche chez nous » : une bonne idée d'organisation en dix lignes."),
        ("cadre.la-reunion",
         "Et les dates clés du trimestre, avec les horaires en heure locale pour les outre-mer !"),
        ("coordination", "Trois très bonnes idées, retenues pour le premier numéro."),
    )),
    # --- Pratiques d'écoute ----------------------------------------------------------------------
    Conversation("pratiques-ecoute", 110, "Débriefing après un appel difficile : comment l'organisez-vous ?", (
        ("superviseur.bretagne",
         "Chez nous, le débriefing après un appel difficile dépend beaucoup du superviseur présent. J'aimerais "
         "qu'on harmonise. Aujourd'hui :\n\n"
         "- débriefing à chaud proposé systématiquement, 10 minutes, hors ligne ;\n"
         "- reprise possible en supervision collective dans la semaine ;\n"
         "- rien de formalisé pour les équipes de nuit.\n\nComment faites-vous ?"),
        ("superviseur.ile-de-france-nord",
         "Pour la nuit, le superviseur d'astreinte appelle systématiquement le répondant dans l'heure. Même court, "
         "cet appel évite qu'il rentre chez lui seul avec ça."),
        ("repondant.bretagne",
         "Comme répondante, ce qui m'aide le plus, c'est de pouvoir quitter le plateau quelques minutes **sans "
         "avoir à le demander**. Que ce soit prévu dans le planning, pas une faveur."),
        ("superviseur.bretagne",
         "{quote:3}Très juste. On pourrait prévoir une marge de 15 minutes par créneau, qui serve à ça quand c'est "
         "nécessaire."),
        ("coordination2",
         "Le groupe de travail Postvention prépare justement une trame commune de débriefing. "
         "{@superviseur.bretagne}, vos retours seraient précieux : le groupe est ouvert sur demande."),
    )),
    Conversation("pratiques-ecoute", 85, "Personnes qui rappellent souvent : quelle posture d'équipe ?", (
        ("superviseur.centre-val-de-loire",
         "Sans entrer dans aucune situation : comment vos équipes accueillent-elles les personnes qui appellent "
         "plusieurs fois par jour ? Certains répondants s'épuisent, d'autres craignent d'être trop fermes."),
        ("superviseur.provence-alpes-cote-dazur",
         "Nous avons travaillé un cadre d'équipe : une réponse cohérente quel que soit le répondant, une durée "
         "indicative, et un relais vers le soin de proximité travaillé avec la personne. L'essentiel : que ce soit "
         "une décision d'équipe, validée en supervision."),
        ("repondant.provence-alpes-cote-dazur",
         "Et en parler en supervision collective : on se rend compte qu'on vit tous la même chose."),
        ("superviseur.occitanie",
         "Attention à ne pas figer les choses : une personne qui appelle souvent peut être en crise un jour donné. "
         "Le cadre d'équipe n'empêche jamais d'évaluer le risque à chaque appel."),
        ("superviseur.centre-val-de-loire",
         "Merci, c'est très aidant. Je retiens : cadre commun, évaluation à chaque appel, reprise en supervision."),
    )),
    Conversation("pratiques-ecoute", 65, "Évaluation du risque suicidaire : vos aide-mémoire", (
        ("repondant.hauts-de-france",
         "Les nouveaux répondants demandent souvent une grille d'évaluation. Nous nous appuyons sur la formation "
         "initiale (urgence, dangerosité, risque), mais avez-vous des aide-mémoire affichés sur le plateau ?"),
        ("superviseur.hauts-de-france",
         "Nous avons une fiche plastifiée : au recto les trois dimensions et les questions clés, au verso les "
         "ressources d'orientation de la région. Elle sert surtout les premiers mois."),
        ("superviseur.normandie",
         "Pareil chez nous, avec un rappel en gras : **la grille aide à penser, elle ne remplace ni l'écoute ni "
         "l'avis du superviseur**."),
        ("repondant.hauts-de-france", "Parfait, c'est ce que je cherchais. On en parle en réunion d'équipe."),
    )),
    Conversation("pratiques-ecoute", 140, "Appels de proches et de professionnels : vos pratiques", (
        ("superviseur.la-reunion",
         "Nous recevons de plus en plus d'appels de proches inquiets. On a tendance à vouloir tout résoudre pour "
         "la personne dont on parle, alors que l'appelant a souvent besoin d'être soutenu lui-même. Comment "
         "structurez-vous ces appels ?"),
        ("superviseur.guadeloupe",
         "Nous formons les répondants à revenir régulièrement vers l'appelant : « Et vous, comment allez-vous avec "
         "tout ça ? ». Ça change beaucoup la suite de l'échange."),
        ("superviseur.grand-est",
         "Pour les professionnels (médecins, enseignants, travailleurs sociaux), nous avons une fiche d'orientation "
         "à part. Ils appellent souvent pour un avis sur la conduite à tenir."),
        ("superviseur.la-reunion",
         "Merci ! {@superviseur.grand-est} pourriez-vous déposer la fiche dans la bibliothèque ?"),
        ("superviseur.grand-est", "Déposée ce matin."),
    )),
    Conversation("pratiques-ecoute", 32, "Silence au décroché : combien de temps restez-vous en ligne ?", (
        ("repondant.normandie",
         "Question de pratique : quand personne ne parle au décroché, combien de temps restez-vous en ligne, et "
         "que dites-vous ? Les consignes varient d'un superviseur à l'autre chez nous."),
        ("repondant.bretagne",
         "Au moins une minute, en redisant doucement qu'on est là et qu'on peut prendre le temps. Beaucoup de "
         "personnes finissent par parler."),
        ("superviseur.ile-de-france-sud",
         "Nous avons une phrase de clôture commune, qui invite à rappeler à tout moment. L'important est qu'elle "
         "soit la même pour tout le monde."),
        ("repondant.normandie", "Merci, je propose qu'on l'écrive dans notre classeur de procédures."),
    )),
    Conversation("pratiques-ecoute", 9, "Entre deux appels : comment « déposer » avant le suivant ?", (
        ("repondant.occitanie",
         "Je suis répondante depuis huit mois. Après certains appels, j'ai du mal à enchaîner. Quels sont vos "
         "petits rituels entre deux appels ?"),
        ("repondant.auvergne-rhone-alpes",
         "Je me lève, je bois un verre d'eau, je note deux lignes sur ce que j'ai ressenti (rien sur l'appel). "
         "Trois minutes, mais ça marque une coupure."),
        ("repondant.grand-est",
         "Pareil, et je préviens le superviseur que je prends deux minutes. On ne me l'a jamais reproché, au "
         "contraire."),
        ("superviseur.occitanie",
         "Et si ça dure, on en parle : c'est aussi à ça que sert la supervision. {@repondant.occitanie} passe me "
         "voir à ta prochaine garde."),
        ("repondant.occitanie", "Merci à tous, ça fait du bien de lire que ce n'est pas que moi."),
    )),
    Conversation("pratiques-ecoute", 150, "Orientation vers les urgences dans les territoires isolés", (
        ("superviseur.corse",
         "En Corse, orienter vers les urgences est compliqué selon les zones : les temps de trajet sont longs. "
         "Nous avons travaillé une procédure de transmission avec le SAMU. D'autres centres ont des territoires "
         "ruraux ou insulaires avec les mêmes contraintes ?"),
        ("superviseur.guadeloupe",
         "Oui, pour les îles du sud de l'archipel : convention avec le SAMU et un interlocuteur identifié. Je peux "
         "en parler au prochain temps fort."),
        ("superviseur.la-reunion",
         "Même chose pour les Hauts de l'île. Ce serait un bon atelier pour le temps fort de printemps : "
         "« territoires isolés »."),
        ("coordination2", "Noté pour le programme du printemps, merci !"),
    )),
    Conversation("pratiques-ecoute", 48, "Répondre en créole ou dans une autre langue", (
        ("repondant.martinique",
         "Nous répondons parfois en créole quand l'appelant le souhaite : ça facilite beaucoup le lien. D'autres "
         "centres répondent-ils dans d'autres langues ? Un service d'interprétariat est-il prévu ?"),
        ("coordination",
         "Pas encore d'interprétariat à l'échelle du réseau : plusieurs centres le demandent, je porte la question "
         "au comité de pilotage. Recensons ici les langues parlées dans les équipes."),
        ("repondant.ile-de-france-nord",
         "Chez nous : arabe, anglais, espagnol, portugais. Mais ce n'est pas prévu dans le planning, c'est au "
         "hasard des présences."),
        ("repondant.la-reunion", "Créole réunionnais bien sûr, et un collègue parle malgache."),
        ("cadre.martinique",
         "J'ajoute que ce n'est pas qu'une question de langue : parler créole, c'est aussi montrer qu'on connaît "
         "la réalité de l'île."),
    )),
    Conversation("pratiques-ecoute", 26, "Personnes âgées isolées : adapter l'écoute", (
        ("repondant.centre-val-de-loire",
         "Nous recevons de plus en plus d'appels de personnes âgées qui vivent seules. Le rythme de l'échange est "
         "différent, l'orientation aussi (peu de mobilité, peu de numérique). Vos astuces ?"),
        ("repondant.nouvelle-aquitaine",
         "Prendre le temps, vraiment. Parler un peu plus lentement, vérifier que la personne entend bien. Et "
         "connaître les dispositifs locaux de visite à domicile."),
        ("superviseur.nouvelle-aquitaine",
         "Nous tenons une liste des associations de visites de convivialité par département : très utile pour "
         "l'orientation."),
        ("repondant.centre-val-de-loire", "{@superviseur.nouvelle-aquitaine} pourriez-vous la partager ?"),
        ("superviseur.nouvelle-aquitaine", "Elle est dans la bibliothèque, rubrique Orientation."),
    )),
    # --- Outils et système d'information ----------------------------------------------------------
    Conversation("outils-si", 39, "Coupure de la téléphonie du 14 octobre : retour d'incident", (
        ("coordination3",
         "Bonjour à tous,\n\nVoici le retour sur l'incident de téléphonie du 14 octobre :\n\n"
         "- **début** : 21 h 12 (heure de Paris), appels entrants non distribués dans six centres ;\n"
         "- **cause** : une mise à jour du routage chez l'opérateur ;\n"
         "- **fin** : 22 h 05, après retour à la configuration précédente.\n\n"
         "La bascule vers le numéro de secours a fonctionné dans quatre centres sur six. Nous revoyons la "
         "procédure avec les deux autres."),
        ("cadre.grand-est",
         "Merci pour ce retour rapide. Chez nous, le superviseur n'avait pas la procédure de bascule sous la main : "
         "elle est réimprimée et affichée."),
        ("superviseur.nouvelle-aquitaine",
         "Suggestion : un test de bascule une fois par trimestre, à une heure creuse, pour que chacun ait déjà "
         "fait le geste."),
        ("coordination3",
         "{quote:3}Très bonne idée. Je propose un test coordonné en janvier, un matin en semaine. Les cadres "
         "recevront le créneau."),
        ("cadre.ile-de-france-sud", "D'accord pour nous."),
    )),
    Conversation("outils-si", 22, "Outil de tchat : premiers retours sur la version de test", (
        ("cadre.tchat",
         "Nous testons l'outil de tchat depuis trois semaines avec un petit groupe de répondants. Premiers "
         "constats :\n\n"
         "1. la file d'attente est claire, on voit le temps d'attente de chaque personne ;\n"
         "2. les réponses types sont utiles mais risquent de rendre l'échange mécanique ;\n"
         "3. il manque un moyen simple de passer la main au superviseur en cours de conversation.\n\n"
         "Vos questions et remarques sont bienvenues avant la version définitive."),
        ("superviseur.ile-de-france-sud",
         "Sur les réponses types : on les limiterait à l'accueil et à la clôture ? Le cœur de l'échange doit rester "
         "rédigé par le répondant."),
        ("cadre.tchat", "C'est la direction prise. Le référentiel de bonnes pratiques le dira clairement."),
        ("repondant.ile-de-france-nord",
         "L'outil montrera-t-il que la personne est en train d'écrire ? Au téléphone on entend la respiration ; au "
         "tchat, le silence est plus angoissant."),
        ("cadre.tchat",
         "{quote:4}Oui, un indicateur « en train d'écrire » est prévu. Et bonne remarque sur le silence : on "
         "l'ajoute aux points de formation."),
    )),
    Conversation("outils-si", 100, "RGPD : durée de conservation des fiches d'appel", (
        ("cadre.bourgogne-franche-comte",
         "Le délégué à la protection des données de l'hôpital nous interroge sur la durée de conservation des "
         "fiches dans le logiciel de traçabilité. Y a-t-il une règle commune au réseau ?"),
        ("coordination3",
         "Oui : elle figure dans le registre des traitements du réseau, avec une durée limitée et une purge "
         "automatique. Je vous envoie l'extrait du registre et la note de la déléguée du pôle.\n\n"
         "Rappel : **aucune donnée d'appel ne doit être recopiée ailleurs** (tableurs, messageries, ce forum)."),
        ("cadre.bourgogne-franche-comte", "Merci, c'est exactement ce qu'il me fallait."),
        ("cadre.corse", "Question voisine : peut-on enregistrer des appels pour la formation ?"),
        ("coordination3",
         "Non, jamais d'appels réels. Pour la formation, on enregistre des jeux de rôle, avec l'accord des "
         "participants."),
    )),
    Conversation("outils-si", 70, "Casques : quel matériel pour des gardes de huit heures ?", (
        ("cadre.centre-val-de-loire",
         "Nous renouvelons les casques du plateau. Critères : confort sur une garde de huit heures, réduction de "
         "bruit, compatibilité avec le softphone. Quels modèles utilisez-vous ?"),
        ("superviseur.pays-de-la-loire",
         "Des casques binauraux filaires : moins de soucis de batterie que le sans-fil. Et chacun a le sien, c'est "
         "aussi une question d'hygiène."),
        ("repondant.centre-val-de-loire",
         "Je vote pour les coussinets en tissu plutôt qu'en simili-cuir : bien plus confortables l'été."),
        ("cadre.centre-val-de-loire", "Merci ! Filaire et personnel, c'est noté."),
    )),
    Conversation("outils-si", 58, "Logiciel de traçabilité : la liste « orientation » à revoir", (
        ("superviseur.auvergne-rhone-alpes",
         "La liste « orientation » du logiciel est trop longue et certaines catégories se recoupent : chaque "
         "répondant coche différemment et nos statistiques sont peu fiables. Faisons-nous une demande "
         "d'évolution commune ?"),
        ("superviseur.hauts-de-france", "Tout à fait d'accord. On pourrait proposer une liste resserrée à huit items."),
        ("coordination3",
         "Faisons-le proprement : je crée un document partagé pour la proposition de liste, vous avez jusqu'à la fin "
         "du mois pour commenter. Ensuite je porte la demande à l'éditeur."),
        ("superviseur.auvergne-rhone-alpes", "Merci Isabelle !"),
    )),
    Conversation("outils-si", 14, "Double authentification sur la plateforme", (
        ("cadre.corse",
         "La plateforme demande la double authentification aux administrateurs. Sera-t-elle étendue à tout le "
         "monde ? Et quelle application conseillez-vous ?"),
        ("admin",
         "Elle est obligatoire pour les comptes d'administration, et chacun peut l'activer depuis son profil. "
         "Toute application TOTP convient, de préférence sur votre téléphone professionnel."),
        ("cadre.corse", "Merci, je l'active et je montre à l'équipe."),
    )),
    Conversation("outils-si", 120, "Afficher les appels en attente sur le plateau ?", (
        ("superviseur.martinique",
         "Nous aimerions un écran sur le plateau avec le nombre d'appels en attente. Avantage : l'équipe voit "
         "quand ça chauffe. Inconvénient : la pression pendant un appel long. Comment avez-vous tranché ?"),
        ("cadre.occitanie",
         "Écran visible seulement depuis le poste du superviseur. C'est lui qui décide d'appeler un renfort : "
         "l'équipe n'a pas à porter ça pendant l'appel."),
        ("superviseur.normandie",
         "Nous l'avons affiché sur le plateau six mois, puis retiré : les répondants écourtaient les appels sans "
         "s'en rendre compte."),
        ("superviseur.martinique", "Retour très parlant, merci. On part sur l'écran superviseur uniquement."),
    )),
    Conversation("outils-si", 28, "Messagerie sécurisée entre centres : bonnes pratiques", (
        ("superviseur.pays-de-la-loire",
         "Quand nous transmettons une information à un autre centre (rappel convenu, débordement), nous passons "
         "par la messagerie sécurisée de santé. Avez-vous des règles d'objet ou de contenu ?"),
        ("coordination3",
         "Règle de base : **le minimum nécessaire**. Objet neutre, rien qui ne serve pas au rappel. La fiche de "
         "liaison vierge est dans la bibliothèque."),
        ("cadre.grand-est",
         "Et on vérifie le destinataire à deux : une erreur d'adresse est vite arrivée."),
    )),
    Conversation("outils-si", 16, "Plateforme : recevoir moins d'e-mails", (
        ("repondant.corse",
         "Je reçois un e-mail à chaque réponse dans les sujets où j'ai écrit. Peut-on les regrouper ?"),
        ("cadre.corse",
         "Dans ton profil, rubrique **Notifications** : pour chaque type, immédiatement, résumé quotidien ou jamais. "
         "Et dans un sujet, le niveau « Suivre » plutôt que « Surveiller »."),
        ("repondant.corse", "Trouvé, merci ! Résumé quotidien pour tout, sauf les mentions."),
    )),
    # --- Ressources humaines et qualité de vie au travail -------------------------------------------
    Conversation("rh-qualite-de-vie-au-travail", 135, "Plannings de nuit : comment fidéliser les équipes ?", (
        ("cadre.provence-alpes-cote-dazur",
         "Nous avons du mal à stabiliser l'équipe de nuit : beaucoup de répondants veulent bien en faire quelques "
         "unes, peu veulent en faire régulièrement. Comment organisez-vous les nuits ?"),
        ("cadre.hauts-de-france",
         "Une équipe de nuit dédiée, volontaire, avec une prime et un planning connu trois mois à l'avance. C'est "
         "la visibilité qui a fait la différence."),
        ("cadre.bretagne",
         "Chez nous, roulement : deux nuits par mois au maximum pour chacun, jamais plus de deux d'affilée."),
        ("cadre.provence-alpes-cote-dazur",
         "{quote:2}La visibilité à trois mois, c'est ce qui nous manque. Vous la tenez malgré les absences ?"),
        ("cadre.hauts-de-france", "Grâce à un pool de trois remplaçants formés aux nuits. Sans eux, impossible."),
        ("coordination",
         "Ce sujet reviendra au club des cadres de janvier : {@cadre.hauts-de-france}, accepteriez-vous de "
         "présenter votre organisation ?"),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 105, "Recrutement de répondants : quels profils, quelles annonces ?", (
        ("cadre.normandie",
         "Nous recrutons trois répondants. Nos annonces attirent surtout des infirmiers et des psychologues, mais "
         "nous avons eu de bonnes expériences avec d'autres profils. Quelles formulations utilisez-vous ?"),
        ("cadre.nouvelle-aquitaine",
         "Nous mettons en avant la formation initiale et la supervision, pas seulement le diplôme. On cherche "
         "d'abord des capacités d'écoute et de la stabilité face aux situations de crise."),
        ("cadre.guyane",
         "Très utile pour nous qui recrutons toute une équipe. Combien de temps dure votre recrutement, de "
         "l'annonce à la prise de poste ?"),
        ("cadre.normandie",
         "Environ trois mois : annonce, entretien avec la cadre et un psychologue, mise en situation, puis "
         "préavis éventuel."),
        ("cadre.nouvelle-aquitaine",
         "Pareil. Et la formation initiale **avant** la première garde, jamais en même temps."),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 80, "Fatigue compassionnelle : repérer et prévenir", (
        ("superviseur.ile-de-france-nord",
         "La nouvelle version du guide d'accueil contient une fiche sur la fatigue compassionnelle. Au-delà de la "
         "fiche, comment la repérez-vous dans vos équipes ?"),
        ("superviseur.bourgogne-franche-comte",
         "Les signes que l'on voit souvent : irritabilité, envie d'écourter les appels, cynisme qui s'installe "
         "pendant les pauses. On en parle en entretien individuel, sans jugement."),
        ("cadre.ile-de-france-sud",
         "Nous avons instauré une journée « hors plateau » par mois pour chaque répondant : formation, groupe de "
         "travail, visite d'un partenaire. Ça aère."),
        ("repondant.ile-de-france-sud", "Je confirme : la journée hors plateau change beaucoup de choses."),
        ("superviseur.ile-de-france-nord", "Merci, je vais la proposer à notre cadre."),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 60, "Gardes de 12 heures : retours d'expérience ?", (
        ("cadre.grand-est",
         "Nous expérimentons des gardes de 12 heures pour des répondants à temps partiel, à leur demande. D'autres "
         "centres l'ont fait ? J'ai des doutes sur la fatigue en fin de garde."),
        ("cadre.bourgogne-franche-comte",
         "Essayé puis arrêté : les dernières heures étaient vraiment difficiles, surtout la nuit. Nous sommes "
         "revenus à huit heures au plus sur le plateau."),
        ("superviseur.grand-est",
         "Si vous maintenez, prévoyez au moins une vraie pause d'une heure et une partie de la garde hors écoute."),
        ("cadre.grand-est", "Merci, ça confirme mes doutes. Bilan avec l'équipe le mois prochain."),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 45, "Parcours d'intégration des nouveaux répondants", (
        ("cadre.centre-val-de-loire",
         "Nous refondons notre parcours d'intégration. Aujourd'hui : formation initiale, quatre gardes en double "
         "écoute, puis autonomie. Ça semble court. Combien de gardes en double écoute chez vous ?"),
        ("cadre.la-reunion",
         "Six, dont une de nuit, puis un point avec le superviseur avant l'autonomie. Et un tuteur référent "
         "pendant trois mois."),
        ("repondant.la-reunion",
         "Le tuteur référent, c'est ce qui m'a le plus aidée à mes débuts : quelqu'un à qui poser les questions "
         "qu'on n'ose pas poser."),
        ("cadre.centre-val-de-loire", "Merci pour vos retours. On passe à six gardes et on crée le tutorat."),
        ("coordination",
         "Le guide d'accueil des répondants propose justement un parcours type. {@cadre.centre-val-de-loire} je "
         "vous l'envoie."),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 3, "Plannings de l'hiver : anticiper les absences", (
        ("cadre.ile-de-france-sud",
         "Chaque hiver, entre les épidémies et les congés, nos plannings de décembre à février sont tendus. "
         "Qu'est-ce qui vous aide à anticiper ?"),
        ("cadre.occitanie",
         "Planning de décembre bouclé fin octobre, congés de fin d'année arbitrés tôt, et une liste de "
         "volontaires pour les remplacements."),
        ("cadre.martinique",
         "Nous renforçons aussi la convention de débordement avec un centre de métropole pour les nuits de fêtes."),
        ("cadre.ile-de-france-sud",
         "Bonnes idées. {@coordination} le pôle national pourrait-il coordonner les débordements des 24 et "
         "31 décembre pour tout le réseau ?"),
        ("coordination", "Oui : je lance un tableau de disponibilités la semaine prochaine, via le club des cadres."),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 110, "Salle de repos : comment avez-vous aménagé la vôtre ?", (
        ("repondant.pays-de-la-loire",
         "Nous déménageons au printemps et pourrons enfin avoir une vraie salle de repos. Des idées d'aménagement "
         "qui ont fait leurs preuves ?"),
        ("repondant.provence-alpes-cote-dazur",
         "Un fauteuil confortable, une lumière douce réglable, et surtout une porte qui ferme : pouvoir s'isoler "
         "cinq minutes, c'est l'essentiel."),
        ("repondant.bourgogne-franche-comte",
         "Des plantes, une bouilloire, et un tableau où chacun affiche des cartes postales. Ça paraît anodin, mais "
         "ça crée une ambiance."),
        ("superviseur.pays-de-la-loire", "Merci à tous, je fais la liste pour l'architecte !"),
    )),
    Conversation("rh-qualite-de-vie-au-travail", 42, "Et qui soutient les cadres ?", (
        ("cadre.bourgogne-franche-comte",
         "On parle beaucoup du soutien des répondants, et c'est essentiel. Mais qui soutient les cadres ? Certains "
         "d'entre vous ont-ils accès à une analyse de pratiques ?"),
        ("cadre.occitanie",
         "Oui, par l'hôpital : un groupe de cadres de psychiatrie, une fois par mois. Mais nos questions sont assez "
         "spécifiques."),
        ("cadre.grand-est",
         "Et si le club des cadres proposait une analyse de pratiques entre nous, avec un intervenant ? Une fois "
         "par trimestre, en visio."),
        ("coordination", "Excellente idée. Je la mets à l'ordre du jour du club de décembre."),
        ("cadre.bourgogne-franche-comte", "Merci !"),
    )),
    # --- Formation et temps forts ------------------------------------------------------------------
    Conversation("formation-temps-forts", 90, "Inscriptions au temps fort d'automne à Lyon", (
        ("coordination2",
         "Le temps fort d'automne aura lieu à Lyon les 11 et 12 novembre, sur le thème de la postvention. "
         "Inscriptions jusqu'au 15 octobre : deux places par centre, une de plus pour les centres en "
         "déploiement.\n\nIndiquez dans ce fil le nombre de personnes inscrites pour votre centre."),
        ("cadre.bretagne", "Bretagne : notre superviseur et une répondante. Merci !"),
        ("cadre.guadeloupe", "Guadeloupe : deux personnes, avec un départ la veille à cause du vol."),
        ("cadre.occitanie", "Occitanie : deux personnes, confirmées."),
        ("coordination2",
         "Les inscriptions sont closes, merci à tous. Le programme et les informations pratiques partent par "
         "e-mail. Je ferme le sujet ; rendez-vous à Lyon !"),
    ), span_days=50, closed=True),
    Conversation("formation-temps-forts", 10, "Retour sur le temps fort d'automne : vos impressions", (
        ("coordination2",
         "Merci à toutes et à tous pour ces deux journées à Lyon ! Pour préparer la suite, dites-nous ce que vous "
         "avez retenu, ce qui vous a manqué, et les thèmes que vous voudriez au printemps."),
        ("superviseur.bretagne",
         "L'atelier sur le débriefing après un appel difficile était très concret. J'ai aimé que les répondants "
         "aient autant la parole que les cadres."),
        ("repondant.guadeloupe",
         "Mon premier temps fort. Rencontrer les autres centres, mettre des visages sur des noms, ça change tout. "
         "Peut-être un peu trop de plénières le premier jour ?"),
        ("cadre.hauts-de-france",
         "Thème pour le printemps : les territoires isolés et l'orientation, comme évoqué dans Pratiques d'écoute."),
        ("coordination2", "{quote:3}Noté : plus d'ateliers, moins de plénières. Merci pour vos retours."),
    )),
    Conversation("formation-temps-forts", 18, "Formation initiale des nouveaux répondants : calendrier 2027", (
        ("coordination",
         "Les sessions de formation initiale 2027 sont fixées :\n\n"
         "- **session 1** : du 18 au 22 janvier (priorité Guyane et Tchat) ;\n"
         "- **session 2** : du 15 au 19 mars ;\n"
         "- **session 3** : du 14 au 18 juin ;\n"
         "- **session 4** : du 4 au 8 octobre.\n\n"
         "Seize places par session. Les cadres inscrivent leurs équipes par le formulaire habituel."),
        ("cadre.tchat", "Merci ! Six personnes pour la session 1 en ce qui nous concerne."),
        ("cadre.guyane",
         "Sept pour nous. Une partie peut-elle se suivre à distance, vu le coût des déplacements depuis Cayenne ?"),
        ("coordination",
         "{@cadre.guyane} la partie théorique (deux jours) peut se suivre à distance, les mises en situation se "
         "font sur place. On regarde ensemble pour les billets."),
    )),
    Conversation("formation-temps-forts", 38, "Formation continue : quels modules vous manquent ?", (
        ("superviseur.auvergne-rhone-alpes",
         "Nous préparons le plan de formation continue. Quels modules vous manquent ? Chez nous reviennent : "
         "l'écoute des adolescents, les personnes âgées isolées, et l'écrit pour le tchat."),
        ("repondant.auvergne-rhone-alpes", "Les personnes âgées isolées, clairement. Et tout ce qui touche au deuil."),
        ("superviseur.bourgogne-franche-comte",
         "La postvention côté équipe : comment soutenir un collègue après un appel très dur. Souvent, on ne sait "
         "pas quoi dire."),
        ("coordination2",
         "Merci, je recense. Un module « deuil et postvention » est déjà en préparation avec le groupe de travail."),
    )),
    Conversation("formation-temps-forts", 6, "Webinaire sur la fatigue compassionnelle, le 9 décembre", (
        ("coordination2",
         "Un webinaire d'une heure et demie sur la fatigue compassionnelle aura lieu le mercredi 9 décembre à "
         "14 h (heure de Paris), soit 9 h aux Antilles, 10 h en Guyane et 17 h à La Réunion. Ouvert à tous les "
         "professionnels du réseau ; le lien sera publié dans l'agenda."),
        ("repondant.la-reunion", "Merci de penser aux horaires des outre-mer !"),
        ("superviseur.martinique", "Sera-t-il enregistré pour les équipes de nuit ?"),
        ("coordination2", "Oui, l'enregistrement sera dans la bibliothèque de ressources."),
    )),
    Conversation("formation-temps-forts", 125, "Jeux de rôle en formation : mutualisons les scénarios", (
        ("superviseur.normandie",
         "Pour la formation continue, nous écrivons des scénarios de jeux de rôle **entièrement fictifs**. On les "
         "mutualise ? Je propose un format commun : contexte, consignes pour l'appelant fictif, points d'attention "
         "pour l'observateur."),
        ("superviseur.provence-alpes-cote-dazur", "Excellente idée. Nous en avons une dizaine, je les mets au format."),
        ("superviseur.ile-de-france-sud",
         "Partants. Relisons bien pour qu'aucun scénario ne ressemble à une situation réelle reconnaissable."),
        ("superviseur.normandie",
         "{quote:3}Oui, c'est la règle : inspirés de rien de réel, relus par deux personnes."),
    )),
    Conversation("formation-temps-forts", 1, "Temps fort de printemps : appel à ateliers", (
        ("coordination2",
         "Le temps fort de printemps se tiendra fin mars. Vous avez une pratique, un outil, une organisation à "
         "partager ? Proposez un atelier ici en quelques lignes : titre, format, intervenants."),
        ("superviseur.la-reunion",
         "Proposition : **Territoires isolés et orientation**, table ronde avec la Corse, la Guadeloupe et "
         "La Réunion. 1 h 30."),
        ("cadre.hauts-de-france",
         "Proposition : **Une équipe de nuit dédiée**, retour d'expérience sur un an. 45 minutes."),
    )),
    # --- Club des cadres ---------------------------------------------------------------------------
    Conversation("groupe-club-des-cadres", 8, "Ordre du jour du club des cadres de décembre", (
        ("coordination",
         "Bonjour @club-des-cadres,\n\nLa réunion de décembre se tient le jeudi 10 à 14 h (heure de Paris). "
         "Ordre du jour proposé :\n\n"
         "1. plannings des fêtes et débordements des 24 et 31 décembre ;\n"
         "2. taux de décroché du trimestre ;\n"
         "3. retour sur le temps fort d'automne ;\n"
         "4. analyse de pratiques entre cadres ;\n"
         "5. questions diverses.\n\nAjoutez vos points en réponse d'ici lundi."),
        ("cadre.occitanie",
         "Je propose un point recrutement : plusieurs centres cherchent des superviseurs en même temps."),
        ("cadre.martinique",
         "14 h à Paris, 9 h chez nous : parfait. J'aimerais parler des billets d'avion pour le temps fort de "
         "printemps, notre budget est serré."),
        ("coordination", "Ajoutés tous les deux, merci."),
    )),
    Conversation("groupe-club-des-cadres", 50, "Taux de décroché du troisième trimestre : vos analyses", (
        ("coordination",
         "Le taux de décroché du réseau au troisième trimestre est stable, avec de fortes disparités entre "
         "tranches horaires : les soirées de 20 h à minuit restent le point faible.\n\n"
         "Comment adaptez-vous vos effectifs sur ces créneaux ?"),
        ("cadre.grand-est", "Nous avons décalé une garde de 14 h–22 h à 16 h–minuit. Gain visible en deux mois."),
        ("cadre.ile-de-france-nord",
         "Même constat. Nous avons aussi ajouté un renfort le dimanche soir, notre pire créneau."),
        ("cadre.provence-alpes-cote-dazur",
         "Décaler les gardes a un coût : plus de fins de service tardives, donc des questions de transport pour "
         "l'équipe. Comment gérez-vous ?"),
        ("cadre.grand-est", "Taxi pris en charge après minuit, négocié avec la direction. Pas simple, mais obtenu."),
    )),
    Conversation("groupe-club-des-cadres", 100, "Modèle cible : où en êtes-vous de l'autodiagnostic ?", (
        ("coordination3",
         "Rappel : chaque centre remplit l'autodiagnostic du modèle cible avant la visite du pôle national. Où en "
         "êtes-vous ? Des items vous posent question ?"),
        ("cadre.normandie",
         "Fait. L'item sur la supervision de nuit est difficile à remplir : nous avons une astreinte, pas de "
         "présence sur place."),
        ("coordination3",
         "{quote:2}C'est justement un écart à documenter : l'astreinte est une étape, pas la cible. Indiquez "
         "« partiellement atteint », avec votre plan."),
        ("cadre.bourgogne-franche-comte",
         "En cours. Nous le remplissons en équipe avec les superviseurs : c'est un bon exercice."),
    )),
    Conversation("groupe-club-des-cadres", 70, "Fiche de poste de superviseur·se : qui a une version récente ?", (
        ("cadre.centre-val-de-loire",
         "Quelqu'un aurait-il une fiche de poste de superviseur·se récente ? La nôtre date de l'ouverture et ne "
         "reflète plus le métier."),
        ("cadre.occitanie",
         "Je la dépose dans la bibliothèque du groupe. Elle a été revue l'an dernier avec les superviseurs eux-mêmes."),
        ("cadre.accessibilite", "Merci, elle me servira aussi pour le futur centre Accessibilité."),
    )),
    Conversation("groupe-club-des-cadres", 30, "Budget formation 2027 : comment défendre vos besoins ?", (
        ("cadre.ile-de-france-nord",
         "Les arbitrages budgétaires arrivent. Pour défendre le budget formation auprès de la direction, quels "
         "arguments utilisez-vous ?"),
        ("cadre.normandie",
         "Le turnover : chaque départ coûte un recrutement et une formation initiale. La formation continue et la "
         "supervision, c'est ce qui fait rester les gens."),
        ("coordination3",
         "Le pôle national peut vous fournir une note de cadrage qui rappelle les exigences du modèle cible en "
         "matière de formation. Demandez-la à la coordination."),
        ("cadre.ile-de-france-nord", "Merci, la note du pôle pèsera plus que mes tableaux."),
    )),
    Conversation("groupe-club-des-cadres", 25, "Préparer l'ouverture d'un centre : la liste de vérification", (
        ("cadre.guyane",
         "Pour préparer notre ouverture, j'établis une liste de vérification. Complétez-moi !\n\n"
         "- locaux et postes de travail ;\n"
         "- téléphonie testée, bascule de secours testée ;\n"
         "- équipe recrutée et formée ;\n"
         "- planning des trois premiers mois ;\n"
         "- convention de débordement ;\n"
         "- supervision sur chaque créneau les premières semaines ;\n"
         "- partenaires locaux rencontrés (SAMU, psychiatrie, associations)."),
        ("cadre.martinique",
         "Ajoute un débriefing collectif à la fin de la première semaine. Et prévois l'afflux d'appels après la "
         "communication locale."),
        ("coordination",
         "Et l'autodiagnostic du modèle cible, à trois mois. Très bonne liste : on pourra en faire un support "
         "d'accompagnement pour les futurs centres."),
        ("cadre.accessibilite", "Je la garde précieusement !"),
    )),
    # --- Groupe de travail Postvention ---------------------------------------------------------------
    Conversation("groupe-postvention", 35, "Trame commune de débriefing : version de travail", (
        ("coordination2",
         "Voici la version de travail de la trame commune de débriefing après un appel difficile :\n\n"
         "1. **Accueillir** : proposer un temps, sans l'imposer ;\n"
         "2. **Laisser raconter** : ce qui s'est passé, ce que j'ai fait ;\n"
         "3. **Nommer le ressenti** ;\n"
         "4. **Reconnaître ce qui a été fait de juste** ;\n"
         "5. **Prévoir la suite** : reprise en supervision, retour sur le plateau ou non.\n\n"
         "Vos commentaires d'ici la fin du mois ?"),
        ("superviseur.ile-de-france-sud",
         "Très bien. Je placerais « ce qui a été fait de juste » avant le ressenti : commencer par reconnaître ce "
         "qui a été fait aide à déposer le reste."),
        ("repondant.occitanie",
         "Du point de vue des répondants : pouvoir choisir avec qui on débriefe. Ce n'est pas toujours le "
         "superviseur de garde qui est la bonne personne."),
        ("cadre.nouvelle-aquitaine",
         "{quote:3}D'accord, à condition que le superviseur de garde soit au moins informé."),
        ("coordination2", "Merci, j'intègre les trois remarques dans la version 2."),
    )),
    Conversation("groupe-postvention", 62, "Après le décès d'une personne qui appelait le centre : soutenir l'équipe", (
        ("cadre.auvergne-rhone-alpes",
         "Sans aucun détail sur la situation : nous avons appris le décès d'une personne qui appelait le centre. "
         "L'équipe est très touchée. Comment avez-vous accompagné vos équipes dans ce cas ?"),
        ("coordination2",
         "Toutes mes pensées vont à l'équipe. Ce qui aide en général : un temps collectif rapide, animé si possible "
         "par quelqu'un d'extérieur à l'équipe, et une attention particulière à ceux qui avaient eu la personne en "
         "ligne récemment. Le groupe peut vous mettre en lien avec un psychologue formé à la postvention."),
        ("superviseur.provence-alpes-cote-dazur",
         "Nous avons vécu cela l'an dernier. Le temps collectif a permis à chacun de dire qu'il se demandait s'il "
         "aurait pu faire autrement. L'entendre des autres déculpabilise."),
        ("cadre.auvergne-rhone-alpes",
         "Merci. Nous organisons un temps collectif jeudi avec l'équipe de postvention de l'hôpital."),
    )),
    Conversation("groupe-postvention", 115, "Établissements scolaires après un suicide : vers qui orienter ?", (
        ("repondant.hauts-de-france",
         "Des établissements scolaires appellent le centre après un suicide pour savoir comment réagir. Avons-nous "
         "une ressource de référence à leur indiquer ?"),
        ("superviseur.centre-val-de-loire",
         "Les équipes régionales de postvention, et selon les cas les cellules d'urgence médico-psychologique. "
         "Nous avons une fiche d'orientation : je la dépose dans la bibliothèque du groupe."),
        ("cadre.grand-est",
         "Attention à ne pas nous positionner en intervenants : on oriente, on soutient l'appelant, on ne remplace "
         "pas le dispositif local."),
        ("repondant.hauts-de-france", "Merci, c'est clair."),
    )),
    Conversation("groupe-postvention", 18, "Soutien entre pairs : le binôme de garde", (
        ("repondant.la-reunion",
         "À La Réunion, nous testons un « binôme de garde » : deux répondants qui se savent disponibles l'un pour "
         "l'autre toute la garde, pour un débriefing court si besoin. Quelqu'un a essayé ?"),
        ("repondant.bourgogne-franche-comte",
         "Pas encore, mais ça me parle beaucoup, surtout la nuit quand le superviseur est d'astreinte."),
        ("cadre.martinique",
         "{@repondant.la-reunion} pourrais-tu nous faire un retour dans deux mois ? Si ça marche, on l'essaie aux "
         "Antilles."),
        ("repondant.la-reunion", "Avec plaisir, je reviens ici fin janvier."),
    )),
    # --- Référentiel de bonnes pratiques du tchat (groupe privé) ----------------------------------------
    Conversation("groupe-referentiel-tchat", 55, "Charte d'écriture au tchat : premiers principes", (
        ("coordination3",
         "Premiers principes pour la charte d'écriture, à discuter :\n\n"
         "- des phrases courtes, une idée par message ;\n"
         "- ni abréviations ni émoticônes, sauf si la personne en utilise d'abord ;\n"
         "- reformuler souvent : on ne voit pas les réactions ;\n"
         "- annoncer les silences : « Je prends le temps de lire ce que vous m'écrivez. »"),
        ("superviseur.ile-de-france-sud",
         "Sur les émoticônes, je serais moins stricte : un simple sourire peut apaiser. Mais jamais en situation "
         "de crise."),
        ("repondant.occitanie",
         "J'ajouterais : relire avant d'envoyer. À l'écrit, une maladresse reste sous les yeux de la personne."),
        ("coordination3", "{quote:2}Bonne nuance, je la reprends dans la version 2."),
    )),
    Conversation("groupe-referentiel-tchat", 90, "Conformité RGPD du tchat : l'analyse d'impact", (
        ("coordination3",
         "L'analyse d'impact relative à la protection des données (AIPD) du tchat avance avec la déléguée à la "
         "protection des données. Points ouverts :\n\n"
         "1. durée de conservation des conversations ;\n"
         "2. information de la personne avant le début de l'échange ;\n"
         "3. accès des superviseurs en temps réel.\n\n"
         "Le document de travail est dans la bibliothèque du groupe : vos commentaires sont bienvenus."),
        ("cadre.nouvelle-aquitaine",
         "Sur le point 2 : un message d'accueil court, avec un lien vers l'information complète. Personne ne lit "
         "un long texte quand il va mal."),
        ("cadre.grand-est",
         "Sur le point 3 : les répondants doivent savoir que le superviseur peut lire la conversation, comme il peut "
         "écouter au téléphone. La transparence vaut aussi en interne."),
        ("coordination3", "Merci, j'intègre. Prochaine réunion avec la déléguée début décembre."),
    )),
    Conversation("groupe-referentiel-tchat", 15, "Plusieurs conversations en même temps ?", (
        ("repondant.hauts-de-france",
         "Question qui revient en formation : au tchat, un répondant pourra-t-il mener deux conversations en "
         "parallèle ? Certains outils le permettent."),
        ("superviseur.provence-alpes-cote-dazur",
         "À mon avis jamais en situation de crise. Peut-être deux conversations en phase d'accueil, et encore."),
        ("coordination3",
         "C'est la position du groupe pour l'instant : **une conversation à la fois** au démarrage. Nous "
         "réévaluerons après six mois, avec les données d'activité."),
    )),
    # --- Réseau des superviseur·ses -----------------------------------------------------------------------
    Conversation("groupe-supervision", 95, "Supervision collective : fréquence et format", (
        ("superviseur.normandie",
         "Nous faisons une supervision collective tous les quinze jours, 1 h 30, avec une psychologue extérieure. "
         "Quelle fréquence et quel format chez vous ?"),
        ("superviseur.grand-est",
         "Mensuelle, deux heures, intervenant extérieur aussi. Important : qu'il ne soit pas dans la hiérarchie."),
        ("superviseur.martinique",
         "Tous les quinze jours, mais en deux groupes, pour que les équipes de nuit puissent venir."),
        ("coordination2",
         "Le modèle cible demande au moins une séance mensuelle avec un intervenant extérieur : vous y êtes tous, "
         "bravo."),
    )),
    Conversation("groupe-supervision", 45, "Cas d'école : écrire sans rien révéler", (
        ("superviseur.occitanie",
         "Pour nos échanges de pratiques, j'aimerais proposer des cas d'école. Comment les écrire pour qu'ils "
         "soient vraiment anonymes ? Changer l'âge et la ville ne suffit pas."),
        ("superviseur.ile-de-france-nord",
         "On part d'une question de pratique (par exemple : comment clore un appel quand la personne refuse toute "
         "orientation ?) et on invente une situation à partir de là. Jamais l'inverse."),
        ("coordination2",
         "{quote:2}C'est la bonne méthode, et la règle de la plateforme : des situations inventées pour illustrer "
         "une question, jamais une situation réelle maquillée."),
        ("superviseur.occitanie", "Parfait, je propose le premier cas pour la réunion de janvier."),
    )),
    Conversation("groupe-supervision", 2, "Astreinte de supervision la nuit : qui appelle qui ?", (
        ("superviseur.provence-alpes-cote-dazur",
         "Comment organisez-vous l'astreinte de supervision la nuit ? Chez nous : un superviseur joignable, qui "
         "rappelle dans les dix minutes. Mais les répondants hésitent à déranger."),
        ("superviseur.bourgogne-franche-comte",
         "Nous avons fixé un appel systématique à 2 h du matin, du superviseur vers le plateau. Ça lève "
         "l'hésitation : c'est lui qui appelle."),
        ("superviseur.centre-val-de-loire", "Bonne idée, je la reprends."),
    )),
]

# The benchmarks' thread: short questions between centres, each with one to three answers.
QUICK_INTRO = (
    "Ce fil sert aux **questions rapides** entre centres : une panne, un document introuvable, un créneau de "
    "débordement à confirmer. Pour un vrai sujet de discussion, ouvrez plutôt un nouveau sujet dans la bonne "
    "catégorie.\n\nRappel : jamais de données d'appelants, ici comme ailleurs."
)
QUICK_EXCHANGES = [
    ("Quelqu'un a des soucis de téléphonie ce matin ? Nos appels sortants échouent.",
     ["Rien à signaler {ici}, tout fonctionne.", "Même souci il y a une heure, revenu après redémarrage du softphone.",
      "Prévenez l'astreinte technique si ça dure plus de quinze minutes."]),
    ("Vous mettez à jour l'annuaire des ressources locales à quelle fréquence ?",
     ["Une fois par trimestre, un superviseur s'en charge.",
      "À chaque erreur signalée par un répondant, et une revue complète par an."]),
    ("Le lien vers le tableau de bord mensuel ne marche plus {ici}, c'est pareil ailleurs ?",
     ["L'adresse a changé : elle est dans le dernier e-mail de la coordination.", "Fonctionne avec le nouveau lien."]),
    ("Comment faites-vous pour les pauses repas sur les gardes du soir ?",
     ["Pauses décalées : un répondant à 19 h, l'autre à 20 h.", "Repas toujours pris hors plateau, même vingt minutes."]),
    ("Quelqu'un a déjà organisé une journée portes ouvertes pour les partenaires ?",
     ["Oui, l'an dernier : très bons retours des CMP et des associations.",
      "Pas encore, mais ça nous intéresse : tenez-nous au courant."]),
    ("Vous affichez l'heure des centres d'outre-mer quelque part sur le plateau ?",
     ["Oui, une horloge par fuseau à côté du tableau des débordements.", "Bonne idée, nous ne l'avons pas fait."]),
    ("Le formulaire d'inscription à la formation initiale a changé ?",
     ["Oui, nouvelle version depuis la rentrée, dans la bibliothèque.", "C'est celui de septembre, pas d'autre depuis."]),
    ("Une idée de lecture pour un répondant qui débute ?",
     ["Le guide d'accueil des répondants, avec la fiche sur la fatigue compassionnelle.",
      "Les supports de la dernière formation continue, dans la bibliothèque."]),
    ("Le softphone demande une mise à jour, vous l'avez faite ?",
     ["Faite hier soir {ici}, aucun souci.", "Nous attendons le feu vert de la DSI de l'hôpital."]),
    ("Quelqu'un connaît un intervenant pour la supervision collective en visio ?",
     ["Je t'envoie un contact par message.", "La question a été posée dans le réseau des superviseur·ses le mois dernier."]),
    ("On cherche un centre pour une journée d'immersion croisée entre répondants, des volontaires ?",
     ["Avec plaisir, écrivez à notre cadre.", "Nous aussi, au premier trimestre."]),
    ("Rappel : la réunion de coordination technique est décalée à 15 h aujourd'hui.",
     ["Merci pour le rappel !", "Bien noté."]),
    ("Quel support utilisez-vous pour les transmissions entre l'équipe de jour et celle de nuit ?",
     ["Un cahier de transmissions, rien de nominatif.", "Un point oral de dix minutes au changement d'équipe."]),
    ("La climatisation du plateau est en panne {ici}, un avis sur les climatiseurs mobiles ?",
     ["Bruyants : attention pendant les appels.", "Des ventilateurs silencieux : moins efficaces mais plus discrets."]),
    ("L'affiche du 3114 existe-t-elle en créole ?",
     ["Oui, demande-la à la communication du pôle.", "Nous l'avons en Guadeloupe, je te l'envoie."]),
    ("Comment notez-vous les appels sans parole dans le logiciel ?",
     ["Catégorie « appel silencieux », avec la durée.", "Pareil, et ils ne comptent pas dans la durée moyenne."]),
    ("Vous avez reçu le nouveau kit de communication ?", ["Reçu ce matin {ici}.", "Pas encore."]),
    ("Une date pour la prochaine formation des superviseurs ?",
     ["En mars, d'après le calendrier de Formation et temps forts.", "Elle sera annoncée au club des cadres."]),
    ("Quelqu'un a un modèle de note de service pour les congés d'été ?",
     ["Je dépose le nôtre dans la bibliothèque.", "Un simple tableau partagé, validé en réunion d'équipe."]),
    ("Le centre qui nous prend en débordement cette nuit peut-il confirmer ?",
     ["Confirmé, bonne nuit à vous.", "C'est bon pour nous jusqu'à 7 h."]),
    ("Vos répondants portent-ils un badge au plateau ?", ["Prénom seulement.", "Non, le plateau est fermé au public."]),
    ("Des retours sur le webinaire d'hier ?",
     ["Très bien, surtout la partie questions.", "Je n'ai vu que la fin, j'attends l'enregistrement."]),
    ("Des appelants se plaignent de coupures en zone blanche, des astuces ?",
     ["On propose dès le début de rappeler si ça coupe.", "Noter l'heure et signaler à l'opérateur via le pôle."]),
    ("Qui a une salle équipée pour suivre la visio du club des cadres ensemble ?",
     ["Nous, mais elle ne tient que six personnes.", "Chacun se connecte depuis son bureau, ça marche bien."]),
    ("Combien de temps gardez-vous les plannings archivés ?",
     ["C'est la politique de l'hôpital qui décide : demandez à la DRH.", "Le service RH les conserve, pas le centre."]),
]
QUICK_THANKS = ["Merci à tous !", "Merci, c'est réglé.", "Parfait, merci.", "Merci pour vos réponses rapides."]

# The archive: one thread a month per recurring subject, over the months before the conversations.
ARCHIVE_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]
ARCHIVE_SUBJECTS = [
    # title, author login (None: any member), opening, replies
    ("Compte rendu du club des cadres", "coordination",
     "Le compte rendu de la réunion du club des cadres de {mois} est en ligne. Points principaux : plannings, "
     "recrutement, suivi du taux de décroché. Vos compléments sont bienvenus ici.",
     ["Merci pour le compte rendu.", "Une précision sur le recrutement : les fiches de poste sont dans la bibliothèque."]),
    ("Point mensuel sur le taux de décroché", "coordination",
     "Les indicateurs de {mois} sont dans le tableau de bord. Le taux de décroché du réseau est stable ; les "
     "soirées restent le créneau le plus tendu.",
     ["Légère amélioration chez nous grâce au renfort du soir.", "Le dimanche reste difficile de notre côté."]),
    ("Tableau des débordements", "coordination",
     "Voici le tableau des débordements inter-centres pour {mois}. Vérifiez vos créneaux et signalez toute "
     "modification avant le 20.",
     ["Créneaux vérifiés pour nous.", "Une modification pour le dernier week-end, notée dans le tableau."]),
    ("Supervision collective : thème du mois", "coordination2",
     "Thème proposé pour les supervisions collectives de {mois} : la clôture des appels longs. Partagez vos "
     "questions ici en amont.",
     ["Bon thème, c'est une vraie difficulté chez nous.", "Nous l'avons travaillé, je partage nos pistes en séance."]),
    ("Mise à jour des ressources d'orientation", None,
     "Mise à jour de {mois} de l'annuaire des ressources d'orientation : nouvelles permanences et changements "
     "d'horaires. Signalez les erreurs en réponse.",
     ["Une erreur sur les horaires d'un CMP, corrigée.", "Merci pour la mise à jour."]),
    ("Retour de visite de centre", "coordination",
     "Retour synthétique de la visite de centre de {mois} : accueil chaleureux, équipe engagée, des progrès à "
     "faire sur la supervision de nuit.",
     ["Merci pour la visite et le retour.", "Les pistes proposées sont déjà à l'étude."]),
    ("Incidents de téléphonie", "coordination3",
     "Récapitulatif des incidents de téléphonie de {mois} : aucun incident majeur, deux coupures courtes sans "
     "perte d'appels.",
     ["Rien à ajouter de notre côté.", "Une coupure de quelques minutes chez nous aussi, sans conséquence."]),
    ("Formation initiale : bilan de session", "coordination",
     "Bilan de la formation initiale de {mois} : seize participants, de très bons retours sur les mises en situation.",
     ["Nos nouvelles recrues en sont revenues enthousiastes.", "Merci aux formateurs."]),
    ("Recrutements en cours", None,
     "Les postes ouverts dans le réseau en {mois} : répondants et superviseur·ses. Partagez vos annonces ici.",
     ["Nous cherchons un superviseur à temps plein.", "Deux postes de répondant ouverts chez nous."]),
    ("Questions RGPD du mois", "coordination3",
     "Les questions RGPD reçues en {mois} et leurs réponses, pour que tout le monde en profite.",
     ["Très utile, merci.", "Une question sur les plannings nominatifs, à traiter le mois prochain."]),
    ("Webinaire du mois", "coordination2",
     "Le webinaire de {mois} portait sur l'écoute des adolescents. L'enregistrement est dans la bibliothèque.",
     ["Très riche, merci aux intervenants.", "Nos équipes de nuit l'ont regardé en différé."]),
    ("Baromètre de qualité de vie au travail", "coordination",
     "Résultats du baromètre de qualité de vie au travail de {mois} : tendance stable, vigilance sur la fatigue.",
     ["Cohérent avec ce que l'équipe ressent.", "Nous en parlons en réunion d'équipe."]),
    ("Groupe Postvention : relevé de décisions", "coordination2",
     "Relevé de décisions du groupe Postvention de {mois} : la trame de débriefing avance, relecture à la "
     "prochaine réunion.",
     ["Merci pour le relevé.", "Relecture faite de notre côté."]),
    ("Nouvelles des centres ultramarins", None,
     "Les nouvelles des centres de Guadeloupe, Martinique et La Réunion pour {mois}.",
     ["Merci pour ces nouvelles.", "Bravo aux équipes !"]),
    ("Communication : kit et affiches", "coordination",
     "Point communication de {mois} : le kit est à jour, les affiches se commandent auprès du pôle.",
     ["Commande faite.", "Merci, nous en avons besoin pour un forum santé."]),
    ("Astreintes de supervision", "coordination2",
     "Tableau des astreintes de supervision de {mois}. Vérifiez vos numéros de joignabilité.",
     ["Vérifié.", "Un changement de numéro pour notre astreinte, mis à jour."]),
    ("Agenda du réseau", "coordination",
     "Les dates clés du réseau en {mois}, en heure de Paris et en heure locale pour les outre-mer.",
     ["Merci pour les horaires locaux !", "Noté dans l'agenda de l'équipe."]),
    ("Matériel et postes de travail", None,
     "Point matériel de {mois} : casques, écrans, softphone. Signalez ici vos besoins de renouvellement.",
     ["Trois casques à renouveler chez nous.", "Rien à signaler."]),
    ("Rencontres avec les partenaires", None,
     "Les rencontres avec les partenaires en {mois} : associations, SAMU, équipes de psychiatrie.",
     ["Très bonne rencontre avec l'équipe mobile de psychiatrie.", "Merci pour le partage."]),
    ("Bienvenue aux nouveaux professionnels", "coordination",
     "Bienvenue aux professionnels qui ont rejoint le réseau en {mois} ! Présentez-vous ici si vous le souhaitez.",
     ["Bonjour à tous, nouvelle répondante, ravie de vous rejoindre.", "Bienvenue à toutes et à tous !"]),
    ("Projet de tchat : avancement", "coordination3",
     "Avancement du projet de tchat en {mois} : tests de l'outil et rédaction du référentiel.",
     ["Merci pour ce point.", "Hâte de voir la version finale."]),
    ("Modèle cible : suivi des autodiagnostics", "coordination",
     "Suivi des autodiagnostics du modèle cible en {mois} : plusieurs centres ont rendu le leur.",
     ["Le nôtre est rendu.", "En relecture avec les superviseurs."]),
    ("Préparation des temps forts", "coordination2",
     "Préparation du prochain temps fort, point de {mois}. Les propositions d'ateliers sont bienvenues.",
     ["Proposition d'atelier sur l'écoute des proches.", "Nous pouvons témoigner sur notre équipe de nuit."]),
    ("Veille documentaire", "coordination",
     "La veille documentaire de {mois} : articles et rapports sur la prévention du suicide, choisis par le pôle.",
     ["Merci pour cette sélection.", "L'article sur la postvention est passionnant."]),
    ("Questions diverses des centres", None,
     "Vos questions diverses de {mois}, pour ne pas les perdre entre deux réunions.",
     ["Question sur les congés de fin d'année : réglée en club des cadres.", "Merci pour ce fil."]),
]
ARCHIVE_FIRST_MONTH_AGO = 7  # the most recent archived month, counted back from this month

_MENTION = re.compile(r"\{@([a-z0-9.-]+)\}")
_QUOTE = re.compile(r"\{quote:([0-9]+)\}")


def seed(stdout) -> None:
    """Seed the forums' demo data (the ``register_demo_data`` hook); runs again without adding anything."""
    members = demo_data.demo_members()
    if not members:
        stdout.write("Forums: no demo members, nothing seeded.")
        return
    before = Post.objects.count()
    with _seeding(), transaction.atomic():
        now = timezone.now()
        forums = _seed_forums(members)
        people = [m for m in members.values() if (m.centre_id or m.is_coordinator) and not m.is_staff]
        # The big thread first: on a fresh database it is /forums/sujets/1/, the path the benchmarks know.
        bench = _seed_bench_thread(forums[BENCH_THREAD_FORUM], members["coordination"], people, now)
        _seed_archive(forums[ARCHIVE_SLUG], members, people, now)
        for conversation in CONVERSATIONS:
            _seed_conversation(conversation, forums, members, now)
    categories = Forum.objects.categories().count()
    threads, posts = Thread.objects.count(), Post.objects.count()
    added = "" if posts > before else " (nothing new)"
    stdout.write(f"Forums: {categories} categories, {threads:,} threads, {posts:,} posts{added}.")
    stdout.write(
        f"  benchmarks: {bench.get_absolute_url()} ({bench.post_count:,} posts), "
        f"{forums[ARCHIVE_SLUG].get_absolute_url()} ({forums[ARCHIVE_SLUG].threads.count():,} threads)"
    )


@contextmanager
def _seeding():
    """Write as fast as a script does, and keep the demo's e-mails off the console (and off any mail server)."""
    saved = settings.FORUM_POSTS_PER_MINUTE, settings.EMAIL_BACKEND
    settings.FORUM_POSTS_PER_MINUTE = 1_000_000
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        yield
    finally:
        settings.FORUM_POSTS_PER_MINUTE, settings.EMAIL_BACKEND = saved


def _seed_forums(members) -> dict[str, Forum]:
    for slug, name, description, order in CATEGORIES:
        Forum.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
    forums = {forum.slug: forum for forum in Forum.objects.select_related("group")}
    for login, slug in FORUM_WATCHERS:
        if login in members and slug in forums:
            services.watch_forum(forums[slug], members[login], True)
    return forums


# --- Conversations, through the services ----------------------------------------------------------


def _seed_conversation(conversation: Conversation, forums, members, now) -> Thread | None:
    forum = forums.get(conversation.forum)
    if forum is None or Thread.objects.filter(forum=forum, title=conversation.title).exists():
        return None
    rng = random.Random(conversation.title)
    times = _timeline(now - timedelta(days=conversation.days_ago), len(conversation.posts), now, rng,
                      conversation.span_days)
    writers, readers = _writers(forum), _readers(forum, members)
    authors, thread, posts = {}, None, []
    for (login, text), when in zip(conversation.posts, times, strict=True):
        if login not in authors:
            authors[login] = _writer_for(members[login], writers, set(authors.values()), rng)
        author = authors[login]
        source = _fill(text, author, members, posts)
        if thread is None:
            thread = services.create_thread(forum, author, conversation.title, source)
            post = thread.posts.get(number=1)
        else:
            post = services.post_reply(thread, author, source)
        Post.objects.filter(pk=post.pk).update(created_at=when)  # dated back: the rate limit never sees it
        post.created_at = when
        posts.append(post)
    _thank(posts, readers, rng)
    if conversation.flag:
        number, login, reason = conversation.flag
        services.flag_post(posts[number - 1], members[login], reason)
    for wanted, action in ((conversation.pinned, ModerationAction.PIN), (conversation.closed, ModerationAction.CLOSE)):
        if wanted:
            services.moderate_thread(thread, _moderator(forum, members), action)
    Thread.objects.filter(pk=thread.pk).update(created_at=times[0], last_post_at=times[-1])
    ModerationLog.objects.filter(thread=thread).update(created_at=times[-1] + timedelta(hours=2))
    _date_notifications(posts, now)
    return thread


def _timeline(start, count: int, now, rng: random.Random, span_days: float | None) -> list:
    """When each post was written: the first at a working hour, replies hours (or days) apart, all in the past."""
    start = start.replace(hour=rng.randint(7, 16), minute=rng.randint(0, 59), second=rng.randint(0, 59))
    gaps = [rng.choice((0.3, 0.7, 1.5, 2, 3, 5, 8, 18, 26)) * rng.uniform(0.8, 1.2) for _ in range(count - 1)]
    limit = now - timedelta(minutes=20)
    wanted = span_days * 24 if span_days else sum(gaps)
    scale = min(wanted, (limit - start).total_seconds() / 3600) / sum(gaps) if gaps else 1
    times, when = [start], start
    for gap in gaps:
        when += timedelta(hours=gap * scale)
        times.append(_daytime(when, rng, limit))
    return sorted(times)


def _daytime(when, rng: random.Random, limit):
    """Move a post written at night (Paris time) to the next morning, unless that is still to come."""
    local = timezone.localtime(when)
    if 7 <= local.hour < 22:
        return when
    morning = local.replace(hour=rng.randint(7, 9), minute=rng.randint(0, 59))
    if local.hour >= 22:
        morning += timedelta(days=1)
    return morning if morning < limit else when


def _writers(forum: Forum) -> list | None:
    """Who may write in a group's forum: its active members and the coordinators (None: everyone)."""
    if forum.group is None:
        return None
    User = get_user_model()
    active = Membership.objects.filter(group=forum.group, status=Membership.Status.ACTIVE).values("member")
    return list(User.objects.active().filter(pk__in=active).order_by("pk")) + list(
        User.objects.active().filter(role="coordinateur").exclude(pk__in=active).order_by("pk")
    )


def _writer_for(member, writers, taken: set, rng: random.Random):
    """The member, or if they may not write here an active member of the group, of the same role if possible."""
    if writers is None or member in writers:
        return member
    free = [writer for writer in writers if writer not in taken] or writers
    return rng.choice([writer for writer in free if writer.role == member.role] or free)


def _readers(forum: Forum, members) -> list:
    audience = set(permissions.group_content_audience(forum.group).values_list("pk", flat=True))
    return [member for member in members.values() if member.pk in audience]


def _moderator(forum: Forum, members):
    """The coordinator for a category, the group's animateur for its forum."""
    animator = None if forum.is_category else forum.group.memberships.animators().select_related("member").first()
    return animator.member if animator else members["coordination"]


def _fill(text: str, author, members, posts: list) -> str:
    """Resolve the placeholders of a written post: mentions, quotes and the author's centre."""
    text = _MENTION.sub(lambda match: f"@{members[match.group(1)].handle}", text)
    quote = _QUOTE.match(text)
    if quote:
        quoted = posts[int(quote.group(1)) - 1]
        text = markdown.quote(quoted.author.display_name, quoted.get_absolute_url(), quoted.source) + text[quote.end():]
    return text.replace("{ici}", _place(author))


def _place(member) -> str:
    if member.centre is None:
        return "au pôle national"
    return "au centre " + member.centre.name.removeprefix("Centre de réponse ")


def _thank(posts: list, readers: list, rng: random.Random) -> None:
    """A few "Merci" from members who can read the thread."""
    for post in rng.sample(posts, k=min(len(posts), rng.randint(1, 2))):
        candidates = [reader for reader in readers if reader.pk != post.author_id]
        for member in rng.sample(candidates, k=min(len(candidates), rng.randint(1, 3))):
            services.thank(post, member)


def _date_notifications(posts: list, now) -> None:
    """Notifications bear their post's date; those older than a week have been read."""
    for post in posts:
        Notification.objects.filter(link=post.get_absolute_url()).update(created_at=post.created_at)
    Notification.objects.filter(
        link__in=[post.get_absolute_url() for post in posts], created_at__lt=now - timedelta(days=7)
    ).update(read_at=F("created_at") + timedelta(hours=5))


# --- The benchmarks' pages, in bulk ------------------------------------------------------------------


class _Renderer:
    """Markdown rendered once per distinct text (the bulk texts mention nobody)."""

    def __init__(self):
        self.cache = {}

    def __call__(self, source: str) -> str:
        if source not in self.cache:
            self.cache[source] = markdown.render(markdown.parse(source))
        return self.cache[source]


def _seed_bench_thread(forum: Forum, opener, people: list, now) -> Thread:
    existing = Thread.objects.filter(forum=forum, title=BENCH_THREAD_TITLE).first()
    if existing:
        return existing
    rng, render = random.Random(3114), _Renderer()
    count = BENCH_THREAD_POSTS
    start = (now - timedelta(days=180)).replace(hour=8, minute=12)
    limit = now - timedelta(minutes=20)
    times = [start] + sorted(_daytime(start + (limit - start) * rng.random(), rng, limit) for _ in range(count - 1))
    written = [(opener, QUICK_INTRO)]
    while len(written) < count:
        question, answers = rng.choice(QUICK_EXCHANGES)
        asker = rng.choice(people)
        written.append((asker, question))
        others = [person for person in people if person.pk != asker.pk]
        for answer in rng.sample(answers, k=rng.randint(1, len(answers))):
            written.append((rng.choice(others), answer))
        if rng.random() < 0.3:
            written.append((asker, rng.choice(QUICK_THANKS)))
    written = written[:count]
    thread = Thread.objects.create(
        forum=forum, title=BENCH_THREAD_TITLE, author=opener, created_at=times[0],
        post_count=count, last_post_at=times[-1], last_post_author=written[-1][0],
    )
    posts = [
        _bulk_post(thread, number, author, source.replace("{ici}", _place(author)), when, render)
        for number, ((author, source), when) in enumerate(zip(written, times, strict=True), start=1)
    ]
    _bulk_save(posts)
    return thread


def _seed_archive(forum: Forum, members, people: list, now) -> int:
    existing = set(forum.threads.values_list("title", flat=True))
    rng, render = random.Random(1001), _Renderer()
    threads, written = [], []
    first = now.year * 12 + now.month - 1 - ARCHIVE_FIRST_MONTH_AGO
    months = -(-ARCHIVE_THREADS // len(ARCHIVE_SUBJECTS))  # rounded up
    specs = [(first - back, subject) for back in range(months) for subject in ARCHIVE_SUBJECTS][:ARCHIVE_THREADS]
    for month_index, (title, login, opening, replies) in specs:
        year, month = divmod(month_index, 12)
        mois = f"{ARCHIVE_MONTHS[month]} {year}"
        full_title = f"{title} — {mois}"
        if full_title in existing:
            continue
        opener = members.get(login) or rng.choice(people)
        start = now.replace(year=year, month=month + 1, day=rng.randint(1, 24), hour=rng.randint(7, 16),
                            minute=rng.randint(0, 59))
        sources = [(opener, opening.format(mois=mois))]
        for reply in rng.sample(replies, k=rng.randint(0, len(replies))):
            sources.append((rng.choice([p for p in people if p.pk != opener.pk]), reply))
        times = [start] + sorted(
            _daytime(start + timedelta(hours=index * rng.uniform(2, 40)), rng, now) for index in range(1, len(sources))
        )
        thread = Thread(
            forum=forum, title=full_title, author=opener, created_at=start,
            post_count=len(sources), last_post_at=times[-1], last_post_author=sources[-1][0],
        )
        threads.append(thread)
        written.append(list(zip(sources, times, strict=True)))
    Thread.objects.bulk_create(threads, batch_size=500)
    posts = [
        _bulk_post(thread, number, author, source, when, render)
        for thread, thread_posts in zip(threads, written, strict=True)
        for number, ((author, source), when) in enumerate(thread_posts, start=1)
    ]
    _bulk_save(posts)
    return len(threads)


def _bulk_post(thread: Thread, number: int, author, source: str, when, render) -> Post:
    return Post(
        thread=thread, number=number, author=author, source=source, html=render(source), created_at=when,
        forum_id_indexed=thread.forum_id, searchable=True,
    )


def _bulk_save(posts: list, chunk: int = 1000) -> None:
    """Insert posts without signals, then index them for search in bulk, as ``update_index`` would."""
    Post.objects.bulk_create(posts, batch_size=500)
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(posts), chunk):
            backend.add_bulk(Post, posts[start : start + chunk])
