// Drag and drop for the agenda builder. Every move it offers also has a button (up, down, make sub-item,
// make main item), so the builder works with the keyboard alone. After a drop the whole new order is sent
// to the server, which renumbers and retimes the agenda and sends back the updated list.
"use strict";

(function () {
  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function layoutOf(agenda) {
    const order = [];
    agenda.querySelectorAll("#agenda-list > .agenda-node").forEach((node) => {
      order.push(node.dataset.itemId + ":");
      node.querySelectorAll(":scope > .sub-list > .agenda-node").forEach((child) => {
        order.push(child.dataset.itemId + ":" + node.dataset.itemId);
      });
    });
    return order;
  }

  // The "Add an item" form and the work programme's buttons sit outside the list that updates, so bring
  // them up to date after every change: the agenda version they send (a stale one would be refused as
  // someone else's change) and the main items the form offers to add a sub-item under.
  function refreshAddForm() {
    const version = document.getElementById("agenda-version");
    if (!version) {
      return;
    }
    document.querySelectorAll("form input[name=agenda_version]").forEach((input) => {
      input.value = version.value;
    });
    const form = document.querySelector("#add-item-form form");
    if (!form) {
      return;
    }
    const where = form.querySelector("select[name=parent]");
    if (!where) {
      return;
    }
    const chosen = where.value;
    const choices = [where.options[0]];
    document.querySelectorAll("#agenda-list > .agenda-node").forEach((node) => {
      choices.push(new Option(`As a sub-item of ${node.dataset.number}. ${node.dataset.title}`, node.dataset.itemId));
    });
    where.replaceChildren(...choices);
    where.value = choices.some((option) => option.value === chosen) ? chosen : "";
  }

  // Once an item is added, clear the form for the next one (keeping where it goes: often another sub-item).
  document.addEventListener("agenda-item-added", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (!form) {
      return;
    }
    const where = form.querySelector("select[name=parent]");
    const chosen = where ? where.value : "";
    form.reset();
    if (where) {
      where.value = chosen;
    }
  });

  function sendOrder(agenda) {
    const body = new FormData();
    layoutOf(agenda).forEach((entry) => body.append("order", entry));
    body.append("agenda_version", agenda.querySelector("#agenda-version").value);
    fetch(agenda.dataset.reorderUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then((response) => response.text())
      .then((html) => {
        const current = document.getElementById("agenda");
        const holder = document.createElement("div");
        holder.innerHTML = html.trim();
        const fresh = holder.firstElementChild;
        current.replaceWith(fresh);
        if (window.htmx) {
          window.htmx.process(fresh);
        }
        setUp();
        refreshAddForm();
      });
  }

  function setUp() {
    const agenda = document.getElementById("agenda");
    if (!agenda || !window.Sortable || agenda.dataset.sortableReady) {
      return;
    }
    agenda.dataset.sortableReady = "true";
    const options = {
      group: "agenda",
      handle: ".drag-handle",
      draggable: ".agenda-node", // not the Part I and Part II headings between them
      animation: 150,
      fallbackOnBody: true,
      swapThreshold: 0.65,
      onMove: (event) => {
        const dragged = event.dragged;
        const intoSub = event.to.dataset.level === "sub";
        if (!intoSub) {
          return true;
        }
        // One level of sub-items: an item with sub-items cannot become one, nor go inside itself.
        const hasChildren = dragged.querySelector(".sub-list > .agenda-node") !== null;
        return !hasChildren && event.to.closest(".agenda-node") !== dragged;
      },
      onStart: () => {
        agenda.dataset.orderBefore = layoutOf(agenda).join(",");
      },
      onEnd: () => {
        // Dropped back where it was: nothing to send.
        if (layoutOf(agenda).join(",") !== agenda.dataset.orderBefore) {
          sendOrder(agenda);
        }
      },
    };
    agenda.querySelectorAll("#agenda-list, .sub-list").forEach((list) => new window.Sortable(list, options));
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", () => {
    setUp();
    refreshAddForm();
  });
})();
