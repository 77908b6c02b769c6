"""Where the test corpora are: texts from ../shared are read from there, never copied.

A test that needs ../shared skips with the reason when it is absent beside the checkout;
under CI (CI=true), where it is always present, its absence is a failure instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "data"


def shared_file(relative: str) -> Path:
    """A file of ../shared, or a skip (a failure under CI) when it is not there."""
    path = SHARED / relative
    if not path.is_file():
        reason = f"../shared/{relative} is not beside this checkout"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI always has it)")
        pytest.skip(reason)
    return path


def gold_corpus(name: str) -> dict[str, dict]:
    """A gold corpus by name: ``dev`` and ``dev2`` from ../shared; ``heldout``, ``dev3``,
    ``dev4`` and ``dev5`` this project's own annotations (data/NAME.claims.jsonl) joined with the texts
    they annotate."""
    from claimtab.evaluate import load_gold

    if name in ("dev", "dev2"):
        return load_gold(shared_file(f"corpus/{name}.gold.jsonl"))
    return load_gold(DATA / f"{name}.claims.jsonl", shared_file("corpus/abstracts.jsonl"))


@pytest.fixture(scope="session")
def corpora():
    cache: dict[str, dict] = {}

    def get(name: str) -> dict[str, dict]:
        if name not in cache:
            cache[name] = gold_corpus(name)
        return cache[name]

    return get


DOCUMENTS = Path(__file__).resolve().parent / "documents"


@pytest.fixture
def documents() -> Path:
    """The folder of this project's own whole-paper fixtures (LaTeX, archive parts, HTML, TEI)."""
    return DOCUMENTS
