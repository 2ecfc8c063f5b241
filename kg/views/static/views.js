/* accountability-kg views: draws the network embedded in the page as JSON.
 * All text from the sources is put into the page with textContent or as canvas labels, never as HTML,
 * so a name or quote containing markup is shown as text and cannot run. No network access is made. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kinds = data.kinds;
  var edgeKinds = data.edgeKinds;
  var container = document.getElementById("network");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function safeHref(href) {
    /* Links come from our own ids; still refuse anything that is not a relative .html path. */
    return typeof href === "string" && /^[A-Za-z0-9_./%-]+\.html$/.test(href) && href.indexOf("..//") < 0 ? href : null;
  }

  function webHref(href) {
    /* A source's own address is a link only when it is http(s): javascript:, data: and the rest stay text. */
    return typeof href === "string" && /^https?:\/\//i.test(href) ? href : null;
  }

  function citeSource(id) {
    /* A quote's source by its title, publisher and dates, linked to its address: every part set as text. */
    var c = (data.sources || {})[id];
    var cite = el("cite", null, "source");
    if (!c) { cite.textContent = id; return cite; }
    var href = webHref(c.link);
    var name = el(href ? "a" : "span", c.title, "source-title");
    if (href) { name.setAttribute("href", href); name.setAttribute("rel", "noopener noreferrer"); }
    name.setAttribute("title", id);
    cite.appendChild(name);
    var rest = [c.publisher, c.published ? "published " + c.published : "", c.retrieved ? "retrieved " + c.retrieved : ""];
    rest = rest.filter(function (x) { return x; });
    if (rest.length) { cite.appendChild(document.createTextNode(", " + rest.join(", "))); }
    if (c.url && !href) { cite.appendChild(el("span", " <" + c.url + ">", "source-url")); }
    return cite;
  }

  function sourceLines(ids) {
    /* A tooltip cannot hold a link: each source as a line of text, title, publisher and dates (the panel links). */
    return (ids || []).map(function (id) {
      var c = (data.sources || {})[id];
      if (!c) { return "source: " + id; }
      var rest = [c.publisher, c.published ? "published " + c.published : "", c.retrieved ? "retrieved " + c.retrieved : ""];
      return "source: " + [c.title].concat(rest.filter(function (x) { return x; })).join(", ") + (c.url ? " <" + c.url + ">" : "");
    });
  }

  function tooltip(lines) {
    var box = el("div", null, "kg-tip");
    lines.forEach(function (line, i) { if (line) { box.appendChild(el(i === 0 ? "strong" : "div", line)); } });
    return box;
  }

  function nodeRecord(n) {
    var k = kinds[n.kind] || kinds.organisation;
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, physics: false, shape: k.shape,
      color: { background: k.color, border: "#333", highlight: { background: k.color, border: "#000" } },
      font: { size: 16, color: "#222", strokeWidth: 3, strokeColor: "#fff" }, size: 14, borderWidth: 1,
      title: tooltip([n.label, k.label, n.info && n.info.date ? n.info.date : ""]),
    };
  }

  function edgeRecord(e, extra) {
    var k = edgeKinds[e.kind] || { color: "#999", dashes: false, label: e.kind };
    var rec = {
      id: e.id, from: e.from, to: e.to, arrows: "to", color: { color: k.color, highlight: "#000" },
      dashes: !!k.dashes, width: 1.2,
      /* criticism and praise between the same two nodes bend apart instead of overlapping */
      smooth: e.kind === "criticised" ? { type: "curvedCW", roundness: 0.15 } : e.kind === "praised" ? { type: "curvedCCW", roundness: 0.15 } : false,
      title: tooltip([k.label, e.label !== e.kind ? e.label : "", (e.themes || []).join(", "), e.date || "", e.quote ? "\u201c" + e.quote + "\u201d" : ""].concat(sourceLines(e.sources))),
    };
    if (extra) { Object.keys(extra).forEach(function (key) { rec[key] = extra[key]; }); }
    return rec;
  }

  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var nodes = new vis.DataSet(data.nodes.map(nodeRecord));
  var edges = new vis.DataSet(data.page === "accountability" || data.page === "leadership" ? [] : data.edges.map(function (e) { return edgeRecord(e); }));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false },
    layout: { improvedLayout: false },
    edges: { font: { size: 0 } },
  });

  /* Legend */
  var legendNodes = document.getElementById("legend-nodes");
  var usedKinds = {};
  data.nodes.forEach(function (n) { usedKinds[n.kind] = true; });
  Object.keys(kinds).forEach(function (k) {
    if (!usedKinds[k]) { return; }
    var li = el("li");
    var swatch = el("span", null, "swatch shape-" + kinds[k].shape);
    swatch.style.background = kinds[k].color;
    li.appendChild(swatch);
    li.appendChild(el("span", kinds[k].label));
    legendNodes.appendChild(li);
  });
  var legendEdges = document.getElementById("legend-edges");
  var usedEdges = {};
  data.edges.forEach(function (e) { usedEdges[e.kind] = true; });
  if (data.page === "leadership") {
    [["#d62828", "post with no recorded holder"], ["#2b9348", "new holder this period"]].forEach(function (m) {
      var li = el("li");
      var ring = el("span", null, "swatch ring");
      ring.style.borderColor = m[0];
      li.appendChild(ring);
      li.appendChild(el("span", m[1]));
      legendNodes.appendChild(li);
    });
  }
  (data.page === "accountability" ? ["criticised", "praised", "responded to"] : data.page === "leadership" ? ["holds", "holds (possible)", "post in"] : Object.keys(usedEdges)).forEach(function (k) {
    if (!edgeKinds[k]) { return; }
    var li = el("li");
    var line = el("span", null, "line" + (edgeKinds[k].dashes ? " dashed" : ""));
    line.style.borderColor = edgeKinds[k].color;
    li.appendChild(line);
    li.appendChild(el("span", edgeKinds[k].label));
    legendEdges.appendChild(li);
  });

  /* Details panel: built from text, never from HTML. */
  var details = document.getElementById("details");
  function showDetails(id) {
    var n = byId[id];
    if (!n) { return; }
    details.hidden = false;
    document.getElementById("details-name").textContent = n.label;
    var body = document.getElementById("details-body");
    body.replaceChildren();
    body.appendChild(el("p", (kinds[n.kind] || {}).label || n.kind, "kind"));
    var info = n.info || {};
    if (info.date) { body.appendChild(el("p", "Date: " + info.date)); }
    if (info.aliases && info.aliases.length) {
      body.appendChild(el("h3", "Also written as"));
      body.appendChild(el("p", info.aliases.join(" \u00b7 ")));
    }
    if (info.posts && info.posts.length) {
      body.appendChild(el("h3", "Posts"));
      var ul = el("ul");
      info.posts.forEach(function (p) { ul.appendChild(el("li", p.post + ": " + p.when)); });
      body.appendChild(ul);
    }
    if (info.quotes && info.quotes.length) {
      body.appendChild(el("h3", "Quotes"));
      info.quotes.forEach(function (q) {
        var block = el("blockquote", q.text);
        block.appendChild(citeSource(q.source));
        body.appendChild(block);
      });
    }
    var href = safeHref(n.link);
    if (href) {
      var a = el("a", "Open the page for " + n.label, "page-link");
      a.setAttribute("href", href);
      body.appendChild(a);
    }
  }
  network.on("click", function (params) { if (params.nodes.length) { showDetails(params.nodes[0]); } });
  network.on("doubleClick", function (params) {
    var n = params.nodes.length ? byId[params.nodes[0]] : null;
    var href = n ? safeHref(n.link) : null;
    if (href) { window.location.href = href; }
  });

  /* Search */
  var search = document.getElementById("search");
  var result = document.getElementById("search-result");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) { result.textContent = ""; network.unselectAll(); return; }
    var hits = data.nodes.filter(function (n) {
      var names = [n.label].concat((n.info && n.info.aliases) || []);
      return names.some(function (name) { return String(name).toLowerCase().indexOf(q) >= 0; }) && !(nodes.get(n.id) || {}).hidden;
    });
    result.textContent = hits.length + " found";
    network.selectNodes(hits.map(function (n) { return n.id; }));
    if (hits.length) {
      network.focus(hits[0].id, { scale: 1.0, animation: false });
      showDetails(hits[0].id);
    }
  });

  /* Leadership over time: the slider picks a period; holders are drawn certain (solid) or possible (dashed). */
  function showStep(index) {
    var step = data.steps[index];
    document.getElementById("date-label").textContent = step.label + " (" + step.earliest + " to " + step.latest + ")";
    var visible = {};
    step.bodies.forEach(function (b) { visible[b] = true; });
    var newEdges = [];
    var changed = {};
    (step.new_holders || []).forEach(function (p) { changed[p] = true; });
    Object.keys(step.holders).forEach(function (post) {
      visible[post] = true;
      step.holders[post].forEach(function (h, i) {
        if (!h[0]) { return; }
        visible[h[0]] = true;
        newEdges.push(edgeRecord({ id: post + "#" + i, from: h[0], to: post, kind: h[1] === "certain" ? "holds" : "holds (possible)", label: h[1] }, { width: h[1] === "certain" ? 3 : 1.5 }));
      });
    });
    /* static edges (post in, unit of); holders come from the step, so the layout-only holds edges are skipped */
    data.edges.forEach(function (e) { if (e.kind !== "holds" && visible[e.from] && visible[e.to]) { newEdges.push(edgeRecord(e)); } });
    nodes.update(data.nodes.map(function (n) {
      var vacant = step.holders[n.id] && !step.holders[n.id].some(function (h) { return h[0]; });
      var fresh = !!changed[n.id];
      return { id: n.id, hidden: !visible[n.id], borderWidth: fresh || vacant ? 4 : 1,
        color: { background: (kinds[n.kind] || kinds.organisation).color, border: vacant ? "#d62828" : fresh ? "#2b9348" : "#333" },
        shapeProperties: { borderDashes: vacant ? [6, 4] : false } };
    }));
    edges.clear();
    edges.add(newEdges);
    var list = document.getElementById("change-list");
    list.replaceChildren();
    (step.changes.length ? step.changes : ["no change"]).forEach(function (c) { list.appendChild(el("li", c)); });
    window.kgView.step = index;
  }

  /* Accountability: speech acts filtered by period and theme, aggregated into weighted edges. */
  function showActs() {
    var from = document.getElementById("from-year").value;
    var to = document.getElementById("to-year").value;
    var theme = document.getElementById("theme").value;
    var counts = {};
    data.acts.forEach(function (a) {
      if (a.latest < from + "-01-01" || a.earliest > to + "-12-31") { return; }
      if (theme && a.themes.indexOf(theme) < 0) { return; }
      var k = a.speaker + "\u0000" + a.target + "\u0000" + a.kind;
      counts[k] = counts[k] || { n: 0, acts: [] };
      counts[k].n += 1;
      counts[k].acts.push(a);
    });
    var visible = {};
    var list = Object.keys(counts).sort().map(function (k, i) {
      var parts = k.split("\u0000");
      visible[parts[0]] = visible[parts[1]] = true;
      var c = counts[k];
      return edgeRecord({ id: "a" + i, from: parts[0], to: parts[1], kind: parts[2], label: c.n + " \u00d7 " + parts[2],
        themes: [], quote: c.acts[0].quote, sources: [c.acts[0].source], date: "" }, { width: 1 + 2 * Math.log2(1 + c.n), value: c.n });
    });
    edges.clear();
    edges.add(list);
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !visible[n.id] }; }));
    window.kgView.shownActs = list.length;
  }

  window.kgView = { network: network, nodes: nodes, edges: edges, data: data, showDetails: showDetails };

  if (data.page === "leadership") {
    var slider = document.getElementById("date-slider");
    slider.addEventListener("input", function () { showStep(Number(slider.value)); });
    showStep(Number(slider.value));
  }
  if (data.page === "accountability") {
    var years = data.years;
    ["from-year", "to-year"].forEach(function (id, j) {
      var select = document.getElementById(id);
      years.forEach(function (y) { var o = el("option", y); o.value = y; select.appendChild(o); });
      select.value = j === 0 ? years[0] : years[years.length - 1];
      select.addEventListener("change", showActs);
    });
    var themeSelect = document.getElementById("theme");
    data.themes.forEach(function (t) { var o = el("option", t); o.value = t; themeSelect.appendChild(o); });
    themeSelect.addEventListener("change", showActs);
    showActs();
  }
  if (data.focus) { network.selectNodes([data.focus]); showDetails(data.focus); }
  network.once("afterDrawing", function () { window.kgView.drawn = true; document.body.dataset.drawn = "true"; });
  network.fit({ animation: false });
})();
