"""Check numbers a person reported in a sheet against the papers.

- :mod:`claimtab.check.match` -- one sheet value against one paper's claims: the status ladder;
- :mod:`claimtab.check.papers` -- the papers, their claims prepared once, found by id or title;
- :mod:`claimtab.check.sheet` -- a sheet in (columns resolved), a report out, a summary.
"""

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
from claimtab.check.sheet import ROLES, SheetColumns, check_sheet, detect_columns, summary_lines
from claimtab.quantities.reported import parse_reported

__all__ = [
    "FLAGGED", "REPORT_COLUMNS", "ROLES", "STATUSES", "AmbiguousPaper", "PaperIndex", "SheetColumns", "check_row",
    "check_sheet", "detect_columns", "normalize_kind", "parse_reported", "sig_digits", "summary_lines", "typo_distance",
]
