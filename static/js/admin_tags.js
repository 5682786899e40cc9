"use strict";
// The story form's tag field: existing tags offered as one is typed. Tags are written
// "Defence, Climate"; a <datalist> matches the whole value, so each suggestion is offered as
// the whole value with its last tag completed. One request per pause in typing.
(function () {
  const PAUSE_MS = 150;

  function attach(input) {
    const list = document.createElement("datalist");
    list.id = input.id + "_suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = null;
    let asked = "";

    function offer(typed, tags) {
      const cut = typed.lastIndexOf(",");
      const before = cut === -1 ? "" : typed.slice(0, cut + 1) + " ";
      const taken = typed.split(",").map((tag) => tag.trim().toLowerCase());
      list.replaceChildren(
        ...tags
          .filter((tag) => !taken.slice(0, -1).includes(tag.toLowerCase()))
          .map((tag) => {
            const option = document.createElement("option");
            // Quoted as taggit writes a name with a space or comma in it.
            option.value = before + (/[ ,]/.test(tag) ? '"' + tag + '"' : tag);
            return option;
          }),
      );
    }

    function ask() {
      const typed = input.value;
      const last = typed.slice(typed.lastIndexOf(",") + 1).trim();
      if (!last || typed === asked) {
        return;
      }
      asked = typed;
      const url = input.dataset.suggestions + "?q=" + encodeURIComponent(last);
      fetch(url, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { tags: [] }))
        .then((data) => {
          if (input.value === typed) {
            offer(typed, data.tags);
          }
        })
        .catch(() => {});
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, PAUSE_MS);
    });
  }

  function start() {
    document.querySelectorAll("input[data-suggestions]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
