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

GUESS_NEAR = 12  # a metric name this close to the number is its own, farther only a guess
LEFT_READ = 120  # how far left of a number a metric cue reads
AFTER_READ = 160  # how far right of a number a setting cue reads
SHARE_GAP = 80  # the most characters between two values that share a comparison
_AFTER_NAME = 60  # how far after a benchmark's name the words that make it a system or pre-training data read
_BEFORE_NAME = 90  # how far before it the words that make it a compared one or a source read

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


def _nearest_at(rx: regex.Pattern, text: str, lo: int, hi: int, pos: int, group, limit: int = 80, ss=None):
    """The match of ``rx`` nearest ``pos`` within ``limit`` characters: (distance, group) or None."""
    best = None
    # with the sentence's matches at hand (``ss``), only those near ``pos`` can be within ``limit``
    found = rx.finditer(text, lo, hi) if ss is None else ss.matches(rx, lo, hi).around(pos - limit, pos + limit)
    for m in found:
        d = min(abs(m.start() - pos), abs(m.end() - pos))
        if d <= limit and (best is None or d < best[0]):
            best = (d, m.group(group))
    return best


def _nearest(rx: regex.Pattern, text: str, lo: int, hi: int, pos: int, group, limit: int = 80, ss=None) -> str | None:
    best = _nearest_at(rx, text, lo, hi, pos, group, limit, ss)
    return best[1] if best else None


class Place:
    """Where a numeric draft stands: its sentence, clause and number, and its list position."""

    __slots__ = ("s0", "s1", "sentence", "n0", "n1", "rel", "c0", "c1", "gi", "group_span", "respectively", "prev",
                 "_low", "ss", "memo")

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
        self.group_span = d.group_span
        self.respectively = (self.ss.respectively if self.ss is not None
                             else bool(lk.rx["respectively"].search(self.sentence)))
        self.prev: tuple[int, int] | None = None  # the sentence before, when the dataset cues need it
        self._low: str | None = None

    @property
    def low(self) -> str:
        """The sentence in lower case (for the cues' ``requires`` pre-checks), once per sentence."""
        if self._low is None:
            self._low = self.ss.lower() if self.ss is not None else self.sentence.lower()
        return self._low

    def wants(self, cue) -> bool:
        """May ``cue`` match in the sentence? One of its ``requires`` words must occur in it."""
        if not cue.requires:
            return True
        if self.ss is not None:
            return self.ss.has_any(cue.requires)
        return _wanted(cue, self.low)

    @property
    def rel_end(self) -> int:
        return self.n1 - self.s0


def attach_attributes(text: str, drafts, sents, rules: Rules) -> None:
    """Fill dataset, baseline, condition and metric of numeric drafts in place."""
    lk = rules.linking
    numeric = set(rules.kinds.numeric())
    names = set(rules.kinds.by_detector("names"))
    benches, aside = _as_data([d for d in drafts if d.kind in names], text, lk)
    guessed: dict[int, int] = {}  # claims whose metric is only the nearest metric name of the clause: its distance
    series: set[int] = set()  # claims whose setting a series of values before them shares
    memo = TextMemo(lk, text, benches)
    memo.own = next((b for b in benches if b.introduced), None)  # the first dataset the paper introduces
    memo.aside = aside
    memo.metric_rx = rules.metric  # a metric name after "on" is no benchmark ("24.3% on MRR")
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
        if _link_condition(lk, d, at, link, in_sent, rules.metric):
            series.add(id(d))
        far = _link_metric(lk, d, at, link, rules)
        if far is not None:
            guessed[id(d)] = far
    placed = [d for d in drafts if d.kind in numeric and d.sentence is not None]
    _share_metrics(lk, text, placed, rules, guessed)
    _share_baselines(lk, text, placed, rules)
    _pair_conditions(lk, text, placed, rules)
    _share_conditions(lk, text, placed, rules, series)


# ------------------------------------------------------------------------------ dataset


def _as_data(benches, text: str, lk: Linking):
    """(data, aside): the benchmarks a number may be on: not a name the text makes the subject of a result
    ("SeqFormer achieves 47.4 AP": a system), and no mention of one as pre-training data
    ("With Objects365 pre-training", "pre-trained on ImageNet"), as what another is compared
    with ("20 times larger than CUHK03") or as a source another is made from ("drawn from
    WM-811K and MixedWM38"): those are set aside, for the values in their own brackets only."""
    systems = {b.dataset for b in benches if lk.rx["system_after"].match(text, b.end, b.end + _AFTER_NAME)}
    pre_after, pre_before = lk.rx["pretraining_after"], lk.rx["pretraining_before"]
    named = [b for b in benches if b.dataset not in systems and not pre_after.match(text, b.end, b.end + _AFTER_NAME)
             and not pre_before.search(text, max(0, b.start - _AFTER_NAME), b.start)]
    compared, source = lk.rx["compared_before"], lk.rx["source_before"]
    data, aside = [], []
    for b in named:
        lo = max(0, b.start - _BEFORE_NAME)
        (aside if compared.search(text, lo, b.start) or source.search(text, lo, b.start) else data).append(b)
    return data, aside


def _in_other_bracket(at, b, own) -> bool:
    """Is benchmark ``b`` inside brackets that are not the number's and that state a value of
    their own ("109 tests (83.49% pass rate; ...), ... (89.33% on BixBench ...)")?"""
    br = _bracket_of(at.sentence, b.start - at.s0)
    if br is None or br == own:
        return False
    inside = at.sentence[br[0] + 1 : br[1]].replace(b.text, " ")
    return any(c.isdigit() for c in inside)


