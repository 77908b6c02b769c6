"""Names in and around a table: metrics, datasets, and the paper's own method.

* **Metrics** come from the metric lexicon (patterns/lexicons/metrics.toml, with the
  header-only names marked ``tables = true``); a short all-capital name ("IS", "EM", "MR") must match
  its case; a name with a cut-off stands for its family ("Hits@10" -> "Hits@3").
* **Datasets** come from the benchmark lexicon (patterns/lexicons/benchmarks.toml), from
  phrases such as "on the X dataset" or "X dataset ...", and
  "A → B" domain shifts become "A-to-B".
* **The paper's own method** is named by "ours" / "proposed", by the title before a colon
  or a macro such as ``\\ours``, by "we introduce X, a ..." and the coined names of the
  abstract (and their hyphen siblings: "EleAtt-GRU" for "EleAtt-RNN"), by the title's
  acronym, and by the coined name the body uses far more than any other.  A dataset
  paper ("X: A Benchmark for ...") owns the results on X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from claimtab.document import Cell, Document

from . import lexicon

_OURS = re.compile(r"(?i)(?:\bours\b|^our\b|\(ours\)|\bour\s+(?:method|model|approach|system|framework|full model|net\w*)\b|"
                   r"\bproposed\b|\bthis (?:work|paper)\b)")
CAPTION_DATASET = re.compile(
    r"\b(?:on|for|of|in)\s+(?:the\s+)?(?P<n>[A-Z][\w.+'-]*(?:[ -][A-Z0-9][\w.+'-]*){0,3})\s+"
    r"(?:dataset|benchmark|test(?:-dev|ing)?\s+set|validation\s+set|val(?:idation)?\s+split|corpus|test|val)\b")
UNIT_NOISE = re.compile(r"\s*(?:\(\s*%\s*\)|\[\s*%\s*\]|%|↑|↓|\(↑\)|\(↓\)|\bhigher is better\b|\blower is better\b)\s*")
# a coined name: a capital or digit after the first letter ("ConvE", "HR-VITON", "T5"), 3+ chars
_COINED = re.compile(r"(?<![\w-])(?=[A-Za-z][\w-]*[A-Z0-9])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w-])")
_HEAD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_SMALL_WORDS = {"a", "an", "the", "of", "for", "and", "with", "in", "on", "to", "via", "by", "from", "using"}
_SHIFT = re.compile(r"\s*(?:→|->|\\rightarrow|to|-to-|⇒|2)\s*")
# words that start a setting, not a dataset name ("With Extra Train", "Protocol #1", "Test Unseen")
NOT_DATASET = re.compile(r"(?i)^(?:the|our|this|each|all|with|without|w/o?|using|no|test|testing|val|validation|"
                          r"train|training|protocol|setting|split|avg|average|mean|seen|unseen|overall|total)\b")
@dataclass
class Context:
    """What the rules need to know about the paper beyond one table."""

    names: list[str] = field(default_factory=list)  # the paper's own method names, lower-cased
    abstract_dataset: str | None = None
    abstract_names: set[str] = field(default_factory=set)  # coined names the abstract uses
    leaderboard: bool = False  # read only the tables a leaderboard takes its results from
    cited: set[str] = field(default_factory=set)  # names the paper cites: prior work
    benchmarks: set[str] = field(default_factory=set)  # keys of the benchmark a dataset paper introduces


# a plain capitalised name the abstract gives the paper's model: "we introduce Minerva, a
# large language model", "a network dubbed Nova"
_NAMED = re.compile(r"\b[Ww]e\s+(?:propose|present|introduce|develop|build)\s+(?P<m>[A-Z][a-z][A-Za-z0-9]+)\s*,\s*(?:a|an|the)\s"
                    r"|\b(?:called|named|dubbed|termed)\s+(?P<n>[A-Z][a-z][A-Za-z0-9]+)\b")


def paper_context(doc: Document) -> Context:
    names = list(doc.method_names)
    m = lexicon.paper_method(doc.title, doc.abstract)
    if m and m not in names:
        names.append(m)
    for m in _NAMED.finditer(doc.abstract):  # "we introduce Minerva, a ...", "... dubbed Nova"
        w = m.group("m") or m.group("n")
        if w not in names and not lexicon.is_common_model(w) and not datasets_in(w) and w not in _CAPITAL_WORDS:
            names.append(w)
    found = {canon_or(s, e) for s, e in datasets_in(doc.abstract)}
    coined = {m.group() for m in _COINED.finditer(doc.abstract)
              if not lexicon.is_common_model(m.group()) and not find_metric(m.group())}
    coined -= {s for s, _ in datasets_in(doc.abstract)}
    acro = title_acronym(doc.title)
    if acro:
        coined.add(acro)
    frequent = frequent_name(doc.body)
    if frequent:
        coined.add(frequent)
    cited = set(doc.cited_names) - set(names) - coined
    return Context([n.lower() for n in names if len(n) >= 2], found.pop() if len(found) == 1 else None, coined,
                   cited=cited, benchmarks=own_benchmarks(doc.title))


_DATASET_PAPER = re.compile(r"(?i)\b(?:dataset|benchmark|corpus|resource|challenge)s?\b")


def name_key(name: str) -> str:
    return "".join(re.findall(r"[a-z0-9+]+", name.lower()))


def own_benchmarks(title: str) -> set[str]:
    """The benchmark a dataset paper introduces, as name keys: its title says "dataset",
    "benchmark", "corpus" or "resource", and the name is the title's head before the colon
    ("Tldr9+: A Large Scale Resource ...") or that head's initials ("Occluded Video
    Instance Segmentation: A Benchmark" -> "ovis")."""
    if ":" not in title or not _DATASET_PAPER.search(title.split(":", 1)[1] + " " + title.split(":", 1)[0]):
        return set()
    head = title.split(":")[0].strip()
    out = {name_key(head)} if len(head.split()) <= 2 else set()
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", head) if w.lower() not in _SMALL_WORDS]
    if len(words) >= 3 and all(w[0].isupper() for w in words):
        out.add("".join(w[0] for w in words).lower())
    return {k for k in out if len(k) >= 3}


