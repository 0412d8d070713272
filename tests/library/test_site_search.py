"""The library in the site-wide search: resources a member may see, and the file a word was found in."""

import pytest

from community.groups.services import add_member
from tests.community.factories import UserFactory, make_group
from tests.community.test_site_search import URL, section, titles
from tests.events.factories import login
from tests.library.factories import library_index, make_resource, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_group(db):
    return make_group("Club des cadres", visibility="private", join_policy="invitation", members=[UserFactory()])


def resources(user, query: str) -> str:
    return section(login(user).get(URL, {"q": query}).content.decode(), "ressources")


def test_a_private_group_s_resources_are_neither_shown_nor_counted_for_outsiders(member, private_group):
    library_index()
    make_resource("Charte du club des cadres", group=private_group, summary="La charte du club.")
    make_resource("Charte de l'écoute", summary="La charte du réseau.")

    outside = login(member).get(URL, {"q": "charte"}).content.decode()
    assert titles(section(outside, "ressources")) == ["Charte de l&#x27;écoute"]
    assert "Ressources (1)" in outside and "club" not in outside

    add_member(private_group, member)
    assert sorted(titles(resources(member, "charte"))) == ["Charte de l&#x27;écoute", "Charte du club des cadres"]


def test_a_word_found_only_inside_a_file_says_which_file(member, django_capture_on_commit_callbacks):
    library_index()
    with django_capture_on_commit_callbacks(execute=True):
        make_resource(
            "Note de service",
            summary="Une note.",
            body="<p>Sans le mot.</p>",
            files=[pdf_upload("note.pdf", "Note interne", ("Le mot xylophone figure dans le fichier seulement.",))],
        )

    html = resources(member, "xylophone")

    assert titles(html) == ["Note de service"]
    assert '<p class="search-found-in">Dans le fichier « note »</p>' in html
    assert "<mark>xylophone</mark>" in html
    assert "Procédure · Tout le réseau ·" in html


def test_drafts_are_never_found(member):
    library_index()
    make_resource("Brouillon de procédure", publish=False)
    assert not resources(member, "brouillon")


def test_more_resources_than_shown_link_to_the_library_s_own_search(member):
    library_index()
    for number in range(6):
        make_resource(f"Guide de l'écoute n° {number}", slug=f"guide-{number}")

    html = resources(member, "guide")

    assert len(titles(html)) == 5
    assert 'href="/ressources/?q=guide"' in html and "Voir les 6 résultats" in html
