"""``claimtab check`` measured the way a user meets it: sheets built from the dev gold sets,
30% of their values slipped, checked against the papers; caught and false-alarm rates over
*all* rows.

Every non-optional numeric gold claim of ``dev.gold.jsonl`` and ``dev2.gold.jsonl`` (one row
per distinct claim key of a paper) becomes a sheet row with its paper id, its kind and its value
typed the way people type it (``4.6x``, ``81.5%``, ``1.3B``, ``$1,890``, ``~3x``). A seeded
30% of the rows get one slip of the hand:

- ``digit``: one digit changed;
- ``scale``: the scale or unit slipped (a count's or a sum's thousands letter changed, dropped
  or added; a physical unit's prefix changed; ``x`` and ``%`` swapped; points typed as ``%``;
  a plain number given an ``x``);
- ``shift``: the decimal point moved one place.

A slip that gives a value the paper itself states is not a slip anyone could catch from the
paper, so it is drawn again (the next seeded slip): "states" means a gold claim of the paper
has that value in a compatible unit, or the paper's text writes that number in that unit
(read here with a plain regex of its own, not with the checker's number finder).

No row is left out: a row whose claim the extractor misses counts like any other. Caught: a
slipped row reported ``mismatch`` or ``unit_mismatch``. False alarm: an untouched row reported
anything but ``confirmed`` or ``rounded``. Run ``pytest tests/test_check_rates.py -s`` to see
the rates and every miss.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
import pytest

import claimtab
from claimtab.check import PaperIndex, check_sheet, detect_columns, parse_reported
from claimtab.frame import claims_frame
from claimtab.keys import claim_key
from claimtab.quantities.units import unit_class
from claimtab.rules.kinds import registry
from conftest import gold_corpus

SLIPS = ("digit", "scale", "shift")
ROUNDS = 5
CAUGHT_MIN = 0.98
FALSE_ALARM_MAX = 0.01


# --------------------------------------------------------------------------- typing a value


def _num(v: float) -> str:
    text = f"{v:.10g}"
    return f"{v:.10f}".rstrip("0").rstrip(".") if "e" in text else text


_SCALE_WORDS = {"T": "trillion", "B": "billion", "M": "million", "K": "thousand"}
_SCALES = (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3))


def _count_text(v: float, written: str) -> str:
    """A count as a person copies it: with the paper's scale letter or word when it had one."""
    a = abs(v)
    for suffix, mult in _SCALES:
        if a >= mult and re.search(rf"\d\s*(?:{suffix}\b|{suffix.lower()}\b|{_SCALE_WORDS[suffix]})", written):
            return _num(v / mult) + suffix
    for suffix, mult in _SCALES[:3]:
        if a >= mult:
            return _num(v / mult) + suffix
    return f"{int(v):,}" if float(v).is_integer() and a >= 1000 else _num(v)


_PREFIX = {"about": "~", "up_to": "up to ", "at_least": ">", "at_most": "<"}
_SUFFIX = {"x": "x", "%": "%", "pp": " pp", "": "", "count": "", "USD": ""}


@dataclass(frozen=True)
class Typed:
    """A value as typed: a qualifier, one number or the two ends of a range, a unit."""

    lead: str
    nums: tuple[str, ...]
    suffix: str

    def __str__(self) -> str:
        sep = " to " if len(self.nums) > 1 and self.nums[1].startswith("-") else "-"
        return self.lead + sep.join(self.nums) + self.suffix


def typed_value(claim: dict) -> Typed:
    """A gold claim's value as a person would type it into a sheet."""
    unit = claim.get("unit") or ""
    values = [claim["value"]] + ([claim["value_max"]] if claim.get("value_max") is not None else [])
    if unit == "count":
        nums = [_count_text(v, claim.get("text") or "") for v in values]
    elif unit == "USD":
        nums = ["$" + (f"{v:,.0f}" if float(v).is_integer() else _num(v)) for v in values]
    else:
        nums = [_num(v) for v in values]
    return Typed(_PREFIX.get(claim.get("qualifier") or "", ""), tuple(nums), _SUFFIX.get(unit, f" {unit}"))


# --------------------------------------------------------------------------- slips

