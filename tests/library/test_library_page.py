"""The library page (``/ressources/``) and ``search_resources``: visibility in the query, full-text search
(summary, body, themes, file text), facets and their counts, sort, pagination, and queries with 10 and 1,000
resources."""

import html
import re
from datetime import date

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict

from community.library.search import DATE, NETWORK, Filters, search_resources
from tests.community.factories import UserFactory, make_group
from tests.library.factories import library_index, make_resource, pdf_upload

pytestmark = pytest.mark.django_db

URL = "/ressources/"


def text_of(response) -> str:
    content = response.content.decode()
    main = content[content.index('<main id="contenu"') : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def results(response) -> str:
    content = response.content.decode()
    part = content[content.index('<ul class="plain-list resource-list">') :]
    part = part[: part.index("</ul>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part)))


def titles(found) -> list[str]:
    return [resource.title for resource in found]


def facet(found, name) -> dict[str, int]:
    [chosen] = [f for f in found.facets if f.name == name]
    return {value.value: value.count for value in chosen.values}


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def private_group(db, member):
    return make_group("Club des cadres", visibility="private", members=[member])


@pytest.fixture
def network_group(db):
    return make_group("Groupe Postvention")


@pytest.fixture
def library(db, private_group, network_group):
    """Four resources: two for the whole network, one of an open group, one of a private group."""
    library_index()
    return {
        "accueil": make_resource(
            "Accueil des appels",
            resource_type="procedure",
            summary="Comment décrocher et orienter un appelant.",
            body="<p>Les étapes du décroché, puis l'orientation.</p>",
            tags=["Écoute", "Accueil"],
            publication_date=date(2024, 3, 1),
        ),
        "formation": make_resource(
            "Formation des écoutants",
            resource_type="formation",
            summary="Le programme de la formation initiale.",
            body="<p>Six modules sur la crise suicidaire.</p>",
            tags=["Formation"],
            publication_date=date(2025, 6, 1),
        ),
        "postvention": make_resource(
            "Guide de postvention",
            resource_type="guide",
            summary="Après un suicide dans une équipe.",
            body="<p>Soutenir les collègues endeuillés.</p>",
            tags=["Postvention"],
            group=network_group,
            publication_date=date(2025, 9, 1),
        ),
        "cadres": make_resource(
            "Budget confidentiel des centres",
            resource_type="compte_rendu",
            summary="Compte rendu du club : orientation budgétaire.",
            body="<p>Arbitrages budgétaires.</p>",
            tags=["Écoute", "Budget"],
            group=private_group,
            publication_date=date(2025, 10, 1),
        ),
    }


# --- Visibility ---------------------------------------------------------------------------------------


def test_a_private_groups_resource_is_never_shown_to_outsiders(library, outsider, member):
    for query in ("", "orientation", "budgétaire", "écoute"):
        found = search_resources(outsider, query)
        assert "Budget confidentiel des centres" not in titles(found), query
        assert "club-des-cadres" not in facet(found, "groupe"), query
        assert "budget" not in facet(found, "theme"), query
    assert facet(search_resources(outsider), "theme")["écoute"] == 1  # the private resource's tag is not counted
    assert facet(search_resources(member), "theme")["écoute"] == 2
    assert titles(search_resources(member, "budgétaire")) == ["Budget confidentiel des centres"]
    assert sorted(titles(search_resources(member, "orientation"))) == [
        "Accueil des appels",
        "Budget confidentiel des centres",
    ]


def test_the_page_hides_a_private_resource_from_outsiders(client, library, outsider, member):
    client.force_login(outsider)
    response = client.get(URL, {"q": "orientation"})
    assert "Accueil des appels" in results(response)
    assert "Budget confidentiel" not in response.text
    assert "Club des cadres" not in response.text
    client.force_login(member)
    assert "Budget confidentiel des centres" in results(client.get(URL, {"q": "orientation"}))


def test_visitors_are_sent_to_log_in(client, library):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/comptes/login/")


def test_audience_filter_sits_in_the_search_query_before_pagination(library, outsider, network_group):
    for n in range(12):
        make_resource(
            f"Protocole confidentiel {n}",
            summary="Protocole de crise.",
            group=make_group(f"Privé {n}", visibility="private"),
        )
    make_resource("Protocole ouvert", summary="Protocole de crise.")
    page = Paginator(search_resources(outsider, "protocole"), 5).get_page(1)
    assert page.paginator.count == 1
    assert [r.title for r in page.object_list] == ["Protocole ouvert"]


def test_coordinators_find_every_resource(library, coordinator):
    assert len(titles(search_resources(coordinator, "orientation"))) == 2
    assert search_resources(coordinator).count() == 4


# --- Full text ------------------------------------------------------------------------------------------


def test_search_by_a_word_of_the_summary_the_body_a_theme_or_the_title(library, member):
    assert titles(search_resources(member, "décrocher")) == ["Accueil des appels"]  # summary
    assert titles(search_resources(member, "modules")) == ["Formation des écoutants"]  # body
    assert titles(search_resources(member, "postvention")) == ["Guide de postvention"]  # title and theme
    assert titles(search_resources(member, "budget")) == ["Budget confidentiel des centres"]  # theme, title
    assert titles(search_resources(member, "introuvable")) == []


def test_search_by_a_theme_alone(member, network_group):
    library_index()
    make_resource("Fiche réflexe", summary="Une fiche.", body="<p>Texte.</p>", tags=["Téléphonie"])
    assert titles(search_resources(member, "téléphonie")) == ["Fiche réflexe"]


def test_search_finds_a_word_only_inside_a_file_and_shows_where(client, member, django_capture_on_commit_callbacks):
    library_index()
    with django_capture_on_commit_callbacks(execute=True):
        make_resource(
            "Note de service",
            summary="Une note.",
            body="<p>Sans le mot.</p>",
            files=[pdf_upload(words=("Le mot xylophone figure dans le fichier seulement.",))],
        )
    found = search_resources(member, "xylophone")
    assert titles(found) == ["Note de service"]
    client.force_login(member)
    response = client.get(URL, {"q": "xylophone"})
    assert "<mark>xylophone</mark>" in response.text
    assert "Dans le fichier" in response.text


def test_the_excerpt_marks_the_words_and_escapes_the_text(client, member):
    library_index()
    make_resource("Sécurité", summary="Quand <b>rappeler</b> un appelant & pourquoi.")
    client.force_login(member)
    response = client.get(URL, {"q": "rappeler"})
    assert "<mark>rappeler</mark>" in response.text and "un appelant &amp; pourquoi." in response.text
    assert "<b>" not in response.text


# --- Facets, sort, pagination -----------------------------------------------------------------------------


def test_facets_count_the_visible_found_set(library, member, network_group):
    found = search_resources(member)
    assert facet(found, "type") == {"guide": 1, "procedure": 1, "formation": 1, "compte_rendu": 1}
    assert facet(found, "annee") == {"2025": 3, "2024": 1}
    assert facet(found, "groupe") == {NETWORK: 2, "club-des-cadres": 1, "groupe-postvention": 1}
    assert facet(found, "theme") == {"accueil": 1, "budget": 1, "écoute": 2, "formation": 1, "postvention": 1}
    matched = search_resources(member, "orientation")
    assert facet(matched, "type") == {"procedure": 1, "compte_rendu": 1}
    assert facet(matched, "annee") == {"2025": 1, "2024": 1}


def test_facet_filters_narrow_each_other_and_widen_within_one(library, member):
    both_years = Filters(years=(2024, 2025))
    assert len(titles(search_resources(member, filters=both_years))) == 4
    found = search_resources(member, filters=Filters(years=(2025,), themes=("écoute",)))
    assert titles(found) == ["Budget confidentiel des centres"]
    # A facet's counts ignore its own choice (they say what choosing another value gives), not the others'.
    assert facet(found, "annee") == {"2025": 1, "2024": 1}
    assert facet(found, "type") == {"compte_rendu": 1}
    guides_and_procedures = Filters(types=("guide", "procedure"))
    assert sorted(titles(search_resources(member, filters=guides_and_procedures))) == [
        "Accueil des appels",
        "Guide de postvention",
    ]


def test_group_facet_counts_audience_and_author_group(member, network_group):
    library_index()
    make_resource("Écrit par le groupe", author_group=network_group)
    make_resource("Pour le groupe", group=network_group, author_group=network_group)
    found = search_resources(member, filters=Filters(groups=("groupe-postvention",)))
    assert sorted(titles(found)) == ["Pour le groupe", "Écrit par le groupe"]
    assert facet(found, "groupe") == {NETWORK: 1, "groupe-postvention": 2}
    assert titles(search_resources(member, filters=Filters(groups=(NETWORK,)))) == ["Écrit par le groupe"]


def test_filters_from_the_query_string_drop_what_cannot_be(library, member):
    params = QueryDict("type=guide&type=nimporte&annee=2025&annee=20x5&annee=99999&theme=%C3%A9coute&groupe=inconnu")
    filters = Filters.from_params(params)
    assert filters == Filters(types=("guide",), themes=("écoute",), groups=("inconnu",), years=(2025,))
    assert titles(search_resources(member, filters=Filters(groups=("inconnu",)))) == []


def test_sort_by_date_or_relevance(member):
    library_index()
    make_resource("Ancien", summary="Crise crise crise : tout sur la crise.", publication_date=date(2020, 1, 1))
    make_resource("Récent", summary="Une mention de crise.", publication_date=date(2026, 1, 1))
    make_resource("Milieu", summary="Parle de crise.", publication_date=date(2023, 1, 1))
    assert titles(search_resources(member, "crise", order=DATE)) == ["Récent", "Milieu", "Ancien"]
    assert titles(search_resources(member, "crise"))[0] == "Ancien"
    assert titles(search_resources(member)) == ["Récent", "Milieu", "Ancien"]  # without words: newest first


def test_page_paginates_and_keeps_the_search_in_the_links(client, member):
    library_index()
    for n in range(23):
        make_resource(f"Fiche {n:02d}", summary="Une fiche pratique.", publication_date=date(2025, 1, n + 1))
    client.force_login(member)
    response = client.get(URL, {"q": "fiche", "tri": "date", "type": "procedure"})
    assert "23 ressources trouvées" in text_of(response)
    assert "Page 1 sur 2" in response.text
    assert 'href="?q=fiche&amp;tri=date&amp;type=procedure&amp;page=2"' in response.text
    second = client.get(URL, {"q": "fiche", "tri": "date", "type": "procedure", "page": "2"})
    assert "Fiche 02" in results(second) and "Fiche 22" not in results(second)


def test_page_shows_search_box_facets_sort_and_rows(client, library, member):
    client.force_login(member)
    response = client.get(URL, {"q": "orientation", "theme": "écoute"})
    content = response.text
    assert '<input type="search" id="library-q" name="q" value="orientation"' in content
    assert '<label for="library-q">' in content
    assert "<legend>Type</legend>" in content and "<legend>Thème</legend>" in content
    assert "<legend>Groupe</legend>" in content and "<legend>Année</legend>" in content
    assert 'name="theme" value="écoute" id="facet-theme-' in content and "checked" in content
    assert '<select id="library-order" name="tri">' in content
    rows = results(response)
    assert "Accueil des appels" in rows and "Procédure" in rows and "Tout le réseau" in rows
    assert "1er mars 2024" in rows or "1 mars 2024" in rows
    assert "0 fichier" in rows
    assert "Budget confidentiel des centres" in rows and "Club des cadres" in rows
    assert 'href="/ressources/proposer/"' in content
    assert "/ressources/a-revoir/" not in content and "/ressources/propositions/" not in content


def test_empty_states_in_french(client, member):
    library_index()
    client.force_login(member)
    assert "La bibliothèque ne contient encore aucune ressource" in text_of(client.get(URL))
    make_resource("Seule ressource")
    assert "Aucune ressource que vous pouvez consulter ne correspond" in text_of(client.get(URL, {"q": "absent"}))


def test_coordinators_see_the_review_link_with_its_count_and_moderators_the_proposals(client, coordinator):
    library_index()
    make_resource("À revoir", review_date=date(2020, 1, 1))
    make_resource("Pas encore", review_date=date(2999, 1, 1))
    client.force_login(coordinator)
    content = client.get(URL).text
    assert 'href="/ressources/a-revoir/">1 ressource à revoir' in content
    assert 'href="/ressources/propositions/"' in content
    animateur = UserFactory()
    make_group("Groupe animé", animators=[animateur])
    client.force_login(animateur)
    content = client.get(URL).text
    assert 'href="/ressources/propositions/"' in content and "/ressources/a-revoir/" not in content


# --- Queries --------------------------------------------------------------------------------------------

TYPES = ["guide", "procedure", "formation", "compte_rendu", "modele", "article"]
THEMES = ["Écoute", "Formation", "Crise", "Accueil", "Postvention"]


def bulk_resources(count: int, groups, start: int = 0) -> None:
    """``count`` published resources in a few bulk statements (saving 1,000 pages one by one takes a minute).

    Rows as ``add_child`` and ``publish`` leave them: tree paths under the index, the page and resource tables,
    themes, the audience key, and the search index (``add_bulk``).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from community.library.models import ResourcePage, ResourceTag

    index = library_index()
    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ResourcePage)
    now = timezone.now()
    resources = []
    for offset, n in enumerate(range(start, start + count)):
        group = groups[n % len(groups)]
        resources.append(
            ResourcePage(
                title=f"Ressource {n} sur la crise",
                draft_title=f"Ressource {n} sur la crise",
                slug=f"ressource-{n}",
                path=ResourcePage._get_path(index.path, index.depth + 1, index.numchild + offset + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}ressource-{n}/",
                content_type=content_type,
                locale_id=index.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                resource_type=TYPES[n % len(TYPES)],
                summary=f"Résumé {n} : repérer la crise.",
                group=group,
                audience_key=group.pk if group else 0,
                publication_date=date(2015 + n % 10, 1 + n % 12, 1),
            )
        )
    pages = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(r, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"})
            for r in resources
        ]
    )
    for resource, page in zip(resources, pages, strict=True):
        resource.pk = resource.id = resource.page_ptr_id = page.pk
    ResourcePage.objects._insert(resources, fields=ResourcePage._meta.local_concrete_fields)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in THEMES}
    ResourceTag.objects.bulk_create(
        [ResourceTag(content_object_id=r.pk, tag=tags[THEMES[n % len(THEMES)]]) for n, r in enumerate(resources, start)]
    )
    get_search_backend().add_bulk(ResourcePage, list(ResourcePage.objects.filter(pk__in=[r.pk for r in resources])))


def test_bulk_resources_are_real_pages(member):
    bulk_resources(3, [None])
    found = search_resources(member, "repérer")
    assert sorted(titles(found)) == [f"Ressource {n} sur la crise" for n in range(3)]
    assert facet(found, "theme") == {"crise": 1, "formation": 1, "écoute": 1}
    resource = found.queryset.first()
    assert resource.get_parent().specific == library_index()
    assert resource.url == f"/ressources/{resource.slug}/"


# Queries of the library page: session, member, centre's zone, Wagtail's site and page lookups (5), then the
# readable groups, the count, the rows, their themes and files, four facets, the unread count and the
# userbar's two permission checks.
LIBRARY_QUERIES = 21
LIBRARY_URLS = [
    URL,
    URL + "?q=crise",
    URL + "?q=crise&page=2",
    URL + "?q=crise&tri=date&theme=crise&annee=2017&annee=2022&groupe=groupe-postvention&type=procedure",
    URL + "?theme=crise&groupe=club-des-cadres",
]


def test_library_page_queries_are_the_same_with_10_and_1000_resources(
    client, member, measure, private_group, network_group
):
    groups = [None, network_group, private_group]
    bulk_resources(10, groups)
    client.force_login(member)
    client.get(URL)  # the first request of a process fills caches (content types, the site's root paths)
    few = [measure(client, url, LIBRARY_QUERIES) for url in LIBRARY_URLS]
    assert all(writes == [] for _count, writes in few)
    bulk_resources(990, groups, start=10)
    response = client.get(URL + "?q=crise")
    assert "1000 ressources trouvées" in text_of(response)  # every one visible to this member of all three
    many = [measure(client, url, LIBRARY_QUERIES) for url in LIBRARY_URLS]
    assert [count for count, _ in many] == [count for count, _ in few]
