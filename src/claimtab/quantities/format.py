"""Values written for people: the one set of formatters that ``check``, ``lint``, the views
and the HTML page use, so a number reads the same everywhere."""

from __future__ import annotations

import math


def _missing(v: float | None) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def number(v: float) -> str:
    """A number as short text, at most 12 significant digits: ``81.5``, ``7``, ``0.25``."""
    text = f"{v:.12g}"
    if "e" in text:
        text = f"{v:.12f}".rstrip("0").rstrip(".")
    return text


def _scaled(v: float) -> str:
    a = abs(v)
    for suffix, mult in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        q = v / mult
        if a >= mult and math.isclose(round(q, 3), q, rel_tol=1e-6, abs_tol=1e-12):
            return f"{q:.3f}".rstrip("0").rstrip(".") + suffix
    return number(v)


def value_text(value: float | None, value_max: float | None = None) -> str:
    """A claim's value: ``81.46``, ``1.3B``, ``4.1-7.5`` ("" when missing)."""
    if _missing(value):
        return ""
    if _missing(value_max):
        return _scaled(value)  # type: ignore[arg-type]
    return f"{_scaled(value)}-{_scaled(value_max)}"  # type: ignore[arg-type]


def with_unit(text: str, unit: str | None) -> str:
    """A written value with its unit: ``81.5%``, ``2.5x``, ``$1890``, ``1.3B``, ``12 ms``."""
    if not unit or not text or unit == "count":
        return text
    if unit in ("x", "%"):
        return text + unit
    if unit == "USD":
        return "$" + text
    return f"{text} {unit}"


def shown(value: float | None, value_max: float | None, unit: str | None) -> str:
    """A claim's value and unit as one piece of text: ``4.6x``, ``1.3B``, ``81.5-82.1%``."""
    return with_unit(value_text(value, value_max), unit)


def human_count(n: float) -> str:
    """A count in short human form: ``1300000000`` -> ``1.3B``, ``7e9`` -> ``7B``, ``350e6`` -> ``350M``."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(n) >= scale:
            return f"{n / scale:.4g}{suffix}"
    return f"{n:.4g}"


def grouped(v: float | None) -> str:
    """A number with thousands separators: ``6700000000.0`` -> ``6,700,000,000``, ``38.8`` -> ``38.8``."""
    if v is None:
        return ""
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.10g}"
