#!/usr/bin/env python3
"""Throughput and memory of claimtab's pipeline, against spaCy's bare tokenizer and one regex scan.

Usage:
  python benchmarks/throughput.py [CORPUS.jsonl] [--jobs N] [--sizes 1000,10000,all] [--limit N]
                                  [--repeat R] [--extractor]

Default corpus: ../shared/corpus/abstracts.jsonl (36k real abstracts), else
data/sample.jsonl. In one run, in this order:
  1. spaCy's blank English tokenizer over the titles+abstracts (one core, in this process);
  2. a single regex scan for number-like mentions over the same texts (one core);
  3. (--extractor) claimtab's extractor alone over the papers held in memory;
  4. end to end, as a user runs it: `claimtab extract CORPUS -o OUT.parquet --no-progress
     --jobs 1`, then `--jobs N` (default: every core), each in a fresh process: CPU time
     (user + system of the process and its workers, as the operating system counts it), CPU
     time per core, wall time, and the speed-up of --jobs N in wall time;
  5. the peak memory of `claimtab extract --jobs 1` and `--jobs N` at three input sizes (the
     first 1,000 and 10,000 records and the whole corpus): the peak RSS of the process
     (--jobs 1), and the peak of the summed proportional set size (PSS: shared pages counted
     once) of the process and its workers, sampled every 20 ms (--jobs N);
  6. the projected time for the 2.6 million abstracts of the arXiv metadata snapshot on this
     machine, at the rates measured.
Rates are abstracts per second. This is a benchmark, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = [HERE.parent.parent / "shared" / "corpus" / "abstracts.jsonl", HERE.parent / "data" / "sample.jsonl"]
ARXIV = 2_600_000
# number-like mentions: what the extractor's first pass must find at the least
NUMBERS = re.compile(r"\d+(?:[.,]\d+)*(?:\s*(?:%|x|×|[KMBT]\b))?|https?://\S+")


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


def run_regex(texts):
    """(CPU seconds, wall seconds, matches) of one regex scan over the texts."""
    c0, t0 = time.process_time(), time.perf_counter()
    n = 0
    for title, abstract in texts:
        n += sum(1 for _ in NUMBERS.finditer(title)) + sum(1 for _ in NUMBERS.finditer(abstract))
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


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def _kib(path: str, key: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakMemory(threading.Thread):
    """Samples a process tree every 20 ms: ``peak`` is the peak of its summed PSS, ``hwm``
    the peak RSS of the process itself since it started (its VmHWM), both in MiB."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.hwm, self.done = pid, 0.0, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.hwm = max(self.hwm, _kib(f"/proc/{self.pid}/status", "VmHWM:") / 1024)
            self.peak = max(self.peak, sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in _tree(self.pid)) / 1024)


def first_records(path: Path, n: int | None, folder: Path) -> Path:
    if not n:
        return path
    out = folder / f"first-{n}.jsonl"
    if not out.exists():
        with path.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as g:
            for i, line in enumerate(f):
                if i >= n:
                    break
                g.write(line)
    return out


