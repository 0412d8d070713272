"""Members propose resources from the site; moderators decide there too (animateur·rices have no admin).

``/ressources/proposer/`` (any member; ``?groupe=<slug>`` chooses a group's audience), the proposals
list ``/ressources/propositions/`` (the member's own, and those waiting for them as moderator), and one
proposal ``/ressources/propositions/<id>/`` (its author and moderators only, others 404): its latest
revision, the moderators' "Approuver et publier" / "Demander des modifications", and for the author,
once changes are requested, the form again (``?modifier``) to resubmit.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents import get_document_model
from wagtail.models import Page, TaskState, WorkflowState

from community import permissions
from community.library.models import LibraryIndexPage, ResourceModerationTask, ResourcePage
from community.library.proposal_forms import ProposalForms, ReviewForm, writable_groups
from community.library.services import can_moderate
from community.library.services import proposals as services
from community.library.services.proposals import ProposalError

MINE_PER_PAGE = 20
WAITING_SHOWN = 100

STATUS_LABELS = {
    WorkflowState.STATUS_IN_PROGRESS: gettext_lazy("en relecture"),
    WorkflowState.STATUS_NEEDS_CHANGES: gettext_lazy("modifications demandées"),
    WorkflowState.STATUS_APPROVED: gettext_lazy("publiée"),
}


def _check_member(user) -> None:
    if not permissions.is_member(user):
        raise Http404


def proposal_url(index: LibraryIndexPage, page_id: int) -> str:
    return index.url + index.reverse_subpage("proposal_route", args=(page_id,))


# --- Proposing ----------------------------------------------------------------------------------------


def _audience_or_404(groups, slug: str):
    """The group chosen by its slug among those the member may write to; any other answers 404."""
    if not slug:
        return None
    for group in groups:
        if group.slug == slug:
            return group
    raise Http404


def propose(request, index: LibraryIndexPage):
    user = request.user
    _check_member(user)
    groups = writable_groups(user)
    posted = request.method == "POST"
    # The audience posted, or the group named in the link that opened the form: either is one of theirs.
    chosen = request.POST.get("audience", "") if posted else request.GET.get("groupe", "")
    preselected = _audience_or_404(groups, chosen)
    forms = ProposalForms(
        user,
        request.POST if posted else None,
        request.FILES if posted else None,
        groups=groups,
        preselected=preselected,
    )
    if posted and forms.is_valid():
        try:
            page = services.submit(index, user, forms.proposal(), forms.file_inputs())
        except ProposalError as error:
            forms.form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Proposition envoyée : la coordination (ou l'animation du groupe) va la relire.")
            )
            return redirect(proposal_url(index, page.pk))
    return _render_form(request, index, forms, page=None)


def _render_form(request, index, forms, *, page):
    return render(
        request,
        "library/propose.html",
        {"index": index, "forms": forms, "form": forms.form, "proposal": page},
        status=400 if forms.has_errors or forms.form.errors else 200,
    )


# --- The lists ----------------------------------------------------------------------------------------


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def my_proposals(user):
    """The member's proposals (pages they own that went through the workflow), with their latest state."""
    latest = (
        WorkflowState.objects.filter(
            base_content_type=_page_content_type(), object_id=Cast(OuterRef("pk"), output_field=CharField())
        )
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .order_by("-created_at", "-pk")
    )
    return (
        ResourcePage.objects.filter(owner=user)
        .annotate(
            workflow_status=Subquery(latest.values("status")[:1]),
            workflow_comment=Subquery(latest.values("current_task_state__comment")[:1]),
        )
        .filter(workflow_status__isnull=False)
        .select_related("group")
        .order_by("-latest_revision_created_at", "-pk")
    )


def waiting_for(user):
    """The task states waiting for ``user``'s decision (their groups' for animateur·rices), oldest first."""
    states = TaskState.objects.none()
    for task in ResourceModerationTask.objects.filter(active=True):
        states |= task.get_task_states_user_can_moderate(user)
    return states.select_related("workflow_state__requested_by").order_by("started_at", "pk")


