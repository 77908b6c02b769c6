"""The Python API: papers in, claims (or a DataFrame) out.

Extraction runs on plain strings through the engine (no spaCy ``Doc`` is built: the rules
never needed tokens); the spaCy component (:mod:`claimtab.component`) runs the same engine
and the same conversion, so both give the same rows.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from claimtab.engine.extractor import Extractor
from claimtab.engine.paper import claims_of_paper
from claimtab.errors import RecordError
from claimtab.io.limits import LIMITS, Limits, Overtime, text_problem, time_budget
from claimtab.io.sources import InputProblem
from claimtab.model import Claim, Found, Paper
from claimtab.rules.compile import load_rules

log = logging.getLogger("claimtab")


def as_paper(obj: Paper | dict | tuple) -> Paper:
    """Accept a Paper, a dict with id/title/abstract, or an (id, title, abstract) tuple."""
    if isinstance(obj, Paper):
        return obj
    if isinstance(obj, dict):
        pid = obj.get("id", obj.get("paper_id"))
        return Paper(
            id=str(pid) if pid is not None else "",
            title=str(obj.get("title") or ""),
            abstract=str(obj.get("abstract") or obj.get("text") or ""),
            comments=str(obj.get("comments") or ""),
        )
    if isinstance(obj, tuple) and len(obj) == 3:
        return Paper(id=str(obj[0]), title=str(obj[1] or ""), abstract=str(obj[2] or ""))
    raise TypeError(f"cannot read a paper from {type(obj).__name__}")


@cache
def _extractor(root: Path, kinds: tuple[str, ...] | None) -> Extractor:
    return Extractor(load_rules(root), set(kinds) if kinds else None)


def extractor(kinds: Iterable[str] | None = None, patterns: str | os.PathLike[str] | None = None) -> Extractor:
    """The engine for ``patterns`` (default: the active rules), keeping only ``kinds``.
    Raises ValueError (one line) for an unknown kind."""
    rules = load_rules(patterns)
    wanted = tuple(sorted(set(kinds))) if kinds else None
    unknown = sorted(set(wanted or ()) - set(rules.kinds.names))
    if unknown:
        raise ValueError(f"unknown claim kinds {unknown}; known: {', '.join(rules.kinds.names)}")
    return _extractor(rules.root, wanted)


def found_in(paper: Paper, ex: Extractor) -> list[Found]:
    """What the engine finds in a paper's title and abstract (a title that cannot state a
    claim -- no digit, URL, cue word or known name -- is skipped)."""
    found: list[Found] = []
    if paper.title and ex.could_hold_claims(paper.title):
        found.extend(ex.extract(paper.title, "title"))
    if paper.abstract:
        found.extend(ex.extract(paper.abstract, "abstract"))
    if paper.comments:  # an arXiv record's comments: its links only ("Code: https://...")
        found.extend(f for f in ex.extract(paper.comments, "comments") if ex.p.kinds.detector(f.kind) == "urls")
    return found


def extract(
    papers: Iterable[Paper | dict | tuple], *, kinds: Iterable[str] | None = None,
    patterns: str | os.PathLike[str] | None = None, limits: Limits = LIMITS,
    problems: list[InputProblem] | None = None, strict: bool = False,
) -> Iterator[Claim]:
    """Claims of each paper, in input order, then field (title before abstract), then offset.

    A paper past ``limits`` (too long a text, too many numbers in a sentence, too long to
    extract; see :mod:`claimtab.io.limits`), with text that is not valid Unicode, or on
    which the engine fails, gives no claims and one problem naming it: appended to
    ``problems`` (logged as a warning when it is None); the other papers go on. With
    ``strict`` the first such problem raises :class:`~claimtab.errors.RecordError`.
    """
    ex = extractor(kinds, patterns)
    if limits.seconds and not getattr(ex, "_warmed_up", False):  # lazy loads (the lexicon) are no record's time
        found_in(Paper(id="warm-up", title="ImageNet", abstract="It is 2x faster."), ex)
        ex._warmed_up = True  # type: ignore[attr-defined]
    for n, obj in enumerate(papers, 1):
        try:
            paper = as_paper(obj)
        except TypeError as e:
            _problem(InputProblem(f"record {n}", None, f"{e}; skipped"), problems, strict)
            continue
        claims, why = _claims_within(paper, ex, limits)
        if why is not None:
            _problem(_where(paper, n, why), problems, strict)
            continue
        yield from claims


def _claims_within(paper: Paper, ex: Extractor, limits: Limits) -> tuple[list[Claim], str | None]:
    """The paper's claims, or why it has none (a limit, invalid text, an engine failure)."""
    why = (text_problem(paper.title, "the title", limits) or text_problem(paper.abstract, "the abstract", limits)
           or text_problem(paper.comments, "the comments", limits))
    if why is not None:
        return [], why
    try:
        with time_budget(limits.seconds):
            return list(claims_of_paper(paper, found_in(paper, ex), ex.p)), None
    except Overtime as e:
        return [], str(e)
    except Exception as e:  # a bug in the engine costs this record, not the run
        return [], f"internal error while extracting ({type(e).__name__}: {' '.join(str(e).split())[:200]})"


