"""Compile the rules in ``patterns/`` once: regexes with their ``{references}`` expanded.

A regex in a rule file may reference a named fragment as ``{name}``: from ``numbers.toml``,
``vocab.toml``, the file's own ``[vocab]`` table, or a word list built from a lexicon
(``{metric}``, ``{data_nouns}``, ``{param_modifiers}``, ``{study_nouns}``). An unknown
reference, an unknown mention class or a regex that does not compile is a
:class:`~claimtab.errors.PatternError` naming the file and the rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex

from claimtab.errors import PatternError
from claimtab.rules import schema
from claimtab.rules.files import kind_files, load, patterns_dir
from claimtab.rules.kinds import Registry, registry

REF = re.compile(r"\{([a-z_]+)\}")
FLAGS = regex.IGNORECASE | regex.VERSION0
WINDOW_MODES = ("left", "right", "reverse", "")


def alternation(words: list[str]) -> str:
    """A regex alternation of literal phrases, longest first; spaces match any whitespace."""
    uniq = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in uniq) + ")"


def expand(pattern: str, refs: dict[str, str], where: str = "") -> str:
    """Replace ``{name}`` references (recursively) by their non-capturing patterns."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in refs:
            raise PatternError(f"{where}: unknown reference {{{name}}}")
        return "(?:" + expand(refs[name], refs, where) + ")"

    for _ in range(10):
        new = REF.sub(sub, pattern)
        if new == pattern:
            return new
        pattern = new
    raise PatternError(f"{where}: references nest too deeply")


def metric_alternation(names: list[str]) -> str:
    """Metric names as one alternation, longest first: names written with a capital (mAP,
    AUC, BLEU) match case-sensitively ("map" and "ate" are words, not metrics); lower-case
    names (accuracy, top-1 accuracy) match in any case; both may take a plural ("AUCs"), and
    the words of a name may be joined by hyphens."""
    parts = []
    for n in sorted(set(names), key=lambda n: (-len(n), n)):
        body = re.escape(n).replace(r"\ ", r"[\s-]+")  # "area under the curve" = "area-under-the-curve"
        parts.append(f"(?-i:{body})" if any(c.isupper() for c in n) else f"(?i:{body})")
    return "(?:" + "|".join(parts) + ")(?:e?s)?"


def compile_regex(p: str | None, refs: dict[str, str], where: str, mode: str = "", flags: int = FLAGS):
    """``p`` expanded and compiled; ``mode`` "left" anchors it at the end of a left window
    (and matches right to left), "right" at the start of a right window, "reverse" scans
    right to left. None for an empty pattern."""
    if not p:
        return None
    body = expand(p, refs, where)
    if mode in ("left", "reverse"):
        flags |= regex.REVERSE  # an end-anchored pattern fails fast away from the end
    if mode == "left":
        body = f"(?:{body})\\s*$"
    elif mode == "right":
        body = f"^\\s*(?:{body})"
    try:
        return regex.compile(body, flags)
    except regex.error as e:
        raise PatternError(f"{where}: does not compile ({e})") from None


def fast(rx: regex.Pattern):
    """The same pattern on the standard library's engine when it can run it: for plain
    forward scans over whole texts it is about twice as fast (results are identical)."""
    try:
        return re.compile(rx.pattern, re.IGNORECASE if rx.flags & regex.IGNORECASE else 0)
    except re.error:
        return rx


class AnchoredPattern:
    """A pattern tried only where a literal ``anchor`` occurs: ``before`` must match just
    before the anchor (within 60 characters), ``after`` right after it. Its ``finditer``
    yields the ``after`` matches, like a compiled regex would."""

    def __init__(self, anchor: str, before: regex.Pattern, after: regex.Pattern):
        self.anchor, self.before, self.after = anchor, before, after

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        i = text.find(self.anchor, pos, end)
        while i >= 0:
            j = i + len(self.anchor)
            if self.before.search(text, max(0, i - 60), i):
                m = self.after.match(text, j, end)
                if m:
                    yield m
            i = text.find(self.anchor, j - 1, end)


