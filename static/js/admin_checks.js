"use strict";
// The newsroom checks panel: linking reloads the page, so warn before unsaved edits go.
(function () {
  const MESSAGE =
    "You have unsaved changes in the story. Linking reloads the page and they will be lost. Link anyway?";

  function start() {
    const story = document.getElementById("article_form");
    if (!story) {
      return;
    }
    let edited = false;
    const markEdited = function () {
      edited = true;
    };
    story.addEventListener("input", markEdited);
    story.addEventListener("change", markEdited);
    // The autocomplete widgets (Select2) announce changes through jQuery events only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(story).on("change input", markEdited);
    }
    document.querySelectorAll("form.newsroom-check-link").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (edited && !window.confirm(MESSAGE)) {
          event.preventDefault();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
