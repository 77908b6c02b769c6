"""``claimtab check``: verify the numbers of a spreadsheet against the papers' claims."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtab.cli.common import check_output, err, fail, load_or_fail


def read_sheet(path: str, sheet_name: str | None = None):
    """The sheet as a DataFrame of text cells, in the file's column order.

    Read without interpretation (``exports.read_table`` would coerce a sheet that happens to
    have ``paper_id`` and ``kind`` columns into the claims schema and lose ``4.6x``).
    """
    import pandas as pd

    from claimtab.io.tables import read_table

    raw = read_table(path, sheet=sheet_name, raw=True)
    out = pd.DataFrame(index=raw.index)
    for name in raw.columns:
        out[str(name)] = pd.Series([_cell_text(v) for v in raw[name].tolist()], index=raw.index, dtype="string")
    return out


def _cell_text(v):
    import math

    if v is None:
        return None
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return repr(v)
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def command(
    sheet: Annotated[str, typer.Argument(help="The table to check: CSV, TSV, XLSX, JSONL, JSON, Parquet or Markdown.")],
    more: Annotated[
        list[str] | None, typer.Argument(help="More PAPERS (so that `--papers a.jsonl b.jsonl` works).", show_default=False)
    ] = None,
    papers: Annotated[
        list[str] | None,
        typer.Option("--papers", "-p", help="Papers (any input `extract` reads) or an extracted claims table; "
                     "several may follow, and the option may repeat."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Report file; format from the extension. Default: CSV on stdout.")
    ] = None,
    paper_col: Annotated[str | None, typer.Option("--paper-col", help="Sheet column with the paper id (or title).")] = None,
    title_col: Annotated[str | None, typer.Option("--title-col", help="Sheet column with the paper title.")] = None,
    value_col: Annotated[str | None, typer.Option("--value-col", help="Sheet column with the reported value.")] = None,
    kind_col: Annotated[str | None, typer.Option("--kind-col", help="Sheet column with the claim kind.")] = None,
    metric_col: Annotated[str | None, typer.Option("--metric-col", help="Sheet column with the metric.")] = None,
    dataset_col: Annotated[str | None, typer.Option("--dataset-col", help="Sheet column with the dataset.")] = None,
    baseline_col: Annotated[str | None, typer.Option("--baseline-col", help="Sheet column with the baseline.")] = None,
    unit_col: Annotated[str | None, typer.Option("--unit-col", help="Sheet column with the unit.")] = None,
    sheet_name: Annotated[str | None, typer.Option("--sheet", help="XLSX: the worksheet to read (default: the first).")] = None,
    id_field: Annotated[str | None, typer.Option("--id-field", help="PAPERS: column or key holding the paper id.")] = None,
    title_field: Annotated[str | None, typer.Option("--title-field", help="PAPERS: column or key holding the title.")] = None,
    text_field: Annotated[str | None, typer.Option("--text-field", help="PAPERS: column or key holding the abstract.")] = None,
) -> None:
    """Check the numbers in SHEET against the claims of PAPERS.

    Every row gets a status (confirmed, rounded, unit_mismatch, mismatch, ambiguous, not_found, or invalid when the value cell holds no number) with the paper's value, its text and offsets as evidence. A paper that is not among PAPERS is not_found; a title that matches several papers stops the run: give the id.

    Exit code 1 when a row is a mismatch or unit_mismatch, 2 on bad input.
    """
    from claimtab.check.match import FLAGGED
    from claimtab.check.papers import AmbiguousPaper, PaperIndex
    from claimtab.check.report import summary_lines
    from claimtab.check.sheet import check_sheet, detect_columns
    from claimtab.errors import ClaimtabError
    from claimtab.io.writers import write_table

    papers = list(papers or []) + list(more or [])
    if not papers:
        fail("give the papers to check against: --papers PAPERS...")
    check_output(output)
    try:
        table = read_sheet(sheet, sheet_name)
    except ClaimtabError as e:
        fail(str(e))
    overrides = {
        "paper": paper_col, "title": title_col, "value": value_col, "kind": kind_col, "metric": metric_col,
        "dataset": dataset_col, "baseline": baseline_col, "unit": unit_col,
    }
    try:
        cols = detect_columns(table.columns, overrides)
    except ValueError as e:
        fail(f"{sheet}: {e}")
    claims, paper_map, problems = load_or_fail(
        papers, id_field=id_field, title_field=title_field, text_field=text_field
    )
    index = PaperIndex(claims, paper_map)
    if not len(index):
        fail(f"no papers read from {', '.join(papers)}")
    try:
        report, results = check_sheet(table, cols, index)
    except AmbiguousPaper as e:
        fail(f"{sheet}: {e}")
    try:
        write_table(report, output)
    except ClaimtabError as e:
        fail(str(e))
    for line in summary_lines(results, len(index)):
        err.print(line, markup=False)
    if output and output != "-":
        err.print(f"report → {output}", markup=False)
    if any(r.outcome.status in FLAGGED for r in results):
        raise typer.Exit(1)