_GENERIC_ROW = re.compile(
    r"(?i)^(?:baselines?|random|human|humans|oracle|chance|majority|upper[- ]bound|lower[- ]bound|average|avg\.?|"
    r"mean|median|std|total|overall|all|none|supervised|unsupervised|gt|ground[- ]truth|reference|prior|previous|"
    r"sota|state[- ]of[- ]the[- ]art|best|worst|ideal|default|original|vanilla|standard|real|copy|identity)\b")


def uncited(label: str, cell: Cell | None, ctx: Context) -> bool:
    """A row label that names no prior work: no citation in the cell, no name the paper
    cites, no well-known model, no generic row ("Random", "Human", "Baseline")."""
    if not label or (cell is not None and cell.cited) or _GENERIC_ROW.match(label):
        return False
    words = re.findall(r"[A-Za-z][\w.+-]*", label)
    if not words or words[0] in ctx.cited or lexicon.is_common_model(words[0]):
        return False
    return not any(n in label for n in ctx.cited if len(n) >= 3 and " " in n)


FREQUENT_MIN = 10  # mentions a coined name needs to count as the paper's method
FREQUENT_LEAD = 1.5  # ... and how much more often than the next coined name


_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]{3,})(?![\w-])")
_CAPITAL_WORDS = {"Table", "Tables", "Figure", "Figures", "Section", "Sections", "Appendix", "Equation", "Algorithm",
                  "Theorem", "Lemma", "Definition", "Corollary", "Proposition", "English", "Chinese", "German",
                  "French", "Transformer", "Transformers", "Gaussian", "Bayesian", "Euclidean", "Markov", "Adam",
                  "Monte", "Carlo", "Python", "PyTorch", "Google", "Wikipedia", "Twitter", "Amazon", "Chapter",
                  "However", "Note", "Then", "Thus", "Here", "There", "This", "These", "That", "Furthermore"}


