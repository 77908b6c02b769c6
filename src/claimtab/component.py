"""spaCy integration: the ``claimtab_claims_v1`` and ``claimtab_sentences_v1`` factories.

``nlp.add_pipe("claimtab_claims_v1")`` (or the plain name ``claimtab_claims``) works in any
English pipeline. The component runs the same engine and the same conversion to rows as
:func:`claimtab.extract`, on ``doc.text`` taken as one field of a paper (``field`` in the
config, ``"abstract"`` by default), and records:

- ``doc.spans["claimtab_claims"]``: one span per claim (label = kind), in row order; two
  claims stated by the same characters are two spans;
- ``doc._.claimtab_claims``: the claims as rows of the claims table (dicts, in span order);
- ``span._.claimtab_claim``: the row of a span of that group; ``span._.claimtab_claims``:
  every row stated by exactly that span's characters (two claims of one span are both there).

The rows live in ``doc.user_data`` as plain values, so ``Doc.to_bytes()`` /
``Doc.from_bytes()`` round-trip a doc with its claims and ``nlp.pipe(texts, n_process=2)``
works. :func:`load` builds the default pipeline on spaCy's blank English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimtab.engine.paper import claims_of_paper
from claimtab.model import Paper
from claimtab.text import sentence_spans

SPANS_KEY = "claimtab_claims"
_ROWS = "claimtab_rows"
_SPAN_ID = "claimtab:{}"


def _rows(doc: Doc) -> list[dict]:
    return list(doc.user_data.get(_ROWS, ()))


def _row_of_span(span: Span) -> dict | None:
    """The row a span of the claims group stands for (by its span id), else the first row
    stated by the same characters and kind."""
    rows = span.doc.user_data.get(_ROWS, ())
    for i, row in enumerate(rows):
        if span.id_ == _SPAN_ID.format(i):
            return row
    same = _rows_of_span(span)
    return same[0] if same else None


def _rows_of_span(span: Span) -> list[dict]:
    """Every row whose evidence is exactly this span's characters (and, if labelled, kind)."""
    rows = span.doc.user_data.get(_ROWS, ())
    return [
        r for r in rows
        if _span_bounds(span.doc, r) == (span.start_char, span.end_char) and (not span.label_ or r["kind"] == span.label_)
    ]


def _span_bounds(doc: Doc, row: dict) -> tuple[int, int] | None:
    span = doc.char_span(row["start"], row["end"], alignment_mode="expand")
    return (span.start_char, span.end_char) if span is not None else None


for _name, _getter in (("claimtab_claim", _row_of_span), ("claimtab_claims", _rows_of_span)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter)
if not Doc.has_extension("claimtab_claims"):
    Doc.set_extension("claimtab_claims", getter=_rows)


class SentenceComponent:
    """Rule-based sentence boundaries that know about decimals, "e.g." and "et al."."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts = {s for s, _ in sentence_spans(doc.text)}
        for tok in doc:
            tok.is_sent_start = tok.i == 0 or tok.idx in starts
        return doc


class ClaimsComponent:
    """Find the claims of ``doc.text`` with claimtab's rules and record them as spans and rows."""

    def __init__(
        self, nlp: Language, name: str, *, patterns: str | None, kinds: list[str] | None, spans_key: str, field: str
    ):
        from claimtab.api import extractor  # the engine, shared with claimtab.extract

        self.name = name
        self.spans_key = spans_key
        self.field = field
        try:
            self.extractor = extractor(kinds, patterns)
        except ValueError as e:
            raise ValueError(f"[claimtab] {e}") from None

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found = self.extractor.extract(text, self.field)
        paper = Paper(id="", **{self.field: text}) if self.field in ("title", "abstract") else Paper(id="")
        claims = claims_of_paper(paper, found, self.extractor.p)
        rows: list[dict] = []
        spans: list[Span] = []
        for c in claims:
            span = doc.char_span(c.start, c.end, label=c.kind, alignment_mode="expand", span_id=_SPAN_ID.format(len(rows)))
            if span is None:  # only on empty or whitespace-only evidence
                continue
            rows.append(c.row())
            spans.append(span)
        doc.user_data[_ROWS] = rows
        doc.spans[self.spans_key] = spans
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


_CLAIMS_CONFIG = {"patterns": None, "kinds": None, "spans_key": SPANS_KEY, "field": "abstract"}


@Language.factory("claimtab_sentences_v1")
def make_sentence_component(nlp: Language, name: str) -> SentenceComponent:
    return SentenceComponent(nlp, name)


@Language.factory("claimtab_claims_v1", default_config=_CLAIMS_CONFIG)
def make_claims_component(
    nlp: Language, name: str, patterns: str | None, kinds: list[str] | None, spans_key: str, field: str
) -> ClaimsComponent:
    return ClaimsComponent(nlp, name, patterns=patterns, kinds=kinds, spans_key=spans_key, field=field)


# the plain names stay as aliases of the current versions
Language.factory("claimtab_sentences")(make_sentence_component)
Language.factory("claimtab_claims", default_config=_CLAIMS_CONFIG)(make_claims_component)


# a run of punctuation spaCy's tokenizer splits one affix at a time, re-reading the rest
# each time: quadratic in the run ("%" * 20000 takes over a minute); shorter runs are left
# to it, so ordinary text is tokenized exactly as before
_PUNCT_RUN = re.compile(r"[^\w\s]{64,}")


class GuardedTokenizer:
    """spaCy's tokenizer, never handed a long run of punctuation: such a run becomes one
    token per character (what spaCy makes of it, in linear time) and the text around it
    is tokenized as usual. Everything else (serialization, settings) is the tokenizer's."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not _PUNCT_RUN.search(text):
            return self.tokenizer(text)
        docs, pos = [], 0
        for m in _PUNCT_RUN.finditer(text):
            if m.start() > pos:
                docs.append(self.tokenizer(text[pos : m.start()]))
            docs.append(Doc(self.tokenizer.vocab, words=list(m.group()), spaces=[False] * len(m.group())))
            pos = m.end()
        if pos < len(text):
            docs.append(self.tokenizer(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def customize_tokenizer(nlp: Language) -> None:
    """Split factors and LaTeX percent signs off numbers: "4.6x" -> "4.6" "x", "87\\%" -> "87" "\\%";
    guard the tokenizer against long runs of punctuation (see :class:`GuardedTokenizer`)."""
    tok = nlp.tokenizer.tokenizer if isinstance(nlp.tokenizer, GuardedTokenizer) else nlp.tokenizer
    suffixes = list(nlp.Defaults.suffixes or []) + [r"(?<=\d)[xX×]", r"(?<=\d)\\%", r"(?<=\d)\\times"]
    prefixes = list(nlp.Defaults.prefixes or []) + [r"\\(?=\d)"]
    tok.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    tok.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    nlp.tokenizer = GuardedTokenizer(tok)


def load(
    *, kinds: list[str] | None = None, patterns: str | None = None, sentences: bool = False, field: str = "abstract"
) -> Language:
    """The default claimtab pipeline on spaCy's blank English (no model download).

    ``sentences=True`` also sets sentence boundaries on the docs (``doc.sents``); the
    claims component finds its own boundaries either way."""
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    if sentences:
        nlp.add_pipe("claimtab_sentences_v1", name="claimtab_sentences")
    nlp.add_pipe("claimtab_claims_v1", name="claimtab_claims", config={"kinds": kinds, "patterns": patterns, "field": field})
    return nlp
