"""The site-wide search (/recherche/): providers through a hook, grouped results, bounds, visibility, cost."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from wagtail import hooks
from wagtail.models import PageViewRestriction

from community.groups.services import add_member
from community.models import HomePage, NewsIndexPage
from community.search import PER_KIND, PER_PAGE, Hits, Provider, Result
from forums import services as forum_services
from tests.community.factories import CentreFactory, UserFactory, add_news, make_group
from tests.events.factories import login, make_event
from tests.forums.factories import CategoryFactory, group_forum, make_thread
from tests.library.factories import make_resource

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def news_index(home):
    index = NewsIndexPage.objects.first()
    return index or home.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))


def section(html: str, key: str) -> str:
    """The markup of one kind's group of results (empty if the kind has none)."""
    match = re.search(rf'<section class="search-group" aria-labelledby="resultats-{key}">(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def titles(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card-title"><a href="[^"]*">([^<]*)</a>', html)


# --- The page and its bounds ---------------------------------------------------------------------------------


def test_every_page_has_the_search_box_in_its_header(member_client):
    for url in ("/", "/membres/", "/groupes/", URL):
        html = member_client.get(url).content.decode()
        header = html.split("<main", 1)[0]
        assert '<form class="site-search" role="search"' in header, url
        assert 'action="/recherche/"' in header
        assert '<label class="visually-hidden" for="site-search-q">Rechercher sur le site</label>' in header
        assert '<input type="search" id="site-search-q" name="q" maxlength="200">' in header


def test_visitors_who_are_not_signed_in_neither_see_the_box_nor_reach_the_page(client):
    assert "site-search" not in client.get("/comptes/login/").content.decode()
    response = client.get(URL + "?q=budget")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_an_empty_or_one_letter_query_shows_the_form_only(member_client, django_assert_max_num_queries):
    html = member_client.get(URL).content.decode()
    assert "<h1>Rechercher sur le site</h1>" in html
    assert "résultat" not in html

    with django_assert_max_num_queries(6):  # session, member, chrome: no provider asked
        response = member_client.get(URL + "?q=+a+")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tapez au moins deux caractères" in html
    assert "search-summary" not in html


def test_a_query_too_long_is_refused_beside_the_field_and_kept(member_client):
    query = "postvention " * 20  # 240 characters
    response = member_client.get(URL, {"q": query})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_q_error"' in html and "200 caractères au plus" in html
    assert 'aria-describedby="id_q_error"' in html and 'aria-invalid="true"' in html
    assert "postvention postvention" in html  # what was typed is still in the field
    assert "search-summary" not in html


@pytest.mark.parametrize("query", ['"', "foo* OR (", "NEAR(a b)", "-bar +baz", "l'écoute", "%_%", "<script>"])
def test_queries_with_search_syntax_or_markup_never_break_the_page(member_client, query):
    make_group("Groupe d'écoute <script>")
    response = member_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_results_are_grouped_by_kind_with_counts_a_summary_and_a_jump_list(member_client, member):
    for number in range(PER_KIND + 2):
        make_group(f"Postvention {number}")
    member.first_name, member.last_name = "Paule", "Postvention"
    member.save()

    html = member_client.get(URL, {"q": "postvention"}).content.decode()

    total = PER_KIND + 2 + 1
    assert f"{total} résultats pour « postvention »" in html
    assert '<a href="#resultats-groupes">Groupes de travail (7)</a>' in html
    assert '<a href="#resultats-membres">Membres (1)</a>' in html
    groups = section(html, "groupes")
    assert '<h2 id="resultats-groupes" tabindex="-1">Groupes de travail <span class="count">(7)</span></h2>' in groups
    assert len(titles(groups)) == PER_KIND
    assert 'href="?q=postvention&amp;type=groupes"' in groups and "Voir les 7 résultats" in groups
    members = section(html, "membres")
    assert titles(members) == ["Paule Postvention"] and "Voir les" not in members
    # Headings: the page's h1, an h2 per kind, an h3 per result.
    assert html.count("<h1") == 1 and html.count('<h3 class="card-title">') == PER_KIND + 1
    assert "Aucun résultat parmi :" in html  # the kinds without any match are named once


