"""Benchmark names: the lexicon in patterns/lexicons/benchmarks.toml plus open-vocabulary
patterns from patterns/kinds/benchmark.toml, with abbreviation resolution."""

from __future__ import annotations

import re
from functools import cache

import regex

from claimtab.model import Found
from claimtab.rules.compile import Names, Rules
from claimtab.rules.lexicon import load_lexicon
from claimtab.text import sentence_of

_SPLIT = regex.compile(r"[\s-]+")


def _keyword_policy(nm: Names, raw: str, s: int, e: int) -> tuple[str, int]:
    """Keep a capitalised "Dataset"/"Benchmark" only when the words before it are plain
    Titlecase words ("Waymo Open Dataset"); a coined name stands alone ("ZeroSense")."""
    m = nm.rx["keyword_tail"].search(raw)
    if not m:
        return raw, e
    head = raw[: m.start()]
    coined = any(
        sum(c.isupper() for c in w) > 1 or any(c.isdigit() for c in w) for w in regex.split(r"[\s-]+", head) if w
    )
    if coined:
        return head, s + len(head)
    return raw, e


def _is_name(nm: Names, name: str, strong: bool = False) -> bool:
    """Could ``name`` be a benchmark's name? ``strong``: the text calls it a dataset or
    benchmark right there ("the M4 benchmark"), so short names are allowed."""
    n = name.strip()
    if len(n) < 2 or len(n) > 60 or not any(c.isalpha() for c in n):
        return False  # "2025" is a year, not a name
    if n.lower() in nm.stop:
        return False
    words = n.split()
    if len(words) > 6:
        return False
    if not any(c.isupper() for c in n) and not any(c.isdigit() for c in n):
        return False
    if all(w.lower() in nm.stop or w.lower() in nm.generic for w in _SPLIT.split(n) if w):
        return False
    if nm.rx["descriptive"].match(n) or nm.rx["fragment"].match(n) and not strong:  # "Polish-language", "TCKR-generated", "V2"
        return False
    return True


WINDOW_BEFORE, WINDOW_AFTER = 200, 260


def _expand_coordination(nm: Names, text: str, found: list, free, lex) -> None:
    """Coined names listed together with a found benchmark are benchmarks too:
    "on Cityscapes, CamVid, and UAVid" (Cityscapes known) gives CamVid and UAVid."""
    queue = list(found)
    while queue:
        s, e, *_ = queue.pop()
        for side in ("right", "left"):
            if side == "right":
                m = nm.rx["coord_right"].match(text, e, min(len(text), e + 60))
                span = (m.start("n"), m.end("n")) if m else None
            else:
                m = nm.rx["coord_left"].search(text, max(0, s - 60), s)
                span = (m.start("n"), m.end("n")) if m else None
            if not span:
                continue
            raw = text[span[0] : span[1]]
            if nm.models.match(raw) or not _is_name(nm, raw) or not free(*span):
                continue
            ent = lex.lookup(raw)
            item = (span[0], span[1], raw, ent.canonical if ent else None, "coordination")
            found.append(item)
            queue.append(item)


