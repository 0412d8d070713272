// Live notification badge: one WebSocket per tab, reconnecting with back-off, no dependency.
(function () {
  "use strict";
  var bell = document.querySelector("[data-notifications-socket]");
  if (!bell || !("WebSocket" in window)) return;
  var badge = bell.querySelector(".bell-count");
  var live = document.getElementById("notifications-live");
  var unread = parseInt(badge.getAttribute("data-unread"), 10) || 0;
  var attempt = 0;
  var socket = null;
  var heartbeat = null;
  var lastHeard = 0;

  function render() {
    badge.firstChild.nodeValue = String(unread);
    badge.setAttribute("data-unread", String(unread));
    badge.hidden = unread === 0;
  }

  function announce(text) {
    // Clear first so that the same text twice is announced twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = "Nouvelle notification : " + text; }, 50);
  }

  function onMessage(event) {
    lastHeard = Date.now();
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.type === "count") {
      unread = message.unread;
      render();
    } else if (message.type === "notification") {
      unread += 1;
      render();
      announce(message.text);
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + bell.getAttribute("data-notifications-socket"));
    socket.addEventListener("open", function () {
      attempt = 0;
      lastHeard = Date.now();
      heartbeat = window.setInterval(function () {
        // A half-open socket goes silent: no pong for a minute means reconnect.
        if (Date.now() - lastHeard > 60000) { socket.close(); return; }
        socket.send(JSON.stringify({ type: "ping" }));
      }, 25000);
    });
    socket.addEventListener("message", onMessage);
    socket.addEventListener("close", function (event) {
      window.clearInterval(heartbeat);
      if (event.code === 4401) return; // signed out: nothing to reconnect to
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  }

  render();
  connect();
})();
