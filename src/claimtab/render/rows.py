"""The rows of the page: one :class:`Row` per row of the claims frame, holding its cells as
plain text and numbers (missing values as ``""`` or ``None``), its kind's CSS class and the
text of its tooltip.  Nothing here writes HTML."""

from __future__ import annotations

import re
from typing import Any

from claimtab.quantities.cells import integer as _int
from claimtab.quantities.cells import missing as _missing
from claimtab.quantities.cells import number as _num
from claimtab.quantities.format import grouped
from claimtab.rules.kinds import registry

__all__ = ["Row", "kind_class", "records", "value_unit"]

_TOOLTIP_FIELDS = ("qualifier", "metric", "dataset", "baseline", "subject", "condition")
_WEB = ("http://", "https://")


def _s(v: Any) -> str:
    """Cell as text: '' for missing values."""
    return "" if _missing(v) else str(v)


def kind_class(kind: str) -> str:
    """The CSS class token of ``kind`` (``k-<token>``): ``unknown`` for every kind the registry
    does not know, drawn in a neutral grey (each highlight sets its own colours: a mark
    nested in another must not inherit the outer kind's)."""
    if kind not in registry():
        return "unknown"
    return re.sub(r"[^a-z0-9_-]", "", kind.lower()) or "unknown"


def value_unit(value: float | None, value_max: float | None, unit: str) -> str:
    """A value (or range) with thousands separators and its unit: ``2.5x``, ``1,300,000,000 count``."""
    if value is None:
        return ""
    out = grouped(value)
    if value_max is not None and value_max != value:
        out += "–" + grouped(value_max)
    if unit:
        out += unit if unit in ("%", "x") else " " + unit
    return out


class Row:
    """One row of the claims frame, as the page shows it (``pos``: its position in the frame)."""

    __slots__ = ("pos", "kind", "kcls", "value", "value_max", "text", "start", "end", "field", "paper_id",
                 "paper_title", "unit", "qualifier", "metric", "dataset", "baseline", "subject", "condition",
                 "url", "status", "tip", "table", "row_label", "column", "best")

    def __init__(self, pos: int, rec: dict[str, Any]) -> None:
        self.pos = pos
        self.kind = _s(rec.get("kind"))
        self.kcls = kind_class(self.kind)
        self.value = _num(rec.get("value"))
        self.value_max = _num(rec.get("value_max"))
        self.text = _s(rec.get("text"))
        self.start = _int(rec.get("start"))
        self.end = _int(rec.get("end"))
        self.field = _s(rec.get("field"))
        self.paper_id = _s(rec.get("paper_id"))
        self.paper_title = _s(rec.get("title"))
        for name in ("unit", "qualifier", "metric", "dataset", "baseline", "subject", "condition", "url", "status",
                     "table", "row_label", "column", "best"):
            setattr(self, name, _s(rec.get(name)))
        self.tip = self._tooltip()

    @property
    def href(self) -> str:
        """The row's url when it is a web link (http or https), else ''."""
        return self.url if self.url.lower().startswith(_WEB) else ""

    def value_text(self) -> str:
        return value_unit(self.value, self.value_max, self.unit)

    def where(self) -> str:
        """Where the evidence was found: ``abstract [12:20]``; a table cell by its table, row
        and column (``table tab:main, row Ours, column COCO > AP [210:214]``), bold or
        underlined when the paper marks it best."""
        out = self.field or "?"
        if self.table:
            out += " " + ", ".join(x for x in (self.table, self.row_label and f"row {self.row_label}",
                                               self.column and f"column {self.column}") if x)
        if self.best:
            out += f" ({self.best})"
        if self.start is not None and self.end is not None:
            out += f" [{self.start}:{self.end}]"
        return out

    def _tooltip(self) -> str:
        lines = [f"{self.kind or 'unknown kind'} (row {self.pos})"]
        value = self.value_text()
        if value:
            lines.append(f"value: {value}")
        elif self.unit:
            lines.append(f"unit: {self.unit}")
        for name in _TOOLTIP_FIELDS:
            cell = getattr(self, name)
            if cell and not (name == "qualifier" and cell == "exact"):
                lines.append(f"{name}: {cell}")
        if self.url or self.status:
            both = f"{self.url} ({self.status})" if self.url and self.status else self.url or self.status
            lines.append("url: " + both)
        return "\n".join(lines)


def records(df) -> list[dict[str, Any]]:
    """The rows of ``df`` as dicts, in order (none for ``None``)."""
    if df is None:
        return []
    cols = list(df.columns)
    return [dict(zip(cols, values, strict=True)) for values in df.itertuples(index=False, name=None)]
