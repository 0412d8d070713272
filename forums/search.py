"""Full-text search over the posts a member may read, through Wagtail's search backend.

The backend filters on the post's own indexed fields only, so visibility is carried there: the
forum (``forum_id_indexed``) and whether the post is public (``searchable``: not deleted, not hidden,
its thread not hidden). Both filters are part of the search query, before pagination.
"""

from wagtail.search.backends import get_search_backend

from community.search_text import excerpt
from forums.models import Forum, Post


def search_posts(user, query: str):
    forum_ids = list(Forum.objects.visible_to(user).values_list("pk", flat=True))
    posts = Post.objects.filter(forum_id_indexed__in=forum_ids, searchable=True).select_related(
        "thread__forum", "author"
    )
    return get_search_backend().search(query, posts, operator="and")


def with_excerpts(posts, query: str) -> list:
    rows = list(posts)
    for post in rows:
        post.excerpt = excerpt(post.source, query)
    return rows
