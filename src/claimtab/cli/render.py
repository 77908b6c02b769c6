"""``claimtab render``: papers (or a claims table) -> one self-contained HTML page."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from claimtab.cli.common import IdField, TextField, TitleField, check_output, fail, load_or_fail, say, skipped


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
    from claimtab.errors import ClaimtabError
    from claimtab.io.writers import write_text
    from claimtab.render.html import render_html

    check_output(output, table=False)
    df, papers, problems = load_or_fail(
        inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict
    )
    page = render_html(df, papers, title=title)
    if output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        try:
            write_text(page, output)
        except ClaimtabError as e:
            fail(str(e))
    n_papers = len(papers) if papers else int(df["paper_id"].nunique()) if len(df) else 0
    say(
        f"{len(df)} claims from {n_papers} papers" + (f" → {output}" if output != "-" else "") + skipped(problems))
    if problems:
        raise typer.Exit(1)
