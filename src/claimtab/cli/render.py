"""``claimtab render``: papers (or a claims table) -> one self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtab.cli.common import IdField, TextField, TitleField, err, fail, load_or_fail


def command(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Papers (JSONL, JSON, CSV/TSV, a papers page .txt, '-' for stdin) or a claims table "
                       "written by 'claimtab extract'."),
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="The HTML file to write ('-' for stdout).")
    ] = "claims.html",
    id_field: IdField = None,
    title_field: TitleField = None,
    text_field: TextField = None,
    title: Annotated[str, typer.Option("--title", help="The page title.")] = "claimtab claims",
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record instead of skipping it.")] = False,
) -> None:
    """Render the claims as one HTML page: highlighted evidence in each paper, then a sortable table."""
    from claimtab.render.html import render_html

    if output != "-" and Path(output).is_dir():
        fail(f"{output}: is a directory")
    df, papers, problems = load_or_fail(
        inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict
    )
    page = render_html(df, papers, title=title)
    if output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        try:
            Path(output).write_text(page, encoding="utf-8")
        except OSError as e:
            fail(f"{output}: cannot write ({e.strerror or e})")
    n_papers = len(papers) if papers else int(df["paper_id"].nunique()) if len(df) else 0
    err.print(
        f"{len(df)} claims from {n_papers} papers" + (f" → {output}" if output != "-" else "")
        + (f"; {len(problems)} bad record(s) skipped" if problems else ""),
        markup=False,
    )
    if problems:
        raise typer.Exit(1)
