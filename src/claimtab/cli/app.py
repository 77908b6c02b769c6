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


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: unwind (temporary files are removed on the way), then exit
    with 128 + the signal's number. A BaseException, so no ``except Exception`` holds it."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise Stopped(signum)


def _install_stop_handlers() -> dict[int, object]:
    """SIGINT and SIGTERM raise :class:`Stopped` (in the main thread only); the previous
    handlers are returned to be put back."""
    import signal
    import threading

    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, _stop)
        except (ValueError, OSError):  # pragma: no cover - an embedding that forbids it
            pass
    return previous


def main(argv: list[str] | None = None) -> None:
    """Entry point: no traceback reaches the user (set CLAIMTAB_DEBUG=1 to see one).

    Exit codes: 0 done, 1 done but records were skipped (or a command's own finding), 2 bad
    input or usage, 3 a bug (said in one line), 130 interrupted (Ctrl-C), 143 terminated.
    """
    import signal

    from claimtab.errors import ClaimtabError

    exits, usage, aborts = _framework("Exit"), _framework("ClickException"), (KeyboardInterrupt, *_framework("Abort"))
    debug = bool(os.environ.get("CLAIMTAB_DEBUG"))
    previous = _install_stop_handlers()
    code: int = 0
    try:
        result = app(args=argv, prog_name="claimtab", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        if code == 130:  # Typer turned a KeyboardInterrupt into this code, silently
            say("claimtab: interrupted")
    except Stopped as e:
        say("claimtab: interrupted" if e.signum == signal.SIGINT else "claimtab: terminated")
        code = 128 + e.signum
    except aborts:
        say("claimtab: interrupted")
        code = 130
    except exits as e:
        code = e.exit_code
        if isinstance(e.__cause__ or e.__context__, KeyboardInterrupt):  # Typer's own Ctrl-C: Exit(130)
            say("claimtab: interrupted")
    except usage as e:
        e.show()
        code = e.exit_code
    except BrokenPipeError:
        _quiet_stdout()
        code = 0
    except ClaimtabError as e:
        if debug:
            raise
        say(f"claimtab: {e}")
        code = 2
    except Exception as e:  # a bug: say so in one line, keep the details for debugging
        if debug:
            raise
        say(f"claimtab: internal error: {type(e).__name__}: {' '.join(str(e).split())[:300]} "
            "(set CLAIMTAB_DEBUG=1 for details)")
        code = 3
    finally:
        for signum, handler in previous.items():
            # run as the program (no argv given), a signal after the work is done only ends the
            # process with the code it has earned, not with a traceback from its tear-down
            signal.signal(signum, handler if argv is not None else _done_handler(code))  # type: ignore[arg-type]
    sys.exit(code)


def _done_handler(code: int):
    def done(signum, frame) -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)

    return done


def _framework(name: str) -> tuple[type[BaseException], ...]:
    """Every exception class called ``name`` that Typer or the click it runs on may raise
    (they moved between versions: Typer 0.22 and later carry their own copy of click)."""
    from claimtab.cli.common import click_modules

    try:
        places = [typer, getattr(typer, "exceptions", None)]
        for mod in click_modules():
            places += [mod, getattr(mod, "exceptions", None)]
        found = {getattr(p, name, None) for p in places if p is not None}
        return tuple(c for c in found if isinstance(c, type) and issubclass(c, BaseException))
    except Exception:  # pragma: no cover - never let the safety net itself fail
        return ()


def _quiet_stdout() -> None:
    """After a closed pipe, send what is still buffered for stdout nowhere (no second error
    at exit)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
