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
from claimtab.io.limits import DOCUMENT_FACTOR, LIMITS, Limits, Overtime, text_problem, time_budget
from claimtab.io.sources import InputProblem
from claimtab.model import Claim, Found, Paper, WholePaper
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


# ---------------------------------------------------------------- whole papers


def is_document(path: str | os.PathLike[str]) -> bool:
    """A whole paper (LaTeX file, folder or archive, PDF, HTML, TEI), not a file of records."""
    from claimtab.io.sources import document_reader

    return document_reader(path) is not None


def read_documents(
    paths: Iterable[str | os.PathLike[str]], *, problems: list[InputProblem] | None = None, strict: bool = False,
) -> Iterator:
    """The :class:`~claimtab.document.Document` of each whole paper in ``paths``; one that
    cannot be read (or is refused as unsafe) is one problem, and the others go on; with
    ``strict`` it raises (a :class:`~claimtab.errors.ClaimtabError`, one line)."""
    from claimtab.errors import ClaimtabError, InputError
    from claimtab.io.documents import read_document

    for path in paths:
        try:
            yield read_document(path)
        except Exception as e:  # a reader's failure costs this paper, never the run
            error = e if isinstance(e, ClaimtabError) else InputError(
                f"{os.fspath(path)}: cannot read ({type(e).__name__}: {' '.join(str(e).split())[:200]})")
            if strict:
                raise error from None
            _problem(InputProblem(os.fspath(path), None, f"{_without_name(str(error), path)}; skipped"),
                     problems, False)


def _without_name(message: str, path: str | os.PathLike[str]) -> str:
    return message.removeprefix(os.fspath(path)).lstrip(": ") or message


def document_claims(doc, *, leaderboard: bool = True) -> list[dict]:
    """The rows of one whole paper: the claim table's columns, then
    :data:`claimtab.engine.tables.EXTRAS` (``table``, ``row_label``, ``column``, ``best`` ...);
    ``doc.text_of(row["field"])[row["start"]:row["end"]] == row["text"]`` for every row.
    ``leaderboard`` keeps what a leaderboard lists (the paper's own best results); without
    it every numeric cell of every results table is a row."""
    from claimtab.engine.tables import extract_document

    return extract_document(doc, leaderboard=leaderboard)


def documents_frame(rows: Iterable[dict]):
    """Whole-paper rows as the claims table (declared dtypes) with the provenance columns of
    :data:`claimtab.engine.tables.EXTRAS` after the claim columns (text, NA where empty)."""
    import pandas as pd

    from claimtab.engine.tables import EXTRAS
    from claimtab.frame import claims_frame
    from claimtab.model import COLUMNS

    rows = list(rows)
    frame = claims_frame(Claim.model_construct(**{k: r.get(k) for k in COLUMNS}) for r in rows)
    for name in EXTRAS:
        frame[name] = pd.Series([r.get(name) for r in rows], index=frame.index, dtype="string")
    return frame


def extract_documents(
    paths: Iterable[str | os.PathLike[str]], *, leaderboard: bool = True, problems: list[InputProblem] | None = None,
    strict: bool = False, limits: Limits = LIMITS,
):
    """Whole papers in, ``(frame, papers)`` out: the rows of :func:`document_claims` as one
    frame (:func:`documents_frame`) and ``{paper_id: WholePaper}`` (the texts the rows
    point into) of the papers read. A paper gets ``DOCUMENT_FACTOR`` times a record's time
    limit; past it, or on an engine failure, it is one problem and gives no rows."""
    rows, papers = [], {}
    for doc in read_documents(paths, problems=problems, strict=strict):
        try:
            with time_budget(limits.seconds * DOCUMENT_FACTOR if limits.seconds else None):
                rows.extend(document_claims(doc, leaderboard=leaderboard))
        except Overtime as e:
            _problem(InputProblem(f"paper {doc.id!r}", None, f"{e}; skipped"), problems, strict)
            continue
        except Exception as e:  # a bug in the table rules costs this paper, not the run
            why = f"internal error while extracting ({type(e).__name__}: {' '.join(str(e).split())[:200]})"
            _problem(InputProblem(f"paper {doc.id!r}", None, f"{why}; skipped"), problems, strict)
            continue
        papers[doc.id] = WholePaper(id=doc.id, title=doc.title, abstract=doc.abstract, body=doc.text_of("body"),
                                    caption=doc.text_of("caption"), table=doc.text_of("table"))
    return documents_frame(rows), papers


def extract_frame(papers: Iterable[Paper | dict | tuple], **kwargs):
    """The long claims table as a DataFrame with the schema's declared dtypes."""
    from claimtab.frame import claims_frame

    return claims_frame(extract(papers, **kwargs))


def load_claims(
    inputs: list[str], *, id_field: str | None = None, title_field: str | None = None, text_field: str | None = None,
    strict: bool = False, problems: list | None = None, limits: Limits = LIMITS, every_cell: bool = False,
):
    """Claims from ``inputs``: a claims table written by ``claimtab extract`` (any of its
    formats) is read as it is; a whole paper (LaTeX, an archive or folder of it, PDF, HTML)
    is read and extracted with :func:`extract_documents` (every results-table cell with
    ``every_cell``, else what a leaderboard lists); anything else is read as papers
    and extracted.

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
    documents = [path for path in inputs if is_document(path)]
    if documents:
        frame, papers = extract_documents(documents, leaderboard=not every_cell, problems=problems, strict=strict,
                                          limits=limits)
        frames.append(frame)
    for path in inputs:
        if path in documents:
            continue
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
        papers.update({p.id: p for p in read})
        frames.append(claims_frame(extract(read, limits=limits, problems=problems, strict=strict)))
    if not frames:
        return claims_frame([]), papers
    return (frames[0] if len(frames) == 1 else coerce_frame(pd.concat(frames, ignore_index=True))), papers
