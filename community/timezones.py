"""The time zones the network lives in, offered wherever a member or centre picks one."""

from django.utils.translation import gettext_lazy as _

NETWORK_TIMEZONES = [
    ("Europe/Paris", _("France hexagonale (Europe/Paris)")),
    ("America/Guadeloupe", _("Guadeloupe (America/Guadeloupe)")),
    ("America/Martinique", _("Martinique (America/Martinique)")),
    ("America/Cayenne", _("Guyane (America/Cayenne)")),
    ("Indian/Reunion", _("La Réunion (Indian/Reunion)")),
    ("Indian/Mayotte", _("Mayotte (Indian/Mayotte)")),
]
