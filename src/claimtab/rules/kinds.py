"""The registry of claim kinds, read from the ``[kind]`` table of every ``patterns/kinds/*.toml``.

This is the one list of kinds: the kinds that exist are the files that exist. Everything a
kind means beyond its classification rules -- its detector (numbers, urls or names), how its
value is normalized, which attributes it links, what ``check`` accepts for it, what ``lint``
holds impossible, how the papers view summarizes it, its colour -- is data in that table,
read here and nowhere else. Adding a kind is two files: ``kinds/<kind>.toml`` and
``examples/<kind>.toml``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claimtab.errors import PatternError
from claimtab.rules.files import kind_files, patterns_dir
from claimtab.rules.schema import KindSpec


@dataclass(frozen=True)
class Registry:
    """The kinds of one patterns folder, in file-name order."""

    root: Path
    specs: dict[str, KindSpec]
    aliases: dict[str, str]  # what people type (normalized) -> kind

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def __getitem__(self, name: str) -> KindSpec:
        return self.specs[name]

    def get(self, name: str | None) -> KindSpec | None:
        return self.specs.get(name) if name else None

    def numeric(self) -> tuple[str, ...]:
        """Kinds whose claims carry a value (detected from numbers)."""
        return self.by_detector("numbers")

    def by_detector(self, detector: str) -> tuple[str, ...]:
        return tuple(k for k, s in self.specs.items() if s.detector == detector)

    def is_numeric(self, name: str | None) -> bool:
        spec = self.get(name)
        return spec is not None and spec.detector == "numbers"

    def detector(self, name: str | None) -> str | None:
        spec = self.get(name)
        return spec.detector if spec is not None else None

    def linking(self, link: str) -> tuple[str, ...]:
        """Kinds that link ``link`` at paper level (``device``, ``own_dataset``)."""
        return tuple(k for k, s in self.specs.items() if link in s.link.paper)

    def leaderboard(self) -> tuple[str, ...]:
        return tuple(k for k, s in self.specs.items() if s.leaderboard)

    def normalize(self, text: object) -> str | None:
        """A kind from what a person typed (``Speed-up`` -> ``speedup``); None when unknown."""
        if text is None or (isinstance(text, float) and text != text):
            return None
        key = _alias_key(str(text))
        if not key:
            return None
        if key in self.specs:
            return key
        return self.aliases.get(key)

    def related(self, a: str, b: str) -> bool:
        """May a sheet row of kind ``a`` be confirmed by a claim of kind ``b``?"""
        spec = self.get(a)
        return spec is not None and b in spec.related


def _alias_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _aliases(root: Path, specs: dict[str, KindSpec]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, spec in specs.items():
        for alias in spec.aliases:
            key = _alias_key(alias)
            if key in specs:
                continue  # a kind's own name wins over another kind's alias ("latency", once it is a kind)
            if key in out and out[key] != name:
                raise PatternError(
                    f"{root / 'kinds' / (name + '.toml')}: kind: field aliases: {alias!r} is also an alias of {out[key]!r}"
                )
            out[key] = name
    return out


@cache
def _registry(root: Path) -> Registry:
    files = kind_files(root)
    specs = {name: f.kind for name, f in files.items()}
    for name, spec in specs.items():
        unknown = [k for k in spec.related if k not in specs]
        if unknown:
            raise PatternError(f"{root / 'kinds' / (name + '.toml')}: kind: field related: unknown kinds {unknown}")
        against = spec.lint.percent_basis_against
        if against and against not in specs:
            raise PatternError(f"{root / 'kinds' / (name + '.toml')}: kind: lint: unknown kind {against!r}")
    return Registry(root, specs, _aliases(root, specs))


def registry(path: str | os.PathLike[str] | None = None) -> Registry:
    """The kinds of the rules folder ``path`` (default: see :func:`claimtab.rules.files.patterns_dir`)."""
    return _registry(patterns_dir(path))
