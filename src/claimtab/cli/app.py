"""The ``claimtab`` command line: extract, evaluate, explain."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claimtab.model import KINDS

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn scientific papers into a tidy, traceable table of quantitative claims.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

PROGRESS_MIN = 200


def _version(value: bool) -> None:
    if value:
        from claimtab import __version__

        typer.echo(f"claimtab {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn scientific papers into a tidy, traceable table of quantitative claims."""  # show a progress bar when an input has at least this many records


def fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]claimtab:[/] {message}", markup=True)
    raise typer.Exit(code)


def check_output(output: str | None) -> None:
    """Fail early, before any work, when the output file's extension names no format."""
    from claimtab.io.tables import ExportError, format_for

    if output and output != "-":
        try:
            format_for(output)
        except ExportError as e:
            fail(str(e))


def load_or_fail(inputs: list[str], *, id_field=None, title_field=None, text_field=None, strict: bool = False):
    """Claims and papers from the inputs (papers or an extracted claims table), the bad
    records reported on stderr; one-line errors, never a traceback. Returns
    ``(claims_frame, papers, problems)``."""
    from claimtab import api
    from claimtab.io.papers import InputError, InputProblem
    from claimtab.io.tables import ExportError

    problems: list[InputProblem] = []
    try:
        claims, papers = api.load_claims(
            inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
            problems=problems,
        )
    except (InputError, ExportError) as e:
        fail(str(e))
    except (ValueError, UnicodeDecodeError) as e:  # a table that is not a claims table after all
        fail(f"{', '.join(inputs)}: cannot read ({' '.join(str(e).split())})")
    for pr in problems:
        err.print(f"claimtab: {pr}", markup=False)
    return claims, papers, problems


def _kinds(value: str | None) -> list[str] | None:
    if not value:
        return None
    kinds = [k.strip() for k in value.replace(";", ",").split(",") if k.strip()]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        fail(f"unknown kind(s) {', '.join(bad)}; choose from: {', '.join(KINDS)}")
    return kinds


def _progress(total: int | None, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled,
        transient=False,
    )


