"""The errors claimtab raises on purpose: each is one line a user can act on.

Every error has a short code (shown by the CLI before the message) so that a message can be
looked up and a test can tell two failures apart without matching prose:

- ``E1xx`` :class:`PatternError` -- a rule or lexicon file under ``patterns/`` is malformed;
- ``E2xx`` :class:`InputError` -- an input cannot be read at all (one bad *record* is not an
  error but an :class:`claimtab.io.papers.InputProblem`, and reading goes on);
  :class:`RecordError` (``E210``) is that problem made fatal by ``strict``, for a record
  past the limits of :mod:`claimtab.io.limits` or one the engine failed on;
  :class:`claimtab.io.documents.archive.DocumentError` (``E220``) a whole paper that cannot
  be read, and its ``UnsafeInput`` (``E221``) one refused on purpose (an archive member
  that climbs out, a bomb, XML entities);
- ``E3xx`` :class:`OutputError` -- an output cannot be written;
- ``E4xx`` :class:`SheetError` -- a sheet to check is unusable (no value column, a paper
  reference that matches several papers).

Anything else that escapes is a bug, and the CLI says so in one line.
"""

from __future__ import annotations


class ClaimtabError(Exception):
    """Base class: ``str(e)`` is one line naming what is wrong and where."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


class PatternError(ClaimtabError, ValueError):
    """A rule file is malformed; the message names the file, the rule and the field."""

    code = "E100"


class InputError(ClaimtabError):
    """A fatal problem with an input; the message names the file."""

    code = "E200"


class RecordError(InputError):
    """One record cannot be extracted (past a limit, not text, an engine failure) and
    ``strict`` asked to stop there; the message names the file and line, or the paper."""

    code = "E210"


class OutputError(ClaimtabError):
    """An output cannot be written (unknown format, unwritable path, too large for XLSX)."""

    code = "E300"


class SheetError(ClaimtabError, ValueError):
    """A sheet cannot be checked as it is (a missing column, an ambiguous paper)."""

    code = "E400"
