from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.notifications.tasks import send_digests


class Command(BaseCommand):
    help = "E-mail each member the digest of unread notifications they chose to receive daily (run once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="How far back to look (default: 24).")

    def handle(self, *args, hours, **options):
        sent = send_digests(since=timezone.now() - timedelta(hours=hours))
        self.stdout.write(f"{sent} digest(s) sent.")