IdField = Annotated[str | None, typer.Option("--id-field", help="Column or key holding the paper id.")]
TitleField = Annotated[str | None, typer.Option("--title-field", help="Column or key holding the title.")]
TextField = Annotated[str | None, typer.Option("--text-field", help="Column or key holding the abstract text.")]


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="JSONL, JSON, CSV/TSV, a papers page (.txt) or '-' for stdin.")],
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Output file; the format comes from the extension "
                                 "(.csv .tsv .jsonl .json .xlsx .parquet .md). Default: CSV on stdout.")
    ] = None,
    kinds: Annotated[str | None, typer.Option("--kinds", help=f"Comma-separated kinds to keep ({', '.join(KINDS)}).")] = None,
    id_field: IdField = None,
    title_field: TitleField = None,
    text_field: TextField = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record instead of skipping it.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr for long inputs.")] = True,
) -> None:
    """Extract claims from papers into one table (one row per claim)."""
    from claimtab import api
    from claimtab.frame import claims_frame
    from claimtab.io.papers import InputError, InputProblem, count_records, read_papers
    from claimtab.io.tables import ExportError, write_table

    kind_list = _kinds(kinds)
    check_output(output)
    problems: list[InputProblem] = []
    total = 0
    for path in inputs:
        n = count_records(path) if path != "-" else None
        total = total + n if (n is not None and total is not None) else None
    nlp = api.load(kinds=kind_list)
    claims = []
    n_papers = 0
    # a bar for long inputs (or stdin, whose length is unknown); never for a handful of papers
    show = progress and (total is None or total >= PROGRESS_MIN)
    try:
        with _progress(total, bool(show)) as bar:
            task = bar.add_task("extracting", total=total)
            papers = read_papers(
                inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
                problems=problems,
            )

            def counted():
                nonlocal n_papers
                for p in papers:
                    n_papers += 1
                    bar.advance(task)
                    yield p

            claims = list(api.extract(counted(), nlp=nlp))
    except InputError as e:
        fail(str(e))
    for pr in problems:
        err.print(f"claimtab: {pr}", markup=False)
    try:
        write_table(claims_frame(claims), output)
    except ExportError as e:
        fail(str(e))
    err.print(
        f"{len(claims)} claims from {n_papers} papers" + (f" → {output}" if output and output != "-" else "")
        + (f"; {len(problems)} bad record(s) skipped" if problems else ""),
        markup=False,
    )
    if problems:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[str, typer.Argument(help="Gold corpus (JSONL, one paper per line with 'claims').")],
    errors: Annotated[int, typer.Option("--errors", help="List up to N misses (FN) and false alarms (FP).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    pred_out: Annotated[str | None, typer.Option("--save", help="Also write the predicted claims to this file.")] = None,
) -> None:
    """Run the pipeline on a gold corpus and score it as the claim spec's section 4 says."""
    from claimtab import api
    from claimtab.evaluate import format_report, group_claims, load_gold, score
    from claimtab.frame import claims_frame
    from claimtab.io.tables import ExportError, write_table

    if not Path(gold).is_file():
        fail(f"{gold}: no such file")
    try:
        gold_papers = load_gold(gold)
    except (ValueError, KeyError, UnicodeDecodeError) as e:
        fail(f"{gold}: cannot read the gold corpus ({e})")
    claims = list(api.extract(gold_papers.values()))
    rows = [c.model_dump() for c in claims]
    rep = score(gold_papers, group_claims(rows), errors)
    if pred_out:
        try:
            write_table(claims_frame(claims), pred_out)
        except ExportError as e:
            fail(str(e))
    if as_json:
        typer.echo(json.dumps(rep.to_dict()))
    else:
        typer.echo(format_report(rep))


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence (or '-' to read stdin).")],
) -> None:
    """Show each claim found in TEXT, the rule that produced it and what the normalizer made of it."""
    from claimtab.engine.extractor import Extractor

    if text == "-":
        text = sys.stdin.read()
    ex = Extractor()
    drafts = ex.extract(text)
    if not drafts:
        typer.echo("no claims")
    for d in drafts:
        fields = {
            k: v for k, v in {
                "value": d.value, "value_max": d.value_max, "unit": d.unit, "qualifier": d.qualifier,
                "metric": d.metric, "dataset": d.dataset, "baseline": d.baseline, "condition": d.condition,
                "url": d.url, "status": d.status,
            }.items() if v not in (None, "")
        }
        typer.echo(f"{d.kind:<10} {d.text!r} [{d.start}:{d.end}] rule={d.rule} " + json.dumps(fields, ensure_ascii=False))


from claimtab.cli import check as _check  # noqa: E402  (the commands use fail/err defined above)
from claimtab.cli import lint as _lint  # noqa: E402
from claimtab.cli import render as _render  # noqa: E402
from claimtab.cli import table as _table  # noqa: E402

for _name, _mod in (("table", _table), ("render", _render), ("check", _check), ("lint", _lint)):
    app.command(name=_name)(_mod.command)


def main() -> None:
    """Entry point: no traceback reaches the user (set CLAIMTAB_DEBUG=1 to see one)."""
    import os

    try:
        app()
    except KeyboardInterrupt:
        err.print("claimtab: interrupted", markup=False)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except ValueError as e:
        from claimtab.errors import PatternError

        if not isinstance(e, PatternError) or os.environ.get("CLAIMTAB_DEBUG"):
            raise
        err.print(f"claimtab: the rules in patterns/ are malformed: {e}", markup=False)
        sys.exit(2)
    except Exception as e:  # a bug: say so in one line, keep the details for debugging
        if os.environ.get("CLAIMTAB_DEBUG"):
            raise
        err.print(
            f"claimtab: internal error: {type(e).__name__}: {e} (set CLAIMTAB_DEBUG=1 for details)", markup=False
        )
        sys.exit(3)
