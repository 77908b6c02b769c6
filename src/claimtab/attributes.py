"""Attribute linking: what a number is measured on (dataset), against (baseline), in
which metric and under which condition. A first pass on the clause around each claim."""

from __future__ import annotations

import regex

_BASELINE = regex.compile(
    r"(?i)\b(?:over|than|compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|against|relative\s+to|vs\.?|versus|"
    r"outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beat(?:s|ing)?|exceed(?:s|ed|ing)?|improv(?:es|ed|ing)\s+(?:up)?on)\s+"
    r"(?P<b>(?:the\s+|a\s+|an\s+)?(?:[A-Za-z0-9][\w.+/-]*)(?:\s+(?!by\b|on\b|in\b|at\b|across\b|with\b|while\b|and\s+(?:achiev|reduc|improv|speed|outperform)|for\b|to\b|when\b|under\b|using\b|which\b|respectively\b)[A-Za-z0-9][\w.+/-]*){0,5})"
)
_HARDWARE = regex.compile(
    r"(?:\b(?:on|using|with)\s+(?:a\s+|an\s+|one\s+|the\s+)?(?:single\s+|commodity\s+|consumer\s+)?)"
    r"(?P<c>(?:\d+\s*[x×]?\s*)?(?:NVIDIA\s+|Nvidia\s+)?(?:(?:RTX|GTX|Tesla|Titan|TITAN|Jetson|Quadro|GeForce)\s*[\w-]+(?:\s+\w+)?|"
    r"[AHVLT]100|H200|B200|A6000|A40|A10G?|V100|P100|T4|L4|TPU\s*v?\d\w*|Raspberry\s+Pi(?:\s+\d)?|FPGA|CPU|GPU|mobile\s+(?:device|phone|CPU|GPU)s?|edge\s+devices?|smartphones?|iPhone\s*\w*|Snapdragon\s*\w*)(?:\s+GPUs?)?)"
)
_CONTEXT = regex.compile(r"(?i)\b(?:at|with|for|under)\s+(?P<c>\d[\d.,]*\s?[kKM]?\s+(?:context|sequence|token|input)[\s-]?(?:lengths?|windows?)?)")
_ON_DATASET = regex.compile(r"\b(?:on|in|for|across)\s+(?:the\s+)?(?P<d>[A-Z][\w.+-]*(?:[\s-][A-Z0-9][\w.+-]*){0,3})")

_FILLER = {"the", "a", "an", "our", "their", "its"}


def _trim(s: str) -> str:
    s = s.strip(" ,.;:()")
    words = s.split()
    while words and words[0].lower() in _FILLER:
        words = words[1:]
    return " ".join(words)


def attach_attributes(text: str, drafts, sents, patterns) -> None:
    """Fill dataset, baseline, metric and condition of numeric drafts in place."""
    benches = [d for d in drafts if d.kind == "benchmark"]
    for d in drafts:
        if d.kind in ("benchmark", "code_url") or "sent" not in d.extra:
            continue
        s0, s1 = d.extra["sent"]
        sentence = text[s0:s1]
        rel = d.start - s0
        # dataset: a benchmark named in the same sentence, the nearest one after "on"/"in" first
        cands = [b for b in benches if s0 <= b.start < s1]
        if cands:
            best = min(cands, key=lambda b: (abs(b.start - d.start) + (0 if b.start > d.end else 40)))
            d.dataset = best.dataset
        else:
            m = _ON_DATASET.search(text, d.end, min(s1, d.end + 60))
            if m and (len(m.group("d")) > 2 or any(c.isdigit() for c in m.group("d"))) and any(
                c.isupper() or c.isdigit() for c in m.group("d")[1:]
            ):
                d.dataset = _trim(m.group("d"))
        # baseline: the nearest comparison phrase in the clause
        best_b = None
        for m in _BASELINE.finditer(sentence):
            b = _trim(m.group("b"))
            if not b or regex.match(r"^\d", b):
                continue
            dist = abs(m.start() - rel)
            if best_b is None or dist < best_b[0]:
                best_b = (dist, b)
        if best_b and best_b[0] < 120:
            d.baseline = best_b[1]
        # condition: hardware or a context length in the sentence
        m = _HARDWARE.search(sentence)
        if m:
            d.condition = _trim(m.group("c"))
        else:
            m = _CONTEXT.search(sentence)
            if m:
                d.condition = _trim(m.group("c"))
        # metric: the nearest metric name in the clause when the rule did not capture one
        if not d.metric and d.kind in ("score", "delta"):
            best_m = None
            for m in patterns.metric.finditer(sentence):
                dist = min(abs(m.start() - rel), abs(m.end() - rel))
                if best_m is None or dist < best_m[0]:
                    best_m = (dist, m.group(0))
            if best_m and best_m[0] < 80:
                d.metric = best_m[1]
        if d.kind == "params" and not d.metric:
            d.metric = "parameters"
