"""Which column of a table plays which role: the one resolver for papers' inputs (id, title,
abstract) and for sheets to check (paper, value, kind, metric ...).

Columns are matched case- and spacing-insensitively (``Paper ID`` = ``paper_id`` =
``paper-id``); a column the user names explicitly must exist, and the error lists what does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimtab.errors import ClaimtabError


@dataclass(frozen=True)
class Role:
    """One role: the column names that play it by default, and the option that names it."""

    names: tuple[str, ...]
    option: str
    what: str  # for messages: "the abstract", "the value"


def column_key(name: Any) -> str:
    """A column name as compared: lower case, runs of spaces, hyphens and dots as ``_``."""
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower())


def listing(found: list[str], most: int = 20) -> str:
    shown = ", ".join(found[:most]) or "(none)"
    return shown + (f", ... ({len(found)} in all)" if len(found) > most else "")


def resolve_columns(
    columns: Iterable[Any], roles: dict[str, Role], overrides: dict[str, str | None] | None = None, *,
    where: str = "", error: type[ClaimtabError] = ClaimtabError,
) -> dict[str, str | None]:
    """Each role's column (None when absent), from ``overrides`` first, then the role's
    default names in order. A column claimed by an earlier role is not given to a later one."""
    found = [str(c) for c in columns]
    keyed: dict[str, str] = {}
    for c in found:
        keyed.setdefault(column_key(c), c)
    prefix = f"{where}: " if where else ""
    chosen: dict[str, str | None] = {}
    taken: set[str] = set()
    for name, role in roles.items():
        wanted = (overrides or {}).get(name)
        if wanted:
            col = wanted if wanted in found else keyed.get(column_key(wanted))
            if col is None:
                raise error(f"{prefix}no column {wanted!r} for {role.what} ({role.option}); columns found: {listing(found)}")
        else:
            col = next((keyed[k] for k in map(column_key, role.names) if k in keyed and keyed[k] not in taken), None)
        chosen[name] = col
        if col is not None:
            taken.add(col)
    return chosen
