"""Live topics: open pages follow one object (a thread, an event...) over the notifications socket.

There is one WebSocket per tab (``/ws/notifications/``); pages ask it for more than the badge by
subscribing to *topics*. ``community`` owns the mechanism, the apps own the topics and their rules.

An app registers each topic once, in its ``AppConfig.ready()``, with the visibility rule that decides
who may follow it::

    from community import live

    def can_follow_thread(user, key: str) -> bool:  # sync, run in a thread; False for anything unseen
        return key.isdigit() and Thread.objects.visible_to(user).filter(pk=int(key)).exists()

    live.register_topic("forums.thread", can_follow_thread)

and publishes from its services, after commit, a small JSON-serialisable payload::

    live.publish_on_commit("forums.thread", thread.pk, {"event": "reply", "id": reply.pk})

Every socket subscribed to ``("forums.thread", "42")`` then receives the text frame
``{"type": "live", "topic": "forums.thread", "key": "42", "event": "reply", "id": 7}``.

A page subscribes in JavaScript through ``static/js/live.js`` (loaded by ``base.html`` for signed-in
members; add the page's own script, with ``defer``, in ``{% block extra_body %}``)::

    Reseau3114Live.subscribe("forums.thread", "42", function onEvent(message) { ... },
                             function onRefused(message) { ... },
                             function onSubscribed(message) { ... });  // e.g. re-fetch what was missed

On the wire (client to server, then server to client)::

    {"type": "subscribe", "topic": "forums.thread", "key": "42"}
        -> {"type": "subscribed", "topic": "forums.thread", "key": "42"}
        or {"type": "refused", "topic": ..., "key": ...}   unknown topic, malformed key, more than
                                                             MAX_SUBSCRIPTIONS, or the rule says no
    {"type": "unsubscribe", "topic": "forums.thread", "key": "42"}
        -> {"type": "unsubscribed", "topic": "forums.thread", "key": "42"}

The channel layer promises at most one delivery: a live event only says "look again". Pages re-fetch
from the database when a subscription is confirmed (after each reconnect) and treat events as hints.
The socket re-checks every rule when it re-joins its groups (about twice per channel-layer
``group_expiry``): a member who lost access is then sent ``refused`` and stops receiving.
"""

import json
import logging
import re
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)

# Subscriptions one socket may hold at once.
MAX_SUBSCRIPTIONS = 20
# Event type of the channel-layer message; the consumer's ``live_event`` handler forwards its frame.
EVENT_TYPE = "live.event"

_TOPIC_RE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")  # "forums.thread"
_KEY_RE = re.compile(r"[A-Za-z0-9_-]{1,40}")  # no period: the key is always the group's last part
_TOPIC_MAX_LENGTH = 40
_RESERVED = frozenset({"type", "topic", "key"})

_topics: dict[str, Callable] = {}


def register_topic(name: str, can_subscribe: Callable) -> None:
    """Make ``name`` subscribable; ``can_subscribe(user, key) -> bool`` is the app's visibility rule.

    The rule is a sync function (it runs in a thread) that must return False for anything the user
    may not see, and for keys it does not understand. Registering the same rule twice is harmless.
    """
    if not (isinstance(name, str) and len(name) <= _TOPIC_MAX_LENGTH and _TOPIC_RE.fullmatch(name)):
        raise ValueError(f"invalid live topic name {name!r}: dotted lowercase, e.g. 'forums.thread'")
    if not callable(can_subscribe):
        raise TypeError("can_subscribe must be callable")
    if _topics.get(name, can_subscribe) is not can_subscribe:
        raise ValueError(f"live topic {name!r} is already registered with another rule")
    _topics[name] = can_subscribe


def unregister_topic(name: str) -> None:
    """Forget a topic (tests)."""
    _topics.pop(name, None)


def is_registered(name) -> bool:
    return isinstance(name, str) and name in _topics


def valid_key(key) -> bool:
    return isinstance(key, str) and _KEY_RE.fullmatch(key) is not None


def _key(key: str | int) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    if not valid_key(key):
        raise ValueError(f"invalid live topic key {key!r}: 1 to 40 of A-Z a-z 0-9 _ -")
    return key


def topic_group(name: str, key: str | int) -> str:
    """The channel-layer group of one topic key, e.g. ``live.forums.thread.42`` (valid for channels-redis)."""
    if not (isinstance(name, str) and len(name) <= _TOPIC_MAX_LENGTH and _TOPIC_RE.fullmatch(name)):
        raise ValueError(f"invalid live topic name {name!r}")
    return f"live.{name}.{_key(key)}"


def can_subscribe(user, name, key) -> bool:
    """Whether ``user`` may follow ``(name, key)``: a registered topic, a well-formed key, the app's rule.

    Sync (call it through ``database_sync_to_async``). A rule that raises counts as a refusal.
    """
    rule = _topics.get(name) if isinstance(name, str) else None
    if rule is None or not valid_key(key):
        return False
    try:
        return rule(user, key) is True
    except Exception:
        log.exception("live topic %s: can_subscribe failed for key %r", name, key)
        return False


def _event(name: str, key: str | int, payload: dict) -> tuple[str, dict]:
    if name not in _topics:
        raise LookupError(f"unknown live topic {name!r}: register it in AppConfig.ready()")
    group = topic_group(name, key)
    reserved = _RESERVED.intersection(payload)
    if reserved:
        raise ValueError(f"live payload may not set {sorted(reserved)}")
    # Encoded once here, not once per socket; a payload that is not JSON fails in the caller.
    frame = json.dumps({"type": "live", "topic": name, "key": _key(key), **payload})
    # The group travels too: a socket forwards only events of groups it still follows.
    return group, {"type": EVENT_TYPE, "group": group, "frame": frame}


def _send(group: str, message: dict) -> None:
    try:
        async_to_sync(get_channel_layer().group_send)(group, message)
    except Exception:  # at most one delivery anyway: pages re-fetch from the database
        log.exception("could not publish to %s", group)


def publish(name: str, key: str | int, payload: dict) -> None:
    """Send ``payload`` to every socket subscribed to ``(name, key)``, now. Layer errors are logged."""
    _send(*_event(name, key, payload))


def publish_on_commit(name: str, key: str | int, payload: dict) -> None:
    """``publish`` once the current transaction commits (at once outside one); checked and encoded now."""
    group, message = _event(name, key, payload)
    transaction.on_commit(lambda: _send(group, message))
