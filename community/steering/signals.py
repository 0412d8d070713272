"""A centre that becomes deploying (or is created so) gets every step of the modèle cible.

``ensure_milestones`` only adds what is missing: saving the centre again writes nothing. A step added to
the modèle cible in the admin reaches every deploying centre through ``wagtail_hooks``.
"""

from django.db.models.signals import post_save

from community.models import Centre
from community.steering import services
from community.steering.models import DEPLOYING


def centre_saved(sender, instance, raw=False, **kwargs):
    if instance.status in DEPLOYING and not raw:
        services.ensure_milestones([instance])


def connect():
    post_save.connect(centre_saved, sender=Centre, dispatch_uid="steering.centre_saved")
