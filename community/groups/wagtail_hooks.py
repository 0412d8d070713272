from django.template.loader import render_to_string
from wagtail import hooks

from community.groups.models import Membership


@hooks.register("community_home_sections")
def my_groups_section(request):
    """The home page lists the member's groups and the invitations waiting for an answer."""
    memberships = (
        Membership.objects.filter(member=request.user)
        .exclude(status=Membership.Status.REQUESTED)
        .select_related("group")
        .order_by("status", "group__name")
    )
    return render_to_string("groups/home_section.html", {"memberships": memberships}, request=request)
