from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import permissions
from community.groups import services
from community.groups.forms import InviteMemberForm, JoinRequestForm, MemberRoleForm, WorkingGroupForm
from community.groups.models import Membership, WorkingGroup
from community.sections import render_sections


def _visible_group(request, slug) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.visible_to(request.user).select_related("auth_group"), slug=slug)


def _managed_group(request, slug) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.managed_by(request.user).select_related("auth_group"), slug=slug)


def _own_membership(group, user) -> Membership | None:
    return Membership.objects.filter(group=group, member=user).first()


def group_list(request):
    mine = {m.group_id: m for m in Membership.objects.filter(member=request.user)}
    groups = WorkingGroup.objects.visible_to(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )
    rows = [(group, mine.get(group.pk)) for group in groups]
    return render(
        request,
        "groups/group_list.html",
        {"rows": rows, "can_create": permissions.oversees_network(request.user)},
    )


def my_groups(request):
    memberships = (
        Membership.objects.filter(member=request.user)
        .select_related("group")
        .order_by("status", "group__name")
    )
    by_status = {status: [m for m in memberships if m.status == status] for status in Membership.Status.values}
    return render(request, "groups/my_groups.html", {"by_status": by_status, "Status": Membership.Status})


def group_detail(request, slug):
    group = _visible_group(request, slug)
    membership = _own_membership(group, request.user)
    context = {
        "group": group,
        "membership": membership,
        "can_manage": permissions.can_manage_group(request.user, group, membership),
        "can_see_content": permissions.can_see_group_content(request.user, group, membership),
        "join_form": JoinRequestForm(),
    }
    if context["can_see_content"]:
        context["members"] = (
            group.memberships.active().select_related("member__centre").order_by("-role", "member__last_name")
        )
        # Forums, events and the library add their sections through this hook, given the membership
        # already read so that none asks for it again.
        context["sections"] = render_sections(
            "community_group_sections", request, group=group, membership=membership
        )
    return render(request, "groups/group_detail.html", context)


def _act(request, action, success: str):
    try:
        action()
    except services.GroupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@require_POST
def join(request, slug):
    group = _visible_group(request, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["message"][0])
        return redirect(group)
    try:
        membership = services.join_group(group, request.user, form.cleaned_data["message"])
    except services.GroupError as error:
        messages.error(request, str(error))
    else:
        if membership.is_active:
            messages.success(request, _("Bienvenue dans « %(group)s » !") % {"group": group.name})
        else:
            messages.success(request, _("Votre demande a été transmise à l'animation du groupe."))
    return redirect(group)


@require_POST
def leave(request, slug):
    group = _visible_group(request, slug)
    _act(request, lambda: services.leave_group(group, request.user), _("C'est fait."))
    if group.is_private and not permissions.oversees_network(request.user):
        return redirect("groups:mine")
    return redirect(group)


def create(request):
    if not permissions.oversees_network(request.user):
        raise PermissionDenied
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.create_group(**form.cleaned_data, animators=[request.user])
        messages.success(request, _("Groupe créé. Vous en êtes l'animateur·rice."))
        return redirect(group)
    return render(request, "groups/group_form.html", {"form": form})


def manage(request, slug):
    # The form edits its own copy: a rejected slug must not leak into this page's links and actions.
    settings_form = WorkingGroupForm(request.POST or None, instance=_managed_group(request, slug), prefix="settings")
    if request.method == "POST" and settings_form.is_valid():
        group = settings_form.save()
        messages.success(request, _("Les réglages du groupe ont été enregistrés."))
        return redirect("groups:manage", group.slug)
    group = _managed_group(request, slug)
    memberships = group.memberships.select_related("member__centre").order_by("member__last_name")
    return render(
        request,
        "groups/group_manage.html",
        {
            "group": group,
            "settings_form": settings_form,
            "invite_form": InviteMemberForm(),
            "requests": [m for m in memberships if m.status == Membership.Status.REQUESTED],
            "invited": [m for m in memberships if m.status == Membership.Status.INVITED],
            "members": [m for m in memberships if m.is_active],
            "role_choices": Membership.Role.choices,
        },
    )


def _managed_membership(request, slug, pk) -> Membership:
    group = _managed_group(request, slug)
    return get_object_or_404(Membership.objects.select_related("group__auth_group", "member"), group=group, pk=pk)


@require_POST
def decide(request, slug, pk, decision):
    membership = _managed_membership(request, slug, pk)
    approve = decision == "approve"
    done = _("Demande acceptée.") if approve else _("Demande refusée.")
    _act(request, lambda: services.decide_request(membership, approve=approve, by=request.user), done)
    return redirect("groups:manage", slug)


@require_POST
def invite(request, slug):
    group = _managed_group(request, slug)
    form = InviteMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["email"][0])
        return redirect("groups:manage", slug)
    done = _("Invitation envoyée à %(member)s.") % {"member": form.member.display_name}
    _act(request, lambda: services.invite_to_group(group, form.member, by=request.user), done)
    return redirect("groups:manage", slug)


@require_POST
def change_role(request, slug, pk):
    membership = _managed_membership(request, slug, pk)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        role = form.cleaned_data["role"]
        _act(request, lambda: services.set_member_role(membership, role, by=request.user), _("Rôle modifié."))
    return redirect("groups:manage", slug)


@require_POST
def remove(request, slug, pk):
    membership = _managed_membership(request, slug, pk)
    _act(request, lambda: services.remove_member(membership, by=request.user), _("Membre retiré du groupe."))
    return redirect("groups:manage", slug)
