"""Business actions of the forums: every rule about posting, reading, watching and moderating lives here.

Each action runs in one transaction; a thread's row is locked while a post takes its position in it.
Who is told what goes through ``notify()`` (never the author); open pages learn of new posts through
the live topic ``forums.thread``.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from community import live, permissions
from community.groups.models import Membership, WorkingGroup
from community.notifications.services import notify
from forums import markdown
from forums import notification_kinds as kinds
from forums.models import (
    BODY_MAX_LENGTH,
    Flag,
    Forum,
    ForumWatch,
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

LIVE_TOPIC = "forums.thread"


class ForumError(Exception):
    """A rule refused the action; the message is shown to the member as is."""


# --- Who may do what --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What a member may do in one forum, decided once per request."""

    can_write: bool
    can_moderate: bool


_ASK = object()


def access_to(forum: Forum, user, membership=_ASK) -> Access:
    """The member's rights in a forum they can see (one query for a group's forum unless given the membership)."""
    group = forum.group
    if membership is _ASK:
        membership = Membership.objects.filter(group=group, member=user).first() if group else None
    if group is None:
        return Access(permissions.is_member(user), permissions.oversees_network(user))
    return Access(
        permissions.can_write_group_content(user, group, membership),
        permissions.can_manage_group(user, group, membership),
    )


def _check_visible(thread_or_forum, user) -> None:
    model = type(thread_or_forum)
    if not model.objects.visible_to(user).filter(pk=thread_or_forum.pk).exists():
        raise Http404


def _check_writer(forum: Forum, user) -> Access:
    access = access_to(forum, user)
    if not access.can_write:
        raise ForumError(_("Seuls les membres du groupe peuvent écrire dans ce forum : rejoignez-le d'abord."))
    return access


def moderated_forums(user):
    """Forums the member moderates: their groups' for animateurs, all for coordinators."""
    return Forum.objects.visible_to(user).filter(permissions.managed_group_content_q(user, "group"))


def _check_moderator(forum: Forum, user) -> None:
    if not access_to(forum, user).can_moderate:
        raise Http404  # a member learns nothing of moderation they may not do


def _check_rate(author) -> None:
    limit = settings.FORUM_POSTS_PER_MINUTE
    recent = Post.objects.filter(author=author, created_at__gte=timezone.now() - timedelta(minutes=1)).count()
    if recent >= limit:
        raise ForumError(
            _("Vous publiez très vite (%(limit)d messages par minute au plus) : patientez un instant puis réessayez.")
            % {"limit": limit}
        )


def _check_length(source: str) -> str:
    source = source.strip()
    if not source:
        raise ForumError(_("Le message est vide."))
    if len(source) > BODY_MAX_LENGTH:
        raise ForumError(_("Le message dépasse %(max)d caractères.") % {"max": BODY_MAX_LENGTH})
    return source


# --- Rendering and mentions --------------------------------------------------------------------------


@dataclass
class Rendered:
    html: str
    members: list  # mentioned members who can see the thread
    group_members: list  # members reached by a group mention the author may make
    quoted_authors: list


def render_post(source: str, forum: Forum, author) -> Rendered:
    """Render a post for this forum: mentions link to profiles, and say whom they would tell."""
    parsed = markdown.parse(source)
    links, members, group_members, quoted_authors = {}, [], [], []
    audience = permissions.group_content_audience(forum.group)
    if parsed.handles:
        member_handles = {handle for handle in parsed.handles if "." in handle}
        group_slugs = parsed.handles - member_handles
        mentioned = list(get_user_model().objects.active().filter(handle__in=member_handles))
        links.update({member.handle: member.get_absolute_url() for member in mentioned})
        told = [member.pk for member in mentioned if member.handle in parsed.told_handles]
        readers = set(audience.filter(pk__in=told).values_list("pk", flat=True)) if told else set()
        members = [member for member in mentioned if member.pk in readers]
        groups = list(WorkingGroup.objects.managed_by(author).filter(slug__in=group_slugs))
        links.update({group.slug: group.get_absolute_url() for group in groups})
        told_groups = [group.pk for group in groups if group.slug in parsed.told_handles]
        if told_groups:  # one query for every group mentioned, not one per group
            active = Membership.objects.filter(group__in=told_groups, member=OuterRef("pk"), status=Membership.Status.ACTIVE)
            group_members = list(audience.filter(Exists(active)))
    if parsed.quoted_post_ids:
        quoted = Post.objects.filter(pk__in=parsed.quoted_post_ids, thread__forum=forum)
        # Told only while they may read the forum: not after leaving a private group.
        quoted_authors = list(audience.filter(pk__in=quoted.values("author")))
    return Rendered(markdown.render(parsed, links), members, group_members, quoted_authors)


