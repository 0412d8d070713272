"""Forum pages. Views reach forums, threads and posts through ``visible_to``, call one service, redirect.

Private things answer 404 to outsiders; a refused action comes back with a French message and what
the member typed.
"""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.urls import reverse
from django.views.decorators.http import require_POST

from community import permissions
from community.groups.models import WorkingGroup
from community.models import Role
from forums import queries, search, services
from forums.forms import ModerationReasonForm, MoveForm, PostForm, ReasonForm, SearchForm, ThreadForm, WatchForm
from forums.markdown import quote
from forums.models import (
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    WATCH_LEVEL_HELP,
    Flag,
    Forum,
    ForumWatch,
    ModerationAction,
    ModerationLog,
    Post,
    Thanks,
    Thread,
    WatchLevel,
    page_of,
)

MENTION_SUGGESTIONS = 8


@functools.cache
def _prefix(name: str) -> str:
    """A URL without its trailing id: a thread page builds its posts' links from it, not 150 reversals."""
    return reverse(name, args=[0]).removesuffix("0/")


def _forum(request, slug) -> Forum:
    return get_object_or_404(Forum.objects.visible_to(request.user).select_related("group"), slug=slug)


def _thread(request, pk) -> Thread:
    return get_object_or_404(Thread.objects.visible_to(request.user).select_related("forum__group", "author"), pk=pk)


def _post(request, pk) -> Post:
    return get_object_or_404(
        Post.objects.visible_to(request.user).select_related("thread__forum__group", "author"), pk=pk
    )


def _page_number(request, last: int) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), last)


# --- Index and lists -----------------------------------------------------------------------------------


def forum_index(request):
    user = request.user
    forums = list(
        Forum.objects.visible_to(user)
        .select_related("group")
        .annotate(
            thread_count=Count("threads", filter=Q(threads__is_hidden=False)),
            last_activity=Max("threads__last_post_at", filter=Q(threads__is_hidden=False)),
        )
    )
    unread_forums = set(
        queries.listed(user).filter(queries.unread_q(user)).order_by().values_list("forum_id", flat=True).distinct()
    )
    for forum in forums:
        forum.has_unread = forum.pk in unread_forums
    return render(
        request,
        "forums/forum_index.html",
        {
            "categories": [forum for forum in forums if forum.is_category],
            "group_forums": [forum for forum in forums if not forum.is_category],
            "search_form": SearchForm(),
            "moderates": _moderates_any(user),
        },
    )


def _thread_rows(request, threads):
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = queries.decorate(page.object_list, request.user)
    return page


def forum_detail(request, slug):
    forum = _forum(request, slug)
    access = services.access_to(forum, request.user)
    threads = queries.listed(request.user).filter(forum=forum)
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": forum,
            "access": access,
            "page": _thread_rows(request, threads),
            "watching": ForumWatch.objects.filter(forum=forum, member=request.user).exists(),
        },
    )


def unread(request):
    threads = queries.listed(request.user).filter(queries.unread_q(request.user)).order_by("-last_post_at", "-pk")
    return render(request, "forums/unread.html", {"page": _thread_rows(request, threads)})


@require_POST
def watch_forum(request, slug):
    forum = _forum(request, slug)
    watch = request.POST.get("watch") == "1"
    services.watch_forum(forum, request.user, watch)
    if watch:
        messages.success(request, _("Vous serez averti·e de chaque nouveau sujet de ce forum."))
    else:
        messages.success(request, _("Vous ne serez plus averti·e des nouveaux sujets de ce forum."))
    return redirect(forum)


# --- Threads -------------------------------------------------------------------------------------------


def _composer(form, forum, preview_html: str, draft_key: str) -> dict:
    """What the composer partial needs: its form, preview, local-draft key and the @ menu's endpoint."""
    return {
        "form": form,
        "preview_html": preview_html,
        "draft_key": draft_key,
        "mentions_url": reverse("forums:mentions", args=[forum.slug]),
    }