def pending(request, index: LibraryIndexPage):
    user = request.user
    _check_member(user)
    mine = Paginator(my_proposals(user), MINE_PER_PAGE).get_page(request.GET.get("page"))
    for page in mine:
        page.status_label = STATUS_LABELS.get(page.workflow_status, "")
        page.proposal_url = proposal_url(index, page.pk)
    waiting, waiting_count = [], 0
    if permissions.oversees_network(user) or user.group_memberships.animators().exists():
        states = waiting_for(user)
        shown = list(states[:WAITING_SHOWN])
        waiting_count = len(shown) if len(shown) < WAITING_SHOWN else states.count()
        pages = ResourcePage.objects.select_related("group").in_bulk([int(s.workflow_state.object_id) for s in shown])
        for state in shown:
            page = pages.get(int(state.workflow_state.object_id))
            if page is not None:
                waiting.append({"page": page, "state": state, "url": proposal_url(index, page.pk)})
    return render(
        request,
        "library/proposals.html",
        {"index": index, "mine": mine, "waiting": waiting, "waiting_count": waiting_count},
    )


# --- One proposal -------------------------------------------------------------------------------------


def _files_of(draft: ResourcePage) -> list:
    files = list(draft.files.all())
    documents = get_document_model().objects.in_bulk([f.document_id for f in files if f.document_id])
    for file in files:
        file.current_document = documents.get(file.document_id)
    return [file for file in files if file.current_document is not None]


def proposal(request, index: LibraryIndexPage, page_id: int):
    user = request.user
    _check_member(user)
    page = ResourcePage.objects.child_of(index).filter(pk=page_id).select_related("group", "author_centre").first()
    workflow_state = services.workflow_state_of(page) if page is not None else None
    if workflow_state is None or not (services.is_author(user, page) or can_moderate(user, page)):
        raise Http404
    if "modifier" in request.GET:
        return _edit(request, index, page, workflow_state)

    task_state = services.moderation_task_state(page, user)
    review = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if task_state is None:
            messages.error(request, _("Cette proposition n'attend pas votre relecture."))
            return redirect(proposal_url(index, page.pk))
        if review.is_valid():
            decision, comment = review.cleaned_data["decision"], review.cleaned_data["comment"]
            try:
                if decision == ReviewForm.APPROVE:
                    page = services.approve(page, user, comment)
                    messages.success(
                        request, _("La ressource est publiée ; l'auteur·rice et son public en sont informés.")
                    )
                else:
                    services.request_changes(page, user, comment)
                    messages.success(request, _("La demande de modifications est envoyée à l'auteur·rice."))
            except ProposalError as error:
                messages.error(request, str(error))
            return redirect(proposal_url(index, page.pk))

    draft = services.latest_content(page)
    history = (
        TaskState.objects.filter(workflow_state=workflow_state)
        .exclude(status__in=[TaskState.STATUS_IN_PROGRESS, TaskState.STATUS_CANCELLED])
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
    )
    context = {
        "index": index,
        "page": page,
        "draft": draft,
        "files": _files_of(draft),
        "links": list(draft.links.all()),
        "themes": [tag.name for tag in draft.tags.all()],
        "workflow_state": workflow_state,
        "status_label": STATUS_LABELS.get(workflow_state.status, ""),
        "history": list(history),
        "is_author": services.is_author(user, page),
        "task_state": task_state,
        "review": review,
        "can_edit": services.can_edit(user, page, workflow_state),
        "admin_url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if permissions.oversees_network(user) else "",
        "edit_url": proposal_url(index, page.pk) + "?modifier",
    }
    return render(request, "library/proposal.html", context, status=400 if review.errors else 200)


def _edit(request, index, page, workflow_state):
    user = request.user
    if not services.can_edit(user, page, workflow_state):
        raise Http404
    groups = writable_groups(user)
    draft = services.latest_content(page)
    posted = request.method == "POST"
    if posted:
        _audience_or_404(groups, request.POST.get("audience", ""))
    forms = ProposalForms(
        user, request.POST if posted else None, request.FILES if posted else None, groups=groups, page=draft
    )
    if posted and forms.is_valid():
        try:
            services.resubmit(page, user, forms.proposal(), forms.file_inputs())
        except ProposalError as error:
            forms.form.add_error(None, str(error))
        else:
            messages.success(request, _("Proposition renvoyée : elle attend une nouvelle relecture."))
            return redirect(proposal_url(index, page.pk))
    return _render_form(request, index, forms, page=page)
