from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from allauth.core import ratelimit

from community import services
from community.forms import (
    AcceptInvitationForm,
    AccessRequestForm,
    DeclineForm,
    InvitationForm,
    MemberFilterForm,
    ProfileForm,
)
from community.models import AccessRequest, Centre, Invitation, User
from community.permissions import can_manage_access

MEMBERS_PER_PAGE = 30


# --- Access to the network -------------------------------------------------------------------


@login_not_required
def request_access(request):
    if request.user.is_authenticated:
        return redirect("/")
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        # Access requests are this network's sign-ups: they share allauth's sign-up rate limit.
        if not ratelimit.consume(request, action="signup"):
            form.add_error(None, _("Trop de demandes depuis cette adresse. Réessayez dans quelques minutes."))
        elif form.is_valid():
            try:
                services.request_access(**form.cleaned_data)
            except services.AccessError as error:
                form.add_error("email", str(error))
            else:
                request.session["access_request_email"] = form.cleaned_data["email"]
                return redirect("community:request_access_sent")
    return render(request, "community/access_request_form.html", {"form": form})


@login_not_required
def request_access_sent(request):
    email = request.session.get("access_request_email")
    if not email:
        return redirect("community:request_access")
    return render(request, "community/access_request_sent.html", {"email": email})


def _require_access_manager(request) -> None:
    if not can_manage_access(request.user):
        raise PermissionDenied


def access_requests(request):
    _require_access_manager(request)
    pending = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related("centre")
    recent = (
        AccessRequest.objects.exclude(status=AccessRequest.Status.PENDING)
        .select_related("centre", "decided_by")
        .order_by("-decided_at")[:20]
    )
    invitations = Invitation.objects.filter(status=Invitation.Status.PENDING).select_related("centre", "invited_by")
    return render(
        request,
        "community/access_requests.html",
        {"pending": pending, "recent": recent, "invitations": invitations, "decline_form": DeclineForm()},
    )


@require_POST
def decide_access_request(request, pk: int, decision: str):
    _require_access_manager(request)
    access_request = get_object_or_404(AccessRequest, pk=pk)
    try:
        if decision == "approve":
            services.approve_access_request(access_request, by=request.user)
            messages.success(
                request, _("Demande de %(name)s acceptée : une invitation lui a été envoyée.") % {"name": access_request.full_name}
            )
        else:
            form = DeclineForm(request.POST)
            if not form.is_valid():
                messages.error(request, form.errors["note"][0])
                return redirect("community:access_requests")
            services.decline_access_request(access_request, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("Demande de %(name)s refusée.") % {"name": access_request.full_name})
    except services.AccessError as error:
        messages.error(request, str(error))
    return redirect("community:access_requests")


def invite(request):
    _require_access_manager(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_member(by=request.user, **form.cleaned_data)
        except services.AccessError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
            return redirect("community:access_requests")
    return render(request, "community/invite_form.html", {"form": form})


@require_POST
def revoke_invitation(request, pk: int):
    _require_access_manager(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.revoke_invitation(invitation, by=request.user)
        messages.success(request, _("Invitation à %(email)s annulée.") % {"email": invitation.email})
    except services.AccessError as error:
        messages.error(request, str(error))
    return redirect("community:access_requests")


@login_not_required
def accept_invitation(request, token: str):
    pk = Invitation.pk_from_token(token)
    invitation = Invitation.objects.filter(pk=pk).select_related("centre").first() if pk else None
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        return render(request, "community/invitation_invalid.html", status=410 if invitation else 404)
    if request.user.is_authenticated:
        return render(request, "community/invitation_invalid.html", {"signed_in": True}, status=409)
    initial = {"first_name": invitation.first_name, "last_name": invitation.last_name}
    form = AcceptInvitationForm(request.POST or None, invitation=invitation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.accept_invitation(
                invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.AccessError as error:
            form.add_error(None, str(error))
        else:
            login(request, member, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Bienvenue sur la plateforme du réseau 3114 ! Complétez votre profil."))
            return redirect("community:profile")
    return render(request, "community/accept_invitation.html", {"form": form, "invitation": invitation})


# --- Members ---------------------------------------------------------------------------------


def profile(request):
    member = User.objects.select_related("centre").get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        changed = {name: getattr(form.instance, name) for name in form.changed_data}
        if changed:
            services.update_profile(form.instance, **changed)
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("community:profile")
    return render(request, "community/profile_form.html", {"form": form, "member": member})


def member_list(request):
    form = MemberFilterForm(request.GET or None)
    members = User.objects.directory()
    if form.is_valid():
        if form.cleaned_data["q"]:
            query = form.cleaned_data["q"]
            members = members.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
        if form.cleaned_data["centre"]:
            members = members.filter(centre=form.cleaned_data["centre"])
        if form.cleaned_data["role"]:
            members = members.filter(role=form.cleaned_data["role"])
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "community/member_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


def member_detail(request, pk: int):
    member = get_object_or_404(User.objects.directory(), pk=pk)
    return render(request, "community/member_detail.html", {"member": member})


# --- Centres ---------------------------------------------------------------------------------


def centre_list(request):
    centres = Centre.objects.prefetch_related(Prefetch("members", queryset=User.objects.directory(), to_attr="active_members"))
    groups = [(status, label, [c for c in centres if c.status == status]) for status, label in Centre.Status.choices]
    return render(request, "community/centre_list.html", {"groups": [g for g in groups if g[2]]})


def centre_detail(request, slug: str):
    centre = get_object_or_404(Centre, slug=slug)
    members = User.objects.directory().filter(centre=centre)
    return render(request, "community/centre_detail.html", {"centre": centre, "members": members})
