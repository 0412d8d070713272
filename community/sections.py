"""Sections that feature apps contribute to community pages, through Wagtail hooks.

An app registers a function under a hook name (e.g. ``community_home_sections``) in its
``wagtail_hooks.py``; the function takes the request (and page-specific keyword arguments) and
returns rendered HTML, or ``""`` to show nothing. ``community`` never imports the apps.

- ``community_home_sections(request)``: the home page.
- ``community_group_sections(request, group, membership)``: a group's page, for members who may see its
  content; ``membership`` is the visitor's own (or ``None``), read once by the page.
"""

from django.utils.safestring import SafeString
from wagtail import hooks


def render_sections(hook_name: str, request, **kwargs) -> list[SafeString]:
    rendered = (fn(request, **kwargs) for fn in hooks.get_hooks(hook_name))
    return [html for html in rendered if html]
