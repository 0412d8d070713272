"""Business rules of the forums (forums.services): posting, access, editing, thanks, flags, moderation,
notifications, reading state and live events."""

import json
from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from community import live
from community.groups.models import Membership
from community.groups.services import add_member, remove_member
from community.notifications.models import Notification
from forums import notification_kinds as kinds
from forums import markdown, queries, services
from forums.models import (
    BODY_MAX_LENGTH,
    Flag,
    ModerationAction,
    ModerationLog,
    Post,
    PostRevision,
    ReadState,
    Thanks,
    Thread,
    ThreadWatch,
    WatchLevel,
)
from forums.search import search_posts
from forums.services import ForumError
from tests.community.factories import UserFactory, make_group
from tests.forums.factories import CategoryFactory, group_forum, make_thread

pytestmark = pytest.mark.django_db


def person(first_name: str, last_name: str, **fields):
    """A member whose mention handle is "first.last" (lower case)."""
    return UserFactory(first_name=first_name, last_name=last_name, **fields)


def notified(member, kind: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=member)
    return list(rows.filter(kind=kind) if kind else rows)


def kinds_of(member) -> list[str]:
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def quote_of(post: Post) -> str:
    from forums import markdown

    return markdown.quote(post.author.display_name, post.get_absolute_url(), post.source)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Vie du réseau")


@pytest.fixture
def animateur(db):
    return person("Anne", "Animatrice")


@pytest.fixture
def private_group(animateur):
    return make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animateur])


@pytest.fixture
def private_forum(private_group):
    return group_forum(private_group)


@pytest.fixture
def private_thread(private_forum, animateur):
    return make_thread(private_forum, author=animateur, title="Entre cadres", body="Message réservé au club.")


@pytest.fixture
def thread(category, member):
    return make_thread(category, author=member)


@pytest.fixture
def sent(monkeypatch):
    """Live events handed to the channel layer: (group, message)."""
    captured = []
    monkeypatch.setattr(live, "_send", lambda group, message: captured.append((group, message)))
    return captured


# --- Posting -----------------------------------------------------------------------------------------


def test_create_thread_opens_it_with_post_number_one(category, member):
    thread = services.create_thread(category, member, "  Plannings d'été  ", "Comment *faites-vous* ?")

    thread.refresh_from_db()
    assert thread.title == "Plannings d'été"
    assert (thread.forum, thread.author, thread.post_count, thread.last_post_author) == (category, member, 1, member)
    post = thread.posts.get()
    assert (post.number, post.author, post.forum_id_indexed, post.searchable) == (1, member, category.pk, True)
    assert post.html == "<p>Comment <em>faites-vous</em> ?</p>\n"
    assert thread.last_post_at == post.created_at


