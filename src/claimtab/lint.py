"""Lint a paper's claims: numbers that cannot be right, or that the text leaves unclear.

One :class:`Finding` per problem, with a severity:

``error`` — impossible values
    ``percent-over-100`` (a score or a reduction above 100%, or an accuracy-like plain score
    above 100), ``negative-value`` (a negative count, parameter count, data size, cost or
    efficiency figure), ``negative-reduction``.
``warning`` — the paper disagrees with itself, or a number is probably inverted
    ``speedup-below-1`` / ``reduction-below-1`` (a factor under 1x), ``conflicting-scores``
    (one metric on one dataset, for the same system and setting, given different values;
    "from A to B" pairs, comparisons and "respectively" lists are not conflicts),
    ``respectively-count`` (a "respectively" sentence whose list of values and list of
    names differ in length).
    ``abstract-differs-from-body`` (a whole paper: a value the abstract gives for its own
    method that the body and tables never state, while they state another value for the
    same metric and dataset; both pieces of evidence are given).
``info`` — worth a look
    ``abstract-not-in-body`` (a whole paper: a value of the abstract that no sentence, caption
    or table cell states, in any rounding), ``percent-basis`` (a change in % of a metric that is itself a percentage, with no
    "relative", "absolute" or "points" to say which), ``code-promised`` (the text says
    code or models will be released and gives no URL).

The sentence-level checks read the papers' text; given only a claims table (no text) they
fall back to the claims' own text, which finds fewer problems.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimtab.engine.urls import has_url as _has_url
from claimtab.metrics import UNBOUNDED_WORDS as _UNBOUNDED_WORDS
from claimtab.metrics import is_share_metric
from claimtab.quantities import format as fmt
from claimtab.quantities.cells import integer as _i
from claimtab.quantities.cells import number as _f
from claimtab.quantities.cells import text as _s
from claimtab.rules.compile import load_rules
from claimtab.rules.kinds import Registry, registry
from claimtab.text import sentence_of, sentence_spans

__all__ = ["FINDING_COLUMNS", "SEVERITIES", "Finding", "abstract_vs_body", "findings_frame", "lint", "lint_paper"]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
FINDING_COLUMNS: tuple[str, ...] = ("paper_id", "severity", "code", "message", "claims", "start", "end")


@dataclass(frozen=True)
class Finding:
    paper_id: str
    severity: str
    code: str
    message: str
    claims: str = ""
    start: int | None = None
    end: int | None = None

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FINDING_COLUMNS}


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table with :data:`FINDING_COLUMNS`."""
    rows = [f.row() for f in findings]
    data = {
        name: pd.Series([r[name] for r in rows], dtype="Int64" if name in ("start", "end") else "string")
        for name in FINDING_COLUMNS
    }
    return pd.DataFrame(data, columns=list(FINDING_COLUMNS))


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class _Claim:
    kind: str
    value: float | None
    value_max: float | None
    unit: str
    qualifier: str
    metric: str | None
    dataset: str | None
    subject: str | None
    condition: str | None
    baseline: str | None
    url: str | None
    status: str | None
    text: str
    start: int | None
    end: int | None
    field: str
    table: str | None = None
    row_label: str | None = None
    column: str | None = None

    @property
    def top(self) -> float | None:
        return self.value_max if self.value_max is not None else self.value

    def shown(self) -> str:
        return fmt.shown(self.value, self.value_max, self.unit)






def _claim(r: dict) -> _Claim:
    return _Claim(
        kind=_s(r.get("kind")) or "", value=_f(r.get("value")), value_max=_f(r.get("value_max")),
        unit=_s(r.get("unit")) or "", qualifier=_s(r.get("qualifier")) or "exact", metric=_s(r.get("metric")),
        dataset=_s(r.get("dataset_canonical")) or _s(r.get("dataset")), subject=_s(r.get("subject")),
        condition=_s(r.get("condition")), baseline=_s(r.get("baseline")), url=_s(r.get("url")),
        status=_s(r.get("status")), text=_s(r.get("text")) or "", start=_i(r.get("start")), end=_i(r.get("end")),
        field=_s(r.get("field")) or "abstract", table=_s(r.get("table")), row_label=_s(r.get("row_label")),
        column=_s(r.get("column")),
    )


