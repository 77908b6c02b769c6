"""The number index of a paper: every number its text writes, whether or not the extractor
classified a claim from it.

Each number is read by the engine's own number finder (:class:`~claimtab.engine.mentions.MentionFinder`,
with its ranges, changes and lists bound), outside links, in every field of the paper (title,
abstract, and body when the record has one). It keeps its unit, scale, qualifier, sentence,
offsets, the range or list it stands in, and whether a classified claim stands for it. The
numbers become :class:`~claimtab.check.claims.PaperClaim` records with ``source = "text"`` and
no kind, so that the checker compares them with the same functions as claims.

The index of a paper is built when a sheet row first names it, so a sheet that names ten
papers of a thousand reads ten texts.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimtab.check.claims import PaperClaim, _equal, rules, sig_digits
from claimtab.engine.classify import Classifier
from claimtab.engine.mentions import Mention, MentionFinder
from claimtab.rules.compile import Rules, load_rules
from claimtab.text import sentence_of, sentence_spans

FIELDS = ("title", "abstract", "body")
# a "%" whose sentence also calls it points may be read as "pp"
POINTS = re.compile(r"(?i)percentage[\s-]+points?|\bpoints?\b|\bpp\b|\bp\.p\.|\bpts?\b|\babsolute")
TEXT = "text"  # the source of a number the text writes (a claim's source is "claim")


@dataclass(frozen=True)
class Reader:
    """The engine's number finder and qualifier cues for one rules folder."""

    rules: Rules
    finder: MentionFinder
    classifier: Classifier


@cache
def _reader(root: Path) -> Reader:
    rules = load_rules(root)
    return Reader(rules, MentionFinder(rules), Classifier(rules))


def reader() -> Reader:
    return _reader(rules().root)


