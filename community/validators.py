from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_avatar(file) -> None:
    """Accept only real raster images (decoded by Pillow, not trusted by extension) under the size cap."""
    limit = settings.AVATAR_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("La photo pèse %(size)s ; la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    image = getattr(file, "image", None)  # set by ImageField's form field once Pillow has read it
    if image is not None and image.format not in AVATAR_FORMATS:
        raise ValidationError(_("Formats acceptés : JPEG, PNG, WebP ou GIF."), code="invalid_format")