def frequent_name(body: str) -> str | None:
    """The coined name the body text uses most, when it stands out (at least
    FREQUENT_MIN mentions, FREQUENT_LEAD times the next one) and is no known model,
    benchmark or metric: papers name their own method far more often than any other."""
    counts: dict[str, int] = {}
    for m in _COINED.finditer(body):
        w = m.group()
        counts[w] = counts.get(w, 0) + 1
    for m in _MID_CAPITAL.finditer(body):  # a plain capitalised name used mid-sentence: "Minerva"
        w = m.group(1)
        if w not in _CAPITAL_WORDS:
            counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    ranked = [(w, n) for w, n in ranked[:12] if not lexicon.is_common_model(w) and not find_metric(w)
              and not lexicon.benchmark_lexicon().lookup(w) and not datasets_in(w)]
    if not ranked or ranked[0][1] < FREQUENT_MIN:
        return None
    if len(ranked) > 1 and ranked[0][1] < FREQUENT_LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def title_acronym(title: str) -> str | None:
    """The initials of a title without a colon, when at least three of its words are
    capitalised ("Recurrent Highway Networks" -> "RHN"), the usual name of such a method."""
    if not title or ":" in title:
        return None
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", title) if w.lower() not in _SMALL_WORDS]
    if not 3 <= len(words) <= 5 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def canon_or(surface: str, entry) -> str:
    return entry.canonical if entry is not None else surface


def datasets_in(text: str) -> list[tuple[str, object]]:
    """(surface, lexicon entry or None) of the benchmark names in ``text``."""
    if not text:
        return []
    found = lexicon.benchmark_lexicon().find(text)
    out = []
    # a domain shift between two datasets is named "A-to-B" ("SYNTHIA → Cityscapes")
    for (_s1, e1, a, _), (s2, _, b, _) in zip(found, found[1:], strict=False):
        if _SHIFT.fullmatch(text[e1:s2]):
            out.append((f"{a}-to-{b}", None))
    out += [(surf, ent) for _, _, surf, ent in found]
    for m in CAPTION_DATASET.finditer(text):
        name = m.group("n").strip()
        if not NOT_DATASET.match(name) and not any(name == s for s, _ in out):
            out.append((name, None))
    return out


# "Manipulation detection on FakeAVCeleb." / "Results on NExT-QA, ...": a coined name right after "on"
_ON_COINED = re.compile(r"\bon\s+(?:the\s+)?(?P<n>[A-Z][A-Za-z]*[A-Z0-9][\w+-]*)(?=\s*[.,;:(]|\s+(?:and|with|under|using|in)\b)")


# a caption that starts with the benchmark: "Hutter Prize dataset test error in bits/char."
_CAPTION_HEAD = re.compile(r"^\s*(?:the\s+)?(?P<n>[A-Z][\w.+'-]*(?:[ -][A-Z0-9][\w.+'-]*){0,3})\s+(?:dataset|benchmark|corpus)\b")


def caption_datasets(text: str) -> list[tuple[str, object]]:
    """The benchmarks a caption names: those of :func:`datasets_in`, a name the caption
    starts with ("Text8 dataset test set error"), and a coined name the caption puts right
    after "on" ("Manipulation detection on FakeAVCeleb.")."""
    out = datasets_in(text)
    m = _CAPTION_HEAD.match(text or "")
    if m and not NOT_DATASET.match(m.group("n")) and not any(m.group("n") == x for x, _ in out):
        out.append((m.group("n"), None))
    for m in _ON_COINED.finditer(text or ""):
        name = m.group("n")
        if not any(name == x for x, _ in out) and not find_metric(name) and not lexicon.is_common_model(name):
            out.append((name, None))
    return out


