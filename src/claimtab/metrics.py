"""What the metric lexicon (``patterns/lexicons/metrics.toml``) says about a metric's name:
which direction is better, and whether its values are a share of something."""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache
from pathlib import Path

from claimtab.rules.files import ENV, load, patterns_dir
from claimtab.rules.schema import MetricEntry, MetricsFile

_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# words that make a metric unbounded even when its head is a share ("relative accuracy gain")
UNBOUNDED_WORDS = re.compile(
    r"(?i)normali[sz]ed|relative|return|reward|elo|improvement|gain|speed|throughput|of (?:the )?(?:human|baseline|oracle)"
)
# share-like words a name may hold when the lexicon does not know it ("pass@1 rate")
_SHARE_WORDS = re.compile(r"(?i)\b(?:accuracy|acc|f1|precision|recall|auc|auroc|miou|map|success rate|pass@\d+|win rate)\b")


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


@cache
def _entries_for(root: Path) -> dict[str, MetricEntry]:
    table: dict[str, MetricEntry] = {}
    for entry in load(root, "lexicons/metrics.toml", MetricsFile).metric:
        for name in [entry.name, *entry.names]:
            table.setdefault(_key(name), entry)
    return table


@cache
def _default(env: str | None) -> dict[str, MetricEntry]:
    return _entries_for(patterns_dir())


def _entries() -> dict[str, MetricEntry]:
    """Metric surface form (case-folded) -> its lexicon entry (the first that names it), for
    the active patterns folder."""
    return _default(os.environ.get(ENV))


def canonical_metric(name: str | None) -> str | None:
    """The lexicon's name of a metric ("accuracies" -> "accuracy"), None when unknown."""
    entry = _entries().get(_key(name))
    return entry.name if entry is not None else None


def metric_direction(name: str) -> str:
    """Whether a higher or a lower value of metric ``name`` is better: ``"higher"`` or ``"lower"``.

    The name is matched case-insensitively against the lexicon: the whole name, then ever
    shorter word suffixes down to its last word ("ImageNet top-1 error rate" -> "top-1
    error rate" -> ...). Parenthesised notes are ignored and an arrow (↓/↑) decides.
    Unknown metrics are higher-is-better.
    """
    return _direction(name or "", os.environ.get(ENV))


@lru_cache(maxsize=4096)
def _direction(text: str, env: str | None) -> str:
    if "↓" in text or "↑" in text:
        return "lower" if "↓" in text else "higher"
    words = _key(_PARENTHESES.sub(" ", text)).split()
    table = _entries()
    for i in range(len(words)):
        entry = table.get(" ".join(words[i:]))
        if entry is not None and entry.better is not None:
            return entry.better
    return "higher"


def is_share_metric(metric: str | None) -> bool:
    """Is this metric a share of something (accuracy, F1, AUC ...), as the lexicon says?"""
    if not metric:
        return False
    if UNBOUNDED_WORDS.search(metric):
        return False
    table = _entries()
    low = metric.strip().lower()
    candidates = [low] + [low.rsplit(" ", n)[-1] for n in (1, 2)] + [" ".join(low.split()[-2:])]
    for c in candidates:
        entry = table.get(_key(c))
        if entry is not None and entry.detect:
            return entry.share
    return bool(_SHARE_WORDS.search(metric))
