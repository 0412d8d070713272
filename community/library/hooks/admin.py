"""Library hooks: admin. Coordinators see on the admin's dashboard how many resources are due for review."""

from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem

from community import permissions


class ReviewDueSummaryItem(SummaryItem):
    order = 450

    def is_shown(self):
        return permissions.oversees_network(self.request.user)

    def render_html(self, parent_context=None):
        from community.library.models import LibraryIndexPage
        from community.library.review import due_resources

        index = LibraryIndexPage.objects.live().first()
        if index is None:
            return ""
        count = due_resources().count()
        label = ngettext("%(count)s ressource à revoir", "%(count)s ressources à revoir", count) % {"count": count}
        return format_html(
            '<li><svg class="icon icon-date" aria-hidden="true"><use href="#icon-date"></use></svg>'
            '<a href="{}">{}</a></li>',
            index.url + index.reverse_subpage("review_route"),
            label,
        )


@hooks.register("construct_homepage_summary_items")
def add_review_due(request, items):
    items.append(ReviewDueSummaryItem(request))