@cache
def _metric_rx() -> re.Pattern:
    """Metric names of the lexicon; a short or all-capital name ("IS", "EM", "MR") must
    match its case, so that the word "is" in a caption is no Inception Score."""
    surfaces = {n for e in lexicon.metric_names().values() for n in [e.name, *e.names]}
    exact = [n for n in surfaces if n.isupper() and len(n) <= 4]
    folded = [n for n in surfaces if n not in exact]

    def alt(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    # a name with a cut-off ("Hits@10", "BLEU-4", "Pass@1") stands for its family: "Hits@3", "BLEU-2"
    stems = sorted({m.group(1) for n in surfaces if (m := re.match(r"^(.*[A-Za-z][@-])\d+$", n))}, key=len, reverse=True)
    family = "(?i:" + "|".join(re.escape(x) for x in stems) + r")\d+(?:\.\d+)?" if stems else "(?!)"
    return re.compile(r"(?<![\w-])(?:" + family + "|(?i:" + alt(folded) + r")|" + alt(exact) + r")(?![\w]|-\d)")


# the usual written name of a metric with many forms ("bits/char", "BPC"; "mDice")
_USUAL_NAMES = [
    (re.compile(r"(?i)bits?\s*(?:/|per)\s*char(?:acter)?|bpc"), "bits per character (BPC)"),
    (re.compile(r"mDice|(?i:mean dice)"), "mean Dice"),
]
_VALID = re.compile(r"\bValid(?=\s|\.|$)\.?")  # "Valid MRR" is the validation split's MRR


# header abbreviations written out, when the table's other columns confirm the reading
GENERIC_METRICS = {"performance", "performances", "score", "scores", "success", "results", "error", "errors", "loss",
                   "losses"}


def generic_metric(metric: str) -> bool:
    """A metric name that says only "error" / "performance" / "score" ("test set error")."""
    words = re.findall(r"[A-Za-z]+", metric.lower())
    return bool(words) and all(w in GENERIC_METRICS or w in _SPLIT_WORDS for w in words)


_SPLIT_WORDS = {"test", "testing", "set", "val", "validation", "dev", "the", "overall"}


def find_metric(text: str) -> str | None:
    """The metric a header or caption names: the cleaned header itself when it is short
    and holds a lexicon name, else that name (a specific name before a generic one such
    as "performance"); None when there is none."""
    if not text:
        return None
    clean = _VALID.sub("Validation", UNIT_NOISE.sub(" ", text).strip(" :()[]"))
    found = list(_metric_rx().finditer(clean.replace("_", "")))
    if not found:
        return None
    specific = [m for m in found if not generic_metric(m.group())]
    if len(specific) == 1:  # a metric written in one of its forms is named in the usual one
        m = specific[0]
        for rx, name in _USUAL_NAMES:
            if rx.fullmatch(m.group()):
                short = clean.replace("_", "")
                return f"{short[: m.start()]}{name}{short[m.end():]}".strip() if len(clean) <= 30 else name
    if len(clean) <= 30 and (specific or len(found) == len(clean.split())):
        return clean
    return (specific or found)[0].group()


def group_dataset(text: str) -> str | None:
    """The dataset a full-width group row names ("MovieLens-20M Dataset"), or None."""
    found = datasets_in(text)
    if found:
        return found[0][0]
    m = re.match(r"^(?:results on\s+)?(?:the\s+)?(.{2,40}?)\s+(?:dataset|benchmark|corpus)s?\b", text, re.I)
    return m.group(1) if m and not NOT_DATASET.match(m.group(1)) else None


# word-forming prefixes that start many unrelated names ("Multi-Head", "Self-Attention")
_PREFIXES = {"multi", "self", "cross", "semi", "deep", "auto", "super", "hyper", "meta", "single", "dual", "long",
             "short", "fast", "light", "graph", "mask", "non-", "pre", "post", "over", "under", "fine", "coarse",
             "high", "low", "full", "half", "open", "zero", "few", "text", "image", "video", "point", "joint"}


def own_rule(label: str, cell: Cell | None, ctx: Context) -> str | None:
    """Why the row is about the paper's own method, or None: the label says "ours" or
    "proposed", starts with the method's name, or starts with a coined name the abstract
    uses.  A label that cites a reference is a baseline."""
    low = label.lower()
    if not low or (cell is not None and cell.cited):
        return None
    if _OURS.search(low):
        return "ours"
    tokens = set(re.findall(r"[\w+-]+", low))
    for n in ctx.names:
        if low == n or (low.startswith(n) and not low[len(n) : len(n) + 1].isalnum()) or (len(n) >= 3 and n in tokens):
            return "name"
        stem = n.split("-")[0]
        if "-" in n and len(stem) >= 4 and stem not in _PREFIXES and low.startswith(stem + "-"):
            return "name"  # a sibling of the named model: "EleAtt-GRU" for "EleAtt-RNN", "Inner-SIoU" for "Inner-IoU"
    heads = {m.group() for m in _HEAD_NAME.finditer(label)}
    for name in ctx.abstract_names:  # "ConvE", "ANC" for "ANC-Net", "Large RHN"
        stem = name.split("-")[0]
        if name in heads or stem == label or (
                "-" in name and len(stem) >= 4 and stem.lower() not in _PREFIXES and label.startswith(stem + "-")):
            return "abstract-name"
    return None
