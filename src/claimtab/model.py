"""The claim schema: one pydantic model owns the table's columns, their order and dtypes.

The fields are those of section 2 of the claim specification (claims-spec v1), plus
``title`` (so a row can be read without the paper at hand), ``method`` (the paper's own
method, named in its title or abstract: the implicit subject of every row whose
``subject`` is null) and ``dataset_canonical`` (the lexicon's canonical name of
``dataset``, for grouping "ImageNet-1K" with "ILSVRC-2012").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SPEC_VERSION = "1"


class Kind(StrEnum):
    speedup = "speedup"
    efficiency = "efficiency"
    reduction = "reduction"
    score = "score"
    delta = "delta"
    params = "params"
    data_size = "data_size"
    cost = "cost"
    code_url = "code_url"
    benchmark = "benchmark"


NUMERIC_KINDS = frozenset(
    {Kind.speedup, Kind.efficiency, Kind.reduction, Kind.score, Kind.delta, Kind.params, Kind.data_size, Kind.cost}
)
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)


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
    abstract = "abstract"
    title = "title"
    body = "body"


@dataclass
class Found:
    """A claim as the engine finds it in one field's text, before it becomes a table row:
    everything but the paper's id and title, plus how it was found (``rule``)."""

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
    extra: dict = field(default_factory=dict)


class Paper(BaseModel):
    """One input record: what the readers produce and the pipeline consumes."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    abstract: str = ""
    source: str | None = Field(default=None, description="file and line/row the paper came from")


class Claim(BaseModel):
    """One row of the claims table."""

    model_config = ConfigDict(use_enum_values=True, validate_assignment=True)

    paper_id: str
    title: str = ""
    method: str | None = None
    kind: Kind
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

    @model_validator(mode="after")
    def _check(self) -> Claim:
        if self.end < self.start:
            raise ValueError("end must not precede start")
        if self.value is not None and self.value_max is not None and self.value_max < self.value:
            lo, hi = self.value_max, self.value
            object.__setattr__(self, "value", lo)
            object.__setattr__(self, "value_max", hi)
        if self.kind in (Kind.code_url, Kind.benchmark):
            if self.value is not None:
                raise ValueError(f"{self.kind} claims carry no value")
        elif self.value is None:
            raise ValueError(f"{self.kind} claims need a value")
        return self

    def row(self) -> dict[str, Any]:
        return self.model_dump()


# Column order and pandas dtypes of the long table, derived from the model so that
# there is exactly one place that declares them.
COLUMNS: tuple[str, ...] = tuple(Claim.model_fields)

_CATEGORIES = {"kind": list(KINDS), "qualifier": list(QUALIFIERS), "field": [f.value for f in Field_]}
# units form an open set: a categorical without fixed categories (inferred per table)
_OPEN_CATEGORIES = {"unit"}
_FLOATS = {"value", "value_max"}
_INTS = {"start", "end"}


def column_dtypes() -> dict[str, Any]:
    """pandas dtypes for every column of the long table (declared, never inferred)."""
    import pandas as pd

    out: dict[str, Any] = {}
    for name in COLUMNS:
        if name in _CATEGORIES:
            out[name] = pd.CategoricalDtype(_CATEGORIES[name])
        elif name in _OPEN_CATEGORIES:
            out[name] = "category"
        elif name in _FLOATS:
            out[name] = "Float64"
        elif name in _INTS:
            out[name] = "Int64"
        else:
            out[name] = pd.StringDtype()
    return out
