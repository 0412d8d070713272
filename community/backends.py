"""Permissions that follow a member's role rather than Django groups.

Coordinators of the national hub run the network: apps grant them what they manage in Wagtail's
admin through the ``register_coordinator_permissions`` hook (a function returning permission names
such as ``"forums.change_forum"``); admin access comes with any of them. ``community`` names no app.
"""

from functools import cache

from django.contrib.auth.backends import BaseBackend
from wagtail import hooks


@cache
def coordinator_permissions() -> frozenset[str]:
    granted = {perm for register in hooks.get_hooks("register_coordinator_permissions") for perm in register()}
    return frozenset(granted | {"wagtailadmin.access_admin"} if granted else granted)


class RolePermissionBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None):
        from community.models import Role

        if obj is not None or not user_obj.is_active or getattr(user_obj, "role", None) != Role.COORDINATOR:
            return set()
        return set(coordinator_permissions())

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
