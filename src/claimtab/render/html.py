"""The claims table as one self-contained HTML page: papers with highlighted evidence, then a
sortable, filterable table of the rows.

``render_html(df, papers)`` never re-extracts: every row of ``df`` is rendered exactly once,
as exactly one ``<mark class="claim k-<kind>" data-row="<i>">`` element (``i`` is the row's
position in ``df``), and exactly once as a row of the table.

Where the evidence lies in the paper's text (``text[start:end] == row.text`` in its
``field``) the mark is placed there.  Spans that overlap are nested: marks that start at the
same place open longest first (ties: the earlier row outside), and a span that crosses the
end of an enclosing one is continued after it by ``<span class="claim-cont" data-cont="<i>">``
elements, so the HTML stays well formed and the row still has a single ``<mark>``; the text
of the mark plus that of its continuations is the row's ``text``.  Every highlight element
also carries ``data-rows``: the rows that cover it.  Rows whose evidence cannot be placed
(no paper text, as when ``df`` was read from a claims table; offsets that do not match) are
listed under their paper with their evidence text only.

The page has no external assets: inline CSS and a small inline script (sorting, filtering,
jumping between a mark and its table row).  Everything is built as strings, so a page for
thousands of papers renders in well under a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from typing import Any

from claimtab.quantities.cells import integer as _int
from claimtab.quantities.cells import missing as _missing
from claimtab.quantities.cells import number as _num
from claimtab.quantities.format import grouped as fmt_number
from claimtab.rules.kinds import registry

__all__ = ["render_html"]

_UNKNOWN = ("#f1f3f5", "#868e96")

# The table's rows are flex boxes of fixed-width cells with ``content-visibility: auto``: the
# browser then lays out only the rows on screen, so sorting 10,000 rows takes milliseconds
# (a real table layout of every cell took seconds).
_TABLE = (  # (column, header, numeric?, width in px)
    ("row", "#", True, 52),
    ("paper", "paper", False, 210),
    ("kind", "kind", False, 104),
    ("value", "value", True, 118),
    ("value_max", "value_max", True, 118),
    ("unit", "unit", False, 74),
    ("text", "evidence", False, 280),
    ("qualifier", "qualifier", False, 84),
    ("metric", "metric", False, 140),
    ("dataset", "dataset", False, 140),
    ("baseline", "baseline", False, 140),
    ("subject", "subject", False, 120),
    ("condition", "condition", False, 150),
    ("url", "url", False, 220),
    ("status", "status", False, 84),
    ("field", "field", False, 74),
    ("start", "start", True, 64),
    ("end", "end", True, 64),
)
_WRAP = frozenset({"metric", "dataset", "baseline", "subject", "condition"})
_TOOLTIP_FIELDS = ("qualifier", "metric", "dataset", "baseline", "subject", "condition")
_TEXT_FIELDS = ("title", "abstract")


# --------------------------------------------------------------------------- cells


try:  # pandas is a dependency, but keep this module importable on its own
    from pandas import NA as _NA
except ImportError:  # pragma: no cover
    _NA = object()



def _s(v: Any) -> str:
    """Cell as text: '' for missing values."""
    return "" if _missing(v) else str(v)




def _kind_class(kind: str) -> str:
    token = re.sub(r"[^a-z0-9_-]", "", kind.lower())
    return token or "unknown"


def _attr(s: str) -> str:
    return escape(s, quote=True)


# --------------------------------------------------------------------------- rows


class _Row:
    __slots__ = ("pos", "kind", "kcls", "value", "value_max", "cells", "text", "start", "end", "field", "paper_id",
                 "paper_title", "tip")

    def __init__(self, pos: int, rec: dict[str, Any]) -> None:
        self.pos = pos
        self.kind = _s(rec.get("kind"))
        self.kcls = _kind_class(self.kind)
        self.value = _num(rec.get("value"))
        self.value_max = _num(rec.get("value_max"))
        self.text = _s(rec.get("text"))
        self.start = _int(rec.get("start"))
        self.end = _int(rec.get("end"))
        self.field = _s(rec.get("field"))
        self.paper_id = _s(rec.get("paper_id"))
        self.paper_title = _s(rec.get("title"))
        self.cells = {name: _s(rec.get(name)) for name in (
            "unit", "qualifier", "metric", "dataset", "baseline", "subject", "condition", "url", "status")}
        self.tip = self._tooltip()

    def value_text(self) -> str:
        if self.value is None:
            return ""
        out = fmt_number(self.value)
        if self.value_max is not None and self.value_max != self.value:
            out += "–" + fmt_number(self.value_max)
        unit = self.cells["unit"]
        if unit:
            out += unit if unit in ("%", "x") else " " + unit
        return out

    def _tooltip(self) -> str:
        lines = [f"{self.kind or 'unknown kind'} (row {self.pos})"]
        value = self.value_text()
        if value:
            lines.append(f"value: {value}")
        elif self.cells["unit"]:
            lines.append(f"unit: {self.cells['unit']}")
        for name in _TOOLTIP_FIELDS:
            if self.cells[name] and not (name == "qualifier" and self.cells[name] == "exact"):
                lines.append(f"{name}: {self.cells[name]}")
        if self.cells["url"] or self.cells["status"]:
            url = self.cells["url"]
            status = self.cells["status"]
            lines.append("url: " + (f"{url} ({status})" if url and status else url or status))
        return "\n".join(lines)


def _records(df) -> list[dict[str, Any]]:
    if df is None:
        return []
    cols = list(df.columns)
    return [dict(zip(cols, values, strict=True)) for values in df.itertuples(index=False, name=None)]


# --------------------------------------------------------------------------- highlighting


def _open_tag(row: _Row, first: bool, covering: list[_Row]) -> str:
    rows = " ".join(str(r.pos) for r in covering)
    tip = "\n\n".join(r.tip for r in reversed(covering))
    if first:
        return (f'<mark class="claim k-{row.kcls}" id="m{row.pos}" data-row="{row.pos}" data-rows="{rows}" '
                f'title="{_attr(tip)}">')
    return f'<span class="claim-cont k-{row.kcls}" data-cont="{row.pos}" data-rows="{rows}" title="{_attr(tip)}">'


def highlight(text: str, rows: list[_Row]) -> str:
    """``text`` escaped, with one ``<mark>`` per row around ``text[row.start:row.end]``.

    Rows must have ``0 <= start < end <= len(text)``.  Overlaps nest; a row crossing the end
    of an enclosing one is continued by ``claim-cont`` spans (see the module docstring).
    """
    if not rows:
        return escape(text, quote=False)
    opens: dict[int, list[_Row]] = defaultdict(list)
    for r in rows:
        opens[r.start].append(r)
    bounds = sorted({r.start for r in rows} | {r.end for r in rows})
    out: list[str] = []
    stack: list[_Row] = []
    is_mark: dict[int, bool] = {}  # row pos -> its open element is the <mark> (else a continuation)
    cur = 0
    for p in bounds:
        if p > cur:
            out.append(escape(text[cur:p], quote=False))
            cur = p
        if stack and any(r.end == p for r in stack):
            lo = next(i for i, r in enumerate(stack) if r.end == p)
            for r in reversed(stack[lo:]):
                out.append("</mark>" if is_mark[r.pos] else "</span>")
            keep = sorted((r for r in stack[lo:] if r.end != p), key=lambda r: (-r.end, r.pos))
            del stack[lo:]
            for r in keep:
                stack.append(r)
                is_mark[r.pos] = False
                out.append(_open_tag(r, False, stack))
        for r in sorted(opens.get(p, ()), key=lambda r: (-r.end, r.pos)):
            stack.append(r)
            is_mark[r.pos] = True
            out.append(_open_tag(r, True, stack))
    out.append(escape(text[cur:], quote=False))
    return "".join(out)


# --------------------------------------------------------------------------- page parts


def _paper_text(paper: Any, name: str) -> str:
    if paper is None:
        return ""
    if isinstance(paper, dict):
        return _s(paper.get(name))
    return _s(getattr(paper, name, ""))


def _evidence_item(row: _Row, why: str) -> str:
    meta = [row.kind or "unknown"]
    if row.value_text():
        meta.append(row.value_text())
    where = row.field or "?"
    if row.start is not None and row.end is not None:
        where += f" [{row.start}:{row.end}]"
    meta.append(where)
    return (f'<li>{_open_tag(row, True, [row])}{escape(row.text, quote=False)}</mark>'
            f' <span class="ev-meta">{escape(" · ".join(meta), quote=False)}'
            f'{f" — {why}" if why else ""}</span></li>')


def _paper_section(k: int, pid: str, title: str, abstract: str, rows: list[_Row], has_text: bool) -> str:
    located: dict[str, list[_Row]] = {"title": [], "abstract": []}
    unplaced: list[tuple[_Row, str]] = []
    sources = {"title": title, "abstract": abstract}
    for r in rows:
        src = sources.get(r.field)
        if (src is not None and r.start is not None and r.end is not None and 0 <= r.start < r.end <= len(src)
                and src[r.start:r.end] == r.text):
            located[r.field].append(r)
        elif not has_text or (r.field == "abstract" and not abstract):
            unplaced.append((r, ""))
        else:
            unplaced.append((r, "not found at its offsets"))
    parts = [f'<section class="paper" id="p{k}">']
    if title:
        parts.append(f'<h2 class="ptitle">{highlight(title, located["title"])}</h2>')
    else:
        parts.append(f'<h2 class="ptitle untitled">{escape(pid or "(no id)", quote=False)}</h2>')
    n = len(rows)
    parts.append(f'<div class="pmeta"><span class="pid">{escape(pid, quote=False)}</span>'
                 f' · {n} claim{"" if n == 1 else "s"}</div>')
    if abstract:
        parts.append(f'<p class="abstract">{highlight(abstract, located["abstract"])}</p>')
    if unplaced:
        label = "Evidence" if not has_text else "Evidence not placed in the text"
        parts.append(f'<div class="evidence"><div class="ev-label">{label}</div><ul>')
        parts.extend(_evidence_item(r, why) for r, why in unplaced)
        parts.append("</ul></div>")
    parts.append("</section>")
    return "".join(parts)


def _table(rows: list[_Row], paper_anchor: dict[str, int], paper_titles: dict[str, str]) -> str:
    head = "".join(
        (f'<th class="num" data-col="{col}" data-type="num">' if num else f'<th data-col="{col}" data-type="str">')
        + f'<button type="button">{escape(label)}</button></th>'
        for col, label, num, _ in _TABLE
    )
    body: list[str] = []
    add = body.append
    cols = [t[0] for t in _TABLE]
    for r in rows:
        c = r.cells
        ptitle = paper_titles.get(r.paper_id) or r.paper_title or r.paper_id
        url = c["url"]
        url_html = (f'<a href="{_attr(url)}" rel="noopener noreferrer">{escape(url, quote=False)}</a>'
                    if url.startswith(("http://", "https://")) else escape(url, quote=False))
        v = "" if r.value is None else repr(r.value)
        vm = "" if r.value_max is None else repr(r.value_max)
        st = "" if r.start is None else str(r.start)
        en = "" if r.end is None else str(r.end)
        cell = {
            "row": f'<td class="num" data-v="{r.pos}"><a href="#m{r.pos}" class="jump">{r.pos}</a></td>',
            "paper": f'<td class="pcell"><a href="#p{paper_anchor.get(r.paper_id, 0)}" title="{_attr(r.paper_id)}">'
                     f'{escape(ptitle, quote=False)}</a></td>',
            "kind": f'<td><span class="badge k-{r.kcls}">{escape(r.kind, quote=False)}</span></td>',
            "value": f'<td class="num value" data-v="{v}">{fmt_number(r.value)}</td>',
            "value_max": f'<td class="num value_max" data-v="{vm}">{fmt_number(r.value_max)}</td>',
            "url": f'<td class="url" title="{_attr(url)}">{url_html}</td>',
            "text": f'<td class="ev">{escape(r.text, quote=False)}</td>',
            "field": f'<td>{escape(r.field, quote=False)}</td>',
            "start": f'<td class="num" data-v="{st}">{st}</td>',
            "end": f'<td class="num" data-v="{en}">{en}</td>',
        }
        add(f'<tr id="r{r.pos}" data-index="{r.pos}" data-kind="{_attr(r.kind)}">')
        for col in cols:
            html = cell.get(col)
            if html is None:
                cls = ' class="w"' if col in _WRAP else ""
                html = f"<td{cls}>{escape(c[col], quote=False)}</td>"
            add(html)
        add("</tr>")
    return (f'<div class="tablewrap"><table id="claims"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _kind_css() -> str:
    out = [f"#claims tr>:nth-child({i}){{width:{w}px}}" for i, (*_, w) in enumerate(_TABLE, 1)]
    kinds = registry()
    for kind, (bg, accent) in [(k, kinds[k].colour) for k in kinds.names] + [("unknown", _UNKNOWN)]:
        out.append(f".k-{kind}{{--bg:{bg};--ac:{accent}}}")
    return "".join(out)


_CSS = """
:root{--fg:#1f2328;--muted:#656d76;--line:#d8dee4;--panel:#f6f8fa;--bg:#fff;--ac:#868e96}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,"Noto Sans",sans-serif}
header.top{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);
padding:10px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px}
header.top h1{font-size:18px;margin:0;font-weight:650}
header.top .summary{color:var(--muted);font-size:13px}
header.top .summary a{color:inherit}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.legend li{display:inline-flex;align-items:center;gap:6px;font-size:12.5px;padding:2px 9px 2px 6px;
border:1px solid var(--line);border-radius:999px;background:#fff;cursor:pointer;user-select:none}
.legend li:hover{border-color:var(--ac)}
.legend .sw{width:12px;height:12px;border-radius:3px;background:var(--bg);border:2px solid var(--ac)}
.legend .n{color:var(--muted)}
.legend li.zero{opacity:.45}
.paper,mark.claim,#table,tbody tr{scroll-margin-top:130px}
main{max-width:1100px;margin:0 auto;padding:8px 24px 24px}
.paper{padding:18px 0 16px;border-bottom:1px solid var(--line);content-visibility:auto;contain-intrinsic-size:auto 320px}
.ptitle{font-size:17px;line-height:1.6;margin:0 0 2px;font-weight:650}
.ptitle.untitled{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:14px}
.pmeta{color:var(--muted);font-size:12.5px;margin-bottom:8px}
.pid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.abstract{margin:0;line-height:1.95;text-align:justify;hyphens:auto}
mark.claim,.claim-cont{background:var(--bg);color:inherit;border-bottom:2px solid var(--ac);padding:1px 1px 5px;
border-radius:2px;cursor:help;-webkit-box-decoration-break:clone;box-decoration-break:clone}
:is(mark.claim,.claim-cont) :is(mark.claim,.claim-cont){padding-bottom:2px;border-radius:0}
:is(mark.claim,.claim-cont) :is(mark.claim,.claim-cont) :is(mark.claim,.claim-cont){padding-bottom:0}
mark.claim:hover,.claim-cont:hover{outline:1px solid var(--ac)}
.flash{animation:flash 1.6s ease-out}
@keyframes flash{0%,40%{outline:3px solid #fab005;background-color:#fff3bf}100%{outline-color:transparent}}
.evidence{margin-top:8px;padding:8px 12px;background:var(--panel);border-radius:6px}
.ev-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;margin-bottom:2px}
.evidence ul{margin:0;padding-left:18px;line-height:2}
.ev-meta{color:var(--muted);font-size:12.5px}
section.table{max-width:none;padding:20px 24px 40px}
section.table h2{font-size:17px;margin:0 0 10px}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.controls input,.controls select{font:inherit;font-size:14px;padding:5px 9px;border:1px solid var(--line);
border-radius:6px;background:#fff}
.controls input{width:320px;max-width:100%}
.controls .count{color:var(--muted);font-size:13px}
.tablewrap{overflow:auto;max-height:80vh;border:1px solid var(--line);border-radius:6px}
#claims{display:block;font-size:13px;width:max-content;min-width:100%}
#claims thead{display:block;position:sticky;top:0;z-index:1;background:var(--panel)}
#claims tbody{display:block}
#claims tr{display:flex}
#claims tbody tr{content-visibility:auto;contain-intrinsic-size:auto 31px}
#claims tbody tr:nth-child(even){background:#fbfcfd}
#claims tbody tr:hover{background:#f1f8ff}
#claims tr[hidden]{display:none}
#claims th,#claims td{flex:none;display:block;border-bottom:1px solid var(--line);text-align:left}
#claims th{white-space:nowrap;padding:0}
#claims td{padding:5px 9px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#claims td.w,#claims td.ev{white-space:normal;overflow-wrap:anywhere}
#claims th.num button,#claims td.num{text-align:right;font-variant-numeric:tabular-nums}
th button{all:unset;display:block;padding:7px 9px;cursor:pointer;font-weight:600;width:100%;box-sizing:border-box}
th button:hover{background:#eaeef2}
th button:focus-visible{outline:2px solid #0969da;outline-offset:-2px}
th[aria-sort=ascending] button::after{content:" ▲";font-size:10px}
th[aria-sort=descending] button::after{content:" ▼";font-size:10px}
td.pcell a,td a.jump{color:inherit;text-decoration:none}
td.pcell a:hover,td a.jump:hover{text-decoration:underline}
td.url a{color:#0969da}
.badge{display:inline-block;padding:0 7px;border-radius:999px;background:var(--bg);
border:1px solid var(--ac);font-size:12px;white-space:nowrap}
.empty{color:var(--muted);padding:12px 0}
footer{color:var(--muted);font-size:12px;padding:0 24px 24px}
"""

_JS = r"""
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
"""


# --------------------------------------------------------------------------- page


def render_html(df, papers: dict[str, Any] | None = None, *, title: str = "claimtab claims") -> str:
    """One self-contained HTML page for the claims ``df`` and the ``papers`` they came from.

    ``papers`` maps paper id to a :class:`~claimtab.schema.Paper` (or a dict with ``title``
    and ``abstract``); when it is empty (``df`` was read from a claims table) each paper's
    rows are shown with their evidence text only (title claims are still placed in the
    title taken from the table).  Papers are shown in the order of ``papers``, then those
    only found in ``df``, in order of first appearance.
    """
    papers = papers or {}
    rows = [_Row(i, rec) for i, rec in enumerate(_records(df))]
    by_paper: dict[str, list[_Row]] = defaultdict(list)
    for r in rows:
        by_paper[r.paper_id].append(r)
    order = list(papers) + [pid for pid in by_paper if pid not in papers]

    sections: list[str] = []
    anchor: dict[str, int] = {}
    titles: dict[str, str] = {}
    for k, pid in enumerate(order):
        anchor[pid] = k
        paper = papers.get(pid)
        prows = by_paper.get(pid, [])
        if paper is not None:
            ptitle, abstract, has_text = _paper_text(paper, "title"), _paper_text(paper, "abstract"), True
        else:
            ptitle = next((r.paper_title for r in prows if r.paper_title), "")
            abstract, has_text = "", False
        titles[pid] = ptitle
        sections.append(_paper_section(k, pid, ptitle, abstract, prows, has_text))

    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.kind] += 1
    known = registry().names
    kinds = [k for k in known if counts.get(k)] + sorted(k for k in counts if k not in known)
    legend_kinds = list(known) + [k for k in kinds if k not in known]
    legend = "".join(
        f'<li class="k-{_kind_class(k)}{"" if counts.get(k) else " zero"}" data-kind="{_attr(k)}" title="show only {_attr(k or "unknown")} rows">'
        f'<span class="sw"></span>{escape(k or "unknown", quote=False)} <span class="n">{counts.get(k, 0)}</span></li>'
        for k in legend_kinds
    )
    options = '<option value="">all kinds</option>' + "".join(
        f'<option value="{_attr(k)}">{escape(k or "unknown", quote=False)} ({counts[k]})</option>' for k in kinds
    )
    n_rows, n_papers = len(rows), len(order)
    source_note = "" if papers else " · read from a claims table: evidence only"
    page_title = escape(title, quote=False)
    papers_html = "".join(sections) or '<p class="empty">No papers.</p>'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="claimtab">'
        f"<title>{page_title}</title>"
        f"<style>{_CSS}{_kind_css()}</style></head><body>"
        f'<header class="top"><h1>{page_title}</h1>'
        f'<span class="summary">{n_rows} claim{"" if n_rows == 1 else "s"} in {n_papers} '
        f'paper{"" if n_papers == 1 else "s"}{source_note} · <a href="#table">table</a></span>'
        f'<ul class="legend" aria-label="claim kinds">{legend}</ul></header>'
        f'<main id="papers">{papers_html}</main>'
        '<section class="table" id="table"><h2>Claims</h2>'
        '<div class="controls">'
        '<input id="filter" type="search" placeholder="Filter rows (all words must match)" '
        'aria-label="filter rows" autocomplete="off">'
        f'<select id="kind" aria-label="kind">{options}</select>'
        f'<span class="count" id="count">{n_rows} of {n_rows} rows</span></div>'
        f"{_table(rows, anchor, titles)}</section>"
        '<footer>Generated by claimtab. Hover a highlight for its normalized value and attributes; '
        "click it to find its row. Click a column header to sort.</footer>"
        f"<script>{_JS}</script></body></html>\n"
    )
