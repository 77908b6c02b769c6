"""Parse the body of a LaTeX tabular into rows of cells, with pylatexenc.

The walker splits the body at top-level ``&`` and ``\\\\`` (an ``&`` inside a group or
a nested environment stays in its cell); ``\\multicolumn`` and ``\\multirow`` give a cell
its spans and their last argument its text; rules (``\\hline``, ``\\midrule``...) mark
where the header ends.  Bold and underline are read from the cell's source, including
one-argument macros the paper defines in terms of them (``\\newcommand{\\best}[1]{\\textbf{#1}}``).
"""

from __future__ import annotations

import re
from functools import cache

from pylatexenc import macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as l2t_db
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
    get_default_latex_context_db,
)

from claimtab.quantities.cells import states_number

RULES = {"hline", "toprule", "midrule", "bottomrule", "cmidrule", "cline", "specialrule", "hhline",
         "Xhline", "thickhline", "midrule\\", "addlinespace", "hdashline", "cdashline", "Midrule"}
PARTIAL_RULES = {"cmidrule", "cline", "cdashline"}
_ROW_END = {"\\", "tabularnewline", "cr", "endhead", "endfirsthead", "endfoot", "endlastfoot"}
_PRE_RULE = re.compile(r"\\(cmidrule|cline|cdashline|hhline|specialrule)\s*(?:\([^)]*\))?\s*(?:\{[^{}]*\}\s*){0,3}")
BOLD_MACROS = ("textbf", "bf", "bfseries", "mathbf", "boldsymbol", "bm", "pmb", "best", "first", "bftab", "bfnum")
UNDERLINE_MACROS = ("underline", "uline", "ul", "uuline", "second", "secondbest")
_SPREAD = re.compile(r"^\s*([-+\u2212]?\s*\d[\d,]*(?:\.\d+)?|[-+]?\.\d+)\s*%?\s*(?:±|\+/-|\+-|∓)\s*(\d[\d,]*(?:\.\d+)?|\.\d+)")
_ROW_SKIP = re.compile(r"^\[\s*-?[\d.]+\s*(?:ex|em|pt|mm|cm|in|bp)\s*\]\s*")  # the "[0.5ex]" of a "\\\\[0.5ex]"


@cache
def _walker_db():
    db = get_default_latex_context_db()
    db.add_context_category("claimtab-tables", prepend=True, macros=[
        macrospec.MacroSpec("multicolumn", "{{{"),
        macrospec.MacroSpec("multirow", "[{[{[{"),
        macrospec.MacroSpec("makecell", "[{"),
        macrospec.MacroSpec("shortstack", "[{"),
        macrospec.MacroSpec("textcolor", "[{{"),
        macrospec.MacroSpec("cellcolor", "[{"),
        macrospec.MacroSpec("rowcolor", "[{"),
        macrospec.MacroSpec("color", "[{"),
        macrospec.MacroSpec("colorbox", "[{{"),
        macrospec.MacroSpec("resizebox", "*{{{"),
        macrospec.MacroSpec("scalebox", "{[{"),
        macrospec.MacroSpec("raisebox", "{[[{"),
        macrospec.MacroSpec("parbox", "[[[{{"),
        macrospec.MacroSpec("rotatebox", "[{{"),
        macrospec.MacroSpec("cite", "[[{"),
        macrospec.MacroSpec("citep", "[[{"),
        macrospec.MacroSpec("citet", "[[{"),
        macrospec.MacroSpec("tnote", "{"),
        macrospec.MacroSpec("footnotemark", "["),
        macrospec.MacroSpec("Xhline", "{"),
        macrospec.MacroSpec("specialrule", "{{{"),
        macrospec.MacroSpec("addlinespace", "["),
        macrospec.MacroSpec("arrayrulecolor", "[{"),
        macrospec.MacroSpec("noalign", "{"),
        macrospec.MacroSpec("setlength", "{{"),
        macrospec.MacroSpec("arraystretch", ""),
    ], environments=[
        # a tabular nested in a cell (a line break inside a header): its options are no text
        macrospec.EnvironmentSpec("tabular", "[{"),
        macrospec.EnvironmentSpec("tabular*", "{[{"),
        macrospec.EnvironmentSpec("array", "[{"),
    ])
    return db


def _keep_last(n, l2tobj):
    args = [a for a in (n.nodeargd.argnlist if n.nodeargd else []) if a is not None]
    return l2tobj.nodelist_to_text([args[-1]]) if args else ""