def test_words_are_marked_in_excerpts_and_markup_is_escaped(member_client):
    group = make_group("Groupe Astreintes")
    group.description = "Organiser les astreintes de nuit & de week-end <script>alert(1)</script>"
    group.save()

    html = section(member_client.get(URL, {"q": "astreintes"}).content.decode(), "groupes")

    assert "Organiser les <mark>astreintes</mark> de nuit &amp; de week-end &lt;script" in html
    assert "<script>" not in html


def test_no_result_gives_advice(member_client):
    html = member_client.get(URL, {"q": "introuvable"}).content.decode()
    assert "Aucun résultat pour « introuvable »" in html
    assert "<h2>Conseils pour votre recherche</h2>" in html and "Vérifiez l'orthographe" in html
    assert "search-jump" not in html


def test_one_kind_page_by_page_with_type(member_client):
    for number in range(PER_PAGE + 3):
        make_group(f"Groupe régional {number:02d}")

    first = member_client.get(URL, {"q": "régional", "type": "groupes"}).content.decode()
    assert "<h1>Rechercher : Groupes de travail</h1>" in first
    assert "Groupes de travail : 23 résultats pour « régional »" in first
    assert len(re.findall(r'<h2 class="card-title">', first)) == PER_PAGE
    assert '<input type="hidden" name="type" value="groupes">' in first  # a new query stays in this kind
    assert 'href="?q=r%C3%A9gional&amp;type=groupes&amp;page=2" rel="next"' in first
    assert 'href="?q=r%C3%A9gional">Voir les résultats de tous les types' in first

    second = member_client.get(URL, {"q": "régional", "type": "groupes", "page": 2}).content.decode()
    assert titles(second) == ["Groupe régional 20", "Groupe régional 21", "Groupe régional 22"]
    assert "Page 2 sur 2" in second


def test_an_unknown_type_shows_every_kind(member_client):
    make_group("Groupe Formation")
    html = member_client.get(URL, {"q": "formation", "type": "inconnu"}).content.decode()
    assert "<h1>Rechercher sur le site</h1>" in html and titles(section(html, "groupes")) == ["Groupe Formation"]


def test_apps_add_their_kind_through_the_hook(member_client):
    def provider():
        def search(request, query):
            rows = [Result(f"Trouvé {query}", "/quelque-part/", excerpt="<mark>x</mark>", meta="Ailleurs")]
            return Hits(FakeRows(rows), lambda found: found)

        return Provider("essai", "Essais", 1, search)

    with hooks.register_temporarily("register_search_providers", provider):
        html = member_client.get(URL, {"q": "bilan"}).content.decode()

    assert '<a href="#resultats-essai">Essais (1)</a>' in html
    assert titles(section(html, "essai")) == ["Trouvé bilan"]
    assert html.index("resultats-essai") < html.index("Aucun résultat parmi")


class FakeRows(list):
    def count(self):
        return len(self)


# --- community's own kinds: members, groups, news --------------------------------------------------------------


def test_members_are_found_by_name_or_centre_and_never_when_inactive(member_client):
    centre = CentreFactory(name="Centre de réponse de Brest")
    UserFactory(first_name="Yann", last_name="Le Goff", centre=centre)
    UserFactory(first_name="Anne", last_name="Le Goff", is_active=False)

    by_name = section(member_client.get(URL, {"q": "goff"}).content.decode(), "membres")
    assert titles(by_name) == ["Yann Le Goff"]
    assert "Centre de réponse de Brest" in by_name
    by_centre_and_name = section(member_client.get(URL, {"q": "brest yann"}).content.decode(), "membres")
    assert titles(by_centre_and_name) == ["Yann Le Goff"]


def test_a_private_group_is_found_by_its_members_only_and_counted_for_them_only(client, member):
    outsider = UserFactory()
    make_group("Cercle Supervision", visibility="private", join_policy="invitation", members=[member])
    make_group("Supervision ouverte")

    inside = login(member).get(URL, {"q": "supervision"}).content.decode()
    outside = login(outsider).get(URL, {"q": "supervision"}).content.decode()

    assert titles(section(inside, "groupes")) == ["Cercle Supervision", "Supervision ouverte"]
    assert titles(section(outside, "groupes")) == ["Supervision ouverte"]
    assert "Groupes de travail (1)" in outside and "Cercle" not in outside
    assert "1 résultat pour « supervision »" in outside