def test_replies_take_the_next_numbers_and_keep_the_counters(thread, member):
    repliers = UserFactory.create_batch(3)
    posts = [services.post_reply(thread, replier, f"Réponse de {replier.first_name}") for replier in repliers]

    thread.refresh_from_db()
    assert list(thread.posts.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert [post.number for post in posts] == [2, 3, 4]
    assert thread.post_count == 4
    assert thread.last_post_author == repliers[-1]
    assert thread.last_post_at == posts[-1].created_at


def test_whoever_writes_tracks_the_thread_and_has_read_their_own_post(thread, member):
    replier = UserFactory()
    services.post_reply(thread, replier, "Chez nous, un tableau partagé.")

    levels = dict(ThreadWatch.objects.filter(thread=thread).values_list("member", "level"))
    assert levels == {member.pk: WatchLevel.TRACKING, replier.pk: WatchLevel.TRACKING}
    read = dict(ReadState.objects.filter(thread=thread).values_list("member", "last_read"))
    assert read == {member.pk: 1, replier.pk: 2}


def test_writing_keeps_a_watch_level_chosen_before(thread):
    replier = UserFactory()
    services.set_watch_level(thread, replier, WatchLevel.MUTED)
    services.post_reply(thread, replier, "Une réponse discrète.")
    assert ThreadWatch.objects.get(thread=thread, member=replier).level == WatchLevel.MUTED


@pytest.mark.parametrize("body", ["", "   ", "\n\t \n"])
def test_an_empty_message_is_refused(category, thread, member, body):
    with pytest.raises(ForumError, match="Le message est vide."):
        services.create_thread(category, member, "Un titre", body)
    with pytest.raises(ForumError, match="Le message est vide."):
        services.post_reply(thread, UserFactory(), body)
    assert Post.objects.count() == 1


def test_a_thread_needs_a_title(category, member):
    with pytest.raises(ForumError, match="Donnez un titre au sujet."):
        services.create_thread(category, member, "   ", "Un message.")
    assert not Thread.objects.exists()


def test_a_too_long_message_is_refused(thread):
    with pytest.raises(ForumError, match=f"Le message dépasse {BODY_MAX_LENGTH} caractères."):
        services.post_reply(thread, UserFactory(), "x" * (BODY_MAX_LENGTH + 1))
    assert services.post_reply(thread, UserFactory(), "x" * BODY_MAX_LENGTH).number == 2


def test_a_closed_thread_refuses_replies_until_reopened(thread, coordinator):
    services.moderate_thread(thread, coordinator, ModerationAction.CLOSE)
    with pytest.raises(ForumError, match="Ce sujet est fermé : on ne peut plus y répondre."):
        services.post_reply(thread, UserFactory(), "Trop tard ?")
    services.moderate_thread(thread, coordinator, ModerationAction.REOPEN)
    assert services.post_reply(thread, UserFactory(), "Rouvert !").number == 2


def test_a_hidden_thread_refuses_replies_and_is_absent_for_others(thread, member, coordinator):
    services.moderate_thread(thread, coordinator, ModerationAction.HIDE_THREAD)
    with pytest.raises(ForumError, match="masqué par la modération"):
        services.post_reply(thread, member, "Mon sujet, masqué ?")
    with pytest.raises(Http404):
        services.post_reply(thread, UserFactory(), "Et moi ?")
    thread.refresh_from_db()
    assert thread.post_count == 1


@pytest.fixture(params=["no membership", "invited", "requested"])
def outsider(request, private_group):
    member = UserFactory()
    if request.param != "no membership":
        Membership.objects.create(group=private_group, member=member, status=request.param)
    return member


def test_an_outsider_of_a_private_group_can_neither_read_nor_write_its_forum(
    private_forum, private_thread, outsider, sent
):
    post = private_thread.posts.get()
    refused = [
        lambda: services.create_thread(private_forum, outsider, "Intrus", "Bonjour"),
        lambda: services.post_reply(private_thread, outsider, "Bonjour"),
        lambda: services.thank(post, outsider),
        lambda: services.flag_post(post, outsider, "Curieux"),
        lambda: services.set_watch_level(private_thread, outsider, WatchLevel.WATCHING),
        lambda: services.watch_forum(private_forum, outsider, True),
    ]
    for action in refused:
        with pytest.raises(Http404):
            action()

    assert not services.access_to(private_forum, outsider).can_write
    assert not Thread.objects.visible_to(outsider).exists()
    assert not Post.objects.visible_to(outsider).exists()
    assert not queries.listed(outsider).exists()
    assert not services.can_follow_live(outsider, str(private_thread.pk))
    assert (Post.objects.count(), Thanks.objects.count(), Flag.objects.count()) == (1, 0, 0)


def test_an_active_member_of_a_private_group_reads_and_writes_its_forum(private_group, private_thread):
    insider = UserFactory()
    add_member(private_group, insider)
    assert list(Thread.objects.visible_to(insider)) == [private_thread]
    assert services.post_reply(private_thread, insider, "Bonjour le club").number == 2


def test_a_non_member_reads_a_network_group_forum_but_may_not_write(animateur, member):
    group = make_group("Groupe Postvention", visibility="network", animators=[animateur])
    forum = group_forum(group)
    thread = make_thread(forum, author=animateur)
    message = "Seuls les membres du groupe peuvent écrire dans ce forum : rejoignez-le d'abord."

    assert list(Thread.objects.visible_to(member)) == [thread]
    with pytest.raises(ForumError, match=message):
        services.post_reply(thread, member, "Je passe par là.")
    with pytest.raises(ForumError, match=message):
        services.create_thread(forum, member, "Un sujet", "Bonjour")

    add_member(group, member)
    assert services.post_reply(thread, member, "Me voilà membre.").number == 2


def test_a_coordinator_writes_in_any_group_forum(private_thread, coordinator):
    assert services.post_reply(private_thread, coordinator, "Le pôle national passe.").number == 2


def test_an_inactive_account_cannot_post(thread):
    gone = UserFactory(is_active=False)
    with pytest.raises(Http404):
        services.post_reply(thread, gone, "Encore là ?")


# --- Editing and deleting -------------------------------------------------------------------------------


def test_editing_keeps_the_earlier_text_as_a_revision_and_re_renders(thread, member):
    post = thread.posts.get()
    before_html = post.html

    edited = services.edit_post(post, member, "Comment faites-vous **cet été** ?")

    post.refresh_from_db()
    assert post.source == "Comment faites-vous **cet été** ?"
    assert post.html == "<p>Comment faites-vous <strong>cet été</strong> ?</p>\n"
    assert post.edited_at is not None and edited.edited_at == post.edited_at
    revision = PostRevision.objects.get(post=post)
    assert (revision.source, revision.html, revision.edited_by) == ("Comment faites-vous ?", before_html, member)


def test_editing_without_a_change_keeps_no_revision(thread, member):
    post = thread.posts.get()
    services.edit_post(post, member, "  Comment faites-vous ?  ")
    post.refresh_from_db()
    assert post.edited_at is None
    assert not PostRevision.objects.exists()


def test_editing_does_not_notify_mentions_again(thread):
    carole, david = person("Carole", "Petit"), person("David", "Roux")
    author = UserFactory()
    post = services.post_reply(thread, author, "Qu'en pense @carole.petit ?")
    assert len(notified(carole, kinds.MENTION)) == 1

    services.edit_post(post, author, "Qu'en pensent @carole.petit et @david.roux ?")

    assert len(notified(carole)) == 1
    assert notified(david) == []
    post.refresh_from_db()
    assert f'href="{david.get_absolute_url()}"' in post.html  # the new mention still links


def test_only_the_author_edits_or_deletes_a_post(thread, coordinator):
    post = thread.posts.get()
    for someone in (UserFactory(), coordinator):
        with pytest.raises(Http404):
            services.edit_post(post, someone, "Réécrit")
        with pytest.raises(Http404):
            services.delete_post(post, someone)
    post.refresh_from_db()
    assert (post.source, post.is_deleted) == ("Comment faites-vous ?", False)


def test_deleting_a_post_is_soft_and_takes_it_out_of_search(thread, member):
    post = services.post_reply(thread, member, "Le protocole zygomorphe du centre.")
    assert [found.pk for found in search_posts(member, "zygomorphe")] == [post.pk]

    services.delete_post(post, member)

    post.refresh_from_db()
    assert (post.is_deleted, post.searchable, post.number) == (True, False, 2)
    thread.refresh_from_db()
    assert thread.post_count == 2  # a placeholder keeps the thread's shape
    assert list(search_posts(member, "zygomorphe")) == []
    with pytest.raises(ForumError, match="Ce message a été supprimé."):
        services.edit_post(post, member, "Je reviens")


# --- Thanks -----------------------------------------------------------------------------------------------


def test_thanks_toggle_once_per_member_and_notify_the_author(thread, member):
    post = thread.posts.get()
    first, second = UserFactory(), UserFactory()

    assert services.thank(post, first) is True
    post.refresh_from_db()
    assert post.thanks_count == 1
    [notification] = notified(member, kinds.THANKS)
    assert (notification.actor, notification.link) == (first, post.get_absolute_url())
    assert first.display_name in notification.text

    assert services.thank(post, second) is True
    assert services.thank(post, first) is False
    post.refresh_from_db()
    assert post.thanks_count == 1 == Thanks.objects.filter(post=post).count()
    assert list(Thanks.objects.filter(post=post).values_list("member", flat=True)) == [second.pk]
    assert len(notified(member, kinds.THANKS)) == 2  # taking thanks back tells nobody


def test_one_cannot_thank_one_s_own_post(thread, member):
    with pytest.raises(ForumError, match="On ne se remercie pas soi-même."):
        services.thank(thread.posts.get(), member)
    assert not Thanks.objects.exists()


def test_a_hidden_or_deleted_post_cannot_be_thanked(thread, member, coordinator):
    hidden = services.post_reply(thread, UserFactory(), "Propos limites")
    services.set_post_hidden(hidden, coordinator, True)
    with pytest.raises(ForumError, match="Ce message n'est plus visible."):
        services.thank(hidden, member)
    deleted = services.post_reply(thread, author := UserFactory(), "Oups")
    services.delete_post(deleted, author)
    with pytest.raises(ForumError, match="Ce message n'est plus visible."):
        services.thank(deleted, member)


# --- Flags and moderation -----------------------------------------------------------------------------------


def test_a_member_flags_a_post_only_once(thread):
    post = thread.posts.get()
    flagger = UserFactory()
    flag = services.flag_post(post, flagger, "  Propos blessants  ")
    assert (flag.post, flag.member, flag.reason, flag.resolved_at) == (post, flagger, "Propos blessants", None)
    with pytest.raises(ForumError, match="Vous avez déjà signalé ce message"):
        services.flag_post(post, flagger, "Encore")
    assert Flag.objects.count() == 1


def test_a_flag_needs_a_reason(thread):
    with pytest.raises(ForumError, match="Dites en quelques mots pourquoi"):
        services.flag_post(thread.posts.get(), UserFactory(), "   ")


def test_a_flag_in_a_category_notifies_the_coordinators_and_staff(thread, coordinator, staff, animateur, private_group):
    flagger = UserFactory()
    services.flag_post(thread.posts.get(), flagger, "Hors sujet")
    assert kinds_of(coordinator) == kinds_of(staff) == [kinds.MODERATION]
    assert notified(animateur) == notified(flagger) == notified(thread.author) == []


def test_a_flag_in_a_group_forum_notifies_its_animateurs_and_the_coordinators(private_thread, private_group, coordinator):
    member = UserFactory()
    add_member(private_group, member)
    other_animateur = person("Odile", "Autre")
    make_group("Autre groupe", visibility="network", animators=[other_animateur])
    post = services.post_reply(private_thread, member, "Un message")

    services.flag_post(post, private_thread.author, "Données personnelles")

    assert kinds_of(coordinator) == [kinds.MODERATION]
    assert notified(private_thread.author) == []  # the flagger, though animateur
    assert notified(other_animateur) == []
    assert kinds_of(member) == []


def test_resolving_a_flag_by_hiding_the_post_resolves_every_open_flag_and_logs_it(thread, coordinator):
    post = services.post_reply(thread, UserFactory(), "Propos injurieux")
    first = services.flag_post(post, UserFactory(), "Insultant")
    second = services.flag_post(post, UserFactory(), "Grossier")

    services.resolve_flag(first, coordinator, hide=True, reason="Charte : respect")

    post.refresh_from_db()
    assert (post.is_hidden, post.searchable) == (True, False)
    for flag in (first, second):
        flag.refresh_from_db()
        assert (flag.resolution, flag.resolved_by) == (Flag.Resolution.HIDDEN, coordinator)
        assert flag.resolved_at is not None
    [log] = ModerationLog.objects.all()
    assert (log.actor, log.action, log.post, log.thread, log.reason) == (
        coordinator, ModerationAction.HIDE_POST, post, thread, "Charte : respect",
    )


def test_hiding_from_a_flag_without_a_reason_logs_the_flag_s_reason(thread, coordinator):
    post = services.post_reply(thread, UserFactory(), "Propos injurieux")
    flag = services.flag_post(post, UserFactory(), "Insultant")
    services.resolve_flag(flag, coordinator, hide=True)
    assert ModerationLog.objects.get().reason == "Insultant"


def test_dismissing_a_flag_leaves_the_post_and_logs_it(private_group, private_thread, animateur):
    member = UserFactory()
    add_member(private_group, member)
    post = services.post_reply(private_thread, member, "Un avis tranché")
    flag = services.flag_post(post, animateur, "À vérifier")

    services.resolve_flag(flag, animateur, hide=False, reason="Rien de contraire à la charte")

    flag.refresh_from_db()
    post.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == (Flag.Resolution.DISMISSED, animateur)
    assert (post.is_hidden, post.searchable) == (False, True)
    [log] = ModerationLog.objects.all()
    assert (log.actor, log.action, log.post, log.reason) == (
        animateur, ModerationAction.DISMISS_FLAG, post, "Rien de contraire à la charte",
    )


def test_a_plain_member_cannot_resolve_a_flag(thread):
    post = thread.posts.get()
    flag = services.flag_post(post, UserFactory(), "Hors sujet")
    for hide in (True, False):
        with pytest.raises(Http404):
            services.resolve_flag(flag, UserFactory(), hide=hide)
    flag.refresh_from_db()
    assert flag.resolved_at is None
    assert not ModerationLog.objects.exists()


@pytest.mark.parametrize(
    "action, undo, field",
    [
        (ModerationAction.PIN, ModerationAction.UNPIN, "is_pinned"),
        (ModerationAction.CLOSE, ModerationAction.REOPEN, "is_closed"),
        (ModerationAction.HIDE_THREAD, ModerationAction.SHOW_THREAD, "is_hidden"),
    ],
)
def test_moderating_a_thread_is_reversible_and_each_change_is_logged(thread, coordinator, action, undo, field):
    services.moderate_thread(thread, coordinator, action, reason="Pourquoi pas")
    thread.refresh_from_db()
    assert getattr(thread, field) is True
    services.moderate_thread(thread, coordinator, action)  # already done: nothing to log
    services.moderate_thread(thread, coordinator, undo, reason="Retour")
    thread.refresh_from_db()
    assert getattr(thread, field) is False

    logs = list(ModerationLog.objects.order_by("pk").values_list("actor", "action", "thread", "reason"))
    assert logs == [(coordinator.pk, action, thread.pk, "Pourquoi pas"), (coordinator.pk, undo, thread.pk, "Retour")]


def test_hiding_a_thread_takes_its_posts_out_of_search_and_showing_brings_back_the_public_ones(thread, coordinator):
    deleted = services.post_reply(thread, author := UserFactory(), "Supprimé")
    services.delete_post(deleted, author)
    hidden = services.post_reply(thread, UserFactory(), "Masqué")
    services.set_post_hidden(hidden, coordinator, True)
    public = services.post_reply(thread, UserFactory(), "Public")

    services.moderate_thread(thread, coordinator, ModerationAction.HIDE_THREAD)
    assert not thread.posts.filter(searchable=True).exists()

    services.moderate_thread(thread, coordinator, ModerationAction.SHOW_THREAD)
    assert set(thread.posts.filter(searchable=True).values_list("pk", flat=True)) == {
        thread.posts.get(number=1).pk, public.pk,
    }


def test_an_animateur_moderates_their_group_forum_only(private_thread, animateur, thread):
    services.moderate_thread(private_thread, animateur, ModerationAction.PIN)
    private_thread.refresh_from_db()
    assert private_thread.is_pinned

    other_animateur = person("Odile", "Autre")
    other_forum = group_forum(make_group("Autre groupe", visibility="network", animators=[other_animateur]))
    other_group_thread = make_thread(other_forum, author=other_animateur)
    for elsewhere in (thread, other_group_thread):  # a category, another group's forum
        with pytest.raises(Http404):
            services.moderate_thread(elsewhere, animateur, ModerationAction.CLOSE)
        elsewhere.refresh_from_db()
        assert not elsewhere.is_closed


def test_a_plain_member_cannot_moderate(thread):
    with pytest.raises(Http404):
        services.moderate_thread(thread, UserFactory(), ModerationAction.PIN)
    with pytest.raises(Http404):
        services.set_post_hidden(thread.posts.get(), UserFactory(), True)
    assert not ModerationLog.objects.exists()


def test_moving_a_thread_updates_its_forum_and_its_posts_and_is_logged(category, coordinator):
    thread = make_thread(category, replies=2)
    target = CategoryFactory(name="Outils")

    services.move_thread(thread, coordinator, target, reason="Mieux rangé")

    thread.refresh_from_db()
    assert thread.forum == target
    assert set(thread.posts.values_list("forum_id_indexed", flat=True)) == {target.pk}
    [log] = ModerationLog.objects.all()
    assert (log.actor, log.action, log.thread, log.reason, log.details) == (
        coordinator, ModerationAction.MOVE, thread, "Mieux rangé", "Vie du réseau → Outils",
    )


def test_a_moved_thread_follows_the_visibility_of_its_new_forum(category, private_forum, coordinator, member):
    thread = make_thread(category, body="Le protocole xylophage")
    assert len(search_posts(member, "xylophage")) == 1
    services.move_thread(thread, coordinator, private_forum)
    assert list(search_posts(member, "xylophage")) == []
    assert not Thread.objects.visible_to(member).filter(pk=thread.pk).exists()


def test_an_animateur_of_another_group_cannot_move_a_thread(private_group, private_thread, animateur, category):
    other_animateur = person("Odile", "Autre")
    other_forum = group_forum(make_group("Autre groupe", visibility="network", animators=[other_animateur]))
    for moderator, target in (
        (other_animateur, other_forum),  # not theirs to take
        (animateur, other_forum),  # not theirs to give to
        (animateur, category),  # categories belong to the coordinators
    ):
        with pytest.raises(Http404):
            services.move_thread(private_thread, moderator, target)
    private_thread.refresh_from_db()
    assert private_thread.forum.group == private_group
    assert not ModerationLog.objects.exists()


def test_hiding_a_post_is_reversible_and_logged(thread, coordinator):
    post = services.post_reply(thread, UserFactory(), "Propos limites")

    services.set_post_hidden(post, coordinator, True, reason="Vérification")
    post.refresh_from_db()
    assert (post.is_hidden, post.searchable) == (True, False)

    services.set_post_hidden(post, coordinator, False, reason="Vérifié")
    post.refresh_from_db()
    assert (post.is_hidden, post.searchable) == (False, True)
    logs = list(ModerationLog.objects.order_by("pk").values_list("action", "post", "reason"))
    assert logs == [(ModerationAction.HIDE_POST, post.pk, "Vérification"), (ModerationAction.SHOW_POST, post.pk, "Vérifié")]


def test_showing_a_post_of_a_hidden_thread_keeps_it_out_of_search(thread, coordinator):
    post = services.post_reply(thread, UserFactory(), "Propos limites")
    services.set_post_hidden(post, coordinator, True)
    services.moderate_thread(thread, coordinator, ModerationAction.HIDE_THREAD)
    services.set_post_hidden(post, coordinator, False)
    post.refresh_from_db()
    assert (post.is_hidden, post.searchable) == (False, False)


# --- Rate limit ---------------------------------------------------------------------------------------------


def test_posting_too_fast_is_refused_with_a_french_message(settings, category, member):
    settings.FORUM_POSTS_PER_MINUTE = 3
    thread = services.create_thread(category, member, "Un sujet", "Un")
    services.post_reply(thread, member, "Deux")
    services.post_reply(thread, member, "Trois")

    with pytest.raises(ForumError) as refused:
        services.post_reply(thread, member, "Quatre")
    assert str(refused.value) == (
        "Vous publiez très vite (3 messages par minute au plus) : patientez un instant puis réessayez."
    )
    with pytest.raises(ForumError, match="Vous publiez très vite"):
        services.create_thread(category, member, "Un autre sujet", "Cinq")
    assert services.post_reply(thread, UserFactory(), "Un autre membre peut écrire").number == 4

    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(minutes=2))
    assert services.post_reply(thread, member, "Une minute plus tard").number == 5


