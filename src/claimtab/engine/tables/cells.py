"""Results tables -> ``score`` claim rows.

The rules, in the order they apply to one table:

1. **Is it a results table?**  Its caption does not describe data statistics, settings
   or hyper-parameters, and it has a column of numbers.
2. **Label columns** are the leading columns whose body cells are mostly not numbers
   ("5-way", "10-shot" are words here).  The method column is the one headed "Method" /
   "Model" / "Approach", else the label column with the most distinct texts; the other
   label columns, and numeric columns headed by a non-metric ("#Params", "Time"...), are
   *settings*: they become the row's ``condition``.
3. **Metric per column**: the lowest header cell above the column that names a metric
   of the lexicon, or of its family ("Hits@3" beside the lexicon's "Hits@10"); a metric
   over a column group is named with the leaf ("Top-1-Verb value").  Some metrics are
   named by the shape of the header row: "R-1 | R-2 | R-L" are ROUGE, "P | R | F" are
   precision, recall and F-measure, "R-1 | R-5" ranks, three or six stripped "AP" leaves
   COCO's AP, AP50, AP75 (, APS, APM, APL).  An abbreviation leaf ("sAP", "CSIG", "mMR")
   is a metric; an "Avg" leaf closing a breakdown takes the caption's metric; other
   leaves beside metric columns are per-class breakdowns and left out.  A generic header
   metric ("test set error") yields to a specific one in the caption ("bits/char").
   Columns without a metric take the caption's; a column per benchmark takes the metric
   of the sentences that cite the table, else the abstract's.
4. **Dataset per column**: a benchmark-lexicon name in the column's header path; else a
   leaf beside leaves that are known benchmarks ("IIIT5k | SVT | CUTE"); else the top-most
   upper header cell spanning a group of columns that names no metric, setting or
   grouping word ("Market-1501" over "mAP | R-1", not "5-way", "Irregular" or "Protocol
   #1"), which under a caption naming one benchmark is a category of it ("FakeAVCeleb
   (RVFA)"); else a full-width group row above the row ("MovieLens-20M Dataset"); else
   the header of the label column ("MPI-INF-3DHP | PCK | AUC"), a name in the caption
   ("... on the X dataset", "X dataset ...", "on FakeAVCeleb.", "A → B" as "A-to-B"), in
   the section heading, in the table's ``\\label``, in the sentences that cite the
   table, or the one benchmark the abstract names.  Short names under a caption about
   several datasets are a column per dataset ("20NG | R8 | MR").  A benchmark setting in
   the header or the row ("5-way > 1-shot", "Hard") qualifies the name:
   "miniImageNet (5-way 1-shot)".
5. **Own rows** (:mod:`.naming`): the method cell says "ours" / "proposed", or names
   the paper's method (title before a colon, ``\\ours``-style macros, "we introduce X,
   a ...", coined names of the abstract and their hyphen siblings, the title's acronym,
   the body's most frequent coined name); a cell that cites a reference never does.
   Failing that, the row holding most bold cells, and in a table with cited rows, the
   rows that cite nothing.  "+ X" rows continue an own row above them.  In a dataset
   paper ("X: A New Benchmark ...") every row of a table on X is the paper's result.
   Own rows get ``subject`` None, every other row its method cell.  A table whose
   *header* names the paper's method is read transposed (one method per column).
6. **Every numeric cell** of a metric column is one row: ``value`` its leading number
   (each number of an ``a / b`` or ``a / b / c`` cell under an ``A/B`` or "ROUGE-1/2/L"
   header; under a single metric the parts are settings, ``column`` "AP [1 of 2]"),
   ``qualifier`` "average" for a ``mean ± spread`` cell, ``best`` "bold" / "underline"
   when the paper marks the cell, ``column`` the header path, ``row_label``, ``table``,
   and ``own`` / ``dataset_from`` saying which rule decided.

In leaderboard mode a table must be a comparison (a baseline row, or a dataset paper's
own benchmark) of the main text, and a per-class breakdown beside its average gives the
average only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtab.document import Cell, Document, Table
from claimtab.quantities.cells import cell_numbers, leads_with_number

from . import lexicon
from .naming import (
    _GENERIC_ROW,
    GENERIC_METRICS,
    NOT_DATASET,
    UNIT_NOISE,
    Context,
    canon_or,
    caption_datasets,
    datasets_in,
    find_metric,
    generic_metric,
    group_dataset,
    name_key,
    own_rule,
    uncited,
)

_NOT_RESULTS = re.compile(
    r"(?i)\b(?:statistics|hyper-?parameters?|notations?|symbols|dataset (?:summary|details|description|sizes?)|"
    r"number of (?:images|samples|examples|instances|sentences)|data splits?|configurations?|architecture of|"
    r"examples? of|list of|training details|implementation details)\b")
_RESULT_CUE = re.compile(r"(?i)\b(?:results?|comparison|compare|performance|accuracy|state[- ]of[- ]the[- ]art|"
                         r"evaluation|benchmark|score|error|ablation)\b")
_METHOD_HEAD = re.compile(r"(?i)^(?:methods?|models?|approach(?:es)?|systems?|algorithms?|networks?|name|baselines?)\b")
_SETTING_HEAD = re.compile(
    r"(?i)(?:#|\bparams?\b|parameters|\bflops\b|\bmacs\b|\btime\b|\bfps\b|speed|memory|\bsize\b|epochs?|\byear\b|"
    r"batch|layers?|\bdim|latency|gpus?|\bmem\b|throughput|iterations?|resolution|\bk\b|\bn\b|backbone|input)")
_AVERAGE = re.compile(r"(?i)^(?:avg|average|mean|overall|all|total)\b")
_TABLE_REF = "(?:Table|Tab\\.|Tables)\\s*{n}(?!\\d)"


@dataclass
class Column:
    index: int
    path: list[str]  # header texts above the column, top to bottom
    metric: str | None = None
    dataset: str | None = None
    setting: bool = False
    header_metric: bool = False
    header_dataset: bool = False
    dataset_from: str | None = None  # header, group, caption, section, reference, abstract


_ROUGE = re.compile(r"^(?:R|RG)-?(1|2|L|SU4|Lsum)$", re.I)


def _grid(row: list[Cell]) -> dict[int, Cell]:
    out: dict[int, Cell] = {}
    for c in row:
        for k in range(c.col, c.col + c.colspan):
            out[k] = c
    return out


def _columns(t: Table) -> tuple[list[Column], int]:
    """Columns with their header paths, and how many leading columns are labels."""
    width = max((c.col + c.colspan for r in t.rows for c in r), default=0)
    grids = [_grid(r) for r in t.header]
    body = [_grid(r) for r in t.body]
    cols = []
    for k in range(width):
        path = []
        for g in grids:
            c = g.get(k)
            if c is not None and c.text and (not path or path[-1] != c.text):
                path.append(c.text)
        cols.append(Column(k, path))
    nlabel = 0
    for k in range(width):
        vals = [g[k].text for g in body if k in g and g[k].text and g[k].text not in ("-", "–", "—")]
        if k == 0 and _is_index(vals):
            nlabel += 1  # a running row number ("1", "2", "3"...) before the labels
            continue
        if vals and sum(leads_with_number(v) for v in vals) * 2 > len(vals):
            break
        nlabel += 1
    return cols, max(1, nlabel) if width > 1 else 0


def _is_index(vals: list[str]) -> bool:
    return len(vals) >= 3 and all(v.isdigit() for v in vals) and [int(v) for v in vals] == list(
        range(int(vals[0]), int(vals[0]) + len(vals)))


def _assign(t: Table, cols: list[Column], nlabel: int, doc: Document, ctx: Context) -> None:
    header_ds = _header_datasets(t, cols, nlabel)
    corner = _corner_dataset(t, cols, nlabel)
    if corner:  # the header of the label column names the table's benchmark ("MPI-INF-3DHP | PCK | AUC")
        fallback, source = corner, "header"
    else:
        fallback, source = _fallback_dataset(t, doc, ctx)
    for col in cols[nlabel:]:
        leaf = col.path[-1] if col.path else ""
        for text in reversed(col.path):
            m = find_metric(text)
            if m:
                # a metric over a column group names it with the leaf: "Top-1-Verb" > "value"
                if text != leaf and leaf and not datasets_in(leaf) and not find_metric(leaf) and len(m) <= 30:
                    m = f"{m} {UNIT_NOISE.sub(' ', leaf).strip()}".strip()
                col.metric, col.header_metric = m, True
                break
        if not col.header_metric and _SETTING_HEAD.search(leaf):
            col.setting = True
        col.dataset = header_ds.get(col.index) or fallback
        col.header_dataset = col.index in header_ds
        col.dataset_from = "header" if col.header_dataset else source
    shaped = _shape_metrics(cols[nlabel:])
    for col in cols[nlabel:]:
        if col.index in shaped:
            col.metric, col.header_metric, col.setting = shaped[col.index], True, False
    cap_metric = find_metric(t.caption) if t.caption else None
    if cap_metric and not generic_metric(cap_metric) and _columns_are_datasets(t, cols[nlabel:]):
        for col in cols[nlabel:]:  # "Results ... on text classification datasets" over "20NG | R8 | R52 | MR"
            col.dataset, col.header_dataset, col.dataset_from = col.path[-1], True, "header"
            col.metric, col.header_metric, col.setting = cap_metric, False, False
    if cap_metric and cap_metric.lower() not in GENERIC_METRICS:
        for col in cols[nlabel:]:  # "test set error" under a caption "... error in bits/char": BPC
            if col.header_metric and col.metric and generic_metric(col.metric):
                col.metric = cap_metric
    # leaves beside a known benchmark are datasets too ("Cora | Texas | Wisconsin")
    sibling_datasets = any(c.path and lexicon.benchmark_lexicon().lookup(c.path[-1]) for c in cols[nlabel:])
    any_header = any(c.header_metric for c in cols[nlabel:])
    for col in cols[nlabel:]:
        if col.metric or col.setting:
            continue
        leaf = col.path[-1] if col.path else ""
        if _metric_like(leaf) and leaf != col.dataset:
            col.metric = UNIT_NOISE.sub(" ", leaf).strip()  # "sAP", "CSIG", "mMR": an abbreviation names a metric
        elif _AVERAGE.match(leaf) and any_header:  # "Avg" closing a breakdown: the caption's metric, averaged
            col.metric = cap_metric or _context_metric(t, doc) or leaf
        elif any_header:
            col.setting = True  # a breakdown column (per class, per length) beside metric columns
        elif cap_metric:
            col.metric = cap_metric
            leaf = col.path[-1] if col.path else ""
            if (sibling_datasets and not col.header_dataset and leaf and not NOT_DATASET.match(leaf)
                    and not _SETTING_HEAD.search(leaf) and not re.search(r"[#=%<>]", leaf)):
                col.dataset, col.header_dataset, col.dataset_from = leaf, True, "header"  # a column per dataset
        elif col.path and col.path[-1] != col.dataset:
            col.metric = UNIT_NOISE.sub(" ", col.path[-1]).strip() or None
            if _AVERAGE.match(leaf):  # "Dir. | Disc. | ... | Avg.": the average of the paper's metric
                col.metric = _context_metric(t, doc) or col.metric
        elif col.header_dataset:
            col.metric = _context_metric(t, doc)  # a column per benchmark: the metric the text gives the table


_ABBREV = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2}|.*[A-Z].*\d)[A-Za-z][A-Za-z&@.\-]{0,7}\d{0,3}(?:\.\d+)?$")
_PRF = {"P": "Precision", "R": "Recall", "F": "F-measure", "H": "F-measure", "F1": "F1", "Hmean": "F-measure",
        "F-score": "F-measure"}
_COCO_AP = {3: ("AP", "AP50", "AP75"), 6: ("AP", "AP50", "AP75", "APS", "APM", "APL")}
_RANK = re.compile(r"^(?:R-|Rank-?|r-)(\d{1,2})$")


def _metric_like(leaf: str) -> bool:
    """A short abbreviation with two capitals or a capital and a digit ("sAP", "CSIG",
    "mMR", "NoC@85", "EPE") names a metric even when the lexicon does not know it; a
    benchmark name, a setting or a plain word (a class: "Car", "person") does not."""
    leaf = UNIT_NOISE.sub(" ", leaf).strip()
    return (bool(_ABBREV.match(leaf)) and not _SETTING_HEAD.search(leaf) and not datasets_in(leaf)
            and not NOT_DATASET.match(leaf))


def _shape_metrics(cols: list[Column]) -> dict[int, str]:
    """Metrics named by the shape of a header row rather than by one cell (column index
    -> name): "R-1 | R-2 | R-L" are ROUGE; "P | R | F" are precision, recall and
    F-measure; "R-1 | R-5 | R-10" without an R-2 or R-L are ranks (re-identification);
    three or six "AP" leaves side by side are COCO's AP, AP50, AP75 (, APS, APM, APL)
    whose subscripts were lost."""
    leaves = [(c.index, c.path[-1].replace(" ", "")) for c in cols if c.path]
    out: dict[int, str] = {}
    rouge = [(k, _ROUGE.match(x)) for k, x in leaves]
    if sum(bool(m) for _, m in rouge) >= 2 and any(m and m.group(1).upper() in ("2", "L") for _, m in rouge):
        out.update({k: f"ROUGE-{m.group(1).upper()}" for k, m in rouge if m})
    else:
        ranks = [(k, _RANK.match(x)) for k, x in leaves]
        if sum(bool(m) for _, m in ranks) >= 2:
            out.update({k: f"Rank-{m.group(1)}" for k, m in ranks if m})
    prf = [(k, x) for k, x in leaves if x in _PRF and k not in out]
    names = {x for _, x in prf}
    if {"P", "R"} <= names or ({"P", "R"} & names and names & {"F", "H", "F1", "Hmean", "F-score"}):
        out.update({k: _PRF[x] for k, x in prf})
    run: list[int] = []
    for k, x in [*leaves, (-1, "")]:
        if x == "AP" and k not in out and (not run or k == run[-1] + 1):
            run.append(k)
            continue
        if len(run) in _COCO_AP:
            out.update(zip(run, _COCO_AP[len(run)], strict=True))
        run = [k] if x == "AP" and k not in out else []
    return out


def _header_datasets(t: Table, cols: list[Column], nlabel: int) -> dict[int, str]:
    """Per column: a benchmark name in its header path; else a header leaf beside leaves
    that are known benchmarks ("IIIT5k | SVT | CUTE"); else the top-most upper header cell
    spanning a group of the columns that names no metric, method or setting (a dataset
    over a column group: "Market-1501" over "mAP | R-1", not "5-way" or "Protocol #1").
    When the caption names one known benchmark, such groups are its categories and
    qualify it: "FakeAVCeleb (RVFA)"."""
    out: dict[int, str] = {}
    groups: set[int] = set()
    uppers = [_grid(r) for r in t.header[:-1]]
    lex = lexicon.benchmark_lexicon()
    leaves = {c.index: c.path[-1] for c in cols[nlabel:] if c.path}
    beside = any(lex.lookup(x) for x in leaves.values())
    for col in cols:
        for text in col.path:
            found = datasets_in(text)
            if found:
                out[col.index] = found[0][0]
                break
        else:
            leaf = leaves.get(col.index, "")
            if beside and _dataset_like(leaf):
                out[col.index] = leaf
                continue
            for g in uppers:
                c = g.get(col.index)
                if (c is not None and 1 < c.colspan < len(cols) - nlabel and c.text and _dataset_like(c.text)
                        and not _METHOD_HEAD.match(c.text)):
                    out[col.index] = c.text
                    groups.add(col.index)
                    break
    cap = caption_datasets(t.caption) if groups else []
    if len({canon_or(x, e) for x, e in cap}) == 1 and not any(datasets_in(out[k]) for k in groups):
        # the caption's one benchmark, split by category: "FakeAVCeleb" over "RVFA | FVRA-WL | AVG-FV"
        for k in groups:
            out[k] = f"{cap[0][0]} ({out[k]})"
    return out


def _dataset_like(text: str) -> bool:
    """Header text that may name a dataset: not a metric, a number, a setting or a word
    that starts a setting ("Test Unseen", "Avg.", "Protocol #1", "5-way")."""
    return bool(text) and not (find_metric(text) or leads_with_number(text) or NOT_DATASET.match(text) or
                               _SETTING_HEAD.search(text) or _BENCH_SETTING.match(text) or re.search(r"[#=<>]", text)
                               or _GROUP_WORDS.match(text))


_GROUP_WORDS = re.compile(r"(?i)^(?:regular|irregular|benchmarks?|datasets?|results?|performance|metrics?|methods?|"
                          r"in-domain|out-of-domain|zero-shot|few-shot|supervised|unsupervised|single|multi|ours|"
                          r"baselines?|number of \w+|time|speed)\b")


_CORNER_WORDS = re.compile(
    r"(?i)^(?:dataset|data|setting|type|category|task|backbone|architecture|encoder|decoder|language|domain|"
    r"input|training|variant|config(?:uration)?|loss|strategy|scheme|model size|size|method name|group|level|"
    r"source|target|metric|measure|split|modality|class|object|feature|module|component|year|venue|ref)s?\b")


def _corner_dataset(t: Table, cols: list[Column], nlabel: int) -> str | None:
    """A benchmark named in the header of the label column: a known name, or a coined
    name standing alone in the corner ("WikiLarge | SARI | FKGL")."""
    for c in cols[:nlabel]:
        for text in c.path:
            found = datasets_in(text)
            if found:
                return found[0][0]
    top = t.header[0][0].text.strip() if t.header and t.header[0] else ""
    if (re.fullmatch(r"[A-Z][A-Za-z]*[A-Z0-9][\w.+-]*", top) and _dataset_like(top) and not _METHOD_HEAD.match(top)
            and not _CORNER_WORDS.match(top) and not lexicon.is_common_model(top)):
        return top
    return None


def _fallback_dataset(t: Table, doc: Document, ctx: Context) -> tuple[str | None, str | None]:
    """A dataset for the whole table and where it was found."""
    for text, where in ((t.caption, "caption"), (t.section or "", "section")):
        found = caption_datasets(text) if where == "caption" else datasets_in(text)
        if found:
            return found[0][0], where
    for word in re.split(r"[:_\-./ ]+", t.label or "")[1:]:  # \label{tab:text8}
        ent = lexicon.benchmark_lexicon().lookup(word) if len(word) >= 4 else None
        if ent is not None:
            return ent.canonical, "label"
    body = doc.body
    rx = re.compile(_TABLE_REF.format(n=t.number))
    for m in rx.finditer(body):
        s = body.rfind(". ", 0, m.start()) + 1
        e = body.find(". ", m.end())
        found = datasets_in(body[s : e if e > 0 else len(body)])
        if found:
            return found[0][0], "reference"
    return ctx.abstract_dataset, "abstract" if ctx.abstract_dataset else None


_PLURAL_DATASETS = re.compile(r"(?i)\b(?:datasets|benchmarks|corpora|test sets|tasks)\b")


def _columns_are_datasets(t: Table, cols: list[Column]) -> bool:
    """A one-row header of short names under a caption that speaks of several datasets
    and names the metric: each column is a dataset ("20NG | R8 | R52 | Ohsumed | MR"),
    even where a name looks like a metric ("MR")."""
    if len(t.header) != 1 or len(cols) < 2 or not _PLURAL_DATASETS.search(t.caption):
        return False
    leaves = [c.path[-1] if c.path else "" for c in cols]
    if not all(x and len(x) <= 20 and not _SETTING_HEAD.search(x) and not NOT_DATASET.match(x) for x in leaves):
        return False
    metrics = [x for x in leaves if find_metric(x)]
    return len(metrics) <= 1 and all(re.fullmatch(r"[A-Z]{2,3}", x) for x in metrics)


def _context_metric(t: Table, doc: Document) -> str | None:
    """The metric of a table whose header names only benchmarks: the one the sentences
    citing the table name ("Table 2 reports word accuracy ..."), else the one the paper's
    other tables are most often headed by, else the one the abstract names most often."""
    body = doc.body
    for m in re.finditer(_TABLE_REF.format(n=t.number), body):
        s = body.rfind(". ", 0, m.start()) + 1
        e = body.find(". ", m.end())
        found = find_metric(body[s : e if e > 0 else len(body)])
        if found and found.lower() not in GENERIC_METRICS:
            return found
    counts: dict[str, int] = {}
    for other in doc.tables:  # the metric the paper's other tables are headed by ("PCK@0.1")
        for row in other.header:
            for c in row:
                found = find_metric(c.text) if other is not t and len(c.text) <= 30 else None
                if found and not generic_metric(found):
                    counts[found] = counts.get(found, 0) + 1
    if not counts:
        for sent in re.split(r"(?<=[.;])\s+", doc.abstract):
            found = find_metric(sent)
            if found and not generic_metric(found) and len(found) <= 30:
                counts[found] = counts.get(found, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _clean_label(text: str) -> str:
    return re.sub(r"[\s*†‡§¶#]+$|^[\s*†‡§¶#]+", "", re.sub(r"\s*\[[^\]]*\]|\s*\(\s*\d+\s*\)", "", text)).strip()


def _method_col(t: Table, cols: list[Column], nlabel: int) -> int:
    """The label column headed "Method" / "Model"..., else the one with the most distinct
    texts (a group column repeats itself or stays empty under a \\multirow)."""
    for col in cols[:nlabel]:
        if col.path and _METHOD_HEAD.match(col.path[-1]):
            return col.index
    best, most = 0, -1
    for col in cols[:nlabel]:
        if col.index == 0 and _is_index([g[0].text for g in map(_grid, t.body) if 0 in g and g[0].text]):
            continue
        distinct = len({g[col.index].text for g in map(_grid, t.body) if col.index in g and g[col.index].text})
        if distinct > most:
            best, most = col.index, distinct
    return best


def table_rows(doc: Document, t: Table, ctx: Context) -> list[dict]:
    """The ``score`` rows of one table (empty when it is not a results table)."""
    if not t.body or (t.caption and _NOT_RESULTS.search(t.caption) and not _RESULT_CUE.search(t.caption)):
        return []
    cols, nlabel = _columns(t)
    if nlabel >= len(cols):
        return []
    own_cols = _own_columns(t, cols, nlabel, ctx)
    if own_cols:
        return _transposed_rows(doc, t, cols, nlabel, own_cols, ctx)
    _assign(t, cols, nlabel, doc, ctx)
    mcol = _method_col(t, cols, nlabel)
    settings = [c for c in cols if c.index != mcol and (c.index < nlabel or c.setting)]
    scored = [c for c in cols[nlabel:] if not c.setting and c.metric]
    if ctx.leaderboard:
        scored = _averages_only(scored)
    grids = _body_grids(t)
    labels = [_clean_label(g[mcol].text) if mcol in g else "" for g in grids]
    owns = [own_rule(lab, g.get(mcol), ctx) for lab, g in zip(labels, grids, strict=True)]
    marks = [sum(1 for c in scored if c.index in g and g[c.index].col == c.index and g[c.index].bold)
             for g in grids]
    _own_by_marks(owns, marks, grids, mcol)
    if not any(owns) and any(not uncited(lab, g.get(mcol), ctx) for lab, g in zip(labels, grids, strict=True) if lab):
        # a comparison table naming no row as the paper's: the rows that cite nothing are its own
        for k, (lab, g) in enumerate(zip(labels, grids, strict=True)):
            if uncited(lab, g.get(mcol), ctx):
                owns[k] = "uncited"
    benchmark_paper = bool(ctx.benchmarks) and any(
        c.dataset and (name_key(c.dataset) in ctx.benchmarks or name_key(c.dataset.split(" (")[0]) in ctx.benchmarks)
        for c in scored)
    if benchmark_paper:  # a dataset paper's results on its own benchmark: it ran every row ("Tldr9+: A ... Resource")
        owns = [o or ("benchmark-paper" if lab and not _GENERIC_ROW.match(lab) else None)
                for o, lab in zip(owns, labels, strict=True)]
    elif ctx.leaderboard and (t.appendix or not any(o is None and lab for o, lab in zip(owns, labels, strict=True))):
        return []  # a leaderboard reads comparison tables (a baseline row) of the main text
    if ctx.leaderboard and t.appendix:
        return []
    for k in range(1, len(owns)):  # "+ X" rows extend the row above: "HoughNet", "+ Voting Module"
        if owns[k] is None and owns[k - 1] and re.match(r"^\s*(?:\+|w/(?!o))", labels[k]):
            owns[k] = "continues"
    out: list[dict] = []
    group: str | None = None
    for g, label, own in zip(grids, labels, owns, strict=True):
        cells = {id(c): c for c in g.values() if c.text}
        if len(cells) == 1 and not any(leads_with_number(c.text) for c in cells.values()) and len(g) > 1:
            group = group_dataset(next(iter(cells.values())).text)  # a full-width row heads a group
            continue
        lab_cell = g.get(mcol)
        cond = "; ".join(f"{(s.path[-1] + ': ') if s.path else ''}{g[s.index].text}" for s in settings
                         if s.index in g and g[s.index].text and g[s.index] is not lab_cell) or None
        for col in scored:
            cell = g.get(col.index)
            if cell is None or cell.col != col.index:
                continue
            vals = cell_numbers(cell.text)
            metrics = _split_metric(col.metric, len(vals))
            same = len(vals) > 1 and len(set(metrics)) == 1
            for k, ((v, s, e), metric) in enumerate(zip(vals, metrics, strict=False)):
                row = _row(doc, t, col, cell, v, s, e, metric, None if own else (label or "?"), label, cond)
                if same:  # "36.2 / 39.2" under "AP": two settings of one metric (single / multi-scale)
                    row["column"] += f" [{k + 1} of {len(vals)}]"
                if group and not col.header_dataset:
                    row["dataset"], row["dataset_canonical"] = group, lexicon.canonical(group)
                    row["dataset_from"] = "group"
                _qualify(row, [*col.path, *(g[c.index].text for c in settings if c.index in g)])
                row["own"] = own
                out.append(row)
    return out


BREAKDOWN_MIN = 4  # columns beside an average that make a per-class breakdown


def _averages_only(scored: list[Column]) -> list[Column]:
    """A per-class (per-action, per-domain) breakdown beside its average ("Dir. | Disc. |
    ... | Avg."): a leaderboard lists the average, so the breakdown columns are left out.
    A breakdown is at least BREAKDOWN_MIN columns under the same parent header whose
    leaves name no metric, beside a leaf "Avg." / "Mean" / "Overall"."""
    groups: dict[tuple, list[Column]] = {}
    for c in scored:
        groups.setdefault(tuple(c.path[:-1]), []).append(c)
    drop: set[int] = set()
    for members in groups.values():
        avg = [c for c in members if c.path and _AVERAGE.match(c.path[-1])]
        parts = [c for c in members if c not in avg and c.path and not find_metric(c.path[-1])]
        if avg and len(parts) >= BREAKDOWN_MIN:
            drop |= {c.index for c in parts}
    return [c for c in scored if c.index not in drop]


def _own_columns(t: Table, cols: list[Column], nlabel: int, ctx) -> set[int]:
    """Columns headed by the paper's own method ("Ours", its name): a table with one
    method per column, and no body row that names the paper's method."""
    if not t.header:
        return set()
    leaf = _grid(t.header[-1])
    own = {c.index for c in cols[nlabel:] if c.index in leaf and own_rule(leaf[c.index].text, leaf[c.index], ctx)}
    if not own:
        return set()
    if any(own_rule(_clean_label(r[0].text), r[0], ctx) for r in t.body if r):
        return set()
    return own


def _transposed_rows(doc: Document, t: Table, cols: list[Column], nlabel: int, own_cols: set[int], ctx) -> list[dict]:
    """Rows name metrics or datasets, columns name methods: every numeric cell is a row
    about the column's method (None for the paper's own columns)."""
    fallback, source = _fallback_dataset(t, doc, ctx)
    cap_metric = find_metric(t.caption) if t.caption else None
    upper = [_grid(r) for r in t.header[:-1]]
    out = []
    for g in _body_grids(t):
        label = " ".join(g[k].text for k in range(nlabel) if k in g and g[k].text)
        row_metric = find_metric(label)
        row_ds = datasets_in(label)
        for col in cols[nlabel:]:
            cell = g.get(col.index)
            if cell is None or cell.col != col.index:
                continue
            groups = [u[col.index].text for u in upper if col.index in u and u[col.index].colspan > 1]
            ds = next((d[0][0] for d in map(datasets_in, groups) if d), None)
            col.dataset = ds or (row_ds[0][0] if row_ds else None) or fallback
            col.dataset_from = "header" if ds else ("row" if row_ds else source)
            metric = row_metric or cap_metric or (label if not row_ds else None)
            method = col.path[-1] if col.path else ""
            for v, s, e in cell_numbers(cell.text):
                row = _row(doc, t, col, cell, v, s, e, metric, None if col.index in own_cols else (method or "?"),
                           label, None)
                row["own"] = "column" if col.index in own_cols else None
                out.append(row)
    return out


_BENCH_SETTING = re.compile(
    r"(?i)^(?:\d+[- ]?(?:way|shot)s?(?:[ ,]+\d+[- ]?(?:way|shot)s?)?|easy|moderate|medium|hard|"
    r"\d+(?:\.\d+)?\s*%\s*(?:labels?|labeled(?: data)?|of labels)?)$")


def _qualify(row: dict, texts: list[str]) -> None:
    """A setting that makes a benchmark a leaderboard of its own ("5-way > 1-shot", a
    difficulty "Easy" / "Hard", "1% labels") is part of the dataset's name:
    "miniImageNet (5-way 1-shot)"; the canonical name stays the benchmark's."""
    parts = [x.strip() for x in texts if x and _BENCH_SETTING.match(x.strip())]
    if parts and row["dataset"]:
        row["dataset"] = f"{row['dataset']} ({' '.join(dict.fromkeys(parts))})"


def _body_grids(t: Table) -> list[dict[int, Cell]]:
    """Body rows as column -> cell maps; a ``\\multirow`` cell covers the empty cells below it."""
    out = []
    above: dict[int, tuple[Cell, int]] = {}
    for row in t.body:
        g = _grid(row)
        for k, c in list(g.items()):
            if c.rowspan > 1:
                above[k] = (c, c.rowspan - 1)
            elif not c.text and k in above and above[k][1] > 0:
                g[k] = above[k][0]
                above[k] = (above[k][0], above[k][1] - 1)
        out.append(g)
    return out


def _own_by_marks(owns: list[str | None], marks: list[int], grids, mcol: int) -> None:
    """With no row named as the paper's own, the row that holds most of the bold (best)
    cells is, when it holds at least two and no other row holds as many and its label
    cites nothing: a paper marks its own results as the best."""
    if any(owns) or not marks:
        return
    top = max(marks)
    if top >= 2 and marks.count(top) == 1:
        k = marks.index(top)
        cell = grids[k].get(mcol)
        if cell is not None and cell.text and not cell.cited:
            owns[k] = "best-marks"


def _split_metric(metric: str, n: int) -> list[str]:
    """The metric of each number of an ``a / b`` cell: "PSNR/SSIM" -> PSNR, SSIM; a
    family written once ("ROUGE-1/2/L", "Hits@1/10") repeats its stem: ROUGE-1, ROUGE-2,
    ROUGE-L."""
    parts = [p.strip() for p in metric.split("/")]
    if n <= 1 or len(parts) != n:
        return [metric] * n
    stem = re.match(r"^(.*[A-Za-z][-@])[\dA-Z]{1,3}$", parts[0])
    if stem:
        parts = [parts[0], *(stem.group(1) + p if re.fullmatch(r"[\dA-Z]{1,3}", p) else p for p in parts[1:])]
    return parts


def _row(doc, t, col, cell, v, s, e, metric, subject, label, cond) -> dict:
    unit = "%" if "%" in cell.text or any("%" in p for p in col.path) else ""
    text, start, end = cell.text[s:e], cell.start + s, cell.start + e
    qual = "exact"
    if cell.spread is not None:
        text, start, end, qual = cell.text, cell.start, cell.end, "average"
    return {
        "paper_id": doc.id, "title": doc.title, "method": doc.method_names[0] if doc.method_names else None,
        "kind": "score", "value": v, "value_max": None, "unit": unit, "qualifier": qual, "metric": metric,
        "dataset": col.dataset, "dataset_canonical": lexicon.canonical(col.dataset), "baseline": None,
        "subject": subject, "condition": cond, "url": None, "status": None, "text": text, "start": start,
        "end": end, "field": "table", "best": "bold" if cell.bold else ("underline" if cell.underline else None),
        "table": t.name, "row_label": label, "column": " > ".join(col.path), "spread": cell.spread,
        "dataset_from": col.dataset_from if col.dataset else None, "rule": "table",
    }
