"""Forum pages as members see them: what they show, how they answer bad input, and what they cost.

Big threads and lists are written with ``bulk_create`` (what the services would have stored, without
their cost); the query-count tests compare a small and a large version of each page.
"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from community.groups.models import Membership
from community.groups.services import add_member
from forums import services
from forums.models import Flag, Post, PostRevision, ReadState, Thanks, Thread, ThreadWatch, WatchLevel
from tests.community.factories import UserFactory, make_group
from tests.forums.factories import CategoryFactory, group_forum, make_thread

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
# The home page's own queries (site, page, view restrictions, news, permissions, groups section) leave
# room for 2 of the forums section: its threads, and the unread-notifications count that each
# section's render_to_string(request=...) runs again through the context processors.
HOME_QUERIES = 16
REMINDER = "aucune donnée de patient"


@pytest.fixture
def animator(db):
    return UserFactory(role="cadre", first_name="Agathe", last_name="Morel")


@pytest.fixture
def group(member, animator):
    """A network group the member belongs to: every member reads its forum, its members write there."""
    group = make_group("Groupe Postvention", animators=[animator])
    add_member(group, member)
    return group


@pytest.fixture
def forum(group):
    return group_forum(group)


@pytest.fixture
def private_group(animator):
    return make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animator])


def login(client, user):
    client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


def textarea(response) -> str:
    """The composer's text, as the browser will show it."""
    match = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', text_of(response), re.DOTALL)
    assert match, "no composer on the page"
    return html.unescape(match.group(1))


def open_thread(client, thread):
    """Open a thread as its link does: to the first unread post, if any."""
    response = client.get(thread.get_absolute_url(), follow=True)
    assert response.status_code == 200
    return text_of(response)


@pytest.fixture
def measure(measure):
    """The shared ``measure(client, url, limit)``, with ``limit`` ``MAX_QUERIES`` unless told."""

    def measure_forum_page(client, url, limit=MAX_QUERIES):
        return measure(client, url, limit)

    return measure_forum_page


# --- Data at scale: what the services store, written in a few INSERTs ----------------------------------


def fill_thread(thread, total, authors, reader=None):
    """Posts up to ``total`` by ``authors`` in turn, some edited, deleted or hidden; ``reader`` thanks and flags some."""
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            number=number,
            author=authors[number % len(authors)],
            source=f"Message n° {number}.",
            html=f"<p>Message n° {number}.</p>",
            forum_id_indexed=thread.forum_id,
            created_at=now,
            edited_at=now if number % 7 == 0 else None,
            is_deleted=number % 11 == 0,
            is_hidden=number % 13 == 0,
        )
        for number in range(thread.post_count + 1, total + 1)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=total, last_post_at=now, last_post_author=authors[-1])
    if reader is not None:
        Thanks.objects.bulk_create(Thanks(post=post, member=reader) for post in posts[::3])
        Flag.objects.bulk_create(Flag(post=post, member=reader, reason="Hors sujet.") for post in posts[1::5])
    thread.refresh_from_db()
    return thread


def fill_forum(forum, total, authors, reader):
    """Threads up to ``total`` (their rows only: lists never read posts); ``reader`` tracks every third, read in part."""
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(
            forum=forum,
            title=f"Sujet n° {number}",
            author=authors[number % len(authors)],
            last_post_author=authors[(number + 1) % len(authors)],
            post_count=number % 9 + 1,
            last_post_at=now,
            is_pinned=number % 50 == 0,
            is_closed=number % 17 == 0,
        )
        for number in range(forum.threads.count(), total)
    )
    ThreadWatch.objects.bulk_create(
        ThreadWatch(member=reader, thread=thread, level=WatchLevel.TRACKING) for thread in threads[::3]
    )
    ReadState.objects.bulk_create(ReadState(member=reader, thread=thread, last_read=1) for thread in threads[::3])
    return threads


# --- Index, forum and unread pages -----------------------------------------------------------------------


