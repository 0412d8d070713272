"""Every working group that existed before the forums gets its forum."""

from django.db import migrations


def create_group_forums(apps, schema_editor):
    Forum = apps.get_model("forums", "Forum")
    WorkingGroup = apps.get_model("groups", "WorkingGroup")
    for group in WorkingGroup.objects.filter(forum__isnull=True):
        Forum.objects.create(
            group=group, name=group.name, slug=f"groupe-{group.slug}"[:120], description=group.description[:1000]
        )


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial"), ("groups", "0001_initial")]

    operations = [migrations.RunPython(create_group_forums, migrations.RunPython.noop)]
