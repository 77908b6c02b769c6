"""Benchmark names: the lexicon in patterns/lexicons/benchmarks.toml plus open-vocabulary
patterns from patterns/kinds/benchmark.toml, with abbreviation resolution."""

from __future__ import annotations

import re
from bisect import bisect_left
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


@cache
def _keyword_automaton(words: frozenset[str]):
    try:
        import ahocorasick
    except ImportError:
        return None
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    return auto


def _keyword_hits(low: str, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of any pattern's required words, found in one scan: the matches
    the alternation of the words (longest first) gives, left to right and not overlapping.
    One Aho-Corasick pass finds every occurrence; the longest at the leftmost free place
    is kept, as the alternation would."""
    auto = _keyword_automaton(words)
    if auto is None:
        return [(m.start(), m.end(), m.group()) for m in _keyword_rx(words).finditer(low)]
    found = sorted((end + 1 - len(w), -len(w), w) for end, w in auto.iter(low))
    out: list[tuple[int, int, str]] = []
    pos = 0
    for s, neg, w in found:
        if s >= pos:
            out.append((s, s - neg, w))
            pos = s - neg
    return out


@cache
def _wanted(words: tuple[str, ...], w: str) -> bool:
    """Does a hit of ``w`` count for a pattern requiring ``words`` (one contains the other)?"""
    return any(r in w or w in r for r in words)


def _windows(hits: list[tuple[int, int, str]], words: tuple[str, ...], n: int) -> list[tuple[int, int]]:
    """Merged spans around each occurrence of the words a pattern requires: the pattern is
    only tried there (most of an abstract is far from any "dataset" or "benchmark")."""
    merged: list[tuple[int, int]] = []
    for s, e, w in hits:
        if not _wanted(words, w):
            continue
        a, b = max(0, s - WINDOW_BEFORE), min(n, e + WINDOW_AFTER)
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


Hit = tuple[int, int, str, str | None, str]  # start, end, name, canonical name, rule


class _Spans:
    """Spans that do not overlap one another, kept sorted: whether a new span overlaps one
    of them is a binary search (only the last one starting before its end can). A span
    that breaks the rule (empty, or overlapping) makes ``exact`` False: ask the list then."""

    def __init__(self, spans=()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.exact = True
        for s, e in spans:
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        i = bisect_left(self.starts, s)
        if e <= s or self.overlaps(s, e) or (i < len(self.starts) and self.starts[i] < e):
            self.exact = False
        self.starts.insert(i, s)
        self.ends.insert(i, e)

    def overlaps(self, s: int, e: int) -> bool:
        k = bisect_left(self.starts, e)  # the spans that start before e; the last ends latest
        return k > 0 and self.ends[k - 1] > s


class _Found(list):
    """The names found so far (a list), with their spans indexed as they are appended."""

    def __init__(self) -> None:
        super().__init__()
        self.spans = _Spans()

    def append(self, hit) -> None:
        super().append(hit)
        self.spans.add(hit[0], hit[1])


class _Names:
    """The names found in one text so far, and the spans no new name may overlap."""

    def __init__(self, blocked) -> None:
        self.blocked = blocked
        # the blocked spans by start, with the latest end among the first i: a span
        # overlaps one of them when one starting before its end ends after its start
        order = sorted(blocked)
        self._b_starts = [a for a, _b in order]
        self._b_reach: list[int] = []
        for _a, b in order:
            self._b_reach.append(max(b, self._b_reach[-1]) if self._b_reach else b)
        self.found: list[Hit] = _Found()

    def free(self, s: int, e: int) -> bool:
        k = bisect_left(self._b_starts, e)
        if k and self._b_reach[k - 1] > s:
            return False
        spans = getattr(self.found, "spans", None)
        if spans is not None and spans.exact:
            return not spans.overlaps(s, e)
        return not any(a < e and s < b for a, b, *_ in self.found)


def find_benchmarks(text: str, patterns: Rules, sents, blocked, field: str, kind: str) -> list[Found]:
    """Benchmark names: lexicon names first, then open-vocabulary patterns, then coordinated
    names and defined abbreviations."""
    nm = patterns.names[kind]
    lex = load_lexicon(patterns.root)
    names = _Names(blocked)
    for s, e, surface, ent in lex.find(text):
        if names.free(s, e):
            names.found.append((s, e, surface, ent.canonical, "lexicon"))
    _pattern_names(text, patterns, nm, lex, names, field)
    strong = {p.name for p in patterns.name_patterns if p.strong}
    names.found = [_with_edition(text, nm, hit) for hit in names.found if not _used_as_method(text, nm, hit, strong)]
    _expand_coordination(nm, text, names.found, names.free, lex)
    found = [h for hit in names.found for h in _editions(text, nm, _with_edition(text, nm, hit))]
    # "the first rigorous ENC benchmark" beside "ENC-Bench": the head of a coined benchmark name
    # is that benchmark again, not one of its own
    heads = {f[2][: f[2].rfind("-")] for f in found if "-" in f[2] and nm.rx["coined_bench"].search(f[2])}
    if heads:
        found = [f for f in found if not (f[2] in heads and f[3] is None and f[4] != "lexicon")]
    # an abbreviation of a lower-case phrase names a task, not a benchmark (whatever the
    # lexicon says of the letters): "named entity recognition (NER) datasets"
    if found and "(" in text:
        tasks = {m.group(2) for m in nm.rx["task_abbrev"].finditer(text)}
        found = [f for f in found if f[2] not in tasks]
    abbrev = _abbreviations(text, nm, found)
    introducing = {p.name for p in patterns.name_patterns if p.introduces}
    memo: dict = {}  # per sentence: does it introduce a dataset; per name: its abbreviation
    return [_found(text, nm, sents, hit, kind, abbrev, introducing, memo) for hit in sorted(found)]


def _used_as_method(text: str, nm: Names, hit: Hit, strong: set[str]) -> bool:
    """A weakly found name the text also writes as a kind of method ("SfM approaches")."""
    _s, e, name, canonical, rule = hit
    if canonical is not None or rule == "lexicon":
        return False
    if nm.rx["appositive_method"].match(text[e : e + 80]):
        return True  # "LiveMCPEval, an LLM-as-a-Judge framework"
    if rule in strong:
        return False
    at = 0
    while (i := text.find(name, at)) >= 0:
        at = i + len(name)
        if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "-")) and nm.rx["used_as_method"].match(text, at):
            return True
    return False


def _with_edition(text: str, nm: Names, hit: Hit) -> Hit:
    """A hit followed by its year or version ("MS COCO 2014", "RAF-DB 2.0") spans it too."""
    s, e, name, canonical, rule = hit
    m = nm.rx["edition"].match(text, e, e + 24)  # a year, a version or "Task 12" is short
    if not m or (name[-1:].isdigit() and text[e : e + 1] != " "):
        return hit
    return s, m.end(), text[s : m.end()], canonical, rule


def _editions(text: str, nm: Names, hit: Hit) -> list[Hit]:
    """A name with an edition and the further editions listed after it: "PASCAL VOC 2007 and
    2012" names PASCAL VOC 2012 too, "LiveCodeBench-v5/v6" LiveCodeBench-v6."""
    s, e, name, canonical, rule = hit
    m = nm.rx["edition"].search(name)
    if not m or m.end() != len(name):
        return [hit]
    base = name[: m.start()] + (m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip(" -"))])
    out, at = [hit], e
    while (more := nm.rx["edition_more"].match(text, at)) is not None:
        ed = more.group("ed")
        out.append((s, more.end("ed"), base + ed, canonical, rule))  # evidence: "PASCAL VOC 2007 and 2012"
        at = more.end()
    return out


