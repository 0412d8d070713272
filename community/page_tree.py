"""Helpers for the feature apps' pages under the home page: free slugs and their index pages."""

from django.utils.text import slugify
from wagtail.models import Page

from community.models import HomePage, StandardPage


def free_slug(index: Page, title: str, *, default: str, reserved=frozenset(), page: Page | None = None) -> str:
    """The title's slug, unique among the index's children and off the index's own ``reserved`` paths."""
    base = slugify(title)[:70].strip("-") or default
    siblings = index.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True)) | set(reserved)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def seed_index(index_class: type[Page], slug: str, title: str, intro: str) -> Page | None:
    """The app's index page under the home page, replacing the community's placeholder page of that slug.

    ``None`` when something other than a placeholder already holds the slug: the demo leaves it alone.
    """
    index = index_class.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    taken = Page.objects.child_of(home).filter(slug=slug).first()
    if taken is not None:
        if not isinstance(taken.specific, StandardPage):
            return None
        taken.delete()
    index = home.add_child(instance=index_class(title=title, slug=slug, intro=intro))
    index.save_revision().publish()
    return index
