"""Members' proposals: a draft resource in the library's moderation workflow, decided from the site or the admin.

A proposal is a ``ResourcePage`` saved as a draft (``live=False``, owned by its author) with a first
revision, on which the index's workflow ("Validation des ressources") starts. Its moderators
(``ResourceModerationTask``: coordinators, or the group's animateur·rices) approve it, which publishes it
(``community.library.workflow.publish_approved``), or request changes with a comment; the author then
edits it and resubmits (a new revision, the same workflow resumed). Notices to moderators and author
leave from the workflow's signals (``community.library.workflow``), whichever path took the decision.

Uploads arrive already checked (``community.library.uploads.LibraryFileField``). Documents, page,
revision and workflow are written in one transaction; if anything fails, the files already stored
are removed too, so a refused proposal leaves nothing behind.
"""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState

from community import page_tree, permissions
from community.library.models import RESERVED_SLUGS, LibraryIndexPage, ResourceFile, ResourceLink, ResourcePage
from community.library.services.core import can_moderate, create_document

MAX_FILES = 5
MAX_LINKS = 5
DEFAULT_SLUG = "ressource"


class ProposalError(Exception):
    """A rule refused the action; the message is shown to the member as is."""


@dataclass
class Proposal:
    """What a member wrote: the resource's fields, its body already as safe HTML, its themes as names."""

    title: str
    resource_type: str
    summary: str
    body: str = ""
    tags: list[str] = field(default_factory=list)
    group: object = None  # a WorkingGroup, or None for the whole network
    author_centre: object = None
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FileInput:
    """One file of a proposal: a new upload, or an existing file (``file_id``) kept or replaced by ``upload``."""

    title: str = ""
    upload: UploadedFile | None = None
    file_id: int | None = None


# --- Who may do what ----------------------------------------------------------------------------------


def check_writable(author, group) -> None:
    """A member proposes to the whole network or to a group whose content they may write; else 404."""
    membership = None
    if group is not None and permissions.is_member(author):
        membership = group.memberships.filter(member=author).first()
    if not permissions.can_write_group_content(author, group, membership):
        raise Http404