def _pattern_names(text: str, patterns: Rules, nm: Names, lex, names: _Names, field: str) -> None:
    """Names the open-vocabulary patterns find, each tried only near the words it requires."""
    low = text.lower()
    window_cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    all_words = frozenset(w for p in patterns.name_patterns for w in p.requires)
    hits = _keyword_hits(low, all_words) if all_words else []
    for pat in patterns.name_patterns:
        if pat.fields and field not in pat.fields:
            continue
        if pat.requires:
            if pat.requires not in window_cache:
                window_cache[pat.requires] = _windows(hits, pat.requires, len(low))
            spans = window_cache[pat.requires]
            if not spans:
                continue
        else:
            spans = [(0, len(text))]
        seen_at: set[int] = set()
        for m in (m for a, b in spans for m in pat.rx.finditer(text, a, b)):
            if m.start() in seen_at:
                continue
            seen_at.add(m.start())
            if pat.is_list:
                _list_names(m, nm, lex, names, pat.name)
            else:
                _one_name(m, nm, lex, names, pat)


def _list_names(m, nm: Names, lex, names: _Names, rule: str) -> None:
    """The names heading the items of a listed match ("datasets: A, B and C")."""
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
        if names.free(s, e):
            ent = lex.lookup(raw)
            names.found.append((s, e, raw, ent.canonical if ent else None, rule))


