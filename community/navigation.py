"""The main navigation, assembled from items that apps register with the ``register_main_menu_item`` hook."""

from dataclasses import dataclass
from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail import hooks


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int

    def current(self, path: str) -> str | None:
        """The aria-current value: "page" on the item's own page, "true" anywhere else in its section."""
        if path == self.url:
            return "page"
        if self.url != "/" and path.startswith(self.url):
            return "true"
        return None


@cache
def main_menu() -> tuple[MenuItem, ...]:
    """The items in menu order, built once per process: apps register their hooks at start-up.

    Labels stay lazy (translated when rendered); URLs are reversed once. After registering a hook
    temporarily or changing the URLconf (done for settings changes), call ``forget_main_menu()``.
    """
    return tuple(sorted((fn() for fn in hooks.get_hooks("register_main_menu_item")), key=lambda item: item.order))


_rendered_menus: dict[tuple, SafeString] = {}


def render_main_menu(menu) -> SafeString:
    """``includes/main_navigation.html`` for ``menu``, the (item, aria-current) pairs of one request.

    The markup only changes with the language and the current section: it is rendered once for each
    and kept for the life of the process.
    """
    if not menu:
        return SafeString("")
    key = (get_language(), get_script_prefix(), tuple(current for _, current in menu))
    try:
        return _rendered_menus[key]
    except KeyError:
        html = render_to_string("includes/main_navigation.html", {"main_menu": menu})
        _rendered_menus[key] = html
        return html


def forget_main_menu():
    main_menu.cache_clear()
    _rendered_menus.clear()


@receiver(setting_changed)
def _forget_menu_when_settings_change(**kwargs):
    forget_main_menu()
