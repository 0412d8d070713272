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
        note.id = area.id + "-draft-note";
        note.textContent = "Brouillon restauré : votre texte non envoyé a été conservé sur cet appareil.";
        area.parentNode.insertBefore(note, area);
        var described = area.getAttribute("aria-describedby");
        area.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
      }
      var timer = null;
      function save() {
        window.clearTimeout(timer);
        timer = null;
        if (area.value.trim()) local.setItem(DRAFT + key, area.value);
        else local.removeItem(DRAFT + key);
      }
      area.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 300);
      });
      // Leaving within the delay (a reload, a link) must not lose the last keystrokes.
      window.addEventListener("pagehide", function () { if (timer !== null) save(); });
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
      request += 1; // an answer still on its way must not open the menu again
      menu.hidden = true;
      results = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function highlight(index, announce) {
      active = index;
      Array.prototype.forEach.call(menu.children, function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        area.removeAttribute("aria-activedescendant");
        return;
      }
      area.setAttribute("aria-activedescendant", menu.id + "-" + index);
      // Screen readers follow aria-activedescendant on a textarea unevenly: say the option too.
      if (announce) status.textContent = menu.children[index].textContent;
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
        // mousedown, not click: the textarea keeps the focus (and the caret) while one picks.
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
        item.addEventListener("mousemove", function () { if (active !== i) highlight(i, false); });
        menu.appendChild(item);
      });
      menu.hidden = list.length === 0;
      status.textContent = list.length
        ? list.length + " suggestion(s) : flèches haut et bas pour choisir, Entrée pour insérer, Échap pour fermer."
        : "";
      highlight(list.length ? 0 : -1, false);
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
      if (menu.hidden || event.isComposing) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + results.length) % results.length, true);
      } else if (event.key === "Enter") {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Tab") {
        close(); // Tab moves on to the buttons, as everywhere else; it inserts nothing
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
    var thread = box.getAttribute("data-live-thread");
    var confirmations = 0;

    function show(number, postUrl) {
      if (number <= newest) return;
      if (!firstNewUrl) {
        // A thread URL without ?page= sends the reader to their first unread post (an older one, if
        // some are left): name the page, so that the link lands on this post (page 1 has no ?page=).
        var url = new URL(postUrl, window.location.href);
        if (!url.searchParams.has("page")) url.searchParams.set("page", "1");
        firstNewUrl = url.pathname + url.search + url.hash;
      }
      newest = number;
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
    }

    // Events are hints: after a reconnection, ask what was missed while the socket was down.
    function catchUp() {
      confirmations += 1;
      if (confirmations === 1) return;
      fetch(box.getAttribute("data-state-url") + "?apres=" + newest, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) { if (state && state.url) show(state.post_count, state.url); })
        .catch(function () {});
    }

    Reseau3114Live.subscribe("forums.thread", thread, function (message) {
      if (message.event === "post") show(message.number, message.url);
    }, null, catchUp);
  }

  // --- Wide tables in posts scroll sideways inside their own box, reachable with the keyboard. ---
  function setUpTables() {
    var boxes = [];
    document.querySelectorAll(".prose table").forEach(function (table) {
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
      boxes.push(box);
    });
    if (!boxes.length) return;
    function update() {
      // Only a box that does scroll takes a place in the focus order (to be scrolled with the arrows).
      boxes.forEach(function (box) {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "group");
          box.setAttribute("aria-label", "Tableau défilant horizontalement");
        } else {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      });
    }
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 150);
    });
    update();
  }

  setUpTables();
  setUpDrafts();
  document.querySelectorAll("textarea[data-mentions]").forEach(setUpMentions);
  document.querySelectorAll("[data-live-thread]").forEach(setUpLive);
})();
