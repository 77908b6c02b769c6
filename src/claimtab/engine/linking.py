"""Attribute linking: what a number is measured in (metric), on (dataset), against
(baseline) and under which condition -- read from the clause around each claim.

The cues are data (``patterns/linking.toml``); which of them a kind uses is its
``[kind.link]`` table. This module holds the mechanisms: clause bounds, nearest match,
"respectively" pairing (the i-th value with the i-th name), noun-phrase trimming.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import lru_cache

import regex

from claimtab.engine.sentences import TextMemo
from claimtab.rules.compile import ConditionRule, Linking, Rules

# How far from a number the cues that read the rest of its clause look (characters): a
# clause longer than this is read only this far from the number. Every cue match in every
# text of the corpora lies within a few dozen characters; the bound keeps the work for a
# number constant instead of growing with its clause (a 20 KB sentence of numbers).
REACH = 1000


def trim(lk: Linking, s: str) -> str:
    """A linked phrase without edge punctuation and leading/trailing articles."""
    filler = lk.words["filler"]
    words = s.strip(" ,.;:()[]").split()
    while words and words[0].lower() in filler:
        words = words[1:]
    while words and words[-1].lower() in filler | {"and", "or"}:
        words = words[:-1]
    return " ".join(words)


def _split_list(lk: Linking, s: str) -> list[str]:
    return [t for p in lk.rx["list_split"].split(s) if (t := trim(lk, p))]


def _clause(lk: Linking, sentence: str, rel: int) -> tuple[int, int]:
    """Bounds (relative to the sentence) of the clause holding position ``rel``."""
    start, end = 0, len(sentence)
    for m in lk.rx["clause_break"].finditer(sentence):
        if m.end() <= rel:
            start = m.end()
        elif m.start() >= rel:
            end = m.start()
            break
    return start, end


def _nearest(rx: regex.Pattern, text: str, lo: int, hi: int, pos: int, group, limit: int = 80, ss=None) -> str | None:
    best = None
    # with the sentence's matches at hand (``ss``), only those near ``pos`` can be within ``limit``
    found = rx.finditer(text, lo, hi) if ss is None else ss.matches(rx, lo, hi).around(pos - limit, pos + limit)
    for m in found:
        d = min(abs(m.start() - pos), abs(m.end() - pos))
        if d <= limit and (best is None or d < best[0]):
            best = (d, m.group(group))
    return best[1] if best else None


class Place:
    """Where a numeric draft stands: its sentence, clause and number, and its list position."""

    __slots__ = ("s0", "s1", "sentence", "n0", "n1", "rel", "c0", "c1", "gi", "respectively", "ss", "memo")

    def __init__(self, lk: Linking, text: str, d, memo: TextMemo | None = None) -> None:
        self.s0, self.s1 = d.sentence
        # what is read of the sentence, read once for all its numbers (see engine/sentences.py)
        self.memo = memo
        self.ss = memo.sentence(self.s0, self.s1) if memo is not None else None
        self.sentence = self.ss.text if self.ss is not None else text[self.s0 : self.s1]
        self.n0, self.n1 = d.number or (d.start, d.end)
        self.rel = self.n0 - self.s0
        self.c0, self.c1 = self.ss.clause(self.rel) if self.ss is not None else _clause(lk, self.sentence, self.rel)
        self.gi = d.group or None
        self.respectively = (self.ss.respectively if self.ss is not None
                             else bool(lk.rx["respectively"].search(self.sentence)))

    @property
    def rel_end(self) -> int:
        return self.n1 - self.s0


def attach_attributes(text: str, drafts, sents, rules: Rules) -> None:
    """Fill dataset, baseline, condition and metric of numeric drafts in place."""
    lk = rules.linking
    numeric = set(rules.kinds.numeric())
    names = set(rules.kinds.by_detector("names"))
    benches = [d for d in drafts if d.kind in names]
    memo = TextMemo(lk, text, benches)
    for d in drafts:
        if d.kind not in numeric or d.sentence is None:
            continue
        link = rules.kinds[d.kind].link
        at = Place(lk, text, d, memo)
        if link.dataset:
            _link_dataset(lk, text, d, benches, at, link.dataset, sents)
        if link.baseline:
            _link_baseline(lk, d, at, link.baseline)
        in_sent = at.ss.benches
        _link_condition(lk, d, at, link, in_sent, rules.metric)
        _link_metric(lk, d, at, link, rules.metric)


# ------------------------------------------------------------------------------ dataset


def name_of(b) -> str:
    """How numbers refer to a benchmark: its defined short form for a long name."""
    if b.alias_of is not None:  # a later "FGVC" for "Fine-Grained Visual Classification (FGVC)"
        full = b.alias_of
        return b.dataset if len(full.split()) >= 3 else full
    return b.short or b.dataset


def _link_dataset(lk: Linking, text: str, d, benches, at: Place, cues: Sequence[str], sents) -> None:
    in_sent = at.ss.benches if at.ss is not None else [b for b in benches if at.s0 <= b.start < at.s1]
    for cue in cues:
        found = _DATASET_CUES[cue](lk, text, d, benches, in_sent, at)
        if found is not None:
            d.dataset = found
            return


def _respectively_dataset(lk, text, d, benches, in_sent, at):
    """"93.67% and 81.01% on CIFAR-10 and CIFAR-100, respectively"."""
    if in_sent and at.gi is not None and at.respectively and len(in_sent) >= at.gi[1]:
        if at.ss is not None and at.ss.ordered:  # those after the number are a slice
            k = bisect_right(at.ss.starts, at.n1)
            names = in_sent if k == len(in_sent) else range(k, len(in_sent))
            if len(names) == at.gi[1]:
                return name_of(in_sent[names[at.gi[0]]] if isinstance(names, range) else names[at.gi[0]])
            return None
        names = [b for b in in_sent if b.start > at.n1] or in_sent
        if len(names) == at.gi[1]:
            return name_of(names[at.gi[0]])
    return None


def _on_name_dataset(lk, text, d, benches, in_sent, at):
    """"0.488 on Juntendo": a name the paper uses more than once, right after the number."""
    m = lk.rx["on_name"].match(text, at.n1, min(at.s1, at.n1 + 50))
    if m and not (m.start("d") in at.ss.start_set if at.ss is not None else any(b.start == m.start("d") for b in in_sent)):
        name = m.group("d")
        count = at.memo.count(name) if at.memo is not None else text.count(name)
        if name.lower() not in lk.words["not_datasets"] and count >= 2 and not lk.rx["hardware"].match(
            "on " + name
        ):
            return name
    return None


def _attached_dataset(lk, text, d, benches, in_sent, at):
    """A benchmark attached to the number: "81.5% on ImageNet", "ImageNet accuracy of 88.0%"."""
    if at.ss is not None and at.ss.ordered:
        return _attached_dataset_ordered(lk, text, in_sent, at)
    after = [b for b in in_sent if b.start >= at.n1 and lk.rx["attached_after"].match(text[at.n1 : b.start])]
    before = [
        b for b in in_sent if b.end <= at.n0 and at.n0 - b.end <= 40 and not lk.rx["detached"].search(text[b.end : at.n0])
    ]
    if after or before:
        return name_of(after[0] if after else before[-1])
    return None


def _attached_dataset_ordered(lk, text, in_sent, at):
    """:func:`_attached_dataset` for benchmarks in order: the first attached one after the
    number, else the last attached one within 40 characters before it."""
    ss, attached = at.ss, lk.rx["attached_after"]
    for i in range(bisect_left(ss.starts, at.n1), len(in_sent)):
        if in_sent[i].start - at.n1 > REACH:
            break
        if attached.match(text[at.n1 : in_sent[i].start]):
            return name_of(in_sent[i])
    for i in range(bisect_right(ss.ends, at.n0) - 1, bisect_left(ss.ends, at.n0 - 40) - 1, -1):
        b = in_sent[i]
        if not lk.rx["detached"].search(text[b.end : at.n0]):
            return name_of(b)
    return None


def _clause_dataset(lk, text, d, benches, in_sent, at):
    """The benchmark of the sentence nearest the number, those of its clause first."""
    if not in_sent:
        return None
    def dist(b):
        gap = b.start - at.n1 if b.start >= at.n1 else at.n0 - b.end
        return gap + (0 if b.start >= at.n1 else 25)

    if at.ss is not None and at.ss.ordered:
        # in order, the nearest is the last one before the number or the first one after it
        starts = at.ss.starts
        lo, hi = bisect_left(starts, at.s0 + at.c0), bisect_left(starts, at.s0 + at.c1)
        if lo == hi:
            lo, hi = 0, len(in_sent)
        k = bisect_left(starts, at.n1, lo, hi)
        return name_of(min(in_sent[max(k - 1, lo) : min(k + 1, hi)], key=dist))
    in_clause = [b for b in in_sent if at.s0 + at.c0 <= b.start < at.s0 + at.c1] or in_sent
    return name_of(min(in_clause, key=dist))


def _on_coined_dataset(lk, text, d, benches, in_sent, at):
    """"81.5% on XYZ-5k": a coined name after "on", in a sentence naming no benchmark."""
    if in_sent:
        return None
    m = lk.rx["on_dataset"].search(text, at.n1, min(at.s1, at.n1 + 60))
    if m:
        name = trim(lk, m.group("d"))
        if any(c.isupper() or c.isdigit() for c in name[1:]):
            return name
    return None


def _previous_sentence_dataset(lk, text, d, benches, in_sent, at):
    """A data size in a sentence naming no benchmark counts the one just named before it."""
    if in_sent:
        return None
    if at.memo is not None and at.memo.ordered:  # the last one before the sentence, if near
        k = bisect_right(at.memo.ends, at.s0)
        return name_of(benches[k - 1]) if k and at.s0 - benches[k - 1].end < 300 else None
    prev = [b for b in benches if b.end <= at.s0 and at.s0 - b.end < 300]
    return name_of(prev[-1]) if prev else None


def _only_benchmark_dataset(lk, text, d, benches, in_sent, at):
    """The abstract names one benchmark only (not as pre-training data): results are on it."""
    if in_sent:
        return None
    names = at.memo.only_names if at.memo is not None else None
    if names is None:  # the same for every number of the text
        pre = lk.rx["pretraining"]
        names = {name_of(b) for b in benches if not pre.search(text[max(0, b.start - 40) : b.end + 25])}
        if at.memo is not None:
            at.memo.only_names = names
    return next(iter(names)) if len(names) == 1 else None


_DATASET_CUES = {
    "respectively": _respectively_dataset,
    "on_name": _on_name_dataset,
    "attached": _attached_dataset,
    "clause": _clause_dataset,
    "on_coined": _on_coined_dataset,
    "previous_sentence": _previous_sentence_dataset,
    "only_benchmark": _only_benchmark_dataset,
}


# ------------------------------------------------------------------------------ baseline


def _core_name(lk: Linking, np: str) -> str:
    """From "state-of-the-art semantic segmentation network PSPNet" keep the coined name
    ("PSPNet"); an NP without one ("conventional fine-tuned models") stays whole."""
    words = np.split()
    coined = [i for i, w in enumerate(words) if lk.rx["coined_token"].match(w.strip(",.;()"))]
    if not coined or len(words) <= 2 or coined[-1] != len(words) - 1:
        return np  # "previous SOTA models": the name is a modifier, keep the phrase
    first = coined[-1]
    while first - 1 in coined:
        first -= 1
    return " ".join(words[first:])


def _compared(rx, at: Place, lo: int, hi: int):
    """The matches of ``compare_before`` in ``sentence[lo:hi]`` that :func:`_link_baseline`
    needs to weigh. Their distance to the number falls towards it from either side, so the
    nearest is the last one starting at or before it or the first one after it, and a match
    it skips (too far) is skipped with all those beyond it: those two are enough."""
    ms = at.ss.matches(rx, lo, hi) if at.ss is not None else None
    if ms is None or not ms.simple or not ms.group_inside("b"):
        return rx.finditer(at.sentence, lo, hi)
    k = ms.split_at(at.rel)
    return ms.list[max(k - 1, 0) : k + 1]


def _link_baseline(lk: Linking, d, at: Place, cues: Sequence[str]) -> None:
    sentence, rel, rel_end, c0, c1 = at.sentence, at.rel, at.rel_end, at.c0, at.c1
    listed = at.respectively and at.gi
    cands = []
    rx = lk.rx["compare_before"]
    for lo, hi, weight in ((c0, c1, 0), (0, len(sentence), 150)):  # the clause first, then the sentence
        for m in _compared(rx, at, lo, hi):
            if m.start("b") >= rel_end and m.start() - rel_end > 60 and not listed:
                continue
            if m.end() <= rel and rel - m.end() > 120 and weight == 0:
                continue
            dist = abs(m.start() - rel) if m.start() > rel else rel - m.end()
            cands.append((dist + weight, m.group("b")))
        if cands:
            break
    m = lk.rx["compare_after"].match(sentence[rel_end : min(c1, rel_end + REACH)])
    if m:  # "1.4x over CenterPoint": a comparison right after the number is its own
        cands.append((m.start("b") - 20, m.group("b")))
    if "resource_of" in cues:
        m = lk.rx["resource_of"].match(sentence[rel_end : min(c1, rel_end + REACH)])
        if m:
            cands.append((-1, m.group("b")))
    if not cands:
        return
    cands.sort(key=lambda x: x[0])
    raw = cands[0][1]
    items = _split_list(lk, raw)
    if at.gi is not None and at.respectively:
        names = [it for it in items if it[:1].isupper() or any(c.isdigit() for c in it)]
        for cand in (items, names):
            if len(cand) == at.gi[1]:
                d.baseline = _core_name(lk, cand[at.gi[0]])
                return
    b = trim(lk, raw)
    if b and not lk.rx["not_baseline"].match(b):
        d.baseline = _core_name(lk, b)


# ------------------------------------------------------------------------------ condition


def _condition_of(lk: Linking, cue: ConditionRule, d, at: Place, in_sent, metric_rx) -> str | None:
    sentence = at.sentence
    if cue.after_number:
        m = cue.rx.match(sentence[at.rel_end : at.rel_end + 80])
        if m is None:
            return None
        c = m.group("c")
        if m.groupdict().get("p") == "in" and (cue.metric_after_in == "always" or metric_rx.search(c)):
            return None  # "2% in accuracy" names the metric
        if cue.not_benchmark:
            names = (at.ss.datasets() if at.ss is not None else {b.dataset for b in in_sent}) | {d.dataset}
            if any(b and (b in c or c in b) for b in names) or lk.rx["dataset_word"].search(c):
                return None
        return cue.prefix + c
    if cue.pick == "nearest":
        found = list(cue.rx.finditer(sentence)) if at.ss is None else at.ss.matches(cue.rx)
        if at.ss is not None:  # the nearest start is next to where the number ends
            k = found.split_at(at.rel_end)
            found = found.list[max(k - 1, 0) : k + 1] if found.simple else found.list
        if not found:
            return None
        m = min(found, key=lambda m: abs(m.start() - at.rel_end))
    else:
        m = cue.rx.search(sentence) if at.ss is None else at.ss.search(cue.rx)
        if m is None:
            return None
    return cue.prefix + trim(lk, m.group("c")) if not cue.prefix else cue.prefix + m.group("c").strip()


def _link_condition(lk: Linking, d, at: Place, link, in_sent, metric_rx) -> None:
    """Settings that qualify the number, in the order of the kind's cues; of one group's
    cues only the first that matches counts."""
    parts: list[str] = []
    done: set[str] = set()
    for name in link.conditions:
        cue = lk.conditions[name]
        if cue.group is not None and cue.group in done:
            continue
        c = _condition_of(lk, cue, d, at, in_sent, metric_rx)
        if c is None:
            continue
        if cue.group is not None:
            done.add(cue.group)
        parts.append(c)
    if link.condition_from_metric and d.metric:
        first = d.metric.split()[0].lower()
        if first in link.condition_from_metric:
            parts.append(first)
    if parts:
        d.condition = ", ".join(dict.fromkeys(parts))


# ------------------------------------------------------------------------------ metric


@lru_cache(maxsize=1024)
def _word_rx(word: str) -> regex.Pattern:
    """``word`` as a whole word (compiled once per word, not once per number)."""
    return regex.compile(r"(?<![\w-])" + regex.escape(word) + r"(?![\w-])")


_OF_PHRASE = regex.compile(r"\s+of\s+((?:[\w-]+\s+){0,2}?[\w-]+)(?=[\s,.;]|$)")


def _expand_data_noun(lk: Linking, sentence: str, rel_end: int, head: str) -> str:
    """The noun phrase a data size counts, from the number's right: "1,100 multiple-choice
    questions" -> "multiple-choice questions", "236k pairs of code components" -> "pairs of
    code components"; evaluative adjectives ("diverse", "high-quality") are left out."""
    tail = sentence[rel_end : rel_end + 120]
    m = _word_rx(head).search(tail)
    if not m:
        return head
    modifiers = lk.words["data_head_modifiers"]
    keep: list[str] = []
    for w in reversed(tail[: m.start()].split()):
        bare = w.strip("(),")
        # hyphenated ("multiple-choice"), capitalised ("StackOverflow") or a data word ("question")
        if "-" in bare or bare.lower() in modifiers or (bare[:1].isupper() and bare.lower() not in ("the", "a")):
            keep.insert(0, bare)
            if len(keep) == 2:
                break
        else:
            break
    phrase = " ".join(keep + [head])
    if head.lower() in lk.words["data_of_heads"]:
        of = _OF_PHRASE.match(tail[m.end() :])
        if of and of.group(1).split()[0].lower() not in ("the", "a", "an"):
            phrase += " of " + of.group(1)
    return phrase


