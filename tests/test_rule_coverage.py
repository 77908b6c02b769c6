"""Every rule of patterns/ is exercised by an example of patterns/examples/.

A rule nobody has written an example for can break (or never have worked) without any test
noticing. So each of these must be exercised by a case of patterns/examples/*.toml that is not
``xfail``:

- every ``[[rule]]`` of every ``patterns/kinds/<kind>.toml``: a positive case in which a claim
  that rule classified (``Found.rule``) is one the case expects (so the rule is seen doing
  its job, not merely firing somewhere in the sentence);
- every open-vocabulary ``[[pattern]]`` of a names kind (benchmark.toml): the same, with the
  pattern's name as the claim's rule;
- every ``[[exclude]]`` of ``patterns/exclusions.toml``: a negative case in which it vetoes a
  number (``Extractor.explain`` traces its name as ``excluded_by``).

The failure message lists every name that is not covered. A rule that cannot be exercised by
an example goes in ``NOT_EXERCISABLE`` with the reason; an entry there that gets covered, or
that names no rule, is an error, so the list only ever shrinks.
"""

from __future__ import annotations

import pytest

from claimtab.engine.extractor import Extractor
from claimtab.rules.compile import load_rules
from claimtab.rules.files import patterns_dir, validated
from claimtab.rules.schema import ExamplesFile
from test_examples import _matches as _expected  # one comparison of a claim with its example

# (kind, name) of rules and patterns, ("exclude", name) of exclusions, that no example can
# exercise, each with the reason. Keep it short: prefer writing an example.
NOT_EXERCISABLE: dict[tuple[str, str], str] = {
    # fields = ["title"]: the pattern is tried on titles only, and every example is
    # extracted as an abstract (an example case has no field to say otherwise).
    ("benchmark", "title-name-colon"): "title-only pattern; examples are run as abstracts",
}


@pytest.fixture(scope="module")
def coverage():
    """What the examples exercise: the (kind, rule) of expected claims, the exclusions that
    vetoed a number of a negative case, and the (kind, rule) of every claim found at all."""
    rules = load_rules(None)
    extractor = Extractor(rules)
    covered: set[tuple[str, str]] = set()
    fired: set[tuple[str, str]] = set()
    for path in sorted((patterns_dir() / "examples").glob("*.toml")):
        data = validated(path, ExamplesFile).model_dump()
        for case in data.get("positive", []):
            if case.get("xfail"):
                continue
            for d in extractor.extract(case["text"]):
                fired.add((d.kind, d.rule))
                if any(_expected(want, d) for want in case["claims"]):
                    covered.add((d.kind, d.rule))
        for case in data.get("negative", []):
            if case.get("xfail"):
                continue
            for trace in extractor.explain(case["text"]):
                if trace.get("excluded_by"):
                    covered.add(("exclude", trace["excluded_by"]))
    return rules, covered, fired


def _all_names(rules) -> list[tuple[str, str]]:
    return (
        [(r.kind, r.name) for r in rules.rules]
        + [(p.kind, p.name) for p in rules.name_patterns]
        + [("exclude", e.name) for e in rules.exclusions]
    )


def test_every_rule_pattern_and_exclusion_is_exercised(coverage):
    rules, covered, fired = coverage
    missing = [key for key in _all_names(rules) if key not in covered and key not in NOT_EXERCISABLE]
    lines = []
    for kind, name in missing:
        what = "exclusion (no negative example it vetoes)" if kind == "exclude" else f"{kind} rule"
        hint = " (it fires in an example, on a claim the example does not expect)" if (kind, name) in fired else ""
        lines.append(f"  {what}: {name}{hint}")
    assert not missing, f"{len(missing)} not exercised by any example of patterns/examples/:\n" + "\n".join(lines)


def test_not_exercisable_list_is_current(coverage):
    rules, covered, _ = coverage
    names = set(_all_names(rules))
    stale = [key for key in NOT_EXERCISABLE if key not in names]
    assert not stale, f"NOT_EXERCISABLE names rules that do not exist: {stale}"
    now_covered = [key for key in NOT_EXERCISABLE if key in covered]
    assert not now_covered, f"NOT_EXERCISABLE entries now have an example; remove them: {now_covered}"
