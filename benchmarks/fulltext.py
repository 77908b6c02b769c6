#!/usr/bin/env python3
"""Whole-paper extraction over the SOTA? development sample, timed and scored.

Usage:
  python benchmarks/fulltext.py [--tex DIR] [--gold FILE] [-o PRED.jsonl] [--baseline] [--limit N]

Reads every ``DIR/*.tex`` (default ../shared/fulltext/train-sample/tex, read in place,
never copied), runs ``claimtab.io.documents.read_latex`` + ``extract_document`` on each, and
writes two files: PRED.jsonl (default out/fulltext/PRED.jsonl) from
``extract_document(doc)`` -- leaderboard mode, the default and what ``claimtab extract``
gives -- and PRED-all.jsonl from ``extract_document(doc, leaderboard=False)`` (every
numeric cell, and every score of the body and captions).  It prints papers per second per core
(process CPU time, one process, reading included) for each, and the scorer's output with
``--own`` for all papers, for the tuned part and for the held-out part (every 4th paper
by sorted id, never looked at while tuning the rules).

``--baseline`` instead runs the naive reference: claimtab's abstract extractor over the
whole .tex with its commands stripped.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
DEFAULT_TEX = SHARED / "fulltext" / "train-sample" / "tex"
DEFAULT_GOLD = SHARED / "fulltext" / "train-sample" / "gold.jsonl"
SCORER = SHARED / "tools" / "score_fulltext.py"
HELD_OUT_EVERY = 4  # papers whose index (by sorted id) is 3 mod 4 are the untouched part


def split_of(index: int) -> str:
    return "held-out" if index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "tuned"


def baseline_rows(path: Path) -> list[dict]:
    from claimtab.engine.tables import lexicon as deps

    raw = path.read_bytes().decode("utf-8", "replace")
    text = re.sub(r"\\[A-Za-z@]+\*?|[{}$]", " ", re.sub(r"(?<!\\)%[^\n]*", "", raw))
    text = " ".join(text.split())
    rows = []
    for d in deps.extractor().extract(text, "body"):
        rows.append({"paper_id": path.stem, "kind": d.kind, "value": d.value, "unit": d.unit,
                     "metric": d.metric, "dataset": d.dataset, "subject": d.subject, "text": d.text,
                     "start": d.start, "end": d.end, "field": "body"})
    return rows


def run(files: list[Path], baseline: bool, leaderboard: bool) -> tuple[list[dict], float, list[str]]:
    from claimtab.engine.tables import extract_document
    from claimtab.io.documents import read_latex

    rows: list[dict] = []
    errors = []
    t0 = time.process_time()
    for p in files:
        try:
            rows.extend(baseline_rows(p) if baseline else extract_document(read_latex(p), leaderboard=leaderboard))
        except Exception as e:  # a benchmark reports every failure and goes on
            errors.append(f"{p.name}: {type(e).__name__}: {e}")
    return rows, time.process_time() - t0, errors


def score(gold_lines: list[str], pred: Path, label: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("".join(gold_lines))
        gold = f.name
    print(f"\n## {label}: python {SCORER} GOLD {pred} --own")
    out = subprocess.run([sys.executable, str(SCORER), gold, str(pred), "--own"], capture_output=True, text=True)
    print(out.stdout.rstrip() or out.stderr.rstrip())
    Path(gold).unlink()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tex", type=Path, default=DEFAULT_TEX)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("-o", "--out", type=Path, default=HERE.parent / "out" / "fulltext" / "PRED.jsonl")
    ap.add_argument("--baseline", action="store_true", help="the naive reference instead of claimtab.engine.tables")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()
    if not a.tex.is_dir():
        print(f"no such folder: {a.tex}", file=sys.stderr)
        return 2
    files = sorted(a.tex.glob("*.tex"))[: a.limit]
    outs = [(a.out, True)] if a.baseline else [(a.out, True), (a.out.with_name(a.out.stem + "-all.jsonl"), False)]
    a.out.parent.mkdir(parents=True, exist_ok=True)
    for out, leaderboard in outs:
        rows, cpu, errors = run(files, a.baseline, leaderboard)
        with out.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        what = "baseline" if a.baseline else ("leaderboard mode, the default" if leaderboard else "every cell")
        print(f"[{what}] {len(files)} papers, {len(rows)} rows, {len(errors)} errors -> {out}")
        for e in errors[:10]:
            print("  error:", e)
        print(f"[{what}] CPU {cpu:.2f} s: {len(files) / cpu if cpu else 0:.1f} papers/second per core")
    if not a.gold.is_file():
        return 0
    index = {p.stem: i for i, p in enumerate(files)}
    gold = [line for line in a.gold.read_text(encoding="utf-8").splitlines(keepends=True) if line.strip()]
    gold = [g for g in gold if json.loads(g)["id"] in index]
    for out, leaderboard in outs:
        tag = "" if a.baseline else (" [leaderboard mode, the default]" if leaderboard else " [every cell]")
        score(gold, out, "all papers" + tag)
        for part in ("tuned", "held-out"):
            score([g for g in gold if split_of(index[json.loads(g)["id"]]) == part], out, f"{part} part{tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