def test_index_lists_categories_and_only_the_group_forums_one_may_read(client, member, animator, private_group, group):
    CategoryFactory(name="Pratiques d'écoute")
    response = login(client, member).get(reverse("forums:index"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Pratiques d&#x27;écoute" in page and "Groupe Postvention" in page
    assert "Club des cadres" not in page  # a private group's forum, for outsiders, does not exist

    add_member(private_group, member)
    assert "Club des cadres" in text_of(client.get(reverse("forums:index")))


def test_forum_page_lists_pinned_threads_first_then_new_and_unread_counts(client, member, animator, forum, coordinator):
    tracked = make_thread(forum, author=member, title="Astreintes de nuit")
    for number in range(2):
        services.post_reply(tracked, animator, f"Réponse {number}.")
    pinned = make_thread(forum, author=animator, title="Charte du forum")
    services.moderate_thread(pinned, coordinator, "pin")
    fresh = make_thread(forum, author=animator, title="Retour de formation")
    read = make_thread(forum, author=animator, title="Déjà lu")
    ReadState.objects.create(member=member, thread=read, last_read=1)

    page = text_of(login(client, member).get(forum.get_absolute_url()))

    titles = re.findall(r'class="thread-title" href="[^"]+">([^<]+)</a>', page)
    assert titles[0] == "Charte du forum"
    rows = {title: row for row in page.split('<li class="thread-row') for title in titles if title in row}
    assert "nouveau" in rows[fresh.title]
    assert "2 non lus" in rows[tracked.title]
    assert "nouveau" not in rows[read.title] and "non lu" not in rows[read.title]
    assert "Nouveau sujet" in page


def test_unread_page_lists_tracked_threads_with_new_posts_and_new_threads_across_forums(
    client, member, animator, forum, private_group
):
    category = CategoryFactory(name="Entraide")
    tracked = make_thread(category, author=member, title="Question de planning")
    services.post_reply(tracked, animator, "Voici ma réponse.")
    make_thread(forum, author=animator, title="Nouveau dans le groupe")
    caught_up = make_thread(forum, author=member, title="Rien de neuf")
    make_thread(group_forum(private_group), author=animator, title="Réservé au club")

    page = text_of(login(client, member).get(reverse("forums:unread")))

    assert "Question de planning" in page and "1 non lu" in page
    assert "Nouveau dans le groupe" in page and "nouveau" in page
    assert caught_up.title not in page
    assert "Réservé au club" not in page


# --- Thread page -------------------------------------------------------------------------------------------


def test_thread_page_shows_posts_and_the_edited_mark_links_history_for_its_author(client, member, animator, forum):
    thread = make_thread(forum, author=member, title="Supervision", body="Première version.")
    post = thread.posts.get()
    services.edit_post(post, member, "Version corrigée.")
    services.post_reply(thread, animator, "Merci pour ce partage.")
    history = reverse("forums:post_history", args=[post.pk])

    page = open_thread(login(client, member), thread)
    assert "Version corrigée." in page and "Merci pour ce partage." in page
    assert f'<a href="{history}">modifié' in page

    reader = UserFactory()
    page = open_thread(login(client, reader), thread)
    assert "<span>modifié</span>" in page and history not in page

    history_page = text_of(login(client, member).get(history))
    assert "Première version." in history_page and "Version corrigée." in history_page


def test_deleted_post_leaves_a_placeholder(client, member, animator, forum):
    thread = make_thread(forum, author=animator, body="Un message.")
    post = services.post_reply(thread, member, "Un message que je regrette.")
    services.delete_post(post, member)

    page = open_thread(login(client, animator), thread)
    assert "Message supprimé par son auteur." in page
    assert "Un message que je regrette." not in page


def test_hidden_post_shows_only_to_moderators_and_its_author_with_a_notice(client, member, animator, forum):
    thread = make_thread(forum, author=animator, body="Bienvenue.")
    post = services.post_reply(thread, member, "Le patient M. Dupont a rappelé.")
    services.set_post_hidden(post, animator, True, "Donnée de patient")
    notice = "Ce message est masqué par la modération"

    for viewer in (animator, member):
        page = open_thread(login(client, viewer), thread)
        assert "M. Dupont" in page and notice in page

    page = open_thread(login(client, UserFactory()), thread)
    assert "M. Dupont" not in page and "Message masqué par la modération." in page


def test_citer_prefills_the_composer_with_the_quoted_post(client, member, animator, forum):
    thread = make_thread(forum, author=animator, body="Nous tournons à trois la nuit.")
    post = thread.posts.get()
    response = login(client, member).get(f"{thread.get_absolute_url()}?page=1&citer={post.pk}")
    body = textarea(response)
    assert body.startswith("> **Agathe Morel** a écrit")
    assert f"({post.get_absolute_url()})" in body and "> Nous tournons à trois la nuit." in body


def test_citer_does_not_quote_a_post_one_cannot_read(client, member, animator, forum, private_group):
    secret = make_thread(group_forum(private_group), author=animator, body="Entre cadres.").posts.get()
    thread = make_thread(forum, author=animator)
    response = login(client, member).get(f"{thread.get_absolute_url()}?page=1&citer={secret.pk}")
    assert "Entre cadres." not in text_of(response) and textarea(response) == ""


def test_every_composer_carries_the_no_patient_data_reminder_above_it(client, member, animator, forum):
    thread = make_thread(forum, author=member)
    post = thread.posts.get()
    login(client, member)
    for url in (
        reverse("forums:new_thread", args=[forum.slug]),
        thread.get_absolute_url(),
        reverse("forums:edit_post", args=[post.pk]),
    ):
        page = text_of(client.get(url))
        assert REMINDER in page, url
        assert page.index(REMINDER) < page.index('<textarea name="body"'), url


def test_permalink_lands_on_the_page_and_anchor_of_the_post(client, member, animator, forum):
    thread = fill_thread(make_thread(forum, author=animator), 1000, [animator, member])
    login(client, member)
    for number, page in [(1, None), (25, None), (26, 2), (1000, 40)]:
        post = thread.posts.get(number=number)
        response = client.get(reverse("forums:post", args=[post.pk]))
        suffix = f"?page={page}" if page else ""
        assert response.status_code == 302
        assert response.url == f"{thread.get_absolute_url()}{suffix}#message-{number}"


def test_opening_a_thread_goes_to_the_first_unread_post(client, member, animator, forum):
    thread = fill_thread(make_thread(forum, author=animator), 60, [animator])
    ReadState.objects.create(member=member, thread=thread, last_read=30)
    login(client, member)

    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302 and response.url == f"{thread.get_absolute_url()}?page=2#message-31"
    page = client.get(response.url)
    assert "Non lus à partir d'ici" in text_of(page)
    assert ReadState.objects.get(member=member, thread=thread).last_read == 50

    client.get(f"{thread.get_absolute_url()}?page=3")
    assert client.get(thread.get_absolute_url()).status_code == 200  # everything read: the first page


def test_first_unread_post_on_the_first_page_does_not_loop(client, member, animator, forum):
    thread = make_thread(forum, author=member)
    services.post_reply(thread, animator, "Une réponse.")
    login(client, member)

    response = client.get(thread.get_absolute_url())
    assert response.status_code == 302
    assert response.url == f"{thread.get_absolute_url()}?page=1#message-2"
    assert client.get(response.url).status_code == 200


def test_a_hidden_thread_is_not_found_but_for_its_author_and_moderators(client, member, animator, forum):
    thread = make_thread(forum, author=member)
    services.moderate_thread(thread, animator, "hide_thread")
    assert login(client, UserFactory()).get(thread.get_absolute_url()).status_code == 404
    page = open_thread(login(client, member), thread)
    assert "Ce sujet est masqué par la modération" in page


# --- Bad input ----------------------------------------------------------------------------------------------


def test_empty_reply_is_refused_with_a_french_message_beside_the_field(client, member, animator, forum):
    thread = make_thread(forum, author=animator)
    response = login(client, member).post(reverse("forums:reply", args=[thread.pk]), {"body": "   "})
    assert response.status_code == 400
    assert re.search(r'<div class="errorlist" id="id_body_error"><p>Le message est vide', text_of(response))
    assert thread.posts.count() == 1


def test_too_long_reply_is_refused_and_keeps_what_was_typed(client, member, animator, forum):
    thread = make_thread(forum, author=animator)
    typed = "Bonsoir à toutes et tous. " + "x" * 20000
    response = login(client, member).post(reverse("forums:reply", args=[thread.pk]), {"body": typed})
    assert response.status_code == 400
    assert "Le message dépasse 20000 caractères" in text_of(response)
    assert 'aria-invalid="true"' in text_of(response)
    assert textarea(response) == typed
    assert thread.posts.count() == 1


def test_reply_to_a_closed_thread_is_refused_and_nothing_saved(client, member, animator, forum):
    thread = make_thread(forum, author=animator)
    services.moderate_thread(thread, animator, "close")
    response = login(client, member).post(reverse("forums:reply", args=[thread.pk]), {"body": "Encore un mot."})
    assert response.status_code == 400
    assert "Ce sujet est fermé : on ne peut plus y répondre." in text_of(response)
    assert thread.posts.count() == 1
    thread.refresh_from_db()
    assert thread.post_count == 1


def test_posting_too_fast_is_refused_with_a_message(client, member, animator, forum, settings):
    settings.FORUM_POSTS_PER_MINUTE = 2
    thread = make_thread(forum, author=member)
    login(client, member)
    assert client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Deuxième."}).status_code == 302
    response = client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Troisième."})
    assert response.status_code == 400
    assert "Vous publiez très vite (2 messages par minute au plus)" in text_of(response)
    assert textarea(response) == "Troisième."
    assert thread.posts.count() == 2


def test_preview_renders_the_html_and_saves_nothing(client, member, animator, forum):
    thread = make_thread(forum, author=member, body="Texte d'origine.")
    post = thread.posts.get()
    login(client, member)
    threads, posts = Thread.objects.count(), Post.objects.count()

    reply = reverse("forums:reply", args=[thread.pk])
    response = client.post(reply, {"body": "Un **point** important.", "preview": "1"})
    assert response.status_code == 200
    assert "<p>Un <strong>point</strong> important.</p>" in text_of(response)
    assert textarea(response) == "Un **point** important."

    response = client.post(
        reverse("forums:new_thread", args=[forum.slug]), {"title": "Essai", "body": "*Brouillon*", "preview": "1"}
    )
    assert response.status_code == 200 and "<em>Brouillon</em>" in text_of(response)

    response = client.post(reverse("forums:edit_post", args=[post.pk]), {"body": "Texte _revu_.", "preview": "1"})
    assert response.status_code == 200 and "<em>revu</em>" in text_of(response)

    assert (Thread.objects.count(), Post.objects.count()) == (threads, posts)
    post.refresh_from_db()
    assert post.source == "Texte d'origine." and not PostRevision.objects.exists()


def test_flag_without_a_reason_is_refused_in_french(client, member, animator, forum):
    post = make_thread(forum, author=animator).posts.get()
    response = login(client, member).post(reverse("forums:flag", args=[post.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Dites en quelques mots pourquoi ce message pose problème." in text_of(response)
    assert not Flag.objects.exists()


# --- Mentions -----------------------------------------------------------------------------------------------


def test_mention_suggestions_list_only_those_who_can_read_a_private_forum(
    client, animator, private_group, coordinator, staff
):
    colleague = UserFactory(first_name="Camille", last_name="Bernard")
    add_member(private_group, colleague)
    former = UserFactory(first_name="Camille", last_name="Ancien", is_active=False)
    add_member(private_group, former)
    asking = UserFactory(first_name="Camille", last_name="Candidate")
    Membership.objects.create(group=private_group, member=asking, status=Membership.Status.REQUESTED)
    outsider = UserFactory(first_name="Camille", last_name="Dehors")
    make_group("Autre groupe", visibility="private", animators=[outsider])
    url = reverse("forums:mentions", args=[group_forum(private_group).slug])

    response = login(client, animator).get(url)
    assert response.status_code == 200
    handles = {row["handle"] for row in response.json()["results"]}
    # Never oneself, nor anyone who cannot read the forum; the animateur may also mention their group.
    assert handles == {colleague.handle, coordinator.handle, staff.handle, private_group.slug}

    results = client.get(url, {"q": "cam"}).json()["results"]
    assert [row["handle"] for row in results] == [colleague.handle]
    assert results[0]["name"] == "Camille Bernard"


def test_mention_suggestions_offer_groups_only_to_their_animateurs_and_coordinators(
    client, member, animator, forum, group, coordinator
):
    url = reverse("forums:mentions", args=[forum.slug])
    for user, offered in [(animator, True), (coordinator, True), (member, False)]:
        results = login(client, user).get(url, {"q": "groupe-post"}).json()["results"]
        assert (group.slug in [row["handle"] for row in results]) is offered, user


# --- Group and home pages -------------------------------------------------------------------------------------


def test_group_page_shows_latest_threads_and_a_new_thread_button_for_writers(client, member, animator, group, forum):
    make_thread(forum, author=animator, title="Ordre du jour de juin")
    page = text_of(login(client, member).get(reverse("groups:detail", args=[group.slug])))
    assert "Forum du groupe" in page and "Ordre du jour de juin" in page
    assert reverse("forums:new_thread", args=[forum.slug]) in page

    page = text_of(login(client, UserFactory()).get(reverse("groups:detail", args=[group.slug])))
    assert "Ordre du jour de juin" in page  # a network group's forum is read by every member...
    assert reverse("forums:new_thread", args=[forum.slug]) not in page  # ...and written by its members


def test_home_page_shows_recent_discussions(client, member, animator, forum, private_group):
    make_thread(forum, author=animator, title="Bilan du trimestre")
    make_thread(group_forum(private_group), author=animator, title="Sujet réservé")
    page = text_of(login(client, member).get("/"))
    assert "Discussions récentes" in page and "Bilan du trimestre" in page
    assert "Sujet réservé" not in page


# --- Query counts: the same for 10 and 1,000 posts, 10 and 500 threads --------------------------------------


@pytest.mark.parametrize("viewer", ["member", "animator"])
def test_thread_pages_cost_the_same_for_ten_and_a_thousand_posts(measure, client, member, animator, forum, viewer):
    user = {"member": member, "animator": animator}[viewer]
    authors = UserFactory.create_batch(30)
    small = fill_thread(make_thread(forum, author=animator), 10, authors, reader=user)
    large = fill_thread(make_thread(forum, author=animator), 1000, authors, reader=user)
    for thread in (small, large):
        ThreadWatch.objects.update_or_create(member=user, thread=thread, defaults={"level": WatchLevel.TRACKING})
    login(client, user)

    count, writes = measure(client, f"{small.get_absolute_url()}?page=1")
    assert len(writes) == 1  # the reading state, created
    for page in (1, 20, 40):
        large_count, large_writes = measure(client, f"{large.get_absolute_url()}?page={page}")
        assert large_count == count, f"page {page}"
        assert len(large_writes) == 1  # the reading state, created then moved forward

    count, writes = measure(client, f"{large.get_absolute_url()}?page=2")
    assert writes == []  # reading an earlier page again writes nothing


def test_thread_lists_cost_the_same_for_ten_and_five_hundred_threads(measure, client, member, animator, forum, group):
    authors = UserFactory.create_batch(20)
    big = make_group("Groupe Formation", animators=[animator])
    add_member(big, member)
    small_forum, big_forum = forum, group_forum(big)
    fill_forum(small_forum, 10, authors, member)
    fill_forum(big_forum, 500, authors, member)
    login(client, member)

    small, small_writes = measure(client, small_forum.get_absolute_url())
    large, large_writes = measure(client, big_forum.get_absolute_url())
    assert small == large and small_writes == large_writes == []
    large_last, _writes = measure(client, big_forum.get_absolute_url() + "?page=17")
    assert large_last == small


def test_unread_page_costs_the_same_for_ten_and_five_hundred_threads(measure, client, member, animator, forum):
    authors = UserFactory.create_batch(20)
    fill_forum(forum, 10, authors, member)
    login(client, member)
    small, _writes = measure(client, reverse("forums:unread"))
    fill_forum(forum, 500, authors, member)
    large, writes = measure(client, reverse("forums:unread"))
    assert small == large and writes == []


def test_forum_index_costs_the_same_for_few_and_many_forums(measure, client, member, animator, forum):
    authors = UserFactory.create_batch(5)
    fill_forum(forum, 10, authors, member)
    login(client, member)
    small, _writes = measure(client, reverse("forums:index"))
    for number in range(12):
        fill_forum(CategoryFactory(), 5, authors, member)
        make_group(f"Groupe {number}", animators=[animator])
    large, writes = measure(client, reverse("forums:index"))
    assert small == large and writes == []


def test_search_costs_the_same_for_few_and_many_results(measure, client, member, animator, forum, settings):
    settings.FORUM_POSTS_PER_MINUTE = 1000
    make_thread(forum, author=animator, title="Astreinte", body="Planning d'astreinte de nuit.")
    login(client, member)
    url = reverse("forums:search") + "?q=astreinte"
    small, _writes = measure(client, url)
    assert "Planning d&#x27;<mark>astreinte</mark> de nuit." in text_of(client.get(url))
    for number in range(24):
        make_thread(CategoryFactory(), title=f"Astreinte {number}", body=f"Une astreinte n° {number}.")
    large, writes = measure(client, url)
    assert "25 résultats" in text_of(client.get(url))
    assert small == large and writes == []


def test_moderation_queue_and_log_cost_the_same_for_few_and_many_entries(measure, client, coordinator, animator, forum):
    def flag_and_moderate(count):
        for number in range(count):
            thread = make_thread(CategoryFactory(), title=f"Sujet {number}", replies=1)
            for post in thread.posts.all():
                services.flag_post(post, UserFactory(), "Propos déplacé.")
                services.set_post_hidden(post, coordinator, number % 2 == 0, "Masqué.")
            services.moderate_thread(thread, coordinator, "close", "Clos.")

    flag_and_moderate(2)
    login(client, coordinator)
    queue, queue_writes = measure(client, reverse("forums:moderation"))
    log, log_writes = measure(client, reverse("forums:moderation_log"))
    flag_and_moderate(20)
    assert measure(client, reverse("forums:moderation")) == (queue, [])
    assert measure(client, reverse("forums:moderation_log")) == (log, [])
    assert queue_writes == log_writes == []
    assert "Propos déplacé." in text_of(client.get(reverse("forums:moderation")))


def test_moderation_queue_of_an_animateur_holds_their_forums_flags_only(client, member, animator, forum, private_group):
    other = make_group("Autre groupe", animators=[UserFactory()])
    services.flag_post(make_thread(forum, author=member, title="Chez nous").posts.get(), member, "Doublon.")
    elsewhere = make_thread(group_forum(other), author=other.memberships.get().member, title="Ailleurs")
    services.flag_post(elsewhere.posts.get(), UserFactory(), "Spam.")
    page = text_of(login(client, animator).get(reverse("forums:moderation")))
    assert "Chez nous" in page and "Ailleurs" not in page
    assert reverse("forums:moderation_log") not in page  # the log is for coordinators


def test_group_page_and_home_page_forum_sections_cost_the_same_for_few_and_many_threads(
    measure, client, member, animator, forum, group
):
    authors = UserFactory.create_batch(10)
    fill_forum(forum, 2, authors, member)
    login(client, member)
    client.get("/")  # Wagtail's site and content types, cached once for all requests
    group_url = reverse("groups:detail", args=[group.slug])
    small_group, _writes = measure(client, group_url)
    small_home, _writes = measure(client, "/", limit=HOME_QUERIES)
    fill_forum(forum, 500, authors, member)
    large_group, group_writes = measure(client, group_url)
    large_home, home_writes = measure(client, "/", limit=HOME_QUERIES)
    assert (small_group, small_home) == (large_group, large_home)
    assert group_writes == home_writes == []


def test_thread_state_tells_a_reconnected_page_what_it_missed(client, member):
    thread = make_thread(replies=2)
    client.force_login(member)
    url = reverse("forums:thread_state", args=[thread.pk])
    assert client.get(url, {"apres": 3}).json() == {"post_count": 3, "url": ""}
    assert client.get(url, {"apres": 1}).json() == {"post_count": 3, "url": thread.page_url(2)}
    assert client.get(url, {"apres": "x"}).json()["url"] == ""
