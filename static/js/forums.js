// Forums: local drafts, the @ mention menu, and "N nouvelles réponses" while reading. No dependency.
(function () {
  "use strict";

  // --- Local drafts: what is typed survives a reload or a lost connection, until it is sent. ---
  var DRAFT = "reseau3114-draft:";
  var SENT = "reseau3114-sent:";

  function storage(kind) {
    try { return window[kind]; } catch (e) { return null; } // blocked storage: no drafts, nothing breaks
  }
  var local = storage("localStorage");
  var session = storage("sessionStorage");

  function setUpDrafts() {
    if (!local || !session) return;
    var kept = {};
    document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
      var key = area.getAttribute("data-draft");
      if (area.hasAttribute("data-draft-keep")) kept[key] = true; // the server refused it: keep the draft
    });
    // A form sent on the previous page and not sent back with an error: its draft is done.
    for (var i = session.length - 1; i >= 0; i -= 1) {
      var name = session.key(i);
      if (name && name.indexOf(SENT) === 0) {
        var sentKey = name.slice(SENT.length);
        if (!kept[sentKey]) local.removeItem(DRAFT + sentKey);
        session.removeItem(name);
      }
    }
    document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
      var key = area.getAttribute("data-draft");
      var saved = local.getItem(DRAFT + key);
      if (saved && !area.value.trim()) {
        area.value = saved;
        var note = document.createElement("p");
        note.className = "help draft-note";
        note.textContent = "Brouillon restauré : votre texte non envoyé a été conservé sur cet appareil.";
        area.parentNode.insertBefore(note, area);
      }
      var timer = null;
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          if (area.value.trim()) local.setItem(DRAFT + key, area.value);
          else local.removeItem(DRAFT + key);
        }, 300);
      });
      area.form.addEventListener("submit", function (event) {
        if (event.submitter && event.submitter.name === "preview") return;
        local.setItem(DRAFT + key, area.value);
        session.setItem(SENT + key, "1");
      });
    });
  }

  // --- Mentions: typing @ offers the members who can read this forum. ---
  var BEFORE_CARET = /(^|[^A-Za-z0-9._@\/-])@([A-Za-z0-9._-]{0,40})$/;

  function setUpMentions(area) {
    var url = area.getAttribute("data-mentions");
    var menu = document.createElement("ul");
    menu.className = "mention-menu";
    menu.id = area.id + "-mentions";
    menu.setAttribute("role", "listbox");
    menu.setAttribute("aria-label", "Membres à mentionner");
    menu.hidden = true;
    area.parentNode.insertBefore(menu, area.nextSibling);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    area.parentNode.insertBefore(status, menu.nextSibling);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", menu.id);
    var results = [];
    var active = -1;
    var request = 0;
    var timer = null;

    function close() {
      menu.hidden = true;
      results = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(menu.children, function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) area.setAttribute("aria-activedescendant", menu.id + "-" + index);
    }

    function pick(index) {
      var chosen = results[index];
      if (!chosen) return;
      var caret = area.selectionStart;
      var before = area.value.slice(0, caret).replace(/@[A-Za-z0-9._-]*$/, "@" + chosen.handle + " ");
      area.value = before + area.value.slice(caret);
      area.selectionStart = area.selectionEnd = before.length;
      close();
      area.focus();
      area.dispatchEvent(new Event("input"));
    }

    function show(list) {
      results = list;
      menu.textContent = "";
      list.forEach(function (entry, i) {
        var item = document.createElement("li");
        item.id = menu.id + "-" + i;
        item.setAttribute("role", "option");
        item.textContent = entry.name + " (@" + entry.handle + ")" + (entry.detail ? " — " + entry.detail : "");
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
        menu.appendChild(item);
      });
      menu.hidden = list.length === 0;
      status.textContent = list.length ? list.length + " suggestion(s) : flèches pour choisir, Entrée pour insérer." : "";
      highlight(list.length ? 0 : -1);
    }

    function lookUp() {
      var match = BEFORE_CARET.exec(area.value.slice(0, area.selectionStart));
      if (!match) { close(); return; }
      var mine = ++request;
      fetch(url + "?q=" + encodeURIComponent(match[2]), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === request) show(data.results || []); })
        .catch(close);
    }

    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    area.addEventListener("keydown", function (event) {
      if (menu.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + results.length) % results.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    area.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  // --- Live: a reader sees new replies arrive without reloading. ---
  function setUpLive(box) {
    if (!window.Reseau3114Live) return;
    var shown = parseInt(box.getAttribute("data-last-number"), 10) || 0;
    var newest = shown;
    var firstNewUrl = null;
    Reseau3114Live.subscribe("forums.thread", box.getAttribute("data-live-thread"), function (message) {
      if (message.event !== "post" || message.number <= newest) return;
      if (!firstNewUrl) firstNewUrl = message.url;
      newest = message.number;
      var count = newest - shown;
      box.textContent = "";
      var link = document.createElement("a");
      link.href = firstNewUrl;
      link.className = "button";
      link.textContent = count === 1 ? "1 nouvelle réponse — afficher" : count + " nouvelles réponses — afficher";
      link.addEventListener("click", function (event) {
        var target = new URL(firstNewUrl, window.location.href);
        if (target.pathname + target.search !== window.location.pathname + window.location.search) return;
        event.preventDefault(); // same page: only the anchor differs, so load it again
        window.location.hash = target.hash;
        window.location.reload();
      });
      box.appendChild(link);
    });
  }

  setUpDrafts();
  document.querySelectorAll("textarea[data-mentions]").forEach(setUpMentions);
  document.querySelectorAll("[data-live-thread]").forEach(setUpLive);
})();
