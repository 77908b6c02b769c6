"""Scoring an extraction against a gold corpus, exactly as section 4 of the claim spec says.

Per paper, gold and predicted claims are reduced to sets of keys; a gold key that is only
ever optional is removed from both sides; precision/recall/F1 per kind and micro-averaged;
attribute accuracy on the true positives.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimtab.keys import claim_key, loose_match
from claimtab.rules.kinds import Registry, registry

LOOSE = ("baseline", "dataset", "metric", "condition")


def _optional(v) -> bool:
    return v is True or str(v).strip().lower() in ("true", "1", "yes")


@dataclass
class Report:
    kinds: dict[str, dict] = field(default_factory=dict)
    attributes: dict[str, float] = field(default_factory=dict)
    errors: list[tuple] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kinds": self.kinds, "attributes": self.attributes}


def score(gold: dict[str, dict], pred: dict[str, list[dict]], n_errors: int = 0, kinds: Registry | None = None) -> Report:
    """Per-kind P/R/F1 and attribute accuracy of ``pred`` (rows by paper id) against ``gold``."""
    kinds = kinds or registry()
    numeric = set(kinds.numeric())
    urls = set(kinds.by_detector("urls"))
    tp, fp, fn = Counter(), Counter(), Counter()
    hits, total = Counter(), Counter()
    errors: list[tuple] = []
    for pid, paper in gold.items():
        g_by: dict = defaultdict(list)
        for c in paper.get("claims", []):
            k = claim_key(c, kinds)
            if k is not None:
                g_by[k].append(c)
        required = {k for k, cs in g_by.items() if not all(_optional(c.get("optional")) for c in cs)}
        only_optional = set(g_by) - required
        p_by: dict = defaultdict(list)
        for c in pred.get(pid, []):
            k = claim_key(c, kinds)
            if k is not None:
                p_by[k].append(c)
        for k in set(p_by) - only_optional:
            if k not in required:
                fp[k[0]] += 1
                errors.append(("FP", pid, k, p_by[k][0].get("text")))
                continue
            tp[k[0]] += 1
            g, p = g_by[k][0], p_by[k][0]
            if k[0] in numeric:
                total["qualifier"] += 1
                hits["qualifier"] += (g.get("qualifier") or "exact") == (p.get("qualifier") or "exact")
                for f in LOOSE:
                    total[f] += 1
                    hits[f] += any(loose_match(gc.get(f), pc.get(f)) for gc in g_by[k] for pc in p_by[k])
            elif k[0] in urls:
                total["status"] += 1
                hits["status"] += (g.get("status") or "") == (p.get("status") or "")
        for k in required - set(p_by):
            fn[k[0]] += 1
            errors.append(("FN", pid, k, g_by[k][0].get("text")))
    rep = Report()
    for kind in sorted(kinds.names) + ["ALL"]:
        t = sum(tp.values()) if kind == "ALL" else tp[kind]
        f_p = sum(fp.values()) if kind == "ALL" else fp[kind]
        f_n = sum(fn.values()) if kind == "ALL" else fn[kind]
        prec = t / (t + f_p) if t + f_p else 0.0
        rec = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rep.kinds[kind] = {"tp": t, "fp": f_p, "fn": f_n, "precision": prec, "recall": rec, "f1": f1}
    rep.attributes = {a: hits[a] / total[a] for a in total if total[a]}
    rep.errors = errors[:n_errors] if n_errors else []
    return rep


def _jsonl(path: str | Path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: invalid JSON: {e.msg}") from None


def load_gold(path: str | Path, texts: str | Path | None = None) -> dict[str, dict]:
    """A gold corpus by paper id. Records that carry only ``id`` and ``claims`` (annotations
    kept apart from the texts they annotate) take ``title`` and ``abstract`` from the corpus
    ``texts`` (JSONL with ``id``, ``title``, ``abstract``); a record with neither is an error."""
    gold = {str(obj["id"]): obj for obj in _jsonl(path)}
    bare = [pid for pid, obj in gold.items() if "abstract" not in obj]
    if bare and texts is None:
        raise ValueError(f"{path}: {len(bare)} records have no abstract (give the corpus they annotate: --texts)")
    if bare:
        wanted = set(bare)
        for obj in _jsonl(texts):
            pid = str(obj.get("id"))
            if pid in wanted:
                gold[pid] = {**gold[pid], "title": obj.get("title") or "", "abstract": obj.get("abstract") or ""}
                wanted.discard(pid)
        if wanted:
            raise ValueError(f"{path}: {len(wanted)} annotated papers are not in {texts} (e.g. {sorted(wanted)[0]})")
    return gold


def group_claims(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[str(r.get("paper_id"))].append(r)
    return out


def format_report(rep: Report) -> str:
    lines = [f"{'kind':<11}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}"]
    for kind, r in rep.kinds.items():
        lines.append(
            f"{kind:<11}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
        )
    lines.append(
        "attribute accuracy on true positives: " + ", ".join(f"{a} {v:.3f}" for a, v in sorted(rep.attributes.items()))
    )
    for e in rep.errors:
        lines.append("\t".join(str(x) for x in e))
    return "\n".join(lines)
