"""Business actions on working groups. Every rule about joining and managing lives here."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community import permissions
from community.groups import notification_kinds as kinds
from community.groups.models import Membership, WorkingGroup
from community.notifications.services import notify


class GroupError(Exception):
    """A rule refused the action; the message is shown to the user as is."""


def _lock_group(group: WorkingGroup) -> WorkingGroup:
    # Serialises membership changes within a group (the last-animateur rule reads then writes).
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def _membership(group, member) -> Membership | None:
    return Membership.objects.filter(group=group, member=member).first()


def _activate(membership: Membership, role: str | None = None) -> Membership:
    """Make a membership active; its role stays unless one is given."""
    membership.status = Membership.Status.ACTIVE
    membership.role = role or membership.role
    membership.joined_at = timezone.now()
    membership.save()
    membership.group.auth_group.user_set.add(membership.member)
    return membership


def _delete(membership: Membership) -> None:
    membership.group.auth_group.user_set.remove(membership.member)
    membership.delete()


def _check_leaves_an_animator(group, membership) -> None:
    if membership.is_animator and group.memberships.animators().exclude(pk=membership.pk).count() == 0:
        raise GroupError(_("Le groupe doit garder au moins un·e animateur·rice : nommez-en un·e autre d'abord."))


def _check_eligible(group, member) -> None:
    if not group.admits(member):
        raise GroupError(_("Ce groupe est réservé aux rôles suivants : %(roles)s.") % {"roles": group.eligible_roles_display()})


def _check_manager(group, actor) -> None:
    if not permissions.can_manage_group(actor, group, _membership(group, actor)):
        raise Http404  # an animateur of another group learns nothing about this one


def join_group(group: WorkingGroup, member, message: str = "") -> Membership:
    """Join an open group, accept a pending invitation, or ask to join a group on request.

    An invitation-only or invisible group answers as if it did not exist.
    """
    with transaction.atomic():
        group = _lock_group(group)
        if not WorkingGroup.objects.visible_to(member).filter(pk=group.pk).exists():
            raise Http404
        membership = _membership(group, member)
        if membership and membership.status == Membership.Status.INVITED:
            return _activate(membership)
        if membership:
            raise GroupError(_("Vous êtes déjà membre de ce groupe ou votre demande est en attente."))
        # Coordinators manage every group anyway: they join any of them directly.
        overseer = permissions.oversees_network(member)
        if group.join_policy == WorkingGroup.JoinPolicy.INVITATION and not overseer:
            raise Http404
        _check_eligible(group, member)
        membership = Membership(group=group, member=member)
        if group.join_policy == WorkingGroup.JoinPolicy.OPEN or overseer:
            return _activate(membership)
        membership.status, membership.message = Membership.Status.REQUESTED, message
        membership.save()
        animators = [m.member for m in group.memberships.animators().select_related("member")]
        notify(
            animators,
            kinds.JOIN_REQUEST,
            actor=member,
            text=_("%(member)s demande à rejoindre « %(group)s ».") % {"member": member.display_name, "group": group.name},
            link=reverse("groups:manage", args=[group.slug]),
        )
        return membership


def leave_group(group: WorkingGroup, member) -> None:
    """Leave a group, withdraw one's request, or decline an invitation."""
    with transaction.atomic():
        group = _lock_group(group)
        membership = _membership(group, member)
        if membership is None:
            raise Http404
        _check_leaves_an_animator(group, membership)
        _delete(membership)


def decide_request(membership: Membership, *, approve: bool, by) -> Membership | None:
    with transaction.atomic():
        group = _lock_group(membership.group)
        _check_manager(group, by)
        membership = Membership.objects.select_related("member").filter(pk=membership.pk, group=group).first()
        if membership is None or membership.status != Membership.Status.REQUESTED:
            raise GroupError(_("Cette demande a déjà été traitée."))
        member, link = membership.member, group.get_absolute_url()
        if approve:
            if not member.is_active:
                raise GroupError(_("Ce compte n'est plus actif."))
            _check_eligible(group, member)
            _activate(membership)
            text, kind = _("Votre demande pour rejoindre « %(group)s » est acceptée."), kinds.REQUEST_APPROVED
        else:
            _delete(membership)
            text, kind, membership = _("Votre demande pour rejoindre « %(group)s » n'a pas été retenue."), kinds.REQUEST_DECLINED, None
        notify([member], kind, actor=by, text=text % {"group": group.name}, link=link)
        return membership


def invite_to_group(group: WorkingGroup, member, *, by) -> Membership:
    with transaction.atomic():
        group = _lock_group(group)
        _check_manager(group, by)
        if not member.is_active:
            raise GroupError(_("Ce compte n'est plus actif."))
        _check_eligible(group, member)
        membership = _membership(group, member)
        if membership and membership.is_active:
            raise GroupError(_("%(member)s est déjà membre du groupe.") % {"member": member.display_name})
        if membership and membership.status == Membership.Status.REQUESTED:
            # Inviting someone who asked is saying yes.
            _activate(membership)
            notify(
                [member],
                kinds.REQUEST_APPROVED,
                actor=by,
                text=_("Votre demande pour rejoindre « %(group)s » est acceptée.") % {"group": group.name},
                link=group.get_absolute_url(),
            )
            return membership
        if membership:
            raise GroupError(_("%(member)s a déjà été invité·e.") % {"member": member.display_name})
        membership = Membership.objects.create(group=group, member=member, status=Membership.Status.INVITED, invited_by=by)
        notify(
            [member],
            kinds.INVITATION,
            actor=by,
            text=_("%(actor)s vous invite à rejoindre « %(group)s ».") % {"actor": by.display_name, "group": group.name},
            link=group.get_absolute_url(),
        )
        return membership


def set_member_role(membership: Membership, role: str, *, by) -> Membership:
    with transaction.atomic():
        group = _lock_group(membership.group)
        _check_manager(group, by)
        membership = Membership.objects.get(pk=membership.pk, group=group)
        if not membership.is_active:
            raise GroupError(_("Seuls les membres actifs ont un rôle."))
        if role != Membership.Role.ANIMATOR:
            _check_leaves_an_animator(group, membership)
        membership.role = role
        membership.save(update_fields=["role"])
        return membership


def remove_member(membership: Membership, *, by) -> None:
    with transaction.atomic():
        group = _lock_group(membership.group)
        _check_manager(group, by)
        membership = Membership.objects.select_related("group__auth_group", "member").get(pk=membership.pk, group=group)
        _check_leaves_an_animator(group, membership)
        _delete(membership)


def add_member(group: WorkingGroup, member, *, role: str | None = None) -> Membership:
    """Put someone straight into a group (group creation, demo data, administration).

    An existing member keeps their role unless one is given.
    """
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            group=group, member=member, defaults={"status": Membership.Status.ACTIVE}
        )
        return _activate(membership, role=role)


def create_group(*, name, slug, description, visibility, join_policy, eligible_roles=(), animators=()) -> WorkingGroup:
    with transaction.atomic():
        group = WorkingGroup.objects.create(
            name=name, slug=slug, description=description, visibility=visibility, join_policy=join_policy,
            eligible_roles=list(eligible_roles),
        )
        for animator in animators:
            add_member(group, animator, role=Membership.Role.ANIMATOR)
        return group
