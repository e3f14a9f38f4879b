// The portal's own JavaScript. No inline scripts anywhere: the Content Security Policy forbids them.
"use strict";

// After an htmx swap, move focus to an element that asks for it (keyboard users keep their place).
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt.querySelector("[data-focus-after-swap]") ||
    document.querySelector("[data-focus-after-swap]");
  if (target) {
    target.focus();
    target.removeAttribute("data-focus-after-swap");
  }
});

// Buttons that destroy work ask first: <button data-confirm="Delete this?">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
