// Small progressive enhancements; every feature also works without JavaScript.
//  - facet filter boxes narrow their list while typing (Enter asks the server)
//  - dragging across the date histogram's bars filters by that range
//  - each facet list, the chart's bars and each hit's tags are one Tab stop, with the arrow
//    keys inside (a roving tabindex): a handful of stops from the search box to the results
//  - on a narrow screen the Filters button opens the facets in place, above the results
"use strict";

document.documentElement.classList.add("js");

var HELP_ID = "roving-help";

function visible(element) {
  return element.getClientRects().length > 0;
}

// One Tab stop per [data-roving] container: its current link has tabindex 0, the others -1.
// "line": every arrow key steps through the links; "grid": the links sit in rows (<li>):
// up and down change the row, left and right the link within it (a value and its "−").
function Roving(container) {
  this.container = container;
  this.grid = container.getAttribute("data-roving") === "grid";
  // Chromium makes an SVG element with focus listeners a Tab stop itself: listen on the
  // HTML element around the chart instead
  var listener = container instanceof SVGElement ? container.parentElement : container;
  listener.addEventListener("keydown", this.onKey.bind(this));
  listener.addEventListener("focusin", this.onFocus.bind(this));
  this.settle();
}

Roving.prototype.links = function () {
  return Array.prototype.slice.call(this.container.querySelectorAll("a[href]"));
};

Roving.prototype.shown = function () {
  return this.links().filter(visible);
};

// Exactly one link is tabbable: the current one while it is shown, else the first shown.
Roving.prototype.settle = function () {
  var all = this.links();
  var shown = all.filter(visible);
  var current = shown.filter(function (a) { return a.getAttribute("tabindex") === "0"; })[0];
  this.select(current || shown[0] || all[0]);
};

Roving.prototype.select = function (chosen) {
  this.links().forEach(function (a) {
    a.setAttribute("tabindex", a === chosen ? "0" : "-1");
    if (a === chosen) {
      a.setAttribute("aria-describedby", HELP_ID);
    } else {
      a.removeAttribute("aria-describedby");
    }
  });
};

Roving.prototype.owns = function (element) {
  return element.matches && element.matches("a[href]") && this.container.contains(element);
};

Roving.prototype.onFocus = function (event) {
  if (this.owns(event.target)) { this.select(event.target); }
};

Roving.prototype.rows = function () {
  var rows = [];
  this.shown().forEach(function (a) {
    var row = a.closest("li");
    var last = rows[rows.length - 1];
    if (last && last.row === row) { last.links.push(a); } else { rows.push({ row: row, links: [a] }); }
  });
  return rows;
};

Roving.prototype.target = function (key, from) {
  if (!this.grid) {
    var shown = this.shown();
    var at = shown.indexOf(from);
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[key];
    if (key === "Home") { return shown[0]; }
    if (key === "End") { return shown[shown.length - 1]; }
    return step ? shown[Math.min(shown.length - 1, Math.max(0, at + step))] : null;
  }
  var rows = this.rows();
  var r = rows.findIndex(function (row) { return row.links.indexOf(from) !== -1; });
  if (r === -1) { return null; }
  var c = rows[r].links.indexOf(from);
  var pick = function (row, column) { return row.links[Math.min(column, row.links.length - 1)]; };
  switch (key) {
    case "ArrowDown": return pick(rows[Math.min(rows.length - 1, r + 1)], c);
    case "ArrowUp": return pick(rows[Math.max(0, r - 1)], c);
    case "ArrowRight": return rows[r].links[Math.min(rows[r].links.length - 1, c + 1)];
    case "ArrowLeft": return rows[r].links[Math.max(0, c - 1)];
    case "Home": return rows[0].links[0];
    case "End": return rows[rows.length - 1].links[0];
    default: return null;
  }
};

Roving.prototype.onKey = function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
  if (!this.owns(event.target)) { return; }
  var next = this.target(event.key, event.target);
  if (!next) { return; }
  event.preventDefault();
  this.select(next);
  next.focus();
};

function rovingLists() {
  if (!document.getElementById(HELP_ID)) {
    var help = document.createElement("p");
    help.id = HELP_ID;
    help.hidden = true;
    help.textContent = "Arrow keys move between these links; Tab leaves them.";
    document.body.appendChild(help);
  }
  return Array.prototype.map.call(document.querySelectorAll("[data-roving]"), function (c) {
    return new Roving(c);
  });
}

