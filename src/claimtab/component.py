"""spaCy integration: the ``claimtab_sentences`` and ``claimtab_claims`` factories.

``nlp.add_pipe("claimtab_claims")`` works in any English pipeline; claims land in
``doc.spans["claimtab_claims"]`` (span label = claim kind) and each span carries its
typed claim fields as ``span._.claimtab_claim`` (a dict of the schema's fields).
:func:`load` builds the default pipeline: spaCy's blank English, claimtab's tokenizer
rules, sentence boundaries and claims.
"""

from __future__ import annotations

from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from claimtab.engine.extractor import Extractor
from claimtab.model import Found
from claimtab.rules.compile import load_rules
from claimtab.text import sentence_spans

SPANS_KEY = "claimtab_claims"
_STORE = "claimtab_claims"


def _claim_of_span(span: Span) -> dict | None:
    """The claim a span states (the first, when one span states two claims of a kind)."""
    rows = span.doc.user_data.get(_STORE, {}).get((span.start_char, span.end_char, span.label_))
    return rows[0] if rows else None


def _claims_of_doc(doc: Doc) -> list[dict]:
    """Every claim of the doc, by offset: the rows of the claims table."""
    return list(doc.user_data.get(_STORE + "_rows", []))


if not Span.has_extension("claimtab_claim"):
    Span.set_extension("claimtab_claim", getter=_claim_of_span)
if not Doc.has_extension("claimtab_claims"):
    Doc.set_extension("claimtab_claims", getter=_claims_of_doc)
if not Doc.has_extension("claimtab_field"):
    Doc.set_extension("claimtab_field", default="abstract")


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
    """Find claims in ``doc.text`` with claimtab's rules and record them as spans."""

    def __init__(self, nlp: Language, name: str, *, patterns: str | None, kinds: list[str] | None, spans_key: str):
        rules = load_rules(patterns)
        unknown = set(kinds or ()) - set(rules.kinds.names)
        if unknown:
            raise ValueError(f"[claimtab] unknown claim kinds {sorted(unknown)}; known: {', '.join(rules.kinds.names)}")
        self.name = name
        self.spans_key = spans_key
        self.extractor = Extractor(rules, set(kinds) if kinds else None)

    def __call__(self, doc: Doc) -> Doc:
        # doc.text rebuilds the string token by token; the API hands over the text it made
        # the doc from (identical by construction) to skip that on the hot path
        text = doc.user_data.pop("claimtab_text", None)
        if text is None:
            text = doc.text
        drafts = self.extractor.extract(text, doc._.claimtab_field)
        set_claims(doc, drafts, self.spans_key)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def set_claims(doc: Doc, drafts: list[Found], spans_key: str = SPANS_KEY) -> None:
    """Store drafts on the doc: one span per claim, the fields in doc.user_data."""
    store: dict[tuple[int, int, str], list[dict]] = {}
    rows: list[dict] = []
    spans = []
    for d in drafts:
        row = draft_fields(d)
        row["field"] = doc._.claimtab_field
        rows.append(row)
        span = doc.char_span(d.start, d.end, label=d.kind, alignment_mode="expand")
        if span is None:  # only on empty or whitespace-only text
            continue
        key = (span.start_char, span.end_char, d.kind)
        if key not in store:
            spans.append(span)
        store.setdefault(key, []).append(row)
    doc.user_data[_STORE] = store
    doc.user_data[_STORE + "_rows"] = rows
    doc.spans[spans_key] = spans


def draft_fields(d: Found) -> dict:
    return {
        "kind": d.kind,
        "value": d.value,
        "value_max": d.value_max,
        "unit": d.unit,
        "qualifier": d.qualifier,
        "metric": d.metric,
        "dataset": d.dataset,
        "baseline": d.baseline,
        "subject": d.subject,
        "condition": d.condition,
        "url": d.url,
        "status": d.status,
        "text": d.text,
        "start": d.start,
        "end": d.end,
        "rule": d.rule,
        "canonical": d.extra.get("canonical"),
        "introduced": d.extra.get("introduced", False),
        "short": d.extra.get("short"),
    }


@Language.factory("claimtab_sentences")
def make_sentence_component(nlp: Language, name: str) -> SentenceComponent:
    return SentenceComponent(nlp, name)


@Language.factory(
    "claimtab_claims",
    default_config={"patterns": None, "kinds": None, "spans_key": SPANS_KEY},
)
def make_claims_component(
    nlp: Language, name: str, patterns: str | None, kinds: list[str] | None, spans_key: str
) -> ClaimsComponent:
    return ClaimsComponent(nlp, name, patterns=patterns, kinds=kinds, spans_key=spans_key)


def customize_tokenizer(nlp: Language) -> None:
    """Split factors and LaTeX percent signs off numbers: "4.6x" -> "4.6" "x", "87\\%" -> "87" "\\%"."""
    suffixes = list(nlp.Defaults.suffixes or []) + [r"(?<=\d)[xX×]", r"(?<=\d)\\%", r"(?<=\d)\\times"]
    prefixes = list(nlp.Defaults.prefixes or []) + [r"\\(?=\d)"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search


def load(*, kinds: list[str] | None = None, patterns: str | None = None, sentences: bool = False) -> Language:
    """The default claimtab pipeline on spaCy's blank English (no model download).

    ``sentences=True`` also sets sentence boundaries on the docs (``doc.sents``); the
    claims component finds its own boundaries either way.
    """
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    if sentences:
        nlp.add_pipe("claimtab_sentences")
    nlp.add_pipe("claimtab_claims", config={"kinds": kinds, "patterns": patterns})
    return nlp