def preview(source: str, forum: Forum, author) -> str:
    """The HTML a post would have: the same renderer, nobody told."""
    return render_post(_check_length(source), forum, author).html


# --- Posting ---------------------------------------------------------------------------------------------


def _lock_thread(thread: Thread) -> Thread:
    # Serialises replies in a thread: each takes the next position, and counters stay exact. Only the
    # thread's row is locked (of=self): PostgreSQL refuses FOR UPDATE on the outer join to a forum's group.
    return Thread.objects.select_for_update(of=("self",)).select_related("forum__group").get(pk=thread.pk)


def _add_post(thread: Thread, author, source: str, rendered: Rendered) -> Post:
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        number=thread.post_count + 1,
        author=author,
        source=source,
        html=rendered.html,
        created_at=now,
        forum_id_indexed=thread.forum_id,
        searchable=not thread.is_hidden,
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now, last_post_author=author)
    thread.post_count, thread.last_post_at = post.number, now
    # Whoever writes in a thread tracks it, unless they chose a level already; they have read their own post.
    ThreadWatch.objects.get_or_create(member=author, thread=thread, defaults={"level": WatchLevel.TRACKING})
    ReadState.objects.update_or_create(member=author, thread=thread, defaults={"last_read": post.number})
    return post


def _tell(thread: Thread, post: Post, rendered: Rendered, author, *, new_thread: bool) -> None:
    """Notify once per member and post: mentions, then quotes, then watchers; muted threads tell nobody."""
    muted = set(ThreadWatch.objects.filter(thread=thread, level=WatchLevel.MUTED).values_list("member_id", flat=True))
    told = {author.pk} | muted
    link = post.get_absolute_url()
    name, title = author.display_name, thread.title

    def send(members, kind, text):
        fresh = {member.pk: member for member in members if member.pk not in told}
        if fresh:
            notify(list(fresh.values()), kind, actor=author, text=text, link=link)
            told.update(fresh)

    send(rendered.members, kinds.MENTION, _("%(name)s vous a mentionné·e dans « %(title)s ».") % {"name": name, "title": title})
    send(
        rendered.group_members,
        kinds.GROUP_MENTION,
        _("%(name)s a mentionné votre groupe dans « %(title)s ».") % {"name": name, "title": title},
    )
    send(rendered.quoted_authors, kinds.QUOTE, _("%(name)s vous a cité·e dans « %(title)s ».") % {"name": name, "title": title})
    audience = permissions.group_content_audience(thread.forum.group)
    if new_thread:
        watchers = audience.filter(pk__in=ForumWatch.objects.filter(forum=thread.forum).values("member"))
        text = _("Nouveau sujet de %(name)s dans « %(forum)s » : « %(title)s ».")
        send(watchers, kinds.NEW_THREAD, text % {"name": name, "forum": thread.forum.name, "title": title})
    else:
        watching = ThreadWatch.objects.filter(thread=thread, level=WatchLevel.WATCHING).values("member")
        text = _("%(name)s a répondu dans « %(title)s ».")
        send(audience.filter(pk__in=watching), kinds.REPLY, text % {"name": name, "title": title})
    live.publish_on_commit(
        LIVE_TOPIC, str(thread.pk), {"event": "post", "number": post.number, "url": thread.page_url(post.number)}
    )


def create_thread(forum: Forum, author, title: str, source: str) -> Thread:
    title = title.strip()
    if not title:
        raise ForumError(_("Donnez un titre au sujet."))
    source = _check_length(source)
    with transaction.atomic():
        _check_visible(forum, author)
        _check_writer(forum, author)
        _check_rate(author)
        rendered = render_post(source, forum, author)
        thread = Thread.objects.create(forum=forum, title=title[:160], author=author, last_post_author=author)
        thread.forum = forum
        post = _add_post(thread, author, source, rendered)
        _tell(thread, post, rendered, author, new_thread=True)
    return thread


def post_reply(thread: Thread, author, source: str) -> Post:
    source = _check_length(source)
    with transaction.atomic():
        _check_visible(thread, author)
        thread = _lock_thread(thread)
        if thread.is_hidden:
            raise ForumError(_("Ce sujet a été masqué par la modération : on ne peut plus y répondre."))
        if thread.is_closed:
            raise ForumError(_("Ce sujet est fermé : on ne peut plus y répondre."))
        _check_writer(thread.forum, author)
        _check_rate(author)
        rendered = render_post(source, thread.forum, author)
        post = _add_post(thread, author, source, rendered)
        _tell(thread, post, rendered, author, new_thread=False)
    return post


