import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.notifications import push
from community.notifications.models import EmailPreference, Notification
from community.notifications.services import mark_read, notify, set_email_preferences
from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "groups.invitation"


@pytest.fixture
def pushed(monkeypatch):
    """What notify() hands to the channel layer after commit."""
    sent = []
    monkeypatch.setattr(push, "_send", lambda group, message: sent.append((group, message)))
    return sent


def test_notify_stores_in_one_insert_and_skips_the_actor(member, django_capture_on_commit_callbacks, pushed):
    actor = UserFactory()
    recipients = UserFactory.create_batch(50) + [actor]
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=False):
        created = notify(recipients, KIND, actor=actor, text="Invitation", link="/groupes/x/")
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert len(created) == 50
    assert not Notification.objects.filter(recipient=actor).exists()
    assert pushed == []  # nothing leaves before commit


def test_small_fanout_goes_to_each_member_group(django_capture_on_commit_callbacks, pushed, mailoutbox):
    recipients = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients, KIND, text="Invitation", link="/groupes/x/")
    assert sorted(group for group, _ in pushed) == sorted(push.member_group(m.pk) for m in recipients)
    assert all(message["type"] == "notification.new" for _, message in pushed)


def test_large_fanout_is_one_broadcast(django_capture_on_commit_callbacks, pushed, mailoutbox):
    recipients = UserFactory.create_batch(push.DIRECT_LIMIT + 5)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients, KIND, text="Nouvelle ressource")
    assert len(pushed) == 1
    group, message = pushed[0]
    assert group == push.BROADCAST_GROUP
    assert sorted(message["recipients"]) == sorted(m.pk for m in recipients)


def test_a_failed_push_loses_nothing(monkeypatch, member, django_capture_on_commit_callbacks, mailoutbox):
    def broken_layer():
        raise ConnectionError("redis down")

    monkeypatch.setattr(push, "get_channel_layer", broken_layer)
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], KIND, text="Invitation")
    assert Notification.objects.for_member(member).unread().count() == 1


def test_immediate_email_by_default_digest_and_never_respected(django_capture_on_commit_callbacks, mailoutbox):
    now_member, digest_member, silent_member = UserFactory.create_batch(3)
    set_email_preferences(digest_member, {KIND: "digest"})
    set_email_preferences(silent_member, {KIND: "never"})
    with django_capture_on_commit_callbacks(execute=True):
        notify([now_member, digest_member, silent_member], KIND, text="Claire vous invite à rejoindre « Postvention ».", link="/groupes/postvention/")
    assert [m.to for m in mailoutbox] == [[now_member.email]]
    assert "Claire vous invite" in mailoutbox[0].body
    assert "http://testserver/groupes/postvention/" in mailoutbox[0].body

    call_command("send_digests")
    assert [m.to for m in mailoutbox[1:]] == [[digest_member.email]]
    assert "récapitulatif" in mailoutbox[1].subject
    call_command("send_digests")  # nothing twice
    assert len(mailoutbox) == 2


def test_digest_skips_what_was_already_read(django_capture_on_commit_callbacks, mailoutbox, member):
    set_email_preferences(member, {KIND: "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        notify([member], KIND, text="Invitation")
    mark_read(member)
    call_command("send_digests")
    assert mailoutbox == []


def test_mark_read_pushes_the_new_count_to_every_tab(member, django_capture_on_commit_callbacks, pushed, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first, second = (notify([member], KIND, text=text)[0] for text in ("Un", "Deux"))
    pushed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(member, [first.pk])
    assert pushed == [(push.member_group(member.pk), {"type": "notification.count", "unread": 1})]


def test_notifications_page_marks_read_and_follows_the_link(member_client, member, django_assert_max_num_queries):
    for index in range(40):
        notify([member], KIND, text=f"Notification {index}", link="/groupes/")
    with django_assert_max_num_queries(6):
        response = member_client.get(reverse("notifications:list"))
    assert "Notification 39" in response.text and "Notification 0<" not in response.text
    note = Notification.objects.for_member(member).first()
    response = member_client.post(reverse("notifications:mark_read", args=[note.pk]), {"next": "/groupes/"})
    assert response.url == "/groupes/"
    note.refresh_from_db()
    assert note.is_read
    response = member_client.post(reverse("notifications:mark_read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("notifications:list")
    member_client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.for_member(member).unread().count() == 0


def test_member_cannot_mark_someone_elses_notification(member_client, member):
    other = UserFactory()
    note = notify([other], KIND, text="Privé")[0]
    member_client.post(reverse("notifications:mark_read", args=[note.pk]))
    note.refresh_from_db()
    assert not note.is_read


def test_bell_shows_the_unread_count(member_client, member):
    notify([member], KIND, text="Un")
    response = member_client.get(reverse("community:member_list"))
    assert 'data-unread="1"' in response.text


def test_preferences_page_lists_every_kind_and_saves(member_client, member):
    response = member_client.get(reverse("notifications:preferences"))
    assert "Invitation à rejoindre un groupe" in response.text
    from community.notifications import kinds

    data = {kind.code: "immediate" for kind in kinds.all_kinds()}
    data[KIND] = "digest"
    response = member_client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert EmailPreference.objects.get(member=member, kind=KIND).frequency == "digest"
    response = member_client.post(reverse("notifications:preferences"), {KIND: "souvent"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text


def test_long_texts_are_cut_to_fit(member):
    note = notify([member], KIND, text="x" * 500)[0]
    note.refresh_from_db()
    assert len(note.text) == 300 and note.text.endswith("…")
