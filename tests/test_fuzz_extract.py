"""Property-based: arbitrary text given to :func:`claimtab.extract_frame`. No exception
escapes, the engine fails on no record (a failure would be a problem naming it), and every
row's evidence is exactly the characters at its offsets: ``source[start:end] == text``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import claimtab
from claimtab.io.limits import Limits
from claimtab.io.sources import InputProblem

TOKENS = [
    "2.5", "-3", "+0.7", "1,000", "1.3B", "7B", "40%", "81.5 %", "1e9", "10^5", "2^{10}", "3×", "4.6x", "x", "%", "pp",
    "$", "$12", "€3", "¥", "ms", "GB", "tokens/s", "GPU-hours", "faster", "speedup", "slower", "than", "over", "vs.",
    "accuracy", "top-1", "BLEU", "F1", "on", "ImageNet", "COCO", "by", "up to", "about", "~", "≈", "±", "at least",
    "to", "-", "–", "—", "and", "or", "respectively", "times", "fold", "twice", "half", "an order of magnitude",
    "parameters", "params", "reduces", "memory", "cost", "points", "(", ")", "[", "]", "{", "}", "\\", "\\%", "$\\times$",
    "https://github.com/a/b", "http://x.io/", "Code:", "available", "at", "e.g.", "Fig.", "i.e.", ".", ",", ";", ":",
    "\n", "\t", "\u00a0", "\u2028", "\u200b", "'", '"', "é", "中文", "🙂", "\u0301", "Ⅻ", "٣", "１２",
]

words = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=120)
claimy = st.builds(lambda parts, seps: "".join(p + s for p, s in zip(parts, seps, strict=False)),
                   words, st.lists(st.sampled_from([" ", "", " ", ". ", ", ", "\n"]), min_size=120, max_size=120))
texts = st.one_of(claimy, st.text(max_size=400))
LIMITS = Limits(max_chars=None, max_numbers=None, seconds=30)


def _check(title: str, abstract: str) -> None:
    problems: list[InputProblem] = []
    frame = claimtab.extract_frame([{"id": "p", "title": title, "abstract": abstract}], problems=problems,
                                   limits=LIMITS)
    assert problems == []
    fields = {"title": title, "abstract": abstract}
    for row in frame.itertuples(index=False):
        assert fields[row.field][row.start : row.end] == row.text, row


@settings(max_examples=250, deadline=None)
@given(abstract=texts)
def test_any_abstract(abstract: str) -> None:
    _check("", abstract)


@settings(max_examples=100, deadline=None)
@given(title=texts, abstract=texts)
def test_any_title_and_abstract(title: str, abstract: str) -> None:
    _check(title, abstract)
