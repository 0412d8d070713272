"""The notifications WebSocket, through the real ASGI stack (session auth, origin check)."""

import json
import logging

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.asgi import application
from community.notifications import push
from community.notifications.services import mark_read, notify
from tests.community.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
KIND = "groups.invitation"


@pytest.fixture(autouse=True)
async def empty_layer():
    layer = get_channel_layer()
    if hasattr(layer, "flush"):
        await layer.flush()
    yield


@database_sync_to_async
def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def connect(user=None):
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        headers.append((b"cookie", await session_cookie(user)))
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


# notify() pushes after commit; outside a transaction (autocommit) that is at once.
create_member = database_sync_to_async(UserFactory)
notify_async = database_sync_to_async(notify)


async def test_anonymous_sockets_are_refused():
    communicator, connected, code = await connect()
    assert not connected
    assert code == 4401


async def test_unread_count_on_connect_then_live_notifications():
    member = await create_member()
    await notify_async([member], KIND, text="Déjà là")
    communicator, connected, _ = await connect(member)
    assert connected
    assert await communicator.receive_json_from() == {"type": "count", "unread": 1}

    await notify_async([member], KIND, text="Claire vous invite.", link="/groupes/postvention/")
    message = await communicator.receive_json_from()
    assert message["type"] == "notification"
    assert (message["text"], message["link"]) == ("Claire vous invite.", "/groupes/postvention/")
    await communicator.disconnect()


async def test_a_member_never_receives_someone_elses_notification():
    member, other = await create_member(), await create_member()
    communicator, _, _ = await connect(member)
    await communicator.receive_json_from()
    await notify_async([other], KIND, text="Pour l'autre")
    # A broadcast that does not name this member is filtered out too.
    crowd = [other] + [await create_member() for _ in range(push.DIRECT_LIMIT + 1)]
    await notify_async(crowd, KIND, text="Pour la foule")
    assert await communicator.receive_nothing(timeout=0.3)
    await notify_async(crowd + [member], KIND, text="Pour tous")
    assert (await communicator.receive_json_from())["text"] == "Pour tous"
    await communicator.disconnect()


async def test_reading_in_one_tab_updates_the_others():
    member = await create_member()
    await notify_async([member], KIND, text="Un")
    tab_one, _, _ = await connect(member)
    tab_two, _, _ = await connect(member)
    for tab in (tab_one, tab_two):
        assert (await tab.receive_json_from())["unread"] == 1
    await database_sync_to_async(mark_read)(member)
    for tab in (tab_one, tab_two):
        assert await tab.receive_json_from() == {"type": "count", "unread": 0}
        await tab.disconnect()


async def test_messages_the_server_does_not_understand_are_logged_and_ignored(caplog):
    member = await create_member()
    communicator, _, _ = await connect(member)
    await communicator.receive_json_from()
    with caplog.at_level(logging.WARNING, logger="community.notifications.consumers"):
        await communicator.send_to(text_data="not json {")
        await communicator.send_to(text_data=json.dumps({"type": "delete_everything"}))
        await communicator.send_to(bytes_data=b"\x00\x01")
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
    assert len([r for r in caplog.records if "ignored WebSocket message" in r.getMessage()]) == 3
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    member = await create_member()
    headers = [(b"origin", b"https://evil.example"), (b"cookie", await session_cookie(member))]
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect()
    assert not connected
