"""The main navigation, assembled from items that apps register with the ``register_main_menu_item`` hook."""

from dataclasses import dataclass

from wagtail import hooks


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


def main_menu() -> list[MenuItem]:
    return sorted((fn() for fn in hooks.get_hooks("register_main_menu_item")), key=lambda item: item.order)
