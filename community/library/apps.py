from django.apps import AppConfig


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community.library"
    label = "library"
    verbose_name = "Bibliothèque de ressources"

    def ready(self):
        from community.library import notification_kinds, signals  # noqa: F401 (registers kinds and receivers)
