// The owners of an action (actions/templates/actions/action_form.html): a box above the list of the board's
// people narrows it as one types, so a long list is quick to use by keyboard. Ticked people always stay in
// view. Without JavaScript the whole list is there.
"use strict";

(function () {
  let made = 0;

  function normal(text) {
    return text.toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setUp(holder) {
    const options = Array.from(holder.querySelectorAll(".form-check")).filter((o) => o.querySelector("input[type=checkbox]"));
    if (options.length < 2 || holder.dataset.ownerFilterReady) {
      return;
    }
    holder.dataset.ownerFilterReady = "true";
    const id = `owner-filter-${++made}`;
    const wrapper = document.createElement("div");
    wrapper.className = "mb-2";
    const label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = id;
    label.textContent = "Find a person in the list";
    const box = document.createElement("input");
    box.type = "search";
    box.id = id;
    box.className = "form-control";
    box.autocomplete = "off";
    box.setAttribute("aria-describedby", `${id}-status`);
    const status = document.createElement("p");
    status.id = `${id}-status`;
    status.className = "form-text mb-0";
    status.setAttribute("role", "status");
    wrapper.append(label, box, status);
    options[0].parentElement.before(wrapper);

    function filter() {
      const words = normal(box.value).split(" ").filter(Boolean);
      let shown = 0;
      options.forEach((option) => {
        const text = normal(option.textContent);
        const ticked = option.querySelector("input").checked;
        const match = ticked || words.every((word) => text.includes(word));
        option.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      status.textContent = words.length ? `${shown} of ${options.length} people shown.` : "";
    }

    box.addEventListener("input", filter);
    // Enter in the box ticks the only person left, rather than sending the form.
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") {
        return;
      }
      event.preventDefault();
      const visible = options.filter((o) => !o.hidden && !o.querySelector("input").checked);
      if (visible.length === 1) {
        visible[0].querySelector("input").checked = true;
        box.value = "";
        filter();
        status.textContent = `${visible[0].textContent.replace(/\s+/g, " ").trim()} ticked.`;
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-owner-filter]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
