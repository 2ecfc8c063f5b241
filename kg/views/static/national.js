/* The national page's filters: show the councils of a region and of a latest overall grade. Rows are static HTML;
 * this only sets their `hidden` attribute, so no text from the sources passes through script. Also loaded by the
 * council pages, which have nothing to filter. */
(function () {
  "use strict";
  var region = document.getElementById("region");
  var grade = document.getElementById("grade");
  var count = document.getElementById("shown-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#councils tbody tr"));

  function apply() {
    var r = region ? region.value : "";
    var g = grade ? grade.value : "";
    var shown = 0;
    rows.forEach(function (tr) {
      var show = (!r || tr.getAttribute("data-region") === r) && (!g || tr.getAttribute("data-latest") === g);
      tr.hidden = !show;
      if (show) { shown += 1; }
    });
    if (count) { count.textContent = String(shown); }
    return shown;
  }

  if (region) { region.addEventListener("change", apply); }
  if (grade) { grade.addEventListener("change", apply); }
  apply();
  /* Static pages are drawn once loaded: the same flag the network pages set when vis-network has drawn. */
  window.kgView = { drawn: true, data: { nodes: [] }, apply: apply, showDetails: function () {} };
})();
