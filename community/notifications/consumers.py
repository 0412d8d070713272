import json
import logging
import time
from bisect import bisect_left

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model

from community import live
from community.notifications import push
from community.notifications.models import Notification

log = logging.getLogger(__name__)

UNAUTHENTICATED = 4401
# Groups are re-joined after this fraction of the layer's group_expiry (the client pings every 25 s).
REJOIN_FRACTION = 0.5


@database_sync_to_async
def unread_count(member) -> int:
    return Notification.objects.for_member(member).unread().count()


@database_sync_to_async
def may_subscribe(user, topic: str, key: str) -> bool:
    return live.can_subscribe(user, topic, key)


@database_sync_to_async
def recheck(member_id: int, topics: list[tuple[str, str]]):
    """The member as the database has them now (None if gone or deactivated), and the topics still allowed."""
    user = get_user_model()._default_manager.filter(pk=member_id, is_active=True).first()
    if user is None:
        return None, set()
    return user, {(topic, key) for topic, key in topics if live.can_subscribe(user, topic, key)}


def _echo(value):
    return value if isinstance(value, str) and len(value) <= 100 else None


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A member's live notifications: the unread count on connect, then each new notification.

    The socket joins the member's own group and the broadcast group used for large fan-outs; a
    broadcast names its recipients and only theirs are forwarded. Pages also subscribe here to live
    topics (``community.live``). The layer forgets group members after its ``group_expiry``: the
    socket re-joins all its groups, re-checking each topic's rule, when a client message (the 25 s
    ping) arrives more than ``rejoin_interval`` seconds after the last join.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        self.user = user
        self.member_id = user.pk
        self.listening = [push.member_group(user.pk), push.BROADCAST_GROUP]
        self.topics: dict[tuple[str, str], str] = {}  # (topic, key) -> channel-layer group
        for group in self.listening:
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined_at = time.monotonic()
        await self.accept()
        await self.send_json({"type": "count", "unread": await unread_count(user)})

    async def disconnect(self, code):
        for group in [*getattr(self, "listening", []), *getattr(self, "topics", {}).values()]:
            await self.channel_layer.group_discard(group, self.channel_name)

    @property
    def rejoin_interval(self) -> float | None:
        expiry = getattr(self.channel_layer, "group_expiry", None)
        return expiry * REJOIN_FRACTION if expiry else None

    async def receive(self, text_data=None, bytes_data=None):
        """Pings (a heartbeat against half-open sockets), subscribe and unsubscribe; anything else is logged and ignored."""
        try:
            content = json.loads(text_data) if text_data is not None else None
        except ValueError:
            content = None
        kind = content.get("type") if isinstance(content, dict) else None
        if kind in ("ping", "subscribe", "unsubscribe"):
            if not await self.rejoin_if_due():
                return
            if kind == "ping":
                await self.send_json({"type": "pong"})
            elif kind == "subscribe":
                await self.subscribe(content.get("topic"), content.get("key"))
            else:
                await self.unsubscribe(content.get("topic"), content.get("key"))
            return
        log.warning("ignored WebSocket message from member %s: %.200r", self.member_id, text_data or bytes_data)

    async def subscribe(self, topic, key):
        well_formed = live.is_registered(topic) and live.valid_key(key)
        already = well_formed and (topic, key) in self.topics
        if well_formed and not already and len(self.topics) >= live.MAX_SUBSCRIPTIONS:
            log.warning("member %s: more than %s live subscriptions on one socket", self.member_id, live.MAX_SUBSCRIPTIONS)
            well_formed = False
        if not (well_formed and await may_subscribe(self.user, topic, key)):
            if already:
                await self.channel_layer.group_discard(self.topics.pop((topic, key)), self.channel_name)
            await self.send_json({"type": "refused", "topic": _echo(topic), "key": _echo(key)})
            return
        group = live.topic_group(topic, key)
        await self.channel_layer.group_add(group, self.channel_name)
        self.topics[(topic, key)] = group
        await self.send_json({"type": "subscribed", "topic": topic, "key": key})

    async def unsubscribe(self, topic, key):
        group = self.topics.pop((topic, key), None) if isinstance(topic, str) and isinstance(key, str) else None
        if group is not None:
            await self.channel_layer.group_discard(group, self.channel_name)
        await self.send_json({"type": "unsubscribed", "topic": _echo(topic), "key": _echo(key)})

    async def rejoin_if_due(self) -> bool:
        """Re-join every group before the layer expires it; False if the socket was closed instead."""
        interval = self.rejoin_interval
        if interval is None or time.monotonic() - self.joined_at < interval:
            return True
        self.joined_at = time.monotonic()
        user, allowed = await recheck(self.member_id, list(self.topics))
        if user is None:  # deactivated or deleted meanwhile
            await self.close(code=UNAUTHENTICATED)
            return False
        self.user = user
        for group in self.listening:
            await self.channel_layer.group_add(group, self.channel_name)
        for (topic, key), group in list(self.topics.items()):
            if (topic, key) in allowed:
                await self.channel_layer.group_add(group, self.channel_name)
            else:  # e.g. removed from a private group: stop following its content
                del self.topics[(topic, key)]
                await self.channel_layer.group_discard(group, self.channel_name)
                await self.send_json({"type": "refused", "topic": topic, "key": key})
        return True

    async def notification_new(self, event):
        recipients = event["recipients"]  # sorted member ids
        index = bisect_left(recipients, self.member_id)
        if index < len(recipients) and recipients[index] == self.member_id:
            await self.send(text_data=event["frame"])

    async def notification_count(self, event):
        await self.send_json({"type": "count", "unread": event["unread"]})

    async def live_event(self, event):
        # Only for a current subscription: an event queued before an unsubscribe or a refusal is dropped.
        if event.get("group") in self.topics.values():
            await self.send(text_data=event["frame"])