def _links(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of every link of the text (code or not): their digits are not numbers."""
    spans: list[tuple[int, int]] = []
    for spec in rules.urls.values():
        if not any(k in text for k in spec.hints):
            continue
        spans += [m.span() for m in spec.href.finditer(text)]
        spans += [m.span("url") for m in spec.url.finditer(text)]
    return spans


def _signed(m: Mention) -> tuple[float, float | None]:
    if "signed" in m.classes and m.sign < 0:
        if m.value_max is None:
            return -m.value, None
        return -m.value_max, -m.value  # "-3% to -41%": both ends signed
    return m.value, m.value_max


def _snapshot(ms: list[Mention]) -> list[Mention]:
    return [dataclasses.replace(m, classes=set(m.classes)) for m in ms]


def mentions_of(text: str, rd: Reader | None = None) -> list[Mention]:
    """Every number ``text`` writes: the bound mentions (ranges, lists, changes), the first
    values of changes ("from 42.8% to 30%": 42.8% is written too), ranges whose ends carry
    their signs ("+0.9% to +6.6%"), and numbers glued to a word the finder leaves to names
    ("near-100%", "1.6mAP"), in text order."""
    rd = rd or reader()
    blocked = _links(text, rd.rules)
    found = rd.finder.find(text, blocked)
    found += _change_starts(text, found, rd)
    found += _glued(text, found, blocked, rd)
    found.sort(key=lambda m: (m.start, m.end))
    raw = _snapshot(found)
    rd.finder.bind(text, found)
    out = list(found)
    for r in raw:  # values that binding folded into another ("from A to B" keeps B)
        if not any(_holds(b, r.value) and b.start <= r.start < max(b.end, r.end) for b in found):
            out.append(r)
    out += _signed_ranges(text, found)
    out.sort(key=lambda m: (m.start, m.end))
    return out


_GLUED_PERCENT = re.compile(r"(?<=[A-Za-z]-)(\d+(?:\.\d+)?)\s?\\?%")
_GLUED_WORD = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)([A-Za-z][A-Za-z0-9@]*)")
_COMPOUND = re.compile(r"(?<![\w.,\-–])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?=-[a-z]{2,})")
# a number with decimals or thousands separators, or before a %, that no name or link touches
_LEFTOVER = re.compile(r"(?<![\w.,\-/@^_])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+(?=\s?\\?%))(\s?\\?%)?(?![\w.,]\d|\w)")
_SPREAD = re.compile(r"(?:±|\\pm|\+/-|\+-)\$?\s*(\d+(?:\.\d+)?)(\s?\\?%)?")
_RANGE_SEP = re.compile(r"^\s*(?:to|-|–|—|~)\s*$")


def _glued(text: str, found: list[Mention], blocked, rd: Reader) -> list[Mention]:
    """Numbers the finder leaves to names because a word touches them, when what touches
    them says what they are: a percentage after a hyphen ("near-100%"), a number before the
    name of a metric ("1.6mAP"), a number that makes a compound with the noun it counts
    ("an 80-case subset"); and numbers with decimals or before a % the finder declines
    (a percentage above 1000, a decimal in an unusual place)."""
    taken = [(m.start, m.end) for m in found] + list(blocked)

    def free(s: int) -> bool:
        return not any(a <= s < b for a, b in taken)

    out = []
    for m in _GLUED_PERCENT.finditer(text):
        if free(m.start()):
            out.append(Mention(m.start(), m.end(), float(m.group(1)), None, "%", {"percent", "glued"}))
    for m in _GLUED_WORD.finditer(text):
        if free(m.start()) and m.group(2).lower() in rd.rules.metric_names:
            out.append(Mention(m.start(), m.end(1), float(m.group(1)), None, "", {"plain", "glued"}))
    for m in _COMPOUND.finditer(text):  # "an 80-case subset", "a 12,000-cell subset"
        if free(m.start()):
            num = m.group(1)
            out.append(Mention(m.start(), m.end(), float(num.replace(",", "")), None, "",
                               {"plain" if "." in num else "plain_int", "glued"}))
    for m in _SPREAD.finditer(text):  # "76.91 $\pm$ 1.17%": the spread is written too
        if not any(b0 <= m.start(1) < b1 for b0, b1 in blocked) and not any(
                o.start == m.start(1) for o in (*found, *out)):
            pct = bool(m.group(2))
            out.append(Mention(m.start(1), m.end(), float(m.group(1)), None, "%" if pct else "",
                               {"percent" if pct else "plain", "spread"}))
    for m in _LEFTOVER.finditer(text):  # what the finder declines: "9620.33\% mean human normalized score"
        if free(m.start()) and not any(o.start <= m.start() < o.end for o in out):
            num, pct = m.group(1), m.group(2)
            out.append(Mention(m.start(), m.end(), float(num.replace(",", "")), None, "%" if pct else "",
                               {"percent"} if pct else {"plain" if "." in num else "plain_int"}))
    return out


def _signed_ranges(text: str, found: list[Mention]) -> list[Mention]:
    """"(+0.9% to +6.6%)", "(-3% to -41%)": two numbers with their own signs, one range."""
    out = []
    for a, b in zip(found, found[1:], strict=False):
        if a.value_max is None and b.value_max is None and a.unit == b.unit and _RANGE_SEP.match(text[a.end:b.start]):
            (lo, _), (hi, _) = _signed(a), _signed(b)
            lo, hi = min(lo, hi), max(lo, hi)
            out.append(Mention(a.start, b.end, lo, hi, a.unit, a.classes | b.classes))
    return out


def _change_starts(text: str, found: list[Mention], rd: Reader) -> list[Mention]:
    """The first values of changes the finder read as one ("from 42.8% to 30%" keeps 30%)."""
    out = []
    for m in found:
        if m.from_to and 0 <= m.ctx_start < m.start:
            for a in rd.finder.find(text[m.ctx_start:m.start], []):
                out.append(dataclasses.replace(a, start=a.start + m.ctx_start, end=a.end + m.ctx_start))
    return out


def _holds(m: Mention, v: float) -> bool:
    return _equal(m.value, v) or (m.value_max is not None and _equal(m.value_max, v))


def numbers_of_field(pid: str, field: str, text: str, order0: int, rd: Reader | None = None) -> list[PaperClaim]:
    """The numbers of one field as text-sourced claims (no kind), in text order."""
    rd = rd or reader()
    if not text:
        return []
    sents = sentence_spans(text)
    out = []
    mentions = mentions_of(text, rd)
    for i, m in enumerate(mentions):
        sent = sentence_of(sents, m.start)
        left, right = rd.classifier.windows(text, sent, m.start, m.end)
        qual, _ = rd.classifier.qualifier(left, right)
        value, vmax = _signed(m)
        gs, ge = m.group if m.group else (m.start, m.end)
        sentence = text[sent[0]:sent[1]]
        alt = _alt_units(text, sent, mentions, i)
        out.append(PaperClaim(
            paper_id=pid, kind="", value=value, value_max=vmax, unit=m.unit, metric=None, dataset=None,
            baseline=None, text=text[gs:ge], start=gs, end=ge, field=field, metric_t=frozenset(),
            dataset_t=frozenset(), baseline_t=frozenset(), digits=sig_digits(value), order=order0 + i,
            qualifier=qual, source=TEXT, number=(m.start, m.end), sentence=sentence, alt_units=alt,
            classes=frozenset(m.classes), signed="signed" in m.classes,
            listed=m.gidx[1] if m.gidx else 0,
        ))
    return out


# what the words right after a bare number may say of its unit
_FACTOR_AFTER = re.compile(
    r"^[\s$}]*(?:(?:\\times|×)(?![\s{]*10\b)|times\b|-?fold\b|faster\b|slower\b|larger\b|smaller\b|fewer\b|"
    r"cheaper\b|speed-?ups?\b)", re.I)  # (not "8.4 \times 10^4")
_PERCENT_AFTER = re.compile(r"^(?:[^.;:]|\.(?=\d)){0,60}?(?:\(\s*\\?%\s*\)|\bin\s+\\?%|\bpercent\b)", re.I)
_PARALLEL = re.compile(r"^[^.;:]{0,40}$")
_LONE_DIGIT = re.compile(r"(?<![\w\-.])\d")  # a number of its own (not the 10 of "CIFAR-10")


def _alt_units(text: str, sent: tuple[int, int], ms: list[Mention], i: int) -> frozenset[str]:
    """Units a number's words give it besides the one written beside it: "pp" for a "%" its
    sentence calls points; "x" for a bare number before "times" or "faster" ("$20$ times",
    "4--11 faster"); "%" for a bare number before "(%)" or in a series of percentages
    ("3.35% on SVHN, 8.27% on CIFAR-10, and 33.97 on CIFAR-100")."""
    m = ms[i]
    if m.unit == "%":
        return frozenset({"pp"}) if POINTS.search(text[sent[0]:sent[1]]) else frozenset()
    if m.unit:  # "75% MACs": the finder took the noun after the % for the unit
        return frozenset({"%"}) if "%" in text[m.start:m.end] else frozenset()
    alt = set()
    after = text[m.end:sent[1]]
    if _FACTOR_AFTER.match(after):
        alt.add("x")
    if _PERCENT_AFTER.match(after):
        alt.add("%")
    alt |= _series_unit(text, sent, ms, i)
    return frozenset(alt)


def _parallel(text: str, a: Mention, b: Mention) -> bool:
    between = text[a.end:b.start]
    return bool(_PARALLEL.match(between)) and not _LONE_DIGIT.search(between) and (
        "," in between or " and " in between or " or " in between)


def _series_unit(text: str, sent: tuple[int, int], ms: list[Mention], i: int) -> set[str]:
    """The unit of a series of at least three parallel numbers in which only this one
    is bare ("3.35% on SVHN, 8.27% on CIFAR-10, and 33.97 on CIFAR-100")."""
    lo = hi = i
    while lo > 0 and sent[0] <= ms[lo - 1].start and _parallel(text, ms[lo - 1], ms[lo]):
        lo -= 1
    while hi + 1 < len(ms) and ms[hi + 1].start < sent[1] and _parallel(text, ms[hi], ms[hi + 1]):
        hi += 1
    others = {ms[j].unit for j in range(lo, hi + 1) if j != i}
    if hi - lo >= 2 and len(others) == 1 and others <= {"%", "x"}:
        return set(others)
    return set()


def _stands_for(c: PaperClaim, n: PaperClaim) -> bool:
    """Does claim ``c`` stand for the written number ``n`` (same field, the number inside the
    claim's evidence, the same value up to the sign a kind gives it)?"""
    if c.field != n.field or c.start is None or c.end is None or n.number is None:
        return False
    if not (c.start <= n.number[0] < max(c.end, n.number[0] + 1)):
        return False
    vals = {abs(n.value)} | ({abs(n.value_max)} if n.value_max is not None else set())
    return any(math.isclose(abs(v), w, rel_tol=1e-6, abs_tol=1e-12) for v in (c.value, c.value_max)
               if v is not None for w in vals)


def link(claims: list[PaperClaim], numbers: list[PaperClaim]) -> tuple[list[PaperClaim], list[PaperClaim]]:
    """Claims with the list or range they stand in (``whole``), and the numbers marked with
    the kind of the claim classified from them (``claimed``; empty when none was)."""
    claimed: dict[int, str] = {}
    out_claims = []
    for c in claims:
        hit = next((j for j, n in enumerate(numbers) if _stands_for(c, n)), None)
        if hit is None:
            out_claims.append(c)
            continue
        claimed.setdefault(hit, c.kind)
        n = numbers[hit]
        inside = c.start is not None and c.end is not None and c.start <= n.start and n.end <= c.end
        whole = n.text if not inside and (n.listed or n.value_max is not None) else ""
        alt = c.alt_units | (n.alt_units if n.unit == c.unit else frozenset())
        out_claims.append(dataclasses.replace(c, whole=whole, whole_start=n.start if whole else None,
                                              whole_end=n.end if whole else None, listed=n.listed,
                                              signed=n.signed, alt_units=alt))
    out_numbers = [dataclasses.replace(n, claimed=claimed[j]) if j in claimed else n for j, n in enumerate(numbers)]
    return out_claims, out_numbers


def paper_numbers(pid: str, texts: dict[str, str], rd: Reader | None = None) -> list[PaperClaim]:
    """Every number of a paper's fields, title first."""
    rd = rd or reader()
    out: list[PaperClaim] = []
    for field in FIELDS:
        text = texts.get(field) or ""
        out += numbers_of_field(pid, field, text, 10_000_000 + len(out), rd)
    return out
