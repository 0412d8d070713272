from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community import search_text
from community.navigation import MenuItem
from community.search import Hits, Provider, Result, match_words
from forums import queries, services
from forums import search as forum_search
from forums.models import Forum, Thread

RECENT_ON_HOME = 5
LATEST_ON_GROUP = 5


@hooks.register("register_main_menu_item")
def forums_menu_item():
    return MenuItem(_("Forums"), "/forums/", 30)


@hooks.register("register_demo_data")
def forum_demo_data(stdout):
    from forums import demo  # only the seed_demo command loads the demo texts

    demo.seed(stdout)


@hooks.register("register_site_urls")
def forum_urls():
    return [path("forums/", include("forums.urls"))]


@hooks.register("register_coordinator_permissions")
def coordinators_manage_categories():
    return ["forums.add_forum", "forums.change_forum", "forums.delete_forum", "forums.view_forum"]


class CategoryViewSet(SnippetViewSet):
    """Coordinators manage the network-wide categories; group forums follow their groups."""

    model = Forum
    icon = "comment"
    menu_label = _("Catégories de forum")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]

    def get_queryset(self, request):
        return Forum.objects.categories()


register_snippet(CategoryViewSet)


@hooks.register("community_home_sections")
def recent_discussions(request):
    threads = queries.decorate(
        queries.listed(request.user).order_by("-last_post_at", "-pk")[:RECENT_ON_HOME], request.user
    )
    return render_to_string("forums/home_section.html", {"threads": threads}, request=request)


@hooks.register("community_group_sections")
def group_threads(request, group, membership):
    forum = Forum.objects.filter(group=group).select_related("group").first()
    if forum is None:
        return ""
    threads = queries.listed(request.user).filter(forum=forum)[:LATEST_ON_GROUP]
    context = {
        "forum": forum,
        "threads": queries.decorate(threads, request.user),
        "access": services.access_to(forum, request.user, membership),
    }
    return render_to_string("forums/group_section.html", context, request=request)


# --- Site search (/recherche/): threads by title, and posts through the forums' own search --------------


def search_threads(request, query):
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(match_words(query, "title"))
        .select_related("forum")
        .order_by("-last_post_at", "-pk")
    )

    def present(rows):
        return [
            Result(
                title=thread.title,
                url=thread.get_absolute_url(),
                meta=" · ".join(
                    [
                        thread.forum.name,
                        ngettext("%(count)d message", "%(count)d messages", thread.post_count)
                        % {"count": thread.post_count},
                        _("dernier message le %(date)s")
                        % {"date": date_format(localtime(thread.last_post_at), "j F Y")},
                    ]
                ),
            )
            for thread in rows
        ]

    return Hits(threads, present)


def search_forum_posts(request, query):

    def present(rows):
        return [
            Result(
                title=post.thread.title,
                url=post.get_absolute_url(),
                excerpt=search_text.excerpt(post.source, query),
                meta=" · ".join(
                    [post.thread.forum.name, post.author.display_name, date_format(localtime(post.created_at), "j F Y")]
                ),
            )
            for post in rows
        ]

    return Hits(forum_search.search_posts(request.user, query), present)


def forum_search_url(query):
    return f"{reverse('forums:search')}?{urlencode({'q': query})}"


@hooks.register("register_search_providers")
def forum_threads_provider():
    return Provider("sujets", _("Sujets de forum"), 20, search_threads)


@hooks.register("register_search_providers")
def forum_posts_provider():
    return Provider("messages", _("Messages de forum"), 25, search_forum_posts, forum_search_url)
