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

// htmx leaves 4xx answers unshown. Two carry a fragment to show: 422, a form with its errors, and 409, the
// current agenda after someone else's change. A 422 fragment replaces the element it is a new version of
// (the form that was sent) when the page has one with its id.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (status !== 409 && status !== 422) {
    return;
  }
  event.detail.shouldSwap = true;
  event.detail.isError = false;
  if (status === 422 && !event.detail.xhr.getResponseHeader("HX-Retarget")) {
    const holder = document.createElement("template");
    holder.innerHTML = event.detail.serverResponse.trim();
    const root = holder.content.firstElementChild;
    const current = root && root.id && document.getElementById(root.id);
    if (current) {
      event.detail.target = current;
      event.detail.swapOverride = "outerHTML";
    }
  }
});

// Buttons that destroy work ask first: <button data-confirm="Delete this?">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// A "Find" button sends its form by GET to look something up; the form's CSRF token stays out of the
// address (and so out of history and server logs).
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  if (!submitter || (submitter.getAttribute("formmethod") || "").toLowerCase() !== "get") {
    return;
  }
  const token = event.target.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) {
    token.disabled = true;
    window.setTimeout(() => { token.disabled = false; }, 0);
  }
});
