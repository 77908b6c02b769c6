"""The records claimtab is made of: a :class:`Paper` in, :class:`Found` claims from the
engine, :class:`Claim` rows out (the table's columns, their order and dtypes).

The fields of :class:`Claim` are those of section 2 of the claim specification (v1.1), with
``title``, ``method`` and ``dataset_canonical`` among them, plus ``rule`` (the rule that
produced the row) at the end. The kinds are not listed here: they are the files of
``patterns/kinds`` (see :mod:`claimtab.rules.kinds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SPEC_VERSION = "1.1"


class Qualifier(StrEnum):
    exact = "exact"
    up_to = "up_to"
    about = "about"
    at_least = "at_least"
    at_most = "at_most"
    average = "average"


QUALIFIERS: tuple[str, ...] = tuple(q.value for q in Qualifier)


class Status(StrEnum):
    released = "released"
    promised = "promised"


class Field_(StrEnum):
    """Where a claim's text stands: which of the paper's texts its offsets point into."""

    title = "title"
    abstract = "abstract"
    body = "body"
    caption = "caption"
    table = "table"
    comments = "comments"  # an arXiv record's comments (its code URL)


FIELDS: tuple[str, ...] = tuple(f.value for f in Field_)


@dataclass(slots=True)
class Found:
    """A claim as the engine finds it in one field's text, before it becomes a table row.

    It holds everything but the paper's id and title, plus where and how it was found: the
    ``rule`` that classified it, its ``sentence`` and ``number`` spans, its place in a list
    of values. :func:`claimtab.engine.paper.claims_of_paper` turns it into a :class:`Claim`
    (the only conversion)."""

    kind: str
    start: int
    end: int
    text: str
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    qualifier: str = "exact"
    metric: str | None = None
    dataset: str | None = None
    baseline: str | None = None
    subject: str | None = None
    condition: str | None = None
    url: str | None = None
    status: str | None = None
    rule: str = ""
    field: str = "abstract"
    sentence: tuple[int, int] | None = None  # the sentence that states it
    number: tuple[int, int] | None = None  # the number itself (numeric kinds)
    decimals: int = 0
    group: tuple[int, int] | None = None  # (position, length) in a list of values
    group_span: tuple[int, int] | None = None  # the span of that list
    canonical: str | None = None  # the lexicon's name of a benchmark
    short: str | None = None  # the abbreviation a long benchmark name defines
    introduced: bool = False  # a benchmark the paper introduces
    alias_of: str | None = None  # a later use of a defined abbreviation (a link target only)
    block: tuple[int, int] | None = None  # a link's span, where no number may be read


class Paper(BaseModel):
    """One input record: what the readers produce and the pipeline consumes."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    abstract: str = ""
    comments: str = Field(default="", description="the authors' comments of an arXiv record (only its links are read)")
    source: str | None = Field(default=None, description="file and line/row the paper came from")


class WholePaper(Paper):
    """A paper read whole (:mod:`claimtab.io.documents`): besides its title and abstract, the
    texts its body, caption and table rows point into (``text_of(field)[start:end]``)."""

    body: str = ""
    caption: str = ""
    table: str = ""

    def text_of(self, field: str) -> str:
        return getattr(self, field) if field in FIELDS else ""


class Claim(BaseModel):
    """One row of the claims table."""

    model_config = ConfigDict(use_enum_values=True, validate_assignment=True)

    paper_id: str
    title: str = ""
    method: str | None = None
    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    value: float | None = None
    value_max: float | None = None
    unit: str = ""
    qualifier: Qualifier = Qualifier.exact
    metric: str | None = None
    dataset: str | None = None
    dataset_canonical: str | None = None
    baseline: str | None = None
    subject: str | None = None
    condition: str | None = None
    url: str | None = None
    status: Status | None = None
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    field: Field_ = Field_.abstract
    rule: str | None = Field(default=None, description="the rule or pattern that produced the row")

    @model_validator(mode="after")
    def _check(self) -> Claim:
        if self.end < self.start:
            raise ValueError("end must not precede start")
        if self.value is not None and self.value_max is not None and self.value_max < self.value:
            lo, hi = self.value_max, self.value
            object.__setattr__(self, "value", lo)
            object.__setattr__(self, "value_max", hi)
        from claimtab.rules.kinds import registry

        kinds = registry()
        if self.kind in kinds:
            numeric = kinds.is_numeric(self.kind)
            if numeric and self.value is None:
                raise ValueError(f"{self.kind} claims need a value")
            if not numeric and self.value is not None:
                raise ValueError(f"{self.kind} claims carry no value")
        return self

    def row(self) -> dict[str, Any]:
        return self.model_dump()


# Column order and pandas dtypes of the long table, derived from the model so that
# there is exactly one place that declares them.
COLUMNS: tuple[str, ...] = tuple(Claim.model_fields)

_FLOATS = {"value", "value_max"}
_INTS = {"start", "end"}


def column_dtypes(kinds: tuple[str, ...] | None = None) -> dict[str, Any]:
    """pandas dtypes for every column of the long table (declared, never inferred).

    ``kind``, ``qualifier`` and ``field`` are categoricals with fixed categories (the kinds
    of the active patterns folder unless ``kinds`` is given), so that every partition of a
    large table has the same dtypes; the other text columns are pandas strings."""
    import pandas as pd

    from claimtab.rules.kinds import registry

    categories = {"kind": list(kinds or registry().names), "qualifier": list(QUALIFIERS), "field": list(FIELDS)}
    out: dict[str, Any] = {}
    for name in COLUMNS:
        if name in categories:
            out[name] = pd.CategoricalDtype(categories[name])
        elif name in _FLOATS:
            out[name] = "Float64"
        elif name in _INTS:
            out[name] = "Int64"
        else:
            out[name] = pd.StringDtype()
    return out
