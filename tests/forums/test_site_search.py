"""The forums in the site-wide search: threads by title and posts by their words, as their readers see them."""

import pytest

from community.groups.services import add_member
from forums import services
from tests.community.factories import UserFactory, make_group
from tests.community.test_site_search import URL, section, titles
from tests.events.factories import login
from tests.forums.factories import CategoryFactory, group_forum, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(name="Pratiques d'écoute")


@pytest.fixture
def private_group(db):
    return make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[UserFactory()])


def page(user, query: str) -> str:
    return login(user).get(URL, {"q": query}).content.decode()


def test_threads_are_found_by_title_and_posts_by_their_words(category, member):
    thread = make_thread(category, title="Astreintes du dimanche", body="Comment les organisez-vous ?")
    services.post_reply(
        thread, UserFactory(first_name="Léa", last_name="Martin"), "Un tableur partagé pour les astreintes."
    )

    html = page(member, "astreintes")

    threads = section(html, "sujets")
    assert titles(threads) == ["Astreintes du dimanche"]
    assert "Pratiques d&#x27;écoute · 2 messages · dernier message le" in threads
    posts = section(html, "messages")
    assert titles(posts) == ["Astreintes du dimanche", "Astreintes du dimanche"]  # its first post, by title too
    assert "Un tableur partagé pour les <mark>astreintes</mark>." in posts and "Léa Martin" in posts
    assert f'href="/forums/messages/{thread.posts.get(number=2).pk}/"' in posts


def test_a_private_group_s_threads_and_posts_are_neither_shown_nor_counted_for_outsiders(private_group, member):
    animator = private_group.memberships.get().member
    thread = make_thread(group_forum(private_group), animator, "Budget du club", "Le budget confidentiel du club.")
    services.post_reply(thread, animator, "Budget voté.")
    make_thread(CategoryFactory(), title="Budget des formations", body="Ouvert à tous.")

    outside = page(member, "budget")
    assert titles(section(outside, "sujets")) == ["Budget des formations"]
    assert "Sujets de forum (1)" in outside and "Messages de forum (1)" in outside
    assert "Budget du club" not in outside and "confidentiel" not in outside

    add_member(private_group, member)
    inside = page(member, "budget")
    assert "Sujets de forum (2)" in inside and "Messages de forum (3)" in inside


def test_hidden_posts_and_threads_stay_out_of_members_results(category, member, coordinator):
    thread = make_thread(category, title="Organisation des plannings", body="Question sur les plannings.")
    reply = services.post_reply(thread, UserFactory(), "Un message déplacé sur les plannings.")
    services.set_post_hidden(reply, coordinator, True, "Hors charte")

    assert not section(page(member, "déplacé"), "messages")
    assert "Messages de forum (1)" in page(member, "plannings")  # the first post only

    services.moderate_thread(thread, coordinator, "hide_thread", "Doublon")
    html = page(member, "plannings")
    assert not section(html, "sujets") and not section(html, "messages")


def test_more_posts_than_shown_link_to_the_forums_own_search(category, member):
    for number in range(7):
        make_thread(category, title=f"Supervision n° {number}", body="Notre supervision mensuelle.")

    posts = section(page(member, "supervision"), "messages")

    assert len(titles(posts)) == 5
    assert 'href="/forums/recherche/?q=supervision"' in posts and "Voir les 7 résultats" in posts
