from django.db import migrations, models


def fill_handles(apps, schema_editor):
    from community.models.members import handle_base

    User = apps.get_model("community", "User")
    taken = set()
    for user in User.objects.order_by("pk"):
        base = handle_base(user.first_name, user.last_name, user.email)
        handle, number = base, 1
        while handle in taken:
            number += 1
            handle = f"{base}{number}"
        taken.add(handle)
        User.objects.filter(pk=user.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_create_homepage")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="handle",
            field=models.CharField(default="", editable=False, max_length=80, verbose_name="identifiant de mention"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_handles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="handle",
            field=models.CharField(
                editable=False,
                help_text="Pour mentionner ce membre : @prénom.nom",
                max_length=80,
                unique=True,
                verbose_name="identifiant de mention",
            ),
        ),
    ]