# --- Notifications ------------------------------------------------------------------------------------------


def test_a_mention_notifies_the_mentioned_member_once_per_post(thread):
    carole = person("Carole", "Petit")
    author = UserFactory()
    post = services.post_reply(thread, author, "@carole.petit, @Carole.Petit : vous avez vu ?")

    [notification] = notified(carole)
    assert (notification.kind, notification.actor, notification.link) == (kinds.MENTION, author, post.get_absolute_url())
    assert thread.title in notification.text
    assert f'href="{carole.get_absolute_url()}"' in post.html


def test_a_mention_repeated_in_a_quote_links_but_does_not_notify_again(thread):
    carole = person("Carole", "Petit")
    first = services.post_reply(thread, UserFactory(), "Qu'en pense @carole.petit ?")
    assert len(notified(carole)) == 1
    quoting = markdown.quote("Quelqu'un", first.get_absolute_url(), first.source) + "Je me pose la même question."
    post = services.post_reply(thread, UserFactory(), quoting)
    assert len(notified(carole)) == 1
    assert f'href="{carole.get_absolute_url()}"' in post.html


def test_a_double_click_on_merci_is_not_an_error(thread, monkeypatch):
    from forums.models import Thanks

    post, member = thread.posts.get(), UserFactory()
    Thanks.objects.create(post=post, member=member)  # the other click committed after this one looked
    monkeypatch.setattr(Thanks.objects, "filter", lambda **lookups: Thanks.objects.none())
    assert services.thank(post, member) is True
    post.refresh_from_db()
    assert post.thanks_count == 0  # counted by the click that created the row, not twice


