"""Load the rules and lexicons in ``patterns/`` and compile them once.

The data lives at the top of the repository (``patterns/``) and ships inside the
installed package as ``claimtab.patterns``. A rule file is plain TOML; a regex may
reference a named fragment as ``{name}`` (from ``numbers.toml``, ``vocab.toml`` or a
word list built from a lexicon), and references are expanded before compiling.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from claimtab.model import KINDS

REF = re.compile(r"\{([a-z_]+)\}")
FLAGS = regex.IGNORECASE | regex.VERSION0


class PatternError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


def patterns_dir(path: str | Path | None = None) -> Path:
    """The folder holding the rules: ``path`` if given, else the packaged copy, else the repo's."""
    if path is not None:
        return Path(path)
    try:
        packaged = resources.files("claimtab.patterns")
        p = Path(str(packaged))
        if (p / "numbers.toml").is_file():
            return p
    except (ModuleNotFoundError, TypeError):
        pass
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "patterns" / "numbers.toml").is_file():
            return parent / "patterns"
    raise PatternError("cannot find claimtab's patterns/ folder")


def _load(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise PatternError(f"{path}: {e}") from e


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
    names (accuracy, top-1 accuracy) match in any case; both may take a plural ("AUCs")."""
    parts = []
    for n in sorted(set(names), key=lambda n: (-len(n), n)):
        body = re.escape(n).replace(r"\ ", r"\s+")
        parts.append(f"(?-i:{body})" if any(c.isupper() for c in n) else f"(?i:{body})")
    return "(?:" + "|".join(parts) + ")(?:e?s)?"


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


@dataclass
class Patterns:
    """Everything the extractor needs, compiled."""

    root: Path
    mention: regex.Pattern
    word_factor: regex.Pattern
    word_mention: regex.Pattern
    factor_words: tuple[str, ...]
    rules: list[Rule]
    units: dict[str, tuple[str, str]]
    qualifier_before: regex.Pattern
    qualifier_after: regex.Pattern
    qualifier_of: dict[str, str]
    metric: regex.Pattern
    metric_names: dict[str, dict]
    benchmark_patterns: list[tuple[str, regex.Pattern, bool, tuple[str, ...], tuple[str, ...]]]
    promised: regex.Pattern
    refs: dict[str, str]
    exclusions: list[tuple[str, regex.Pattern | None, regex.Pattern | None, regex.Pattern | None]] = field(
        default_factory=list
    )


def _compile(p: str | None, refs: dict[str, str], where: str, mode: str = "") -> regex.Pattern | None:
    if not p:
        return None
    body = expand(p, refs, where)
    flags = FLAGS
    if mode in ("left", "reverse"):
        # searched right to left: an end-anchored pattern fails fast away from the end
        flags |= regex.REVERSE
    if mode == "left":
        body = f"(?:{body})\\s*$"
    elif mode == "right":
        body = f"^\\s*(?:{body})"
    try:
        return regex.compile(body, flags)
    except regex.error as e:
        raise PatternError(f"{where}: {e}") from e


def _fast(rx: regex.Pattern):
    """The same pattern on the standard library's engine when it can run it: for plain
    forward scans over whole texts it is about twice as fast (results are identical)."""
    try:
        return re.compile(rx.pattern, re.IGNORECASE if rx.flags & regex.IGNORECASE else 0)
    except re.error:
        return rx


def _qualifier_regexes(data: dict) -> tuple[regex.Pattern, regex.Pattern, dict[str, str]]:
    of: dict[str, str] = {}
    before: list[str] = []
    after: list[str] = []
    for qual, cues in data.items():
        for cue in cues.get("before", []):
            of.setdefault(cue.lower(), qual)
            before.append(cue)
        for cue in cues.get("after", []):
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


@cache
def load_patterns(path: str | None = None) -> Patterns:
    """Read and compile every rule file under the patterns folder (cached per path)."""
    root = patterns_dir(path)
    numbers = _load(root / "numbers.toml")["regex"]
    vocab = _load(root / "vocab.toml")["vocab"]
    lex = root / "lexicons"
    nouns = _load(lex / "nouns.toml")
    metrics = _load(lex / "metrics.toml")["metric"]
    metric_names: dict[str, dict] = {}
    for m in metrics:
        if not m.get("detect", True):
            continue
        for n in m["names"] + [m["name"]]:
            metric_names.setdefault(n.lower(), m)
    refs: dict[str, str] = dict(numbers) | dict(vocab)
    refs["metric"] = metric_alternation(
        [n for m in metrics if m.get("detect", True) for n in m["names"] + [m["name"]]]
    )
    refs["param_modifiers"] = alternation(nouns["params"]["modifiers"])
    refs["data_nouns"] = alternation(nouns["data_size"]["nouns"])
    refs["study_nouns"] = alternation(nouns["study"]["nouns"] + ["classes", "categories", "GPUs", "pixels", "tokens", "dimensions", "words", "characters", "bytes", "bits", "years", "months", "days", "hours", "minutes", "seconds", "parameters", "weights", "times"])
    refs["data_modifiers"] = (
        r"(?!(?:per|of|in|on|for|with|from|to|and|or|by|at|as|that|which|is|are|was|were|each|the|a|an|than|"
        r"while|we|our|its|their|this|these|those|across|over|under|into|using|via|between)\b)[a-z][a-z]+"
    )

    # a mention starts with a digit, a sign, a currency symbol or a decimal point: the
    # lookahead lets the scan skip every other position cheaply
    mention = _fast(_compile(r"(?=[\d$\\€£¥+\-\u2212.U])" + numbers["mention"], refs, "numbers.toml:mention"))
    # the words a factor may be written with; the word_factor scan runs only when one occurs
    factor_words = ("times", "fold", "order", "doubl", "twice", "halv", "tripl", "thrice", "quadrupl", " x ")
    word_factor = _fast(regex.compile(
        expand(
            r"(?<![\w-])(?:(?P<wn>{word_num})[\s-]?(?:times|fold|x)(?![\w-])"
            r"|(?P<orders>(?:an?|one|two|three|four|five|six|\d)\s+orders?\s+of\s+magnitude)"
            r"|(?P<fw>doubl(?:es|ed|ing|e)|twice|halv(?:es|ed|ing|e)|tripl(?:es|ed|ing|e)|thrice|quadrupl(?:es|ed|ing|e)))(?![\w-])",
            refs,
        ),
        FLAGS,
    ))

    rules: list[Rule] = []
    benchmark_patterns: list[tuple[str, regex.Pattern, bool, tuple[str, ...], tuple[str, ...]]] = []
    promised = None
    for kind in KINDS:
        f = root / "kinds" / f"{kind}.toml"
        data = _load(f)
        if data.get("kind") != kind:
            raise PatternError(f"{f}: kind must be {kind!r}")
        local = dict(refs)
        for k, v in data.items():
            if isinstance(v, str) and k not in ("kind", "description"):
                local[k] = v
        for i, r in enumerate(data.get("rule", [])):
            where = f"{f.name}: rule {r.get('name', i)}"
            unknown = set(r) - {
                "name", "units", "not_units", "weak", "priority", "sign", "metric", "min_value", "text", "left", "right", "near",
                "not_near", "not_left", "not_right",
            }
            if unknown:
                raise PatternError(f"{where}: unknown fields {sorted(unknown)}")
            rules.append(
                Rule(
                    kind=kind,
                    name=r.get("name", f"{kind}-{i}"),
                    units=frozenset(r["units"]),
                    priority=float(r.get("priority", 50)),
                    sign=int(r.get("sign", 1)),
                    metric=r.get("metric"),
                    min_value=r.get("min_value"),
                    not_units=frozenset(r.get("not_units", ())),
                    weak=bool(r.get("weak", False)),
                    text=_compile(r.get("text"), local, where),
                    left=_compile(r.get("left"), local, where, "left"),
                    right=_compile(r.get("right"), local, where, "right"),
                    near=_compile(r.get("near"), local, where),
                    near_rev=_compile(r.get("near"), local, where, "reverse"),
                    not_near=_compile(r.get("not_near"), local, where),
                    not_left=_compile(r.get("not_left"), local, where, "left"),
                    not_right=_compile(r.get("not_right"), local, where, "right"),
                )
            )
        for p in data.get("pattern", []):
            where = f"{f.name}: pattern {p.get('name')}"
            flags = regex.VERSION0 | (regex.REVERSE if p.get("reverse") else 0)
            rx = regex.compile(expand(p["regex"], local, where), flags)
            if not p.get("reverse"):
                rx = _fast(rx)
            if p.get("anchor"):
                before = regex.compile(expand(p.get("before", ""), local, where), regex.VERSION0 | regex.REVERSE)
                rx = AnchoredPattern(p["anchor"], before, rx)
            benchmark_patterns.append(
                (p["name"], rx, bool(p.get("list")), tuple(p.get("requires", ())), tuple(p.get("fields", ())))
            )
        if kind == "code_url":
            promised = _compile(data["promised"], local, f.name)

    units = {k: tuple(v) for k, v in _load(lex / "units.toml")["unit"].items()}
    qb, qa, qof = _qualifier_regexes(_load(lex / "qualifiers.toml"))
    excl_data = _load(root / "exclusions.toml")
    exclusions = [
        (
            e["name"],
            _compile(e.get("left"), refs, f"exclusions.toml: {e['name']}", "left"),
            _compile(e.get("right"), refs, f"exclusions.toml: {e['name']}", "right"),
            _compile(e.get("text"), refs, f"exclusions.toml: {e['name']}"),
        )
        for e in excl_data.get("exclude", [])
    ]
    return Patterns(
        root=root,
        mention=mention,
        word_factor=word_factor,
        word_mention=_fast(_compile(numbers["word_mention"], refs, "numbers.toml:word_mention")),
        factor_words=factor_words,
        rules=rules,
        units=units,
        qualifier_before=qb,
        qualifier_after=qa,
        qualifier_of=qof,
        metric=regex.compile(r"(?<![\w-])" + refs["metric"] + r"(?![\w-])", FLAGS),
        metric_names=metric_names,
        benchmark_patterns=benchmark_patterns,
        promised=promised,
        refs=refs,
        exclusions=exclusions,
    )