@cache
def _keyword_rx(words: frozenset[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _keyword_hits(low: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of any pattern's required words, found in one scan."""
    return [(m.start(), m.end(), m.group()) for m in _keyword_rx(words).finditer(low)]


def _windows(hits: list[tuple[int, int, str]], words: tuple[str, ...], n: int) -> list[tuple[int, int]]:
    """Merged spans around each occurrence of the words a pattern requires: the pattern is
    only tried there (most of an abstract is far from any "dataset" or "benchmark")."""
    merged: list[tuple[int, int]] = []
    for s, e, w in hits:
        if not any(r in w or w in r for r in words):
            continue
        a, b = max(0, s - WINDOW_BEFORE), min(n, e + WINDOW_AFTER)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def find_benchmarks(text: str, patterns: Rules, sents, blocked, field: str, kind: str) -> list[Found]:
    """Benchmark drafts: lexicon names first, then open-vocabulary patterns."""
    nm = patterns.names[kind]

    lex = load_lexicon(patterns.root)
    found: list[tuple[int, int, str, str | None, str]] = []  # start, end, name, canonical, rule

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in blocked) and not any(a < e and s < b for a, b, *_ in found)

    for s_, e_, surface, ent in lex.find(text):
        if free(s_, e_):
            found.append((s_, e_, surface, ent.canonical, "lexicon"))
    low = text.lower()
    window_cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    all_words = frozenset(w for p in patterns.name_patterns for w in p.requires)
    hits = _keyword_hits(low, all_words) if all_words else []
    for pat in patterns.name_patterns:
        name, rx, is_list, requires, fields = pat.name, pat.rx, pat.is_list, pat.requires, pat.fields
        if fields and field not in fields:
            continue
        if requires:
            if requires not in window_cache:
                window_cache[requires] = _windows(hits, requires, len(low))
            spans = window_cache[requires]
            if not spans:
                continue
        else:
            spans = [(0, len(text))]
        seen_at: set[int] = set()
        for m in (m for a, b in spans for m in rx.finditer(text, a, b)):
            if m.start() in seen_at:
                continue
            seen_at.add(m.start())
            if is_list:
                base = m.start("list")
                for item in nm.rx["list_item"].finditer(m.group("list")):
                    lead = nm.rx["item_name"].match(item.group(0))
                    if not lead:
                        break  # the list ended: the next "item" is running text
                    raw = lead.group("n")
                    if not _is_name(nm, raw) or len(raw.split()) > 4:
                        continue
                    s = base + item.start() + lead.start("n")
                    e = s + len(raw)
                    if free(s, e):
                        ent = lex.lookup(raw)
                        found.append((s, e, raw, ent.canonical if ent else None, name))
                continue
            s, e = m.span("name")
            raw = m.group("name")
            lead = raw.split(" ", 1)
            if len(lead) == 2 and lead[0].lower() in nm.leading:  # "Using CIFAR-10 dataset"
                s += len(lead[0]) + 1
                raw = lead[1]
            raw, e = _keyword_policy(nm, raw, s, e)
            if not _is_name(nm, raw, strong=pat.strong) or not free(s, e) or nm.models.match(raw):
                continue
            ent = lex.lookup(raw)
            found.append((s, e, raw, ent.canonical if ent else None, name))
    _expand_coordination(nm, text, found, free, lex)
    # an abbreviation of a lower-case phrase names a task, not a benchmark:
    # "named entity recognition (NER) datasets"
    if found and "(" in text:
        tasks = {m.group(2) for m in nm.rx["task_abbrev"].finditer(text)}
        found = [f for f in found if f[2] not in tasks or f[4] == "lexicon"]
    # abbreviations: "Long Range Arena (LRA)" -> LRA is the same benchmark
    abbrev: dict[str, tuple[str, str | None]] = {}
    for _s, e, name, canon, _ in found:
        m = nm.rx["abbrev_after"].match(text[e : e + 20])
        if m and len(m.group(1)) < len(name) and m.group(1) != name:
            abbrev[m.group(1)] = (name, canon)
    short_of = {full: ab for ab, (full, _canon) in abbrev.items()}
    for ab, (_full, canon) in abbrev.items():  # every later use of a defined short form
        for m in regex.finditer(r"(?<![\w-])" + regex.escape(ab) + r"(?![\w-])", text):
            if not any(a < m.end() and m.start() < b for a, b, *_ in found):
                found.append((m.start(), m.end(), ab, canon, "abbreviation"))
    out = []
    introducing = {p.name for p in patterns.name_patterns if p.introduces}
    for s, e, name, canon, rule in sorted(found):
        sent = sentence_of(sents, s)
        d = Found(kind=kind, start=s, end=e, text=text[s:e], dataset=name, rule=rule, sentence=sent)
        if name in abbrev and abbrev[name][0] != name:
            # a later "LRA" names the benchmark defined as "Long Range Arena (LRA)": a target
            # for linking numbers, not a claim of its own (the extractor drops it after linking)
            d.alias_of = abbrev[name][0]
        if canon:
            d.canonical = canon
        if name in short_of and len(name.split()) >= 3:
            # "Fine-Grained Visual Classification (FGVC)": numbers refer to it as FGVC
            d.short = short_of[name]
        if rule in introducing or nm.rx["introduces"].search(text, sent[0], sent[1]):  # "we introduce JetClass, a new dataset"
            d.introduced = True
        out.append(d)
    return out
