// An event page's seat count and registration window follow live (topic "events.seats", see
// events/services.py). Live messages only say "look again": the numbers they carry are shown at once,
// and the page asks places/ for the member's own state (a promotion, a new waitlist place), for why
// registration closed (its "message"), and after every (re)subscription, for what it may have missed.
// Texts are the same as events/includes/seats.html and services.window_message.
(function () {
  "use strict";
  var ANNOUNCE_DELAY = 1500; // a burst of registrations is announced once, when it settles
  var FETCH_DELAY = 400;

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function setUp(box) {
    if (!window.Reseau3114Live) return;
    var key = box.getAttribute("data-event-seats");
    var url = box.getAttribute("data-seats-url");
    var text = box.querySelector("[data-seats-text]");
    var announce = box.querySelector("[data-seats-announce]");
    var myState = document.querySelector("[data-my-state]");
    var quiet = document.querySelector("[data-registration-notice]");
    var form = document.querySelector("[data-registration-form]");
    var capacityAttr = box.getAttribute("data-capacity");
    var state = {
      confirmed: parseInt(box.getAttribute("data-confirmed"), 10) || 0,
      waitlist: parseInt(box.getAttribute("data-waitlist"), 10) || 0,
      capacity: capacityAttr === "" ? null : parseInt(capacityAttr, 10),
      status: box.getAttribute("data-status") || null,
      position: parseInt(box.getAttribute("data-position"), 10) || null,
      open: box.getAttribute("data-open") === "true"
    };
    var shownStatus = state.status;
    var shownPosition = state.position;
    var announceTimer = null;
    var fetchTimer = null;

    function isFull(seats) { return seats.capacity !== null && seats.confirmed >= seats.capacity; }

    function render(seats) {
      text.textContent = "";
      var count = document.createElement("span");
      count.className = "seats-count";
      if (seats.capacity === null) {
        count.textContent = plural(seats.confirmed, "inscrit·e", "inscrit·es");
      } else {
        var shown = document.createElement("span");
        shown.setAttribute("aria-hidden", "true");
        shown.textContent = seats.confirmed + " / " + seats.capacity;
        var spoken = document.createElement("span");
        spoken.className = "visually-hidden";
        spoken.textContent = plural(seats.confirmed, "place prise", "places prises") + " sur " + seats.capacity;
        count.appendChild(shown);
        count.appendChild(spoken);
      }
      text.appendChild(count);
      if (isFull(seats)) {
        var badge = document.createElement("span");
        badge.className = "badge badge-warning";
        badge.textContent = "Complet";
        text.appendChild(document.createTextNode(" "));
        text.appendChild(badge);
      }
      if (seats.waitlist) {
        var waiting = document.createElement("span");
        waiting.className = "muted";
        waiting.textContent = "· " + seats.waitlist + " en liste d'attente";
        text.appendChild(document.createTextNode(" "));
        text.appendChild(waiting);
      }
      if (form) {
        var button = form.querySelector("button[data-open-label]");
        var note = form.querySelector("[data-full-note]");
        if (button) button.textContent = button.getAttribute(isFull(seats) ? "data-full-label" : "data-open-label");
        if (note) note.hidden = !isFull(seats);
      }
    }

    function sentence(seats) {
      if (seats.capacity === null) return "Places : " + plural(seats.confirmed, "inscrit·e", "inscrit·es") + ".";
      if (isFull(seats)) {
        return "Complet : " + plural(seats.confirmed, "place prise", "places prises") + " sur " + seats.capacity +
          (seats.waitlist ? ", " + seats.waitlist + " en liste d'attente." : ".");
      }
      var free = seats.capacity - seats.confirmed;
      return free === 1 ? "Il reste 1 place." : "Il reste " + free + " places.";
    }

    function update(seats) {
      var changed = seats.confirmed !== state.confirmed || seats.waitlist !== state.waitlist ||
        seats.capacity !== state.capacity;
      state.confirmed = seats.confirmed;
      state.waitlist = seats.waitlist;
      state.capacity = seats.capacity;
      if (!changed) return;
      render(state);
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(function () { announce.textContent = sentence(state); }, ANNOUNCE_DELAY);
    }

    // Show a notice of one kind ("own", "window") in place of the previous one. When ``block`` is
    // hidden while it holds the focus (a button just pressed), the notice takes the focus, outside the
    // live region so that it is read once; otherwise the live region announces it.
    function tell(kind, paragraph, block) {
      if (!myState) return;
      [myState, quiet].forEach(function (holder) {
        var previous = holder && holder.querySelector("[data-notice='" + kind + "']");
        if (previous) previous.remove();
      });
      if (!paragraph) return;
      var focused = block && !block.hidden && block.contains(document.activeElement);
      if (block) block.hidden = true;
      paragraph.setAttribute("data-notice", kind);
      paragraph.setAttribute("tabindex", "-1");
      if (focused && quiet) {
        quiet.appendChild(paragraph);
        paragraph.focus();
      } else {
        myState.appendChild(paragraph);
      }
    }

    function notice(className, text, linkText) {
      var paragraph = document.createElement("p");
      paragraph.className = className;
      paragraph.appendChild(document.createTextNode(text));
      if (linkText) {
        var reload = document.createElement("a");
        reload.href = window.location.pathname;
        reload.textContent = linkText;
        paragraph.appendChild(document.createTextNode(" "));
        paragraph.appendChild(reload);
      }
      return paragraph;
    }

    // Registration opened or closed (the organisers closed it, cancelled the event...): the form goes
    // with the reason; when it comes back, the form (if the page had one) or a link to reload.
    function showWindow(open, message) {
      if (open === state.open) return;
      state.open = open;
      var stale = document.querySelector("[data-window-message]");
      if (stale) stale.hidden = true;
      if (!open) {
        tell("window", notice("message", message || "Les inscriptions sont fermées."), form);
        return;
      }
      if (shownStatus) {
        tell("window", null);
      } else if (form && form.hidden && form.querySelector("button[data-open-label]")) {
        form.hidden = false;
        tell("window", notice("message", "Les inscriptions sont rouvertes."));
      } else {
        tell("window", notice("message", "Les inscriptions sont ouvertes.", "Recharger la page pour s'inscrire"));
      }
    }

    function showOwnState(mine) {
      if (mine.status === shownStatus && mine.position === shownPosition) return;
      var message = null;
      if (mine.status === "confirmed" && shownStatus === "waitlisted") {
        message = "Une place s'est libérée : vous êtes inscrit·e.";
      } else if (mine.status === "waitlisted" && shownStatus === "waitlisted") {
        message = "Vous êtes maintenant n° " + mine.position + " sur la liste d'attente.";
      } else if (!mine.status && shownStatus) {
        message = "Votre inscription a été annulée.";
      } else {
        message = "Votre inscription a changé.";
      }
      shownStatus = mine.status;
      shownPosition = mine.position;
      // What the page showed of the member's registration no longer holds: the reload shows the new state.
      tell("own", notice("message message-success", message, "Actualiser la page"),
        document.querySelector("[data-registration-body]"));
    }

    function refresh() {
      window.clearTimeout(fetchTimer);
      fetchTimer = window.setTimeout(function () {
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (seats) {
            if (!seats) return;
            update(seats);
            showOwnState({ status: seats.status, position: seats.position });
            if (typeof seats.open === "boolean") showWindow(seats.open, seats.message);
          })
          .catch(function () {});
      }, FETCH_DELAY);
    }

    Reseau3114Live.subscribe("events.seats", key, function (message) {
      if (message.event !== "seats") return;
      update({ confirmed: message.confirmed, waitlist: message.waitlist, capacity: message.capacity });
      // Only a member on the list can see their own state change through someone else's action; the
      // reason registration closed is read from places/ only when it opens or closes, so that a burst
      // of registrations does not send every open page to the server.
      var windowChanged = typeof message.open === "boolean" && message.open !== state.open;
      if (shownStatus || windowChanged) refresh();
    }, null, refresh);
  }

  document.querySelectorAll("[data-event-seats]").forEach(setUp);
})();
