"""Coordinators may add, edit and publish events in Wagtail's admin, under the events' index page;
members who stop seeing a group's events give up their places."""

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission

from community.groups.models import Membership, WorkingGroup
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


@receiver(post_delete, sender=Membership)
def membership_ended(sender, instance, **kwargs):
    """Someone who leaves (or is removed from) a private group gives up their places at its events."""
    group_id, member_id = instance.group_id, instance.member_id
    transaction.on_commit(partial(_release, group_id, member_id))


@receiver(post_save, sender=WorkingGroup)
def group_saved(sender, instance, created, raw=False, **kwargs):
    """A group made private: members outside it give up their places at its events."""
    if not created and not raw and instance.is_private:
        transaction.on_commit(partial(_release, instance.pk, None))


def _release(group_id: int, member_id: int | None) -> None:
    from events import services

    group = WorkingGroup.objects.filter(pk=group_id).first()
    if group is not None and group.is_private:
        member = get_user_model().objects.filter(pk=member_id).first() if member_id else None
        if member_id is None or member is not None:
            services.release_unseen(group, member)
