"""Live topics over the notifications WebSocket, through the real ASGI stack (community.live)."""

import asyncio
import logging
import os

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers, get_channel_layer
from django.db import transaction
from django.test import override_settings

from community import live
from community.groups.models import WorkingGroup
from community.groups.services import add_member, leave_group
from community.notifications import push
from community.notifications.consumers import NotificationConsumer
from tests.community.factories import UserFactory, make_group
from tests.community.test_consumer import connect

pytestmark = pytest.mark.django_db(transaction=True)
TOPIC = "tests.group"  # key: a working group's pk; followed by whoever may see the group
OPEN = "tests.open"  # anyone may follow any key

create_member = database_sync_to_async(UserFactory)
create_group = database_sync_to_async(make_group)
publish = database_sync_to_async(live.publish)


def can_follow_group(user, key: str) -> bool:
    return key.isdigit() and WorkingGroup.objects.visible_to(user).filter(pk=int(key)).exists()


@pytest.fixture(autouse=True)
async def empty_layer():
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        await layer.flush()
    yield


@pytest.fixture(autouse=True)
def topics():
    live.register_topic(TOPIC, can_follow_group)
    live.register_topic(OPEN, lambda user, key: True)
    yield
    live.unregister_topic(TOPIC)
    live.unregister_topic(OPEN)


@pytest.fixture(params=["in-memory", "redis"])
def short_group_expiry(request):
    """A layer that forgets group members after 2 s (channels-redis and in-memory default: a day)."""
    if request.param == "in-memory":
        layer = {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"group_expiry": 2}}
    elif os.environ.get("REDIS_URL"):
        layer = {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "group_expiry": 2}}
    else:
        pytest.skip("needs Redis (REDIS_URL)")
    # Channels caches its layers (it also drops them on setting_changed): start and end with none cached.
    with override_settings(CHANNEL_LAYERS={"default": layer}):
        channel_layers.backends.clear()
        assert get_channel_layer().group_expiry == 2
        yield 2
    channel_layers.backends.clear()


async def open_socket(member):
    communicator, connected, _ = await connect(member)
    assert connected
    assert (await communicator.receive_json_from())["type"] == "count"
    return communicator


async def subscribe(communicator, topic, key):
    await communicator.send_json_to({"type": "subscribe", "topic": topic, "key": key})
    return await communicator.receive_json_from()


async def ping_for(communicator, seconds: float, every: float = 0.25) -> list[dict]:
    """Ping like the page does (only faster); return what else arrived meanwhile."""
    others = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        await communicator.send_json_to({"type": "ping"})
        while (message := await communicator.receive_json_from()) != {"type": "pong"}:
            others.append(message)
        await asyncio.sleep(every)
    return others


async def private_group_with(insider):
    animator = await create_member(role="cadre")
    group = await create_group("Groupe privé", visibility="private", animators=[animator])
    await database_sync_to_async(add_member)(group, insider)
    return group


# --- Subscribing ------------------------------------------------------------------------------


async def test_a_subscribed_page_receives_what_is_published_on_its_topic():
    member = await create_member()
    group = await create_group("Groupe Postvention")
    socket = await open_socket(member)
    assert await subscribe(socket, TOPIC, str(group.pk)) == {"type": "subscribed", "topic": TOPIC, "key": str(group.pk)}

    await publish(TOPIC, group.pk, {"event": "reply", "id": 7})
    assert await socket.receive_json_from() == {"type": "live", "topic": TOPIC, "key": str(group.pk), "event": "reply", "id": 7}
    # Another key of the same topic is another group.
    await publish(TOPIC, group.pk + 1000, {"event": "reply", "id": 8})
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_an_outsider_is_refused_a_private_groups_topic_and_receives_nothing():
    insider, outsider = await create_member(), await create_member()
    group = await private_group_with(insider)
    inside, outside = await open_socket(insider), await open_socket(outsider)
    key = str(group.pk)
    assert await subscribe(inside, TOPIC, key) == {"type": "subscribed", "topic": TOPIC, "key": key}
    assert await subscribe(outside, TOPIC, key) == {"type": "refused", "topic": TOPIC, "key": key}

    await publish(TOPIC, key, {"event": "reply"})
    assert (await inside.receive_json_from())["event"] == "reply"
    assert await outside.receive_nothing(timeout=0.3)
    for socket in (inside, outside):
        await socket.disconnect()