def new_thread(request, slug):
    forum = _forum(request, slug)
    access = services.access_to(forum, request.user)
    form = ThreadForm(request.POST or None)
    preview_html = ""
    if request.method == "POST" and form.is_valid():
        title, body = form.cleaned_data["title"], form.cleaned_data["body"]
        try:
            if "preview" in request.POST:
                preview_html = services.preview(body, forum, request.user)
            else:
                thread = services.create_thread(forum, request.user, title, body)
                messages.success(request, _("Votre sujet est publié."))
                return redirect(thread)
        except services.ForumError as error:
            form.add_error("body", str(error))
    context = {"forum": forum, "access": access, **_composer(form, forum, preview_html, f"forum-{forum.pk}")}
    return render(request, "forums/thread_form.html", context, status=400 if form.errors else 200)


def _first_unread(thread, state) -> int | None:
    if state is None or state.last_read >= thread.post_count:
        return None
    return state.last_read + 1


def thread_detail(request, pk, form=None, preview_html="", status=200):
    user = request.user
    thread = get_object_or_404(
        queries.with_viewer_state(Thread.objects.visible_to(user).select_related("forum__group", "author"), user),
        pk=pk,
    )
    state, level, membership = queries.viewer_state(thread)
    if "page" not in request.GET and form is None:
        # Opening a thread lands on the first post not read yet; its page is named even when it is the
        # first (``page_url`` leaves ``?page=1`` out, and the same URL would redirect again, forever).
        number = _first_unread(thread, state)
        if number and number > 1:
            return redirect(f"{thread.get_absolute_url()}?page={page_of(number)}#message-{number}")
    last_page = thread.last_page
    page_number = _page_number(request, last_page)
    first = (page_number - 1) * POSTS_PER_PAGE + 1
    posts = list(
        thread.posts.filter(number__gte=first, number__lt=first + POSTS_PER_PAGE)
        .select_related("author__centre")
        .annotate(
            thanked=Exists(Thanks.objects.filter(post=OuterRef("pk"), member=user)),
            flagged=Exists(Flag.objects.filter(post=OuterRef("pk"), member=user)),
        )
    )
    access = services.access_to(thread.forum, user, membership)
    if form is None and posts:
        services.mark_read(thread, user, posts[-1].number, state)
    if form is None:
        initial = {}
        quoted = request.GET.get("citer", "")
        if quoted.isdigit() and len(quoted) <= 18:
            source = Post.objects.visible_to(user).filter(pk=int(quoted), is_deleted=False, is_hidden=False)
            source = source.select_related("author").first()
            if source:
                initial["body"] = quote(source.author.display_name, source.get_absolute_url(), source.source)
        form = PostForm(initial=initial)
    context = {
        "thread": thread,
        "forum": thread.forum,
        "posts": posts,
        "access": access,
        "page_number": page_number,
        "last_page": last_page,
        "page_range": _page_links(page_number, last_page),
        "first_unread": _first_unread(thread, state),
        "watch_levels": WatchLevel.choices,
        "watch_level": level,
        "watch_help": WATCH_LEVEL_HELP[level],
        "can_reply": access.can_write and not thread.is_closed and not thread.is_hidden,
        **_composer(form, thread.forum, preview_html, f"thread-{thread.pk}"),
    }
    context["posts_html"] = _render_posts(request, context)
    if access.can_moderate:
        context["move_targets"] = services.moderated_forums(user).values_list("pk", "name")
    return render(request, "forums/thread_detail.html", context, status=status)


def _render_posts(request, context) -> str:
    """The page's posts, through the Jinja2 partial: the thread page's hot loop (see community/jinja2.py)."""
    access = context["access"]
    return render_to_string(
        "forums/posts.html",
        {
            "posts": context["posts"],
            "viewer_id": request.user.pk,
            "can_moderate": access.can_moderate,
            "can_reply": context["can_reply"],
            "page_number": context["page_number"],
            "first_unread": context["first_unread"],
            "posts_prefix": _prefix("forums:post"),
            "members_prefix": _prefix("community:member_detail"),
            "role_labels": _role_labels(),
        },
        request=request,
        using="jinja2",
    )