@dataclass
class Rule:
    """One classification rule of a claim kind (see patterns/kinds/*.toml)."""

    kind: str
    name: str
    units: frozenset[str]
    priority: float
    sign: int = 1
    metric: str | None = None
    unit: str | None = None
    min_value: float | None = None
    not_units: frozenset[str] = frozenset()
    weak: bool = False  # identifies the metric more than the kind: a coordinated value may override it
    text: regex.Pattern | None = None
    left: regex.Pattern | None = None
    right: regex.Pattern | None = None
    near: regex.Pattern | None = None
    near_rev: regex.Pattern | None = None  # the same, searched from the end (last match first)
    not_near: regex.Pattern | None = None
    not_left: regex.Pattern | None = None
    not_right: regex.Pattern | None = None


@dataclass(frozen=True)
class NamePattern:
    """An open-vocabulary pattern of a names-detector kind (see patterns/kinds/benchmark.toml)."""

    kind: str
    name: str
    rx: object  # a compiled regex or an AnchoredPattern
    is_list: bool
    requires: tuple[str, ...]
    fields: tuple[str, ...]
    strong: bool
    introduces: bool


@dataclass
class Exclusion:
    name: str
    left: regex.Pattern | None
    right: regex.Pattern | None
    text: regex.Pattern | None


@dataclass(frozen=True)
class ConditionRule:
    name: str
    rx: regex.Pattern
    group: str | None
    pick: str
    after_number: bool
    prefix: str
    not_benchmark: bool
    metric_after_in: str | None
    before_number: bool = False
    not_metric: bool = False
    respective: bool = False
    shared: bool = False
    in_clause: bool = False
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetricRule:
    name: str
    rx: regex.Pattern
    side: str
    search: bool
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Linking:
    """The attribute cues of linking.toml, compiled."""

    rx: dict[str, regex.Pattern]
    words: dict[str, frozenset[str]]
    conditions: dict[str, ConditionRule]
    metric_cues: dict[str, MetricRule]
    fallbacks: dict[str, tuple[regex.Pattern, int]]


def _linking(root: Path, refs: dict[str, str], kinds: Registry) -> Linking:
    data = load(root, "linking.toml", schema.LinkingFile)
    where = f"{root / 'linking.toml'}"
    local = refs | dict(data.regex)
    flags = regex.VERSION0
    rx = {k: compile_regex(v, local, f"{where}: regex {k}", flags=flags) for k, v in data.regex.items()}
    conditions = {
        k: ConditionRule(k, compile_regex(c.regex, local, f"{where}: condition {k}", flags=flags), c.group, c.pick,
                         c.after_number, c.prefix, c.not_benchmark, c.metric_after_in, c.before_number, c.not_metric,
                         c.respective, c.shared, c.in_clause, tuple(c.requires))
        for k, c in data.condition.items()
    }
    cues = {
        k: MetricRule(k, compile_regex(c.regex, local, f"{where}: metric_cue {k}", flags=flags), c.side, c.search,
                      tuple(c.requires))
        for k, c in data.metric_cue.items()
    }
    fallbacks = {
        k: (compile_regex(f.regex, local, f"{where}: metric_fallback {k}", flags=flags), f.limit)
        for k, f in data.metric_fallback.items()
    }
    for name in kinds.names:
        link = kinds[name].link
        kf = f"{root / 'kinds' / (name + '.toml')}: kind: link"
        for c in link.conditions:
            if c not in conditions:
                raise PatternError(f"{kf}: field conditions: no [condition.{c}] in linking.toml")
        for c in link.metric:
            if c not in cues:
                raise PatternError(f"{kf}: field metric: no [metric_cue.{c}] in linking.toml")
        for k in (*link.metric_from, *link.paired_with):
            if k not in kinds.names:
                raise PatternError(f"{kf}: field metric_from/paired_with: no kind {k!r}")
        if link.metric_fallback not in (None, "lexicon") and link.metric_fallback not in fallbacks:
            raise PatternError(f"{kf}: field metric_fallback: no [metric_fallback.{link.metric_fallback}] in linking.toml")
    words = {k: frozenset(v) for k, v in data.words.items()}
    return Linking(rx, words, conditions, cues, fallbacks)


