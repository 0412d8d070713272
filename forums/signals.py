"""Every working group has its forum, named after it, from its creation on."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from community.groups.models import WorkingGroup
from forums.models import Forum


def group_forum_fields(group) -> dict:
    return {"name": group.name, "slug": f"groupe-{group.slug}"[:120], "description": group.description[:1000]}


@receiver(post_save, sender=WorkingGroup, dispatch_uid="forums.group_forum")
def keep_group_forum(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    fields = group_forum_fields(instance)
    if created:
        Forum.objects.create(group=instance, **fields)
    else:
        Forum.objects.filter(group=instance).update(**fields)
