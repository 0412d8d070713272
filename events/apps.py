from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Événements"

    def ready(self):
        from community import live
        from events import notification_kinds, signals  # noqa: F401 (registers kinds and receivers)
        from events.services import LIVE_TOPIC, can_follow_live

        live.register_topic(LIVE_TOPIC, can_follow_live)