def _where(paper: Paper, n: int, why: str) -> InputProblem:
    """The problem of one paper, named by its file and line (or its id)."""
    if paper.source:
        name, _, line = paper.source.rpartition(":")
        if name and line.isdigit():
            return InputProblem(name, int(line), f"{why}; skipped")
        return InputProblem(paper.source, None, f"{why}; skipped")
    return InputProblem(f"paper {paper.id!r}" if paper.id else f"record {n}", None, f"{why}; skipped")


def _problem(problem: InputProblem, problems: list[InputProblem] | None, strict: bool) -> None:
    if strict:
        raise RecordError(str(problem))
    if problems is None:
        log.warning("%s", problem)
    else:
        problems.append(problem)


def extract_frame(papers: Iterable[Paper | dict | tuple], **kwargs):
    """The long claims table as a DataFrame with the schema's declared dtypes."""
    from claimtab.frame import claims_frame

    return claims_frame(extract(papers, **kwargs))


def load_claims(
    inputs: list[str], *, id_field: str | None = None, title_field: str | None = None, text_field: str | None = None,
    strict: bool = False, problems: list | None = None, limits: Limits = LIMITS,
):
    """Claims from ``inputs``: a claims table written by ``claimtab extract`` (any of its
    formats) is read as it is; anything else is read as papers and extracted.

    Returns ``(frame, papers)``: the long claims DataFrame (declared dtypes) and a dict
    ``{paper_id: Paper}`` of the papers read (empty when the input was a claims table).
    Bad records, and with ``problems`` given whole inputs that cannot be read, are appended
    to ``problems`` (see :func:`claimtab.io.papers.read_papers`); otherwise an unreadable
    input raises a :class:`~claimtab.errors.ClaimtabError` (one line).
    """
    import pandas as pd

    from claimtab.errors import ClaimtabError
    from claimtab.frame import claims_frame, coerce_frame, is_claims_frame
    from claimtab.io.formats import FORMATS, format_of
    from claimtab.io.papers import read_papers
    from claimtab.io.tables import read_table

    frames = []
    papers: dict[str, Paper] = {}
    paper_inputs = []
    for path in inputs:
        fmt = format_of(path) if path != "-" else None
        table = None
        if fmt is not None and FORMATS[fmt].table:
            try:
                table = read_table(path)
            except ClaimtabError:
                table = None  # not a table after all (a Markdown paper, a JSONL of papers ...)
            if table is not None and not is_claims_frame(table.columns):
                table = None
        if table is not None:
            frames.append(coerce_frame(table))
        else:
            paper_inputs.append(path)
    if paper_inputs:
        read = list(
            read_papers(
                paper_inputs, id_field=id_field, title_field=title_field, text_field=text_field, strict=strict,
                problems=problems,
            )
        )
        papers = {p.id: p for p in read}
        frames.append(claims_frame(extract(read, limits=limits, problems=problems, strict=strict)))
    if not frames:
        return claims_frame([]), papers
    return (frames[0] if len(frames) == 1 else coerce_frame(pd.concat(frames, ignore_index=True))), papers
