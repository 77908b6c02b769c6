"""The compiled multi-pattern matchers (Aho-Corasick) find exactly what the scans they replace find."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtab.rules.compile import load_rules
from claimtab.rules.lexicon import load_lexicon

LEX = load_lexicon(load_rules().root)
SCAN = copy.copy(LEX)
SCAN._automaton = None  # the plain token scan: every token that can start a name is looked at

NAMES = sorted(LEX.exact)[::7] + sorted(LEX.folded)
PIECES = [" ", "  ", ", ", "(", ")", "/", ".", "-", "'", "’", "\u00a0", "\n", "the ", "on ", "ImageNet", "32",
          "x64", "İ", "Σ", "K", "ſ", "mini ", "Data", "set", "1K", "the Pile", "MS COCO"]


def _surface(name: str, case: int) -> str:
    return (name, name.lower(), name.upper(), name.title())[case]


fragment = st.one_of(
    st.sampled_from(PIECES),
    st.builds(_surface, st.sampled_from(NAMES), st.integers(0, 3)),
    st.text(alphabet="aAzZ09 .-,/()'", max_size=4),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(fragment, max_size=25).map("".join))
def test_matcher_finds_what_the_scan_finds(text):
    assert LEX.find(text) == SCAN.find(text)


@pytest.mark.parametrize("text", [
    "We evaluate on ImageNet-1K, CIFAR-10/100 and MS COCO (val).",
    "Results on the Pile and mini ImageNet; ImageNet64x64 too.",
    "İstanbul ImageNet Σ CIFAR-10",  # lower-casing moves offsets: the scan is used
    "",
])
def test_known_texts(text):
    assert LEX.find(text) == SCAN.find(text)


def test_matcher_is_built():
    assert LEX._automaton is not None


KEYWORDS = frozenset(w for p in load_rules().name_patterns for w in p.requires)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted(KEYWORDS) + ["a", " ", "s", "set", "data", "bench", "mark"]), max_size=12)
       .map("".join))
def test_keyword_hits_are_the_alternation_matches(low):
    from claimtab.engine.benchmarks import _keyword_hits, _keyword_rx

    expected = [(m.start(), m.end(), m.group()) for m in _keyword_rx(KEYWORDS).finditer(low)]
    assert _keyword_hits(low, KEYWORDS) == expected


HINTS = (load_rules().factor_hints, load_rules().word_scale_hints)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([w for ws in HINTS for w in ws] + ["a", " ", "tim", "es", "mill", "ion"]), max_size=10)
       .map("".join))
def test_hint_lists_found_in_one_pass(low):
    from claimtab.engine.mentions import _Hints

    assert _Hints(HINTS).which(low) == [any(w in low for w in ws) for ws in HINTS]