def workflow_state_of(page: ResourcePage) -> WorkflowState | None:
    """The page's latest workflow (in progress, sent back, approved; cancelled ones are skipped)."""
    return (
        WorkflowState.objects.for_instance(page)
        .exclude(status=WorkflowState.STATUS_CANCELLED)
        .select_related("current_task_state", "requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def is_author(user, page: ResourcePage) -> bool:
    return permissions.is_member(user) and page.owner_id == user.pk


def rows_are_latest(page: ResourcePage) -> bool:
    """Whether the page's own rows hold its latest content: a draft's do (the admin and ``resubmit`` write
    them), a live page's do unless a newer revision waits."""
    return not (page.live and page.has_unpublished_changes)


def latest_content(page: ResourcePage) -> ResourcePage:
    """The proposal as last written. Read from the page's rows when they hold it: a revision's object
    checks each of its foreign keys (files, documents, themes) one query at a time."""
    return page if rows_are_latest(page) else page.get_latest_revision_as_object()


def moderation_task_state(page: ResourcePage, user) -> TaskState | None:
    """The task waiting on ``page`` if ``user`` may decide it (None otherwise)."""
    task_state = page.current_workflow_task_state
    if task_state is None or not permissions.is_member(user):
        return None
    if rows_are_latest(page):
        # The task's rule (coordinators; the group's animateur·rices) read on the page's rows, in one query.
        allowed = can_moderate(user, page)
    else:
        allowed = task_state.task.specific.user_can_moderate(page, user)
    return task_state if allowed else None


def can_edit(user, page: ResourcePage, workflow_state: WorkflowState | None) -> bool:
    """The author edits a proposal sent back for changes."""
    return (
        is_author(user, page)
        and workflow_state is not None
        and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )


# --- Writing --------------------------------------------------------------------------------------------


def free_slug(index: LibraryIndexPage, title: str, page: ResourcePage | None = None) -> str:
    """The title's slug, unique among the index's children and off the index's own paths."""
    return page_tree.free_slug(index, title, default=DEFAULT_SLUG, reserved=RESERVED_SLUGS, page=page)


def _apply(page: ResourcePage, data: Proposal) -> None:
    page.title = data.title
    page.resource_type = data.resource_type
    page.summary = data.summary
    page.body = data.body
    page.group = data.group
    page.author_centre = data.author_centre
    page.author_group = data.group
    page.tags.set(list(dict.fromkeys(data.tags)))
    page.links = [ResourceLink(title=title, url=url, sort_order=n) for n, (title, url) in enumerate(data.links)]


def _store(upload, author, title: str, stored: list) -> object:
    document = create_document(upload, author, title)
    stored.append(document.file)
    return document


def _discard(stored: list) -> None:
    """Remove files stored by a transaction that rolled back (their rows are gone with it)."""
    for file in stored:
        if file and file.name:
            file.storage.delete(file.name)


def _check_counts(files: list[FileInput], data: Proposal) -> None:
    if not files:
        raise ProposalError(_("Joignez au moins un fichier."))
    if len(files) > MAX_FILES:
        raise ProposalError(_("Une proposition compte au plus %(count)s fichiers.") % {"count": MAX_FILES})
    if len(data.links) > MAX_LINKS:
        raise ProposalError(_("Une proposition compte au plus %(count)s liens.") % {"count": MAX_LINKS})


def submit(index: LibraryIndexPage, author, data: Proposal, uploads: list[FileInput]) -> ResourcePage:
    """Save the proposal as a draft under ``index`` and start the library's workflow on it."""
    check_writable(author, data.group)
    _check_counts(uploads, data)
    if any(item.upload is None for item in uploads):
        raise ProposalError(_("Joignez au moins un fichier."))
    workflow = index.get_workflow()
    if workflow is None:
        raise ProposalError(_("Les propositions sont fermées pour l'instant : la relecture n'est pas configurée."))
    stored = []
    try:
        with transaction.atomic():
            page = ResourcePage(owner=author, live=False, slug=free_slug(index, data.title))
            _apply(page, data)
            page.files = [
                ResourceFile(document=_store(item.upload, author, item.title, stored), title=item.title, sort_order=n)
                for n, item in enumerate(uploads)
            ]
            index.add_child(instance=page)
            page.save_revision(user=author, log_action=True)
            workflow.start(page, author)
    except BaseException:
        _discard(stored)
        raise
    return page


def resubmit(page: ResourcePage, author, data: Proposal, files: list[FileInput]) -> ResourcePage:
    """The author's corrections to a proposal sent back: a new revision, and the workflow resumed.

    Files keep their id (``file_id``) unless removed; an upload replaces a kept file's document.
    """
    _check_counts(files, data)
    stored = []
    try:
        with transaction.atomic():
            # Lock the page row first, as an admin save does.
            list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
            page = ResourcePage.objects.get(pk=page.pk)
            workflow_state = workflow_state_of(page)
            if not can_edit(author, page, workflow_state):
                raise Http404
            check_writable(author, data.group)
            draft = page.get_latest_revision_as_object()
            current = {file.pk: file for file in draft.files.all()}
            kept = []
            for n, item in enumerate(files):
                file = current.get(item.file_id) if item.file_id else ResourceFile()
                if file is None:
                    raise Http404  # a file of another resource, or one already removed
                if item.upload is not None:
                    file.document = _store(item.upload, author, item.title, stored)
                    file.version_note = ""
                if file.document_id is None and file.document is None:
                    raise ProposalError(_("Joignez au moins un fichier."))
                file.title, file.sort_order = item.title, n
                kept.append(file)
            _apply(draft, data)
            draft.files = kept
            index = page.get_parent()
            draft.slug = page.slug if page.live else free_slug(index, data.title, page)
            if not draft.live:
                draft.save()  # a draft's own rows follow it, as in the admin (moderators' lists read them)
            draft.save_revision(user=author, log_action=True)
            workflow_state.resume(author)
    except BaseException:
        _discard(stored)
        raise
    return ResourcePage.objects.get(pk=page.pk)


# --- Deciding -----------------------------------------------------------------------------------------


def _decide(page: ResourcePage, moderator, action: str, comment: str) -> ResourcePage:
    with transaction.atomic():
        list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))
        page = ResourcePage.objects.get(pk=page.pk)
        task_state = moderation_task_state(page, moderator)
        if task_state is None:
            if page.current_workflow_task_state is None:
                raise ProposalError(_("Cette proposition n'attend plus de relecture."))
            raise Http404
        task_state.task.specific.on_action(task_state, moderator, action, comment=comment)
    return ResourcePage.objects.get(pk=page.pk)


def approve(page: ResourcePage, moderator, comment: str = "") -> ResourcePage:
    """Approve the proposal: the workflow ends and publishes it (``publish_approved``)."""
    return _decide(page, moderator, "approve", (comment or "").strip())


def request_changes(page: ResourcePage, moderator, comment: str) -> ResourcePage:
    """Send the proposal back to its author with what to change (a comment is required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ProposalError(_("Dites à l'auteur·rice ce qu'il faut modifier."))
    return _decide(page, moderator, "reject", comment)
