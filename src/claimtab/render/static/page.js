// The claims page's script, inlined into its script element (render/html.py):
// sorting and filtering the table, and jumping between a highlight and its row.
(function(){
  "use strict";
  var table = document.getElementById("claims");
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  rows.forEach(function(tr, i){ tr._i = i; });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  var state = {col: -1, dir: 1};

  function sortBy(ci){
    var th = heads[ci];
    var num = th.getAttribute("data-type") === "num";
    state.dir = (state.col === ci) ? -state.dir : 1;
    state.col = ci;
    var dir = state.dir;
    var keyed = rows.map(function(tr){
      var td = tr.cells[ci];
      var k;
      if (num) { var s = td.getAttribute("data-v"); k = (s === null || s === "") ? NaN : parseFloat(s); }
      else { k = td.textContent; }
      return {tr: tr, k: k};
    });
    keyed.sort(function(a, b){
      var c;
      if (num) {
        var an = isNaN(a.k), bn = isNaN(b.k);
        if (an || bn) { c = (an && bn) ? 0 : (an ? 1 : -1); return c || a.tr._i - b.tr._i; }
        c = (a.k - b.k) * dir;
      } else {
        var ae = a.k === "", be = b.k === "";
        if (ae || be) { c = (ae && be) ? 0 : (ae ? 1 : -1); return c || a.tr._i - b.tr._i; }
        c = collator.compare(a.k, b.k) * dir;
      }
      return c || a.tr._i - b.tr._i;
    });
    table.removeChild(tbody);  // reorder detached: one layout instead of one per row
    for (var i = 0; i < keyed.length; i++) tbody.appendChild(keyed[i].tr);
    table.appendChild(tbody);
    heads.forEach(function(h){ h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
  }
  heads.forEach(function(th, ci){
    th.querySelector("button").addEventListener("click", function(){ sortBy(ci); });
  });

  var q = document.getElementById("filter");
  var kindSel = document.getElementById("kind");
  var count = document.getElementById("count");
  var texts = null;
  function applyFilter(){
    if (!texts) texts = rows.map(function(tr){ return tr.textContent.toLowerCase(); });
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var kind = kindSel.value;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var tr = rows[i], t = texts[i], ok = !kind || tr.getAttribute("data-kind") === kind;
      for (var j = 0; ok && j < terms.length; j++) ok = t.indexOf(terms[j]) !== -1;
      if (ok) { shown++; if (tr.hidden) tr.hidden = false; } else if (!tr.hidden) tr.hidden = true;
    }
    count.textContent = shown + " of " + rows.length + " rows";
  }
  var timer = null;
  q.addEventListener("input", function(){ clearTimeout(timer); timer = setTimeout(applyFilter, 60); });
  kindSel.addEventListener("change", applyFilter);
  Array.prototype.forEach.call(document.querySelectorAll(".legend li[data-kind]"), function(li){
    li.addEventListener("click", function(){
      var k = li.getAttribute("data-kind");
      kindSel.value = (kindSel.value === k) ? "" : k;
      applyFilter();
      document.getElementById("table").scrollIntoView();
    });
  });

  function flash(el){
    if (!el) return;
    el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash");
    el.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", function(ev){
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var a = t.closest("a.jump");
    if (a) { ev.preventDefault(); flash(document.getElementById(a.getAttribute("href").slice(1))); return; }
    var m = t.closest("mark.claim,.claim-cont");
    if (m && !t.closest("#claims")) {
      var r = m.getAttribute("data-row") || m.getAttribute("data-cont");
      var tr = document.getElementById("r" + r);
      if (tr && !tr.hidden) flash(tr);
    }
  });
})();
