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


def _memberships(user, group_ref: str = "pk", **filters):
    from community.groups.models import Membership

    return Membership.objects.filter(group=OuterRef(group_ref), member=user, **filters)


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


# --- Group-scoped content (forums, events, library) ---------------------------------------------
# Content either belongs to the whole network (no group) or to one working group, and is then seen
# exactly as the group's own content is (``can_see_group_content``).


def group_content_q(user, field: str = "group") -> Q:
    """Rows whose ``field`` (a nullable foreign key to a group) the user may read, as one filter."""
    if not is_member(user):
        return Q(pk__in=[])
    if oversees_network(user):
        return Q()
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__visibility": "network"})
        | Q(Exists(_memberships(user, field, status="active")))
    )


def managed_group_content_q(user, field: str = "group") -> Q:
    """Rows of groups the user animates (everything for coordinators): what they may moderate.

    Network-wide rows (no group) are managed by coordinators only.
    """
    if not is_member(user):
        return Q(pk__in=[])
    if oversees_network(user):
        return Q()
    return Q(Exists(_memberships(user, field, status="active", role="animateur")))


def can_write_group_content(user, group, membership=None) -> bool:
    """Network-wide spaces take every member; a group's take its active members, animateurs and coordinators."""
    if not is_member(user):
        return False
    if group is None or oversees_network(user):
        return True
    return membership is not None and membership.is_active


def group_content_audience(group):
    """The active members who may read a group's content (everyone for network-wide content)."""
    from django.contrib.auth import get_user_model

    from community.groups.models import Membership
    from community.models import Role

    members = get_user_model().objects.active()
    if group is None or not group.is_private:
        return members
    active_member = Membership.objects.filter(group=group, member=OuterRef("pk"), status="active")
    return members.filter(Q(is_staff=True) | Q(role=Role.COORDINATOR) | Q(Exists(active_member)))


# --- Steering: centres' indicators and deployment ---------------------------------------------------
# Coordinators see every centre by name; a centre's members see their own centre in detail and the
# network only as a whole (median, spread). A centre's cadre de santé writes its own indicators and
# milestones; coordinators write any centre's.


def steered_centres_q(user, field: str = "pk") -> Q:
    """Centres (``field`` points at a centre's pk) whose indicators and milestones the user sees by name."""
    if not is_member(user):
        return Q(pk__in=[])
    if oversees_network(user):
        return Q()
    if not user.centre_id:
        return Q(pk__in=[])
    return Q(**{field: user.centre_id})


def can_see_centre_steering(user, centre) -> bool:
    return is_member(user) and (oversees_network(user) or user.centre_id == centre.pk)


def can_steer_centre(user, centre) -> bool:
    """Enter or correct a centre's indicators, move its milestones: its cadre de santé and coordinators."""
    from community.models import Role

    if not is_member(user):
        return False
    return oversees_network(user) or (user.role == Role.CADRE and user.centre_id == centre.pk)


def centre_cadres(centre):
    """Active cadres de santé of a centre: told of its milestones' changes."""
    from django.contrib.auth import get_user_model

    from community.models import Role

    return get_user_model().objects.active().filter(centre=centre, role=Role.CADRE)
