#!/usr/bin/env python3
"""Fuzz the doors of claimtab: the readers, the extractor, and ``check`` through the CLI.

Usage:
  python benchmarks/fuzz.py [--minutes 10] [--seed 1] [--out fuzz-findings]

Runs the targets in turn until the time is up and prints a report (also written to
OUT/report.json, with every finding's input saved beside it for reproduction):

- ``read``: a corpus of good records in one of the input formats (JSONL, JSON, JSON
  written one item per line, CSV, TSV, a papers page; sometimes gzip- or
  zstandard-compressed), with the bytes of one record mutated the ways hostile input is
  (bytes replaced, deleted or inserted: quotes, brackets, backslashes, a Latin-1 byte, bad
  UTF-8, NUL, line breaks, the delimiter, surrogate escapes, huge numbers, deep nesting).
  A finding: an exception escaping ``read_papers``; a good record lost or changed; a
  problem that is not one line.
- ``extract``: texts built from claim-like tokens, arbitrary characters and pathological
  runs (``1, 1, 1, ...``, ``%%%%``, ``((((``, ``$$$$``, a thousand numbers in a sentence,
  long digit strings, dense claims), through ``api.extract`` with the default limits (a
  third of them without the numbers-in-a-sentence limit, as ``extract-unlimited``: how the
  engine itself copes). A finding: an exception, a problem other than a limit, a row whose
  ``source[start:end]`` is not its ``text``.
- ``cli``: ``claimtab extract`` and ``claimtab check`` through ``main()`` on mutated
  papers files and mutated sheets (CSV, TSV, JSONL, JSON, Markdown). A finding: an
  exception escaping ``main``, exit code 3 (an internal error), a good record missing from
  the output.

Every case is timed; one that takes over 1 s of CPU per 20 KB of input (at least 1 s) is
a ``slow`` finding, with its CPU and wall time and size (CPU time, since the machine may be
shared; the rules are loaded before the first case).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from claimtab import api  # noqa: E402
from claimtab.cli.app import main  # noqa: E402
from claimtab.io.limits import LIMITS, Limits  # noqa: E402
from claimtab.io.papers import read_papers  # noqa: E402
from claimtab.io.tables import read_table  # noqa: E402

NASTY = [b'"', b"'", b"\\", b"{", b"}", b"[", b"]", b",", b"\t", b"\n", b"\r", b"\r\n", b"\x00", b"\xe9", b"\xff",
         b"\xc3", b"\xed\xa0\x80", b"\\ud800", b"\\udc00", b"\\u", b": ", b'""', b"\xef\xbb\xbf", b"9" * 5000,
         b"[" * 3000, b"{" * 2000, b'"' * 50, b"\x1b[31m", b"[bold]", b"=cmd|' /C calc'!A0", b"<script>",
         b"\xf0\x9f\x99\x82", b"\xe2\x80\xa8", b"\x85"]
TOKENS = ["2.5", "-3", "+0.7", "1,000", "1.3B", "7B", "40%", "81.5 %", "1e9", "10^5", "2^{10}", "3×", "4.6x", "x",
          "%", "pp", "$", "$12", "€3", "ms", "GB", "tokens/s", "GPU-hours", "faster", "speedup", "slower", "than",
          "over", "vs.", "accuracy", "top-1", "BLEU", "F1", "on", "ImageNet", "COCO", "by", "up to", "about", "~",
          "±", "at least", "to", "-", "–", "and", "respectively", "times", "fold", "twice", "half",
          "an order of magnitude", "parameters", "reduces", "memory", "cost", "points", "(", ")", "[", "]", "{", "}",
          "\\", "\\%", "$\\times$", "https://github.com/a/b", "Code:", "e.g.", "Fig.", ".", ",", ";", "\n", "é",
          "中文", "🙂", "１２", "٣"]
WORDS = ["model", "method", "we", "propose", "results", "show", "improves", "baseline", "dataset", "training"]


def rand_text(rng: random.Random, lo: int = 3, hi: int = 40) -> str:
    words = [rng.choice(WORDS + TOKENS) for _ in range(rng.randint(lo, hi))]
    text = " ".join(words).replace("\n", " ").strip()
    return text.lstrip(",\t ") or "text"


def corpus(rng: random.Random) -> list[dict[str, str]]:
    return [{"id": f"id{i}", "title": rand_text(rng, 2, 8), "abstract": rand_text(rng)} for i in range(rng.randint(2, 12))]


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        at = rng.randint(0, len(out))
        op = rng.random()
        blob = rng.choice(NASTY) if rng.random() < 0.7 else bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        if op < 0.4:
            out[at:at] = blob
        elif op < 0.7:
            out[at : at + len(blob)] = blob
        else:
            del out[at : at + rng.randint(1, 8)]
    return bytes(out)


def _cell(text: str, sep: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in (sep, '"', "\n", "\r")) else text


def serialise(fmt: str, rows: list[dict[str, str]]) -> tuple[bytes, list[bytes], bytes, bytes]:
    """(head, record chunks, separator, tail)."""
    if fmt == "jsonl":
        return b"", [json.dumps(r, ensure_ascii=False).encode() for r in rows], b"\n", b"\n"
    if fmt == "json":
        return b"[", [json.dumps(r, ensure_ascii=False).encode() for r in rows], b", ", b"]"
    if fmt == "json-pretty":
        return b"[\n", [json.dumps(r, ensure_ascii=False, indent=2).encode() for r in rows], b",\n", b"\n]"
    if fmt == "page":
        return (b"Daily Papers\n\n", [f"{r['title']} Title\n\nWe study it. {r['abstract']}. It is 2x faster.".encode()
                                      for r in rows], b"\n\n", b"\n")
    sep = "\t" if fmt == "tsv" else ","
    head = sep.join(["id", "title", "abstract"]).encode() + b"\n"
    return head, [sep.join(_cell(r[k], sep) for k in ("id", "title", "abstract")).encode() for r in rows], b"\n", b"\n"


EXT = {"jsonl": ".jsonl", "json": ".json", "json-pretty": ".json", "csv": ".csv", "tsv": ".tsv", "page": ".txt"}


class Fuzz:
    def __init__(self, seed: int, out: Path):
        self.rng = random.Random(seed)
        self.out = out
        self.cases: Counter[str] = Counter()
        self.findings: list[dict] = []
        self.worst: dict[str, tuple[float, int, str]] = {}
        self.tmp = Path(tempfile.mkdtemp(prefix="claimtab-fuzz-"))
        self.papers = self.tmp / "papers.jsonl"
        self.papers.write_text("".join(json.dumps(r) + "\n" for r in [
            {"id": "p1", "title": "Fast", "abstract": "Our model is 4.6x faster than SST and reaches 81.5% top-1 accuracy."},
            {"id": "p2", "title": "Big", "abstract": "It has 1.3B parameters and costs $1,890."},
        ]), encoding="utf-8")

    # ------------------------------------------------------------------ bookkeeping

    def finding(self, target: str, kind: str, detail: str, data: bytes | str, name: str) -> None:
        n = len(self.findings) + 1
        saved = self.out / f"{n:03d}-{target}-{kind}{Path(name).suffix or '.txt'}"
        self.out.mkdir(parents=True, exist_ok=True)
        saved.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        self.findings.append({"target": target, "kind": kind, "detail": detail[:2000], "input": str(saved)})
        print(f"  finding {n}: {target} {kind}: {detail.splitlines()[0][:200]}", flush=True)

    def timed(self, target: str, size: int, began: tuple[float, float], data, name: str) -> None:
        """Judge a case by the CPU time it took (the machine may be shared), and say the wall time too."""
        wall, cpu = time.perf_counter() - began[0], time.process_time() - began[1]
        allowed = max(1.0, size / 20480)
        rate = cpu / max(size, 1) * 20480
        if size >= 5000 and rate > self.worst.get(target, (0.0, 0, ""))[0]:
            self.worst[target] = (rate, size, name)
        if cpu > allowed:
            self.finding(target, "slow", f"{cpu:.2f} s CPU ({wall:.2f} s wall) for {size:,} bytes "
                         f"(allowed {allowed:.2f} s)", data, name)

    # ------------------------------------------------------------------ targets

    def read_case(self) -> None:
        rng = self.rng
        fmt = rng.choice(list(EXT))
        rows = corpus(rng)
        head, chunks, sep, tail = serialise(fmt, rows)
        k = rng.randrange(len(rows))
        chunks[k] = mutate(rng, chunks[k])
        data = head + sep.join(chunks) + tail
        compress = rng.random()
        name = f"case{EXT[fmt]}"
        raw = data
        if compress < 0.1:
            raw, name = gzip.compress(data), name + ".gz"
        elif compress < 0.15:
            import zstandard

            raw, name = zstandard.ZstdCompressor().compress(data), name + ".zst"
        path = self.tmp / name
        path.write_bytes(raw)
        problems: list = []
        began = (time.perf_counter(), time.process_time())
        try:
            papers = list(read_papers(path, problems=problems))
        except BaseException as e:  # noqa: BLE001 - a finding, whatever it is
            if isinstance(e, KeyboardInterrupt):
                raise
            self.finding("read", "exception", traceback.format_exc(), raw, name)
            return
        self.timed("read", len(data), began, raw, name)
        if any("\n" in str(p) for p in problems):
            self.finding("read", "multi-line-problem", repr([str(p) for p in problems]), raw, name)
        if fmt == "page":
            return  # a page is read by heuristics: its pairing of titles and paragraphs may shift
        got = {(p.id, p.title, p.abstract) for p in papers}
        lost = [r for i, r in enumerate(rows) if i != k and (r["id"], r["title"], r["abstract"]) not in got]
        if lost:
            self.finding("read", "lost-record", f"{fmt}: lost {lost} (mutated {k}); problems {problems}", raw, name)

    def extract_text(self) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.45:
            return " ".join(rng.choice(TOKENS + WORDS) for _ in range(rng.randint(1, 300)))
        if pick < 0.6:
            return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000), rng.randrange(0, 32)]))
                           for _ in range(rng.randint(0, 2000)))
        n = rng.choice([50, 200, 500, 1000, 2400, 5000])
        unit = rng.choice(["1, ", "%", "(", "{", "$", "\\", "2.5x ", "A 3x speedup. ", "10^", "[1]", "1-", "1.",
                           "~", "0", "e", "-1 ", "+", "×", "$1$ ", "x", ". ", "\u200b"])
        body = unit * (n if len(unit) > 2 else n * 4)
        return rng.choice(["", "It is ", "We get "]) + body + rng.choice(["", " 2 tokens/s", " faster than SST."])

    def extract_case(self) -> None:
        text = self.extract_text()
        title = self.extract_text() if self.rng.random() < 0.2 else ""
        # a third of the cases without the numbers limit: how the engine itself copes with
        # many numbers in a sentence (the time budget still holds)
        unlimited = self.rng.random() < 0.33
        limits = Limits(max_numbers=None) if unlimited else LIMITS
        problems: list = []
        began = (time.perf_counter(), time.process_time())
        try:
            frame = api.extract_frame([{"id": "f", "title": title, "abstract": text}], problems=problems, limits=limits)
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, KeyboardInterrupt):
                raise
            self.finding("extract", "exception", traceback.format_exc(), text, "case.txt")
            return
        size = len((title + text).encode("utf-8", "surrogatepass"))
        target = "extract-unlimited" if unlimited else "extract"
        self.timed(target, size, began, title + "\n\n" + text, "case.txt")
        for p in problems:
            msg = str(p)
            if "time limit" in msg:
                self.finding(target, "slow", f"over the time budget: {msg}", title + "\n\n" + text, "case.txt")
            elif "over the limit" not in msg:
                self.finding("extract", "problem", msg, title + "\n\n" + text, "case.txt")
        fields = {"title": title, "abstract": text}
        for row in frame.itertuples(index=False):
            if fields[row.field][row.start : row.end] != row.text:
                self.finding("extract", "offsets", f"{row.field}[{row.start}:{row.end}] != {row.text!r}", text, "case.txt")
                break

    def run_main(self, args: list[str]) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            try:
                main(args)
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
        return code, err.getvalue()

    def cli_case(self) -> None:
        rng = self.rng
        if rng.random() < 0.5:
            fmt = rng.choice(["jsonl", "csv", "tsv", "json-pretty"])
            rows = corpus(rng)
            head, chunks, sep, tail = serialise(fmt, rows)
            k = rng.randrange(len(rows))
            chunks[k] = mutate(rng, chunks[k])
            data = head + sep.join(chunks) + tail
            src = self.tmp / f"in{EXT[fmt]}"
            src.write_bytes(data)
            out = self.tmp / rng.choice(["out.csv", "out.jsonl", "out.md", "out.xlsx", "out.parquet"])
            out.unlink(missing_ok=True)
            args = ["extract", str(src), "-o", str(out), "--no-progress"]
        else:
            fmt = rng.choice(["csv", "tsv", "jsonl", "json", "md"])
            values = ["4.6x", "81.5%", "1.3B", "~81%", "$1,890", "-0.3", "n/a", "", "1e999", "=1+1", "4.6 x faster"]
            rows = [{"paper_id": rng.choice(["p1", "p2", "p3", "Fast", ""]), "value": rng.choice(values),
                     "kind": rng.choice(["speedup", "score", "params", "cost", "", "nope"]), "metric": rand_text(rng, 0, 3)}
                    for _ in range(rng.randint(1, 8))]
            data = self.sheet_bytes(fmt, rows)
            data = mutate(rng, data) if rng.random() < 0.8 else data
            src = self.tmp / f"sheet.{fmt}"
            src.write_bytes(data)
            out = self.tmp / "report.csv"
            args = ["check", str(src), "--papers", str(self.papers), "-o", str(out)]
        began = (time.perf_counter(), time.process_time())
        try:
            code, err = self.run_main(args)
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, KeyboardInterrupt):
                raise
            self.finding("cli", "exception", f"{args[0]}: {traceback.format_exc()}", data, src.name)
            return
        self.timed("cli", len(data), began, data, src.name)
        if code not in (0, 1, 2):
            self.finding("cli", f"exit-{code}", f"{args[0]}: {err}", data, src.name)
        if args[0] == "extract" and code in (0, 1) and fmt in ("jsonl", "csv", "tsv"):
            have = set(read_table(out)["paper_id"].dropna()) if out.exists() else set()
            expected = {r["id"] for i, r in enumerate(rows) if i != k and list(api.extract([r]))}
            missing = expected - have
            if missing:
                self.finding("cli", "lost-record", f"extract {fmt}: {sorted(missing)} missing; {err}", data, src.name)

    @staticmethod
    def sheet_bytes(fmt: str, rows: list[dict]) -> bytes:
        cols = ["paper_id", "value", "kind", "metric"]
        if fmt == "jsonl":
            return "".join(json.dumps(r) + "\n" for r in rows).encode()
        if fmt == "json":
            return json.dumps(rows).encode()
        if fmt == "md":
            lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            lines += ["| " + " | ".join(r[c].replace("|", "\\|") for c in cols) + " |" for r in rows]
            return ("\n".join(lines) + "\n").encode()
        sep = "\t" if fmt == "tsv" else ","
        lines = [sep.join(cols)] + [sep.join(_cell(r[c], sep) for c in cols) for r in rows]
        return ("\n".join(lines) + "\n").encode()

    # ------------------------------------------------------------------ the run

    def warm_up(self) -> None:
        """Load the rules, the lexicon and the writers once, outside any case's time."""
        list(api.extract([{"id": "w", "title": "ImageNet", "abstract": "It is 2x faster on COCO."}]))
        list(read_papers(self.papers))
        self.run_main(["extract", str(self.papers), "-o", str(self.tmp / "warm.xlsx")])
        self.run_main(["check", str(self.papers), "--papers", str(self.papers), "-o", str(self.tmp / "warm.csv")])

    def run(self, minutes: float) -> dict:
        self.warm_up()
        began = time.monotonic()
        deadline = began + minutes * 60
        targets = [("read", self.read_case), ("extract", self.extract_case), ("cli", self.cli_case)]
        last = began
        while time.monotonic() < deadline:
            for name, case in targets:
                case()
                self.cases[name] += 1
            if time.monotonic() - last > 30:
                last = time.monotonic()
                print(f"{last - began:6.0f} s: {dict(self.cases)}, {len(self.findings)} findings", flush=True)
        report = {
            "minutes": round((time.monotonic() - began) / 60, 2),
            "cases": dict(self.cases),
            "findings": self.findings,
            "by_kind": dict(Counter(f"{f['target']}/{f['kind']}" for f in self.findings)),
            "worst_seconds_per_20kb": {t: {"rate": round(r, 3), "bytes": s} for t, (r, s, _) in self.worst.items()},
        }
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
        return report


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where the report and findings go")
    return ap.parse_args()


def main_() -> None:
    args = parse_args()
    report = Fuzz(args.seed, args.out).run(args.minutes)
    print(json.dumps({k: v for k, v in report.items() if k != "findings"}, indent=1))
    print(f"{len(report['findings'])} findings; report in {args.out / 'report.json'}")


if __name__ == "__main__":
    main_()