def _editable_post(post: Post, member) -> Post:
    post = Post.objects.select_for_update(of=("self",)).select_related("thread__forum__group").get(pk=post.pk)
    _check_visible(post.thread, member)
    if post.author_id != member.pk:
        raise Http404
    if post.is_deleted:
        raise ForumError(_("Ce message a été supprimé."))
    return post


def edit_post(post: Post, editor, source: str) -> Post:
    """Change one's own post: the earlier text joins its history, and nobody is told again."""
    source = _check_length(source)
    with transaction.atomic():
        post = _editable_post(post, editor)
        if source == post.source:
            return post
        PostRevision.objects.create(post=post, source=post.source, html=post.html, edited_by=editor)
        post.source = source
        post.html = render_post(source, post.thread.forum, editor).html
        post.edited_at = timezone.now()
        post.save(update_fields=["source", "html", "edited_at"])
    return post


def delete_post(post: Post, member) -> Post:
    """Soft delete: a placeholder keeps the thread's shape; the text leaves search."""
    with transaction.atomic():
        post = _editable_post(post, member)
        post.is_deleted, post.searchable = True, False
        post.save(update_fields=["is_deleted", "searchable"])
    return post


def thank(post: Post, member) -> bool:
    """Say "Merci" for a post, or take it back; returns whether the member now thanks it."""
    with transaction.atomic():
        post = Post.objects.select_related("thread__forum", "author").get(pk=post.pk)
        _check_visible(post.thread, member)
        if post.author_id == member.pk:
            raise ForumError(_("On ne se remercie pas soi-même."))
        if post.is_deleted or post.is_hidden:
            raise ForumError(_("Ce message n'est plus visible."))
        deleted, _rows = Thanks.objects.filter(post=post, member=member).delete()
        if deleted:
            Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") - 1)
            return False
        try:
            with transaction.atomic():
                Thanks.objects.create(post=post, member=member)
        except IntegrityError:  # a double click: the other request said it already
            return True
        Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") + 1)
        if not Thread.objects.visible_to(post.author).filter(pk=post.thread_id).exists():
            return True  # the author no longer reads this thread (left a private group): nobody to tell
        notify(
            [post.author],
            kinds.THANKS,
            actor=member,
            text=_("%(name)s vous remercie pour votre message dans « %(title)s ».")
            % {"name": member.display_name, "title": post.thread.title},
            link=post.get_absolute_url(),
        )
        return True


# --- Reading and watching ------------------------------------------------------------------------------