@dataclass(frozen=True)
class Names:
    """A names-detector kind's name shapes and deny-lists, compiled."""

    kind: str
    rx: dict[str, regex.Pattern]
    stop: frozenset[str]
    generic: frozenset[str]
    leading: frozenset[str]
    models: regex.Pattern


@dataclass(frozen=True)
class Urls:
    """A urls-detector kind's link patterns, compiled."""

    kind: str
    href: regex.Pattern
    url: regex.Pattern
    not_code: regex.Pattern
    hints: tuple[str, ...]
    trailing: str
    promised: regex.Pattern


# name shapes matched right to left (every attempt starts at their last character)
_REVERSED_SHAPES = ("task_abbrev", "coord_left")


def _names(root: Path, kind: str, data: schema.KindFile, local: dict[str, str]) -> Names:
    where = f"{root / 'kinds' / (kind + '.toml')}: names"
    shapes = data.names.model_dump()  # type: ignore[union-attr]
    rx = {
        k: compile_regex(v, local, f"{where}: field {k}",
                         flags=regex.VERSION0 | (regex.REVERSE if k in _REVERSED_SHAPES else 0))
        for k, v in shapes.items()
    }
    lex = load(root, "lexicons/names.toml", schema.NamesFile)
    models = compile_regex("^(?:" + "|".join(lex.models) + ")$", {}, f"{root / 'lexicons/names.toml'}: models",
                           flags=regex.VERSION0)
    low = lambda words: frozenset(w.lower() for w in words)  # noqa: E731
    return Names(kind, rx, low(lex.stop), low(lex.generic), low(lex.leading), models)


def _urls(root: Path, kind: str, spec: schema.UrlSpec, local: dict[str, str]) -> Urls:
    where = f"{root / 'kinds' / (kind + '.toml')}: urls"
    return Urls(
        kind,
        href=compile_regex(spec.href, local, f"{where}: field href", flags=regex.VERSION0),
        url=compile_regex(spec.url, local, f"{where}: field url", flags=regex.VERSION0 | regex.IGNORECASE),
        not_code=compile_regex(spec.not_code, local, f"{where}: field not_code", flags=regex.VERSION0),
        hints=tuple(spec.hints),
        trailing=spec.trailing,
        promised=compile_regex(spec.promised, local, f"{where}: field promised"),
    )


@dataclass
class Rules:
    """Everything the extractor needs, compiled, for one patterns folder."""

    root: Path
    kinds: Registry
    refs: dict[str, str]
    mention: regex.Pattern
    word_factor: regex.Pattern
    word_mention: regex.Pattern
    factor_hints: tuple[str, ...]
    word_scale_hints: tuple[str, ...]
    title_hints: tuple[str, ...]
    hyphen_units: tuple[str, ...]
    hyphen_qualifiers: tuple[str, ...]
    context: dict[str, regex.Pattern]
    shape: dict[str, regex.Pattern]
    rules: list[Rule]
    units: dict[str, tuple[str, str]]
    qualifier_before: regex.Pattern
    qualifier_after: regex.Pattern
    qualifier_of: dict[str, str]
    metric: regex.Pattern
    metric_names: dict[str, schema.MetricEntry]
    name_patterns: list[NamePattern]
    names: dict[str, Names]
    urls: dict[str, Urls]
    linking: Linking
    exclusions: list[Exclusion] = field(default_factory=list)


def _qualifier_regexes(data: dict[str, schema.QualifierCues]) -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    of: dict[str, str] = {}
    before: list[str] = []
    after: list[str] = []
    for qual, cues in data.items():
        for cue in cues.before:
            of.setdefault(cue.lower(), qual)
            before.append(cue)
        for cue in cues.after:
            of.setdefault("after:" + cue.lower(), qual)
            after.append(cue)
    words = [c for c in before if c[:1].isalnum()]
    symbols = [c for c in before if not c[:1].isalnum()]
    # word cues stand after a space or bracket and may take an article ("up to an 80%
    # reduction", "within a $285 budget"); symbol cues may touch the metric ("AUROC>0.93")
    b = regex.compile(
        r"(?:(?:^|(?<=[\s(\[$]))(?P<q>" + alternation(words)[3:-1] + r")(?:\s+(?:an?|the))?"
        r"|(?P<q>" + alternation(symbols)[3:-1] + r"))\s*$",
        FLAGS | regex.REVERSE,  # end-anchored: matched right to left
    )
    a = regex.compile(r"^(?P<q>" + alternation(after)[3:-1] + r")(?![\w])", FLAGS)
    return b, a, of


