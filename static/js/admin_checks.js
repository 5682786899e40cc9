"use strict";
// The newsroom checks panel: linking reloads the page, so warn before unsaved edits go.
// "Unsaved" means the story form's values differ from what they were once the page and its
// editors (rich text, autocomplete) had settled, not merely that a widget fired an event.
(function () {
  const MESSAGE =
    "You have unsaved changes in the story. Linking reloads the page and they will be lost. Link anyway?";

  function values(form) {
    const pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") {
        pairs.push(name + "=" + value);
      }
    });
    return pairs.join("&");
  }

  function start() {
    const story = document.getElementById("article_form");
    if (!story) {
      return;
    }
    let saved = null;
    // Editors fill their fields while the page loads; read the form after they have.
    window.setTimeout(function () {
      saved = values(story);
    }, 500);
    document.querySelectorAll("form.newsroom-check-link").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        const edited = saved !== null && values(story) !== saved;
        if (edited && !window.confirm(MESSAGE)) {
          event.preventDefault();
        }
      });
    });
  }

  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
