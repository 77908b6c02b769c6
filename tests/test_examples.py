"""The example files under patterns/examples/ ARE a test suite: one case per example.

A positive case passes when every expected claim is found (kind, value, value_max and
unit exactly; any other field given, by token overlap as the spec's scorer does). A
negative case passes when no claim of the file's kind comes out (for not_claims.toml:
no numeric claim at all). ``xfail = true`` marks a known miss (strict: a fix must move it).
"""

from __future__ import annotations

import math

import pytest

from claimtab.engine.extractor import Extractor
from claimtab.keys import loose_match, name_key
from claimtab.rules.files import patterns_dir, validated
from claimtab.rules.kinds import registry
from claimtab.rules.schema import ExamplesFile

EXAMPLES = patterns_dir() / "examples"
STRICT = ("kind", "value", "value_max", "unit", "url", "status", "qualifier")


def _cases():
    for path in sorted(EXAMPLES.glob("*.toml")):
        data = validated(path, ExamplesFile).model_dump()
        kind = path.stem
        for i, case in enumerate(data.get("positive", [])):
            marks = [pytest.mark.xfail(strict=True, reason="known miss")] if case.get("xfail") else []
            yield pytest.param(kind, "positive", case, id=f"{kind}+{i}", marks=marks)
        for i, case in enumerate(data.get("negative", [])):
            marks = [pytest.mark.xfail(strict=True, reason="known miss")] if case.get("xfail") else []
            yield pytest.param(kind, "negative", case, id=f"{kind}-{i}", marks=marks)


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _same(field, want, got) -> bool:
    if field in ("value", "value_max"):
        if want is None or got is None:
            return want is None and got is None
        return math.isclose(float(want), float(got), rel_tol=1e-6)
    if field in STRICT:
        return (want or "") == (got or "")
    if field == "dataset":
        return loose_match(want, got)
    return loose_match(want, got)


def _matches(want: dict, draft) -> bool:
    if "value_max" not in want and want.get("kind") in registry().numeric():
        want = {**want, "value_max": None}
    if registry().detector(want.get("kind")) == "names" and "dataset" in want:
        # a name is its claim's key: "PASCAL VOC 2012" is not "PASCAL VOC 2007"
        if name_key(want["dataset"]) != name_key(draft.dataset):
            return False
    return all(_same(f, v, getattr(draft, f)) for f, v in want.items())


@pytest.mark.parametrize("kind,polarity,case", list(_cases()))
def test_example(extractor, kind, polarity, case):
    drafts = extractor.extract(case["text"])
    if polarity == "positive":
        for want in case["claims"]:
            assert any(_matches(want, d) for d in drafts), (
                f"expected {want}\n got {[(d.kind, d.value, d.value_max, d.unit, d.qualifier, d.rule) for d in drafts]}"
            )
    else:
        if kind == "not_claims":
            bad = [d for d in drafts if d.kind in registry().numeric()]
        else:
            bad = [d for d in drafts if d.kind == kind]
        assert not bad, f"unexpected {[(d.kind, d.value, d.text, d.rule) for d in bad]}"


def test_every_kind_has_examples():
    for kind in registry().names:
        assert (EXAMPLES / f"{kind}.toml").is_file(), f"patterns/examples/{kind}.toml is missing"
