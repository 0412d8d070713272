"""The library's moderation workflow around Wagtail's: how an approved proposal is published, and who is told.

``WAGTAIL_FINISH_WORKFLOW_ACTION`` points at ``publish_approved``: the task (``ResourceModerationTask``)
already decided who may approve, and an animateur·rice approving their group's resource holds no Wagtail
publish permission. Receivers on Wagtail's workflow signals tell moderators a proposal waits, and the
author of approval or of requested changes, through ``notify()`` (which follows each member's
preferences), whichever path took the decision (the site or the admin). Wagtail's own moderation
e-mails would say the same things a second time, in the admin's words: they are kept for other pages
only (``quiet_wagtail_emails``).
"""

# Wagtail imports ``publish_approved`` while it defines its workflow models: this module imports them (and
# anything that needs them) inside its functions only.
from django.utils.translation import gettext as _
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted


def publish_approved(workflow_state, user=None) -> None:
    """Publish the latest revision of the object whose workflow ``user`` just approved."""
    from community.library import publication

    revision = workflow_state.content_object.get_latest_revision()
    with publication.published_by(user):
        revision.publish(user=user, skip_permission_checks=True)


# --- Who is told ----------------------------------------------------------------------------------


def _is_resource(workflow_state) -> bool:
    from django.contrib.contenttypes.models import ContentType

    from community.library.models import ResourcePage

    return workflow_state.content_type_id == ContentType.objects.get_for_model(ResourcePage).pk


def _resource(workflow_state):
    from community.library.models import ResourcePage

    if not _is_resource(workflow_state):
        return None
    return ResourcePage.objects.filter(pk=workflow_state.object_id).first()


def proposal_url(page) -> str:
    from community.library.models import LibraryIndexPage

    index = LibraryIndexPage.objects.filter(pk=page.get_parent().pk).first() if page.depth else None
    if index is None or not index.url:
        return ""
    return index.url + index.reverse_subpage("proposal_route", args=(page.pk,))


def moderators(resource):
    """Who decides on ``resource``: coordinators (and staff), and its group's active animateur·rices."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef, Q

    from community.groups.models import Membership
    from community.models import Role

    deciders = Q(role=Role.COORDINATOR) | Q(is_staff=True)
    if resource.group_id:
        animates = Membership.objects.animators().filter(group_id=resource.group_id, member=OuterRef("pk"))
        deciders |= Q(Exists(animates))
    return get_user_model().objects.active().filter(deciders).only("pk")


def proposal_submitted(sender, instance, user=None, **kwargs):
    """A proposal (new, or corrected and resubmitted) waits for its moderators."""
    from django.contrib.contenttypes.models import ContentType

    from community.library.models import ResourceModerationTask
    from community.library.notification_kinds import SUBMITTED
    from community.notifications.services import notify

    if instance.task.content_type_id != ContentType.objects.get_for_model(ResourceModerationTask).pk:
        return
    page = _resource(instance.workflow_state)
    if page is None:
        return
    draft = page.get_latest_revision_as_object()
    author = instance.workflow_state.requested_by
    text = _("Proposition à relire : « %(title)s »") % {"title": draft.title}
    if author is not None:
        text += _(", par %(author)s") % {"author": author.display_name}
    notify(moderators(draft), SUBMITTED, text=text, link=proposal_url(page), actor=user)


def proposal_approved(sender, instance, user=None, **kwargs):
    from community.library.notification_kinds import APPROVED
    from community.notifications.services import notify

    page = _resource(instance)
    if page is None or instance.requested_by is None:
        return
    text = _("Votre proposition « %(title)s » est acceptée et publiée.") % {"title": page.title}
    notify([instance.requested_by], APPROVED, text=text, link=page.url or proposal_url(page), actor=user)


def proposal_changes_requested(sender, instance, user=None, **kwargs):
    from community.library.notification_kinds import CHANGES_REQUESTED
    from community.notifications.services import notify

    page = _resource(instance)
    if page is None or instance.requested_by is None:
        return
    comment = instance.current_task_state.comment if instance.current_task_state else ""
    text = _("Modifications demandées sur « %(title)s »") % {"title": page.title}
    if comment:
        text += _(" : %(comment)s") % {"comment": comment}
    notify([instance.requested_by], CHANGES_REQUESTED, text=text, link=proposal_url(page), actor=user)


# --- Wagtail's own moderation e-mails -------------------------------------------------------------


def _except_resources(notifier, of_task_state=False):
    def send(sender, instance, **kwargs):
        if _is_resource(instance.workflow_state if of_task_state else instance):
            return None  # the library's receivers above tell these people, in French, as they chose
        return notifier(instance=instance, sender=sender, **kwargs)

    return send


_SILENCED = []  # the wrappers must live as long as the process: signals keep weak references


def connect() -> None:
    """Wire the receivers above to Wagtail's workflow signals (from the app's ``ready``)."""
    from wagtail.models import WorkflowState

    task_submitted.connect(proposal_submitted, dispatch_uid="library.proposal_submitted")
    workflow_approved.connect(proposal_approved, sender=WorkflowState, dispatch_uid="library.proposal_approved")
    workflow_rejected.connect(
        proposal_changes_requested, sender=WorkflowState, dispatch_uid="library.proposal_changes_requested"
    )
    quiet_wagtail_emails()


def quiet_wagtail_emails() -> None:
    """Replace Wagtail's moderation e-mail receivers by ones that skip resources.

    Each wrapper takes Wagtail's ``dispatch_uid``: connected before ``wagtail.admin`` is ready, Wagtail's
    own connection is then a no-op; after, Wagtail's receiver is disconnected first. Either order works.
    """
    from wagtail.admin import signal_handlers as wagtail_handlers
    from wagtail.models import TaskState, WorkflowState

    wiring = [
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
         wagtail_handlers.task_submission_email_notifier, True),
        (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
         wagtail_handlers.workflow_submission_email_notifier, False),
        (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification",
         wagtail_handlers.workflow_rejection_email_notifier, False),
        (workflow_approved, WorkflowState, "workflow_state_approved_email_notification",
         wagtail_handlers.workflow_approval_email_notifier, False),
    ]  # fmt: skip
    for signal, sender, uid, notifier, of_task_state in wiring:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        wrapper = _except_resources(notifier, of_task_state)
        _SILENCED.append(wrapper)
        signal.connect(wrapper, sender=sender, dispatch_uid=uid)
