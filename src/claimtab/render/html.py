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

The page is made of ``templates/page.html.j2`` (Jinja2, autoescaping on), with
``static/page.css`` and ``static/page.js`` inlined: it has no external assets and works
offline.  This module prepares plain data for the template (rows, paper sections, the
legend); :mod:`claimtab.render.marks` writes the highlighted texts.  The same input gives
the same bytes.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from claimtab.quantities.cells import missing
from claimtab.quantities.format import grouped
from claimtab.render.marks import highlight, single_mark
from claimtab.render.rows import Row, kind_class, records
from claimtab.rules.kinds import registry

__all__ = ["render_html"]


# --------------------------------------------------------------------------- template


def _escape(value: Any) -> Any:
    """Every value the template writes, escaped as :func:`html.escape` does (``&quot;``,
    like the highlighted texts); values that are already markup pass as they are."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def _key(value: float | int | None) -> str:
    """A number as the table's sort key (``data-v``): exact, '' when missing."""
    return "" if value is None else repr(value)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimtab.render", "templates"),
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["grouped"] = grouped
    env.filters["key"] = _key
    return env


@cache
def _static(name: str, tag: str) -> Markup:
    """``static/<name>``, to be inlined in a ``<tag>`` element (so it must not close it)."""
    text = files("claimtab.render").joinpath("static", name).read_text(encoding="utf-8")
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ValueError(f"render/static/{name} would end its <{tag}> element early")
    return Markup(text.strip("\n"))


# --------------------------------------------------------------------------- papers


@dataclass(frozen=True)
class _Section:
    """One paper as the template shows it."""

    k: int
    pid: str
    title: Markup | None  # highlighted title (None: untitled)
    abstract: Markup | None  # highlighted abstract (None: no abstract)
    n: int
    has_text: bool
    unplaced: list[tuple[Markup, str, str]]  # (mark, "kind · value · where", why not placed)
    whole: bool = False  # a whole paper: the list holds its body, caption and table evidence


def _paper_text(paper: Any, name: str) -> str:
    value = paper.get(name) if isinstance(paper, dict) else getattr(paper, name, "")
    return "" if missing(value) else str(value)


def _placed(row: Row, sources: dict[str, str]) -> bool:
    src = sources.get(row.field)
    return (src is not None and row.start is not None and row.end is not None
            and 0 <= row.start < row.end <= len(src) and src[row.start:row.end] == row.text)


_FULL_TEXT = ("body", "caption", "table")
_OTHER_TEXT = ("comments", *_FULL_TEXT)  # fields whose rows are listed with their place, not highlighted


def _section(k: int, pid: str, title: str, abstract: str, rows: list[Row], has_text: bool,
             full: dict[str, str] | None = None) -> _Section:
    """One paper's section; ``full`` holds a whole paper's body, caption and table texts, whose
    rows are listed with their place (checked against those texts) below the abstract."""
    sources = {"title": title, "abstract": abstract}
    located: dict[str, list[Row]] = {"title": [], "abstract": []}
    unplaced: list[tuple[Markup, str, str]] = []
    for r in rows:
        if r.field in located and _placed(r, sources):
            located[r.field].append(r)
            continue
        if r.field in _OTHER_TEXT and full is not None and _placed(r, full):
            why = ""  # stated where it says: the comments, the body, a caption or a table
        else:
            why = "" if not has_text or (r.field == "abstract" and not abstract) else "not found at its offsets"
        meta = " · ".join(x for x in (r.kind or "unknown", r.value_text(), r.where()) if x)
        unplaced.append((single_mark(r), meta, why))
    return _Section(
        k=k, pid=pid, n=len(rows), has_text=has_text, unplaced=unplaced,
        whole=bool(full and any(full.get(f) for f in _FULL_TEXT)),
        title=highlight(title, located["title"]) if title else None,
        abstract=highlight(abstract, located["abstract"]) if abstract else None,
    )


def _sections(rows: list[Row], papers: dict[str, Any]) -> tuple[list[_Section], dict[str, tuple[int, str]]]:
    """The papers in the order of ``papers``, then those only found in the rows; and for each
    paper id its section number and the title to show in the table."""
    by_paper: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_paper[r.paper_id].append(r)
    order = list(papers) + [pid for pid in by_paper if pid not in papers]
    sections: list[_Section] = []
    where: dict[str, tuple[int, str]] = {}
    for k, pid in enumerate(order):
        paper, prows = papers.get(pid), by_paper.get(pid, [])
        if paper is not None:
            title, abstract = _paper_text(paper, "title"), _paper_text(paper, "abstract")
        else:  # from a claims table: the title is a column, there is no abstract
            title, abstract = next((r.paper_title for r in prows if r.paper_title), ""), ""
        where[pid] = (k, title)
        full = {f: _paper_text(paper, f) for f in _OTHER_TEXT} if paper is not None else None
        sections.append(_section(k, pid, title, abstract, prows, paper is not None, full))
    return sections, where


# --------------------------------------------------------------------------- kinds


def _kinds(rows: list[Row]) -> dict[str, list[dict[str, Any]]]:
    """The legend (every kind of the registry, then other kinds found), the kind filter's
    options (kinds found) and the colours of the kinds, all with their row counts."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.kind] += 1
    kinds = registry()
    known = kinds.names
    others = sorted(k for k in counts if k not in known)

    def entry(k: str) -> dict[str, Any]:
        return {"kind": k, "label": k or "unknown", "cls": kind_class(k), "count": counts.get(k, 0)}

    colours = [(k, kinds[k].colour) for k in known]  # unknown kinds: .k-unknown in page.css
    return {
        "legend": [entry(k) for k in (*known, *others)],
        "options": [entry(k) for k in known if counts.get(k)] + [entry(k) for k in others],
        "kind_colours": [{"cls": kind_class(k), "bg": bg, "ac": ac} for k, (bg, ac) in colours],
    }


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
    rows = [Row(i, rec) for i, rec in enumerate(records(df))]
    sections, where = _sections(rows, papers)
    table = [(r, where[r.paper_id][0], where[r.paper_id][1] or r.paper_title or r.paper_id) for r in rows]
    page = _environment().get_template("page.html.j2")
    return page.render(
        title=title,
        css=_static("page.css", "style"),
        js=_static("page.js", "script"),
        n_rows=len(rows),
        n_papers=len(sections),
        from_table=not papers,
        sections=sections,
        table=table,
        **_kinds(rows),
    )
