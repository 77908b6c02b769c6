"""``claimtab table``: write views of the claims (long, papers, results, leaderboard) to a file.

INPUT is a claims table written by ``claimtab extract`` (any of its formats) or papers
(anything ``extract`` reads); see :func:`claimtab.api.load_claims`.  The views are derived
by :mod:`claimtab.views`.  An XLSX output gets one sheet per view by default.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimtab.cli.common import check_output, fail, load_or_fail, say, skipped

VIEW_NAMES = ("long", "papers", "results", "leaderboard", "all")
SHEETS = {"long": "claims", "papers": "papers", "results": "results", "leaderboard": "leaderboard"}


def _output_format(output: str | None) -> str:
    """The output's format from its extension (CSV on stdout); a bad extension fails."""
    from claimtab.errors import ClaimtabError
    from claimtab.io.formats import format_for

    if not output or output == "-":
        return "csv"
    try:
        return format_for(output)
    except ClaimtabError as e:
        fail(str(e))
    raise AssertionError("unreachable")


def _choose_view(view: str | None, fmt: str) -> str:
    """The view to write: ``view`` checked, or ``all`` for XLSX and ``long`` otherwise."""

    if view is None:
        return "all" if fmt == "xlsx" else "long"
    name = view.strip().lower()
    if name not in VIEW_NAMES:
        fail(f"unknown view '{view}'; choose from: {', '.join(VIEW_NAMES)}")
    if name == "all" and fmt != "xlsx":
        fail(
            f"--view all writes one sheet per view and needs an .xlsx output (not {fmt}); "
            "give -o FILE.xlsx or choose --view long, papers, results or leaderboard"
        )
    return name


def _write(df, view: str, output: str | None, fmt: str, papers=None) -> list[str]:
    """Write the chosen view(s) of ``df``; return the names of what was written. ``papers``
    (the papers read, when the input was papers) gives the papers view a row for each."""
    from claimtab.io.writers import write_table
    from claimtab.views import VIEWS

    views = dict(VIEWS)
    views["papers"] = lambda frame: VIEWS["papers"](frame, inputs=list((papers or {}).values()))
    long = views["long"](df)
    if view == "all":
        extra = {SHEETS[name]: views[name](df) for name in ("papers", "results", "leaderboard")}
        write_table(long, output, fmt, sheets=extra)
        return ["claims", *extra]
    if view == "long":
        write_table(long, output, fmt)
        return ["claims"]
    frame = views[view](df)
    write_table(frame, output, fmt, sheet_name=SHEETS[view])
    return [SHEETS[view]]


def command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="A claims table from 'claimtab extract', or papers "
            "(JSONL, JSON, CSV/TSV, a papers page .txt, '-' for stdin; whole papers: .tex, a source archive or "
            "folder, .pdf, .html)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="Output file; the format comes from the extension "
            "(.csv .tsv .jsonl .json .xlsx .parquet .md). Default: CSV on stdout.",
        ),
    ] = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view",
            help="long, papers, results (each paper's own best result per dataset, metric and method), "
            "leaderboard, or all (XLSX only: one sheet per view). Default: all for .xlsx, else long.",
        ),
    ] = None,
    id_field: Annotated[
        str | None, typer.Option("--id-field", help="Column or key holding the paper id.")
    ] = None,
    title_field: Annotated[
        str | None, typer.Option("--title-field", help="Column or key holding the title.")
    ] = None,
    text_field: Annotated[
        str | None, typer.Option("--text-field", help="Column or key holding the abstract text.")
    ] = None,
) -> None:
    """Write views of the claims: the long table, one row per paper, the papers' own results, or
    score leaderboards."""
    from claimtab.errors import ClaimtabError

    fmt = _output_format(output)
    chosen = _choose_view(view, fmt)
    check_output(output)
    df, read, problems = load_or_fail(inputs, id_field=id_field, title_field=title_field, text_field=text_field)
    try:
        written = _write(df, chosen, output, fmt, papers=read)
    except ClaimtabError as e:
        fail(str(e))
    n_papers = len(read) or (df["paper_id"].nunique(dropna=False) if len(df) else 0)
    target = f" → {output}" if output and output != "-" else ""
    say(f"{len(df)} claims from {n_papers} papers: {', '.join(written)}{target}" + skipped(problems))
    if problems:
        raise typer.Exit(1)
