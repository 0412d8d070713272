"""Forum test data: categories, group forums (made with their group), threads and posts through the services."""

import factory

from forums import services
from forums.models import Forum
from tests.community.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    description = "Un espace de discussion du réseau."


def group_forum(group) -> Forum:
    return Forum.objects.get(group=group)


def make_thread(forum=None, author=None, title="Organisation des plannings d'été", body="Comment faites-vous ?", replies=0):
    """A thread by ``author`` (a new member by default), with ``replies`` replies by other new members."""
    forum = forum or CategoryFactory()
    author = author or UserFactory()
    thread = services.create_thread(forum, author, title, body)
    for number in range(replies):
        services.post_reply(thread, UserFactory(), f"Réponse n° {number + 1}.")
    thread.refresh_from_db()
    return thread
