"""Check numbers a person reported in a sheet against the papers.

- :mod:`claimtab.check.papers` -- the papers, their claims prepared once, found by id or title;
- :mod:`claimtab.check.index` -- every number each paper's text writes (the number index);
- :mod:`claimtab.check.compare` -- one sheet value against one paper number;
- :mod:`claimtab.check.match` -- one sheet value against one paper: the status ladder;
- :mod:`claimtab.check.written` -- the ladder's fallback to the numbers of the text;
- :mod:`claimtab.check.sheet` -- a sheet in (columns resolved), a report out;
- :mod:`claimtab.check.report` -- the report's columns and the summary;
- :mod:`claimtab.check.titles` -- finding the paper a row names (ids, tolerant titles);
- :mod:`claimtab.check.wide` -- wide sheets (one column per metric or dataset);
- :mod:`claimtab.check.run` -- :func:`check`, the Python entry point.

``claimtab.check(sheet, papers)`` returns the report. The package itself is callable, so
that this works also after ``import claimtab.check.sheet`` has made ``claimtab.check`` the
package rather than the function ``claimtab/__init__.py`` maps it to.
"""

import sys
import types

from claimtab.check.match import (
    FLAGGED,
    REPORT_COLUMNS,
    STATUSES,
    check_row,
    normalize_kind,
    sig_digits,
    typo_distance,
)
from claimtab.check.papers import AmbiguousPaper, PaperIndex
from claimtab.check.report import RowResult, summary_lines
from claimtab.check.run import check, read_sheet
from claimtab.check.sheet import ROLES, SheetColumns, check_sheet, detect_columns
from claimtab.quantities.reported import parse_reported

__all__ = [
    "FLAGGED", "REPORT_COLUMNS", "ROLES", "STATUSES", "AmbiguousPaper", "PaperIndex", "RowResult", "SheetColumns",
    "check", "check_row", "check_sheet", "detect_columns", "normalize_kind", "parse_reported", "sig_digits", "summary_lines",
    "read_sheet", "typo_distance",
]


class _Callable(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return check(*args, **kwargs)


sys.modules[__name__].__class__ = _Callable