def test_news_are_found_when_published_and_not_restricted(member_client):
    index = news_index(HomePage.objects.first())
    add_news(index, "Journée nationale de prévention", date(2026, 2, 5), intro="Programme de la journée nationale.")
    draft = add_news(index, "Brouillon de la journée", date(2026, 2, 6))
    draft.unpublish()
    restricted = add_news(index, "Journée réservée", date(2026, 2, 7))
    restriction = PageViewRestriction.objects.create(page=restricted, restriction_type="groups")
    restriction.groups.add(Group.objects.create(name="Réservé"))

    html = section(member_client.get(URL, {"q": "journée"}).content.decode(), "actualites")

    assert titles(html) == ["Journée nationale de prévention"]
    assert "5 février 2026" in html and "Programme de la <mark>journée</mark> nationale." in html


# --- Cost ------------------------------------------------------------------------------------------------------


def _content(count: int, group, batch: int):
    """``count`` things of every kind with the word "bilan", half of the group ones in ``group``."""
    index = news_index(HomePage.objects.first())
    category = CategoryFactory(name="Pratiques")
    for number in range(batch * 100, batch * 100 + count):
        make_group(f"Groupe bilan {number}")
        UserFactory(first_name="Bilan", last_name=f"Membre {number}")
        add_news(index, f"Bilan de l'année {number}", date(2025, 1, 1 + number % 28))
        author = UserFactory()
        add_member(group, author)
        thread = make_thread(category if number % 2 else group_forum(group), author, f"Bilan n° {number}", "Le bilan.")
        forum_services.post_reply(thread, author, f"Un autre bilan, n° {number}.")
        make_event(f"Réunion bilan {number}", group=group if number % 2 else None, slug=f"bilan-{number}")
        make_resource(f"Bilan annuel {number}", group=group if number % 2 else None, slug=f"bilan-{number}")


def test_the_search_page_costs_the_same_whatever_the_number_of_matches(client, member, measure, quiet_notifications):
    group = make_group("Cercle", visibility="private", join_policy="invitation", members=[member])
    client.force_login(member)
    kinds = ("groupes", "membres", "actualites", "sujets", "messages", "evenements", "ressources")

    counts = []
    for batch, size in enumerate((2, 8)):
        _content(size, group, batch)
        html = client.get(URL + "?q=bilan").content.decode()
        assert all(section(html, key) for key in kinds)
        every_kind, writes = measure(client, URL + "?q=bilan", 26)
        one_kind, more_writes = measure(client, URL + "?q=bilan&type=ressources&page=2", 12)
        assert writes == more_writes == []
        counts.append((every_kind, one_kind))

    print("queries (every kind, one kind):", counts)
    assert counts[0] == counts[1], counts


@pytest.fixture
def quiet_notifications(monkeypatch):
    from tests.events.factories import silence_channels

    silence_channels(monkeypatch)


def test_a_private_group_s_things_never_reach_an_outsider_in_any_kind(member, quiet_notifications):
    insider = UserFactory()
    group = make_group("Cercle confidentiel", visibility="private", join_policy="invitation", members=[insider])
    thread = make_thread(group_forum(group), insider, "Plan confidentiel", "Le plan confidentiel du cercle.")
    forum_services.post_reply(thread, insider, "Toujours confidentiel.")
    make_event("Réunion confidentielle", group=group)
    make_resource("Note confidentielle", group=group)

    outside = login(member).get(URL, {"q": "confidentiel"}).content.decode()
    inside = login(insider).get(URL, {"q": "confidentiel"}).content.decode()

    assert "Aucun résultat pour « confidentiel »" in outside
    for key in ("groupes", "sujets", "messages", "evenements"):
        assert section(inside, key), key
    add_member(group, member)
    assert "Plan confidentiel" in login(member).get(URL, {"q": "confidentiel"}).content.decode()
