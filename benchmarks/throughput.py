#!/usr/bin/env python3
"""Throughput and memory of claimtab's pipeline, against spaCy's bare tokenizer.

Usage:
  python benchmarks/throughput.py [CORPUS.jsonl] [--limit N] [--repeat R]

Default corpus: ../shared/corpus/abstracts.jsonl (36k real abstracts), else
data/sample.jsonl. Runs on one core (one process, no threads), in this order:
  1. spaCy's blank English tokenizer over the same titles+abstracts (the reference);
  2. the full claimtab pipeline (claimtab.load(): tokenizer rules + claims component);
and prints abstracts/second, MB/s, claims found, peak memory (tracemalloc for Python
allocations and the process's peak RSS), and the ratio of the two.
This is a benchmark, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = [HERE.parent.parent / "shared" / "corpus" / "abstracts.jsonl", HERE.parent / "data" / "sample.jsonl"]


def load_texts(path: Path, limit: int | None) -> list[tuple[str, str]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            out.append((rec.get("title") or "", rec.get("abstract") or ""))
            if limit and len(out) >= limit:
                break
    return out


def run_tokenizer(texts):
    import spacy

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    t0 = time.perf_counter()
    n = 0
    for title, abstract in texts:
        n += len(tok(title)) + len(tok(abstract))
    return time.perf_counter() - t0, n


def run_claimtab(texts):
    import claimtab
    from claimtab.model import Paper

    papers = [Paper(id=str(i), title=t, abstract=a) for i, (t, a) in enumerate(texts)]
    list(claimtab.extract(papers[:1]))  # load the rules outside the timing
    t0 = time.perf_counter()
    n = sum(1 for _ in claimtab.extract(papers))
    return time.perf_counter() - t0, n


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", help="JSONL with title/abstract (default: the shared 36k corpus)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records")
    ap.add_argument("--repeat", type=int, default=1, help="repeat each timing R times and keep the best")
    ap.add_argument("--memory-sample", type=int, default=5000, help="papers traced for Python allocations")
    args = ap.parse_args(argv)
    path = Path(args.corpus) if args.corpus else next((p for p in DEFAULT if p.is_file()), None)
    if path is None or not path.is_file():
        print(f"benchmark: corpus not found: {path}", file=sys.stderr)
        return 2
    texts = load_texts(path, args.limit)
    mb = sum(len(t.encode()) + len(a.encode()) for t, a in texts) / 1e6
    n = len(texts)

    tok_t = min(run_tokenizer(texts)[0] for _ in range(args.repeat))
    ct_t, claims = None, 0
    for _ in range(args.repeat):
        t, claims = run_claimtab(texts)
        ct_t = t if ct_t is None else min(ct_t, t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    # Python allocations traced on a sample (tracemalloc slows the run several times over)
    sample = texts[: args.memory_sample]
    tracemalloc.start()
    run_claimtab(sample)
    _, peak_py = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"corpus            {path} ({n} papers, {mb:.1f} MB of title+abstract text)")
    print(f"cpu               1 core (pid {os.getpid()}), Python {sys.version.split()[0]}")
    print(f"spaCy tokenizer   {n / tok_t:10.1f} abstracts/s  {mb / tok_t:6.2f} MB/s  ({tok_t:.2f} s)")
    print(f"claimtab pipeline {n / ct_t:10.1f} abstracts/s  {mb / ct_t:6.2f} MB/s  ({ct_t:.2f} s, {claims} claims)")
    print(f"ratio             claimtab takes {ct_t / tok_t:.2f}x the tokenizer's time")
    print(f"peak memory       {rss:.0f} MiB peak RSS of the process (corpus held in memory); "
          f"{peak_py / 2**20:.1f} MiB peak Python allocations extracting {len(sample)} papers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
