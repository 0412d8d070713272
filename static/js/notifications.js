// Live notification badge, over the tab's shared WebSocket (live.js, loaded first); no dependency.
(function () {
  "use strict";
  var bell = document.querySelector("[data-notifications-socket]");
  if (!bell || !("WebSocket" in window) || !window.Reseau3114Live) return;
  var badge = bell.querySelector(".bell-count");
  var live = document.getElementById("notifications-live");
  var unread = parseInt(badge.getAttribute("data-unread"), 10) || 0;

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

  window.Reseau3114Live.onMessage(function (message) {
    if (message.type === "count") {
      unread = message.unread;
      render();
    } else if (message.type === "notification") {
      unread += 1;
      render();
      announce(message.text);
    }
  });

  render();
})();
