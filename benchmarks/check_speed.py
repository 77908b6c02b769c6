#!/usr/bin/env python3
"""How long ``claimtab check`` takes for a 1,000-row sheet against 1,000 papers.

Usage:
  python benchmarks/check_speed.py [CORPUS.jsonl] [--papers N] [--rows N]

Default corpus: ../shared/corpus/abstracts.jsonl (the first N abstracts), else the dev
set repeated under new ids. The sheet is built from the papers' own claims and from numbers
their text writes that no claim stands for (values typed as people type them, every third
one with a digit changed; one row in ten naming the paper by its title, one in twenty by a
title with a typo, one in ten by an arXiv URL), written to CSV, and checked twice:

  1. in process, timing each stage: extracting the papers, indexing the claims by paper,
     checking the rows (which reads the number index of each paper a row names);
  2. end to end, as a user runs it: ``claimtab check sheet.csv --papers papers.jsonl -o report.csv``
     in a fresh process (interpreter start, extraction and writing the report included).

Run it on one core with ``taskset -c 0 python benchmarks/check_speed.py``. This is a
benchmark, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus"
DEFAULT = [SHARED / "abstracts.jsonl", SHARED / "dev.gold.jsonl"]


def load_papers(path: Path, n: int) -> list[dict]:
    papers: list[dict] = []
    while len(papers) < n:
        before = len(papers)
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                copy = len(papers) // max(before, 1) if before else 0
                pid = str(rec.get("id")) + (f"-copy{copy}" if before else "")
                papers.append({"id": pid, "title": rec.get("title") or "", "abstract": rec.get("abstract") or ""})
                if len(papers) >= n:
                    break
        if len(papers) == before:
            break
    return papers


def typed(value: float, unit: str) -> str:
    text = f"{value:.10g}"
    if unit == "count" and abs(value) >= 1e6:
        for suffix, mult in (("B", 1e9), ("M", 1e6)):
            if abs(value) >= mult:
                return f"{value / mult:.6g}{suffix}"
    return text + {"x": "x", "%": "%", "pp": " pp", "USD": " USD"}.get(unit, "")


def _typo(title: str, rng: random.Random) -> str:
    """The title with two neighbouring letters swapped (a typo a reader makes)."""
    spots = [i for i in range(len(title) - 1) if title[i].isalpha() and title[i + 1].isalpha()]
    if not spots:
        return title
    i = rng.choice(spots)
    return title[:i] + title[i + 1] + title[i] + title[i + 2:]


def _text_numbers(papers: list[dict], claims) -> list[tuple[str, float, str]]:
    """(paper id, value, unit) of numbers the texts write that no claim stands for."""
    from claimtab.check.index import link, paper_numbers
    from claimtab.check.papers import PaperIndex

    index = PaperIndex(claims, {})
    out = []
    for p in papers[:200]:
        _, numbers = link(index.claims.get(p["id"], []), paper_numbers(p["id"], {"abstract": p["abstract"]}))
        out += [(p["id"], n.value, n.unit) for n in numbers if not n.claimed and n.value_max is None]
    return out


def build_sheet(claims, papers: list[dict], rows: int, seed: int = 0) -> list[list[str]]:
    rng = random.Random(seed)
    titles = {p["id"]: p["title"] for p in papers}
    numeric = [(c["paper_id"], float(c["value"]), str(c["unit"] or ""), str(c["kind"]))
               for c in claims[claims["value"].notna()].to_dict("records")]
    written = [(pid, v, u, "") for pid, v, u in _text_numbers(papers, claims)]
    out = []
    for i in range(rows):
        pid, v, unit, kind = (written if written and i % 5 == 4 else numeric)[rng.randrange(len(written) if written
                                                                                            and i % 5 == 4 else
                                                                                            len(numeric))]
        value = typed(v, unit)
        if i % 3 == 0:  # a digit typed wrong
            digits = [k for k, ch in enumerate(value) if ch.isdigit()]
            k = digits[-1]
            value = value[:k] + str((int(value[k]) + 1) % 10) + value[k + 1:]
        ref = pid
        if i % 10 == 0 and titles[pid]:
            ref = titles[pid]
        elif i % 20 == 5 and titles[pid]:
            ref = _typo(titles[pid], rng)
        elif i % 10 == 7:
            ref = f"https://arxiv.org/abs/{pid}v1"
        out.append([ref, value, kind])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path)
    ap.add_argument("--papers", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=1000)
    args = ap.parse_args()
    corpus = args.corpus or next(p for p in DEFAULT if p.is_file())

    import pandas as pd

    from claimtab import api
    from claimtab.check import PaperIndex, check_sheet, detect_columns

    papers = load_papers(corpus, args.papers)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        papers_file = tmpdir / "papers.jsonl"
        papers_file.write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")

        t0 = time.perf_counter()
        claims, paper_map = api.load_claims([str(papers_file)])
        t_extract = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = PaperIndex(claims, paper_map)
        t_index = time.perf_counter() - t0

        rows = build_sheet(claims, papers, args.rows)
        sheet_file = tmpdir / "sheet.csv"
        with sheet_file.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["paper", "value", "kind"])
            w.writerows(rows)
        sheet = pd.DataFrame(rows, columns=["paper", "value", "kind"], dtype="string")
        t0 = time.perf_counter()
        _, results = check_sheet(sheet, detect_columns(sheet.columns), index)
        t_check = time.perf_counter() - t0
        statuses = Counter(r.outcome.status for r in results)
        sources = Counter(r.outcome.source for r in results if r.outcome.status in ("confirmed", "rounded"))

        report = tmpdir / "report.csv"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "claimtab", "check", str(sheet_file), "--papers", str(papers_file), "-o", str(report)],
            capture_output=True, text=True, check=False,
        )
        t_cli = time.perf_counter() - t0

    print(f"corpus: {corpus} ({len(papers)} papers, {len(claims)} claims); sheet: {len(rows)} rows")
    print(f"in process: extract {t_extract:.2f}s, index {t_index * 1000:.0f} ms, check {t_check * 1000:.0f} ms "
          f"({t_check / max(len(rows), 1) * 1e6:.0f} µs/row)")
    print(f"end to end (claimtab check, fresh process): {t_cli:.2f}s, exit code {proc.returncode}")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in statuses.most_common())
          + "; confirmed or rounded from: " + ", ".join(f"{k} {v}" for k, v in sources.most_common()))
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)


if __name__ == "__main__":
    main()
