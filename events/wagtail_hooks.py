from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community.navigation import MenuItem


@hooks.register("register_main_menu_item")
def events_menu_item():
    return MenuItem(_("Événements"), "/evenements/", 20)


@hooks.register("register_site_urls")
def event_urls():
    return [path("evenements/", include("events.urls"))]


@hooks.register("register_demo_data")
def event_demo_data(stdout):
    from events import demo  # only the seed_demo command loads the demo events

    demo.seed(stdout)