def _bracket_of(sentence: str, pos: int) -> tuple[int, int] | None:
    """The innermost parenthesis of ``sentence`` around ``pos`` (its "(" and its ")", or the
    sentence's end when it stays open), or None."""
    depth, i, lo = 0, pos - 1, max(0, pos - REACH)  # a bracket wider than REACH is no number's own
    while i >= lo:
        c = sentence[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                break
            depth -= 1
        i -= 1
    if i < lo:
        return None
    depth, j, hi = 0, pos, min(len(sentence), pos + REACH)
    while j < hi:
        c = sentence[j]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return (i, j)
            depth -= 1
        j += 1
    return (i, len(sentence))


def name_of(b) -> str:
    """How numbers refer to a benchmark: its defined short form for a long name, without the
    math markup of its letters."""
    if b.alias_of is not None:  # a later "FGVC" for "Fine-Grained Visual Classification (FGVC)"
        full = b.alias_of
        return b.dataset if len(full.split()) >= 3 else full
    name = b.short or b.dataset
    return name.replace("$", "") if "$" in name else name  # "SYSU-30$k$" is SYSU-30k


def _sentence_before(sents, s0: int) -> tuple[int, int] | None:
    """The sentence that ends last at or before ``s0`` (``sents`` in order)."""
    k = bisect_right(sents, (s0, s0))
    while k > 0 and sents[k - 1][1] > s0:
        k -= 1
    return sents[k - 1] if k else None


def _from(at: Place, in_sent, pos: int):
    """The sentence's benchmarks that start at ``pos`` or later (a slice when they are in order)."""
    if at.ss is not None and at.ss.ordered and in_sent is at.ss.benches:
        return in_sent[bisect_left(at.ss.starts, pos) :]
    return [b for b in in_sent if b.start >= pos]


def _link_dataset(lk: Linking, text: str, d, benches, at: Place, cues: Sequence[str], sents) -> None:
    in_sent = at.ss.benches if at.ss is not None else [b for b in benches if at.s0 <= b.start < at.s1]
    if at.respectively and at.gi and not in_sent:  # only a list of values with no names of its own reads it
        at.prev = _sentence_before(sents, at.s0)
    for cue in cues:
        found = _DATASET_CUES[cue](lk, text, d, benches, in_sent, at)
        if found is not None:
            d.dataset = found
            return


def _respectively_dataset(lk, text, d, benches, in_sent, at):
    """"93.67% and 81.01% on CIFAR-10 and CIFAR-100, respectively"; "2.4 and 9.3 on PACS and
    VLCS" (a list of values on a list of as many names right after it); "... across MVTec-AD,
    VisA, and Real-IAD. Our method achieves 97.4%, 94.8%, and 70.8% respectively" (the names
    of the sentence before, when this one names none)."""
    if at.gi is None or at.gi[1] < 2:
        return None
    i, n = at.gi
    if in_sent and at.respectively and len(in_sent) >= n:
        names = _from(at, in_sent, at.n1 + 1) or in_sent
        if len(names) == n:
            return name_of(names[i])
    g1 = at.group_span[1] if at.group_span else at.n1
    after = _from(at, in_sent, g1)
    if len(after) == n and lk.rx["attached_after"].match(text[g1 : after[0].start]) and all(
            lk.rx["list_split"].fullmatch(text, a.end, b.start) for a, b in zip(after, after[1:], strict=False)):
        return name_of(after[i])
    if at.respectively and not in_sent and at.prev is not None:
        prev = [b for b in benches if at.prev[0] <= b.start < at.prev[1]]
        if len({name_of(b) for b in prev}) == n == len(prev):
            return name_of(prev[i])
    return None


def _across_list_dataset(lk, text, d, benches, in_sent, at):
    """"improved accuracy (+0.9% to +6.6%) ... across challenging reasoning benchmarks (AIME, AMC,
    and GPQA Diamond)": a number stated across a list of benchmarks is on all of them."""
    if len(in_sent) < 2:
        return None
    for i, first in enumerate(in_sent):
        if first.start < at.n1 or not lk.rx["across_lead"].search(text, max(at.s0, first.start - 60), first.start):
            continue
        j = i
        while j + 1 < len(in_sent) and lk.rx["list_split"].fullmatch(text, in_sent[j].end, in_sent[j + 1].start):
            j += 1
        if j > i:
            return text[first.start : in_sent[j].end]
    return None


def _on_name_dataset(lk, text, d, benches, in_sent, at):
    """"0.488 on Juntendo": a name the paper uses more than once, right after the number."""
    m = lk.rx["on_name"].match(text, at.n1, min(at.s1, at.n1 + 50))
    if m and not (m.start("d") in at.ss.start_set if at.ss is not None else any(b.start == m.start("d") for b in in_sent)):
        name = m.group("d")
        count = at.memo.count(name) if at.memo is not None else text.count(name)
        if name.lower() not in lk.words["not_datasets"] and count >= 2 and not lk.rx["hardware"].match(
            "on " + name
        ) and not _names_metric(at, name):
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
    filtered = False
    if "(" in at.sentence:  # a benchmark in another value's brackets is that value's
        own = _bracket_of(at.sentence, at.rel)
        kept = [b for b in in_sent if not _in_other_bracket(at, b, own)]
        if not kept:
            return None
        filtered, in_sent = len(kept) != len(in_sent), kept
    counted = _counted_names(lk, text, at)
    if counted:  # "3,840 reconstructions ... and 80 GeCo-Eval prompts": GeCo-Eval is the 80's
        kept = [b for b in in_sent if b.start not in counted or b.start - at.n1 <= 1]
        if not kept:
            return None
        filtered, in_sent = filtered or len(kept) != len(in_sent), kept

    def dist(b):
        gap = b.start - at.n1 if b.start >= at.n1 else at.n0 - b.end
        return gap + (0 if b.start >= at.n1 else 25)

    if at.ss is not None and at.ss.ordered and not filtered:
        # in order, the nearest is the last one before the number or the first one after it
        starts = at.ss.starts
        lo, hi = bisect_left(starts, at.s0 + at.c0), bisect_left(starts, at.s0 + at.c1)
        if lo == hi:
            lo, hi = 0, len(in_sent)
        k = bisect_left(starts, at.n1, lo, hi)
        return name_of(min(in_sent[max(k - 1, lo) : min(k + 1, hi)], key=dist))
    in_clause = [b for b in in_sent if at.s0 + at.c0 <= b.start < at.s0 + at.c1] or in_sent
    return name_of(min(in_clause, key=dist))


def _names_metric(at: Place, name: str) -> bool:
    """Is ``name`` a metric name ("improvements of 24.3% on MRR"), not a benchmark?"""
    rx = at.memo.metric_rx if at.memo is not None else None
    return rx is not None and rx.fullmatch(name) is not None


def _counted_names(lk, text: str, at: Place) -> frozenset:
    """Starts of the sentence's benchmarks that stand right after a number, naming what that
    number counts ("80 GeCo-Eval static-scene prompts"); found once per sentence."""
    if at.memo is None:
        return frozenset(b.start for b in at.ss.benches if lk.rx["counted_name"].search(text, max(0, b.start - 4), b.start)) \
            if at.ss is not None else frozenset()
    key = (at.s0, at.s1)
    got = at.memo.counted.get(key)
    if got is None:
        rx = lk.rx["counted_name"]
        got = at.memo.counted[key] = frozenset(
            b.start for b in at.ss.benches if rx.search(text, max(at.s0, b.start - 4), b.start))
    return got


def _on_coined_dataset(lk, text, d, benches, in_sent, at):
    """"81.5% on XYZ-5k": a coined name after "on", in a sentence naming no benchmark; not one
    after the brackets that hold the number close, but one right before them ("on CA-1M with
    dense depth (0.412 vs. 0.250 mAP)")."""
    if in_sent:
        return None
    m = lk.rx["on_dataset"].search(text, at.n1, min(at.s1, at.n1 + 60))
    own = _bracket_of(at.sentence, at.rel) if "(" in text[max(at.s0, at.n0 - 60) : at.n0] else None
    if m and own is not None and at.s0 + own[1] < m.start():
        m = None  # "(0.532 vs. 0.010 mAP) and on CA-1M (0.412 ...)": the name of the next value
    if m is None and own is not None:  # "on CA-1M with dense depth available (0.412 vs. 0.250 mAP)"
        b0 = at.s0 + own[0]
        found = list(lk.rx["on_dataset"].finditer(text, max(at.s0, b0 - 60), b0))
        m = found[-1] if found else None
        if m is not None and (m.end() > b0 or any(c in text[m.end() : b0] for c in ",;()")):
            m = None
    if m:
        name = trim(lk, m.group("d"))
        # coined: a word with a capital or a digit inside it ("XYZ-5k"), not Titlecase words ("South Asian")
        if any(c.isupper() or c.isdigit() for w in name.split() for c in w[1:]) and not _names_metric(at, name):
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


def _bracket_owner_dataset(lk, text, d, benches, in_sent, at):
    """"about 20 times larger than CUHK03 (1.3k categories)", "Reddit (0.970)": a value that
    opens the brackets right after a benchmark's name is on that benchmark, even one set aside
    as compared or as a source."""
    if "(" not in text[max(at.s0, at.n0 - _OWNER_GAP) : at.n0]:
        return None
    ordered = at.memo is not None and at.memo.ordered
    near = _ending_in(in_sent, at.n0 - _OWNER_GAP, at.n0, ordered)
    if at.memo is not None:
        near += _ending_in(at.memo.aside, at.n0 - _OWNER_GAP, at.n0, ordered)
    for b in near:
        if b.end >= at.s0 and lk.rx["owner_bracket"].fullmatch(text, b.end, at.n0):
            return name_of(b)
    return None


_OWNER_GAP = 6  # the most characters between a name and the value that opens its brackets: " ($"


def _ending_in(benches, lo: int, hi: int, ordered: bool) -> list:
    """The benchmarks of ``benches`` that end within [lo, hi]; a binary search when they are in
    order and do not overlap (their ends increase), not a scan per number."""
    if not ordered:
        return [b for b in benches if lo <= b.end <= hi]
    k = bisect_left(benches, lo, key=lambda b: b.end)
    out = []
    while k < len(benches) and benches[k].end <= hi:
        out.append(benches[k])
        k += 1
    return out


def _own_reference_dataset(lk, text, d, benches, in_sent, at):
    """"... a benchmark called SYSU-30k. The new benchmark contains 30k categories": a sentence
    that speaks of the dataset the paper introduced before it, without naming it, is about it."""
    own = at.memo.own if at.memo is not None else next((b for b in benches if b.introduced), None)
    if own is None or own.start >= at.s0:
        return None
    rx = lk.rx["refers_own"]
    if not (at.ss.search(rx) if at.ss is not None else rx.search(at.sentence)):
        return None
    return name_of(own)


_DATASET_CUES = {
    "bracket_owner": _bracket_owner_dataset,
    "own_reference": _own_reference_dataset,
    "across_list": _across_list_dataset,
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
    ("PSPNet"), with the capitalised words just before it ("classical Rainbow DQN" -> "Rainbow
    DQN"); from "the data programming system Snorkel" the name after the lower-case head; an
    NP without one ("conventional fine-tuned models") stays whole. Each item of a list of
    names is cut on its own ("Double DQN and classical Rainbow DQN")."""
    parts = lk.rx["list_split"].split(np)
    if len(parts) > 1:
        seps = lk.rx["list_split"].findall(np)
        out = [_core_name(lk, p) for p in parts]
        return "".join(o + sep for o, sep in zip(out, seps + [""], strict=True))
    words = np.split()
    coined = [i for i, w in enumerate(words) if lk.rx["coined_token"].match(w.strip(",.;()"))]
    if len(words) > 2 and not coined and words[-1][:1].isupper() and words[-2][:1].islower():
        return words[-1]  # "the state-of-the-art data programming system Snorkel"
    if not coined or len(words) <= 2 or coined[-1] != len(words) - 1:
        return np  # "previous SOTA models": the name is a modifier, keep the phrase
    first = coined[-1]
    while first - 1 in coined or (first - 1 >= 0 and words[first - 1][:1].isupper() and first - 1 > 0):
        first -= 1
    return " ".join(words[first:])


def _listed_names(lk: Linking, at: Place) -> list[str] | None:
    """For the i-th value of a "respectively" list of n values: the list of n names of the
    sentence it pairs with, the nearest before the values (else after them)."""
    n = at.gi[1]
    g0, g1 = (at.group_span[0] - at.s0, at.group_span[1] - at.s0) if at.group_span else (at.rel, at.rel_end)
    lists = []
    for m in lk.rx["name_list"].finditer(at.sentence):
        if m.start() < g1 and m.end() > g0:
            continue  # the values themselves
        if not lk.rx["compared_lead"].search(at.sentence, 0, m.start()):
            continue  # names of benchmarks or settings, not of what is compared
        items = [lk.rx["list_lead"].sub("", t) for t in _split_list(lk, m.group(0))]
        if len(items) == n:
            lists.append((g0 - m.end() if m.end() <= g0 else 10_000 + m.start() - g1, items))
    return min(lists)[1] if lists else None


def _names_only(lk: Linking, raw: str) -> str:
    """A compared list ends before an item that is no name: "state-of-the-art baselines, and
    accurate object-level 3D indoor asset detection" (a new clause), "Snorkel, GOGGLES
    exhibits" (the subject of the main clause after a fronted "Compared to ...")."""
    m = lk.rx["list_clause"].search(raw)
    return raw[: m.start()] if m else raw


def _share_baselines(lk: Linking, text: str, drafts, rules: Rules) -> None:
    """Values stated one after the other share the comparison stated after the last of them:
    "2.5x faster inference with only 0.22x the memory consumption of projection-based methods",
    "185.62% improvement ... and 262.26% improvement ..., with 14.22% ... over the baselines"."""
    drafts = sorted(drafts, key=lambda d: (d.number or (d.start, d.end))[0])
    for d, nxt in reversed(list(zip(drafts, drafts[1:], strict=False))):
        if d.baseline or not nxt.baseline or d.sentence != nxt.sentence or not rules.kinds[d.kind].link.share_baseline:
            continue
        a1 = (d.number or (d.start, d.end))[1]
        b0 = (nxt.number or (nxt.start, nxt.end))[0]
        if b0 - a1 <= SHARE_GAP and lk.rx["shared_comparison"].search(text, a1, b0):
            d.baseline = nxt.baseline


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
            b = m.group("b")
            if m.end() <= rel and "," in b and lk.rx["fronted"].search(sentence, lo, m.start()):
                b = b[: b.index(",")]  # "Compared with X, our method ...": the fronted phrase ends at its comma
            cands.append((dist + weight, b))
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
    raw = lk.rx["aside"].sub("", cands[0][1])  # "(transformer-based) SST" -> "SST"
    raw = _names_only(lk, raw)
    items = _split_list(lk, raw)
    if at.gi is not None and at.respectively:
        names = [it for it in items if it[:1].isupper() or any(c.isdigit() for c in it)]
        for cand in (items, names, _listed_names(lk, at) or []):
            if len(cand) == at.gi[1]:
                d.baseline = _core_name(lk, cand[at.gi[0]])
                return
    b = _owner(lk, trim(lk, raw))
    if b and not lk.rx["not_baseline"].match(b):
        d.baseline = _core_name(lk, b)


def _owner(lk: Linking, b: str) -> str:
    """"RoBERTa's performance" -> RoBERTa, "the use of X" -> X: what a compared phrase is of."""
    m = lk.rx["baseline_owner"].match(b)
    return trim(lk, m.group("o") or m.group("p")) if m else b


# ------------------------------------------------------------------------------ condition


def _wanted(cue, low: str) -> bool:
    """May the cue match in this (lower-case) text? Its ``requires`` words say."""
    return not cue.requires or any(w in low for w in cue.requires)


def _condition_of(lk: Linking, cue: ConditionRule, d, at: Place, in_sent, metric_rx) -> str | None:
    sentence = at.sentence
    if cue.after_number:
        m, base = None, at.rel_end
        if _wanted(cue, at.low[at.rel_end : at.rel_end + AFTER_READ]):
            m = cue.rx.match(sentence[at.rel_end : at.rel_end + AFTER_READ])
        if m is None and at.group_span and at.gi and at.gi[0] < at.gi[1] - 1:
            g1 = at.group_span[1] - at.s0  # a value of a list reads what follows the whole list
            if _wanted(cue, at.low[g1 : g1 + AFTER_READ]):
                m, base = cue.rx.match(sentence[g1 : g1 + AFTER_READ]), g1
        if m is None:
            return None
        c = m.group("c").rstrip(".,;:")
        p = m.groupdict().get("p")
        if p == "in" and (cue.metric_after_in == "always" or metric_rx.search(c)):
            return None  # "2% in accuracy" names the metric
        if (p in ("for", "on") and cue.metric_after_in) or cue.not_metric:
            if metric_rx.fullmatch(trim(lk, c)):
                return None  # "81.0% for the mAP", "24.3% on MRR" name the metric
            end = base + m.end("c")
            if p == "for" and lk.rx["metric_list_after"].match(sentence, end, min(len(sentence), end + 120)):
                return None  # "+0.3, +1.4 for the concept, assertion, and relation F1": metrics
        if lk.rx["metric_group"].search(c):
            return None  # "on preservative editing metrics" names the metric
        if cue.not_metric and lk.rx["not_setting"].search(c):
            return None
        if cue.not_benchmark:
            names = (at.ss.datasets() if at.ss is not None else {b.dataset for b in in_sent}) | {d.dataset}
            if any(b and (b in c or c in b) for b in names) or lk.rx["dataset_word"].search(c):
                return None
        return cue.prefix + c
    if cue.before_number:
        return _setting_before(lk, cue, d, at, in_sent, metric_rx)
    if not at.wants(cue):
        return None
    if cue.in_clause:
        lo, hi = max(at.c0, at.rel - REACH), min(at.c1, at.rel_end + REACH)
        found = list(cue.rx.finditer(sentence, lo, hi))
        if not found:
            return None
        m = min(found, key=lambda m: abs(m.start() - at.rel_end))
    elif cue.pick == "nearest":
        found = list(cue.rx.finditer(sentence)) if at.ss is None else at.ss.matches(cue.rx)
        if at.ss is not None:  # the nearest start is next to where the number ends
            k = found.split_at(at.rel_end)
            found = found.list[max(k - 1, 0) : k + 1] if found.simple else found.list
        if not found:
            return None
        m = min(found, key=lambda m: abs(m.start() - at.rel_end))
    else:
        if cue.rx.pattern.startswith("^"):
            m = cue.rx.match(sentence) if at.ss is None else at.ss.match(cue.rx)
        else:
            m = cue.rx.search(sentence) if at.ss is None else at.ss.search(cue.rx)
        if m is None:
            return None
    c = m.group("c")
    if m.start("c") <= at.rel < m.end("c"):
        return None  # "With improvements of up to 4.8%, ...": the number itself
    if cue.not_benchmark and (any(b.dataset in c for b in in_sent) or lk.rx["dataset_word"].search(c.strip())
                              or (d.dataset and d.dataset in c)):
        return None  # "On YouTube-VIS, ...": the benchmark, not a setting
    if cue.not_metric and (metric_rx.fullmatch(trim(lk, c)) or lk.rx["not_setting"].search(c)):
        return None
    return cue.prefix + trim(lk, c) if not cue.prefix else cue.prefix + c.strip()


def _share_conditions(lk: Linking, text: str, drafts, rules: Rules, series: set[int]) -> None:
    """Values listed one after the other share the setting stated after the last of them by a
    cue that holds for a series (``shared``): "6.13% IoU gain, 4.33% DSC increase, and 4.79%
    BECE reduction ... under U-Net"."""
    drafts = sorted(drafts, key=lambda d: (d.number or (d.start, d.end))[0])
    for d, nxt in reversed(list(zip(drafts, drafts[1:], strict=False))):
        if d.condition or not nxt.condition or d.sentence != nxt.sentence or id(nxt) not in series:
            continue
        if not (rules.kinds[d.kind].link.share_condition and rules.kinds[nxt.kind].link.share_condition):
            continue
        a1 = (d.number or (d.start, d.end))[1]
        b0 = (nxt.number or (nxt.start, nxt.end))[0]
        if b0 - a1 <= SHARE_GAP and lk.rx["shared_setting"].fullmatch(text, a1, b0):
            d.condition = nxt.condition
            series.add(id(d))


def _stated(text: str, d) -> str:
    """A value as a condition names it: its number and metric ("38.1% AP", "60 FPS")."""
    n0, n1 = d.number or (d.start, d.end)
    num = text[n0:n1].replace("\\", "").strip("$ ")
    if any(c.isalpha() for c in num) or not d.metric:
        return num  # "60 FPS" names its unit
    return f"{num} {d.metric}"


def _pair_conditions(lk: Linking, text: str, drafts, rules: Rules) -> None:
    """"38.1% AP at 60 FPS": two values stated one at the other qualify each other; the
    score's condition is "60 FPS", the speed's "38.1% AP" (the kinds' ``paired_with``), and
    both are on the data either is linked to."""
    drafts = sorted(drafts, key=lambda d: (d.number or (d.start, d.end))[0])
    for a, b in zip(drafts, drafts[1:], strict=False):
        if a.sentence != b.sentence or b.kind not in rules.kinds[a.kind].link.paired_with:
            continue
        a1 = (a.number or (a.start, a.end))[1]
        b0 = (b.number or (b.start, b.end))[0]
        if b0 - a1 > 40 or not lk.rx["paired_at"].fullmatch(text, a1, b0):
            continue
        a.condition = _stated(text, b)  # what it is stated at says more than a fronted phrase
        if not b.condition or b.condition == _device_only(lk, b.condition):
            b.condition = _stated(text, a) if not b.condition else f"{_stated(text, a)}, {b.condition}"
        # one measurement: the speed of "38.1% AP at 60 FPS on COCO" is measured on COCO too
        if a.dataset and not b.dataset:
            b.dataset = a.dataset
        elif b.dataset and not a.dataset:
            a.dataset = b.dataset


def _device_only(lk: Linking, c: str) -> str:
    return c if lk.rx["hardware"].match("on " + c) else ""


def _setting_before(lk: Linking, cue: ConditionRule, d, at: Place, in_sent, metric_rx) -> str | None:
    """A setting that ends right before the number, or before the brackets that hold it ("in
    English (44.72%)", "on 109 single-step tests (83.49% pass rate; 0.892 average score)"); not
    a benchmark, a metric ("hit rate (74.7%)") or a compared system."""
    ends = [at.rel] if at.sentence[max(0, at.rel - 80) : at.rel].rstrip().endswith("(") else []
    if "(" in at.sentence[max(0, at.rel - 60) : at.rel]:
        own = _bracket_of(at.sentence, at.rel)
        if own is not None and own[0] + 1 < at.rel:
            ends.append(own[0])
    for end in ends:
        m = cue.rx.search(at.sentence, max(0, end - 80), end + (1 if end != at.rel else 0))
        if m is None:
            continue
        c = m.group("c").strip()
        if cue.not_metric and metric_rx.search(c):
            return None
        if cue.not_benchmark and (any(b.dataset in c or c in b.dataset for b in in_sent)
                                  or (d.dataset and d.dataset in c) or lk.rx["dataset_word"].search(c)):
            return None
        if lk.rx["not_setting"].search(c):
            return None
        if lk.rx["single_name"].fullmatch(c) and c.lower() not in lk.words["languages"]:
            return None  # "F1 scores for PPI (0.995)": the data, not a setting; "in English (44.72%)" is one
        return cue.prefix + c
    return None


def _link_condition(lk: Linking, d, at: Place, link, in_sent, metric_rx) -> bool:
    """Settings that qualify the number, in the order of the kind's cues; of one group's
    cues only the first that matches counts. True when one of them holds for a series of
    values before the number (a ``shared`` cue)."""
    parts: list[str] = []
    shared = False
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
        if cue.respective:
            c = _respective(lk, c, at)  # "by 46% and 30% with 8-bit and binary quantization, respectively"
        parts.append(c)
        shared = shared or cue.shared
    if link.condition_from_metric and d.metric:
        first = d.metric.split()[0].lower()
        if first in link.condition_from_metric:
            parts.append(first)
    parts = [p for p in dict.fromkeys(parts) if not any(p != q and p in q for q in parts)]  # "1-shot" in "5-way 1-shot setting"
    if parts:
        d.condition = ", ".join(parts)
    return shared


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
    lead = tail.lstrip()
    if lead.startswith(head + "-") and _wordy(lead[len(head) + 1 : len(head) + 2]):
        # the head begins a compound: "241K image-mask pairs"
        words = lead.split(None, 2)
        compound = words[0].rstrip(",.;:)")
        if compound == words[0] and len(words) > 1 and words[1].rstrip(",.;:)") in ("pairs", "triplets", "sets", "tuples"):
            compound += " " + words[1].rstrip(",.;:)")
        return compound
    at = _word_at(tail, head)
    if at < 0:
        return head
    modifiers = lk.words["data_head_modifiers"]
    keep: list[str] = []
    for w in reversed(tail[:at].split()):
        bare = w.strip("(),")
        # hyphenated ("multiple-choice"), capitalised ("StackOverflow") or a data word ("question")
        if "-" in bare or bare.lower() in modifiers or (bare[:1].isupper() and bare.lower() not in ("the", "a")):
            keep.insert(0, bare)
            if len(keep) == 2:
                break
        else:
            break
    return " ".join(keep + [head]) + _of_phrase(lk, head, tail[at + len(head) :])


def _wordy(c: str) -> bool:
    return c.isalnum() or c in "_-"


def _word_at(text: str, word: str) -> int:
    """Where ``word`` first stands in ``text`` as a whole word (not inside "x-word" or
    "words"), or -1."""
    i = text.find(word)
    while i >= 0:
        if (i == 0 or not _wordy(text[i - 1])) and not _wordy(text[i + len(word) : i + len(word) + 1]):
            return i
        i = text.find(word, i + 1)
    return -1


def _of_phrase(lk: Linking, head: str, after: str) -> str:
    """The "of" phrase a data noun takes ("pairs of code components"), or nothing."""
    if head.lower() in lk.words["data_of_heads"]:
        of = _OF_PHRASE.match(after)
        if of and of.group(1).split()[0].lower() not in ("the", "a", "an"):
            return " of " + of.group(1)
    return ""


def _headed(link, metric: str | None) -> str:
    """A metric with the kind's head noun: "trainable" -> "trainable parameters"."""
    m = (metric or link.metric_default).strip()
    if m.lower() in link.metric_aliases:
        return link.metric_default
    if link.metric_heads and not m.lower().endswith(tuple(link.metric_heads)):
        return f"{m} {link.metric_default}"
    return m


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-2] if word.endswith(("ses", "xes")) else word[:-1]


def tidy_metric(lk: Linking, metric: str | None, names, dataset: str | None = None) -> str | None:
    """A metric phrase as a table names it: without what follows it in the sentence ("AUC of
    the selected detectors" -> "AUC", "cost while improving Pixel F1" -> "Pixel F1"), without
    its owner ("a 7B model's attribution accuracy") or its benchmark ("LibriSpeech WER"), and
    in the singular when the lexicon names the singular ("error rates" -> "error rate").
    None when the phrase is no metric at all ("over existing baselines")."""
    if not metric:
        return metric
    m = lk.rx["metric_joined"].sub("", metric)  # "cost while improving Pixel F1"
    tail = lk.rx["metric_tail"].search(m)
    if tail and m.split(" (")[0].lower() in names:
        tail = None  # "area under the curve (AUC)" is one name
    if tail and not (tail.group(0).split()[0].lower() == "of" and m[: tail.start()].split()[-1:]
                     and m[: tail.start()].split()[-1].lower() in lk.words["metric_of_heads"]):
        m = m[: tail.start()]  # "AUC of the selected detectors", not "number of required patches"
    if lk.rx["not_metric_lead"].match(m) or lk.rx["not_metric_head"].search(m):
        return None
    owner = lk.rx["metric_owner"].match(m)
    if owner and len(m[owner.end() :].split()) >= 2:
        m = m[owner.end() :]
    if dataset and m.lower().startswith(dataset.lower() + " ") and len(m) > len(dataset) + 1:
        m = m[len(dataset) + 1 :]
    words = m.split()
    if words and words[-1] in lk.words["plural_metric_heads"] or (
        words and words[-1][-1:] == "s" and words[-1][-2:] != "ss" and len(words[-1]) > 3
        and " ".join(words[:-1] + [_singular(words[-1])]).lower() in names
        and m.lower() not in lk.words["plural_metrics"]
    ):
        words[-1] = _singular(words[-1])
    m = trim(lk, " ".join(words))
    if m.count("(") > m.count(")"):
        m += ")"  # "mean average precision (MAP)"
    return m or None


def _respective(lk: Linking, metric: str, at: Place) -> str:
    """The i-th of a list of metrics for the i-th of as many values, "respectively" ("19% and
    33% in minDCF08 and minDCF10, respectively")."""
    if at.gi is None or not at.respectively or at.gi[1] < 2:
        return metric
    items = _split_list(lk, metric)
    return items[at.gi[0]] if len(items) == at.gi[1] else metric


def _metric_of_cues(lk: Linking, d, at: Place, link, names, left_end: int, right_start: int) -> str | None:
    """The first metric the kind's cues find left of ``left_end`` or right of ``right_start``."""
    for name in link.metric:
        cue = lk.metric_cues[name]
        # a left cue reads the last LEFT_READ characters before the number
        lo, hi = ((right_start, min(at.c1, right_start + REACH)) if cue.side == "right"
                  else (max(at.c0, left_end - LEFT_READ), left_end))
        if not _wanted(cue, at.low[lo:hi]):
            continue
        ctx = at.sentence[lo:hi]
        m = cue.rx.search(ctx) if cue.search else cue.rx.match(ctx)
        if m and m.group("m").lower() not in lk.words["not_metrics"]:
            found = tidy_metric(lk, m.group("m"), names, d.dataset)
            if found:
                return found
    return None


def _link_metric(lk: Linking, d, at: Place, link, rules) -> int | None:
    """Fill the metric; when it is only a guess (the nearest metric name of the clause, not
    right at the number), return how far from the number that name is."""
    metric_rx, names = rules.metric, rules.metric_names
    sentence, rel, c0, c1 = at.sentence, at.rel, at.c0, at.c1
    n1 = at.rel_end
    if link.metric_default:
        d.metric = _headed(link, d.metric)
        return None
    if link.metric_expand and not d.metric:  # "a dataset of 100K contextual examples"
        m = lk.rx["data_np"].match(sentence, n1)
        if m:
            words = m.group(0).strip(" $").split()
            while len(words) > 1 and words[0].lower() in lk.words["not_data_modifiers"]:
                words = words[1:]
            d.metric = " ".join(words) + _of_phrase(lk, words[-1], sentence[m.end() :])
            return None
    if link.metric_expand and d.metric:
        d.metric = _expand_data_noun(lk, sentence, n1, d.metric)
        if d.dataset and d.metric.startswith(d.dataset + " "):  # "1,000 MMLU questions": questions
            d.metric = d.metric[len(d.dataset) + 1 :]
        return None
    d.metric = tidy_metric(lk, d.metric, names, d.dataset)
    if link.metric and (not d.metric or d.metric.lower() in lk.words["generic_metrics"]):
        found = _metric_of_cues(lk, d, at, link, names, rel, n1)
        if found is None and at.group_span and at.gi:
            # a value of a list also reads what stands around the whole list ("AUROC scores of
            # 97.4%, 94.8% and ...", "14.22% and 53.58% improvements in generation quality")
            g0, g1 = at.group_span[0] - at.s0, at.group_span[1] - at.s0
            found = _metric_of_cues(lk, d, at, link, names, max(c0, g0) if at.gi[0] else rel,
                                    min(c1, g1) if at.gi[0] < at.gi[1] - 1 else n1)
        if found is not None:
            d.metric = _respective(lk, found, at)
            return None
    if link.metric_of_unit or link.metric_of_dimension:
        _metric_of_unit(lk, d, at, link, rules)
        return None
    if d.metric or not link.metric_fallback:
        return None
    if link.metric_fallback == "lexicon":
        best = _nearest_at(metric_rx, sentence, c0, c1, rel, 0, 80, at.ss)
        d.metric = tidy_metric(lk, best[1], names, d.dataset) if best else None
        return best[0] if d.metric is not None and best[0] > GUESS_NEAR else None
    rx, limit = lk.fallbacks[link.metric_fallback]
    d.metric = _nearest(rx, sentence, c0, c1, rel, "m", limit, at.ss)
    return None


def _metric_of_unit(lk: Linking, d, at: Place, link, rules: Rules) -> None:
    """The metric of a number whose words name none, for a kind with a ``metric_fallback``
    list: a fallback word right at the number ("9 frames per second"), else the metric its
    unit names (``metric_of_unit``: "28 FPS" frame rate, "3.5 W" power), else the nearest
    fallback word that fits the unit (a time is no "energy"), else its dimension's
    (``metric_of_dimension``: "14 s" time). A process named for a time or a compute budget
    gets that head ("inference" -> "inference time", "training" -> "training compute"), and
    a time "per" something says of what ("12 ms per image": time per image)."""
    dim = _dimensions(rules).get(d.unit) or ""
    if not d.metric and link.metric_fallback not in (None, "lexicon"):
        rx, limit = lk.fallbacks[link.metric_fallback]
        best = _nearest_at(rx, at.sentence, at.c0, at.c1, at.rel, "m", limit, at.ss)
        if best and (best[0] <= GUESS_NEAR or d.unit not in link.metric_of_unit):
            if not (dim in ("time", "rate", "gpu_time") and lk.rx["resource_word"].search(best[1])):
                word = best[1]
                d.metric = word.lower() if word[:1].isupper() and word[1:].islower() else word  # "Inference takes"
    if not d.metric:
        d.metric = link.metric_of_unit.get(d.unit)
    if not d.metric:
        d.metric = link.metric_of_dimension.get(dim)
        if d.metric is None:
            return
    elif dim in ("time", "gpu_time") and dim in link.metric_of_dimension and not lk.rx["time_head"].search(d.metric):
        d.metric += " " + link.metric_of_dimension[dim]
    per = lk.rx["per_phrase"].match(at.sentence, at.rel_end) if dim in ("time", "rate") else None
    if per and " per " not in f" {d.metric} ":
        d.metric += " per " + per.group("p")


_DIMENSIONS: dict[int, dict[str, str]] = {}


def _dimensions(rules: Rules) -> dict[str, str]:
    """Canonical unit -> its dimension ("ms" -> "time")."""
    got = _DIMENSIONS.get(id(rules.units))
    if got is None:
        got = _DIMENSIONS[id(rules.units)] = {canon: dim for canon, dim in rules.units.values()}
    return got


def _specific(lk: Linking, metric: str | None) -> bool:
    return bool(metric) and metric.lower() not in lk.words["generic_metrics"] | lk.words["unit_metrics"]


def _share_metrics(lk: Linking, text: str, drafts, rules: Rules, guessed: dict[int, int]) -> None:
    """What one claim of a sentence names, its neighbours share: a value "(from 79.2%)" right
    after a claim is the same metric on the same data; a claim naming no metric (or a generic
    one) takes the specific metric of the nearest claim of its sentence of a kind its
    ``metric_from`` lists, the one before it first ("image-level AUROC scores of 97.4% ...,
    outperforming the state of the art by +1.6%"); so does a claim whose metric is only the
    nearest metric name of the clause, from a claim nearer to it than that name ("a mean opinion
    score of 4.31, against 4.38 for ground-truth recordings, and ... the word error rate")."""
    drafts = sorted(drafts, key=lambda d: (d.number or (d.start, d.end))[0])
    by_sentence: dict[tuple[int, int], list] = {}
    for o in drafts:  # a claim's mates are those of its sentence: grouped once, not searched per claim
        by_sentence.setdefault(o.sentence, []).append(o)
    for i, d in enumerate(drafts):
        n0 = (d.number or (d.start, d.end))[0]
        prev = drafts[i - 1] if i else None
        if prev is not None and prev.sentence == d.sentence and lk.rx["from_bracket"].search(
                text, max(d.sentence[0], n0 - 30), n0):
            if prev.metric:
                d.metric = prev.metric
            if prev.dataset and not d.dataset:
                d.dataset = prev.dataset
            continue
        link = rules.kinds[d.kind].link
        if not link.metric_from:
            continue
        open_ = not d.metric or d.metric.lower() in lk.words["open_metrics"]
        if not open_ and id(d) not in guessed:
            continue
        mates = [o for o in by_sentence[d.sentence] if o is not d and o.kind in link.metric_from
                 and _specific(lk, o.metric)]
        if not open_:  # a guess gives way to a claim nearer than the name it guessed
            mates = [o for o in mates if id(o) not in guessed and _gap(o, d) < guessed[id(d)]]
        before = [o for o in mates if (o.number or (o.start, o.end))[0] < n0]
        if mates:
            d.metric = (before[-1] if before else mates[0]).metric
        elif open_ and lk.rx["refers_back"].match(text, d.sentence[0], min(d.sentence[1], d.sentence[0] + 80)) and not any(
                _specific(lk, o.metric) for o in by_sentence[d.sentence]):
            # "SeqFormer achieves 47.4 AP ... Such achievement exceeds the previous state of the art
            # by 4.6": a sentence that names no metric and refers back goes on with the one the
            # sentence before names
            prior = {o.metric for o in drafts if o.sentence and o.sentence[1] <= d.sentence[0]
                     and not text[o.sentence[1] : d.sentence[0]].strip() and o.kind in link.metric_from
                     and _specific(lk, o.metric) and id(o) not in guessed}
            named = (m.group(0) for m in rules.metric.finditer(text, d.sentence[0], d.sentence[1]))
            if len(prior) == 1 and not any(_specific(lk, n) for n in named):
                d.metric = prior.pop()


def _gap(a, b) -> int:
    """Characters between the numbers of two claims."""
    a0, a1 = a.number or (a.start, a.end)
    b0, b1 = b.number or (b.start, b.end)
    return max(b0 - a1, a0 - b1, 0)
