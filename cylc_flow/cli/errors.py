"""Turning exceptions into one-line messages and exit codes."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not imported: cylc message starts fast

if TYPE_CHECKING:
    from collections.abc import Callable


def debug_requested(argv: list[str]) -> bool:
    """Return True if the command line or environment asks for tracebacks."""
    import os

    if os.environ.get('CYLC_DEBUG', '').lower() in ('1', 'true', 'yes'):
        return True
    return any(arg in ('--debug', '-vv') for arg in argv)


def run_guarded(func: Callable[[list[str]], int | None], argv: list[str]) -> int:
    """Call a command's main; report user errors on one line, exit 1.

    Internal errors also end with a short line and exit 1; the traceback is
    shown only with ``--debug``.
    """
    from cylc_flow.exceptions import CylcError

    debug = debug_requested(argv)
    if debug:
        import traceback
    try:
        result = func(argv)
    except KeyboardInterrupt:
        print('Interrupted', file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except CylcError as exc:
        if debug:
            traceback.print_exc()
        print(f'{type(exc).__name__}: {exc}', file=sys.stderr)
        return 1
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    except Exception as exc:  # an internal error: say so without a traceback
        if debug:
            traceback.print_exc()
        print(
            f'InternalError: {type(exc).__name__}: {exc}'
            ' (run with --debug for the traceback)',
            file=sys.stderr,
        )
        return 1
    return int(result or 0)
