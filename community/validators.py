from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def validate_avatar(file) -> None:
    """Refuse avatars over the size cap (the form also checks the decoded format)."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when uploaded
    limit = settings.AVATAR_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("La photo pèse %(size)s ; la taille maximale est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def validate_avatar_format(upload) -> None:
    """Accept only common web raster formats, as Pillow decoded them (never trusting the extension)."""
    image = getattr(upload, "image", None)  # set by forms.ImageField once Pillow has read the file
    if image is not None and image.format not in AVATAR_FORMATS:
        raise ValidationError(_("Formats acceptés : JPEG, PNG, WebP ou GIF."), code="invalid_format")
