from django.db import migrations

COORDINATION_GROUP = "Coordination du pôle national"


def add_coordinators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("community", "User")
    group, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    for user in User.objects.filter(role="coordinateur"):
        user.groups.add(group)


class Migration(migrations.Migration):
    dependencies = [("community", "0004_user_handle"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(add_coordinators, migrations.RunPython.noop)]
