from django.apps import AppConfig


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community.library"
    label = "library"
    verbose_name = "Bibliothèque de ressources"

    def ready(self):
        from community.library import notification_kinds, signals  # noqa: F401 (registers kinds and receivers)
        from community.library.services import extraction  # noqa: F401 (queues new document files)
        from community.library import publication, workflow  # noqa: F401 (workflow and publication receivers)

        workflow.connect()
