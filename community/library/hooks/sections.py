"""Library hooks: sections of community pages (the latest resources on the home page and group pages)."""

from django.template.loader import render_to_string
from wagtail import hooks

RECENT_ON_HOME = 5
LATEST_ON_GROUP = 5
# The library's index is the home page's child "ressources" (LibraryIndexPage, max_count = 1).
INDEX_URL = "/ressources/"


def _latest(user, count: int, group=None) -> list:
    """The latest resources ``user`` may see (of ``group``: its audience or author), in one query."""
    from django.db.models import Q

    from community.library.models import ResourcePage

    resources = ResourcePage.objects.visible_to(user).select_related("group")
    if group is not None:
        resources = resources.filter(Q(group=group) | Q(author_group=group))
    return list(resources.order_by("-publication_date", "-pk")[:count])


@hooks.register("community_home_sections")
def recent_resources_section(request):
    context = {"resources": _latest(request.user, RECENT_ON_HOME), "index_url": INDEX_URL}
    return render_to_string("library/home_section.html", context, request=request)


@hooks.register("community_group_sections")
def group_resources_section(request, group, membership):
    from community import permissions

    user = request.user
    # Proposing to a group takes what writing its content takes (the proposal form answers 404 otherwise).
    may_propose = permissions.can_write_group_content(user, group, membership)
    context = {
        "group": group,
        "resources": _latest(user, LATEST_ON_GROUP, group=group),
        "index_url": INDEX_URL,
        "propose_url": f"{INDEX_URL}proposer/?groupe={group.slug}" if may_propose else "",
    }
    return render_to_string("library/group_section.html", context, request=request)
