from django.apps import AppConfig


class ForumsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        from community import live
        from forums import notification_kinds, signals  # noqa: F401 (registers kinds and receivers)
        from forums.services import LIVE_TOPIC, can_follow_live

        live.register_topic(LIVE_TOPIC, can_follow_live)
