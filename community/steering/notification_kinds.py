from django.utils.translation import gettext_lazy as _

from community.notifications import kinds

LOW_ANSWER_RATE = kinds.register(
    "steering.low_answer_rate", _("Le taux de décroché d'un centre reste sous la cible (coordination)")
).code
MILESTONE_CHANGED = kinds.register("steering.milestone", _("Un jalon de déploiement de mon centre change")).code