def _headed(link, metric: str | None) -> str:
    """A metric with the kind's head noun: "trainable" -> "trainable parameters"."""
    m = (metric or link.metric_default).strip()
    if m.lower() in link.metric_aliases:
        return link.metric_default
    if link.metric_heads and not m.lower().endswith(tuple(link.metric_heads)):
        return f"{m} {link.metric_default}"
    return m


def _link_metric(lk: Linking, d, at: Place, link, metric_rx) -> None:
    sentence, rel, c0, c1 = at.sentence, at.rel, at.c0, at.c1
    n1 = at.rel_end
    if link.metric_default:
        d.metric = _headed(link, d.metric)
        return
    if link.metric_expand and d.metric:
        d.metric = _expand_data_noun(lk, sentence, n1, d.metric)
        return
    if link.metric and (not d.metric or d.metric.lower() in lk.words["generic_metrics"]):
        for name in link.metric:
            cue = lk.metric_cues[name]
            ctx = sentence[n1 : min(c1, n1 + REACH)] if cue.side == "right" else sentence[max(c0, rel - REACH) : rel]
            m = cue.rx.search(ctx) if cue.search else cue.rx.match(ctx)
            if m and m.group("m").lower() not in lk.words["not_metrics"]:
                d.metric = trim(lk, m.group("m"))
                return
    if d.metric or not link.metric_fallback:
        return
    if link.metric_fallback == "lexicon":
        d.metric = _nearest(metric_rx, sentence, c0, c1, rel, 0, 80, at.ss)
    else:
        rx, limit = lk.fallbacks[link.metric_fallback]
        d.metric = _nearest(rx, sentence, c0, c1, rel, "m", limit, at.ss)
