from django.utils.translation import gettext_lazy as _

from community.notifications import kinds

PUBLISHED = kinds.register("library.published", _("Une nouvelle ressource est publiée pour moi")).code
NEW_VERSION = kinds.register("library.new_version", _("Une ressource que je suis a une nouvelle version")).code
APPROVED = kinds.register("library.approved", _("Ma proposition de ressource est acceptée")).code
CHANGES_REQUESTED = kinds.register("library.changes_requested", _("On me demande des modifications sur ma proposition")).code
SUBMITTED = kinds.register("library.submitted", _("Une proposition de ressource attend ma validation")).code
