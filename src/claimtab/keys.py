"""How two claims are compared: the keys of the claim specification (section 4).

One definition for everyone who compares claims -- ``evaluate`` (the spec's scoring),
``check`` (a sheet's URL or benchmark name against a paper's), ``lint`` and the views:

- a numeric claim: ``(kind, value and value_max to 6 significant digits, unit class)``;
- a link: ``(kind, url)`` with the host lower-cased, no scheme, no ``www.``, no trailing
  ``/`` or ``.git`` (the path keeps its case);
- a name: ``(kind, name)`` lower-cased, without a leading "the" or a trailing generic head
  noun ("dataset", "benchmark", "corpus", "challenge"), letters and digits only.
"""

from __future__ import annotations

import math
import re
from typing import Any

from claimtab.quantities.units import score_class
from claimtab.rules.kinds import Registry, registry

_GENERIC_TAIL = re.compile(r"[\s-]+(?:data\s*sets?|benchmarks?|corpus|corpora|challenge)$")
_ARTICLES = frozenset({"the", "a", "an"})


def blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip()) or (
        type(v).__name__ == "NAType"
    )


def significant(v: Any, digits: int = 6) -> float | None:
    """Round to ``digits`` significant digits (None for a missing value)."""
    if blank(v):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    if x == 0 or not math.isfinite(x):
        return 0.0 if x == 0 else None
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def url_key(url: Any) -> str:
    u = "" if blank(url) else str(url).strip()
    u = u.rstrip(".,;:)]}>'\"")
    u = re.sub(r"^[a-zA-Z]+://", "", u)
    host, _, path = u.partition("/")
    host = host.lower().removeprefix("www.")
    path = path.rstrip("/").removesuffix(".git")
    return host + ("/" + path if path else "")


def name_key(name: Any) -> str:
    n = "" if blank(name) else str(name).strip().lower()
    n = re.sub(r"^the\s+", "", n)
    bare = _GENERIC_TAIL.sub("", n)
    if re.search(r"[a-z0-9]", bare):
        n = bare
    return re.sub(r"[^a-z0-9]+", "", n)


def claim_key(c: dict, kinds: Registry | None = None) -> tuple | None:
    """The key a claim (a row as a dict) is compared by; None for an unknown kind."""
    kinds = kinds or registry()
    kind = ("" if blank(c.get("kind")) else str(c["kind"])).strip().lower()
    detector = kinds.detector(kind)
    if detector == "urls":
        return (kind, url_key(c.get("url") if not blank(c.get("url")) else c.get("text")))
    if detector == "names":
        return (kind, name_key(c.get("dataset") if not blank(c.get("dataset")) else c.get("text")))
    if detector == "numbers":
        lo, hi = significant(c.get("value")), significant(c.get("value_max"))
        if lo is not None and hi is not None and hi < lo:
            lo, hi = hi, lo
        return (kind, lo, hi, score_class(c.get("unit")))
    return None


def words(s: Any) -> set[str]:
    if blank(s):
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", str(s).lower()) if w not in _ARTICLES}


def loose_match(a: Any, b: Any) -> bool:
    """Token-overlap equality: Jaccard >= 0.5 of lower-cased word sets; null equals null."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return not wa and not wb
    return len(wa & wb) / len(wa | wb) >= 0.5
