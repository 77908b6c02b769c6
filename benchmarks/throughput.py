#!/usr/bin/env python3
"""Throughput and memory of claimtab's pipeline, against spaCy's bare tokenizer.

Usage:
  python benchmarks/throughput.py [CORPUS.jsonl] [--limit N] [--repeat R] [--no-end-to-end]

Default corpus: ../shared/corpus/abstracts.jsonl (36k real abstracts), else
data/sample.jsonl. Runs on one core (one process, no threads), in this order:
  1. spaCy's blank English tokenizer over the same titles+abstracts (the reference);
  2. claimtab's extractor alone: claimtab.extract() over the papers held in memory
     (the rules loaded beforehand, no reading, no writing);
  3. end to end, as a user runs it: `claimtab extract CORPUS -o OUT.parquet --no-progress`
     in a fresh process (start-up, reading, extracting and writing Parquet included);
and prints abstracts per second of CPU time (user + system: what one core delivers,
whatever else the machine runs), MB/s, claims found, wall time, peak memory
(tracemalloc for Python allocations and the process's peak RSS), and the ratios.
This is a benchmark, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
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
    """(CPU seconds, wall seconds, tokens) of spaCy's bare tokenizer over the texts."""
    import spacy

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    c0, t0 = time.process_time(), time.perf_counter()
    n = 0
    for title, abstract in texts:
        n += len(tok(title)) + len(tok(abstract))
    return time.process_time() - c0, time.perf_counter() - t0, n


def run_claimtab(texts):
    """(CPU seconds, wall seconds, claims) of the extractor alone over papers in memory."""
    import claimtab
    from claimtab.model import Paper

    papers = [Paper(id=str(i), title=t, abstract=a) for i, (t, a) in enumerate(texts)]
    list(claimtab.extract(papers[:1]))  # load the rules outside the timing
    c0, t0 = time.process_time(), time.perf_counter()
    n = sum(1 for _ in claimtab.extract(papers))
    return time.process_time() - c0, time.perf_counter() - t0, n


def run_end_to_end(path: Path, limit: int | None):
    """(CPU seconds, wall seconds) of ``claimtab extract PATH -o OUT.parquet`` in a fresh
    process: the child's own user + system time, as the operating system counts it."""
    with tempfile.TemporaryDirectory() as tmp:
        src = path
        if limit:
            src = Path(tmp) / "papers.jsonl"
            with path.open(encoding="utf-8") as f, src.open("w", encoding="utf-8") as out:
                for i, line in enumerate(f):
                    if i >= limit:
                        break
                    out.write(line)
        cmd = [sys.executable, "-m", "claimtab", "extract", str(src), "-o", str(Path(tmp) / "claims.parquet"),
               "--no-progress"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", help="JSONL with title/abstract (default: the shared 36k corpus)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records")
    ap.add_argument("--repeat", type=int, default=1, help="repeat each timing R times and keep the best")
    ap.add_argument("--memory-sample", type=int, default=5000, help="papers traced for Python allocations")
    ap.add_argument("--no-end-to-end", action="store_true", help="skip the run of `claimtab extract` in a fresh process")
    args = ap.parse_args(argv)
    path = Path(args.corpus) if args.corpus else next((p for p in DEFAULT if p.is_file()), None)
    if path is None or not path.is_file():
        print(f"benchmark: corpus not found: {path}", file=sys.stderr)
        return 2
    texts = load_texts(path, args.limit)
    mb = sum(len(t.encode()) + len(a.encode()) for t, a in texts) / 1e6
    n = len(texts)

    tok_t, tok_w, _ = min(run_tokenizer(texts) for _ in range(args.repeat))
    ct_t, ct_w, claims = min(run_claimtab(texts) for _ in range(args.repeat))
    e2e = None if args.no_end_to_end else min(run_end_to_end(path, args.limit) for _ in range(args.repeat))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    # Python allocations traced on a sample (tracemalloc slows the run several times over)
    sample = texts[: args.memory_sample]
    tracemalloc.start()
    run_claimtab(sample)
    _, peak_py = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"corpus            {path} ({n} papers, {mb:.1f} MB of title+abstract text)")
    print(f"cpu               1 core (pid {os.getpid()}), Python {sys.version.split()[0]}; "
          f"rates are abstracts per second of CPU time (best of {args.repeat})")
    print(f"spaCy tokenizer   {n / tok_t:10.1f} abstracts/s  {mb / tok_t:6.2f} MB/s  ({tok_t:.2f} s CPU, {tok_w:.2f} s wall)")
    print(f"claimtab extractor{n / ct_t:10.1f} abstracts/s  {mb / ct_t:6.2f} MB/s  "
          f"({ct_t:.2f} s CPU, {ct_w:.2f} s wall, {claims} claims)")
    if e2e is not None:
        print(f"claimtab extract  {n / e2e[0]:10.1f} abstracts/s  {mb / e2e[0]:6.2f} MB/s  "
              f"({e2e[0]:.2f} s CPU, {e2e[1]:.2f} s wall: start-up, reading, extracting, writing Parquet)")
    print(f"ratio             the extractor takes {ct_t / tok_t:.2f}x the tokenizer's time"
          + (f", the whole command {e2e[0] / tok_t:.2f}x" if e2e is not None else ""))
    print(f"peak memory       {rss:.0f} MiB peak RSS of the process (corpus held in memory); "
          f"{peak_py / 2**20:.1f} MiB peak Python allocations extracting {len(sample)} papers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