def test_a_mention_of_someone_who_cannot_see_the_thread_notifies_nobody(private_thread, animateur):
    person("Paul", "Dehors")
    services.post_reply(private_thread, animateur, "Il faudrait demander à @paul.dehors.")
    assert not Notification.objects.filter(kind=kinds.MENTION).exists()


def test_a_mention_of_an_unknown_handle_notifies_nobody_and_does_not_link(thread):
    post = services.post_reply(thread, UserFactory(), "Bonjour @personne.inconnue")
    assert not Notification.objects.exists()
    assert "<a" not in post.html


@pytest.fixture
def postvention(animateur):
    """A network group with its animateur, three active members, one invited and one asking to join."""
    group = make_group("Groupe Postvention", visibility="network", animators=[animateur])
    members = UserFactory.create_batch(3)
    for member in members:
        add_member(group, member)
    Membership.objects.create(group=group, member=UserFactory(), status=Membership.Status.INVITED)
    Membership.objects.create(group=group, member=UserFactory(), status=Membership.Status.REQUESTED)
    group.active_members = members
    return group


@pytest.fixture
def notify_calls(monkeypatch):
    calls = []
    real_notify = services.notify

    def counting_notify(recipients, kind, **kwargs):
        recipients = list(recipients)
        calls.append((kind, sorted(member.pk for member in recipients)))
        return real_notify(recipients, kind, **kwargs)

    monkeypatch.setattr(services, "notify", counting_notify)
    return calls


