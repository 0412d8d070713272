from django.apps import AppConfig


class GroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community.groups"
    label = "groups"
    verbose_name = "Groupes de travail"

    def ready(self):
        from community.groups import notification_kinds  # noqa: F401 (registers the kinds)
