"""Coordinators edit resources in Wagtail's admin, and proposals go through the library's workflow."""

from django.contrib.auth.models import Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from community.library.models import LibraryIndexPage, ResourceModerationTask
from community.models.members import coordination_group

COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COORDINATOR_DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document"]
WORKFLOW_NAME = "Validation des ressources"


def grant_coordinators(index: LibraryIndexPage) -> None:
    group = coordination_group()
    for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=COORDINATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
    # Wagtail's documents are permitted per collection: coordinators upload and choose the library's files.
    from community.library.services import library_collection

    collection = library_collection()
    for permission in Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=COORDINATOR_DOCUMENT_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def moderation_workflow() -> Workflow:
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created or not workflow.workflow_tasks.exists():
        task, _ = ResourceModerationTask.objects.get_or_create(name="Validation par la coordination ou le groupe")
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@receiver(post_save, sender=LibraryIndexPage)
def index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_coordinators(instance)
        WorkflowPage.objects.update_or_create(page=instance, defaults={"workflow": moderation_workflow()})


from community.library import history  # noqa: E402, F401 (records file versions when a resource is published)