def test_a_group_mention_by_its_animateur_notifies_the_active_members_in_one_fan_out(
    thread, postvention, animateur, notify_calls
):
    post = services.post_reply(thread, animateur, "Le @groupe-postvention a travaillé la question.")

    group_calls = [recipients for kind, recipients in notify_calls if kind == kinds.GROUP_MENTION]
    assert group_calls == [sorted(member.pk for member in postvention.active_members)]
    told = Notification.objects.filter(kind=kinds.GROUP_MENTION)
    assert sorted(told.values_list("recipient", flat=True)) == group_calls[0]
    assert len(set(told.values_list("text", flat=True))) == 1
    assert f'href="{postvention.get_absolute_url()}"' in post.html


def test_a_group_mention_by_a_coordinator_notifies_the_group(thread, postvention, coordinator):
    services.post_reply(thread, coordinator, "Merci au @groupe-postvention")
    told = Notification.objects.filter(kind=kinds.GROUP_MENTION).values_list("recipient", flat=True)
    everyone = [member.pk for member in postvention.active_members] + [postvention.memberships.animators().get().member_id]
    assert sorted(told) == sorted(everyone)


def test_a_group_mention_by_a_plain_member_does_nothing(thread, postvention):
    plain = postvention.active_members[0]
    post = services.post_reply(thread, plain, "Le @groupe-postvention en parle.")
    assert not Notification.objects.filter(kind=kinds.GROUP_MENTION).exists()
    assert "<a" not in post.html


