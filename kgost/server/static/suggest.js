/* Entity suggestions as you type: KgostSuggest.attach(input, {onPick}) asks /api/search after a
   short pause and lists the matches under the input (arrow keys, Enter or a click pick one). */
(function (global) {
  "use strict";

  var PAUSE_MS = 150;

  function search(text, limit) {
    var url = "/api/search?q=" + encodeURIComponent(text) + "&limit=" + (limit || 8);
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) return [];
      return response.json();
    });
  }

  function attach(input, options) {
    options = options || {};
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-autocomplete", "list");
    input.parentNode.appendChild(list);
    var found = [], active = -1, timer = null, asked = 0;

    function close() { list.hidden = true; active = -1; }

    function show(entities) {
      found = entities;
      list.innerHTML = "";
      entities.forEach(function (entity, index) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.dataset.page = entity.page || "";
        item.appendChild(document.createTextNode(entity.label));
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = entity.kind || "";
        item.appendChild(kind);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(index); });
        list.appendChild(item);
      });
      list.hidden = entities.length === 0;
      active = -1;
    }

    function pick(index) {
      var entity = found[index];
      if (!entity) return;
      input.value = entity.label;
      close();
      if (options.onPick) options.onPick(entity);
    }

    function highlight(index) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.classList.toggle("active", i === active); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { show([]); return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        search(text).then(function (entities) { if (mine === asked && document.activeElement === input) show(entities); }, function () { show([]); });
      }, PAUSE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) { pick(active); event.preventDefault(); }
    });
    input.addEventListener("blur", close);
    return { close: close };
  }

  global.KgostSuggest = { attach: attach, search: search };
})(window);
