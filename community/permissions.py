"""Who may see and do what: the one place that answers access questions.

Views, querysets (``WorkingGroup.objects.visible_to(user)``), feeds and WebSocket pushes all ask here.
Private things are reported as absent (404) to outsiders, never as forbidden.
"""

from django.db.models import Exists, OuterRef, Q


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def oversees_network(user) -> bool:
    """Coordinators of the national hub and staff see and manage every group."""
    return is_member(user) and (user.is_staff or user.is_coordinator)


def can_manage_access(user) -> bool:
    """Coordinators and staff decide access requests and send invitations."""
    return oversees_network(user)


def access_managers():
    """Members told of new access requests: active coordinators."""
    from django.contrib.auth import get_user_model

    from community.models import Role

    return get_user_model().objects.active().filter(role=Role.COORDINATOR)


# --- Working groups ----------------------------------------------------------------------------


def _memberships(user, **filters):
    from community.groups.models import Membership

    return Membership.objects.filter(group=OuterRef("pk"), member=user, **filters)


def visible_groups_q(user) -> Q:
    """Groups whose existence the user may know: network groups, and private ones they belong to or are invited to."""
    if not is_member(user):
        return Q(pk__in=[])
    if oversees_network(user):
        return Q()
    return Q(visibility="network") | Q(Exists(_memberships(user)))


def managed_groups_q(user) -> Q:
    if not is_member(user):
        return Q(pk__in=[])
    if oversees_network(user):
        return Q()
    return Q(Exists(_memberships(user, status="active", role="animateur")))


def can_see_group_content(user, group, membership=None) -> bool:
    """Members list and sections: anyone who may see a network group; active members of a private one."""
    if not is_member(user):
        return False
    if oversees_network(user) or not group.is_private:
        return True
    return membership is not None and membership.is_active


def can_manage_group(user, group, membership=None) -> bool:
    """Animateurs manage their own group; coordinators and staff manage all."""
    return oversees_network(user) or (membership is not None and membership.is_animator)
