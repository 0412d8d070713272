"""Steering in Wagtail's admin: coordinators edit the modèle cible (the deployment's checklist)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from community.steering import services
from community.steering.models import MilestoneTemplate


@hooks.register("register_coordinator_permissions")
def coordinators_edit_the_modele_cible():
    return [f"steering.{action}_milestonetemplate" for action in ("add", "change", "delete", "view")]


class MilestoneTemplateViewSet(SnippetViewSet):
    """The modèle cible's steps, in order (drag and drop or the "ordre" field)."""

    model = MilestoneTemplate
    icon = "list-ol"
    menu_label = _("Modèle cible")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "description", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "pk"]
    sort_order_field = "sort_order"
    copy_view_enabled = False


register_snippet(MilestoneTemplateViewSet)


@hooks.register("after_create_snippet")
def new_step_reaches_deploying_centres(request, instance):
    """A step added to the modèle cible appears at once on every deploying centre's checklist."""
    if isinstance(instance, MilestoneTemplate):
        services.ensure_milestones()


@hooks.register("register_demo_data")
def steering_demo_data(stdout):
    from community.steering import demo  # only the seed_demo command loads the demo figures

    demo.seed(stdout)
