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
    jobs: Annotated[
        str | None, typer.Option("--jobs", "-j", help="Worker processes (default, 0 or 'auto': one per core; 1: "
                                 "all in this process). The output is the same for any number.")
    ] = None,
    categories: Annotated[
        str | None, typer.Option("--categories", help="Keep only papers in one of these arXiv categories, "
                                 "comma-separated ('cs.LG,cs.CL'; 'cs.*' for a whole archive); a paper is kept "
                                 "when any of its space-separated 'categories' is listed.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Extract on an existing Dask distributed cluster: the "
                                 "scheduler's address (tcp://host:8786). Needs claimtab[dask].")
    ] = None,
) -> None:
    """Extract claims from papers into one table (one row per claim).

    A whole paper gives its title's and abstract's claims and, as a leaderboard lists them,
    the paper's own best results from its results tables, with where each stands (field,
    table, row_label, column, best).

    A bad record (or an input that cannot be read) is reported on stderr as one line naming
    the file and line, and skipped; the exit code is then 1. A record past a limit
    (--max-chars, --max-numbers, --time-limit) is such a bad record.

    The rows are written as they come (XLSX excepted), in input order, by --jobs worker
    processes or on a Dask cluster (--scheduler); the file appears when it is complete.
    """
    from claimtab import api
    from claimtab.errors import ClaimtabError
    from claimtab.io.limits import Limits
    from claimtab.io.sources import category_filter

    wanted = kind_list(kinds)
    check_output(output)
    n_jobs = job_count(jobs)
    try:
        keep = category_filter(categories)
    except ClaimtabError as e:
        fail(str(e))
    problems = Problems()
    readable = check_inputs(inputs, problems, strict=strict, id_field=id_field, title_field=title_field,
                            text_field=text_field)
    limits = Limits(max_chars or None, max_numbers or None, time_limit or None)
    try:
        api.extractor(wanted)  # the rules load (and fail) before any input is read
    except ClaimtabError as e:
        fail(str(e))
    fields = {"id_field": id_field, "title_field": title_field, "text_field": text_field}
    documents = [path for path in readable if api.is_document(path)]
    records = [path for path in readable if path not in documents]
    try:
        if documents:  # whole papers bring the table columns: written with the records as one table
            n_papers, n_claims = _with_documents(documents, records, output, wanted, limits, problems, strict, keep,
                                                 fields, every_cell, show_progress)
        else:
            n_papers, n_claims = _streamed(records, output, wanted, limits, problems, strict, keep, fields,
                                           n_jobs, scheduler, show_progress)
    except ClaimtabError as e:
        fail(str(e))
    say(f"{n_claims} claims from {n_papers} papers" + (f" → {output}" if output and output != "-" else "")
        + skipped(problems))
    if problems:
        raise typer.Exit(1)


def _total(paths: list[str]) -> int | None:
    """How many records the inputs hold (None: unknown, as for stdin)."""
    from claimtab.io.papers import count_records

    total: int | None = 0
    for path in paths:
        n = count_records(path) if path != "-" else None
        total = total + n if (n is not None and total is not None) else None
    return total


def _streamed(records, output, wanted, limits, problems, strict, keep, fields, n_jobs, scheduler,
              show_progress) -> tuple[int, int]:
    """Records of papers through worker processes (or a cluster), their rows streamed to ``output``."""
    from claimtab import jobs as pool_jobs
    from claimtab.frame import rows_frame
    from claimtab.io.papers import read_papers
    from claimtab.io.writers import stream_table

    total = _total(records)
    n_papers = n_claims = 0
    # a bar for long inputs (or stdin, whose length is unknown); never for a handful of papers
    show = show_progress and (total is None or total >= PROGRESS_MIN)
    held: list = []  # the readers' problems, reported in input order with the records' own
    cluster = pool = None
    try:
        if scheduler:
            from claimtab.dask import Cluster

            cluster = Cluster(scheduler, wanted)
        elif n_jobs > 1 and (total is None or total > 2 * pool_jobs.CHUNK):  # a few papers: no pool to start
            pool = pool_jobs.Pool(n_jobs, tuple(sorted(set(wanted))) if wanted else None)
        with stream_table(output, note=lambda m: say(f"claimtab: {m}")) as table, progress(bool(show)) as bar:
            task = bar.add_task("extracting", total=total)

            def finished(k: int) -> None:
                nonlocal n_papers
                n_papers += k
                bar.advance(task, k)

            papers = read_papers(records, strict=strict, problems=held, keep=keep, **fields)
            fmt = table.fmt
            table.begin(rows_frame([]))
            if cluster is not None:
                chunks = pool_jobs.ordered_rows(papers, cluster.submit(limits, fmt), window=cluster.window,
                                                held=held, problems=problems, strict=strict, done=finished)
            else:
                chunks = pool_jobs.run_rows(papers, jobs=n_jobs, kinds=wanted, limits=limits, held=held,
                                            problems=problems, strict=strict, done=finished, pool=pool, fmt=fmt)
            for batch in chunks:  # each chunk's rows, encoded for the output where they were found
                if not isinstance(batch, pool_jobs.Encoded):
                    continue  # a chunk of the readers' problems only
                table.write_encoded(batch.payload, batch.rows)
                n_claims += batch.rows
    finally:
        if pool is not None:
            pool.close(kill=True)
        if cluster is not None:
            cluster.close()
    return n_papers, n_claims


def _with_documents(documents, records, output, wanted, limits, problems, strict, keep, fields, every_cell,
                    show_progress) -> tuple[int, int]:
    """Whole papers (and any records given with them) into one table, written at once."""
    import pandas as pd

    from claimtab import api
    from claimtab.frame import claims_frame, coerce_frame
    from claimtab.io.papers import read_papers
    from claimtab.io.writers import write_table

    frame, read = api.extract_documents(documents, leaderboard=not every_cell, problems=problems, strict=strict,
                                        limits=limits)
    frames, n_papers = [frame], len(read)
    if records:
        total = _total(records)
        show = show_progress and (total is None or total >= PROGRESS_MIN)
        with progress(bool(show)) as bar:
            task = bar.add_task("extracting", total=total)
            papers = read_papers(records, strict=strict, problems=problems, keep=keep, **fields)

            def counted():
                nonlocal n_papers
                for p in papers:
                    n_papers += 1
                    bar.advance(task)
                    yield p

            claims = list(api.extract(counted(), kinds=wanted, limits=limits, problems=problems, strict=strict))
        frames.append(claims_frame(claims))
    table = frames[0] if len(frames) == 1 else coerce_frame(pd.concat(frames, ignore_index=True))
    if wanted:
        table = table[table["kind"].isin(wanted)].reset_index(drop=True)
    write_table(table, output)
    return n_papers, len(table)


def job_count(value: str | None) -> int:
    """The number of worker processes --jobs asks for (default: one per core)."""
    from claimtab.jobs import default_jobs

    if value is None or value.strip().lower() in ("", "auto", "0"):
        return default_jobs()
    try:
        n = int(value.strip())
    except ValueError:
        fail(f"--jobs takes a number of worker processes (1 or more, or 'auto'), not {value!r}")
    if n < 0:
        fail(f"--jobs takes a number of worker processes (1 or more, or 'auto'), not {value!r}")
    return n
