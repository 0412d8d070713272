from django.template.loader import render_to_string
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.navigation import MenuItem
from forums import queries, services
from forums.models import Forum

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
    threads = queries.decorate(queries.listed(request.user).order_by("-last_post_at", "-pk")[:RECENT_ON_HOME], request.user)
    return render_to_string("forums/home_section.html", {"threads": threads}, request=request)


@hooks.register("community_group_sections")
def group_threads(request, group):
    forum = Forum.objects.filter(group=group).select_related("group").first()
    if forum is None:
        return ""
    threads = queries.listed(request.user).filter(forum=forum)[:LATEST_ON_GROUP]
    context = {
        "forum": forum,
        "threads": queries.decorate(threads, request.user),
        "access": services.access_to(forum, request.user),
    }
    return render_to_string("forums/group_section.html", context, request=request)