_NUMBER = re.compile(r"^(-?\$?)([\d,]*\.?\d+)(.*)$")
# a physical unit's neighbour by a factor of a thousand (or sixty), as people confuse them
_PREFIX_SLIP = {"ms": "s", "s": "ms", "min": "s", "GB": "MB", "MB": "GB", "TB": "GB", "mW": "W", "W": "mW",
                "J": "mJ", "mJ": "J", "Hz": "kHz", "kHz": "Hz", "GFLOPs": "TFLOPs", "TFLOPs": "GFLOPs",
                "days": "hours", "hours": "days", "GPU-hours": "GPU-days", "GPU-days": "GPU-hours"}


def _digit(num: str, seed: int) -> str:
    sign, body, rest = _NUMBER.match(num).groups()
    positions = [i for i, ch in enumerate(body) if ch.isdigit()]
    pos = positions[seed % len(positions)]
    old = int(body[pos])
    new = (old + 1 + seed // 7 % 9) % 10
    if pos == positions[0] and new == 0 and len(positions) > 1:
        new = (old + 2) % 10 or 1
    return sign + body[:pos] + str(new) + body[pos + 1:] + rest


def _shift(num: str, seed: int) -> str:
    sign, body, rest = _NUMBER.match(num).groups()
    intpart, _, frac = body.replace(",", "").partition(".")
    if frac and (seed % 2 or intpart == "0"):
        shifted = intpart + frac[0] + ("." + frac[1:] if frac[1:] else "")  # 8.15 -> 81.5
    else:
        shifted = intpart[:-1] + "." + intpart[-1] + frac  # 81.5 -> 8.15
    shifted = shifted.lstrip("0") or "0"
    if shifted.startswith("."):
        shifted = "0" + shifted
    return sign + shifted + rest


_LETTERS = [s for s, _ in _SCALES]


def _rescaled(num: str, unit: str, seed: int) -> str:
    """A count or a sum with its thousands letter changed, dropped or added."""
    sign, body, rest = _NUMBER.match(num).groups()
    if rest[:1] in _LETTERS:
        i = _LETTERS.index(rest[0])
        options = [""] + [x for x in (_LETTERS[i - 1] if i else None, _LETTERS[i + 1] if i + 1 < 4 else None) if x]
        return sign + body + options[seed % len(options)] + rest[1:]  # 1.3B -> 1.3, 1.3T or 1.3M
    return sign + body + ("K" if seed % 2 or unit == "USD" else "M") + rest


def _scale(t: Typed, unit: str, seed: int) -> Typed:
    if unit in ("count", "USD"):
        k = seed % len(t.nums)
        return Typed(t.lead, t.nums[:k] + (_rescaled(t.nums[k], unit, seed // 2),) + t.nums[k + 1:], t.suffix)
    suffix = {"x": "%", "%": "x", "pp": "%", "": "x"}.get(unit)  # (a plain 45.3 typed 45.3% is the same number)
    if suffix is None:
        other = _PREFIX_SLIP.get(unit)
        suffix = f" {other}" if other else "x"
    return Typed(t.lead, t.nums, suffix)


def perturb(typed: Typed, unit: str, how: str, seed: int) -> Typed:
    """One slip of the hand of kind ``how`` (see the module's docstring); in a range, the
    seed chooses the end."""
    if how == "scale":
        return _scale(typed, unit, seed)
    k = seed % len(typed.nums)
    slipped = (_digit if how == "digit" else _shift)(typed.nums[k], seed // 2)
    return Typed(typed.lead, typed.nums[:k] + (slipped,) + typed.nums[k + 1:], typed.suffix)


# --------------------------------------------------------------------------- what the paper states

_WRITTEN = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)\s*(\\?%|percent\b|x\b|×|times\b|[KMBT]\b|thousand\b|million\b|billion\b|trillion\b)?",
)
_MULT = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def written_numbers(text: str) -> list[tuple[float, str]]:
    """(value, "%" / "x" / "") of every number a text writes, by a plain regex."""
    out = []
    for m in _WRITTEN.finditer(text or ""):
        try:
            v = float(m.group(1).replace(",", ""))
        except ValueError:
            continue
        tail = (m.group(2) or "").lstrip("\\")
        unit = "%" if tail in ("%", "percent") else "x" if tail in ("x", "×", "times") else ""
        out.append((v * _MULT.get(tail, 1.0), unit))
    return out


def _unit_fits(sheet_unit: str | None, unit: str) -> bool:
    """Could a number written with ``unit`` be the sheet's value in ``sheet_unit``?"""
    if sheet_unit is None:
        return True
    if unit_class(sheet_unit) == unit_class(unit or "") or sheet_unit == unit:
        return True
    return unit in ("", "count") and unit_class(sheet_unit) not in ("factor", "percent")


def _near(v: float, w: float, ulp: float) -> bool:
    return abs(abs(v) - abs(w)) <= ulp / 2 + 1e-9 * max(abs(w), 1.0)


def states(typed: str, paper: dict, claims: list[dict]) -> bool:
    """Whether the paper states the typed value: a gold claim has it in a compatible unit,
    or the text writes it (either end of a range included) in that unit."""
    rep = parse_reported(typed)
    if rep is None:
        return True
    text = f"{paper.get('title') or ''}\n{paper.get('abstract') or ''}"
    written = [v for v, unit in written_numbers(text) if _unit_fits(rep.unit, unit)]
    if rep.value_max is not None:  # a range: the paper states both ends
        for c in claims:
            lo, hi = c.get("value"), c.get("value_max")
            if hi is not None and _unit_fits(rep.unit, c.get("unit") or "") and _near(rep.value, lo, rep.ulp) and _near(
                    rep.value_max, hi, rep.ulp_max):
                return True
        return all(any(_near(e, v, u) for v in written) for e, u in ((rep.value, rep.ulp), (rep.value_max, rep.ulp_max)))
    for c in claims:
        for v in (c.get("value"), c.get("value_max")):
            if v is not None and _unit_fits(rep.unit, c.get("unit") or "") and _near(rep.value, v, rep.ulp):
                return True
    return any(_near(rep.value, v, rep.ulp) for v in written)


# --------------------------------------------------------------------------- sheets


def _seed(*parts) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


def sheet_rows(gold: dict[str, dict], salt: int = 0) -> tuple[list[dict], Counter]:
    """One row per distinct non-optional numeric gold claim of each paper; a seeded 30% of
    them slipped (which ones, and how, depends on ``salt``). Also returns how many slips
    were drawn again because the paper states the slipped value."""
    reg = registry()
    rows: list[dict] = []
    redrawn: Counter = Counter()
    for pid, paper in gold.items():
        numeric = [c for c in paper["claims"] if reg.is_numeric(c["kind"]) and c.get("value") is not None]
        seen = set()
        for c in numeric:
            key = claim_key(c)
            if c.get("optional") or key in seen:
                continue
            seen.add(key)
            typed = typed_value(c)
            row = {"paper_id": pid, "value": str(typed), "kind": c["kind"], "original": str(typed), "how": "",
                   "metric": c.get("metric"), "dataset": c.get("dataset"), "baseline": c.get("baseline")}
            seed = _seed(pid, str(typed), c["kind"], salt)
            if seed % 10 < 3:
                first = seed // 10 % 3
                for attempt in range(9):
                    how = SLIPS[(first + attempt) % 3]
                    new = str(perturb(typed, c.get("unit") or "", how, seed // 30 + attempt))
                    if new == str(typed):
                        continue
                    if parse_reported(new) is None:
                        raise AssertionError(f"the slip {how} of {typed} gave {new!r}, which is no value")
                    if states(new, paper, numeric):
                        redrawn[how] += 1
                        continue
                    row.update(value=new, how=how)
                    break
            rows.append(row)
    return rows, redrawn


_INDEX: dict[str, PaperIndex] = {}


def paper_index(name: str) -> PaperIndex:
    if name not in _INDEX:
        gold = gold_corpus(name)
        frame = claims_frame(claimtab.extract(gold.values()))
        _INDEX[name] = PaperIndex(frame, {pid: claimtab.api.as_paper(p) for pid, p in gold.items()})
    return _INDEX[name]


def rates(name: str, columns: tuple[str, ...] = ("paper_id", "value", "kind"), rounds: int = ROUNDS) -> dict:
    """Caught and false-alarm counts over every row of ``rounds`` sheets of gold set ``name``."""
    gold = gold_corpus(name)
    index = paper_index(name)
    out = {"rows": 0, "perturbed": 0, "caught": 0, "untouched": 0, "false_alarms": 0, "redrawn": Counter(),
           "slips": Counter(), "escapes": [], "alarms": [], "statuses": Counter()}
    for salt in range(rounds):
        rows, redrawn = sheet_rows(gold, salt)
        out["redrawn"] += redrawn
        sheet = pd.DataFrame([{k: r[k] for k in columns} for r in rows], dtype="string")
        _, results = check_sheet(sheet, detect_columns(sheet.columns), index)
        assert len(results) == len(rows)  # every row is in the report
        out["rows"] += len(rows)
        for row, res in zip(rows, results, strict=True):
            status = res.outcome.status
            what = (row["paper_id"], row["kind"], row["original"], row["value"], row["how"], status, res.outcome.evidence)
            if row["how"]:
                out["perturbed"] += 1
                out["slips"][row["how"]] += 1
                out["statuses"]["slipped " + status] += 1
                if status in ("mismatch", "unit_mismatch"):
                    out["caught"] += 1
                else:
                    out["escapes"].append(what)
            else:
                out["untouched"] += 1
                out["statuses"]["untouched " + status] += 1
                if status not in ("confirmed", "rounded"):
                    out["false_alarms"] += 1
                    out["alarms"].append(what)
    out["caught_rate"] = out["caught"] / out["perturbed"] if out["perturbed"] else 1.0
    out["false_alarm_rate"] = out["false_alarms"] / out["untouched"] if out["untouched"] else 0.0
    return out


def describe(name: str, r: dict) -> str:
    slips = ", ".join(f"{k} {r['slips'][k]}" for k in SLIPS)
    return (
        f"{name}: {r['rows']} rows ({ROUNDS} sheets), none left out; slipped {r['perturbed']} ({slips}): caught "
        f"{r['caught']}/{r['perturbed']} = {100 * r['caught_rate']:.1f}%; untouched {r['untouched']}: false alarms "
        f"{r['false_alarms']}/{r['untouched']} = {100 * r['false_alarm_rate']:.2f}%; slips drawn again because the "
        f"paper states the slipped value: {sum(r['redrawn'].values())}"
    )


@pytest.mark.parametrize("corpus", ["dev", "dev2", "heldout"])  # heldout: the project's own 80 abstracts
@pytest.mark.parametrize(
    "columns",
    [("paper_id", "value", "kind"), ("paper_id", "value", "kind", "metric", "dataset", "baseline")],
    ids=["kind", "kind+context"],
)
def test_caught_and_false_alarms_over_all_rows(corpus, columns):
    r = rates(corpus, columns)
    summary = describe(corpus, r)
    print(summary)
    for what in r["escapes"] + r["alarms"]:
        print("   ", what)
    assert r["perturbed"] >= 0.25 * r["rows"], summary
    assert all(r["slips"][k] >= 0.15 * r["perturbed"] for k in SLIPS), summary  # every kind of slip is drawn
    assert r["caught_rate"] >= CAUGHT_MIN, summary
    assert r["false_alarm_rate"] <= FALSE_ALARM_MAX, summary


def _slip(text: str, unit: str, how: str, seed: int) -> str:
    m = re.match(r"^(~|up to |>|<)?(.+?)(x|%| pp| \w\S*)?$", text)
    lead, body, suffix = m.group(1) or "", m.group(2), m.group(3) or ""
    nums = tuple(body.split("-")) if "-" in body[1:] else (body,)
    return str(perturb(Typed(lead, nums, suffix), unit, how, seed))


def test_slips_are_slips():
    assert _slip("81.5%", "%", "digit", 0) != "81.5%"
    assert _slip("81.5%", "%", "shift", 0) == "8.15%"
    assert _slip("81.5%", "%", "shift", 2) == "815%"
    assert _slip("1.3B", "count", "scale", 0) == "1.3"
    assert _slip("~4.6x", "x", "scale", 0) == "~4.6%"
    assert _slip("2.1 pp", "pp", "scale", 0) == "2.1%"
    assert _slip("30 ms", "ms", "scale", 0) == "30 s"
    assert _slip("$1,890", "USD", "scale", 0) == "$1,890K"
    assert _slip("4.1-7.5%", "%", "scale", 0) == "4.1-7.5x"
    assert _slip("124M-1.4B", "count", "digit", 0).endswith("-1.4B")
    assert _slip("124M-1.4B", "count", "digit", 1).startswith("124M-")
    paper = {"title": "", "abstract": "It is 3x faster and 30% smaller, with 1.3B parameters, from 2% to 5%."}
    assert states("3x", paper, []) and states("1.3B", paper, []) and states("30%", paper, [])
    assert not states("3%", paper, []) and not states("1.3", paper, []) and not states("30x", paper, [])
    assert states("2-5%", paper, []) and not states("2-6%", paper, [])
    assert not states("4.1-8.5%", {}, [{"value": 4.1, "value_max": 7.5, "unit": "%"}])