@pytest.mark.parametrize(
    ("topic", "key"),
    [
        ("tests.unknown", "1"),  # never registered
        ("forums", "1"),
        (None, "1"),
        (["tests.open"], "1"),
        (OPEN, ""),
        (OPEN, "4 2"),
        (OPEN, "../1"),
        (OPEN, "a.b"),
        (OPEN, "x" * 41),
        (OPEN, "é"),
        (OPEN, 42),  # keys are strings (live.js sends String(key))
        (OPEN, None),
    ],
)
async def test_unknown_topics_and_malformed_keys_are_refused(topic, key):
    member = await create_member()
    socket = await open_socket(member)
    reply = await subscribe(socket, topic, key)
    assert reply["type"] == "refused"
    assert reply["topic"] == (topic if isinstance(topic, str) else None)
    await socket.disconnect()


async def test_a_rule_that_fails_refuses(caplog):
    live.register_topic("tests.broken", lambda user, key: 1 / 0)
    try:
        socket = await open_socket(await create_member())
        with caplog.at_level(logging.ERROR, logger="community.live"):
            assert (await subscribe(socket, "tests.broken", "1"))["type"] == "refused"
        assert "can_subscribe failed" in caplog.text
        await socket.disconnect()
    finally:
        live.unregister_topic("tests.broken")


async def test_a_socket_follows_at_most_max_subscriptions():
    socket = await open_socket(await create_member())
    for key in range(live.MAX_SUBSCRIPTIONS):
        assert (await subscribe(socket, OPEN, str(key)))["type"] == "subscribed"
    assert (await subscribe(socket, OPEN, "one-more"))["type"] == "refused"
    # Subscribing again to a followed key is not one more.
    assert (await subscribe(socket, OPEN, "0"))["type"] == "subscribed"
    await publish(OPEN, "one-more", {"n": 1})
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_unsubscribing_stops_the_events():
    socket = await open_socket(await create_member())
    assert (await subscribe(socket, OPEN, "a"))["type"] == "subscribed"
    await socket.send_json_to({"type": "unsubscribe", "topic": OPEN, "key": "a"})
    assert await socket.receive_json_from() == {"type": "unsubscribed", "topic": OPEN, "key": "a"}
    await publish(OPEN, "a", {"n": 1})
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_the_notification_badge_still_works_beside_topics():
    from community.notifications.services import notify

    member = await create_member()
    socket = await open_socket(member)
    assert (await subscribe(socket, OPEN, "a"))["type"] == "subscribed"
    await database_sync_to_async(notify)([member], "groups.invitation", text="Bonjour")
    assert (await socket.receive_json_from())["text"] == "Bonjour"
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_json_from() == {"type": "pong"}
    await socket.disconnect()


# --- Publishing -------------------------------------------------------------------------------


async def test_publish_on_commit_waits_for_the_commit():
    socket = await open_socket(await create_member())
    assert (await subscribe(socket, OPEN, "a"))["type"] == "subscribed"

    @database_sync_to_async
    def publish_in_transaction(rollback: bool):
        try:
            with transaction.atomic():
                live.publish_on_commit(OPEN, "a", {"rolled_back": rollback})
                if rollback:
                    raise RuntimeError
        except RuntimeError:
            pass

    await publish_in_transaction(rollback=True)
    assert await socket.receive_nothing(timeout=0.3)
    await publish_in_transaction(rollback=False)
    assert (await socket.receive_json_from())["rolled_back"] is False
    await socket.disconnect()


def test_publishing_errors_of_the_caller_are_raised_at_once():
    with pytest.raises(LookupError):
        live.publish("tests.unknown", "1", {})
    with pytest.raises(ValueError):
        live.publish(OPEN, "a b", {})
    with pytest.raises(ValueError):
        live.publish_on_commit(OPEN, "a", {"type": "count"})  # would pass for another kind of frame
    with pytest.raises(TypeError):
        live.publish_on_commit(OPEN, "a", {"when": object()})  # not JSON


