"""Telling open pages that something changed, over the channel layer.

The layer promises at most one delivery, so pushes only say "look again": the database holds the
notifications and each socket receives the unread count when it (re)connects.
"""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

# Every socket also listens here; a fan-out to many members is one message, not one per member.
BROADCAST_GROUP = "notifications.all"
# Below this many recipients, each member's own group is addressed directly.
DIRECT_LIMIT = 20


def member_group(member_id: int) -> str:
    return f"member.{member_id}"


def _send(group: str, message: dict) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(group, message)
    except Exception:  # the notification is stored; a lost push only delays the badge
        log.exception("could not push to %s", group)


def push_new(recipient_ids: list[int], notification: dict) -> None:
    # The frame is encoded once here, not once per socket; recipients are sorted for bisection.
    frame = json.dumps({"type": "notification", **notification})
    event = {"type": "notification.new", "frame": frame}
    if len(recipient_ids) <= DIRECT_LIMIT:
        for member_id in recipient_ids:
            _send(member_group(member_id), {**event, "recipients": [member_id]})
    else:
        _send(BROADCAST_GROUP, {**event, "recipients": sorted(recipient_ids)})


def push_unread_count(member_id: int, unread: int) -> None:
    _send(member_group(member_id), {"type": "notification.count", "unread": unread})
