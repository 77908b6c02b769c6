"""Benchmark names: the lexicon in patterns/lexicons/benchmarks.toml plus open-vocabulary
patterns from patterns/kinds/benchmark.toml, with abbreviation resolution."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from .text import sentence_of

# Words that look like names but are not benchmarks on their own.
STOP = {
    "the", "a", "an", "our", "this", "these", "we", "new", "novel", "large", "existing", "public", "real",
    "llm", "llms", "mllm", "mllms", "vlm", "vlms", "lvlm", "lvlms", "lm", "lms", "ai", "ml", "nlp", "cv", "rl", "qa",
    "vqa", "cnn", "cnns", "rnn", "gnn", "gnns", "gpu", "gpus", "cpu", "api", "sota", "gpt", "bert", "vit", "mlp",
    "rgb", "3d", "2d", "id", "ood", "iid", "sft", "rlhf", "dpo", "ppo", "grpo", "cot", "rag", "moe", "lora",
    "code", "data", "benchmark", "dataset", "english", "chinese", "github", "arxiv", "transformer", "transformers",
    "large-scale", "multi-modal", "open-source", "state-of-the-art", "real-world", "in", "on", "of", "and",
    "x-ray", "ct", "mri", "eeg", "ecg", "fmri", "pet", "us", "uk", "eu", "i", "ii", "iii", "iv", "v",
}


_TASK_ABBREV = regex.compile(r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+){1,5})\s+\(([A-Z][A-Za-z0-9-]{1,10})\)")
_ABBREV_AFTER = regex.compile(r"\s*\(([A-Za-z][\w-]{1,15})\)")
_LIST_ITEM = regex.compile(r"(?:[^,;&\s]|\s(?!and\s|&|\\&))+")
_ITEM_LEAD = regex.compile(r"^\s*(?:and|or|the)\s+")
_ITEM_PAREN = regex.compile(r"\s*\(.*$")
_ITEM_TAIL = regex.compile(r"\s+(?:datasets?|benchmarks?)$")
_SPLIT = regex.compile(r"[\s-]+")


@dataclass(frozen=True)
class Entry:
    name: str
    canonical: str
    task: str | None
    source: str | None


@dataclass
class Lexicon:
    regex_cs: regex.Pattern | None
    regex_ci: regex.Pattern | None
    entries: dict[str, Entry]  # surface form (lower) -> entry

    def lookup(self, surface: str) -> Entry | None:
        return self.entries.get(surface.lower())


def _alt(forms: list[str]) -> str:
    forms = sorted(set(forms), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(f).replace(r"\ ", r"[\s-]?") if " " in f else regex.escape(f) for f in forms)


@cache
def load_lexicon(root: str) -> Lexicon:
    path = Path(root) / "lexicons" / "benchmarks.toml"
    if not path.is_file():
        return Lexicon(None, None, {})
    with path.open("rb") as f:
        data = tomllib.load(f)
    cs: list[str] = []
    ci: list[str] = []
    entries: dict[str, Entry] = {}
    for b in data.get("benchmark", []):
        name = b["name"]
        for form in [name, *b.get("aliases", [])]:
            entries.setdefault(form.lower(), Entry(form, name, b.get("task"), b.get("source")))
            (ci if b.get("case_insensitive") else cs).append(form)
    bound_l, bound_r = r"(?<![\w-])", r"(?![\w]|-[A-Za-z0-9])"
    rcs = regex.compile(bound_l + "(?:" + _alt(cs) + ")" + bound_r) if cs else None
    rci = regex.compile(bound_l + "(?:" + _alt(ci) + ")" + bound_r, regex.IGNORECASE) if ci else None
    return Lexicon(rcs, rci, entries)


# sentence-initial or generic words a capitalised phrase may start with
LEADING = {
    "using", "on", "in", "the", "our", "for", "with", "from", "and", "a", "an", "this", "these", "both", "all",
    "standard", "public", "popular", "large", "new", "novel", "existing", "original", "challenging", "benchmark",
}
# proper adjectives and platforms: "the Danish dataset", "a Reddit dataset" name a source, not a benchmark
GENERIC = {
    "english", "chinese", "danish", "polish", "german", "french", "spanish", "japanese", "korean", "arabic", "hindi",
    "russian", "italian", "portuguese", "turkish", "vietnamese", "indian", "dutch", "swedish", "finnish", "greek",
    "persian", "urdu", "bengali", "thai", "indonesian", "african", "european", "american", "multilingual",
    "reddit", "twitter", "google", "youtube", "github", "facebook", "wikipedia", "amazon", "web", "internet",
    "training", "test", "testing", "validation", "evaluation", "unified", "modal", "multi-modal", "multimodal",
    "synthetic", "real", "comprehensive", "large-scale", "new", "novel", "public", "benchmark", "dataset", "image",
    "video", "text", "audio", "speech", "medical", "clinical", "object", "tracking", "detection", "remote",
    "sensing", "challenge", "open", "standard", "custom", "proposed", "collected", "curated", "annotated",
}


_KEYWORD_TAIL = regex.compile(r"\s(?:Dataset|Benchmark|Corpus|Suite|Bank|Database|Leaderboard)$")


def _keyword_policy(raw: str, s: int, e: int) -> tuple[str, int]:
    """Keep a capitalised "Dataset"/"Benchmark" only when the words before it are plain
    Titlecase words ("Waymo Open Dataset"); a coined name stands alone ("ZeroSense")."""
    m = _KEYWORD_TAIL.search(raw)
    if not m:
        return raw, e
    head = raw[: m.start()]
    coined = any(
        sum(c.isupper() for c in w) > 1 or any(c.isdigit() for c in w) for w in regex.split(r"[\s-]+", head) if w
    )
    if coined:
        return head, s + len(head)
    return raw, e


def _is_name(name: str) -> bool:
    n = name.strip()
    if len(n) < 2 or len(n) > 60:
        return False
    if n.lower() in STOP:
        return False
    words = n.split()
    if len(words) > 6:
        return False
    if not any(c.isupper() for c in n) and not any(c.isdigit() for c in n):
        return False
    if all(w.lower() in STOP or w.lower() in GENERIC for w in _SPLIT.split(n) if w):
        return False
    return True


def find_benchmarks(text: str, patterns, sents, blocked, field: str = "abstract"):
    """Benchmark drafts: lexicon names first, then open-vocabulary patterns."""
    from .extract import Draft

    lex = load_lexicon(str(patterns.root))
    found: list[tuple[int, int, str, str | None, str]] = []  # start, end, name, canonical, rule

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in blocked) and not any(a < e and s < b for a, b, *_ in found)

    for rx in (lex.regex_cs, lex.regex_ci):
        if rx is None:
            continue
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                ent = lex.lookup(m.group(0))
                found.append((m.start(), m.end(), m.group(0), ent.canonical if ent else None, "lexicon"))
    low = text.lower()
    for name, rx, is_list, requires, fields in patterns.benchmark_patterns:
        if requires and not any(w in low for w in requires):
            continue
        if fields and field not in fields:
            continue
        for m in rx.finditer(text):
            if is_list:
                base = m.start("list")
                for item in _LIST_ITEM.finditer(m.group("list")):
                    raw = _ITEM_LEAD.sub("", item.group(0)).strip()
                    raw = _ITEM_PAREN.sub("", raw).strip()
                    raw = _ITEM_TAIL.sub("", raw).strip()
                    if not raw or not _is_name(raw) or len(raw.split()) > 4:
                        continue
                    if not (raw[:1].isupper() or raw[:1].isdigit()):
                        continue
                    s = base + item.start() + item.group(0).find(raw)
                    e = s + len(raw)
                    if free(s, e):
                        ent = lex.lookup(raw)
                        found.append((s, e, raw, ent.canonical if ent else None, name))
                continue
            s, e = m.span("name")
            raw = m.group("name")
            lead = raw.split(" ", 1)
            if len(lead) == 2 and lead[0].lower() in LEADING:  # "Using CIFAR-10 dataset"
                s += len(lead[0]) + 1
                raw = lead[1]
            raw, e = _keyword_policy(raw, s, e)
            if not _is_name(raw) or not free(s, e):
                continue
            ent = lex.lookup(raw)
            found.append((s, e, raw, ent.canonical if ent else None, name))
    # an abbreviation of a lower-case phrase names a task, not a benchmark:
    # "named entity recognition (NER) datasets"
    if found and "(" in text:
        tasks = {m.group(2) for m in _TASK_ABBREV.finditer(text)}
        found = [f for f in found if f[2] not in tasks or f[4] == "lexicon"]
    # abbreviations: "Long Range Arena (LRA)" -> LRA is the same benchmark
    abbrev: dict[str, tuple[str, str | None]] = {}
    for _s, e, name, canon, _ in found:
        m = _ABBREV_AFTER.match(text[e : e + 20])
        if m and len(name.split()) > 1:
            abbrev[m.group(1)] = (name, canon)
    out = []
    for s, e, name, canon, rule in sorted(found):
        if name in abbrev and abbrev[name][0] != name:
            continue
        sent = sentence_of(sents, s)
        d = Draft(kind="benchmark", start=s, end=e, text=text[s:e], dataset=name, rule=rule, extra={"sent": sent})
        if canon:
            d.extra["canonical"] = canon
        out.append(d)
    return out
