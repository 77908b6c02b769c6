"""What every command shares: the error console, one-line failures, progress bars, loading
claims from papers or a claims table, and the options several commands take."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err = Console(stderr=True, highlight=False, soft_wrap=True)

# show a progress bar when an input has at least this many records
PROGRESS_MIN = 200

IdField = Annotated[str | None, typer.Option("--id-field", help="Column or key holding the paper id.")]
TitleField = Annotated[str | None, typer.Option("--title-field", help="Column or key holding the title.")]
TextField = Annotated[str | None, typer.Option("--text-field", help="Column or key holding the abstract text.")]
Output = Annotated[
    str | None,
    typer.Option("-o", "--output", help="Output file; the format comes from the extension "
                 "(.csv .tsv .jsonl .json .xlsx .parquet .md). Default: CSV on stdout."),
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]claimtab:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def say(message: str) -> None:
    err.print(message, markup=False)


def check_output(output: str | None) -> None:
    """Fail early, before any work, when the output file's extension names no format."""
    from claimtab.io.formats import FormatError, format_for

    if output and output != "-":
        try:
            format_for(output)
        except FormatError as e:
            fail(str(e))


def kind_list(value: str | None) -> list[str] | None:
    """The kinds of a ``--kinds a,b`` option, checked against the registry."""
    from claimtab.errors import ClaimtabError
    from claimtab.rules.kinds import registry

    if not value:
        return None
    try:
        known = registry().names
    except ClaimtabError as e:
        fail(str(e))
    kinds = [k.strip() for k in value.replace(";", ",").split(",") if k.strip()]
    bad = [k for k in kinds if k not in known]
    if bad:
        fail(f"unknown kind(s) {', '.join(bad)}; choose from: {', '.join(known)}")
    return kinds


def progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=not enabled, transient=False,
    )


def load_or_fail(inputs: list[str], *, id_field=None, title_field=None, text_field=None, strict: bool = False):
    """Claims and papers from the inputs (papers or an extracted claims table), the bad
    records reported on stderr; one-line errors, never a traceback. Returns
    ``(claims_frame, papers, problems)``."""
    from claimtab import api
    from claimtab.errors import ClaimtabError
    from claimtab.io.papers import InputProblem

    problems: list[InputProblem] = []
    try:
        claims, papers = api.load_claims(
            inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
            problems=problems,
        )
    except ClaimtabError as e:
        fail(str(e))
    except (ValueError, UnicodeDecodeError) as e:  # a table that is not a claims table after all
        fail(f"{', '.join(inputs)}: cannot read ({' '.join(str(e).split())})")
    for pr in problems:
        say(f"claimtab: {pr}")
    return claims, papers, problems