@functools.cache
def _role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Role.choices}


def _page_links(current: int, last: int) -> list[int | None]:
    """Page numbers to link: the first, the last, and two around the current one (None for a gap)."""
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


@require_POST
def reply(request, pk):
    thread = _thread(request, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if "preview" in request.POST:
                preview_html = services.preview(body, thread.forum, request.user)
                return thread_detail(request, pk, form=form, preview_html=preview_html)
            post = services.post_reply(thread, request.user, body)
        except services.ForumError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Votre réponse est publiée."))
            return redirect(thread.page_url(post.number))
    return thread_detail(request, pk, form=form, status=400)


def thread_state(request, pk):
    """How many posts a thread has, and where the first one after ``apres`` is: what a page missed offline."""
    thread = _thread(request, pk)
    after = request.GET.get("apres", "")
    after = int(after) if after.isascii() and after.isdigit() and len(after) <= 9 else thread.post_count
    url = thread.page_url(after + 1) if thread.post_count > after else ""
    return JsonResponse({"post_count": thread.post_count, "url": url})


@require_POST
def set_watch(request, pk):
    thread = _thread(request, pk)
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_watch_level(thread, request.user, form.cleaned_data["level"])
        messages.success(request, _("Suivi du sujet : %(level)s.") % {"level": WatchLevel(form.cleaned_data["level"]).label})
    return redirect(thread)


@require_POST
def moderate_thread(request, pk, action):
    thread = _thread(request, pk)
    form = ModerationReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    thread = services.moderate_thread(thread, request.user, action, reason)
    messages.success(request, ModerationAction(action).label + ".")
    return redirect(thread)


@require_POST
def move_thread(request, pk):
    thread = _thread(request, pk)
    if not services.access_to(thread.forum, request.user).can_moderate:
        raise Http404  # as the service does: a member learns nothing of moderation they may not do
    form = MoveForm(request.POST, forums=services.moderated_forums(request.user))
    if not form.is_valid():
        messages.error(request, _("Choisissez le forum où déplacer ce sujet."))
        return redirect(thread)
    services.move_thread(thread, request.user, form.cleaned_data["forum"], form.cleaned_data["reason"])
    messages.success(request, _("Sujet déplacé vers « %(forum)s ».") % {"forum": form.cleaned_data["forum"].name})
    return redirect(thread)


def mention_suggestions(request, slug):
    """Members who can read the forum's threads (and groups one may mention), for the @ menu: JSON, nobody else."""
    forum = _forum(request, slug)
    term = request.GET.get("q", "").strip()[:40]
    audience = permissions.group_content_audience(forum.group).exclude(pk=request.user.pk)
    if term:
        audience = audience.filter(
            Q(handle__istartswith=term) | Q(first_name__istartswith=term) | Q(last_name__istartswith=term)
        )
    members = audience.select_related("centre").order_by("last_name", "first_name")[:MENTION_SUGGESTIONS]
    groups = WorkingGroup.objects.managed_by(request.user).filter(slug__istartswith=term)[:3]
    return JsonResponse(
        {
            "results": [
                {"handle": member.handle, "name": member.display_name, "detail": member.affiliation}
                for member in members
            ]
            + [{"handle": group.slug, "name": group.name, "detail": _("tout le groupe")} for group in groups]
        }
    )


# --- Posts -----------------------------------------------------------------------------------------------


def post_permalink(request, pk):
    post = _post(request, pk)
    return redirect(post.thread.page_url(post.number))


def edit_post(request, pk):
    post = _post(request, pk)
    if post.author_id != request.user.pk or post.is_deleted:
        raise Http404
    form = PostForm(request.POST or None, initial={"body": post.source})
    preview_html = ""
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if "preview" in request.POST:
                preview_html = services.preview(body, post.thread.forum, request.user)
            else:
                services.edit_post(post, request.user, body)
                messages.success(request, _("Votre message est modifié."))
                return redirect(post.thread.page_url(post.number))
        except services.ForumError as error:
            form.add_error("body", str(error))
    context = {"post": post, "thread": post.thread, **_composer(form, post.thread.forum, preview_html, f"post-{post.pk}")}
    return render(request, "forums/post_edit.html", context, status=400 if form.errors else 200)


def post_history(request, pk):
    post = _post(request, pk)
    if post.author_id != request.user.pk and not services.access_to(post.thread.forum, request.user).can_moderate:
        raise Http404
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forums/post_history.html", {"post": post, "thread": post.thread, "revisions": revisions})


def _act_on_post(request, pk, action, success: str = ""):
    """Run a service on a visible post, say how it went, and go back to the post."""
    post = _post(request, pk)
    try:
        action(post, request.user)
    except services.ForumError as error:
        messages.error(request, str(error))
    else:
        if success:
            messages.success(request, success)
    return redirect(post.thread.page_url(post.number))


@require_POST
def delete_post(request, pk):
    return _act_on_post(request, pk, services.delete_post, _("Votre message est supprimé."))


@require_POST
def thank_post(request, pk):
    return _act_on_post(request, pk, services.thank)


def flag_post(request, pk):
    post = _post(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(post, request.user, form.cleaned_data["reason"])
        except services.ForumError as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, _("Merci : la modération va examiner ce message."))
            return redirect(post.thread.page_url(post.number))
    return render(
        request, "forums/post_flag.html", {"post": post, "thread": post.thread, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def hide_post(request, pk, hidden):
    post = _post(request, pk)
    form = ModerationReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.set_post_hidden(post, request.user, hidden, reason)
    messages.success(request, _("Message masqué.") if hidden else _("Message rétabli."))
    return redirect(post.thread.page_url(post.number))


# --- Moderation -------------------------------------------------------------------------------------------


def _moderates_any(user) -> bool:
    return permissions.oversees_network(user) or WorkingGroup.objects.managed_by(user).exists()


def moderation_queue(request):
    """Open flags in the forums the member moderates; 404 for those who moderate none."""
    user = request.user
    if not _moderates_any(user):
        raise Http404
    flags = (
        Flag.objects.filter(resolved_at__isnull=True)
        .filter(permissions.managed_group_content_q(user, "post__thread__forum__group"))
        .select_related("post__thread__forum", "post__author", "member")
        .order_by("created_at")
    )
    page = Paginator(flags, 30).get_page(request.GET.get("page"))
    return render(request, "forums/moderation_queue.html", {"page": page, "can_see_log": permissions.oversees_network(user)})


@require_POST
def resolve_flag(request, pk, decision):
    flag = get_object_or_404(Flag.objects.select_related("post"), pk=pk, resolved_at__isnull=True)
    services.resolve_flag(flag, request.user, hide=decision == "masquer")
    messages.success(request, _("Message masqué.") if decision == "masquer" else _("Signalement écarté."))
    return redirect("forums:moderation")


def moderation_log(request):
    if not permissions.oversees_network(request.user):
        raise Http404
    entries = ModerationLog.objects.visible_to(request.user).select_related("actor", "thread", "post")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "forums/moderation_log.html", {"page": page})


# --- Search -------------------------------------------------------------------------------------------------


def search_view(request):
    form = SearchForm(request.GET or None)
    page = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"].strip():
        query = form.cleaned_data["q"].strip()
        page = Paginator(search.search_posts(request.user, query), 20).get_page(request.GET.get("page"))
        page.object_list = search.with_excerpts(page.object_list, query)
    return render(
        request,
        "forums/search.html",
        {"form": form, "page": page, "query": query, "query_string": f"q={query}" if query else ""},
    )

