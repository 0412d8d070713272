"""Bench only: the library grown to N resources (default 2,000), written in bulk after ``seed_demo``.

The demo's forty resources go through the services, one revision and publication each; that path costs
tens of milliseconds a resource. For the load bench the library needs 2,000, so they are written here as
the forums' demo writes its 1,000-post thread: rows in bulk (pages with their tree paths, resource rows,
themes, one document per resource with its extracted text, its file and first version), then indexed for
search in one go, as ``update_index`` would. Every resource is live, with no revision (as after an import),
across types, themes, audiences (the whole network and the four demo groups, the private one included)
and publication dates from 2023 to 2026. The documents' files are three small real files (PDF, DOCX, ODT)
stored once and shared: each document row is its resource's own, as the visibility rule expects.

Fictional, and nothing describes a call. Run again, it tops up to N (resources are recognised by the
``banc-`` prefix of their slug). Run from the project root, with the environment of the site to fill:
    DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/library_resources.py --count 2000
"""

import argparse
import os
import random
import sys
import time
from functools import partial
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

PREFIX = "banc-"
FIRST_DAY, LAST_DAY = date(2023, 1, 9), date(2026, 11, 13)
TYPES = {
    "guide": "Guide",
    "procedure": "Procédure",
    "formation": "Support de formation",
    "compte_rendu": "Compte rendu",
    "modele": "Modèle",
    "article": "Article",
}
# (subject, themes, a sentence for the summary, a sentence for the body, a sentence only in the file)
SUBJECTS = [
    ("la postvention dans les équipes", ("postvention", "bien-être des équipes"),
     "Accompagner l'équipe après un échange éprouvant, dans les heures et les semaines qui suivent.",
     "Le soutien immédiat, le débriefing et le suivi à un mois s'enchaînent selon une trame commune.",
     "La cellule de soutien extérieure est proposée à chacun, sans obligation."),
    ("la régulation des appels de nuit", ("régulation", "planning"),
     "Comment les appels débordent d'un centre à l'autre quand un centre est saturé.",
     "Le tableau de régulation désigne chaque nuit un centre de garde et son suppléant.",
     "Les centres ultramarins prennent le relais grâce au décalage horaire."),
    ("le recrutement des répondants", ("recrutement",),
     "Entretiens, mises en situation et intégration des nouvelles recrues.",
     "La mise en situation repose sur un scénario fictif écrit par l'équipe pédagogique.",
     "Le tableau de suivi des candidatures se vide à chaque campagne."),
    ("la qualité de l'écoute", ("qualité", "supervision"),
     "Doubles écoutes consenties, retours bienveillants et indicateurs partagés.",
     "Les indicateurs sont des agrégats par centre et par tranche horaire, jamais des appels.",
     "Le retour au répondant se fait le jour même, à partir de trois questions ouvertes."),
    ("la formation continue", ("formation",),
     "Modules, calendrier et supports de la formation continue du réseau.",
     "Chaque module alterne apports, mises en situation et retours des formateurs.",
     "Une attestation est remise à la fin de chaque journée de formation."),
    ("le bien-être des équipes", ("bien-être des équipes",),
     "Prévenir l'usure professionnelle et organiser la récupération après les périodes chargées.",
     "Les temps de décompression sont planifiés comme des plages de travail.",
     "Un référent qualité de vie au travail est désigné dans chaque centre."),
    ("les plannings des centres", ("planning",),
     "Plages de jour, de soirée et de nuit, binômes et temps de supervision.",
     "Deux répondants au minimum sont présents sur chaque plage ouverte.",
     "Les gardes de nuit de dix heures sont suivies de deux jours de repos."),
    ("l'ouverture du tchat", ("tchat", "RGPD"),
     "Préparer l'écoute par écrit : outils, formulations et protection des données.",
     "Le référentiel propose des formulations d'accueil, de relance et de clôture.",
     "Aucun contenu d'échange n'est conservé au-delà de la durée nécessaire."),
    ("la supervision", ("supervision", "qualité"),
     "Appui en direct, analyse des pratiques et formation des superviseurs.",
     "L'analyse des pratiques se tient chaque mois en petit groupe.",
     "La grille d'observation porte sur la posture, jamais sur la personne appelante."),
    ("le modèle cible des centres", ("modèle cible",),
     "Organisation, effectifs et montée en charge attendus d'un centre de réponse.",
     "La montée en charge se fait par paliers horaires : journée, soirée, puis nuits.",
     "L'autodiagnostic du modèle cible se remplit chaque année avec le pôle national."),
]
# The audiences: None is the whole network; half the resources are for everyone.
AUDIENCES = [None, None, None, None, "club-des-cadres", "postvention", "supervision", "referentiel-tchat"]
FORMATS = ("pdf", "docx", "odt")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="resources with the banc- prefix wanted in all")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    import django

    django.setup()
    started = time.monotonic()
    added = seed(args.count)
    print(f"library: {added} bench resources added in {time.monotonic() - started:.1f} s")
    return 0


