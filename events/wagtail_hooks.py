from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.navigation import MenuItem


@hooks.register("register_main_menu_item")
def events_menu_item():
    return MenuItem(_("Événements"), "/evenements/", 20)
