// The paper upload page: files can be dropped onto the field (from several folders, one drop after another)
// and the chosen files are listed. Without this script the field still takes several files from its dialog.
"use strict";

(() => {
  const sizeText = (bytes) => {
    if (bytes >= 1024 * 1024) {
      return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
    }
    return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  };

  const hasFiles = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes("Files");

  document.querySelectorAll("[data-drop-zone]").forEach((zone) => {
    const input = zone.querySelector('input[type="file"]');
    const chosen = zone.querySelector("[data-chosen]");
    const count = zone.querySelector("[data-chosen-count]");
    const list = zone.querySelector("[data-chosen-files]");
    const hint = zone.querySelector("[data-drop-hint]");
    if (!input || typeof DataTransfer === "undefined") {
      return;
    }
    hint.hidden = false;

    const show = () => {
      const files = Array.from(input.files);
      chosen.hidden = files.length === 0;
      count.textContent = files.length === 1 ? "1 file chosen:" : `${files.length} files chosen:`;
      list.replaceChildren(
        ...files.map((file) => {
          const item = document.createElement("li");
          item.textContent = `${file.name} (${sizeText(file.size)})`;
          return item;
        }),
      );
    };

    const add = (files) => {
      // Dropped files join those already chosen; the same file (name and size) is not taken twice.
      const all = new DataTransfer();
      const seen = new Set();
      for (const file of [...input.files, ...files]) {
        const key = `${file.name}\u0000${file.size}`;
        if (!seen.has(key)) {
          seen.add(key);
          all.items.add(file);
        }
      }
      input.files = all.files;
      show();
    };

    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach((type) => {
      zone.addEventListener(type, (event) => {
        if (hasFiles(event)) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
          zone.classList.add("is-dragover");
        }
      });
    });
    ["dragleave", "dragend"].forEach((type) => {
      zone.addEventListener(type, (event) => {
        if (!zone.contains(event.relatedTarget)) {
          zone.classList.remove("is-dragover");
        }
      });
    });
    zone.addEventListener("drop", (event) => {
      if (!hasFiles(event)) {
        return;
      }
      event.preventDefault();
      zone.classList.remove("is-dragover");
      add(event.dataTransfer.files);
      input.focus();
    });
    zone.querySelector("[data-clear-files]").addEventListener("click", () => {
      input.value = "";
      show();
      input.focus();
    });
    show();
  });
})();
