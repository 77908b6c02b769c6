"""The word prefilter of the classifier never skips a pattern that would have matched."""

from __future__ import annotations

import json
import re

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtab.engine.classify import Needs
from claimtab.engine.extractor import Extractor
from claimtab.engine.prefilter import WordIndex, absent, needed
from claimtab.rules.compile import load_rules
from conftest import DATA, shared_file


def _absent(rx, text: str) -> bool:
    words = needed(rx)
    index = WordIndex(words or ())
    return absent(index.ids(words), index.present(text))


def test_words_on_every_path():
    assert needed(re.compile(r"\bspeed(?:up|s)?\b")) == {"speed"}
    assert needed(re.compile(r"(?:faster|quicker)\s+than", re.I)) in ({"faster", "quicker"}, {"than"})
    assert needed(re.compile(r"(?:fast)?er")) == {"er"}


def test_no_test_without_a_word():
    assert needed(re.compile(r"(?:fast)?\d+")) is None  # an optional word is not needed
    assert needed(re.compile(r"a|bc")) is None  # a one-letter way through says nothing
    assert needed(regex.compile(r"\p{L}+speed(?V1)")) is None  # the standard parser cannot read it
    assert needed(None) is None


def test_folding_matches_ignorecase():
    for rx, text in ((re.compile("ikelvin", re.IGNORECASE), "\u0131\u212aELVIN"),  # a dotless i, the Kelvin sign
                     (regex.compile("kelvin", regex.IGNORECASE | regex.VERSION0), "\u212aELVIN")):
        assert rx.search(text)
        assert not _absent(rx, text)


PATTERNS = [r"(?i)\b(?:speed-?up|faster|accelerat\w*)\b", r"(?i)(?:reduc(?:es|ed|tion)\s+(?:of|in))\s+\w+",
            r"\b(?:top-?[15]|Acc(?:uracy)?)@?\d*", r"(?i)on\s+(?:the\s+)?(?P<d>[A-Z]\w+)\s+(?:data)?set"]
WORDS = ["speedup", "speed-up", "Faster", "ACCELERATES", "reduces of", "reduction in", "top-1", "Accuracy", "acc",
         "on the", "dataset", "set", "ImageNet", " ", "  ", "x", "-", "\u0131", "\u212a", "\u017f"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=12).map("".join))
def test_never_skips_a_match(pattern, text):
    rx = regex.compile(pattern, regex.VERSION0)
    if rx.search(text):
        assert not _absent(rx, text)


def _texts() -> list[str]:
    texts = [json.loads(line).get("abstract") or "" for line in (DATA / "sample.jsonl").open(encoding="utf-8")]
    try:
        with shared_file("corpus/dev.gold.jsonl").open(encoding="utf-8") as f:
            texts += [json.loads(line).get("abstract") or "" for line in f]
    except pytest.skip.Exception:
        pass
    return texts


def test_same_claims_with_and_without_the_prefilter():
    rules = load_rules()
    fast, plain = Extractor(rules), Extractor(rules)
    c = plain.classifier
    c._by_class = {k: [(r, Needs()) for r, _ in group] for k, group in c._by_class.items()}
    c._exclusions = [(ex, Needs()) for ex, _ in c._exclusions]
    for text in _texts():
        assert fast.extract(text) == plain.extract(text)
