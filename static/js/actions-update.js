// The update form of an action (actions/templates/actions/partials/update_fields.html): the reason field is
// shown only while the chosen status needs one (deferred or cancelled, when it is a change). Without
// JavaScript it is always there, and the server says when it is missing.
"use strict";

(function () {
  const NEEDS_REASON = ["deferred", "cancelled"];

  function setUp(choice) {
    const form = choice.closest("form");
    const reason = form && form.querySelector("[data-reason-field]");
    if (!reason) {
      return;
    }
    const current = choice.dataset.currentStatus;
    const input = reason.querySelector("input, textarea");
    function update() {
      const checked = choice.querySelector("input[type=radio]:checked");
      const value = checked ? checked.value : current;
      const needed = value !== current && NEEDS_REASON.includes(value);
      // A reason already typed (or refused by the server) stays in view.
      reason.hidden = !needed && !(input && input.value) && !reason.querySelector(".invalid-feedback");
    }
    choice.addEventListener("change", update);
    update();
  }

  function start() {
    document.querySelectorAll("[data-status-choice]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
