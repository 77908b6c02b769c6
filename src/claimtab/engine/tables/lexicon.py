"""What the table rules know of names, read from the active patterns folder (nothing here
is knowledge of its own): the benchmark lexicon, the metric surface forms of the metric
lexicon that running text matches (``detect``) or table headers do (``tables``), the
well-known model names that are never a paper's own method, and the abstract extractor.
"""

from __future__ import annotations

from functools import cache

from claimtab.engine.extractor import Extractor
from claimtab.engine.paper import canonical_name
from claimtab.engine.paper import paper_method as _paper_method
from claimtab.rules import schema
from claimtab.rules.compile import Rules, load_rules
from claimtab.rules.files import load
from claimtab.rules.lexicon import Lexicon, load_lexicon


def rules() -> Rules:
    """The active rules (cached per patterns folder by :func:`load_rules`)."""
    return load_rules()


@cache
def _extractor(root) -> Extractor:
    return Extractor(load_rules(root))


def extractor() -> Extractor:
    """The abstract extractor of the active rules, built once per patterns folder."""
    return _extractor(rules().root)


def benchmark_lexicon() -> Lexicon:
    return load_lexicon(rules().root)


@cache
def _metric_names(root) -> dict[str, schema.MetricEntry]:
    names: dict[str, schema.MetricEntry] = {}
    for m in load(root, "lexicons/metrics.toml", schema.MetricsFile).metric:
        if not (m.detect or m.tables):
            continue  # known for its direction only ("latency", "time"): no header of a leaderboard
        for n in [m.name, *m.names]:
            names.setdefault(n.lower(), m)
    return names


def metric_names() -> dict[str, schema.MetricEntry]:
    """Lower-cased metric surface forms -> their entry in ``lexicons/metrics.toml`` (those
    matched in running text, and those marked ``tables = true``)."""
    return _metric_names(rules().root)


def _names_kind(r: Rules):
    return next(iter(r.names.values()))


def is_common_model(name: str) -> bool:
    """A well-known model or generic word ("BERT", "ResNet-50", "LSTM") of
    ``lexicons/names.toml``: a building block or a baseline, never by itself the name of a
    paper's own method."""
    nm = _names_kind(rules())
    return name.lower() in nm.stop or bool(nm.models.match(name))


def canonical(dataset: str | None) -> str | None:
    """The benchmark lexicon's canonical name of ``dataset``, when it knows it."""
    return canonical_name(dataset, None, benchmark_lexicon())


def paper_method(title: str, abstract: str) -> str | None:
    """The paper's own method as its title or abstract names it (:mod:`claimtab.engine.paper`)."""
    return _paper_method(title, abstract, rules())