# --------------------------------------------------------------------------- metrics

# --------------------------------------------------------------------------- rules: values


def _impossible(pid: str, c: _Claim, kinds: Registry) -> list[Finding]:
    """Values the kind's ``[kind.lint]`` bounds say cannot be right."""
    out: list[Finding] = []
    spec = kinds.get(c.kind)
    if c.value is None or spec is None:
        return out
    bounds = spec.lint

    def add(severity: str, code: str, message: str) -> None:
        out.append(Finding(pid, severity, code, message, c.text, c.start, c.end))

    def say(template: str, **more) -> str:
        return template.format(value=c.shown(), metric=c.metric or c.kind, **more)

    top = c.top
    low = min(c.value, c.value_max) if c.value_max is not None else c.value
    unbounded = bounds.unbounded_metric_ok and bool(c.metric and _UNBOUNDED_WORDS.search(c.metric))
    if c.unit == "%" and top is not None and bounds.max_percent is not None and top > bounds.max_percent:
        if not unbounded:
            add("error", "percent-over-100", say(bounds.max_percent_message, max=f"{bounds.max_percent:g}"))
    elif (bounds.share_max is not None and c.unit == "" and top is not None and top > bounds.share_max
          and is_share_metric(c.metric) and not re.search(r"(?i)\berrors?\b|\bloss\b", c.metric or "")):
        add("error", "percent-over-100", f"{c.metric} of {c.shown()}: a share cannot exceed {bounds.share_max:g}")
    if low < 0:
        if bounds.negative is not None:
            add("error", bounds.negative.code, say(bounds.negative.message))
        elif c.unit == "count":
            add("error", "negative-value", f"a negative count: {c.shown()}")
    elif c.unit == "x" and top is not None and top < 1 and bounds.factor_below_one:
        add("warning", f"{c.kind}-below-1", say(bounds.factor_below_one))
    return out


# --------------------------------------------------------------------------- rules: conflicts

_NOT_A_CONFLICT = re.compile(
    r"(?i)\b(?:to|from|vs\.?|versus|compared|than|over|against|relative|baseline|baselines|before|after|"
    r"while|whereas|but|and|or|respectively|improv\w*|increas\w*|decreas\w*|reduc\w*|rais\w*|boost\w*|drop\w*|"
    r"outperform\w*|surpass\w*|exceed\w*|v\.s)\b|→|->|/|,|;"
)


