"""claimtab: turn scientific papers into a tidy, traceable table of quantitative claims.

>>> import claimtab
>>> nlp = claimtab.load()                      # spaCy blank English + claimtab's rules
>>> df = claimtab.extract_frame([{"id": "1", "title": "", "abstract": "... a 4.6x speedup over SST ..."}])
"""

from claimtab.api import extract, extract_frame
from claimtab.component import SPANS_KEY, load
from claimtab.model import COLUMNS, KINDS, Claim, Paper

__version__ = "0.1.0"


def __getattr__(name: str):
    """``claimtab.views`` and friends load on first use (they pull in pandas)."""
    if name in ("views", "lint", "evaluate"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'claimtab' has no attribute {name!r}")
__all__ = ["COLUMNS", "KINDS", "SPANS_KEY", "Claim", "Paper", "extract", "extract_frame", "load", "__version__"]
