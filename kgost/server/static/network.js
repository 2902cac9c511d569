/* kgost network view: draws Cytoscape.js JSON ({elements: {nodes: [{data: {id, label, kind, page}}],
   edges: [{data: {id, source, target, label}}]}}); drag to pan, scroll to zoom, click a node to open
   its page. Used by the kgost serve web page, entity pages and `kgost network --format html`. */
(function (global) {
  "use strict";

  var COLOURS = {
    person: "#4e79a7", group: "#f28e2b", song: "#59a14f", series: "#e15759",
    character: "#b07aa1", other: "#9c9c9c"
  };

  function style(showEdgeLabels) {
    var rules = [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
        "width": 18, "height": 18, "background-color": COLOURS.other,
        "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node.focus", style: { "width": 28, "height": 28, "border-width": 3, "border-color": "#333" } },
      { selector: "edge", style: {
        "width": 1.5, "line-color": "#bbb", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#bbb", "arrow-scale": 0.8,
        "label": showEdgeLabels ? "data(label)" : "", "font-size": 7, "color": "#666",
        "text-rotation": "autorotate", "text-outline-color": "#fff", "text-outline-width": 1.5 } },
      { selector: "edge.undirected", style: { "target-arrow-shape": "none" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } }
    ];
    Object.keys(COLOURS).forEach(function (kind) {
      rules.push({ selector: 'node[kind = "' + kind + '"]', style: { "background-color": COLOURS[kind] } });
    });
    return rules;
  }

  function legend(container, nodes) {
    var kinds = {};
    nodes.forEach(function (n) { kinds[n.data.kind || "other"] = (kinds[n.data.kind || "other"] || 0) + 1; });
    var box = document.createElement("div");
    box.className = "kgost-legend";
    Object.keys(kinds).sort().forEach(function (kind) {
      var item = document.createElement("span");
      var dot = document.createElement("i");
      dot.style.background = COLOURS[kind] || COLOURS.other;
      item.appendChild(dot);
      item.appendChild(document.createTextNode(kind + " (" + kinds[kind] + ")"));
      box.appendChild(item);
    });
    container.appendChild(box);
  }

  /* Draw `data` into `container`; options.focus: a node id to mark, options.open(page): what a
     click on a node does (default: go to its page). Returns the Cytoscape instance. */
  function draw(container, data, options) {
    options = options || {};
    var elements = data.elements || { nodes: [], edges: [] };
    container.innerHTML = "";
    container.classList.add("kgost-network");
    var canvas = document.createElement("div");
    canvas.className = "kgost-canvas";
    container.appendChild(canvas);
    if (!elements.nodes.length) {
      canvas.textContent = "Nothing to draw: the view is empty.";
      container.dataset.nodes = "0";
      return null;
    }
    var cy = global.cytoscape({
      container: canvas,
      elements: elements,
      style: style(elements.edges.length <= 40),
      minZoom: 0.1, maxZoom: 5,
      layout: { name: elements.nodes.length > 2 ? "cose" : "grid", animate: false,
                randomize: false, nodeDimensionsIncludeLabels: true, padding: 20 }
    });
    if (data.directed === false) cy.edges().addClass("undirected");
    if (options.focus) cy.getElementById(options.focus).addClass("focus");
    var open = options.open || function (page) { global.location.href = page; };
    cy.on("tap", "node", function (event) {
      var page = event.target.data("page");
      if (page) open(page);
    });
    cy.on("mouseover", "node", function (event) {
      canvas.title = event.target.data("label") + (event.target.data("page") ? " (click to open its page)" : "");
    });
    legend(container, elements.nodes);
    container.kgostNetwork = cy;  /* for scripts and the browser tests */
    container.dataset.nodes = String(elements.nodes.length);
    return cy;
  }

  global.KgostNetwork = { draw: draw, colours: COLOURS };
})(window);
