"""The Python API: papers in, claims (or a DataFrame) out, through the spaCy pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

from claimtab.component import load
from claimtab.engine.paper import link_paper_context, paper_method
from claimtab.model import Claim, Paper
from claimtab.rules.compile import load_rules

FIELDS = ("title", "abstract")
_CLAIM_FIELDS = frozenset(Claim.model_fields)


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
        )
    if isinstance(obj, tuple) and len(obj) == 3:
        return Paper(id=str(obj[0]), title=str(obj[1] or ""), abstract=str(obj[2] or ""))
    raise TypeError(f"cannot read a paper from {type(obj).__name__}")


def _docs(nlp: Language, papers: Iterable[Paper], batch_size: int) -> Iterator[tuple[Any, tuple[Paper, str]]]:
    def items():
        for paper in papers:
            for field in FIELDS:
                text = getattr(paper, field)
                if text:
                    yield text, (paper, field)

    # the field has to be on the doc before the claims component runs: make the docs
    # ourselves, then run the pipeline's components over them
    claims_pipe = nlp.get_pipe("claimtab_claims") if "claimtab_claims" in nlp.pipe_names else None
    for text, ctx in items():
        if claims_pipe is not None and ctx[1] == "title" and not claims_pipe.extractor.could_hold_claims(text):
            continue  # a title with no digit, URL, cue word or known name states no claim
        doc = nlp.make_doc(text)
        doc._.claimtab_field = ctx[1]
        doc.user_data["claimtab_text"] = text
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        yield doc, ctx


def claims_of_paper(paper: Paper, docs: list, method: str | None = None) -> list[Claim]:
    """The rows of one paper from its docs (title, abstract), linked at paper level."""
    rows = [dict(row) for doc in docs for row in doc._.claimtab_claims]
    link_paper_context(rows, paper.title, paper.abstract, load_rules())
    out = []
    for row in rows:
        rec = {k: v for k, v in row.items() if k in _CLAIM_FIELDS}
        rec.update(paper_id=paper.id, title=paper.title, method=method)
        rec["dataset_canonical"] = canonical_name(row.get("dataset"), row.get("canonical"))
        out.append(Claim(**rec))
    return out


def canonical_name(dataset: str | None, known: str | None = None) -> str | None:
    """The lexicon's canonical name of a dataset ("ILSVRC-2012" -> "ImageNet"), when known."""
    if known:
        return known
    if not dataset:
        return None
    from claimtab.rules.files import patterns_dir
    from claimtab.rules.lexicon import load_lexicon

    entry = load_lexicon(patterns_dir()).lookup(dataset)
    return entry.canonical if entry else None


def extract(
    papers: Iterable[Paper | dict | tuple], *, nlp: Language | None = None, kinds: list[str] | None = None,
    batch_size: int = 64,
) -> Iterator[Claim]:
    """Claims of each paper, in input order, then field (title before abstract), then offset."""
    nlp = nlp or load(kinds=kinds)
    docs: list = []
    current = None
    for doc, (paper, _field) in _docs(nlp, (as_paper(p) for p in papers), batch_size):
        if current is not None and paper is not current:
            yield from claims_of_paper(current, docs, paper_method(current.title, current.abstract, load_rules()))
            docs = []
        current = paper
        docs.append(doc)
    if current is not None:
        yield from claims_of_paper(current, docs, paper_method(current.title, current.abstract, load_rules()))


def extract_frame(papers: Iterable[Paper | dict | tuple], **kwargs):
    """The long claims table as a DataFrame with the schema's declared dtypes."""
    from claimtab.frame import claims_frame

    return claims_frame(extract(papers, **kwargs))


def load_claims(
    inputs: list[str], *, id_field: str | None = None, title_field: str | None = None, text_field: str | None = None,
    strict: bool = False, problems: list | None = None, nlp: Language | None = None,
):
    """Claims from ``inputs``: a claims table written by ``claimtab extract`` (any of its
    formats) is read as it is; anything else is read as papers and extracted.

    Returns ``(frame, papers)``: the long claims DataFrame (declared dtypes) and a dict
    ``{paper_id: Paper}`` of the papers read (empty when the input was a claims table).
    Raises ``readers.InputError`` / ``exports.ExportError`` with one-line messages.
    """
    import pandas as pd

    from claimtab.frame import claims_frame, coerce_frame, is_claims_frame
    from claimtab.io.papers import read_papers
    from claimtab.io.tables import ExportError, format_for, read_table

    frames = []
    papers: dict[str, Paper] = {}
    paper_inputs = []
    for path in inputs:
        table = None
        if path != "-":
            try:
                fmt = format_for(path)
            except ExportError:
                fmt = None
            if fmt in ("csv", "tsv", "jsonl", "json", "xlsx", "parquet"):
                try:
                    table = read_table(path)
                except ExportError:
                    table = None
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
        frames.append(claims_frame(extract(read, nlp=nlp)))
    if not frames:
        return claims_frame([]), papers
    return (frames[0] if len(frames) == 1 else coerce_frame(pd.concat(frames, ignore_index=True))), papers