def _one_name(m, nm: Names, lex, names: _Names, pat) -> None:
    s, e = m.span("name")
    raw = m.group("name")
    lead = raw.split(" ", 1)
    if len(lead) == 2 and lead[0].lower() in nm.leading:  # "Using CIFAR-10 dataset"
        s += len(lead[0]) + 1
        raw = lead[1]
    raw, e = _keyword_policy(nm, raw, s, e)
    if not _is_name(nm, raw, strong=pat.strong) or not names.free(s, e) or nm.models.match(raw):
        return
    ent = lex.lookup(raw)
    names.found.append((s, e, raw, ent.canonical if ent else None, pat.name))


def _abbreviations(text: str, nm: Names, found: list[Hit]) -> dict[str, tuple[str, str | None]]:
    """Abbreviations defined right after a name ("Long Range Arena (LRA)"); every later use
    of one is added to ``found`` (as a link target, see :func:`_found`)."""
    abbrev: dict[str, tuple[str, str | None]] = {}
    for _s, e, name, canon, _ in found:
        m = nm.rx["abbrev_after"].match(text[e : e + 20])
        if m and len(m.group(1)) < len(name) and m.group(1) != name:
            abbrev[m.group(1)] = (name, canon)
    if not abbrev:
        return abbrev
    # every use of an abbreviation, looked up in one index of the text's words: a whole-word
    # match of a word of letters, digits and hyphens is a maximal run of them
    runs: dict[str, list[tuple[int, int]]] = {}
    for m in _RUN.finditer(text):
        runs.setdefault(m.group(), []).append(m.span())
    spans = _Spans((a, b) for a, b, *_ in found)
    for ab, (_full, canon) in abbrev.items():
        uses = runs.get(ab, []) if _RUN.fullmatch(ab) else [
            m.span() for m in regex.finditer(r"(?<![\w-])" + regex.escape(ab) + r"(?![\w-])", text)]
        for s, e in uses:
            taken = spans.overlaps(s, e) if spans.exact else any(a < e and s < b for a, b, *_ in found)
            if not taken:
                found.append((s, e, ab, canon, "abbreviation"))
                spans.add(s, e)
    return abbrev


_RUN = regex.compile(r"[\w-]+")


def _found(text: str, nm: Names, sents, hit: Hit, kind: str, abbrev, introducing: set[str], memo=None) -> Found:
    s, e, name, canon, rule = hit
    sent = sentence_of(sents, s)
    d = Found(kind=kind, start=s, end=e, text=text[s:e], dataset=name, rule=rule, sentence=sent, canonical=canon)
    if name in abbrev and abbrev[name][0] != name:
        # a later "LRA" names the benchmark defined as "Long Range Arena (LRA)": a target
        # for linking numbers, not a claim of its own (the extractor drops it after linking)
        d.alias_of = abbrev[name][0]
    if memo is None:
        memo = {}
    if "shorts" not in memo:  # the first abbreviation defined for each full name
        memo["shorts"] = {}
        for ab, (full, _c) in abbrev.items():
            memo["shorts"].setdefault(full, ab)
    short = memo["shorts"].get(name)
    if short is not None and len(name.split()) >= 3:
        d.short = short  # "Fine-Grained Visual Classification (FGVC)": numbers refer to it as FGVC
    if sent not in memo:  # once per sentence: does it introduce a dataset?
        memo[sent] = nm.rx["introduces"].search(text, sent[0], sent[1]) is not None
    if rule in introducing or memo[sent]:  # "we introduce JetClass, ..."
        d.introduced = True
    return d