def run_extract(src: Path, jobs: int, folder: Path, sample: bool = True) -> dict:
    """``claimtab extract SRC -o OUT.parquet --jobs N`` in a fresh process: CPU seconds (the
    process and its workers), wall seconds, peak RSS of the process (MiB) and peak summed PSS
    of it and its workers (MiB). Reading a process tree's PSS every 20 ms costs CPU that the
    run, on a machine with few cores, then lacks: timed runs go without it (``sample``
    False; no memory figures) and the memory runs are separate."""
    out = folder / f"claims-{jobs}.parquet"
    cmd = [sys.executable, "-m", "claimtab", "extract", str(src), "-o", str(out), "--no-progress", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = PeakMemory(proc.pid)
    if sample:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if sample:
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark: {' '.join(cmd)} failed: {err.strip()[-300:]}")
    # the rusage of a waited-for process includes the workers it waited for (its ru_maxrss
    # would count this process's own image, forked before the exec: VmHWM is read instead)
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "rss": sampler.hwm,
            "pss": sampler.peak, "summary": err.strip().splitlines()[-1] if err.strip() else ""}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", help="JSONL with title/abstract (default: the shared 36k corpus)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N records")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes of the parallel run (default: every core)")
    ap.add_argument("--sizes", default="1000,10000,all", help="input sizes of the memory runs (records, or 'all')")
    ap.add_argument("--repeat", type=int, default=1, help="repeat each timing R times and keep the best")
    ap.add_argument("--extractor", action="store_true", help="also time the extractor alone over papers in memory")
    args = ap.parse_args(argv)
    path = Path(args.corpus) if args.corpus else next((p for p in DEFAULT if p.is_file()), None)
    if path is None or not path.is_file():
        print(f"benchmark: corpus not found: {path}", file=sys.stderr)
        return 2
    jobs = args.jobs or len(os.sched_getaffinity(0))
    texts = load_texts(path, args.limit)
    mb = sum(len(t.encode()) + len(a.encode()) for t, a in texts) / 1e6
    n = len(texts)
    sizes = [None if s.strip() == "all" else int(s) for s in args.sizes.split(",") if s.strip()]

    tok_t, tok_w, _ = min(run_tokenizer(texts) for _ in range(args.repeat))
    rx_t, rx_w, _ = min(run_regex(texts) for _ in range(args.repeat))
    ct = min(run_claimtab(texts) for _ in range(args.repeat)) if args.extractor else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = first_records(path, args.limit, folder)
        one = min((run_extract(src, 1, folder, sample=False) for _ in range(args.repeat)), key=lambda r: r["cpu"])
        many = min((run_extract(src, jobs, folder, sample=False) for _ in range(args.repeat)), key=lambda r: r["wall"])
        same = (folder / "claims-1.parquet").read_bytes() == (folder / f"claims-{jobs}.parquet").read_bytes()
        memory = []
        for size in sizes:
            if size is not None and size >= n:
                size = None
            sub = src if size is None else first_records(path, size, folder)
            memory.append((str(size or n), size or n, run_extract(sub, 1, folder), run_extract(sub, jobs, folder)))

    print(f"corpus            {path} ({n} papers, {mb:.1f} MB of title+abstract text)")
    print(f"machine           {os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), Python "
          f"{sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} at the end; best of {args.repeat}")
    print(f"spaCy tokenizer   {n / tok_t:10.1f} abstracts/CPU-s  {mb / tok_t:6.2f} MB/s  ({tok_t:.2f} s CPU, {tok_w:.2f} s wall)")
    print(f"one regex scan    {n / rx_t:10.1f} abstracts/CPU-s  {mb / rx_t:6.2f} MB/s  ({rx_t:.2f} s CPU, {rx_w:.2f} s wall)")
    if ct is not None:
        print(f"extractor alone   {n / ct[0]:10.1f} abstracts/CPU-s  {mb / ct[0]:6.2f} MB/s  ({ct[0]:.2f} s CPU, {ct[1]:.2f} s wall, "
              f"{ct[2]} claims, papers in memory)")
    for label, r, k in (("extract --jobs 1", one, 1), (f"extract --jobs {jobs}", many, jobs)):
        print(f"{label:<18}{n / r['cpu']:10.1f} abstracts/CPU-s  {n / r['wall']:8.1f} abstracts/s wall  "
              f"({r['cpu']:.2f} s CPU = {r['cpu'] / k:.2f} s per core, {r['wall']:.2f} s wall; {r['summary']})")
    print(f"speed-up          {one['wall'] / many['wall']:.2f}x in wall time with --jobs {jobs} "
          f"(CPU per abstract {many['cpu'] / one['cpu']:.2f}x that of --jobs 1); "
          f"the two Parquet files are {'byte-identical' if same else 'DIFFERENT'}")
    print(f"ratio             extract --jobs 1 takes {one['cpu'] / tok_t:.2f}x the tokenizer's CPU time, "
          f"{one['cpu'] / rx_t:.1f}x the regex scan's")
    for label, size, r1, rn in memory:
        print(f"peak memory {label:>6} {size:6d} papers: --jobs 1 {r1['rss']:6.0f} MiB RSS; "
              f"--jobs {jobs} {rn['pss']:6.0f} MiB PSS of the process and its workers ({rn['rss']:.0f} MiB RSS of the first)")
    if len(memory) >= 2:
        lo, hi = memory[0], memory[-1]
        print(f"memory growth     {hi[1]} vs {lo[1]} papers: --jobs 1 {hi[2]['rss'] / lo[2]['rss']:.2f}x, "
              f"--jobs {jobs} {hi[3]['pss'] / lo[3]['pss']:.2f}x")
    for label, r in (("--jobs 1", one), (f"--jobs {jobs}", many)):
        hours = ARXIV / (n / r["wall"]) / 3600
        print(f"2.6M abstracts    {hours:5.2f} h wall with {label} on this machine "
              f"({ARXIV / (n / r['cpu']) / 3600:.2f} CPU-hours)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