def test_a_layer_failure_is_logged_not_raised(monkeypatch, caplog):
    class BrokenLayer:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(live, "get_channel_layer", BrokenLayer)
    with caplog.at_level(logging.ERROR, logger="community.live"):
        live.publish(OPEN, "a", {})
    assert "could not publish to live.tests.open.a" in caplog.text


def test_topic_groups_are_valid_channel_layer_group_names():
    layer = get_channel_layer()
    for name, key in [(OPEN, "42"), ("forums.thread", 42), ("a_b.c_d", "x" * 40), ("x" * 20 + "." + "y" * 19, "Az09_-")]:
        group = live.topic_group(name, key)
        assert layer.require_valid_group_name(group)
        assert group.isascii() and len(group) < 100
    assert live.topic_group("forums.thread", 42) == "live.forums.thread.42"
    for name, key in [("forums.thread", "4.2"), ("forums.thread", ""), ("Forums Thread", "1"), ("x" * 20 + "." + "y" * 20, "1")]:
        with pytest.raises(ValueError):
            live.topic_group(name, key)


def test_a_topic_name_cannot_be_taken_twice():
    live.register_topic(OPEN, live._topics[OPEN])  # the same rule again (ready() twice) is harmless
    with pytest.raises(ValueError):
        live.register_topic(OPEN, lambda user, key: False)
    with pytest.raises(ValueError):
        live.register_topic("notdotted", lambda user, key: True)


# --- Group expiry -----------------------------------------------------------------------------


async def test_a_page_left_open_keeps_receiving_after_the_layer_group_expiry(short_group_expiry):
    member = await create_member()
    group = await create_group("Groupe Postvention")
    pinging, silent = await open_socket(member), await open_socket(member)
    for socket in (pinging, silent):
        assert (await subscribe(socket, TOPIC, str(group.pk)))["type"] == "subscribed"

    assert await ping_for(pinging, short_group_expiry + 1.5) == []

    await publish(TOPIC, group.pk, {"event": "reply"})
    await database_sync_to_async(push.push_new)([member.pk], {"text": "directe"})  # the member's group
    await database_sync_to_async(push.push_new)(list(range(-30, 0)) + [member.pk], {"text": "diffusée"})  # broadcast
    received = [await pinging.receive_json_from() for _ in range(3)]
    assert sorted(message.get("event") or message["text"] for message in received) == ["diffusée", "directe", "reply"]
    # The same page without pings: the layer forgot all its groups.
    assert await silent.receive_nothing(timeout=0.3)
    for socket in (pinging, silent):
        await socket.disconnect()


async def test_pings_alone_do_not_keep_groups_without_the_rejoin(short_group_expiry, monkeypatch):
    monkeypatch.setattr(NotificationConsumer, "rejoin_interval", None)  # rejoin disabled
    socket = await open_socket(await create_member())
    assert (await subscribe(socket, OPEN, "a"))["type"] == "subscribed"
    await ping_for(socket, short_group_expiry + 1.5)
    await publish(OPEN, "a", {"event": "reply"})
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_member_who_leaves_a_private_group_is_refused_at_the_rejoin(short_group_expiry):
    insider = await create_member()
    group = await private_group_with(insider)
    socket = await open_socket(insider)
    key = str(group.pk)
    assert (await subscribe(socket, TOPIC, key))["type"] == "subscribed"
    assert (await subscribe(socket, OPEN, "a"))["type"] == "subscribed"

    await database_sync_to_async(leave_group)(group, insider)
    others = await ping_for(socket, short_group_expiry / 2 + 0.5)
    assert others == [{"type": "refused", "topic": TOPIC, "key": key}]
    await publish(TOPIC, key, {"event": "reply"})
    await publish(OPEN, "a", {"event": "still here"})
    assert (await socket.receive_json_from())["event"] == "still here"
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()


async def test_a_deactivated_member_is_signed_out_at_the_rejoin(short_group_expiry):
    member = await create_member()
    socket = await open_socket(member)
    member.is_active = False
    await database_sync_to_async(member.save)(update_fields=["is_active"])
    await asyncio.sleep(short_group_expiry / 2 + 0.1)
    await socket.send_json_to({"type": "ping"})
    assert await socket.receive_output() == {"type": "websocket.close", "code": 4401}