@cache
def _l2t() -> LatexNodes2Text:
    db = l2t_db()
    keep = ["multicolumn", "multirow", "makecell", "shortstack", "textcolor", "colorbox", "resizebox",
            "scalebox", "raisebox", "parbox", "rotatebox"]
    drop = ["cite", "citep", "citet", "ref", "label", "cellcolor", "rowcolor", "color", "tnote",
            "footnotemark", "vspace", "hspace", "rule", "includegraphics", "phantom", "hphantom",
            "vphantom", "toprule", "midrule", "bottomrule", "hline", "cmidrule", "cline", "Xhline",
            "specialrule", "addlinespace", "arrayrulecolor", "noalign", "setlength"]
    specs = [MacroTextSpec(m, simplify_repl=_keep_last) for m in keep]
    specs += [MacroTextSpec(m, discard=True) for m in drop]
    specs += [MacroTextSpec("\\", simplify_repl=" "), MacroTextSpec("newline", simplify_repl=" ")]
    db.add_context_category("claimtab-tables", prepend=True, macros=specs)
    return LatexNodes2Text(latex_context=db, math_mode="text", strict_latex_spaces=True)


def to_text(tex: str) -> str:
    """Plain text of a short LaTeX fragment (a cell, a caption) through latex2text."""
    try:
        nodes, _, _ = LatexWalker(tex, latex_context=_walker_db(), tolerant_parsing=True).get_latex_nodes()
        return " ".join(_l2t().nodelist_to_text(nodes).split())
    except (LatexWalkerError, IndexError, ValueError, RecursionError):
        return " ".join(tex.split())


def _int_arg(node, src: str) -> int:
    args = [a for a in node.nodeargd.argnlist if a is not None] if node.nodeargd else []
    if not args:
        return 1
    m = re.search(r"-?\d+", src[args[0].pos : args[0].pos + args[0].len])
    return abs(int(m.group())) if m else 1


def _cell(nodes: list, src: str, marks: tuple[re.Pattern, re.Pattern]) -> dict:
    colspan = rowspan = 1
    content = [n for n in nodes if not (isinstance(n, LatexCharsNode) and not n.chars.strip())]
    # \multicolumn{2}{c}{\multirow{2}{*}{X}}: unwrap span macros from the outside in
    while len(content) == 1 and isinstance(content[0], LatexMacroNode) and content[0].macroname in (
            "multicolumn", "multirow"):
        n = content[0]
        if n.macroname == "multicolumn":
            colspan = max(1, _int_arg(n, src))
        else:
            rowspan = max(1, _int_arg(n, src))
        args = [a for a in (n.nodeargd.argnlist if n.nodeargd else []) if a is not None]
        if not args:
            break
        last = args[-1]
        content = list(last.nodelist) if isinstance(last, LatexGroupNode) else [last]
        content = [c for c in content if not (isinstance(c, LatexCharsNode) and not c.chars.strip())]
    raw = src[nodes[0].pos : nodes[-1].pos + nodes[-1].len] if nodes else ""
    try:
        text = " ".join(_l2t().nodelist_to_text(content).split())
    except (IndexError, ValueError, AttributeError, RecursionError):
        text = " ".join(raw.split())
    text = _ROW_SKIP.sub("", text.replace("\u2212", "-"))
    cell = {"text": text, "colspan": colspan, "rowspan": rowspan,
            "bold": bool(marks[0].search(raw)), "underline": bool(marks[1].search(raw)),
            "cited": "\\cite" in raw}
    m = _SPREAD.match(text)
    if m:
        cell["spread"] = m.group(2)
    return cell


@cache
def _marks(bold_macros: frozenset[str], underline_macros: frozenset[str]) -> tuple[re.Pattern, re.Pattern]:
    def rx(names) -> re.Pattern:
        return re.compile(r"\\(?:" + "|".join(re.escape(m) for m in sorted(set(names))) + r")(?![A-Za-z])")

    return rx(BOLD_MACROS + tuple(bold_macros)), rx(UNDERLINE_MACROS + tuple(underline_macros))


