"""Where the rules live and how a rule file is read: TOML in, a validated model out.

The rules folder is, in order: the ``path`` a caller gives, the ``CLAIMTAB_PATTERNS``
environment variable (the CLI's ``--patterns`` sets it), or the copy shipped inside the
installed package (``claimtab/patterns``, from the repository's top-level ``patterns/``).
Every file is validated by its pydantic model in :mod:`claimtab.rules.schema`; a problem is a
:class:`~claimtab.errors.PatternError` naming the file, the entry and the field.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from claimtab.errors import PatternError
from claimtab.rules import schema

ENV = "CLAIMTAB_PATTERNS"
M = TypeVar("M", bound=BaseModel)


def _packaged() -> Path:
    """The rules shipped with claimtab (installed wheel or editable checkout)."""
    try:
        found = Path(str(resources.files("claimtab") / "patterns"))
        if (found / "numbers.toml").is_file():
            return found
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - a broken install
        pass
    for parent in Path(__file__).resolve().parents:  # a source checkout run without installing
        if (parent / "patterns" / "numbers.toml").is_file():
            return parent / "patterns"
    raise PatternError("cannot find claimtab's patterns/ folder (is claimtab installed?)")


def patterns_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The rules folder to use (see the module docstring); always an absolute path."""
    chosen = path if path is not None else os.environ.get(ENV) or None
    root = Path(chosen) if chosen is not None else _packaged()
    if not (root / "numbers.toml").is_file():
        raise PatternError(f"{root}: not a claimtab patterns folder (no numbers.toml)")
    return root.resolve()


def read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise PatternError(f"{path}: cannot read ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise PatternError(f"{path}: not valid TOML ({e})") from None


def _where(data: dict, loc: tuple) -> str:
    """'rule factor-then-faster: field lft' from a pydantic error location: an entry of an
    array of tables is named by its ``name`` (or its position), any other step is a field."""
    parts: list[str] = []
    node = data
    for i, step in enumerate(loc):
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(step, int):
            entry = node[step] if isinstance(node, list) and step < len(node) else None
            name = entry.get("name") if isinstance(entry, dict) else None
            parts.append(f"{loc[i - 1] if i else 'entry'} {name or step}")
            node = entry
            continue
        if not isinstance(nxt, int):
            parts.append(f"field {step}")
        node = node.get(step) if isinstance(node, dict) else None
    return ": ".join(parts) or "top level"


def validated(path: Path, model: type[M], data: dict | None = None) -> M:
    """``path`` read and validated as ``model``; a problem is one line naming file, entry and field."""
    data = read_toml(path) if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        why = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        more = f" (and {len(e.errors()) - 1} more)" if len(e.errors()) > 1 else ""
        raise PatternError(f"{path}: {_where(data, tuple(err['loc']))}: {why}{more}") from None


@cache
def kind_files(root: Path) -> dict[str, schema.KindFile]:
    """Every ``kinds/<kind>.toml`` under ``root``, validated, by kind name (in the kinds' order).

    The kinds that exist are the files that exist."""
    folder = root / "kinds"
    out: dict[str, schema.KindFile] = {}
    for path in sorted(folder.glob("*.toml")):
        name = path.stem
        if not schema.KIND_NAME.fullmatch(name):
            raise PatternError(f"{path}: a kind name is lower case letters, digits and '_' (not {name!r})")
        out[name] = validated(path, schema.KindFile)
    if not out:
        raise PatternError(f"{folder}: no kind files (kinds/<kind>.toml)")
    return dict(sorted(out.items(), key=lambda kv: (kv[1].kind.order, kv[0])))


@cache
def load(root: Path, relative: str, model: type[M]) -> M:
    """One data file under ``root``, validated as ``model`` (cached)."""
    return validated(root / relative, model)