def test_a_group_mention_reaches_only_the_members_who_can_read_the_thread(
    private_group, private_thread, postvention, coordinator
):
    both = postvention.active_members[0]
    add_member(private_group, both)
    services.post_reply(private_thread, coordinator, "Le @groupe-postvention pourrait nous aider.")
    told = Notification.objects.filter(kind=kinds.GROUP_MENTION).values_list("recipient", flat=True)
    assert sorted(told) == sorted([both.pk, private_thread.author_id])  # the animateur is in both groups


def test_a_member_mentioned_and_reached_by_a_group_mention_is_told_once(thread, postvention, animateur):
    named = postvention.active_members[0]
    services.post_reply(thread, animateur, f"@{named.handle} et tout le @groupe-postvention")
    assert kinds_of(named) == [kinds.MENTION]


def test_a_quote_notifies_the_quoted_author_once(thread):
    bob = UserFactory()
    quoted = services.post_reply(thread, bob, "Nous faisons un roulement.")
    carole = UserFactory()

    services.post_reply(thread, carole, quote_of(quoted) + quote_of(quoted) + "Bonne idée !")

    [notification] = notified(bob)
    assert (notification.kind, notification.actor) == (kinds.QUOTE, carole)
    assert notified(thread.author) == []  # the thread's author only tracks it


def test_quoting_a_post_of_another_forum_notifies_nobody(thread, private_thread, coordinator):
    secret = private_thread.posts.get()
    services.post_reply(thread, coordinator, quote_of(secret) + "Je cite un autre forum.")
    assert not Notification.objects.filter(kind=kinds.QUOTE).exists()


