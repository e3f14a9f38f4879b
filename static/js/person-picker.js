// Person pickers of the agenda item forms (meetings/forms.py, person_picker). As the coordinator types, the
// server suggests the board's people whose name matches, then anyone whose full name or exact e-mail address
// it is: never a list of everyone. The suggestions follow the ARIA combobox pattern: Down and Up move through
// them, Enter chooses, Escape closes. "one" keeps the chosen person's id in a hidden field; "many" ticks them
// in the form's list of people. Without JavaScript the field is plain text, and the server finds the person
// from what was typed.
"use strict";

(function () {
  const DELAY = 200; // ms after the last key press before asking for suggestions
  let made = 0;

  function normal(text) {
    return text.trim().replace(/\s+/g, " ");
  }

  function setUp(input) {
    const form = input.closest("[data-people-url]");
    if (input.dataset.pickerReady || !form || !window.htmx) {
      return;
    }
    input.dataset.pickerReady = "true";
    const id = input.id || `person-picker-${++made}`;
    const many = input.dataset.personPicker === "many";
    const box = document.createElement("div");
    box.className = "person-suggestions";
    box.id = `${id}-suggestions`;
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.after(box, status);
    input.parentElement.classList.add("person-picker");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("hx-sync", "this:replace");

    let chosen = null; // the hidden field with the chosen person's id ("one")
    if (!many) {
      chosen = document.createElement("input");
      chosen.type = "hidden";
      chosen.name = input.dataset.chosenField;
      chosen.value = input.dataset.chosen || "";
      input.after(chosen);
      // The builder clears its "Add an item" form after each item: the person goes with the text.
      form.addEventListener("reset", () => { chosen.value = ""; });
    }

    let timer = null;
    let asked = "";

    function options() {
      return [...box.querySelectorAll("[role=option]")];
    }

    function active() {
      const current = input.getAttribute("aria-activedescendant");
      return current ? document.getElementById(current) : null;
    }

    function highlight(option) {
      options().forEach((o) => o.setAttribute("aria-selected", o === option ? "true" : "false"));
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      const list = box.querySelector("[role=listbox]");
      if (!list) {
        return;
      }
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
      input.setAttribute("aria-controls", list.id);
    }

    function close() {
      highlight(null);
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-controls");
    }

    function ask() {
      const query = normal(input.value);
      if (!query) {
        asked = "";
        box.replaceChildren();
        status.textContent = "";
        close();
        return;
      }
      asked = query;
      // From the field, which replaces (aborts) a request still on its way: only the last answer is shown.
      window.htmx.ajax("GET", form.dataset.peopleUrl, {
        source: input, target: box, swap: "innerHTML", values: { q: query },
      });
    }

    box.addEventListener("htmx:afterSettle", () => {
      if (normal(input.value) !== asked) {
        ask(); // typed on while the answer came: ask again
        return;
      }
      const list = box.querySelector("[role=listbox]");
      if (list) {
        list.id = `${id}-listbox`;
        options().forEach((option, i) => { option.id = `${id}-option-${i}`; });
      }
      const count = options().length;
      const none = box.querySelector(".person-none");
      status.textContent = count
        ? `${count} ${count === 1 ? "suggestion" : "suggestions"}: press the down arrow to choose.`
        : none ? none.textContent : "";
      if (count && document.activeElement === input) {
        open();
      } else {
        close();
        box.hidden = !none;
      }
    });

    function choose(option) {
      const name = option.dataset.personName;
      if (many) {
        tick(option);
        input.value = "";
        status.textContent = `${name} added to those who may upload.`;
      } else {
        chosen.value = option.dataset.personId;
        input.value = name;
        status.textContent = `${name} chosen.`;
      }
      asked = normal(input.value);
      box.replaceChildren();
      close();
      input.focus();
    }

    function tick(option) {
      const fieldset = input.closest("[data-uploaders]");
      const list = fieldset && fieldset.querySelector("[data-uploader-choices]");
      if (!list) {
        return;
      }
      const name = fieldset.dataset.uploaders;
      const existing = list.querySelector(`input[name="${name}"][value="${option.dataset.personId}"]`);
      if (existing) {
        existing.checked = true;
        return;
      }
      const row = document.createElement("div");
      row.className = "form-check";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.className = "form-check-input";
      check.name = name;
      check.value = option.dataset.personId;
      check.id = `id_${name}_found_${option.dataset.personId}`;
      check.checked = true;
      const label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = check.id;
      label.textContent = option.dataset.personLabel;
      // Sent with the person: the exact name that found them, which the server checks again.
      const found = document.createElement("input");
      found.type = "hidden";
      found.name = fieldset.dataset.found;
      found.value = option.dataset.personName;
      row.append(check, label, found);
      list.append(row);
    }

    input.addEventListener("input", () => {
      if (chosen) {
        chosen.value = ""; // changed since chosen: the text says who now
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", (event) => {
      const all = options();
      const current = active();
      const expanded = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) {
          return;
        }
        event.preventDefault();
        if (!expanded) {
          open();
        }
        const step = event.key === "ArrowDown" ? 1 : -1;
        const index = current ? all.indexOf(current) + step : step === 1 ? 0 : all.length - 1;
        highlight(all[(index + all.length) % all.length]);
      } else if (event.key === "Enter" && expanded && current) {
        event.preventDefault(); // choose, rather than send the form
        choose(current);
      } else if (event.key === "Escape" && expanded) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", () => window.setTimeout(() => {
      if (document.activeElement !== input) {
        close();
      }
    }, 150));

    // A click chooses; pressing on the list keeps the focus in the field.
    box.addEventListener("mousedown", (event) => event.preventDefault());
    box.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) {
        choose(option);
      }
    });
    close();
  }

  function setUpAll() {
    document.querySelectorAll("input[data-person-picker]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll());
  document.addEventListener("htmx:afterSettle", () => setUpAll());
})();
