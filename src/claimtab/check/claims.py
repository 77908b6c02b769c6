"""A paper's claims as the checker compares them, and what a sheet row says about its value."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz.distance import OSA

from claimtab.quantities import format as fmt
from claimtab.quantities.cells import missing
from claimtab.quantities.units import BARE, unit_class
from claimtab.rules.compile import Rules, load_rules
from claimtab.rules.files import ENV
from claimtab.rules.kinds import Registry, registry


def kinds() -> Registry:
    """The kind registry of the active rules, looked up once per rules folder (finding the
    folder costs more than a sheet row)."""
    return _kinds_for(os.environ.get(ENV))


@cache
def _kinds_for(env: str | None) -> Registry:
    return registry()


def rules() -> Rules:
    """The compiled rules of the active rules folder, looked up once per folder."""
    return _rules_for(os.environ.get(ENV))


@cache
def _rules_for(env: str | None) -> Rules:
    return load_rules()


def sig_digits(value: float) -> str:
    """The significant digits of a number, without sign, point, leading or trailing zeros
    (81.46 -> "8146", 1.3e9 -> "13", 0.05 -> "5")."""
    if value == 0 or not math.isfinite(value):
        return "0"
    mant = f"{abs(value):.11e}".split("e")[0].replace(".", "")
    return mant.rstrip("0") or "0"


def typo_distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    return OSA.distance(a, b)


def _equal(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


def _within(sheet: float, paper: float, ulp: float) -> bool:
    """``paper`` rounds to ``sheet`` at the sheet's precision."""
    return abs(paper - sheet) <= ulp / 2 * (1 + 1e-9) + 1e-12 * max(abs(sheet), 1.0)


# --------------------------------------------------------------------------- context

_STOP = frozenset({"the", "a", "an", "of", "on", "in", "for", "and", "to", "with", "at", "by", "vs", "over", "than"})


def normalize_kind(text: Any) -> str | None:
    """A claim kind from a sheet cell (``Speed-up`` -> ``speedup``); None when unknown or empty."""
    return kinds().normalize(text)


