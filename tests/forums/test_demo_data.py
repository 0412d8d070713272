"""The forums' demo data, seeded by seed_demo through the register_demo_data hook."""

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.utils.text import slugify

from community import demo_data
from community.models import User
from community.notifications.models import Notification
from forums import demo
from forums.models import Flag, Forum, Post, Thanks, Thread
from forums.search import search_posts


def snapshot() -> dict:
    return {
        model.__name__: model.objects.count() for model in (Forum, Thread, Post, Thanks, Flag, Notification)
    }


@pytest.mark.django_db
def test_seed_demo_fills_the_forums_once(capsys):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first

    assert Forum.objects.categories().count() == len(demo.CATEGORIES) == 6
    conversations = Thread.objects.exclude(forum__slug=demo.ARCHIVE_SLUG).exclude(title=demo.BENCH_THREAD_TITLE)
    assert conversations.count() == len(demo.CONVERSATIONS) >= 60
    assert not conversations.filter(post_count__lt=3).exists()
    # Every group's forum has its conversations, written by members who may write there.
    for forum in Forum.objects.filter(group__isnull=False).select_related("group"):
        authors = set(Post.objects.filter(thread__forum=forum).values_list("author", flat=True))
        assert authors, forum.slug
        active = set(forum.group.memberships.active().values_list("member", flat=True))
        coordinators = set(User.objects.filter(role="coordinateur").values_list("pk", flat=True))
        assert authors <= active | coordinators, forum.slug

    # Counters agree with the posts, numbered from 1 without a gap, everywhere.
    rows = Thread.objects.annotate(n=Count("posts"), first=Min("posts__number"), last=Max("posts__number"))
    assert all(t.n == t.post_count == t.last and t.first == 1 for t in rows)
    assert all(t.last_post_at == t.posts.last().created_at for t in rows.filter(forum__slug="vie-du-reseau"))

    bench = Thread.objects.get(title=demo.BENCH_THREAD_TITLE)
    assert bench.post_count == 1000
    assert list(bench.posts.values_list("number", flat=True)) == list(range(1, 1001))
    archive = Forum.objects.get(slug=demo.ARCHIVE_SLUG)
    assert archive.threads.count() == 500

    flag = Flag.objects.get()
    assert flag.resolved_at is None
    assert Thread.objects.filter(is_pinned=True).count() == 1
    assert Thread.objects.filter(is_closed=True).count() == 1
    assert Thanks.objects.count() >= 60
    assert Post.objects.filter(html__contains='<a class="mention" href="/membres/').count() >= 10
    assert Post.objects.filter(html__contains='<a class="mention" href="/groupes/club-des-cadres/"').exists()
    assert Post.objects.filter(html__contains="<blockquote>").count() >= 10
    assert Notification.objects.filter(kind="forums.group_mention").exists()

    # Bulk-written posts are found by search, like the others.
    reader = User.objects.get(email="cadre.bretagne@reseau3114.test")
    assert search_posts(reader, "baromètre").count() == 20
    assert search_posts(reader, "climatisation").count() > 0

    output = capsys.readouterr().out
    assert "Forums: 6 categories, " in output
    assert f"{bench.get_absolute_url()} (1,000 posts)" in output
    assert "(nothing new)" in output


def demo_logins() -> set[str]:
    """The logins seed_demo gives its members (community.demo_data)."""
    logins = {"admin", "coordination", "coordination2", "coordination3", "partenaire1", "partenaire2"}
    for suffix, _region, _zone, _kind, status, _opened in demo_data.CENTRES:
        roles = demo_data.CENTRE_ROLES if status == "en_service" else ["cadre"]
        logins |= {f"{role}.{slugify(suffix)}" for role in roles}
    return logins


def test_demo_texts_quote_earlier_posts_and_name_demo_members():
    texts = [(c, index, login, text) for c in demo.CONVERSATIONS for index, (login, text) in enumerate(c.posts)]
    named = {login for _c, _i, login, _t in texts} | {n for _c, _i, _l, text in texts for n in demo._MENTION.findall(text)}
    assert named <= demo_logins()
    for conversation, index, _login, text in texts:
        assert all(1 <= int(number) <= index for number in demo._QUOTE.findall(text)), conversation.title
    assert len({(c.forum, c.title) for c in demo.CONVERSATIONS}) == len(demo.CONVERSATIONS)
    assert {c.forum for c in demo.CONVERSATIONS} <= {slug for slug, *_rest in demo.CATEGORIES} | {
        f"groupe-{slug}" for slug, *_rest in demo_data.GROUPS
    }
    bulk_texts = [demo.QUICK_INTRO, *demo.QUICK_THANKS]
    bulk_texts += [text for question, answers in demo.QUICK_EXCHANGES for text in [question, *answers]]
    bulk_texts += [text for _title, _login, opening, replies in demo.ARCHIVE_SUBJECTS for text in [opening, *replies]]
    assert not [text for text in bulk_texts if "@" in text]  # written in bulk, nobody is told: no mentions

