/* The rest of the web page: tabs, entity search, the connection finder and the network view. */
(function (global) {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.error || "HTTP " + response.status);
        return data;
      });
    });
  }

  /* ---- tabs: the address's #fragment names the one shown ---- */
  var drawn = false;
  function showTab() {
    var name = (global.location.hash || "#query").slice(1);
    if (!$(name) || !$(name).classList.contains("tab")) name = "query";
    document.querySelectorAll("section.tab").forEach(function (section) { section.hidden = section.id !== name; });
    document.querySelectorAll(".tabs a[data-tab]").forEach(function (a) { a.classList.toggle("active", a.dataset.tab === name); });
    if (name === "network" && !drawn) { drawn = true; drawNetwork(); }
  }

  /* ---- search ---- */
  function entityItem(entity) {
    var item = el("li");
    var link = el("a", { href: entity.page || entity.iri }, entity.label);
    item.appendChild(link);
    item.appendChild(el("span", { "class": "kind" }, entity.kind || ""));
    if (entity.matched && entity.matched !== entity.label) item.appendChild(el("span", { "class": "muted" }, " (as “" + entity.matched + "”)"));
    return item;
  }

  function search(event) {
    event.preventDefault();
    var text = $("search-input").value.trim();
    var list = $("search-results");
    list.innerHTML = "";
    if (!text) return;
    global.KgostSuggest.search(text, 50).then(function (found) {
      if (!found.length) list.appendChild(el("li", { "class": "muted" }, "Nothing is named like “" + text + "”."));
      found.forEach(function (entity) { list.appendChild(entityItem(entity)); });
    });
  }

  /* ---- connection finder ---- */
  function nodeLink(node) { return el("a", { href: node.page || node.iri, title: node.iri }, node.label); }

  function pathBox(path, number) {
    var box = el("div", { "class": "path" });
    box.appendChild(el("p", {}, number + ". " + path.explanation));
    var steps = el("div", { "class": "steps" });
    path.nodes.forEach(function (node, index) {
      if (index > 0) {
        var edge = path.edges[index - 1] || {};
        steps.appendChild(el("span", { "class": "step" }, edge.forward === false ? "← " + edge.label + " ←" : "→ " + edge.label + " →"));
      }
      steps.appendChild(nodeLink(node));
    });
    box.appendChild(steps);
    path.edges.forEach(function (edge) {
      var said = edge.inferred ? "inferred: " + (edge.reason || "") : edge.sentence ? "“" + edge.sentence + "”" : "";
      if (said) box.appendChild(el("p", { "class": "source" }, edge.text + ": " + said + (edge.graph ? " (" + edge.graph + ")" : "")));
    });
    return box;
  }

  function connect(event) {
    event.preventDefault();
    var out = $("connect-results");
    out.innerHTML = "<p class='muted'>Searching…</p>";
    var url = "/api/connect?a=" + encodeURIComponent($("connect-a").value.trim()) + "&b=" +
      encodeURIComponent($("connect-b").value.trim()) + "&view=" + $("connect-view").value;
    getJSON(url).then(function (found) {
      out.innerHTML = "";
      var headline = found.connected
        ? found.source.label + " and " + found.target.label + " are connected in " + found.length + " steps (" +
          found.total + " shortest connection" + (found.total === 1 ? "" : "s") + ")."
        : found.source.label + " and " + found.target.label + " are not connected in the " + found.view + " view.";
      out.appendChild(el("p", { "class": "headline" }, headline));
      found.paths.forEach(function (path, index) { out.appendChild(pathBox(path, index + 1)); });
    }).catch(function (error) {
      out.innerHTML = "";
      out.appendChild(el("p", { "class": "error" }, error.message));
    });
  }

  /* ---- network view ---- */
  function drawNetwork(event) {
    if (event) event.preventDefault();
    var params = new URLSearchParams({ view: $("network-view").value });
    var around = $("network-around").value.trim();
    if (around) { params.set("around", around); params.set("depth", $("network-depth").value || "1"); }
    var status = $("network-status");
    status.textContent = "Drawing…";
    status.className = "status";
    getJSON("/api/network?" + params).then(function (data) {
      global.KgostNetwork.draw($("network-view-box"), data);
      var nodes = data.elements.nodes.length, edges = data.elements.edges.length;
      status.textContent = nodes + " nodes, " + edges + " edges";
    }).catch(function (error) {
      status.textContent = error.message;
      status.className = "status error";
    });
  }

  function start() {
    global.KgostSuggest.attach($("search-input"), { onPick: function (entity) { if (entity.page) global.location.href = entity.page; } });
    ["connect-a", "connect-b", "network-around"].forEach(function (id) { global.KgostSuggest.attach($(id)); });
    $("search-form").addEventListener("submit", search);
    $("connect-form").addEventListener("submit", connect);
    $("network-form").addEventListener("submit", drawNetwork);
    global.addEventListener("hashchange", showTab);
    showTab();
  }

  document.addEventListener("DOMContentLoaded", start);
})(window);
