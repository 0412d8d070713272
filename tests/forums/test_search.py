"""Full-text search over forum posts (forums.search), on SQLite FTS5 and PostgreSQL alike."""

import pytest
from django.core.paginator import Paginator

from community.groups.services import add_member
from forums import services
from forums.models import ModerationAction
from forums.search import excerpt, search_posts, with_excerpts
from tests.community.factories import UserFactory, make_group
from tests.forums.factories import CategoryFactory, group_forum, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(name="Pratiques d'écoute")


@pytest.fixture
def animateur(db):
    return UserFactory()


@pytest.fixture
def private_group(animateur):
    return make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animateur])


def found(user, query: str) -> list[int]:
    return sorted(post.pk for post in search_posts(user, query))


def test_search_finds_posts_by_words_of_their_text(category, member):
    thread = make_thread(category, title="Organisation", body="Nous utilisons un tableur partagé.")
    reply = services.post_reply(thread, UserFactory(), "Chez nous, un calendrier mural et un tableur.")
    services.post_reply(thread, UserFactory(), "Rien à voir.")

    assert found(member, "calendrier") == [reply.pk]
    assert found(member, "tableur") == sorted([thread.posts.get(number=1).pk, reply.pk])
    assert found(member, "calendrier tableur") == [reply.pk]  # every word must match
    assert found(member, "introuvable") == []


def test_search_finds_a_thread_by_its_title_through_its_first_post(category, member):
    thread = make_thread(category, title="Astreintes du dimanche", body="Comment les organisez-vous ?", replies=2)
    assert found(member, "astreintes") == [thread.posts.get(number=1).pk]


def test_search_never_shows_a_private_group_s_posts_to_an_outsider(private_group, animateur, member):
    thread = make_thread(group_forum(private_group), author=animateur, body="Le budget confidentiel du club.")
    first = thread.posts.get()

    assert found(member, "confidentiel") == []
    add_member(private_group, member)
    assert found(member, "confidentiel") == [first.pk]
    assert found(UserFactory(role="coordinateur"), "confidentiel") == [first.pk]


def test_search_never_shows_hidden_or_deleted_posts(category, member, coordinator):
    thread = make_thread(category, body="Premier message ordinaire.")
    author = UserFactory()
    deleted = services.post_reply(thread, author, "Un propos anachronique effacé.")
    hidden = services.post_reply(thread, UserFactory(), "Un propos anachronique masqué.")
    kept = services.post_reply(thread, UserFactory(), "Un propos anachronique conservé.")

    services.delete_post(deleted, author)
    services.set_post_hidden(hidden, coordinator, True)

    for user in (member, author, coordinator):
        assert found(user, "anachronique") == [kept.pk]


def test_search_never_shows_posts_of_a_hidden_thread(category, member, coordinator):
    thread = make_thread(category, author=member, title="Sujet masqué", body="Un protocole hétérodoxe.")
    services.post_reply(thread, UserFactory(), "Toujours hétérodoxe.")

    services.moderate_thread(thread, coordinator, ModerationAction.HIDE_THREAD)
    assert found(member, "hétérodoxe") == []
    assert found(coordinator, "hétérodoxe") == []

    services.moderate_thread(thread, coordinator, ModerationAction.SHOW_THREAD)
    assert len(found(member, "hétérodoxe")) == 2


def test_an_edited_post_is_found_by_its_new_words_only(category, member):
    thread = make_thread(category, author=member, body="Un brouillon approximatif.")
    services.edit_post(thread.posts.get(), member, "Une version définitive.")
    assert found(member, "approximatif") == []
    assert found(member, "définitive") == [thread.posts.get().pk]


def test_visibility_is_applied_before_pagination(settings, private_group, animateur, category, member):
    settings.FORUM_POSTS_PER_MINUTE = 100
    secret = make_thread(group_forum(private_group), author=animateur, body="Un cas de postvention privé.")
    for number in range(29):
        services.post_reply(secret, animateur, f"Encore de la postvention, n° {number}.")
    public = make_thread(category, body="La postvention au grand jour.", replies=0)
    for number in range(2):
        services.post_reply(public, UserFactory(), f"Postvention publique n° {number}.")

    paginator = Paginator(search_posts(member, "postvention"), 10)
    assert paginator.count == 3
    assert paginator.num_pages == 1
    assert {post.thread_id for post in paginator.page(1)} == {public.pk}

    insider = Paginator(search_posts(animateur, "postvention"), 10)
    assert insider.count == 33
    assert insider.num_pages == 4


def test_results_carry_their_excerpts(category, member):
    make_thread(category, body="Le **débriefing** après un appel <difficile> & long.")
    [post] = with_excerpts(search_posts(member, "débriefing"), "débriefing")
    assert post.excerpt == "Le <mark>débriefing</mark> après un appel &lt;difficile &amp; long."


# --- Excerpts -----------------------------------------------------------------------------------------


def test_excerpt_escapes_html_and_marks_the_matches():
    # Markdown's marks (*, >, brackets...) are dropped; what remains is escaped.
    text = 'Voir <script>alert("x")</script> et le **Planning** des plannings & co.'
    assert excerpt(text, "planning") == (
        "Voir &lt;script alert &quot;x&quot; &lt;/script et le <mark>Planning</mark> des <mark>plannings</mark> &amp; co."
    )
    assert excerpt("<img src=x onerror=alert(1)>", "img") == "&lt;<mark>img</mark> src=x onerror=alert 1"


def test_excerpt_marks_nothing_when_the_query_has_only_one_letter_words():
    assert excerpt("Un appel à 3 h.", "a h") == "Un appel à 3 h."


def test_excerpt_never_marks_inside_the_escaping():
    # "lt", "amp", "quot", "x27" are words of the escaped text, not of the post.
    for query in ("lt", "amp", "quot", "x27"):
        assert excerpt("a < b & c \"e\" 'f'", query) == "a &lt; b &amp; c &quot;e&quot; &#x27;f&#x27;", query
    assert excerpt("Le <lt et amp & co", "lt amp") == "Le &lt;<mark>lt</mark> et <mark>amp</mark> &amp; co"


def test_excerpt_shows_the_text_around_the_first_match():
    text = " ".join(["remplissage"] * 60) + " le mot cible ici " + " ".join(["suite"] * 60)
    snippet = excerpt(text, "cible")
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>cible</mark>" in snippet
    assert len(snippet) < 300


def test_excerpt_of_a_query_with_regex_characters_is_safe():
    assert excerpt("Un coût (estimé) de 3.5 €", "(estimé) 3.5") == "Un coût estimé de <mark>3.5</mark> €"
