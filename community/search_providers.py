"""What ``community`` itself contributes to the site's search: members, working groups and news.

Registered from ``community/wagtail_hooks.py``; the other apps register theirs the same way.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from community import permissions
from community.search import Hits, NoHits, Provider, Result, excerpt, match_words


def search_members(request, query: str) -> Hits:
    """Active members by name or centre: the directory's own fields, which every member may see."""
    from community.models import User

    if not permissions.is_member(request.user):
        return NoHits()
    members = User.objects.directory().filter(match_words(query, "first_name", "last_name", "centre__name"))

    def present(rows):
        return [
            Result(
                title=member.display_name,
                url=member.get_absolute_url(),
                meta=" · ".join(str(part) for part in (member.get_role_display(), member.affiliation) if part),
            )
            for member in rows
        ]

    return Hits(members, present)


def search_groups(request, query: str) -> Hits:
    from community.groups.models import WorkingGroup

    groups = WorkingGroup.objects.visible_to(request.user).filter(match_words(query, "name", "description"))

    def present(rows):
        return [
            Result(
                title=group.name,
                url=group.get_absolute_url(),
                excerpt=excerpt(group.description, query),
                meta=str(_("Groupe privé") if group.is_private else _("Groupe ouvert à tout le réseau")),
            )
            for group in rows
        ]

    return Hits(groups.order_by("name"), present)


def search_news(request, query: str) -> Hits:
    """Published news without a view restriction, through Wagtail's search index (title, intro, body)."""
    from community.models import NewsPage

    if not permissions.is_member(request.user):
        return NoHits()
    news = get_search_backend().search(query, NewsPage.objects.live().public(), operator="and")

    def present(rows):
        return [
            Result(
                title=page.title,
                url=page.get_url(request),
                excerpt=excerpt(page.intro, query),
                meta=date_format(page.date, "j F Y"),
            )
            for page in rows
        ]

    return Hits(news, present)


def members_provider() -> Provider:
    return Provider("membres", _("Membres"), 60, search_members)


def groups_provider() -> Provider:
    return Provider("groupes", _("Groupes de travail"), 50, search_groups)


def news_provider() -> Provider:
    return Provider("actualites", _("Actualités"), 40, search_news)
