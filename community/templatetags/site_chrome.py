"""Tags for the page chrome that ``base.html`` draws around every page.

Every page pays for its chrome, so these tags keep it cheap: Wagtail's userbar only where it can apply,
and the parts that are the same for every visitor rendered once per process.
"""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, TextNode, Variable
from django.template.defaulttags import CommentNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

from community.navigation import render_main_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def page_userbar(context, position="bottom-right"):
    """Wagtail's userbar (edit this page, accessibility checker), on Wagtail pages only.

    Wagtail's own tag asks for the ``wagtailadmin.access_admin`` permission wherever it stands: two
    queries for every member on every page, although only editors ever see the bar. Only pages served
    by Wagtail (a Wagtail ``page`` in the context, previews included) have something to edit; there
    the permission decides as before.
    """
    if get_page_instance(context) is None:
        return ""
    return wagtailuserbar(context, position)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """The main menu (``includes/main_navigation.html``), rendered once per language and current section."""
    return render_main_menu(context.get("main_menu"))


# --- {% constant %} ... {% endconstant %} ---------------------------------------------------------

_generation = 0


@receiver(setting_changed)
def _forget_constants(**kwargs):
    """Tests that change settings (static files, URLs, languages) get freshly rendered fragments."""
    global _generation
    _generation += 1


def _is_literal(expression) -> bool:
    if not isinstance(expression, FilterExpression) or expression.filters:
        return False
    return not isinstance(expression.var, Variable) or expression.var.lookups is None


def _is_constant(node) -> bool:
    if isinstance(node, TextNode | CommentNode):
        return True
    if isinstance(node, TranslateNode):
        return (
            node.asvar is None
            and _is_literal(node.filter_expression)
            and (node.message_context is None or _is_literal(node.message_context))
        )
    if isinstance(node, URLNode):
        arguments = [node.view_name, *node.args, *node.kwargs.values()]
        return node.asvar is None and all(_is_literal(argument) for argument in arguments)
    if isinstance(node, StaticNode):
        return node.varname is None and _is_literal(node.path)
    return False


class ConstantNode(template.Node):
    child_nodelists = ()  # nothing inside for {% extends %} to look for: it walks the whole tree on every render

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.generation = _generation
        self.rendered = {}

    def render(self, context):
        if self.generation != _generation:
            self.generation, self.rendered = _generation, {}
        key = (get_language(), get_script_prefix(), get_urlconf(), context.autoescape)
        try:
            return self.rendered[key]
        except KeyError:
            html = self.rendered[key] = self.nodelist.render(context)
            return html


@register.tag
def constant(parser, token):
    """Markup that is the same for every request in a language, rendered once per process.

    Only text and ``{% translate "literal" %}``, ``{% url "name" %}`` and ``{% static "path" %}`` tags
    with literal arguments may stand inside (anything else is a syntax error, so that nothing personal
    is ever shared between visitors). The output is kept per language, script prefix and URLconf;
    URLs are reversed without a current application (fine for namespaces with a single instance).
    """
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% constant %} takes no argument.")
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    for node in nodelist:
        if not _is_constant(node):
            raise template.TemplateSyntaxError(
                f"{{% constant %}} may hold only text and translate, url and static tags with literal "
                f"arguments, not {node!r}."
            )
    return ConstantNode(nodelist)
