import json
import logging
from bisect import bisect_left

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.notifications import push
from community.notifications.models import Notification

log = logging.getLogger(__name__)

UNAUTHENTICATED = 4401


@database_sync_to_async
def unread_count(member) -> int:
    return Notification.objects.for_member(member).unread().count()


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A member's live notifications: the unread count on connect, then each new notification.

    The socket joins the member's own group and the broadcast group used for large fan-outs; a
    broadcast names its recipients and only theirs are forwarded.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        self.member_id = user.pk
        self.listening = [push.member_group(user.pk), push.BROADCAST_GROUP]
        for group in self.listening:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "count", "unread": await unread_count(user)})

    async def disconnect(self, code):
        for group in getattr(self, "listening", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        """The client only pings (a heartbeat against half-open sockets); anything else is logged and ignored."""
        try:
            content = json.loads(text_data) if text_data is not None else None
        except ValueError:
            content = None
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
            return
        log.warning("ignored WebSocket message from member %s: %.200r", self.member_id, text_data or bytes_data)

    async def notification_new(self, event):
        recipients = event["recipients"]  # sorted member ids
        index = bisect_left(recipients, self.member_id)
        if index < len(recipients) and recipients[index] == self.member_id:
            await self.send(text_data=event["frame"])

    async def notification_count(self, event):
        await self.send_json({"type": "count", "unread": event["unread"]})
