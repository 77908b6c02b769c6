"""The engine's work grows linearly with hostile input: counted, not timed.

Each kind of input that used to take quadratic time (a list of thousands of numbers, one
sentence with a thousand numbers, changes, names, links, number words, abbreviations,
"respectively" lists, clauses) is extracted at two sizes; the regex calls and the
characters handed to regexes (:mod:`claimtab.engine.work`) must grow about as the text
does, and stay under a fixed amount per character. The spaCy tokenizer is never handed a
run of punctuation it would split in quadratic time.
"""

from __future__ import annotations

import re

import pytest

from claimtab.engine.extractor import Extractor
from claimtab.engine.work import counting
from claimtab.rules.compile import load_rules


def _list(n):
    return "1, " * n + "2 tokens/s"


def _one_sentence(n):
    return "Our method achieves " + ", ".join(f"{i}.5%" for i in range(n)) + " accuracy on ImageNet, respectively."


def _changes(n):
    return "from 1% to 2% " * n


def _names_and_numbers(n):
    return "We reach " + ", ".join(f"{i}.5% accuracy on CIFAR-10 and {i}.1% on ImageNet" for i in range(n))


def _links(n):
    return "see https://github.com/a/b1 and 3% " * n


def _factor_words(n):
    return "three times faster and 2x " * n


def _number_words(n):
    return "two million images and 5 GPUs " * n


def _abbreviations(n):
    return " ".join(f"Long Range Arena{i} (LRA{i}) gets {i}% on LRA{i}" for i in range(n))


def _respectively(n):
    return ("We get " + ", ".join(f"{i}%" for i in range(n)) + " on " + ", ".join(f"Set{i}" for i in range(n))
            + ", respectively")


def _clauses(n):
    return "; ".join(f"it improves accuracy by {i}% over Base{i}" for i in range(n))


def _names(n):
    return "CIFAR-10 ImageNet SST-2 " * n


def _comparisons(n):
    return "It is " + ", ".join(f"{i}% better than Base{i} and {i}x faster than Fast{i}" for i in range(n)) + "."


# (input, n for a text of roughly 5-8 KB)
KINDS = [(_list, 600), (_one_sentence, 250), (_changes, 375), (_names_and_numbers, 100), (_links, 140),
         (_factor_words, 200), (_number_words, 175), (_abbreviations, 125), (_respectively, 150), (_clauses, 125),
         (_names, 225), (_comparisons, 80)]

RULES = load_rules()
CALLS_PER_CHAR = 20  # regex calls per character of input, at most
CHARS_PER_CHAR = 2500  # characters handed to regexes per character of input, at most
GROWTH = 4.8  # 4x the input: at most this much more work (quadratic work would be ~16x)


def _work(text: str):
    with counting(RULES) as work:
        Extractor(RULES).extract(text)
    return work


@pytest.mark.parametrize("make,n", KINDS, ids=[k.__name__.strip("_") for k, _ in KINDS])
def test_work_is_linear(make, n):
    small, large = make(n), make(4 * n)
    ws, wl = _work(small), _work(large)
    grown = GROWTH / 4 * len(large) / len(small)  # the input grew ~4x: the work may grow ~4.8x
    assert wl.calls <= grown * ws.calls + 100, (ws.calls, wl.calls)
    assert wl.chars <= grown * ws.chars + 10_000, (ws.chars, wl.chars)
    assert wl.calls <= CALLS_PER_CHAR * len(large), wl.calls
    assert wl.chars <= CHARS_PER_CHAR * len(large), sorted(wl.by_pattern.items(), key=lambda kv: -kv[1])[:3]


def test_counting_counts_and_puts_the_patterns_back():
    before = RULES.mention
    with counting(RULES) as work:
        found = Extractor(RULES).extract("We get a 4.6x speedup over SST on ImageNet.")
    assert found and work.calls > 0 and work.chars > 0
    assert RULES.mention is before
    assert Extractor(RULES).extract("We get a 4.6x speedup over SST on ImageNet.") == found


RUNS = ["%" * 20000, "(" * 20000, "{" * 20000, "$" * 20000, "%)" * 10000, "a " + "[" * 5000 + " 4.6x faster",
        "We get 81.5% on ImageNet. " + "}" * 70 + " and (SST)."]


@pytest.fixture(scope="module")
def nlp():
    import claimtab

    return claimtab.load()


@pytest.mark.parametrize("text", RUNS, ids=range(len(RUNS)))
def test_tokenizer_is_never_handed_a_long_punctuation_run(nlp, text):
    inner = nlp.tokenizer.tokenizer
    nlp.tokenizer.tokenizer = recorder = _Recorder(inner)
    try:
        doc = nlp(text)
    finally:
        nlp.tokenizer.tokenizer = inner
    assert doc.text == text
    assert all(not re.search(r"[^\w\s]{64,}", t) for t in recorder.handed)


class _Recorder:
    """spaCy's tokenizer, recording what it is handed."""

    def __init__(self, inner) -> None:
        self.inner, self.vocab, self.handed = inner, inner.vocab, []

    def __call__(self, text):
        self.handed.append(text)
        return self.inner(text)


@pytest.mark.parametrize("text", ["We get a 4.6x speedup (over SST) on ImageNet-1K, 81.5% top-1.",
                                  "Costs $1.2M; 87\\% of {runs} \"end\"." + "(" * 63, ""])
def test_tokens_of_ordinary_text_are_spacys(nlp, text):
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]
