"""The paper's own method: the coined name heading its title, never a generic phrase."""

from __future__ import annotations

import pytest

from claimtab.engine.paper import paper_method
from claimtab.rules.compile import load_rules


@pytest.mark.parametrize(
    "title,method",
    [
        ("iTransformer: Inverted Transformers Are Effective for Forecasting", "iTransformer"),
        ("IA-RED^2: Interpretability-Aware Redundancy Reduction for Vision Transformers", "IA-RED^2"),
        ("FlatFormer: Flattened Window Attention for Point Clouds", "FlatFormer"),
        ("wav2vec 2.0: A Framework for Self-Supervised Speech", "wav2vec 2.0"),
        ("Halcyon: A Suite of Small Open Language Models", "Halcyon"),
        ("Multi-Modal: A Survey of Fusion Strategies", None),
        ("Efficient Long-Range Transformers: A Survey", None),
        ("Deep Learning: A Review", None),
    ],
)
def test_title_method(title, method):
    assert paper_method(title, "", load_rules(None)) == method


def test_abstract_method_when_the_title_names_none():
    abstract = "We propose GridWarp, a warping module for stereo matching."
    assert paper_method("Warping for Stereo", abstract, load_rules(None)) == "GridWarp"
