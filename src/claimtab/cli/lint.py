"""``claimtab lint``: impossible, conflicting or unclear claims, one row per finding."""

from __future__ import annotations

from typing import Annotated

import typer

from claimtab.cli.common import check_output, fail, load_or_fail, say, skipped


def command(
    inputs: Annotated[list[str], typer.Argument(help="Papers (any input `extract` reads, whole papers too) or an extracted claims table.")],
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Report file; format from the extension. Default: CSV on stdout.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit with code 1 when any finding is an error.")] = False,
    id_field: Annotated[str | None, typer.Option("--id-field", help="Column or key holding the paper id.")] = None,
    title_field: Annotated[str | None, typer.Option("--title-field", help="Column or key holding the title.")] = None,
    text_field: Annotated[str | None, typer.Option("--text-field", help="Column or key holding the abstract.")] = None,
) -> None:
    """Lint the claims of papers: impossible values (errors), self-contradictions and likely inverted ratios (warnings), unclear percentages and promised-but-missing code (info); for a whole paper, numbers the abstract claims that its body and tables state differently (warning) or never (info).

    One row per finding: paper_id, severity, code, message, claims, start, end. Exit code 0 (1 with --strict when there are errors, or when a bad record was skipped; 2 on bad input).
    """
    from collections import Counter

    from claimtab.errors import ClaimtabError
    from claimtab.io.writers import write_table
    from claimtab.lint import SEVERITIES, findings_frame, lint

    check_output(output)
    # a whole paper is linted on every cell of its tables: the abstract is checked against them all
    claims, papers, problems = load_or_fail(inputs, id_field=id_field, title_field=title_field, text_field=text_field,
                                            every_cell=True)
    findings = lint(claims, papers)
    try:
        write_table(findings_frame(findings), output)
    except ClaimtabError as e:
        fail(str(e))
    n_papers = len(set(papers) | {str(p) for p in claims["paper_id"].dropna()})
    severities = Counter(f.severity for f in findings)
    codes = Counter(f.code for f in findings)
    say(
        f"{len(findings)} findings in {n_papers} papers: "
        + ", ".join(f"{severities.get(s, 0)} {s}" for s in SEVERITIES)
        + (" (" + ", ".join(f"{code} {n}" for code, n in codes.most_common()) + ")" if codes else "")
        + (f" → {output}" if output and output != "-" else "") + skipped(problems))
    if not claims.columns.empty and not papers:
        say("note: a claims table has no paper text; sentence-level checks used the claims' own text")
    if (strict and severities.get("error")) or problems:
        raise typer.Exit(1)