def tokens(text: Any) -> frozenset[str]:
    """Lower-cased content words (articles and the like removed, a plural s dropped)."""
    if missing(text):
        return frozenset()
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", str(text)).lower())
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words if w not in _STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Loose agreement of two token sets: None when either is empty, else half of the
    smaller set shared (or one name contained in the other, "ImageNet" / "ImageNet-1K")."""
    if not a or not b:
        return None
    shared = len(a & b)
    if shared * 2 >= min(len(a), len(b)):
        return True
    ja, jb = "".join(sorted(a)), "".join(sorted(b))
    return ja in jb or jb in ja


@dataclass(frozen=True)
class Context:
    """What the sheet says about the number besides the value."""

    kind: str | None = None
    metric: frozenset[str] = frozenset()
    dataset: frozenset[str] = frozenset()
    baseline: frozenset[str] = frozenset()
    hint: frozenset[str] = frozenset()  # words typed after the value ("top-1 accuracy")

    @property
    def has_fields(self) -> bool:
        return bool(self.metric or self.dataset or self.baseline)


@dataclass(frozen=True)
class PaperClaim:
    """One numeric claim of a paper, prepared once for comparisons."""

    paper_id: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    metric: str | None
    dataset: str | None
    baseline: str | None
    text: str
    start: int | None
    end: int | None
    field: str
    metric_t: frozenset[str]
    dataset_t: frozenset[str]
    baseline_t: frozenset[str]
    digits: str
    order: int
    alt_units: frozenset[str] = frozenset()  # other units the text supports ("%" said with "points")
    qualifier: str = "exact"
    subject: str | None = None  # another system the value is of (a baseline's row in a results table)
    source: str = "claim"  # "claim": classified by the extractor; "text": a number the text writes
    number: tuple[int, int] | None = None  # the number's own span (text-sourced numbers)
    sentence: str = ""  # the sentence that writes it (text-sourced numbers)
    classes: frozenset[str] = frozenset()  # the number finder's mention classes (text-sourced numbers)
    signed: bool = False  # the text writes its sign ("-0.3", "+2.1")
    listed: int = 0  # the length of the list of values it stands in (0: none)
    whole: str = ""  # the whole range or list it stands in, when that is more than its own text
    whole_start: int | None = None
    whole_end: int | None = None
    claimed: str = ""  # text-sourced: the kind of the claim classified from it ("" when none was)

    @property
    def unit_class(self) -> str:
        return unit_class(self.unit) or BARE

    def shown(self) -> str:
        return fmt.shown(self.value, self.value_max, self.unit)

    def where(self) -> str:
        return f"{self.field} {self.start}-{self.end}" if self.start is not None else self.field

    @property
    def span(self) -> tuple[int | None, int | None]:
        """The offsets the report gives: the whole range or list when there is one."""
        if self.whole:
            return self.whole_start, self.whole_end
        return self.start, self.end

    def describe(self) -> str:
        if self.source != "claim":
            what = "a number the text writes, no claim classified from it"
            if self.claimed:
                what = f"a number the text writes, classified as a {self.claimed} claim with another value"
            return f'"{_clip(self.text)}" ({what}; {self.where()}) in "{_around(self)}"'
        parts = [self.kind] + [p for p in (self.metric, self.dataset) if p]
        if self.baseline:
            parts.append(f"vs {self.baseline}")
        whole = f' in "{_clip(self.whole)}" ({self.whole_start}-{self.whole_end})' if self.whole else ""
        return f'"{_clip(self.text)}" ({", ".join(parts)}; {self.where()}){whole}'

    def listing(self) -> str:
        return f'{self.shown()} "{_clip(self.text, 60)}" [{self.start}:{self.end}]'


def _around(c: PaperClaim, n: int = 160) -> str:
    """The sentence of a text-sourced number, clipped around the number."""
    sent = " ".join(c.sentence.split())
    if len(sent) <= n:
        return sent
    at = max(0, sent.find(" ".join(c.text.split())))
    lo = max(0, min(at - n // 3, len(sent) - n))
    return ("…" if lo else "") + sent[lo:lo + n - 2].strip() + ("…" if lo + n - 2 < len(sent) else "")


def _clip(text: str, n: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True)
class Fit:
    """How a claim's context fits the sheet's: contradicted fields and agreement score.

    A different kind rules a claim out; a metric, dataset or baseline that shares no word
    with the sheet's only lowers the score (the extractor links those loosely)."""

    contradicts: tuple[str, ...]
    agrees: tuple[str, ...]
    score: float

    @property
    def other_kind(self) -> bool:
        return "kind" in self.contradicts

    @property
    def soft(self) -> tuple[str, ...]:
        return tuple(c for c in self.contradicts if c != "kind")


def fit(ctx: Context, c: PaperClaim) -> Fit:
    contra: list[str] = []
    agree: list[str] = []
    score = 0.0
    if ctx.kind:
        if c.kind == ctx.kind:
            agree.append("kind")
            score += 1.0
        elif kinds().related(ctx.kind, c.kind):
            score += 0.25
        else:
            contra.append("kind")
    for name, mine, theirs in (
        ("metric", ctx.metric, c.metric_t), ("dataset", ctx.dataset, c.dataset_t), ("baseline", ctx.baseline, c.baseline_t),
    ):
        ok = overlap(mine, theirs)
        if ok is True:
            agree.append(name)
            score += 1.0
        elif ok is False:
            contra.append(name)
            score -= 1.0
    if ctx.hint and overlap(ctx.hint, c.metric_t | c.dataset_t):
        score += 0.5
    if c.subject:  # a sheet reports a paper's own results: another system's value is a weaker reading
        score -= 0.5
    return Fit(tuple(contra), tuple(agree), score)