def seed(count: int) -> int:
    from django.db import transaction

    from community.library.models import LibraryIndexPage, ResourcePage

    index = LibraryIndexPage.objects.first()
    if index is None:
        sys.exit("no library index at /ressources/: run seed_demo first")
    have = ResourcePage.objects.filter(slug__startswith=PREFIX).count()
    if have >= count:
        return 0
    with transaction.atomic():
        pages = _write(index, range(have, count))
    _index_for_search(pages)
    return len(pages)


def _write(index, numbers) -> list:
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db.models import F
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from community.demo_data import DOMAIN
    from community.groups.models import WorkingGroup
    from community.library import samples
    from community.library.models import DocumentText, FileVersion, ResourceFile, ResourcePage, ResourceTag
    from community.library.services import library_collection
    from community.models import Centre, User

    Document = get_document_model()
    rng = random.Random(3114)
    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    centres = list(Centre.objects.filter(status="en_service").order_by("pk"))
    authors = list(User.objects.filter(email__endswith=f"@{DOMAIN}", role__in=["cadre", "coordinateur"]).order_by("pk"))
    content_type = ContentType.objects.get_for_model(ResourcePage)
    collection = library_collection()
    # Three small real files, stored once; each resource's document row points at one of them.
    stored = {}
    for kind in FORMATS:
        maker = {"pdf": samples.make_pdf, "docx": samples.make_docx, "odt": samples.make_odt}[kind]
        data = maker("Ressource du banc d'essai", [subject[2] + " " + subject[4] for subject in SUBJECTS])
        stored[kind] = (default_storage.save(f"documents/banc-ressources.{kind}", ContentFile(data)), len(data))
    last = index.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    days = (LAST_DAY - FIRST_DAY).days
    base_pages, resources, themes, documents, in_files = [], [], [], [], []
    for number in numbers:
        kind = list(TYPES)[number % len(TYPES)]
        subject, subject_themes, summary, body, in_file = SUBJECTS[(number * 7 + number // len(TYPES)) % len(SUBJECTS)]
        centre = centres[number % len(centres)]
        audience = groups.get(AUDIENCES[number % len(AUDIENCES)] or "")
        published = FIRST_DAY + timedelta(days=rng.randrange(days))
        title = f"{TYPES[kind]} : {subject}, {centre.name} ({published.year}, n° {number + 1})"
        slug = f"{PREFIX}{number + 1:04d}-{slugify(subject)}"[:80]
        when = timezone.make_aware(datetime.combine(published, clock(10)))
        position += 1
        author = authors[number % len(authors)]
        base_pages.append(
            Page(
                title=title, draft_title=title, slug=slug, content_type=content_type, live=True,
                has_unpublished_changes=False, url_path=f"{index.url_path}{slug}/", owner=author,
                locale_id=index.locale_id, first_published_at=when, last_published_at=when,
                path=Page._get_path(index.path, index.depth + 1, position), depth=index.depth + 1, numchild=0,
            )
        )
        resources.append(
            dict(
                resource_type=kind, summary=f"{summary} Proposé par le {centre.name}.",
                body=f"<p>{body}</p><p>{summary}</p>", author_centre=centre, group=audience,
                author_group=audience, publication_date=published, audience_key=audience.pk if audience else 0,
                review_date=published + timedelta(days=4 * 365) if number % 5 == 0 else None,  # none due yet
            )
        )
        themes.append(subject_themes)
        in_files.append(in_file)
        file_kind = FORMATS[number % len(FORMATS)]
        name, size = stored[file_kind]
        documents.append(
            # created_at is the time of writing (auto_now_add); the file's version bears the publication date.
            Document(title=title[:255], file=name, collection=collection, uploaded_by_user=author, file_size=size)
        )
    Page.objects.bulk_create(base_pages, batch_size=500)
    # A resource row per page (its parent row written above): Django writes no multi-table model in bulk,
    # so each goes through save_base(raw=True), which writes the child table only and skips indexing.
    pages = []
    for base, fields in zip(base_pages, resources, strict=True):
        inherited = {field.attname: getattr(base, field.attname) for field in Page._meta.concrete_fields}
        resource = ResourcePage(page_ptr_id=base.pk, **inherited, **fields)
        resource.save_base(raw=True, force_insert=True)
        pages.append(resource)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    tags = {}
    for name in {name for names in themes for name in names}:
        tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name, slug=slugify(name))
    ResourceTag.objects.bulk_create(
        [
            ResourceTag(content_object_id=page.pk, tag=tags[name])
            for page, names in zip(pages, themes, strict=True)
            for name in names
        ],
        batch_size=1000,
    )
    Document.objects.bulk_create(documents, batch_size=500)
    # The file's text: its title and the sentence of its subject that only the file holds.
    DocumentText.objects.bulk_create(
        [
            DocumentText(document=document, status=DocumentText.Status.DONE, text=f"{document.title}\n{in_file}")
            for document, in_file in zip(documents, in_files, strict=True)
        ],
        batch_size=500,
    )
    files = [ResourceFile(page_id=page.pk, document=doc) for page, doc in zip(pages, documents, strict=True)]
    ResourceFile.objects.bulk_create(files, batch_size=500)
    FileVersion.objects.bulk_create(
        [
            FileVersion(file=file, document=file.document, uploaded_by_id=file.document.uploaded_by_user_id,
                        created_at=page.first_published_at, note="Version initiale.")
            for file, page in zip(files, pages, strict=True)
        ],
        batch_size=500,
    )
    return pages


def _index_for_search(pages: list, chunk: int = 500) -> None:
    """Pages and their documents in the search index, in bulk (with their themes and files' text)."""
    from wagtail.documents import get_document_model
    from wagtail.search.backends import get_search_backends

    from community.library.models import ResourceFile, ResourcePage

    ids = [page.pk for page in pages]
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(ids), chunk):
            batch = ids[start : start + chunk]
            texts = dict(
                ResourceFile.objects.filter(page_id__in=batch).values_list("page_id", "document__extracted__text")
            )
            resources = list(ResourcePage.objects.filter(pk__in=batch).prefetch_related("tags"))
            for resource in resources:
                # Each page has one file, whose text was just written: what files_text() would read, one query
                # per batch instead of several per page.
                resource.files_text = partial(str, texts.get(resource.pk) or "")
            backend.add_bulk(ResourcePage, resources)
            documents = get_document_model().objects.filter(resource_files__page_id__in=batch).prefetch_related("tags")
            backend.add_bulk(get_document_model(), list(documents))


if __name__ == "__main__":
    sys.exit(main())
