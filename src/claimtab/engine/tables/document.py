"""One document in, claim rows out: table cells, captions and body sentences.

Table cells go through the table rules (:mod:`.cells`); captions and
body text go through claimtab's abstract extractor, with ``field`` set to ``caption`` /
``body``.  Every row is a dict whose keys are the claim table's columns followed by the
full-text extras (``best``, ``table``, ``row_label``, ``column``, ``spread``), and its
evidence points into ``doc.text_of(row["field"])``.
"""

from __future__ import annotations

import re

from claimtab.document import FIELDS, Document
from claimtab.engine.paper import claims_of_paper
from claimtab.model import Paper

from . import lexicon
from .cells import table_rows
from .naming import datasets_in, find_metric, paper_context

EXTRAS = ("best", "table", "row_label", "column", "spread", "own", "dataset_from")


def _context_dataset(doc: Document, field: str, start: int, fallback: str | None) -> str | None:
    """For a body score that names no dataset: the benchmark its section heading names
    ("Experiments on PASCAL VOC 2012"), else the only benchmark the abstract names."""
    if field == "body":
        sec = doc.section_at(start)
        found = datasets_in(sec.heading) if sec is not None else []
        if found:
            return found[0][0]
    return fallback


def _text_rows(doc: Document, fields: tuple[str, ...], method: str | None, fallback: str | None) -> list[dict]:
    """The rows the abstract extractor finds in the running text of ``fields`` (a caption is
    read as body text), made rows by the one conversion of :mod:`claimtab.engine.paper`."""
    ex = lexicon.extractor()
    found = []
    for field in fields:
        text = doc.text_of(field)
        if not text or (field == "title" and not ex.could_hold_claims(text)):
            continue
        got = ex.extract(text, "body" if field == "caption" else field)
        for f in got:
            f.field = field
        found.extend(got)
    paper = Paper(id=doc.id, title=doc.title, abstract=doc.abstract)
    out = []
    for c in claims_of_paper(paper, found, lexicon.rules()):
        row = {**c.row(), **dict.fromkeys(EXTRAS)}
        if method:
            row["method"] = method
        if row["kind"] in ("score", "delta") and not row["dataset"] and row["field"] in ("body", "caption"):
            ds = _context_dataset(doc, row["field"], row["start"], fallback)
            if ds:
                row.update(dataset=ds, dataset_canonical=lexicon.canonical(ds), dataset_from="context")
        out.append(row)
    return out


def extract_document(doc: Document, *, body: bool = True, captions: bool = True,
                     leaderboard: bool = True) -> list[dict]:
    """Claim rows of ``doc``: its title and abstract, its body and captions (through the
    abstract extractor) and its results tables.

    ``leaderboard=True`` (the default, what ``claimtab extract paper.tex`` gives) keeps
    what a leaderboard lists; ``leaderboard=False`` gives every numeric cell of every
    results table as a ``score`` row, and every score of the body and captions.

    Leaderboard mode reads the comparison tables of the main text (a baseline row, or a
    dataset paper's own benchmark; the average of a per-class breakdown) and keeps, of the
    paper's own ``score`` rows with a dataset and a metric, one per (dataset, metric,
    setting, column) and own model the table names (not an ablation variant): the cell
    the paper marks best, else the best value in the metric's direction.  Table cells
    without a dataset or metric, and score and delta rows of the body and captions
    (they restate or discuss tables) are left out; those of the title and abstract stay."""
    ctx = paper_context(doc)
    ctx.leaderboard = leaderboard
    method = doc.method_names[0] if doc.method_names else lexicon.paper_method(doc.title, doc.abstract)
    fields = ("title", "abstract", *(("body",) if body else ()), *(("caption",) if captions else ()))
    rows = _text_rows(doc, fields, method, ctx.abstract_dataset)
    for t in doc.tables:
        rows.extend(table_rows(doc, t, ctx))
    if method:
        for r in rows:
            r["method"] = r["method"] or method
    rows = leaderboard_rows(rows) if leaderboard else rows
    return sorted(rows, key=lambda r: (FIELDS.index(r["field"]), r["start"], r["end"]))


def lower_is_better(metric: str | None) -> bool:
    """The metric lexicon's direction for the metric a row names ("FID", "error": lower)."""
    name = find_metric(metric or "")
    if not name:
        return False
    entry = lexicon.metric_names().get(name.lower())
    if entry is None:
        m = re.search(r"[A-Za-z][\w@-]*", name)
        entry = lexicon.metric_names().get(m.group().lower()) if m else None
    return bool(entry and entry.better == "lower")


# how surely a rule ties a row to the paper's own method: the surest rows of a group win
OWN_STRENGTH = {"ours": 3, "name": 3, "abstract-name": 2, "column": 2, "continues": 2, "uncited": 1, "best-marks": 1,
                "benchmark-paper": 1}


# a row that changes the model by a part ("+ Voting", "w/o attention", "Views only") is an ablation
_ABLATION_LABEL = re.compile(r"(?i)(?:^\s*(?:\+|-|w/o?\b|with\b|without\b|no\b|only\b)|\bw/o\b|\bwithout\b|\bonly\b)")


def _variant(r: dict) -> bool:
    """A row that names one of the paper's own models ("FAST-T-512 (ours)", "Minerva 62B"),
    or a method a dataset paper ran on its benchmark: a leaderboard lists each of them,
    not only the best.  (Rows that differ in a setting, numeric ones included -- a
    model of another size, "#Params: 46M" -- are kept apart by their condition.)"""
    return r.get("own") in ("name", "ours", "benchmark-paper") and not _ABLATION_LABEL.search(r.get("row_label") or "")


def leaderboard_rows(rows: list[dict]) -> list[dict]:
    """Of the paper's own score rows with a dataset and a metric, the best one per
    (dataset, metric, setting, column) and per own model the table names; table rows
    without a dataset or a metric are left out; all other rows pass through."""
    groups: dict[tuple, list[dict]] = {}
    out = []
    for r in rows:
        if r["kind"] in ("score", "delta") and r["field"] in ("body", "caption"):
            continue  # running text restates or discusses table results; a leaderboard reads the tables
        if r["field"] == "table" and not (r["dataset"] and r["metric"]):
            continue  # a cell that names no benchmark or no metric has no place on a leaderboard
        if r["kind"] in ("score", "delta") and r["subject"] is None and r["dataset"] and r["metric"]:
            variant = r["row_label"] if _variant(r) else None
            groups.setdefault((r["paper_id"], r["dataset"], r["metric"], r["condition"], r.get("column"),
                               variant), []).append(r)
        else:
            out.append(r)
    for (_, _, metric, *_), members in groups.items():
        strength = max(OWN_STRENGTH.get(r.get("own"), 0) for r in members)
        members = [r for r in members if OWN_STRENGTH.get(r.get("own"), 0) == strength]
        marked = [r for r in members if r.get("best") == "bold"] or members
        pick = min if lower_is_better(metric) else max
        out.append(pick(marked, key=lambda r: r["value"]))
    return out