@pytest.fixture
def watchers(thread):
    """Four readers of the thread, one per watch level."""
    levels = {}
    for level in (WatchLevel.WATCHING, WatchLevel.TRACKING, WatchLevel.NORMAL, WatchLevel.MUTED):
        watcher = person("Veille", level.capitalize())
        services.set_watch_level(thread, watcher, level)
        levels[level] = watcher
    return levels


def test_only_watching_members_are_told_of_each_reply(thread, watchers):
    replier = UserFactory()
    post = services.post_reply(thread, replier, "Une réponse ordinaire.")

    [notification] = notified(watchers[WatchLevel.WATCHING])
    assert (notification.kind, notification.actor, notification.link) == (kinds.REPLY, replier, post.get_absolute_url())
    for level in (WatchLevel.TRACKING, WatchLevel.NORMAL, WatchLevel.MUTED):
        assert notified(watchers[level]) == []
    assert notified(thread.author) == []


def test_tracking_and_normal_members_are_told_when_mentioned_or_quoted(thread, watchers):
    tracking, normal = watchers[WatchLevel.TRACKING], watchers[WatchLevel.NORMAL]
    earlier = services.post_reply(thread, normal, "Mon avis.")
    Notification.objects.all().delete()

    services.post_reply(thread, UserFactory(), quote_of(earlier) + f"D'accord, et @{tracking.handle} ?")

    assert kinds_of(tracking) == [kinds.MENTION]
    assert kinds_of(normal) == [kinds.QUOTE]
    assert kinds_of(watchers[WatchLevel.WATCHING]) == [kinds.REPLY]


def test_muted_members_are_told_nothing_even_when_mentioned_or_quoted(thread, watchers):
    muted = watchers[WatchLevel.MUTED]
    earlier = services.post_reply(thread, muted, "Un avis discret.")
    services.set_watch_level(thread, muted, WatchLevel.MUTED)  # writing kept the level anyway

    services.post_reply(thread, UserFactory(), quote_of(earlier) + f"@{muted.handle}, tu confirmes ?")

    assert notified(muted) == []


def test_a_watching_member_who_is_mentioned_is_told_once(thread, watchers):
    watching = watchers[WatchLevel.WATCHING]
    services.post_reply(thread, UserFactory(), f"@{watching.handle} voilà la réponse.")
    assert kinds_of(watching) == [kinds.MENTION]


def test_forum_watchers_are_told_of_new_threads_only(category, member):
    watcher = UserFactory()
    services.watch_forum(category, watcher, True)

    thread = services.create_thread(category, member, "Nouvelle organisation", "Qu'en dites-vous ?")
    [notification] = notified(watcher)
    assert (notification.kind, notification.actor) == (kinds.NEW_THREAD, member)
    assert category.name in notification.text and "Nouvelle organisation" in notification.text

    services.post_reply(thread, UserFactory(), "Une réponse.")
    services.watch_forum(category, watcher, False)
    services.create_thread(category, member, "Encore un sujet", "Bonjour")
    assert len(notified(watcher)) == 1


def test_the_author_is_never_notified(category):
    author = person("Alice", "Martin")
    services.watch_forum(category, author, True)
    thread = services.create_thread(category, author, "Mon sujet", "Je me cite @alice.martin")
    services.set_watch_level(thread, author, WatchLevel.WATCHING)
    first = thread.posts.get()

    services.post_reply(thread, author, quote_of(first) + "Et je me mentionne : @alice.martin")

    assert notified(author) == []


def test_members_who_lost_access_to_a_private_group_are_told_nothing(private_group, private_forum, private_thread, animateur):
    former = person("Fanny", "Partie")
    membership = add_member(private_group, former)
    services.set_watch_level(private_thread, former, WatchLevel.WATCHING)
    services.watch_forum(private_forum, former, True)
    earlier = services.post_reply(private_thread, former, "Mon dernier message au club.")
    remove_member(membership, by=animateur)

    services.post_reply(private_thread, animateur, "Message pour le club, et pour @fanny.partie.")
    services.post_reply(private_thread, animateur, quote_of(earlier) + "Je reprends ce qu'elle disait.")
    services.create_thread(private_forum, animateur, "Nouveau sujet du club", "Entre nous.")
    assert services.thank(earlier, animateur) is True

    assert notified(former) == []
    earlier.refresh_from_db()
    assert earlier.thanks_count == 1


# --- Reading state ------------------------------------------------------------------------------------------


def test_mark_read_creates_the_row_the_first_time_in_one_query(thread, django_assert_max_num_queries):
    reader = UserFactory()
    with django_assert_max_num_queries(1):
        services.mark_read(thread, reader, 1, None)
    assert ReadState.objects.get(thread=thread, member=reader).last_read == 1


def test_mark_read_moves_forward_in_one_query(django_assert_max_num_queries):
    thread = make_thread(replies=4)
    reader = UserFactory()
    services.mark_read(thread, reader, 2, None)
    state = ReadState.objects.get(thread=thread, member=reader)
    with django_assert_max_num_queries(1):
        services.mark_read(thread, reader, 5, state)
    state.refresh_from_db()
    assert state.last_read == 5


