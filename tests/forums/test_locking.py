"""Concurrent writes with real threads, each on its own connection: PostgreSQL only.

``select_for_update()`` does nothing on SQLite, and inside a test transaction nothing races: these
tests commit for real (``transaction=True``) and start their writers together behind a barrier.
"""

import pytest

from community import live
from community.notifications import push
from forums import services
from forums.models import Post, ReadState, Thanks, Thread
from tests.community.factories import UserFactory
from tests.forums.factories import CategoryFactory, make_thread
from tests.threads import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]
WORKERS = 8


@pytest.fixture(autouse=True)
def pushed(monkeypatch):
    """What would reach the channel layer after each commit (live events, notification badges)."""
    sent = []
    monkeypatch.setattr(live, "_send", lambda group, message: sent.append(group))
    monkeypatch.setattr(push, "_send", lambda group, message: sent.append(group))
    return sent


def test_concurrent_replies_take_distinct_consecutive_positions(pushed):
    thread = make_thread(CategoryFactory(), title="Tous en même temps")
    repliers = UserFactory.create_batch(WORKERS)

    posts = run_together(services.post_reply, [(thread, replier, f"Réponse de {replier.pk}") for replier in repliers])

    numbers = sorted(Post.objects.filter(thread=thread).values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 2))
    assert sorted(post.number for post in posts) == list(range(2, WORKERS + 2))
    thread = Thread.objects.get(pk=thread.pk)
    assert thread.post_count == WORKERS + 1
    last = Post.objects.get(thread=thread, number=WORKERS + 1)
    assert (thread.last_post_author_id, thread.last_post_at) == (last.author_id, last.created_at)
    assert {
        member: read for member, read in ReadState.objects.filter(thread=thread).values_list("member", "last_read")
    } == {post.author_id: post.number for post in Post.objects.filter(thread=thread)}
    # One live event per committed post, the opening one included.
    assert pushed.count(f"live.forums.thread.{thread.pk}") == WORKERS + 1


def test_concurrent_thanks_keep_the_count_equal_to_the_rows():
    thread = make_thread(CategoryFactory())
    post = thread.posts.get()
    members = UserFactory.create_batch(WORKERS)
    toggles = [1 + index % 3 for index in range(WORKERS)]  # 1, 2 or 3 clicks: on, on-off, on-off-on

    def click(member, times):
        return [services.thank(post, member) for _ in range(times)]

    run_together(click, list(zip(members, toggles, strict=True)))

    post = Post.objects.get(pk=post.pk)
    rows = Thanks.objects.filter(post=post)
    assert post.thanks_count == rows.count() == sum(times % 2 for times in toggles)
    assert set(rows.values_list("member", flat=True)) == {
        member.pk for member, times in zip(members, toggles, strict=True) if times % 2
    }


def test_concurrent_first_reads_of_one_member_keep_the_furthest_post():
    thread = make_thread(CategoryFactory(), replies=WORKERS)
    reader = UserFactory()

    # Several tabs, none of which found a reading state when it loaded its page.
    run_together(services.mark_read, [(thread, reader, number, None) for number in range(1, WORKERS + 1)])

    assert list(ReadState.objects.filter(thread=thread, member=reader).values_list("last_read", flat=True)) == [WORKERS]
