// Small progressive enhancements; every feature also works without JavaScript.
//  - facet filter boxes narrow their list while typing (Enter asks the server)
//  - dragging across the date histogram's bars filters by that range
"use strict";

function filterFacetLists() {
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
    });
  });
}

function dragHistogram() {
  var figure = document.querySelector("figure.histogram");
  if (!figure) { return; }
  var bars = Array.prototype.slice.call(figure.querySelectorAll("a.bar"));
  var first = null;
  var last = null;
  var dragged = false;

  function barAt(event) {
    var hit = document.elementFromPoint(event.clientX, event.clientY);
    return hit ? hit.closest("a.bar") : null;
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

document.addEventListener("DOMContentLoaded", function () {
  filterFacetLists();
  dragHistogram();
});
