"""What every command shares: the error console, one-line failures, progress bars, loading
claims from papers or a claims table, and the options several commands take."""

from __future__ import annotations

import re
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(message: str) -> str:
    """A message safe for a terminal: control characters (an escape sequence hidden in a
    column name, a carriage return) and bidi overrides shown as escapes, not obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
                        str(message))


def fail(message: str, code: int = 2) -> NoReturn:
    err.print("[bold red]claimtab:[/] " + escape(printable(message)), markup=True, highlight=False)
    raise typer.Exit(code)


def say(message: str) -> None:
    err.print(printable(message), markup=False)


# the parameters of a command that name files it reads (-o must not name one of them)
_INPUT_PARAMS = ("inputs", "sheet", "papers", "more", "gold", "texts")


def click_modules() -> list:
    """The click package Typer runs on: its own copy (``typer._click``, Typer 0.22 and
    later) and/or ``click`` itself."""
    import importlib

    found = []
    for name in ("typer._click", "click"):
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            continue
    return found


def _current_context():
    import importlib

    for mod in click_modules():
        try:
            get = importlib.import_module(mod.__name__ + ".globals").get_current_context
        except (ImportError, AttributeError):
            continue
        ctx = get(silent=True)
        if ctx is not None:
            return ctx
    return None


def _command_inputs() -> list[str]:
    """The files the running command reads, from its parameters."""
    ctx = _current_context()
    found: list[str] = []
    for name in _INPUT_PARAMS:
        value = ctx.params.get(name) if ctx is not None else None
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list | tuple):
            found.extend(str(v) for v in value)
    return found


def check_output(output: str | None, *, table: bool = True) -> None:
    """Fail early, before any work, when the output cannot be written: its extension names
    no format (a ``table``), it is a folder, read-only, in a folder that cannot be made (or,
    for a page, that does not exist), or one of the command's own inputs."""
    from claimtab.errors import ClaimtabError
    from claimtab.io.formats import format_for
    from claimtab.io.writers import check_target

    if output and output != "-":
        try:
            if table:
                format_for(output)
            check_target(output, _command_inputs(), make_folders=table)
        except ClaimtabError as e:
            fail(str(e))


class Problems(list):
    """The problems of a run, each printed on stderr (one line) as it is found."""

    def append(self, problem) -> None:  # type: ignore[override]
        super().append(problem)
        say(f"claimtab: {problem}")


def check_inputs(
    inputs: list[str], problems: Problems, *, strict: bool = False, id_field=None, title_field=None, text_field=None,
    tables: bool = False,
) -> list[str]:
    """The inputs that can be read; each that cannot (missing, a folder, no permission, not
    UTF-8 text, a table without an abstract column) is reported now, before any work.
    Fails (exit 2) when none is left, or at the first with ``strict``."""
    from claimtab.io.papers import InputProblem, check_input

    readable, bad = [], []
    for item in inputs:
        why = check_input(item, id_field=id_field, title_field=title_field, text_field=text_field, tables=tables)
        if why is None:
            readable.append(item)
        elif strict:
            fail(why)
        else:
            bad.append(why)
    if not readable:
        fail("; ".join(bad) if bad else "no input given")
    for why in bad:
        name, _, rest = why.partition(": ")
        problems.append(InputProblem(name, None, f"{rest}; skipped"))
    return readable


def skipped(problems: list) -> str:
    """The end of a summary line: how many records (or inputs) were skipped."""
    return f"; {len(problems)} bad record(s) skipped" if problems else ""


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


def load_or_fail(inputs: list[str], *, id_field=None, title_field=None, text_field=None, strict: bool = False,
                 every_cell: bool = False):
    """Claims and papers from the inputs (papers or an extracted claims table), each bad
    record or unreadable input reported on stderr as it is found and skipped; one-line
    errors, never a traceback. Returns ``(claims_frame, papers, problems)``."""
    from claimtab import api
    from claimtab.errors import ClaimtabError

    problems = Problems()
    readable = check_inputs(list(inputs), problems, strict=strict, id_field=id_field, title_field=title_field,
                            text_field=text_field, tables=True)
    try:
        claims, papers = api.load_claims(
            readable, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
            problems=problems, every_cell=every_cell,
        )
    except ClaimtabError as e:
        fail(str(e))
    return claims, papers, problems
