from django.utils.translation import gettext_lazy as _

from community.notifications import kinds

CONFIRMED = kinds.register("events.confirmed", _("Mon inscription à un événement est confirmée")).code
WAITLISTED = kinds.register("events.waitlisted", _("Je suis placé·e sur la liste d'attente d'un événement")).code
PROMOTED = kinds.register("events.promoted", _("Une place se libère pour moi à un événement")).code
REMOVED = kinds.register("events.removed", _("L'organisation annule mon inscription à un événement")).code
CHANGED = kinds.register("events.changed", _("Un événement auquel je suis inscrit·e change d'horaire ou de lieu")).code
CANCELLED = kinds.register("events.cancelled", _("Un événement auquel je suis inscrit·e est annulé")).code
REMINDER = kinds.register("events.reminder", _("Rappel la veille d'un événement auquel je suis inscrit·e")).code
MESSAGE = kinds.register("events.message", _("Message de l'organisation d'un événement")).code
