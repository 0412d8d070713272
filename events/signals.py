"""Coordinators may add, edit and publish events in Wagtail's admin, under the events' index page."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from community.models.members import coordination_group
from events.models import EventIndexPage

COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def grant_coordinators(index: EventIndexPage) -> None:
    group = coordination_group()
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=COORDINATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


@receiver(post_save, sender=EventIndexPage)
def index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_coordinators(instance)
