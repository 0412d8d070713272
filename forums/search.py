"""Full-text search over the posts a member may read, through Wagtail's search backend.

The backend filters on the post's own indexed fields only, so visibility is carried there: the
forum (``forum_id_indexed``) and whether the post is public (``searchable``: not deleted, not hidden,
its thread not hidden). Both filters are part of the search query, before pagination.
"""

import html
import re

from wagtail.search.backends import get_search_backend

from forums.models import Forum, Post

EXCERPT_CHARS = 240
_MARKDOWN_NOISE = re.compile(r"[*_`#>|\[\]()!]+|-{3,}|https?://\S+")


def search_posts(user, query: str):
    forum_ids = list(Forum.objects.visible_to(user).values_list("pk", flat=True))
    posts = Post.objects.filter(forum_id_indexed__in=forum_ids, searchable=True).select_related(
        "thread__forum", "author"
    )
    return get_search_backend().search(query, posts, operator="and")


def excerpt(source: str, query: str) -> str:
    """Plain text around the first matching word, escaped, with the query's words in <mark>."""
    text = " ".join(_MARKDOWN_NOISE.sub(" ", source).split())
    words = [re.escape(word) for word in query.split() if len(word) > 1]
    pattern = re.compile(r"\b(" + "|".join(words) + r")\w*", re.IGNORECASE) if words else None
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - EXCERPT_CHARS // 3) if match else 0
    snippet = text[start : start + EXCERPT_CHARS]
    prefix, suffix = ("… " if start else ""), (" …" if start + EXCERPT_CHARS < len(text) else "")
    # Matched on the text, escaped piece by piece: a word like "lt" never lands inside "&lt;".
    parts, end = [], 0
    for found in pattern.finditer(snippet) if pattern else ():
        parts += [html.escape(snippet[end : found.start()]), f"<mark>{html.escape(found.group(0))}</mark>"]
        end = found.end()
    parts.append(html.escape(snippet[end:]))
    return prefix + "".join(parts) + suffix


def with_excerpts(posts, query: str) -> list:
    rows = list(posts)
    for post in rows:
        post.excerpt = excerpt(post.source, query)
    return rows
