"""``claimtab check``: verify the numbers of a spreadsheet against the papers."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtab.cli.common import PROGRESS_MIN, check_output, err, fail, load_or_fail, progress


def read_sheet(path: str, sheet_name: str | None = None):
    """The sheet as a DataFrame of text cells, in the file's column order (see
    :func:`claimtab.check.run.read_sheet`)."""
    from claimtab.check.run import read_sheet as read

    return read(path, sheet_name)


Col = str | None


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
    paper_col: Annotated[Col, typer.Option("--paper-col", help="Sheet column with the paper id (or title).")] = None,
    title_col: Annotated[Col, typer.Option("--title-col", help="Sheet column with the paper title.")] = None,
    value_col: Annotated[
        list[str] | None,
        typer.Option("--value-col", help="Sheet column with the reported value; repeat it to name the value columns "
                     "of a wide sheet (one column per metric or dataset)."),
    ] = None,
    kind_col: Annotated[Col, typer.Option("--kind-col", help="Sheet column with the claim kind.")] = None,
    metric_col: Annotated[Col, typer.Option("--metric-col", help="Sheet column with the metric.")] = None,
    dataset_col: Annotated[Col, typer.Option("--dataset-col", help="Sheet column with the dataset.")] = None,
    baseline_col: Annotated[Col, typer.Option("--baseline-col", help="Sheet column with the baseline.")] = None,
    unit_col: Annotated[Col, typer.Option("--unit-col", help="Sheet column with the unit.")] = None,
    long: Annotated[
        bool, typer.Option("--long", help="Wide sheet: one report row per value (with the sheet's row and column) "
                           "instead of the sheet's shape.")
    ] = False,
    sheet_name: Annotated[Col, typer.Option("--sheet", help="XLSX: the worksheet to read (default: the first).")] = None,
    id_field: Annotated[Col, typer.Option("--id-field", help="PAPERS: column or key holding the paper id.")] = None,
    title_field: Annotated[Col, typer.Option("--title-field", help="PAPERS: column or key holding the title.")] = None,
    text_field: Annotated[Col, typer.Option("--text-field", help="PAPERS: column or key holding the abstract.")] = None,
    show_progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr for long sheets.")
    ] = True,
) -> None:
    """Check the numbers in SHEET against PAPERS: their classified claims, then every number their text writes.

    A long sheet has a value column (with paper, kind, metric, dataset ... beside it); a wide sheet has one row per paper and one column of numbers per metric or dataset, whose header is the context of its cells. Every value gets a status (confirmed, rounded, unit_mismatch, mismatch, ambiguous, not_found, or invalid when the cell holds no number), a source (claim: a claim the extractor classified; text: a number the text writes), the paper's value, its evidence and offsets. A paper that is not among PAPERS is not_found, with the nearest titles.

    Exit code 1 when a value is a mismatch or unit_mismatch, 2 on bad input.
    """
    papers = list(papers or []) + list(more or [])
    if not papers:
        fail("give the papers to check against: --papers PAPERS...")
    check_output(output)
    overrides = {
        "paper": paper_col, "title": title_col, "kind": kind_col, "metric": metric_col, "dataset": dataset_col,
        "baseline": baseline_col, "unit": unit_col,
    }
    _run(sheet, papers, output, overrides, list(value_col or []), long, sheet_name, show_progress,
         {"id_field": id_field, "title_field": title_field, "text_field": text_field})


def _run(sheet, papers, output, overrides, values, long, sheet_name, show_progress, fields) -> None:
    from claimtab.check.match import FLAGGED
    from claimtab.check.papers import PaperIndex
    from claimtab.check.report import summary_lines
    from claimtab.check.sheet import check_sheet, detect_columns
    from claimtab.errors import ClaimtabError
    from claimtab.io.writers import write_table

    try:
        table = read_sheet(sheet, sheet_name)
        cols = detect_columns(table.columns, overrides, sheet=table, values=values)
    except ClaimtabError as e:
        fail(f"{sheet}: {e}" if sheet not in str(e) else str(e))
    claims, paper_map, _problems = load_or_fail(papers, every_cell=True, **fields)
    index = PaperIndex(claims, paper_map)
    if not len(index):
        fail(f"no papers read from {', '.join(papers)}")
    total = len(table) * len(cols.checked())
    try:
        with progress(show_progress and total >= PROGRESS_MIN) as bar:
            task = bar.add_task("checking", total=total)
            report, results = check_sheet(table, cols, index, long=long,
                                          progress=lambda n: bar.update(task, completed=n))
        write_table(report, output)
    except ClaimtabError as e:
        fail(str(e))
    for line in summary_lines(results, len(index)):
        err.print(line, markup=False)
    if output and output != "-":
        err.print(f"report → {output}", markup=False)
    if any(r.outcome.status in FLAGGED for r in results):
        raise typer.Exit(1)
