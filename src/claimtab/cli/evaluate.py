"""``claimtab evaluate``: score the extractor on a gold corpus as the claim spec says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimtab.cli.common import Problems, check_output, fail


def command(
    gold: Annotated[str, typer.Argument(help="Gold corpus (JSONL, one paper per line with 'claims').")],
    errors: Annotated[int, typer.Option("--errors", help="List up to N misses (FN) and false alarms (FP).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")] = False,
    pred_out: Annotated[str | None, typer.Option("--save", help="Also write the predicted claims to this file.")] = None,
    texts: Annotated[
        str | None, typer.Option("--texts", help="The corpus (JSONL with id, title, abstract) that a gold file "
                                 "holding only ids and claims annotates.")
    ] = None,
) -> None:
    """Run the extractor on a gold corpus and score it as the claim spec's section 4 says."""
    from claimtab import api
    from claimtab.errors import ClaimtabError
    from claimtab.evaluate import format_report, group_claims, load_gold, score
    from claimtab.frame import claims_frame
    from claimtab.io.writers import write_table

    check_output(pred_out)
    if not Path(gold).is_file():
        fail(f"{gold}: no such file")
    try:
        gold_papers = load_gold(gold, texts)
    except (ValueError, KeyError, UnicodeDecodeError, OSError, RecursionError) as e:
        fail(f"{gold}: cannot read the gold corpus ({' '.join(str(e).split())[:200]})")
    claims = list(api.extract(gold_papers.values(), problems=Problems()))
    rep = score(gold_papers, group_claims(c.model_dump() for c in claims), errors)
    if pred_out:
        try:
            write_table(claims_frame(claims), pred_out)
        except ClaimtabError as e:
            fail(str(e))
    typer.echo(json.dumps(rep.to_dict()) if as_json else format_report(rep))