# context patterns matched right to left (they are anchored at the end of a left window)
_REVERSED_CONTEXT = ("average_before",)


def _context(root: Path, refs: dict[str, str]) -> dict[str, regex.Pattern]:
    ctx = load(root, "vocab.toml", schema.VocabFile).context
    return {
        k: compile_regex(v, refs, f"vocab.toml: context {k}",
                         flags=regex.VERSION0 | (regex.REVERSE if k in _REVERSED_CONTEXT else 0))
        for k, v in ctx.items()
    }


def shared_refs(root: Path) -> dict[str, str]:
    """The named fragments every rule may reference: numbers, vocabulary, lexicon word lists."""
    numbers = load(root, "numbers.toml", schema.NumbersFile)
    vocab = load(root, "vocab.toml", schema.VocabFile).vocab
    nouns = load(root, "lexicons/nouns.toml", schema.NounsFile)
    metrics = load(root, "lexicons/metrics.toml", schema.MetricsFile).metric
    refs: dict[str, str] = dict(numbers.regex) | dict(vocab)
    refs["metric"] = metric_alternation([n for m in metrics if m.detect for n in [*m.names, m.name]])
    refs["param_modifiers"] = alternation(nouns.params["modifiers"])
    refs["data_nouns"] = alternation(nouns.data_size["nouns"])  # type: ignore[arg-type]
    refs["study_nouns"] = alternation(nouns.study["nouns"])
    return refs


def _rule(kind: str, r: schema.RuleSpec, local: dict[str, str], where: str, classes: frozenset[str]) -> Rule:
    unknown = sorted((set(r.units) | set(r.not_units)) - classes)
    if unknown:
        raise PatternError(f"{where}: field units: unknown mention classes {unknown} (see units.toml [mention_classes])")
    return Rule(
        kind=kind, name=r.name, units=frozenset(r.units), priority=float(r.priority), sign=r.sign, metric=r.metric, unit=r.unit,
        min_value=r.min_value, not_units=frozenset(r.not_units), weak=r.weak,
        text=compile_regex(r.text, local, f"{where}: field text"),
        left=compile_regex(r.left, local, f"{where}: field left", "left"),
        right=compile_regex(r.right, local, f"{where}: field right", "right"),
        near=compile_regex(r.near, local, f"{where}: field near"),
        near_rev=compile_regex(r.near, local, f"{where}: field near", "reverse"),
        not_near=compile_regex(r.not_near, local, f"{where}: field not_near"),
        not_left=compile_regex(r.not_left, local, f"{where}: field not_left", "left"),
        not_right=compile_regex(r.not_right, local, f"{where}: field not_right", "right"),
    )


def _name_pattern(kind: str, p: schema.NamePatternSpec, local: dict[str, str], where: str) -> NamePattern:
    flags = regex.VERSION0 | (regex.REVERSE if p.reverse else 0)
    rx = compile_regex(p.regex, local, f"{where}: field regex", flags=flags)
    if not p.reverse:
        rx = fast(rx)
    if p.anchor:
        before = compile_regex(p.before or "", local, f"{where}: field before", flags=regex.VERSION0 | regex.REVERSE)
        rx = AnchoredPattern(p.anchor, before or regex.compile(""), rx)
    return NamePattern(kind, p.name, rx, p.is_list, tuple(p.requires), tuple(p.fields), p.strong, p.introduces)


def mention_classes(root: Path) -> frozenset[str]:
    """The classes a rule's ``units`` may name: units.toml's [mention_classes] and unit dimensions."""
    units = load(root, "units.toml", schema.UnitsFile)
    return frozenset(units.mention_classes) | {dim for _unit, dim in units.unit.values()}


