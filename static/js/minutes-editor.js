// The minutes editor (meetings/templates/meetings/minutes/editor.html). Each minute is a section of small
// forms (its discussion, each decision, each action), each saved on its own by htmx, and each carrying the
// minute's version: a change made on an out-of-date copy comes back as 409 with the refreshed section, which
// shows the refused text to copy.
//
// This script adds:
// - autosave: a minute's discussion (and title) is saved two seconds after the last key press, and the
//   section says "Saved at 14:05" in its live region. The version that comes back is given to every form of
//   the section, so the next save is not taken for someone else's;
// - no lost text: a save of one form replaces the whole section, so what was typed in its other forms and
//   not yet saved is put back (unless someone changed that field meanwhile); the page warns before it is left
//   with unsaved text; a form sent while an autosave of its section is on its way waits for it;
// - Ctrl+S (Cmd+S) saves the form that has the focus, and the focus comes back to where it was after a save;
// - a box over each list of people that shortens it to the names that match what is typed.
"use strict";

(function () {
  const IDLE = 2000; // ms after the last key press before the discussion saves itself
  const timers = new Map(); // section id -> the autosave timer
  const saving = new Map(); // section id -> the promise of the save on its way
  let filters = 0;
  let kept = null; // what the section being replaced held: {id, values, active}

  function sectionOf(element) {
    return element && element.closest ? element.closest("[data-minute-section]") : null;
  }

  function announce(text) {
    const region = document.getElementById("minutes-announcer");
    if (!region || !text) {
      return;
    }
    region.textContent = "";
    window.setTimeout(() => { region.textContent = text; }, 50);
  }

  function say(section, text) {
    const status = section && section.querySelector("[data-save-status]");
    if (status && status.textContent !== text) {
      status.textContent = text;
    }
  }

  // A field whose value is not what the server last saved.
  function isDirty(field) {
    if (!field.name || field.disabled || field.readOnly || field.type === "hidden" || field.type === "submit") {
      return false;
    }
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return [...field.options].some((option) => option.selected !== option.defaultSelected);
    }
    return field.value !== field.defaultValue;
  }

  function fieldsOf(root) {
    return [...root.querySelectorAll("input, textarea, select")];
  }

  function hasUnsaved() {
    const editor = document.querySelector("[data-minutes-editor]");
    return Boolean(editor) && (saving.size > 0 || fieldsOf(editor).some(isDirty));
  }

  // Autosave --------------------------------------------------------------------------------------------

  function schedule(form) {
    const section = sectionOf(form);
    window.clearTimeout(timers.get(section.id));
    timers.set(section.id, window.setTimeout(() => queue(section.id), IDLE));
    say(section, "Not saved yet.");
  }

  // One save of a section at a time, in order: each reads the version the one before it brought back.
  function queue(sectionId) {
    timers.delete(sectionId);
    const before = saving.get(sectionId) || Promise.resolve();
    const next = before.then(() => autosave(sectionId));
    saving.set(sectionId, next);
    next.finally(() => {
      if (saving.get(sectionId) === next) {
        saving.delete(sectionId);
      }
    });
    return next;
  }

  async function autosave(sectionId) {
    const section = document.getElementById(sectionId);
    const form = section && section.querySelector("form[data-autosave]");
    if (!form || !fieldsOf(form).some(isDirty)) {
      return;
    }
    const sent = fieldsOf(form).filter((field) => field.name && field.type !== "hidden").map((field) => [field, field.value]);
    const data = new FormData(form);
    data.set("autosave", "1");
    say(section, "Saving…");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "HX-Request": "true", "HX-Target": sectionId, Accept: "application/json" },
      });
    } catch (error) {
      say(section, "Not saved: the connection failed. Your text is still here: press Save to try again.");
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.includes("application/json")) {
      const body = await response.json();
      sent.forEach(([field, value]) => { field.defaultValue = value; });
      section.querySelectorAll("[data-minute-version]").forEach((input) => { input.value = body.version; });
      say(section, `Saved at ${body.saved_at}.`);
      return;
    }
    if (response.status === 409) {
      // Someone else changed the minute, or the minutes are locked: the section comes back with the text
      // that was not saved, to copy.
      replace(section, await response.text());
      return;
    }
    if (response.status === 422 && type.includes("application/json")) {
      const body = await response.json();
      say(section, `Not saved: ${body.error}`);
      return;
    }
    say(section, "Not saved: something went wrong. Your text is still here: press Save to try again.");
  }

  function replace(section, html) {
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    const fresh = holder.content.firstElementChild;
    if (!fresh) {
      return;
    }
    section.replaceWith(fresh);
    window.htmx.process(fresh);
    setUp(fresh);
    const focus = fresh.querySelector("[data-focus-after-swap]") || fresh;
    focus.focus();
    focus.removeAttribute("data-focus-after-swap");
  }

  // A save by a button: the section comes back whole ---------------------------------------------------------

  // A form sent while its section's autosave is on its way waits for it (and so sends the version it
  // brought back). Sending the discussion's own form makes its pending autosave needless.
  document.addEventListener("htmx:confirm", (event) => {
    const section = sectionOf(event.detail.elt);
    if (!section) {
      return;
    }
    if (event.detail.elt.matches("form[data-autosave]")) {
      window.clearTimeout(timers.get(section.id));
      timers.delete(section.id);
    }
    const pending = saving.get(section.id);
    if (pending) {
      event.preventDefault();
      pending.then(() => event.detail.issueRequest(true));
    }
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const section = event.detail.target;
    if (!section || !section.matches || !section.matches("[data-minute-section]")) {
      return;
    }
    const sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    const values = fieldsOf(section)
      .filter((field) => field.id && isDirty(field) && !(sender && sender.contains(field)))
      .map((field) => ({
        id: field.id,
        value: field.value,
        checked: field.checked,
        defaultValue: field.defaultValue,
        defaultChecked: field.defaultChecked,
      }));
    const active = document.activeElement && section.contains(document.activeElement) ? document.activeElement.id : "";
    window.clearTimeout(timers.get(section.id));
    timers.delete(section.id);
    kept = { id: section.id, values, active };
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (!kept) {
      return;
    }
    const section = document.getElementById(kept.id);
    const { values, active } = kept;
    kept = null;
    if (!section) {
      return;
    }
    setUp(section);
    // What was typed in the section's other forms comes back, unless someone changed that field meanwhile.
    values.forEach((old) => {
      const field = document.getElementById(old.id);
      if (!field || !section.contains(field)) {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.defaultChecked === old.defaultChecked) {
          field.checked = old.checked;
        }
      } else if (field.defaultValue === old.defaultValue) {
        field.value = old.value;
      }
    });
    if (fieldsOf(section).some((field) => field.closest("form[data-autosave]") && isDirty(field))) {
      schedule(section.querySelector("form[data-autosave]"));
    }
    announce(section.dataset.announce);
    if (section.querySelector("[data-focus-after-swap]")) {
      return; // portal.js puts the focus there once the swap settles
    }
    const again = active && document.getElementById(active);
    const target = again && again.offsetParent !== null ? again : section.querySelector("h2") || section;
    target.focus();
  });

  // Typing, leaving, Ctrl+S -----------------------------------------------------------------------------

  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("[data-minute-section] form[data-autosave]");
    if (form && event.target.name) {
      schedule(form);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    if (hasUnsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") {
      return;
    }
    const form = document.activeElement && document.activeElement.closest("[data-minute-section] form");
    if (!form) {
      return;
    }
    event.preventDefault();
    form.requestSubmit();
  });

  // A list of people to tick, shortened by what is typed ----------------------------------------------------

  function setUpFilter(fieldset) {
    if (fieldset.dataset.filterReady) {
      return;
    }
    fieldset.dataset.filterReady = "true";
    const list = fieldset.querySelector("[data-owner-list]");
    const rows = list ? [...list.querySelectorAll(".form-check")] : [];
    if (rows.length < 6) {
      return; // a short list needs no search
    }
    const id = `owner-filter-${++filters}`;
    const wrapper = document.createElement("div");
    wrapper.className = "mb-2";
    const label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.htmlFor = id;
    label.textContent = "Find a person in the list";
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.setAttribute("data-no-dirty", "");
    const count = document.createElement("span");
    count.className = "visually-hidden";
    count.setAttribute("role", "status");
    wrapper.append(label, input, count);
    list.before(wrapper);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter here chooses nothing: it would send the form
      }
    });
    input.addEventListener("input", () => {
      const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach((row) => {
        const text = row.textContent.toLowerCase();
        const ticked = row.querySelector("input").checked;
        const visible = ticked || words.every((word) => text.includes(word));
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      count.textContent = words.length ? `${shown} of ${rows.length} people shown` : "";
    });
  }

  function setUp(root) {
    const found = root.matches && root.matches("[data-owner-choices]") ? [root] : [];
    found.concat([...root.querySelectorAll("[data-owner-choices]")]).forEach(setUpFilter);
  }

  if (window.htmx) {
    window.htmx.onLoad(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", () => setUp(document.body));
  }
})();
