"""claimtab: turn scientific papers into a tidy, traceable table of quantitative claims.

>>> import claimtab
>>> df = claimtab.extract_frame([{"id": "1", "title": "", "abstract": "... a 4.6x speedup over SST ..."}])
>>> nlp = claimtab.load()                      # spaCy blank English + the claims component

Importing claimtab is cheap: spaCy and pandas load only when something needs them.
"""

from claimtab.api import extract, extract_frame
from claimtab.model import COLUMNS, Claim, Paper

__version__ = "0.2.0"

_LAZY = {
    "load": ("claimtab.component", "load"),
    "SPANS_KEY": ("claimtab.component", "SPANS_KEY"),
    "check": ("claimtab.check", "check"),
    "registry": ("claimtab.rules.kinds", "registry"),
}


def __getattr__(name: str):
    """``claimtab.load``, ``claimtab.views`` and friends load on first use."""
    import importlib

    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    if name in ("views", "lint", "evaluate", "frame"):
        return importlib.import_module(f"claimtab.{name}")
    raise AttributeError(f"module 'claimtab' has no attribute {name!r}")


__all__ = ["COLUMNS", "Claim", "Paper", "extract", "extract_frame", "load", "__version__"]
