from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.navigation import MenuItem


@hooks.register("register_main_menu_item")
def forums_menu_item():
    return MenuItem(_("Forums"), "/forums/", 30)