def test_mark_read_never_moves_backwards(django_assert_num_queries, django_assert_max_num_queries):
    thread = make_thread(replies=4)
    reader = UserFactory()
    services.mark_read(thread, reader, 4, None)
    state = ReadState.objects.get(thread=thread, member=reader)

    with django_assert_num_queries(0):  # an earlier page: nothing to write
        services.mark_read(thread, reader, 2, state)
    stale = ReadState(pk=state.pk, member=reader, thread=thread, last_read=1)  # another tab moved on since
    with django_assert_max_num_queries(1):
        services.mark_read(thread, reader, 3, stale)
    with django_assert_max_num_queries(1):  # the row appeared since the page looked for it
        services.mark_read(thread, reader, 2, None)

    state.refresh_from_db()
    assert state.last_read == 4
    assert ReadState.objects.filter(thread=thread, member=reader).count() == 1


def test_a_thread_written_in_is_read_up_to_one_s_own_post(thread):
    replier = UserFactory()
    services.mark_read(thread, replier, 1, None)
    services.post_reply(thread, replier, "Ma réponse")
    assert ReadState.objects.get(thread=thread, member=replier).last_read == 2


def test_lists_count_unread_posts_of_tracked_threads_and_show_new_threads(category, member):
    others = UserFactory.create_batch(2)
    tracked = services.create_thread(category, member, "Suivi", "Mon sujet")
    for other in others:
        services.post_reply(tracked, other, "Une réponse")
    read = services.create_thread(category, member, "Lu", "Tout lu")
    fresh = make_thread(category, title="Jamais ouvert")
    normal = make_thread(category, title="Lu puis normal")
    services.mark_read(normal, member, 1, None)
    services.post_reply(normal, others[0], "Réponse non suivie")
    muted = make_thread(category, title="Rendu silencieux")
    services.post_reply(muted, member, "J'y ai écrit")
    services.set_watch_level(muted, member, WatchLevel.MUTED)
    services.post_reply(muted, others[1], "Réponse tue")
    old = make_thread(category, title="Ancien")
    Thread.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))

    listed = queries.listed(member)
    assert set(listed.filter(queries.unread_q(member))) == {tracked, fresh}

    rows = {thread.title: thread for thread in queries.decorate(listed, member)}
    assert (rows["Suivi"].unread, rows["Suivi"].shows_unread, rows["Suivi"].is_new) == (2, True, False)
    assert (rows["Jamais ouvert"].shows_unread, rows["Jamais ouvert"].is_new) == (False, True)
    assert (rows["Lu puis normal"].unread, rows["Lu puis normal"].watch_level) == (1, WatchLevel.NORMAL)
    assert (rows["Rendu silencieux"].unread, rows["Rendu silencieux"].watch_level) == (1, WatchLevel.MUTED)
    for title in ("Lu", "Lu puis normal", "Rendu silencieux", "Ancien"):
        assert not rows[title].shows_unread and not rows[title].is_new, title
    assert rows["Lu"].unread == 0 and read.post_count == 1


def test_threads_started_before_one_joined_are_not_new():
    thread = make_thread()
    newcomer = UserFactory()
    [row] = queries.decorate(queries.listed(newcomer), newcomer)
    assert (row.pk, row.is_new, row.opened) == (thread.pk, False, False)
    assert not queries.listed(newcomer).filter(queries.unread_q(newcomer)).exists()


# --- Live -----------------------------------------------------------------------------------------------------


def test_a_reply_is_published_on_the_thread_topic_after_commit(thread, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_reply(thread, UserFactory(), "Du nouveau")
        assert sent == []  # nothing leaves before the commit

    [(group, message)] = sent
    assert group == f"live.forums.thread.{thread.pk}" == message["group"]
    assert message["type"] == live.EVENT_TYPE
    assert json.loads(message["frame"]) == {
        "type": "live", "topic": "forums.thread", "key": str(thread.pk),
        "event": "post", "number": post.number, "url": thread.page_url(post.number),
    }


def test_a_refused_reply_publishes_nothing(thread, coordinator, sent, django_capture_on_commit_callbacks):
    services.moderate_thread(thread, coordinator, ModerationAction.CLOSE)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ForumError):
            services.post_reply(thread, UserFactory(), "Trop tard")
    assert sent == []


def test_who_may_follow_a_thread_live(private_group, private_thread, outsider, coordinator):
    insider = UserFactory()
    add_member(private_group, insider)
    key = str(private_thread.pk)

    assert services.can_follow_live(insider, key)
    assert services.can_follow_live(coordinator, key)
    assert not services.can_follow_live(outsider, key)
    for bad_key in ("", "abc", "-1", "1.0", f"{key} ", "9" * 19, "²", "١", str(private_thread.pk + 1000)):
        assert not services.can_follow_live(insider, bad_key), bad_key


def test_a_hidden_thread_is_followed_live_by_its_author_and_moderators_only(thread, member, coordinator):
    services.moderate_thread(thread, coordinator, ModerationAction.HIDE_THREAD)
    key = str(thread.pk)
    assert services.can_follow_live(member, key)
    assert services.can_follow_live(coordinator, key)
    assert not services.can_follow_live(UserFactory(), key)