function filterFacetLists(lists) {
  document.querySelectorAll("input[data-facet-filter]").forEach(function (input) {
    var section = input.closest(".facet");
    input.addEventListener("input", function () {
      var typed = input.value.trim().toLowerCase();
      var details = section.querySelector("details.more");
      if (details && typed) { details.open = true; }
      var shown = 0;
      section.querySelectorAll(".facet-values li").forEach(function (item) {
        var name = item.querySelector(".facet-value").textContent.toLowerCase();
        item.hidden = typed !== "" && name.indexOf(typed) === -1;
        if (!item.hidden) { shown += 1; }
      });
      var hint = section.querySelector("[data-facet-hint]");
      if (hint) { hint.hidden = typed === "" || shown > 0; }
      lists.forEach(function (list) { list.settle(); });
    });
  });
}

function dragHistogram() {
  var figure = document.querySelector("figure.histogram");
  if (!figure) { return; }
  var bars = Array.prototype.slice.call(figure.querySelectorAll(".bar"));
  var first = null;
  var last = null;
  var dragged = false;

  function barAt(event) {
    var hit = document.elementFromPoint(event.clientX, event.clientY);
    return hit && hit.closest ? hit.closest(".bar") : null;
  }
  function mark() {
    var lo = Math.min(first, last);
    var hi = Math.max(first, last);
    bars.forEach(function (bar, index) {
      bar.classList.toggle("selected", first !== null && index >= lo && index <= hi);
    });
  }
  figure.addEventListener("pointerdown", function (event) {
    var bar = barAt(event);
    if (!bar || event.button !== 0) { return; }
    first = last = bars.indexOf(bar);
    dragged = false;
    event.preventDefault();
    mark();
  });
  figure.addEventListener("pointermove", function (event) {
    if (first === null) { return; }
    var bar = barAt(event);
    if (bar && bars.indexOf(bar) !== last) {
      last = bars.indexOf(bar);
      dragged = true;
      mark();
    }
  });
  document.addEventListener("pointerup", function () {
    if (first === null) { return; }
    var lo = Math.min(first, last);
    var hi = Math.max(first, last);
    first = last = null;
    if (!dragged || lo === hi) { mark(); return; }
    var url = new URL(window.location.href);
    url.searchParams.set("from", bars[lo].getAttribute("data-from"));
    url.searchParams.set("to", bars[hi].getAttribute("data-to"));
    url.searchParams.delete("page");
    window.location.assign(url.toString());
  });
  figure.addEventListener("click", function (event) {
    if (dragged) { event.preventDefault(); dragged = false; }
  });
}

// Narrow screens: the Filters button (a link down to the facets without JavaScript) shows
// the facets right below itself, so they are in the page and the Tab order where they are
// seen; closing it, or a wider window, puts them back in the sidebar.
function filtersPanel(lists) {
  var toggle = document.querySelector(".filters-toggle");
  var panel = document.getElementById("filters");
  if (!toggle || !panel) { return; }
  var bar = toggle.closest(".filters-bar");
  var home = document.createComment(" the facets' place in the sidebar ");
  panel.parentNode.insertBefore(home, panel);
  var narrow = window.matchMedia("(max-width: 760px)");
  document.querySelectorAll(".to-filters").forEach(function (link) { link.hidden = true; });
  toggle.hidden = false;

  function show(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("open", open);
    if (open && narrow.matches) { bar.after(panel); } else { home.after(panel); }
    lists.forEach(function (list) { list.settle(); });
  }
  toggle.addEventListener("click", function () {
    show(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.querySelectorAll('a[href="#filters"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!narrow.matches) { return; }
      event.preventDefault();
      show(true);
      panel.focus();
    });
  });
  narrow.addEventListener("change", function () { if (!narrow.matches) { show(false); } });
  // a facet's filter box sent with Enter: back in its box, its list in view (the panel open)
  var typed = Array.prototype.filter.call(
    panel.querySelectorAll("input[data-facet-filter]"), function (box) { return box.value.trim(); })[0];
  if (typed) {
    if (narrow.matches) { show(true); }
    typed.focus();
  }
}

document.addEventListener("DOMContentLoaded", function () {
  var lists = rovingLists();
  filterFacetLists(lists);
  dragHistogram();
  filtersPanel(lists);
});
