"""``claimtab extract``: papers in, one table of claims out."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtab.cli.common import (
    PROGRESS_MIN,
    IdField,
    Output,
    Problems,
    TextField,
    TitleField,
    check_inputs,
    check_output,
    fail,
    kind_list,
    progress,
    say,
    skipped,
)
from claimtab.io.limits import MAX_CHARS, MAX_NUMBERS, SECONDS


def command(
    inputs: Annotated[
        list[str], typer.Argument(help="JSONL, JSON, CSV/TSV, a papers page (.txt), any of them .gz/.zst, "
                                  "or '-' for stdin; or whole papers: .tex, a source archive (.tar.gz, .tar, "
                                  ".zip) or folder, .pdf, .html.")
    ],
    output: Output = None,
    kinds: Annotated[str | None, typer.Option("--kinds", help="Comma-separated kinds to keep (default: all).")] = None,
    id_field: IdField = None,
    title_field: TitleField = None,
    text_field: TextField = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record instead of skipping it.")] = False,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=0, help="Longest title or abstract, in characters (0: no limit).")
    ] = MAX_CHARS,
    max_numbers: Annotated[
        int, typer.Option("--max-numbers", min=0, help="Most numbers in one sentence (0: no limit).")
    ] = MAX_NUMBERS,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0, help="Seconds one record may take to extract (0: no limit).")
    ] = SECONDS,
    show_progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr for long inputs.")
    ] = True,
    every_cell: Annotated[
        bool, typer.Option("--every-cell", help="Whole papers: every numeric cell of every results table, and every "
                           "score of the body, not only what a leaderboard lists.")
    ] = False,
) -> None:
    """Extract claims from papers into one table (one row per claim).

    A whole paper gives its title's and abstract's claims and, as a leaderboard lists them,
    the paper's own best results from its results tables, with where each stands (field,
    table, row_label, column, best).

    A bad record (or an input that cannot be read) is reported on stderr as one line naming
    the file and line, and skipped; the exit code is then 1. A record past a limit
    (--max-chars, --max-numbers, --time-limit) is such a bad record.
    """
    import pandas as pd

    from claimtab import api
    from claimtab.errors import ClaimtabError
    from claimtab.frame import claims_frame, coerce_frame
    from claimtab.io.limits import Limits
    from claimtab.io.papers import count_records, read_papers
    from claimtab.io.writers import write_table

    wanted = kind_list(kinds)
    check_output(output)
    problems = Problems()
    readable = check_inputs(inputs, problems, strict=strict, id_field=id_field, title_field=title_field,
                            text_field=text_field)
    limits = Limits(max_chars or None, max_numbers or None, time_limit or None)
    try:
        api.extractor(wanted)  # the rules load (and fail) before any input is read
    except ClaimtabError as e:
        fail(str(e))
    documents = [path for path in readable if api.is_document(path)]
    readable = [path for path in readable if path not in documents]
    total: int | None = 0
    for path in readable:
        n = count_records(path) if path != "-" else None
        total = total + n if (n is not None and total is not None) else None
    n_papers = 0
    frames = []
    if documents:
        try:
            frame, read = api.extract_documents(documents, leaderboard=not every_cell, problems=problems,
                                                strict=strict, limits=limits)
        except ClaimtabError as e:
            fail(str(e))
        frames.append(frame)
        n_papers += len(read)
    # a bar for long inputs (or stdin, whose length is unknown); never for a handful of papers
    show = show_progress and (total is None or total >= PROGRESS_MIN)
    claims: list = []
    try:
        with progress(bool(show and readable)) as bar:
            task = bar.add_task("extracting", total=total)
            papers = read_papers(
                readable, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
                problems=problems,
            )

            def counted():
                nonlocal n_papers
                for p in papers:
                    n_papers += 1
                    bar.advance(task)
                    yield p

            if readable:
                claims = list(api.extract(counted(), kinds=wanted, limits=limits, problems=problems, strict=strict))
        if readable or not frames:
            frames.append(claims_frame(claims))
        table = frames[0] if len(frames) == 1 else coerce_frame(pd.concat(frames, ignore_index=True))
        if wanted:
            table = table[table["kind"].isin(wanted)].reset_index(drop=True)
        write_table(table, output)
    except ClaimtabError as e:
        fail(str(e))
    say(f"{len(table)} claims from {n_papers} papers" + (f" → {output}" if output and output != "-" else "")
        + skipped(problems))
    if problems:
        raise typer.Exit(1)
