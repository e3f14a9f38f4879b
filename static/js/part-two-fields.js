// The agenda item form: why a Part II item is exempt (the paragraph of Schedule 12A, or the reason in words)
// is asked only while "Confidential (Part II)" is ticked. Without JavaScript the fields are always shown,
// and the server ignores them for a Part I item.
"use strict";

(function () {
  function wrapperOf(field) {
    return field.closest("[id^='div_id_']") || field.parentElement;
  }

  function sync(form) {
    const toggle = form && form.querySelector("[data-part-two-toggle]");
    if (!toggle) {
      return;
    }
    form.querySelectorAll("[data-part-two-field]").forEach((field) => {
      const wrapper = wrapperOf(field);
      // A field the server found wanting stays in sight, whatever the box says.
      const flagged = field.classList.contains("is-invalid") || wrapper.querySelector(".invalid-feedback");
      wrapper.hidden = !toggle.checked && !flagged;
    });
  }

  function syncAll() {
    document.querySelectorAll("[data-part-two-toggle]").forEach((toggle) => sync(toggle.form));
  }

  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-part-two-toggle]")) {
      sync(event.target.form);
    }
  });
  // The builder clears its "Add an item" form after each item: the box unticks without a change event.
  document.addEventListener("reset", (event) => setTimeout(() => sync(event.target), 0), true);
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
})();
