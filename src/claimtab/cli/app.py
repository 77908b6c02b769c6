"""The ``claimtab`` command line: the Typer app, its commands, and the entry point.

Each command lives in its own module (``extract``, ``evaluate``, ``explain``, ``table``,
``render``, ``check``, ``lint``) and defines ``command``; what they share is in ``common``.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from claimtab.cli import check, evaluate, explain, extract, lint, render, table
from claimtab.cli.common import say

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn scientific papers into a tidy, traceable table of quantitative claims.",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from claimtab import __version__

        typer.echo(f"claimtab {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    patterns: Annotated[
        str | None,
        typer.Option("--patterns", help="A rules folder to use instead of the built-in one (a copy of patterns/).",
                     envvar="CLAIMTAB_PATTERNS"),
    ] = None,
) -> None:
    """Turn scientific papers into a tidy, traceable table of quantitative claims."""
    if patterns:
        from claimtab.rules.files import ENV, patterns_dir

        os.environ[ENV] = str(patterns_dir(patterns))  # checked here: a bad folder fails before any work


for _name, _module in (
    ("extract", extract), ("evaluate", evaluate), ("explain", explain), ("table", table), ("render", render),
    ("check", check), ("lint", lint),
):
    app.command(name=_name)(_module.command)


def main() -> None:
    """Entry point: no traceback reaches the user (set CLAIMTAB_DEBUG=1 to see one)."""
    from claimtab.errors import ClaimtabError

    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        say("claimtab: interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except ClaimtabError as e:
        if os.environ.get("CLAIMTAB_DEBUG"):
            raise
        say(f"claimtab: {e}")
        sys.exit(2)
    except Exception as e:  # a bug: say so in one line, keep the details for debugging
        if os.environ.get("CLAIMTAB_DEBUG"):
            raise
        say(f"claimtab: internal error: {type(e).__name__}: {e} (set CLAIMTAB_DEBUG=1 for details)")
        sys.exit(3)
