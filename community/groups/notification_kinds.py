from django.utils.translation import gettext_lazy as _

from community.notifications import kinds

JOIN_REQUEST = kinds.register("groups.join_request", _("Demandes d'adhésion aux groupes que j'anime")).code
REQUEST_APPROVED = kinds.register("groups.request_approved", _("Ma demande d'adhésion à un groupe est acceptée")).code
REQUEST_DECLINED = kinds.register("groups.request_declined", _("Ma demande d'adhésion à un groupe est refusée")).code
INVITATION = kinds.register("groups.invitation", _("Invitation à rejoindre un groupe")).code
