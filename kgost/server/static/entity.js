/* Entity pages: turn the server-drawn neighbourhood (<div id="neighbourhood" data-network=URL>)
   into an interactive Cytoscape.js picture (pan, zoom, click a node to open its page). */
(function (global) {
  "use strict";

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  function start() {
    var box = document.getElementById("neighbourhood");
    if (!box || !box.dataset.network) return;
    var here = global.location.pathname;
    var ready = global.cytoscape ? Promise.resolve() : load("/static/vendor/cytoscape/cytoscape.min.js");
    ready.then(function () { return global.KgostNetwork ? null : load("/static/network.js"); })
      .then(function () { return fetch(box.dataset.network, { headers: { Accept: "application/json" } }); })
      .then(function (response) { if (!response.ok) throw new Error("HTTP " + response.status); return response.json(); })
      .then(function (data) {
        if (!data.elements || !data.elements.nodes.length) return;  /* keep the server's drawing */
        var focus = data.elements.nodes.filter(function (n) { return n.data.page === here; })[0];
        global.KgostNetwork.draw(box, data, { focus: focus ? focus.data.id : null });
      })
      .catch(function (error) { box.dataset.error = String(error); });  /* the server's SVG stays */
  }

  document.addEventListener("DOMContentLoaded", start);
})(window);
