"""``claimtab explain``: the rows a text gives, and how each number was decided."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from claimtab.cli.common import fail


def command(
    text: Annotated[str, typer.Argument(help="A sentence or abstract (or '-' to read stdin).")],
    title: Annotated[str, typer.Option("--title", help="The paper's title, when the text is its abstract.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print rows and traces as JSON lines.")] = False,
) -> None:
    """Show the claims found in TEXT (the same rows `extract` gives for a paper with this
    abstract) and, for every number, its mention classes, the exclusion that vetoed it, the
    rules that applied with their scores, and the rule chosen."""
    from claimtab import api
    from claimtab.io.limits import LIMITS, Overtime, text_problem, time_budget
    from claimtab.io.sources import read_stdin
    from claimtab.model import Paper

    if text == "-":
        text = read_stdin(sys.stdin)  # bytes as UTF-8, a bad byte caught below
    if not text.strip():
        fail("no text to explain")
    why = text_problem(title, "the title", LIMITS) or text_problem(text, "the text", LIMITS)
    if why:
        fail(why)
    paper = Paper(id="text", title=title, abstract=text)
    try:
        with time_budget(LIMITS.seconds and 2 * LIMITS.seconds):
            rows = [c.model_dump() for c in api.extract([paper], strict=True)]
            traces = api.extractor().explain(text, "abstract")
    except Overtime as e:
        fail(str(e))
    if as_json:
        for row in rows:
            typer.echo(json.dumps({"claim": row}, ensure_ascii=False))
        for t in traces:
            typer.echo(json.dumps({"number": t}, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no claims")
    for d in rows:
        shown = {k: v for k, v in d.items() if k in _SHOWN and v not in (None, "")}
        typer.echo(f"{d['kind']:<10} {d['text']!r} [{d['start']}:{d['end']}] {d['field']} rule={d['rule']} "
                   + json.dumps(shown, ensure_ascii=False))
    if traces:
        typer.echo("\nnumbers:")
    for t in traces:
        typer.echo(_trace_line(t))


_SHOWN = ("value", "value_max", "unit", "qualifier", "metric", "dataset", "baseline", "condition", "url", "status")


def _trace_line(t: dict) -> str:
    head = f"  {t['number']!r} [{t['start']}:{t['end']}] classes={','.join(t['classes'])}"
    if t.get("excluded_by"):
        return head + f" -> vetoed by exclusion {t['excluded_by']}"
    tried = ", ".join(f"{r}({k}) {s:g}" for r, k, s in t.get("rules") or []) or "none"
    chosen = t.get("chosen")
    verdict = f"{chosen} ({t['kind']})" + (" inherited from the value before" if t.get("inherited") else "") \
        if chosen else "no claim"
    return head + f" qualifier={t.get('qualifier')} rules: {tried} -> {verdict}"
