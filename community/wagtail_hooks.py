from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community import search_providers
from community.models import Centre
from community.navigation import MenuItem


class CentreViewSet(SnippetViewSet):
    model = Centre
    icon = "site"
    menu_label = _("Centres de réponse")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "region", "kind", "status", "timezone", "opening_date"]
    list_filter = ["kind", "status", "timezone"]
    search_fields = ["name", "region"]


register_snippet(CentreViewSet)


@hooks.register("register_main_menu_item")
def home_menu_item():
    return MenuItem(_("Accueil"), "/", 0)


@hooks.register("register_main_menu_item")
def groups_menu_item():
    return MenuItem(_("Groupes"), "/groupes/", 10)


@hooks.register("register_main_menu_item")
def resources_menu_item():
    return MenuItem(_("Ressources"), "/ressources/", 40)


@hooks.register("register_main_menu_item")
def steering_menu_item():
    return MenuItem(_("Pilotage"), "/pilotage/", 45)


@hooks.register("register_main_menu_item")
def centres_menu_item():
    return MenuItem(_("Centres"), reverse("community:centre_list"), 50)


@hooks.register("register_main_menu_item")
def members_menu_item():
    return MenuItem(_("Membres"), reverse("community:member_list"), 60)


# --- Site search: community's own kinds (apps register theirs in their wagtail_hooks) ----------------

hooks.register("register_search_providers", search_providers.members_provider)
hooks.register("register_search_providers", search_providers.groups_provider)
hooks.register("register_search_providers", search_providers.news_provider)
