// The tab's one WebSocket (/ws/notifications/), shared by the notification badge and live topics.
// No dependency, no inline script. Server side: community/live.py and NotificationConsumer.
//
//   var subscription = Reseau3114Live.subscribe(topic, key, onEvent, onRefused, onSubscribed);
//     onEvent(message)      each {"type": "live", "topic": ..., "key": ..., ...payload}
//     onRefused(message)    {"type": "refused", ...}: unknown topic, bad key, too many, or not visible;
//                           the subscription is then dropped (also when access is lost later)
//     onSubscribed(message) optional; on every confirmation, i.e. after each (re)connection too:
//                           re-fetch what may have been missed, events only say "look again"
//     subscription.unsubscribe()
//   var remove = Reseau3114Live.onMessage(function (message) { ... });  // every message; remove()
//
// The socket opens once the deferred scripts have run, reconnects with jittered back-off, pings
// every 25 s (the server re-joins its groups then), reconnects when silent for a minute (half-open),
// stops for good on close code 4401 (signed out) and subscribes again to every topic after each
// reconnection.
(function () {
  "use strict";
  var PING_EVERY = 25000;
  var SILENCE_LIMIT = 60000;
  var MAX_DELAY = 30000;
  var SIGNED_OUT = 4401;

  var bell = document.querySelector("[data-notifications-socket]");
  var handlers = [];
  var subscriptions = {}; // "topic key" -> {topic, key, confirmed, listeners: [{onEvent, onRefused, onSubscribed}]}
  var socket = null;
  var heartbeat = null;
  var lastHeard = 0;
  var attempt = 0;

  function safely(callback, argument) {
    // One failing page script must not stop the others (nor the socket); the error still shows.
    if (typeof callback !== "function") return;
    try { callback(argument); } catch (error) { window.setTimeout(function () { throw error; }, 0); }
  }

  function idOf(topic, key) { return topic + " " + key; } // keys never contain a space

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function dispatch(message) {
    var subscription = typeof message.topic === "string" ? subscriptions[idOf(message.topic, message.key)] : undefined;
    if (subscription) {
      var listeners = subscription.listeners.slice();
      if (message.type === "live") {
        listeners.forEach(function (listener) { safely(listener.onEvent, message); });
      } else if (message.type === "subscribed") {
        subscription.confirmed = true;
        listeners.forEach(function (listener) { safely(listener.onSubscribed, message); });
      } else if (message.type === "refused") {
        delete subscriptions[idOf(message.topic, message.key)];
        listeners.forEach(function (listener) { safely(listener.onRefused, message); });
      }
    }
    handlers.slice().forEach(function (handler) { safely(handler, message); });
  }

  function scheduleReconnect() {
    var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt += 1;
    window.setTimeout(connect, delay);
  }

  function forget(ws) {
    if (ws !== socket) return false;
    socket = null;
    window.clearInterval(heartbeat);
    Object.keys(subscriptions).forEach(function (id) { subscriptions[id].confirmed = false; });
    return true;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + window.location.host + bell.getAttribute("data-notifications-socket"));
    socket = ws;
    ws.addEventListener("open", function () {
      if (ws !== socket) return;
      lastHeard = Date.now();
      Object.keys(subscriptions).forEach(function (id) {
        send({ type: "subscribe", topic: subscriptions[id].topic, key: subscriptions[id].key });
      });
      heartbeat = window.setInterval(function () {
        if (Date.now() - lastHeard > SILENCE_LIMIT) {
          // Half-open: the close event could take minutes to come; give up on this socket now.
          if (forget(ws)) { ws.close(); scheduleReconnect(); }
          return;
        }
        send({ type: "ping" });
      }, PING_EVERY);
    });
    ws.addEventListener("message", function (event) {
      if (ws !== socket) return;
      lastHeard = Date.now();
      attempt = 0; // the server answered: the next failure starts the back-off afresh
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message && typeof message === "object") dispatch(message);
    });
    ws.addEventListener("close", function (event) {
      if (!forget(ws)) return;
      if (event.code === SIGNED_OUT) return; // signed out: nothing to reconnect to
      scheduleReconnect();
    });
  }

  function subscribe(topic, key, onEvent, onRefused, onSubscribed) {
    topic = String(topic);
    key = String(key);
    var id = idOf(topic, key);
    var subscription = subscriptions[id];
    var listener = { onEvent: onEvent, onRefused: onRefused, onSubscribed: onSubscribed };
    if (!subscription) {
      subscription = subscriptions[id] = { topic: topic, key: key, confirmed: false, listeners: [] };
      send({ type: "subscribe", topic: topic, key: key }); // or on the next open
    } else if (subscription.confirmed) {
      window.setTimeout(function () {
        if (subscriptions[id] === subscription && subscription.confirmed) {
          safely(onSubscribed, { type: "subscribed", topic: topic, key: key });
        }
      }, 0);
    }
    subscription.listeners.push(listener);
    return {
      unsubscribe: function () {
        var index = subscription.listeners.indexOf(listener);
        if (index < 0) return;
        subscription.listeners.splice(index, 1);
        if (subscription.listeners.length === 0 && subscriptions[id] === subscription) {
          delete subscriptions[id];
          send({ type: "unsubscribe", topic: topic, key: key });
        }
      }
    };
  }

  function onMessage(handler) {
    handlers.push(handler);
    return function () {
      var index = handlers.indexOf(handler);
      if (index >= 0) handlers.splice(index, 1);
    };
  }

  window.Reseau3114Live = { subscribe: subscribe, onMessage: onMessage };

  if (!bell || !("WebSocket" in window)) return; // signed out, or no WebSocket: subscriptions stay silent
  // Deferred scripts (the badge, the page's own) register their handlers before the first message.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
