// Organisers' pages of an event: check-in without reloading, a name filter, member suggestions in
// "Inscrire quelqu'un", the print button, and "Ajouter une question" in the event form. Every page
// works without it (an exact e-mail or full name registers someone too). No dependency.
(function () {
  "use strict";

  function say(text) {
    var live = document.getElementById("checkin-live");
    if (live) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 50);
    }
  }

  // --- Check-in: a tap posts the form in the background and updates the row and the count. ---
  function setUpCheckIn() {
    document.querySelectorAll("form[data-checkin]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var button = event.submitter || form.querySelector("button[name=attended]");
        if (!window.fetch || !window.FormData || !button) return; // the form is sent as usual
        event.preventDefault();
        if (button.getAttribute("aria-busy") === "true") return;
        var data = new FormData(form);
        data.set("attended", button.value);
        button.setAttribute("aria-busy", "true");
        fetch(form.action, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then(function (result) {
            var present = result.attended === true;
            button.setAttribute("aria-pressed", present ? "true" : "false");
            button.value = present ? "0" : "1";
            var state = button.querySelector("[data-state]");
            if (state) {
              state.textContent = present ? "Présent·e" : "Absent·e";
              if (present) {
                var tick = document.createElement("span");
                tick.setAttribute("aria-hidden", "true");
                tick.textContent = "✓ ";
                state.insertBefore(tick, state.firstChild);
              }
            }
            var row = form.closest(".checkin-row");
            if (row) row.classList.toggle("is-present", present);
            var count = document.querySelector("[data-present]");
            if (count) count.textContent = String(result.present);
            say(result.message);
          })
          .catch(function () {
            // Let the server answer, as without JavaScript (submit() leaves the button's value out).
            var value = document.createElement("input");
            value.type = "hidden";
            value.name = "attended";
            value.value = button.value;
            form.appendChild(value);
            form.submit();
          })
          .finally(function () { button.removeAttribute("aria-busy"); });
      });
    });
  }

  // --- Filter the check-in list by name (or centre) as one types. ---
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUpFilter() {
    var box = document.querySelector("[data-checkin-filter]");
    var list = document.getElementById("checkin-list");
    if (!box || !list) return;
    var input = box.querySelector("input");
    var none = document.querySelector("[data-checkin-none]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      list.querySelectorAll(".checkin-row").forEach(function (row) {
        var match = !wanted || fold(row.getAttribute("data-name") || "").indexOf(wanted) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (none) none.hidden = shown !== 0;
    });
  }

  // --- Register someone: suggest audience members as the organiser types (organisation/membres/). ---
  var SEARCH_DELAY = 250;
  var SEARCH_MIN_LENGTH = 2;

  function setUpMemberSearch() {
    var list = document.querySelector("datalist[data-member-search]");
    if (!list || !window.fetch) return;
    var input = document.querySelector("input[list='" + list.id + "']");
    if (!input) return;
    var url = list.getAttribute("data-member-search");
    var timer = null;
    var asked = null; // the latest query sent: an older answer arriving late is dropped

    function chosen(value) {
      return Array.prototype.some.call(list.options, function (option) { return option.value === value; });
    }

    function fill(members) {
      list.textContent = "";
      members.forEach(function (member) {
        var option = document.createElement("option");
        option.value = member.email;
        option.textContent = member.label;
        list.appendChild(option);
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim().replace(/\s+/g, " ");
      if (query.length < SEARCH_MIN_LENGTH || chosen(input.value)) return;
      timer = window.setTimeout(function () {
        asked = query;
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (result) {
            if (result && asked === query) fill(result.members);
          })
          .catch(function () {}); // no suggestions: an exact e-mail or full name still works
      }, SEARCH_DELAY);
    });
  }

  // --- Sign-in sheet: a print button. ---
  function setUpPrint() {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // --- Event form: one more blank question, from the formset's empty form. ---
  function setUpQuestions() {
    var button = document.querySelector("[data-add-question]");
    var template = document.querySelector("template[data-question-template]");
    var list = document.querySelector("[data-question-list]");
    var total = document.querySelector("input[name$='-TOTAL_FORMS']");
    if (!button || !template || !list || !total) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fieldset = holder.firstElementChild;
      list.appendChild(fieldset);
      total.value = String(index + 1);
      var first = fieldset.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  }

  function start() {
    setUpCheckIn();
    setUpFilter();
    setUpMemberSearch();
    setUpPrint();
    setUpQuestions();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
