"""The main navigation, assembled from items that apps register with the ``register_main_menu_item`` hook."""

from dataclasses import dataclass

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


def main_menu() -> list[MenuItem]:
    return sorted((fn() for fn in hooks.get_hooks("register_main_menu_item")), key=lambda item: item.order)
