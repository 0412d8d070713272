from django.core.management.base import BaseCommand

from events import services


class Command(BaseCommand):
    """Remind confirmed members the day before their events. Run it hourly (cron): a second run reminds nobody twice."""

    help = "Send the day-before reminders of events (idempotent: each registration is reminded once)."

    def handle(self, *args, **options):
        sent = services.send_reminders()
        if sent == 0:
            self.stdout.write("Aucun rappel à envoyer.")
        else:
            self.stdout.write(f"{sent} rappel{'s' if sent > 1 else ''} envoyé{'s' if sent > 1 else ''}.")
