// The agenda builder. Drag and drop: every move it offers also has a button (up, down, and under "More",
// make sub-item, make main item), so the builder works with the keyboard alone. After a drop the whole new
// order is sent to the server, which renumbers and retimes the agenda and sends back the updated list.
// After every change the list says what happened (data-announce), and this script reads it out through the
// page's live region, which stays put while the list is replaced. "Add below" brings the "Add an item" form
// to just under its item; it goes back to its place at the end of the page before the list is replaced.
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

  // The live region: "Moved “Neglect strategy” to item 6". Emptied first, so that the same words said
  // twice are read twice.
  function announce(agenda) {
    const region = document.getElementById("agenda-announcer");
    const said = agenda && agenda.dataset.announce;
    if (!region || !said) {
      return;
    }
    region.textContent = "";
    window.setTimeout(() => { region.textContent = said; }, 50);
  }

  // The "Add an item" form -------------------------------------------------------------------------------

  function addForm() {
    return document.getElementById("add-item-form");
  }

  // Back to its place after the list, before the list it may sit in is replaced; "Where" back to the usual
  // place unless it was chosen there.
  function bringAddFormHome() {
    const section = addForm();
    const home = document.getElementById("add-item-home");
    if (!section || !home || home.contains(section)) {
      return;
    }
    home.append(section);
    const where = section.querySelector("select[name=where]");
    if (where) {
      where.value = "";
    }
  }

  // "Add below" (after:<id>) and "Add a sub-item" (under:<id>): the form moves to just under the item, with
  // "Where" chosen, and the title field takes the focus. Without JavaScript the link opens the builder with
  // the form's "Where" chosen.
  function openAddForm(where, node) {
    const section = addForm();
    if (!section) {
      return false;
    }
    const select = section.querySelector("select[name=where]");
    if (where && select) {
      if (![...select.options].some((option) => option.value === where)) {
        return false;
      }
      select.value = where;
    }
    if (node) {
      node.append(section);
    } else {
      bringAddFormHome();
    }
    const title = section.querySelector("input[name=title]");
    section.scrollIntoView({ block: "start" });
    (title || section.querySelector("h2")).focus();
    return true;
  }

  document.addEventListener("click", (event) => {
    const below = event.target.closest("[data-add-where]");
    if (below) {
      const node = below.closest(".agenda-node");
      if (openAddForm(below.dataset.addWhere, node)) {
        event.preventDefault();
        const more = below.closest("details");
        if (more) {
          more.open = false;
        }
      }
      return;
    }
    const top = event.target.closest("[data-add-item]");
    if (top && openAddForm("", null)) {
      event.preventDefault();
    }
  });

  // The "Add an item" form and the work programme's buttons sit outside the list that updates, so bring
  // them up to date after every change: the agenda version they send (a stale one would be refused as
  // someone else's change) and the items the form offers to add after, or under.
  function refreshAddForm() {
    const version = document.getElementById("agenda-version");
    if (!version) {
      return;
    }
    document.querySelectorAll("form input[name=agenda_version]").forEach((input) => {
      input.value = version.value;
    });
    const where = document.querySelector("#add-item-form select[name=where]");
    if (!where) {
      return;
    }
    const chosen = where.value;
    const after = document.createElement("optgroup");
    after.label = "After an item";
    const under = document.createElement("optgroup");
    under.label = "As a sub-item, after its others";
    document.querySelectorAll("#agenda-list > .agenda-node").forEach((node) => {
      if (!("closing" in node.dataset)) {
        after.append(new Option(`After ${node.dataset.number}. ${node.dataset.title}`, `after:${node.dataset.itemId}`));
      }
      node.querySelectorAll(":scope > .sub-list > .agenda-node").forEach((child) => {
        after.append(new Option(`After ${child.dataset.number}. ${child.dataset.title}`, `after:${child.dataset.itemId}`));
      });
      under.append(new Option(`As a sub-item of ${node.dataset.number}. ${node.dataset.title}`, `under:${node.dataset.itemId}`));
    });
    const choices = [where.options[0]];
    if (under.children.length) {
      choices.push(after, under);
    }
    where.replaceChildren(...choices);
    where.value = [...where.options].some((option) => option.value === chosen) ? chosen : "";
  }

  // Once an item is added, clear the form for the next one (keeping where it goes: often another sub-item).
  document.addEventListener("agenda-item-added", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (!form) {
      return;
    }
    const where = form.querySelector("select[name=where]");
    const chosen = where ? where.value : "";
    form.reset();
    if (where && chosen.startsWith("under:")) {
      where.value = chosen;
    }
  });

  // The list is about to be replaced (a move, an edit saved, an item added): the form goes home first.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "agenda" && event.detail.shouldSwap !== false) {
      bringAddFormHome();
    }
  });

  // A "More" menu closes with Escape, giving the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") {
      return;
    }
    const more = event.target.closest && event.target.closest("details.item-more[open]");
    if (more) {
      more.open = false;
      more.querySelector("summary").focus();
    }
  });

  // Drag and drop ----------------------------------------------------------------------------------------

  function sendOrder(agenda, moved) {
    const body = new FormData();
    layoutOf(agenda).forEach((entry) => body.append("order", entry));
    body.append("agenda_version", agenda.querySelector("#agenda-version").value);
    body.append("moved", moved || "");
    fetch(agenda.dataset.reorderUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then((response) => response.text())
      .then((html) => {
        bringAddFormHome();
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
        announce(fresh);
        const alert = fresh.querySelector("[data-focus-after-swap][role=alert]");
        if (alert) {
          alert.focus();
        }
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
        bringAddFormHome();
        agenda.dataset.orderBefore = layoutOf(agenda).join(",");
      },
      onEnd: (event) => {
        // Dropped back where it was: nothing to send.
        if (layoutOf(agenda).join(",") !== agenda.dataset.orderBefore) {
          sendOrder(agenda, event.item.dataset.itemId);
        }
      },
    };
    agenda.querySelectorAll("#agenda-list, .sub-list").forEach((list) => new window.Sortable(list, options));
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.closest(".person-suggestions")) {
      return; // a person picker's suggestions: nothing of the agenda changed
    }
    setUp();
    refreshAddForm();
    if (event.detail.target && event.detail.target.id === "agenda") {
      announce(document.getElementById("agenda")); // the list that replaced the target
    }
  });
})();