def _norm(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def _conflicts(pid: str, claims: Sequence[_Claim], texts: dict[str, str], kinds: Registry) -> list[Finding]:
    """One metric on one dataset for the same system and setting, with different values."""
    groups: dict[tuple, list[_Claim]] = defaultdict(list)
    checked = {k for k in kinds.names if kinds[k].lint.conflicts}
    for c in claims:
        if c.kind not in checked or c.value is None or not c.metric or not c.dataset or c.field not in _SUMMARY:
            continue
        key = (_norm(c.metric), _norm(c.dataset), _norm(c.subject), _norm(c.condition), c.unit, c.qualifier)
        groups[key].append(c)
    out = []
    for members in groups.values():
        values = {(c.value, c.value_max) for c in members}
        if len(values) < 2:
            continue
        keep = _drop_paired(members, texts)
        if len({(c.value, c.value_max) for c in keep}) < 2:
            continue
        keep.sort(key=lambda c: (c.field != "title", c.start or 0))
        shown = ", ".join(dict.fromkeys(c.shown() for c in keep))
        first, last = keep[0], keep[-1]
        same_field = first.field == last.field
        out.append(Finding(
            pid, "warning", "conflicting-scores",
            f"{first.metric} on {first.dataset} is given as {shown}",
            " | ".join(c.text for c in keep), first.start, last.end if same_field else first.end,
        ))
    return out


def _drop_paired(members: list[_Claim], texts: dict[str, str]) -> list[_Claim]:
    """The claims that are not one side of a before/after or comparison pair."""
    paired: set[int] = set()
    ordered = sorted(range(len(members)), key=lambda i: (members[i].field, members[i].start or 0))
    for a, b in zip(ordered, ordered[1:], strict=False):
        ca, cb = members[a], members[b]
        if ca.field != cb.field or ca.start is None or cb.start is None:
            continue
        source = texts.get(ca.field, "")
        if source:
            spans = sentence_spans(source)
            if sentence_of(spans, ca.start) == sentence_of(spans, cb.start):
                paired.update((a, b))  # one sentence: a list or a comparison, not two accounts
                continue
            gap = source[ca.end:cb.start] if ca.end is not None and ca.end <= cb.start else ""
        else:  # no text: claims this close are taken as one sentence
            if cb.start - (ca.end if ca.end is not None else ca.start) < 150:
                paired.update((a, b))
            continue
        if gap and len(gap) <= 80 and _NOT_A_CONFLICT.search(gap):
            paired.update((a, b))
    return [m for i, m in enumerate(members) if i not in paired]


# --------------------------------------------------------------------------- rules: sentences

_NUMVAL = r"[+\-]?\$?\d+(?:[.,]\d+)*(?:\s*(?:%|x\b|×|-?fold\b|times\b|points\b|pp\b|[KMBT]\b|k\b))?"
_SEP = r"(?:\s*,\s*(?:and|or)\s*,?\s+|\s*,\s*|\s+(?:and|or)\s+|\s*/\s*|\s*;\s*)"
_VALUE_LIST = re.compile(rf"(?<![\w.]){_NUMVAL}(?:{_SEP}{_NUMVAL})+")
_WORD = (
    r"(?!(?i:and|or|respectively|by|on|in|of|at|to|for|with|from|the|that|which|who|we|our|it|its|is|are|was|were|"
    r"be|been|has|have|than|as|while|when|where|both|between|among|across|per|via|using|compared|show\w*|"
    r"achiev\w*|reach\w*|obtain\w*|yield\w*|improv\w*|outperform\w*|surpass\w*|provid\w*|gain\w*)(?![\w\-]))"
    r"[A-Za-z][\w\-.+'/]*"
)
_TOKEN = rf"(?:{_WORD}|\d{{1,2}}(?![\w.%]))"  # "Track 1", never "5.6%"
_ITEM = rf"{_WORD}(?:\s+{_TOKEN}){{0,2}}"
_NAME_LIST = re.compile(
    rf"(?<![\w-]){_ITEM}(?:\s*,\s*{_ITEM})*\s*,?\s+(?:and|or)\s+{_ITEM}"
)


def _clean_latex(text: str) -> str:
    t = text.replace("\\%", "%").replace("$", "").replace("\\times", "x").replace("~", " ")
    t = re.sub(r"\\[a-zA-Z]+\{([^}]*)\}", r"\1", t)
    return re.sub(r"\s*\([^()]*\)", "", t)  # parentheses interrupt lists: "ScanObjectNN (hardest), ..."


_ONE_VALUE = re.compile(_NUMVAL)


def _items(match: str) -> int:
    """How many values a run of values holds ("1,244,340" is one)."""
    return len(_ONE_VALUE.findall(match))


_LIST_LEAD = re.compile(
    r"(?i)(?:\b(?:on|for|over|than|against|across|to|with|from|in|of|under|at|between|by|versus|vs\.?|including|"
    r"namely|like|as|surpass\w*|outperform\w*|beat\w*|exceed\w*|over)|:|--|—)\s*(?:the\s+)?$"
)


def _name_like(items: list[str]) -> bool:
    """A list of names: short items, at least two written like names (a capital or a digit)."""
    return all(len(i.split()) <= 3 for i in items) and sum(bool(re.search(r"[A-Z0-9]", i)) for i in items) >= 2


def respectively_counts(sentence: str) -> tuple[int, list[int], list[int]] | None:
    """For a "respectively" sentence: the number of values, the lengths of its lists of
    names (and of other values), and the lengths a list could also have (a list may have
    swallowed a phrase before it: "on three datasets, IMDB, Yelp13 and Yelp14").
    None when the sentence has no list of at least two values."""
    text = _clean_latex(sentence)
    cut = re.search(r"(?i)\brespectively\b", text)
    if not cut:
        return None
    text = text[: cut.start()] + " ; " + text[cut.end():]
    values = list(_VALUE_LIST.finditer(text))
    if not values:
        return None
    main = max(values, key=lambda m: _items(m.group(0)))
    n_values = _items(main.group(0))
    if n_values < 2:
        return None
    rest = text[: main.start()] + " ; " + text[main.end():]
    names: list[int] = []
    possible: list[int] = []
    for m in _NAME_LIST.finditer(rest):
        items = [i.strip() for i in re.split(_SEP, m.group(0)) if i.strip()]
        possible.append(len(items))
        while len(items) > 2 and not re.search(r"[A-Z0-9]", items[0]):
            items = items[1:]
            possible.append(len(items))
        # a list of names that can be held against the values follows a preposition
        # ("on A, B and C"); other lists may be clauses, and only excuse a mismatch
        if _name_like(items) and _LIST_LEAD.search(rest[max(0, m.start() - 30): m.start()]):
            names.append(len(items))
    others = [k for m in values if m is not main and (k := _items(m.group(0))) >= 2]
    return n_values, names + others, possible + others


def _respectively(pid: str, texts: dict[str, str], claims: Sequence[_Claim]) -> list[Finding]:
    out = []
    for field, source in texts.items():
        if not source or "respectively" not in source.lower():
            continue
        for s0, s1 in sentence_spans(source):
            sentence = source[s0:s1]
            counts = respectively_counts(sentence)
            if counts is None:
                continue
            n_values, names, possible = counts
            if not names or any(n == n_values or (n > 1 and n_values % n == 0) for n in possible):
                continue
            inside = [c.text for c in claims if c.field == field and c.start is not None and s0 <= c.start < s1]
            lengths = " or ".join(str(n) for n in sorted(set(names)))
            out.append(Finding(
                pid, "warning", "respectively-count",
                f"\"respectively\" pairs {n_values} values with a list of {lengths} names",
                " | ".join(inside) or sentence.strip(), s0, s1,
            ))
    return out


_BASIS = re.compile(r"(?i)relative|absolute|points?\b|\bpp\b|\bp\.p\.|percentage[\s-]+points?|\bpts?\b|times\b|\bfold\b")


def _percent_basis(pid: str, claims: Sequence[_Claim], texts: dict[str, str], kinds: Registry) -> list[Finding]:
    """A % change of a metric that is itself a percentage, with nothing saying which basis."""
    against = {k: kinds[k].lint.percent_basis_against for k in kinds.names if kinds[k].lint.percent_basis_against}
    share_metrics = {(c.kind, _norm(c.metric)) for c in claims if c.unit == "%" and c.metric}
    out = []
    for c in claims:
        if c.kind not in against or c.unit != "%" or not c.metric:
            continue
        if not (is_share_metric(c.metric) or (against[c.kind], _norm(c.metric)) in share_metrics):
            continue
        source = texts.get(c.field, "")
        sentence = c.text
        if source and c.start is not None and source[c.start:c.end] == c.text:
            spans = sentence_spans(source)
            s0, _ = sentence_of(spans, c.start)
            _, s1 = sentence_of(spans, max(c.start, (c.end or c.start) - 1))
            sentence = source[s0:s1]
        if _BASIS.search(sentence):
            continue
        out.append(Finding(
            pid, "info", "percent-basis",
            f"a change of {c.shown()} in {c.metric}, itself a percentage: relative or percentage points?",
            c.text, c.start, c.end,
        ))
    return out


_RELEASE_OBJECT = re.compile(
    r"(?i)\b(?:code|codes|source|implementation|models?|weights|checkpoints?|data(?:sets?)?|benchmark|"
    r"toolkit|library|software|repository|repo|resources|artifacts?)\b"
)
_AVAILABLE = re.compile(r"(?i)\b(?:available|releas\w*|open[\s-]?sourc\w*|public\w*|shar\w*|provid\w*)\b")


def has_url(text: str) -> bool:
    return any(_has_url(text, u) for u in load_rules().urls.values())


def _code_promised(pid: str, claims: Sequence[_Claim], texts: dict[str, str], kinds: Registry) -> list[Finding]:
    """The text promises code or models and gives no link."""
    url_kinds = set(kinds.by_detector("urls"))
    if not url_kinds or any(c.kind in url_kinds and (c.url or has_url(c.text)) for c in claims):
        return []
    # the same cues as a link's "promised" status
    promised = load_rules().urls[next(iter(sorted(url_kinds)))].promised
    for source in texts.values():
        if not source:
            continue
        for s0, s1 in sentence_spans(source):
            sentence = source[s0:s1]
            if promised.search(sentence) and _RELEASE_OBJECT.search(sentence) and _AVAILABLE.search(sentence) \
                    and not has_url(sentence):
                return [Finding(pid, "info", "code-promised", "the text promises a release but gives no URL",
                                sentence.strip(), s0, s1)]
    for c in claims:
        if c.kind in url_kinds and c.status == "promised" and not c.url:
            return [Finding(pid, "info", "code-promised", "the text promises a release but gives no URL",
                            c.text, c.start, c.end)]
    return []


# --------------------------------------------------------------------------- abstract against body

_SUMMARY = ("title", "abstract")
_FULL_TEXT = ("body", "caption", "table")
_STATED = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?|(?<![\w.])\.\d+")


def _stated_numbers(texts: dict[str, str]) -> set[float]:
    """Every number the body, captions and tables write, as floats."""
    out = set()
    for field in _FULL_TEXT:
        for m in _STATED.finditer(texts.get(field, "")):
            try:
                out.add(float(m.group().replace(",", "")))
            except ValueError:
                continue
    return out


def _decimals(c: _Claim) -> int:
    written = re.search(r"\d+(?:\.(\d+))?", c.text or "")
    return len(written.group(1) or "") if written else 0


def _stated(value: float, decimals: int, numbers: set[float]) -> bool:
    """``value`` is among ``numbers`` as written or rounded to the abstract's decimals, or as
    a fraction of its percentage (0.815 for 81.5%)."""
    for v in (value, value / 100):
        if v in numbers or any(round(n, decimals + (2 if v is not value else 0)) == round(v, 6) for n in numbers):
            return True
    return False


def _where(c: _Claim) -> str:
    if c.field == "table":
        place = ", ".join(x for x in (f"row {c.row_label}" if c.row_label else "",
                                      f"column {c.column}" if c.column else "") if x)
        return f"table {c.table}" + (f" ({place})" if place else "")
    return "the captions" if c.field == "caption" else "the body"


def abstract_vs_body(pid: str, claims: Sequence[_Claim], texts: dict[str, str], kinds: Registry) -> list[Finding]:
    """A whole paper against itself: each value its title or abstract claims for its own
    method (the kinds lint checks for conflicts: scores) that no body sentence, caption or
    table cell states. With a value stated for the same metric and dataset elsewhere, a
    warning with both pieces of evidence (the paper's own row, else the nearest value);
    without, an info finding."""
    if not any(texts.get(f) for f in _FULL_TEXT):
        return []  # only a title and an abstract: nothing to check them against
    checked = {k for k in kinds.names if kinds[k].lint.conflicts}
    numbers = _stated_numbers(texts)
    out = []
    for c in claims:
        if c.field not in _SUMMARY or c.kind not in checked or c.value is None or c.subject is not None:
            continue
        if _stated(c.value, _decimals(c), numbers) and (c.value_max is None or _stated(c.value_max, 0, numbers)):
            continue
        same = [o for o in claims if o.field in _FULL_TEXT and o.kind == c.kind and o.value is not None
                and c.metric and c.dataset and _norm(o.metric) == _norm(c.metric) and _norm(o.dataset) == _norm(c.dataset)]
        if same:
            other = min(same, key=lambda o: (o.subject is not None, abs(o.value - c.value)))
            out.append(Finding(
                pid, "warning", "abstract-differs-from-body",
                f"the abstract gives {c.metric} on {c.dataset} as {c.shown()}; {_where(other)} gives {other.shown()}",
                f"{c.text} | {other.text}", c.start, c.end,
            ))
        else:
            what = " on ".join(x for x in (c.metric, c.dataset) if x)
            out.append(Finding(
                pid, "info", "abstract-not-in-body",
                f"the abstract's {c.shown()}{f' ({what})' if what else ''} is stated nowhere in the body or tables",
                c.text, c.start, c.end,
            ))
    return out


# --------------------------------------------------------------------------- driver


def lint_paper(
    pid: str, rows: Sequence[dict], texts: dict[str, str] | None = None, kinds: Registry | None = None
) -> list[Finding]:
    """Findings for one paper: its claims (rows of the claims table) and, when known, its
    ``{"title": ..., "abstract": ...}`` text (a whole paper's ``body``, ``caption`` and
    ``table`` texts too)."""
    kinds = kinds or registry()
    full = {k: v for k, v in (texts or {}).items() if v}
    texts = {k: v for k, v in full.items() if k in _SUMMARY}  # the sentence checks read title and abstract
    every = [_claim(r) for r in rows]
    # the checks below read a title and an abstract (a finding's offsets point into them); a
    # whole paper's body and table cells (many settings, metrics read from headers by rules)
    # are held against the abstract instead
    claims = [c for c in every if c.field in _SUMMARY]
    numeric = [c for c in claims if c.value is not None]
    out: list[Finding] = []
    for c in numeric:
        out.extend(_impossible(pid, c, kinds))
    out.extend(_conflicts(pid, numeric, texts, kinds))
    out.extend(_respectively(pid, texts, numeric))
    out.extend(_percent_basis(pid, numeric, texts, kinds))
    out.extend(_code_promised(pid, claims, texts, kinds))
    out.extend(abstract_vs_body(pid, [c for c in every if c.value is not None], full, kinds))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    out.sort(key=lambda f: (rank[f.severity], f.start if f.start is not None else -1))
    return out


def lint(claims: pd.DataFrame, papers: dict | None = None) -> list[Finding]:
    """Findings for every paper, in the order papers first appear (papers without claims too)."""
    papers = papers or {}
    by_paper: dict[str, list[dict]] = {}
    for pid in papers:
        by_paper.setdefault(str(pid), [])
    for r in claims.to_dict("records"):
        pid = _s(r.get("paper_id"))
        if pid is not None:
            by_paper.setdefault(pid, []).append(r)
    out: list[Finding] = []
    for pid, rows in by_paper.items():
        p = papers.get(pid)
        texts = {f: getattr(p, f, "") or "" for f in ("title", "abstract", *_FULL_TEXT)} if p else {}
        out.extend(lint_paper(pid, rows, texts))
    return out