def mark_read(thread: Thread, member, number: int, state: ReadState | None) -> None:
    """Remember the last post read, in one query, and only when it moves forward."""
    if state is not None:
        if number > state.last_read:
            ReadState.objects.filter(pk=state.pk, last_read__lt=number).update(last_read=number)
        return
    # No row seen: insert it, or (another tab wrote it since) move it forward only. Django's upsert
    # (bulk_create(update_conflicts=True)) cannot keep the greater value, so one portable statement
    # (PostgreSQL, SQLite >= 3.24) does.
    quote, meta = connection.ops.quote_name, ReadState._meta
    table, read = quote(meta.db_table), quote(meta.get_field("last_read").column)
    member_column, thread_column = quote(meta.get_field("member").column), quote(meta.get_field("thread").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({member_column}, {thread_column}, {read}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({member_column}, {thread_column}) DO UPDATE SET {read} = excluded.{read} "
            f"WHERE {table}.{read} < excluded.{read}",
            [member.pk, thread.pk, number],
        )


def set_watch_level(thread: Thread, member, level: str) -> None:
    if level not in WatchLevel.values:
        raise ForumError(_("Niveau de suivi inconnu."))
    with transaction.atomic():
        _check_visible(thread, member)
        ThreadWatch.objects.update_or_create(member=member, thread=thread, defaults={"level": level})


def watch_forum(forum: Forum, member, watch: bool) -> None:
    with transaction.atomic():
        _check_visible(forum, member)
        if watch:
            ForumWatch.objects.get_or_create(member=member, forum=forum)
        else:
            ForumWatch.objects.filter(member=member, forum=forum).delete()


# --- Flags and moderation ------------------------------------------------------------------------------


def _log(actor, action: str, *, thread=None, post=None, reason: str = "", details: str = "") -> None:
    ModerationLog.objects.create(
        actor=actor, action=action, thread=thread or (post.thread if post else None), post=post,
        reason=reason[:500], details=details[:300],
    )


def flag_post(post: Post, member, reason: str) -> Flag:
    reason = reason.strip()
    if not reason:
        raise ForumError(_("Dites en quelques mots pourquoi ce message pose problème."))
    with transaction.atomic():
        post = Post.objects.select_related("thread__forum__group").get(pk=post.pk)
        _check_visible(post.thread, member)
        if Flag.objects.filter(post=post, member=member).exists():
            raise ForumError(_("Vous avez déjà signalé ce message ; la modération l'examinera."))
        flag = Flag.objects.create(post=post, member=member, reason=reason[:1000])
        notify(
            moderators_of(post.thread.forum),
            kinds.MODERATION,
            actor=member,
            text=_("Un message a été signalé dans « %(title)s ».") % {"title": post.thread.title},
            link="/forums/moderation/",
        )
    return flag


def moderators_of(forum: Forum) -> list:
    members = get_user_model().objects.active()
    overseers = Q(is_staff=True) | Q(role="coordinateur")
    if forum.group_id is None:
        return list(members.filter(overseers))
    animators = Q(group_memberships__group=forum.group_id, group_memberships__status="active",
                  group_memberships__role="animateur")
    return list(members.filter(overseers | animators).distinct())


def _moderated_thread(thread: Thread, moderator) -> Thread:
    thread = _lock_thread(thread)
    _check_moderator(thread.forum, moderator)
    return thread


THREAD_SWITCHES = {
    ModerationAction.PIN: ("is_pinned", True),
    ModerationAction.UNPIN: ("is_pinned", False),
    ModerationAction.CLOSE: ("is_closed", True),
    ModerationAction.REOPEN: ("is_closed", False),
    ModerationAction.HIDE_THREAD: ("is_hidden", True),
    ModerationAction.SHOW_THREAD: ("is_hidden", False),
}


def moderate_thread(thread: Thread, moderator, action: str, reason: str = "") -> Thread:
    """Pin, close or hide a thread (and undo it); hiding takes it out of search too."""
    field, value = THREAD_SWITCHES[action]
    with transaction.atomic():
        thread = _moderated_thread(thread, moderator)
        if getattr(thread, field) == value:
            return thread
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        if field == "is_hidden":
            thread.posts.filter(is_deleted=False, is_hidden=False).update(searchable=not value)
        _log(moderator, action, thread=thread, reason=reason)
    return thread


def move_thread(thread: Thread, moderator, forum: Forum, reason: str = "") -> Thread:
    """Move a thread to another forum the moderator also moderates."""
    with transaction.atomic():
        thread = _moderated_thread(thread, moderator)
        _check_visible(forum, moderator)
        _check_moderator(forum, moderator)
        if forum.pk == thread.forum_id:
            return thread
        details = f"{thread.forum.name} → {forum.name}"
        thread.forum = forum
        thread.save(update_fields=["forum"])
        thread.posts.update(forum_id_indexed=forum.pk)
        _log(moderator, ModerationAction.MOVE, thread=thread, reason=reason, details=details)
    return thread


def set_post_hidden(post: Post, moderator, hidden: bool, reason: str = "") -> Post:
    with transaction.atomic():
        post = Post.objects.select_for_update(of=("self",)).select_related("thread__forum__group").get(pk=post.pk)
        _check_visible(post.thread, moderator)
        _check_moderator(post.thread.forum, moderator)
        if post.is_hidden != hidden:
            post.is_hidden = hidden
            post.searchable = not (hidden or post.is_deleted or post.thread.is_hidden)
            post.save(update_fields=["is_hidden", "searchable"])
            _log(moderator, ModerationAction.HIDE_POST if hidden else ModerationAction.SHOW_POST, post=post, reason=reason)
        if hidden:
            _resolve_open_flags(post, moderator, Flag.Resolution.HIDDEN)
    return post


def _resolve_open_flags(post: Post, moderator, resolution: str) -> int:
    return Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


def resolve_flag(flag: Flag, moderator, *, hide: bool, reason: str = "") -> None:
    """Act on a flag from the queue: hide the post, or dismiss every open flag on it."""
    post = flag.post
    if hide:
        set_post_hidden(post, moderator, True, reason or flag.reason)
        return
    with transaction.atomic():
        post = Post.objects.select_related("thread__forum__group").get(pk=post.pk)
        _check_visible(post.thread, moderator)
        _check_moderator(post.thread.forum, moderator)
        if _resolve_open_flags(post, moderator, Flag.Resolution.DISMISSED):
            _log(moderator, ModerationAction.DISMISS_FLAG, post=post, reason=reason)


def can_follow_live(user, key: str) -> bool:
    """Whether a socket may subscribe to a thread's new posts: the thread's visibility, nothing else."""
    return key.isascii() and key.isdigit() and len(key) <= 18 and Thread.objects.visible_to(user).filter(pk=int(key)).exists()