def parse_tabular(body: str, bold_macros: frozenset[str] = frozenset(),
                  underline_macros: frozenset[str] = frozenset()) -> tuple[list[list[dict]], int]:
    """Rows of cell dicts (``text``, ``col``, ``colspan``, ``rowspan``, ``bold``,
    ``underline``, ``spread``) and how many leading rows form the header."""
    src = _PRE_RULE.sub(r"\\\1 ", body)
    try:
        nodes, _, _ = LatexWalker(src, latex_context=_walker_db(), tolerant_parsing=True).get_latex_nodes()
    except (LatexWalkerError, IndexError, ValueError, RecursionError):
        return [], 0
    marks = _marks(bold_macros, underline_macros)
    rows: list[list[dict]] = []
    rule_before: list[bool] = []
    cells: list[list] = [[]]
    pending_rule = False

    def end_row() -> None:
        nonlocal cells, pending_rule
        built = [_cell(c, src, marks) for c in cells]
        if any(c["text"] for c in built):
            col = 0
            for c in built:
                c["col"] = col
                col += c["colspan"]
            rows.append(built)
            rule_before.append(pending_rule)
            pending_rule = False
        cells = [[]]

    for n in nodes:
        if isinstance(n, LatexSpecialsNode) and n.specials_chars == "&":
            cells.append([])
        elif isinstance(n, LatexMacroNode) and n.macroname in _ROW_END:
            end_row()
        elif isinstance(n, LatexMacroNode) and n.macroname in RULES:
            # a full rule between two rows; \cmidrule / \cline underline a column group
            # inside a multi-level header and do not end it
            if rows and len(cells) == 1 and not _has_text(cells[0]) and n.macroname not in PARTIAL_RULES:
                pending_rule = True
        else:
            cells[-1].append(n)
    if any(cells):
        end_row()
    return rows, header_rows(rows, rule_before)


def _has_text(nodes: list) -> bool:
    return any(not (isinstance(n, LatexCharsNode) and not n.chars.strip()) for n in nodes)


def header_rows(rows: list[list[dict]], rule_before: list[bool]) -> int:
    """Rows above the first rule after the first row (at most four); without rules, the
    leading rows that are mostly not numbers.  Either way the header goes on through
    rows of two or more text cells that still precede the numbers ("Metric | mDice | mIoU"
    below a rule under "Dataset | Kvasir-SEG")."""
    if not rows:
        return 0
    k = 0
    for r in range(1, min(len(rows), 5)):
        if rule_before[r]:
            k = r if _mostly_text(rows[0]) else 0
            break
    else:
        while k < min(len(rows) - 1, 3) and _mostly_text(rows[k]):
            k += 1
    if k == 0:
        return 0
    # a row of numbers above the rule (a reference such as "Real data | 0.51 | 0.70") is body,
    # unless it repeats under each group of the row above ("Top-1 | Top-5" over "1% | 10% | 1% | 10%")
    k = next((j for j in range(1, k) if not _mostly_text(rows[j]) and not _sub_header(rows[j - 1], rows[j])), k)
    while k < min(len(rows) - 1, 4) and _sub_header(rows[k - 1], rows[k]):
        k += 1
    while (k < min(len(rows) - 1, 4) and _mostly_text(rows[k]) and sum(1 for c in rows[k] if c["text"]) >= 3
           and any(not _mostly_text(r) for r in rows[k + 1 : k + 3])):
        k += 1
    return k


def _sub_header(above: list[dict], row: list[dict]) -> bool:
    """A row with an empty label cell whose texts repeat under each spanning cell of the
    row above: the settings of a column group, even when they are numbers."""
    spans = [c["colspan"] for c in above if c["colspan"] > 1]
    texts = [c["text"] for c in row]
    if not spans or not row or row[0]["text"] or len(set(spans)) != 1:
        return False
    w = spans[0]
    vals = [x for x in texts if x]
    return len(vals) >= 2 * w and all(vals[i] == vals[i % w] for i in range(len(vals))) and len(set(vals[:w])) == w


_NO_VALUE = {"-", "–", "—", "--", "n/a", "N/A", "NA", "x", "✗", "/"}


def _mostly_text(row: list[dict]) -> bool:
    """Mostly words, not numbers; a dash or "n/a" stands for a missing number and is not
    counted ("DrQA | - | - | 29.8 | -" is a row of results)."""
    vals = [c["text"] for c in row[1:] if c["text"]] or [c["text"] for c in row if c["text"]]
    vals = [v for v in vals if v.strip() not in _NO_VALUE]
    if not vals:
        return True
    return sum(states_number(v) for v in vals) * 2 < len(vals)
