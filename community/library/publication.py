"""A resource's audience is told once, when it is first published, whatever the path.

Coordinators publishing in the admin, a moderator approving a proposal (from the site or the admin), a
scheduled publication: each ends in Wagtail's ``page_published``. The first publication is the one that
sets ``first_published_at`` (to the same instant as ``last_published_at``); later republications, and
a resource unpublished then published again, tell no one.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.signals import page_published

from community import permissions
from community.library.models import ResourcePage
from community.library.notification_kinds import PUBLISHED
from community.notifications.services import notify

# Who published, when Wagtail's signal cannot say (a workflow's approver); else the revision's author.
_publisher = ContextVar("library_publisher", default=None)
# Bulk imports (demo data) publish without telling anyone.
_quiet = ContextVar("library_publication_quiet", default=False)


@contextmanager
def published_by(user):
    token = _publisher.set(user)
    try:
        yield
    finally:
        _publisher.reset(token)


@contextmanager
def quietly():
    """Publish resources inside this block without telling their audience (seeding, imports)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_first_publication(page: ResourcePage) -> bool:
    return bool(page.live and page.first_published_at and page.first_published_at == page.last_published_at)


def tell_audience(page: ResourcePage, publisher=None) -> None:
    text = _("Nouvelle ressource : %(title)s") % {"title": page.title}
    audience = permissions.group_content_audience(page.group).only("pk")
    notify(audience, PUBLISHED, text=text, link=page.url or "", actor=publisher)


@receiver(page_published, sender=ResourcePage, dispatch_uid="library.publication_notice")
def resource_published(sender, instance, revision=None, **kwargs):
    if _quiet.get() or not is_first_publication(instance):
        return
    tell_audience(instance, _publisher.get() or getattr(revision, "user", None))
