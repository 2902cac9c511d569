/* The SPARQL part of the web page: a YASQE editor with the named queries as examples, results as
   a sortable table whose IRIs link to entity pages, and download links in every result format. */
(function (global) {
  "use strict";

  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var RESULT_FORMATS = [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"], ["xml", "XML"]];
  var GRAPH_FORMATS = [["turtle", "Turtle"], ["ntriples", "N-Triples"], ["jsonld", "JSON-LD"],
                       ["rdfxml", "RDF/XML"], ["trig", "TriG"], ["nquads", "N-Quads"]];
  /* The data's IRIs and the server paths that show them (as the server's page_of). */
  var PAGES = [["https://w3id.org/kgost/id/", "/id/"], ["https://w3id.org/kgost/ontology", "/ontology"]];

  var editor = null, examples = [], loaded = null;
  function $(id) { return document.getElementById(id); }

  function pageOf(iri) {
    for (var i = 0; i < PAGES.length; i++) {
      if (iri.indexOf(PAGES[i][0]) === 0 && iri.length > PAGES[i][0].length) return PAGES[i][1] + iri.slice(PAGES[i][0].length);
    }
    return null;
  }

  function shortName(iri) {
    if (iri.indexOf(PAGES[0][0]) === 0) return iri.slice(PAGES[0][0].length).replace("/", ":");
    if (iri.indexOf(PAGES[1][0] + "#") === 0) return "kgost:" + iri.slice(PAGES[1][0].length + 1);
    return iri;
  }

  function setStatus(text, isError) {
    var status = $("query-status");
    status.textContent = text;
    status.className = "status" + (isError ? " error" : "");
  }

  /* What the editor holds runs as the named query (with its parameters) while it is unchanged,
     else as a query of its own on /sparql. */
  function request() {
    var text = editor.getValue();
    if (loaded && text === loaded.sparql) {
      var params = new URLSearchParams();
      document.querySelectorAll("#params input").forEach(function (input) {
        if (input.value.trim()) params.append(input.name, input.value.trim());
      });
      return { base: "/queries/" + encodeURIComponent(loaded.name), params: params, kind: loaded.kind };
    }
    var query = new URLSearchParams();
    query.append("query", text);
    return { base: "/sparql", params: query, kind: queryKind(text) };
  }

  function queryKind(text) {
    var type = editor.getQueryType ? String(editor.getQueryType() || "") : "";
    if (!type) {
      var found = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(text.replace(/#.*$/gm, ""));
      type = found ? found[1] : "SELECT";
    }
    return type.toLowerCase();
  }

  function run() {
    var ask = request();
    var button = $("run");
    button.disabled = true;
    setStatus("Running…");
    $("results").innerHTML = "";
    $("downloads").hidden = true;
    var started = performance.now();
    var options = ask.base === "/sparql"
      ? { method: "POST", body: ask.params, headers: { Accept: ACCEPT } }
      : { method: "GET", headers: { Accept: ACCEPT } };
    var url = ask.base === "/sparql" ? ask.base : ask.base + (String(ask.params) ? "?" + ask.params : "");
    return fetch(url, options).then(function (response) {
      return response.text().then(function (body) {
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        if (!response.ok) { setStatus(errorText(body, response.status), true); return; }
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(body);
          if (typeof data.boolean === "boolean") {
            $("results").innerHTML = "<p class='answer'>Answer: <strong>" + (data.boolean ? "yes" : "no") + "</strong></p>";
            setStatus("ASK answered in " + seconds + " s");
          } else {
            $("results").appendChild(table(data.head.vars, data.results.bindings));
            setStatus(data.results.bindings.length + " rows in " + seconds + " s");
          }
        } else {
          var pre = document.createElement("pre");
          pre.className = "graph";
          pre.textContent = body;
          $("results").appendChild(pre);
          var triples = body.split("\n").filter(function (line) { return line.trim(); }).length;
          setStatus(triples + " triples in " + seconds + " s");
        }
        downloads(ask);
      });
    }).catch(function (error) {
      setStatus("The server did not answer: " + error, true);
    }).finally(function () { button.disabled = false; });
  }

  function errorText(body, status) {
    try { var data = JSON.parse(body); if (data.error) return data.error; } catch (e) { /* not JSON */ }
    return body.trim() || "HTTP " + status;
  }

  function downloads(ask) {
    var formats = ask.kind === "construct" || ask.kind === "describe" ? GRAPH_FORMATS : RESULT_FORMATS;
    var links = $("download-links");
    links.innerHTML = "";
    formats.forEach(function (format) {
      var params = new URLSearchParams(ask.params);
      params.set("format", format[0]);
      var link = document.createElement("a");
      link.href = ask.base + "?" + params;
      link.textContent = format[1];
      link.setAttribute("download", "");
      link.dataset.format = format[0];
      links.appendChild(link);
    });
    $("downloads").hidden = false;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      var page = pageOf(term.value);
      var a = document.createElement("a");
      a.href = page || term.value;
      a.textContent = shortName(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      td.className = term.type === "bnode" ? "bnode" : "literal";
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = shortName(term.datatype);
    }
    td.dataset.sort = term.value;
    return td;
  }

  function table(vars, bindings) {
    var t = document.createElement("table");
    t.className = "results";
    var head = t.createTHead().insertRow();
    vars.forEach(function (name, column) {
      var th = document.createElement("th");
      th.textContent = name;
      th.title = "sort by " + name;
      th.addEventListener("click", function () { sort(t, column, th); });
      head.appendChild(th);
    });
    var body = t.createTBody();
    bindings.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (name) { tr.appendChild(cell(row[name])); });
    });
    return t;
  }

  function sort(t, column, th) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    t.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = t.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort || "", y = b.cells[column].dataset.sort || "";
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
        ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function choose(name) {
    loaded = examples.filter(function (q) { return q.name === name; })[0] || null;
    $("example-summary").textContent = loaded ? loaded.summary : "";
    var params = $("params");
    params.innerHTML = "";
    if (!loaded) return;
    loaded.params.forEach(function (param) {
      var label = document.createElement("label");
      label.textContent = param.name;
      var input = document.createElement("input");
      input.name = param.name;
      input.value = param.default || "";
      input.placeholder = param.required ? "(required)" : "";
      input.title = param.help || "";
      label.appendChild(input);
      params.appendChild(label);
      if (param.type === "entity" && global.KgostSuggest) {
        var box = document.createElement("span");
        box.className = "suggest";
        label.replaceChild(box, input);
        box.appendChild(input);
        global.KgostSuggest.attach(input);
      }
    });
    editor.setValue(loaded.sparql);
  }

  function start() {
    /* Only the local autocompleter: the others ask prefix.cc and LOV on the web. (Set on the
       defaults: YASQE merges a config's list into them item by item.) */
    global.Yasqe.defaults.autocompleters = ["variables"];
    editor = new global.Yasqe($("editor"), {
      value: "PREFIX kgost: <https://w3id.org/kgost/ontology#>\n\nSELECT ?title ?performer\nWHERE {\n  ?song kgost:title ?title ; kgost:performer/kgost:name ?performer .\n}\nORDER BY ?title\n",
      showQueryButton: false, persistenceId: null, createShareableLink: null,
      resizeable: true, editorHeight: "260px",
      requestConfig: { endpoint: "/sparql", method: "POST" }
    });
    editor.setOption("extraKeys", Object.assign({}, editor.getOption("extraKeys"), {
      "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }
    }));
    $("run").addEventListener("click", run);
    $("examples").addEventListener("change", function (event) { choose(event.target.value); });
    fetch("/queries", { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (list) {
      examples = list;
      list.forEach(function (q) {
        var option = document.createElement("option");
        option.value = q.name;
        option.textContent = q.name + ": " + q.summary;
        $("examples").appendChild(option);
      });
      $("examples").dataset.loaded = String(list.length);
    });
  }

  global.KgostQuery = { start: start, run: run, pageOf: pageOf };
  document.addEventListener("DOMContentLoaded", start);
})(window);
