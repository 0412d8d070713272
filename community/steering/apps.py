from django.apps import AppConfig


class SteeringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community.steering"
    label = "steering"
    verbose_name = "Pilotage du réseau"

    def ready(self):
        from community.steering import notification_kinds  # noqa: F401 (registers the kinds)
        from community.steering import signals

        signals.connect()