@cache
def _load_rules(root: Path) -> Rules:
    refs = shared_refs(root)
    kinds = registry(root)
    classes = mention_classes(root)
    rules: list[Rule] = []
    name_patterns: list[NamePattern] = []
    names: dict[str, Names] = {}
    urls: dict[str, Urls] = {}
    for kind, data in kind_files(root).items():
        f = f"{root / 'kinds' / (kind + '.toml')}"
        local = refs | dict(data.vocab)
        seen: set[str] = set()
        for r in data.rule:
            where = f"{f}: rule {r.name}"
            if r.name in seen:
                raise PatternError(f"{where}: two rules have this name")
            seen.add(r.name)
            rules.append(_rule(kind, r, local, where, classes))
        for p in data.pattern:
            name_patterns.append(_name_pattern(kind, p, local, f"{f}: pattern {p.name}"))
        if data.urls is not None:
            urls[kind] = _urls(root, kind, data.urls, local)
        if data.names is not None:
            names[kind] = _names(root, kind, data, local)
        if data.kind.detector == "numbers" and not data.rule:
            raise PatternError(f"{f}: a numbers kind needs at least one [[rule]]")
    numbers = load(root, "numbers.toml", schema.NumbersFile)
    units_file = load(root, "units.toml", schema.UnitsFile)
    units = {k: tuple(v) for k, v in units_file.unit.items()}
    qualifiers = load(root, "lexicons/qualifiers.toml", schema.QualifiersFile)
    qb, qa, qof = _qualifier_regexes({q: getattr(qualifiers, q) for q in schema.QualifiersFile.model_fields})
    excl = load(root, "exclusions.toml", schema.ExclusionsFile).exclude
    exclusions = [
        Exclusion(
            e.name,
            compile_regex(e.left, refs, f"exclusions.toml: {e.name}: field left", "left"),
            compile_regex(e.right, refs, f"exclusions.toml: {e.name}: field right", "right"),
            compile_regex(e.text, refs, f"exclusions.toml: {e.name}: field text"),
        )
        for e in excl
    ]
    metrics = load(root, "lexicons/metrics.toml", schema.MetricsFile).metric
    metric_names: dict[str, schema.MetricEntry] = {}
    for m in metrics:
        if m.detect:
            for n in [*m.names, m.name]:
                metric_names.setdefault(n.lower(), m)
    # a mention starts with a digit, a sign, a currency symbol or a decimal point: the
    # lookahead lets the scan skip every other position cheaply
    mention = fast(compile_regex(r"(?=[\d$\\€£¥+\-\u2212.U])" + numbers.regex["mention"], refs, "numbers.toml: mention"))
    return Rules(
        root=root,
        kinds=kinds,
        refs=refs,
        mention=mention,
        word_factor=fast(compile_regex(numbers.regex["word_factor"], refs, "numbers.toml: word_factor")),
        word_mention=fast(compile_regex(numbers.regex["word_mention"], refs, "numbers.toml: word_mention")),
        factor_hints=tuple(numbers.hints["factor"]),
        word_scale_hints=tuple(numbers.hints["word_scale"]),
        title_hints=tuple(numbers.hints["title"]),
        hyphen_units=tuple(numbers.hints["hyphen_units"]),
        hyphen_qualifiers=tuple(numbers.hints["hyphen_qualifiers"]),
        context=_context(root, refs),
        shape={k: compile_regex(v, refs, f"numbers.toml: shape {k}", flags=regex.VERSION0) for k, v in numbers.shape.items()},
        rules=rules,
        units=units,
        qualifier_before=qb,
        qualifier_after=qa,
        qualifier_of=qof,
        metric=regex.compile(r"(?<![\w-])" + refs["metric"] + r"(?![\w-])", FLAGS),
        metric_names=metric_names,
        name_patterns=name_patterns,
        names=names,
        urls=urls,
        linking=_linking(root, refs, kinds),
        exclusions=exclusions,
    )


def load_rules(path: str | os.PathLike[str] | None = None) -> Rules:
    """Every rule file under the patterns folder, read, validated and compiled (cached per folder)."""
    return _load_rules(patterns_dir(path))
