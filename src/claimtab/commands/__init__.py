"""Subcommands that live in their own modules: each module defines ``command`` (a Typer
command function); :func:`register` adds those present to the ``claimtab`` app."""

from __future__ import annotations

import importlib

COMMANDS = ("table", "render", "check", "lint")


def register(app) -> None:
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":
                continue
            raise
        app.command(name=name)(mod.command)
