"""The kinds of notification, registered by the apps that send them.

Each app registers its kinds when it loads (``AppConfig.ready``), so the preferences page lists them
all and ``community`` never needs to know about forums or events.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Par e-mail, immédiatement")
    DIGEST = "digest", _("Dans le récapitulatif quotidien")
    NEVER = "never", _("Jamais par e-mail (sur le site seulement)")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    default_frequency: str = Frequency.IMMEDIATE


_registry: dict[str, Kind] = {}


def register(code: str, label, default_frequency: str = Frequency.IMMEDIATE) -> Kind:
    kind = Kind(code, label, default_frequency)
    _registry[code] = kind
    return kind


def get(code: str) -> Kind:
    return _registry[code]


def all_kinds() -> list[Kind]:
    return sorted(_registry.values(), key=lambda kind: kind.code)
