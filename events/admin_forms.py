"""The event form of Wagtail's admin: publishing outside working hours for some of the audience asks first."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class EventAdminForm(WagtailAdminPageForm):
    keep_hours = forms.BooleanField(
        label=_("Garder cet horaire"),
        required=False,
        help_text=_("À cocher pour publier un horaire qui tombe en dehors de 8 h – 19 h pour une partie du public."),
    )

    def clean(self):
        data = super().clean()
        publishing = "action-publish" in self.data
        if not publishing or data.get("keep_hours") or data.get("is_cancelled") or self.errors:
            return data
        from events import services  # imported here: the models import this form
        from events.models import _instant

        zone = data.get("timezone")
        start = _instant(data.get("start_date"), data.get("start_time"), zone) if zone else None
        end = _instant(data.get("end_date"), data.get("end_time"), zone) if zone else None
        warnings = services.hours_warnings(start, end, data.get("group"))
        if warnings:
            self.add_error(
                "start_time",
                _(
                    "Cet horaire tombe en dehors de 8 h – 19 h pour une partie du public : %(places)s. "
                    "Changez-le, ou cochez « Garder cet horaire » pour publier quand même."
                )
                % {"places": ", ".join(warnings)},
            )
        return data
